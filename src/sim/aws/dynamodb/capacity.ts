/**
 * ConsumedCapacity, returned when a request asks for it (ReturnConsumedCapacity TOTAL or INDEXES), computed by
 * the rules of "DynamoDB read and write capacity" and "Provisioned throughput considerations for global
 * secondary indexes": a read unit is one strongly consistent read of up to 4 KB (half for eventually
 * consistent), a write unit one write of up to 1 KB; a Query or Scan rounds the total it read, not each item;
 * writes count the larger of the item before and after; transactions cost twice; index entries that a write
 * adds, removes or changes cost writes on that index (a key change: a delete and a put).
 */
import { extractKey, hasKey, primaryKeyString } from './keys';
import type { SecondaryIndex, Table } from './table';
import { itemSize, valuesEqual, type AttributeMap } from './values';

export type CapacityMode = 'NONE' | 'TOTAL' | 'INDEXES';

export function capacityMode(value: unknown): CapacityMode {
  return value === 'TOTAL' || value === 'INDEXES' ? value : 'NONE';
}

export function readUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistent ? units : units / 2;
}

export function writeUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / 1024));
}

interface TableUsage {
  table: number;
  global: Map<string, number>;
  local: Map<string, number>;
}

/** Collects units per table and index over one request. */
export class CapacityMeter {
  private readonly usage = new Map<string, TableUsage>();

  constructor(
    readonly mode: CapacityMode,
    private readonly multiplier = 1,
  ) {}

  get enabled(): boolean {
    return this.mode !== 'NONE';
  }

  private of(tableName: string): TableUsage {
    let usage = this.usage.get(tableName);
    if (!usage) {
      usage = { table: 0, global: new Map(), local: new Map() };
      this.usage.set(tableName, usage);
    }
    return usage;
  }

  /** A table with no units so far still appears (BatchGetItem lists every table it read). */
  touch(tableName: string): void {
    if (this.enabled) this.of(tableName);
  }

  read(tableName: string, units: number, index?: SecondaryIndex): void {
    if (!this.enabled) return;
    const usage = this.of(tableName);
    const total = units * this.multiplier;
    if (!index) usage.table += total;
    else addTo(index.definition.kind === 'global' ? usage.global : usage.local, index.definition.name, total);
  }

  /** The write units of storing `next` in place of `previous`, on the table and each index it touches. */
  write(table: Table, previous: AttributeMap | undefined, next: AttributeMap | undefined): void {
    if (!this.enabled) return;
    const usage = this.of(table.name);
    const tableUnits =
      writeUnits(Math.max(previous ? itemSize(previous) : 0, next ? itemSize(next) : 0)) * this.multiplier;
    usage.table += tableUnits;
    for (const secondary of table.secondary.values()) {
      const units = indexWriteUnits(table, secondary, previous, next) * this.multiplier;
      if (units === 0) continue;
      addTo(
        secondary.definition.kind === 'global' ? usage.global : usage.local,
        secondary.definition.name,
        units,
      );
    }
  }

  /** A condition check or a failed conditional write: the table only, by the size of the item read. */
  conditionWrite(tableName: string, existing: AttributeMap | undefined): void {
    if (!this.enabled) return;
    const usage = this.of(tableName);
    const units = writeUnits(existing ? itemSize(existing) : 0) * this.multiplier;
    usage.table += units;
  }

  /** One ConsumedCapacity entry per table. */
  entries(): Array<Record<string, unknown>> {
    if (!this.enabled) return [];
    return [...this.usage].map(([tableName, usage]) => this.entry(tableName, usage));
  }

  single(tableName: string): Record<string, unknown> | undefined {
    if (!this.enabled) return undefined;
    return this.entry(tableName, this.of(tableName));
  }

  private entry(tableName: string, usage: TableUsage): Record<string, unknown> {
    let total = usage.table;
    for (const units of usage.global.values()) total += units;
    for (const units of usage.local.values()) total += units;
    const entry: Record<string, unknown> = { TableName: tableName, CapacityUnits: total };
    if (this.mode === 'INDEXES') {
      entry.Table = { CapacityUnits: usage.table };
      if (usage.global.size > 0) entry.GlobalSecondaryIndexes = unitsRecord(usage.global);
      if (usage.local.size > 0) entry.LocalSecondaryIndexes = unitsRecord(usage.local);
    }
    return entry;
  }
}

function addTo(map: Map<string, number>, name: string, units: number): void {
  map.set(name, (map.get(name) ?? 0) + units);
}

function unitsRecord(map: Map<string, number>): Record<string, { CapacityUnits: number }> {
  const out: Record<string, { CapacityUnits: number }> = {};
  for (const [name, units] of map) out[name] = { CapacityUnits: units };
  return out;
}

function indexWriteUnits(
  table: Table,
  secondary: SecondaryIndex,
  previous: AttributeMap | undefined,
  next: AttributeMap | undefined,
): number {
  const schema = secondary.definition.schema;
  const before = previous && hasKey(previous, schema) ? table.project(secondary, previous) : undefined;
  const after = next && hasKey(next, schema) ? table.project(secondary, next) : undefined;
  if (!before && !after) return 0;
  if (!before) return writeUnits(itemSize(after!));
  if (!after) return writeUnits(itemSize(before));
  const beforeKey = extractKey(before, schema);
  const afterKey = extractKey(after, schema);
  const keyChanged =
    primaryKeyString(beforeKey, schema) !== primaryKeyString(afterKey, schema) ||
    !Object.keys(beforeKey).every((name) => valuesEqual(beforeKey[name]!, afterKey[name]!));
  if (keyChanged) return writeUnits(itemSize(before)) + writeUnits(itemSize(after));
  if (sameAttributes(before, after)) return 0;
  return writeUnits(itemSize(after));
}

function sameAttributes(a: AttributeMap, b: AttributeMap): boolean {
  const names = Object.keys(a);
  if (names.length !== Object.keys(b).length) return false;
  return names.every(
    (name) => b[name] !== undefined && (a[name] === b[name] || valuesEqual(a[name]!, b[name]!)),
  );
}
