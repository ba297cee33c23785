/**
 * One table: its definition (as DescribeTable reports it), its items keyed by primary key, the sorted primary
 * index, one sorted index per GSI/LSI, and its stream. Writes go through `write`, which keeps every index, the
 * size counters and the stream in step. Items are immutable once stored.
 */
import {
  extractKey,
  hasKey,
  keyNames,
  primaryKeyString,
  type IndexKeyCheck,
  type KeySchema,
  type KeyType,
} from './keys';
import { pickAttributes } from './paths';
import { SortedIndex } from './sortedIndex';
import type { StreamViewType, TableStream } from './streams';
import { itemSize, storedItemSize, valuesEqual, type AttributeMap } from './values';

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
export type BillingMode = 'PROVISIONED' | 'PAY_PER_REQUEST';
export type TableClass = 'STANDARD' | 'STANDARD_INFREQUENT_ACCESS';

export interface Throughput {
  read: number;
  write: number;
}

export interface IndexDefinition {
  name: string;
  kind: 'global' | 'local';
  schema: KeySchema;
  projection: { type: ProjectionType; nonKeyAttributes?: string[] };
  /** GSIs of provisioned tables. */
  throughput?: Throughput;
  /** Virtual ms; a GSI added by UpdateTable reports CREATING in that response only. */
  createdAt: number;
}

export interface TableDefinition {
  name: string;
  id: string;
  /** Virtual ms. */
  createdAt: number;
  attributeDefinitions: Array<{ AttributeName: string; AttributeType: KeyType }>;
  schema: KeySchema;
  billingMode: BillingMode;
  throughput: Throughput;
  lastUpdateToPayPerRequestAt?: number;
  globalIndexes: IndexDefinition[];
  localIndexes: IndexDefinition[];
  /** The enabled stream, if any. */
  stream?: { viewType: StreamViewType; arn: string; label: string };
  /** The most recent stream (DescribeTable keeps reporting it after the stream is disabled). */
  latestStream?: { arn: string; label: string };
  deletionProtection: boolean;
  tableClass: TableClass;
  tags: Array<{ Key: string; Value: string }>;
  /** Time to Live; `changedAt` is virtual ms of the last UpdateTimeToLive (one change per hour). */
  ttl?: { attributeName: string; enabled: boolean; changedAt?: number };
}

export interface SecondaryIndex {
  readonly definition: IndexDefinition;
  readonly index: SortedIndex;
  /** Attributes an entry carries; null when the index projects ALL. */
  readonly projected: ReadonlySet<string> | null;
}

export interface WriteResult {
  old: AttributeMap | undefined;
}

export class Table {
  readonly items = new Map<string, AttributeMap>();
  readonly primary: SortedIndex;
  readonly secondary = new Map<string, SecondaryIndex>();
  stream: TableStream | undefined;
  /** Bumped by every write: views cache derived orderings against it. */
  version = 0;
  private bytes = 0;

  constructor(readonly definition: TableDefinition) {
    this.primary = new SortedIndex(definition.schema);
    for (const index of [...definition.localIndexes, ...definition.globalIndexes])
      this.addIndex(index, false);
  }

  get name(): string {
    return this.definition.name;
  }

  get schema(): KeySchema {
    return this.definition.schema;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get itemCount(): number {
    return this.items.size;
  }

  /** Index key checks for validating an item against every index. */
  indexKeyChecks(): IndexKeyCheck[] {
    return [...this.secondary.values()].map(({ definition }) => ({
      indexName: definition.name,
      schema: definition.schema,
    }));
  }

  keyString(item: AttributeMap): string {
    return primaryKeyString(item, this.definition.schema);
  }

  get(key: AttributeMap): AttributeMap | undefined {
    return this.items.get(this.keyString(key));
  }

  /**
   * Stores `item` under its key (or deletes the key when `item` is undefined), updating indexes, sizes and the
   * stream. Returns the item it replaced.
   */
  write(
    key: AttributeMap,
    item: AttributeMap | undefined,
    options: { byService?: boolean } = {},
  ): WriteResult {
    const keyString = this.keyString(key);
    const old = this.items.get(keyString);
    if (old === undefined && item === undefined) return { old };
    this.version++;
    if (old !== undefined) {
      this.primary.remove(old, keyString);
      for (const { definition, index } of this.secondary.values()) {
        if (hasKey(old, definition.schema)) index.remove(old, keyString);
      }
      this.bytes -= storedItemSize(old);
    }
    if (item !== undefined) {
      this.items.set(keyString, item);
      this.primary.insert(item, keyString);
      for (const { definition, index } of this.secondary.values()) {
        if (hasKey(item, definition.schema)) index.insert(item, keyString);
      }
      this.bytes += storedItemSize(item);
    } else {
      this.items.delete(keyString);
    }
    // "If you perform a PutItem or UpdateItem operation that does not change any data in an item, DynamoDB
    // Streams does not write a stream record for that operation." (Change data capture for DynamoDB Streams)
    if (old !== undefined && item !== undefined && valuesEqual({ M: old }, { M: item })) return { old };
    this.stream?.append({
      keys: extractKey(item ?? old!, this.definition.schema),
      oldImage: old,
      newImage: item,
      byService: options.byService,
    });
    return { old };
  }

  clearItems(): void {
    this.version++;
    this.items.clear();
    this.primary.clear();
    for (const { index } of this.secondary.values()) index.clear();
    this.bytes = 0;
  }

  addIndex(definition: IndexDefinition, backfill = true): SecondaryIndex {
    const index = new SortedIndex(definition.schema);
    let projected: Set<string> | null = null;
    if (definition.projection.type !== 'ALL') {
      projected = new Set([...keyNames(this.definition.schema), ...keyNames(definition.schema)]);
      if (definition.projection.type === 'INCLUDE') {
        for (const name of definition.projection.nonKeyAttributes ?? []) projected.add(name);
      }
    }
    const secondary: SecondaryIndex = { definition, index, projected };
    this.secondary.set(definition.name, secondary);
    if (backfill) {
      for (const [keyString, item] of this.items)
        if (hasKey(item, definition.schema)) index.insert(item, keyString);
    }
    return secondary;
  }

  removeIndex(name: string): void {
    this.secondary.delete(name);
  }

  /** What an index entry holds for this item (the index's projection). */
  project(secondary: SecondaryIndex, item: AttributeMap): AttributeMap {
    return secondary.projected ? pickAttributes(item, secondary.projected) : item;
  }

  /** Size and count of an index, as DescribeTable reports them. */
  indexStatistics(secondary: SecondaryIndex): { sizeBytes: number; itemCount: number } {
    let sizeBytes = 0;
    for (const partition of secondary.index.orderedPartitions()) {
      for (const entry of partition.entries) sizeBytes += itemSize(this.project(secondary, entry.item));
    }
    return { sizeBytes, itemCount: secondary.index.size };
  }
}
