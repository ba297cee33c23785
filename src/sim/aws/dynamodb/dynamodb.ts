/**
 * The simulated Amazon DynamoDB of one account: AWS JSON 1.0 (`X-Amz-Target: DynamoDB_20120810.<Operation>`)
 * for the real SDKs, and a small model API for the console and lab checks. Both run the same operations, so a
 * console edit is validated like a PutItem and shows in the table's stream.
 */
import {
  jsonResponse,
  requestIdHeader,
  text,
  utf8,
  type AwsCaller,
  type AwsHttpRequest,
  type AwsHttpResponse,
} from '../http';
import type { AccountContext, AwsService } from '../service';
import { batchGetItem, batchWriteItem } from './batch';
import {
  createTable,
  deleteTable,
  describe,
  describeEndpoints,
  describeLimits,
  describeTable,
  describeTimeToLive,
  listTables,
  listTagsOfResource,
  tagResource,
  untagResource,
  updateTable,
  updateTimeToLive,
} from './controlPlane';
import { Database } from './database';
import { DynamoDbError, serializationError } from './errors';
import { deleteItem, getItem, putItem, updateItem } from './itemOperations';
import { comparableOf, compareComparables, keyNames, type KeySchema } from './keys';
import { itemRun, query, scan } from './queryScan';
import { entriesJson } from './sortedIndex';
import { isRecord, type Request } from './requests';
import { restoreDatabase, snapshotDatabase, type DynamoDbSnapshot } from './snapshot';
import type { TableStream } from './streams';
import type { Table } from './table';
import { transactGetItems, transactWriteItems } from './transactions';
import { cloneValue, itemJson, type AttributeMap } from './values';

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'DynamoDB_20120810.';

type Operation = (database: Database, request: Request) => Record<string, unknown>;

const OPERATIONS: Record<string, Operation> = {
  BatchGetItem: batchGetItem,
  BatchWriteItem: batchWriteItem,
  CreateTable: createTable,
  DeleteItem: deleteItem,
  DeleteTable: deleteTable,
  DescribeEndpoints: (database) => describeEndpoints(database),
  DescribeLimits: () => describeLimits(),
  DescribeTable: describeTable,
  DescribeTimeToLive: describeTimeToLive,
  GetItem: getItem,
  ListTables: listTables,
  ListTagsOfResource: listTagsOfResource,
  PutItem: putItem,
  Query: query,
  Scan: scan,
  TagResource: tagResource,
  TransactGetItems: transactGetItems,
  TransactWriteItems: transactWriteItems,
  UntagResource: untagResource,
  UpdateItem: updateItem,
  UpdateTable: updateTable,
  UpdateTimeToLive: updateTimeToLive,
};

export type DynamoDbOperation = keyof typeof OPERATIONS;

/** A page of items in key order, for the console. */
export interface ItemPage {
  items: AttributeMap[];
  /** Pass back as `after` for the next page; absent on the last page. */
  next?: AttributeMap;
}

/** What the console and lab checks read and change without HTTP. */
export interface TableView {
  readonly name: string;
  readonly keySchema: KeySchema;
  /** DescribeTable's TableDescription. */
  describe(): Record<string, unknown>;
  count(): number;
  /** Items sorted by partition key, then sort key. */
  items(options?: { limit?: number; after?: AttributeMap }): ItemPage;
  get(key: AttributeMap): AttributeMap | undefined;
  /** Validated and stored as PutItem would (throws DynamoDbError). */
  put(item: AttributeMap): void;
  /** Deletes as DeleteItem would; false when there was no such item. */
  delete(key: AttributeMap): boolean;
  /** The table's enabled stream. */
  stream(): TableStream | undefined;
}

export class DynamoDb implements AwsService {
  readonly name = 'dynamodb';
  private database: Database;
  private readonly sortedPartitions = new WeakMap<Table, { version: number; texts: string[] }>();

  constructor(private readonly context: AccountContext) {
    this.database = new Database(context);
  }

  handle(request: AwsHttpRequest, _caller: AwsCaller): AwsHttpResponse {
    const target = request.headers['x-amz-target'] ?? '';
    const operation = target.startsWith(TARGET_PREFIX)
      ? OPERATIONS[target.slice(TARGET_PREFIX.length)]
      : undefined;
    if (!operation) {
      return jsonResponse(
        400,
        new DynamoDbError(
          'UnknownOperationException',
          `Unknown operation: ${target || '(no X-Amz-Target)'}`,
        ).body(),
        CONTENT_TYPE,
      );
    }
    let body: unknown;
    try {
      body = request.body.byteLength === 0 ? {} : JSON.parse(text(request.body));
    } catch {
      return jsonResponse(
        400,
        serializationError('Start of structure or map found where not expected').body(),
        CONTENT_TYPE,
      );
    }
    if (!isRecord(body)) {
      return jsonResponse(
        400,
        serializationError('Start of structure or map found where not expected').body(),
        CONTENT_TYPE,
      );
    }
    try {
      const result = operation(this.database, body);
      return {
        statusCode: 200,
        headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestIdHeader() },
        body: responseBody(result),
      };
    } catch (error) {
      if (error instanceof DynamoDbError) return jsonResponse(error.statusCode, error.body(), CONTENT_TYPE);
      return jsonResponse(
        500,
        new DynamoDbError(
          'InternalServerError',
          `Internal server error: ${(error as Error).message}`,
          {},
          500,
        ).body(),
        CONTENT_TYPE,
      );
    }
  }

  /** Runs one operation on a request object, as the wire would (throws DynamoDbError). */
  call(operation: DynamoDbOperation, request: Request): Record<string, unknown> {
    const run = OPERATIONS[operation];
    if (!run) throw new DynamoDbError('UnknownOperationException', `Unknown operation: ${operation}`);
    // Round-trip through JSON so nothing the caller keeps aliases stored items.
    return JSON.parse(
      JSON.stringify(run(this.database, JSON.parse(JSON.stringify(request)) as Request)),
    ) as Record<string, unknown>;
  }

  listTables(): string[] {
    return [...this.database.tables.keys()].sort();
  }

  table(name: string): TableView | undefined {
    const table = this.database.tables.get(name);
    if (!table) return undefined;
    this.database.expire(table);
    return this.view(table);
  }

  /** A stream by ARN, enabled or disabled within the last 24 hours. */
  streamByArn(arn: string): TableStream | undefined {
    this.database.pruneStreams();
    return this.database.streams.get(arn);
  }

  streams(): TableStream[] {
    this.database.pruneStreams();
    return [...this.database.streams.values()];
  }

  snapshot(): DynamoDbSnapshot {
    return snapshotDatabase(this.database);
  }

  restore(data: unknown): void {
    this.database = restoreDatabase(this.context, data);
  }

  reset(): void {
    this.database = new Database(this.context);
  }

  private view(table: Table): TableView {
    return {
      name: table.name,
      keySchema: table.schema,
      describe: () => describe(this.database, table),
      count: () => {
        this.database.expire(table);
        return table.itemCount;
      },
      items: (options) => {
        this.database.expire(table);
        return this.page(table, options?.limit ?? 25, options?.after);
      },
      get: (key) => {
        this.database.expire(table);
        const item = table.get(key);
        return item ? cloneValue(item) : undefined;
      },
      put: (item) => {
        this.call('PutItem', { TableName: table.name, Item: item });
      },
      delete: (key) => {
        const response = this.call('DeleteItem', {
          TableName: table.name,
          Key: key,
          ReturnValues: 'ALL_OLD',
        });
        return response.Attributes !== undefined;
      },
      stream: () => table.stream,
    };
  }

  /** Partitions in key order (cached until the table changes). */
  private partitionsInKeyOrder(table: Table): string[] {
    const version = table.version;
    const cached = this.sortedPartitions.get(table);
    if (cached && cached.version === version) return cached.texts;
    const partition = table.schema.partition;
    const texts = table.primary
      .orderedPartitions()
      .map((entry) => ({
        text: entry.text,
        comparable: comparableOf(entry.entries[0]!.item[partition.name]!, partition.type),
      }))
      .sort((a, b) => compareComparables(a.comparable, b.comparable, partition.type))
      .map((entry) => entry.text);
    this.sortedPartitions.set(table, { version, texts });
    return texts;
  }

  private page(table: Table, limit: number, after: AttributeMap | undefined): ItemPage {
    const texts = this.partitionsInKeyOrder(table);
    const schema = table.schema;
    let position = 0;
    let entryStart = 0;
    if (after) {
      const partitionValue = after[schema.partition.name];
      if (partitionValue) {
        const wanted = comparableOf(partitionValue, schema.partition.type);
        const partitions = table.primary;
        // Binary search for the partition of `after` (or the first after it).
        let low = 0;
        let high = texts.length;
        while (low < high) {
          const middle = (low + high) >>> 1;
          const entry = partitions.partition(texts[middle]!)!;
          const order = compareComparables(
            comparableOf(entry.entries[0]!.item[schema.partition.name]!, schema.partition.type),
            wanted,
            schema.partition.type,
          );
          if (order < 0) low = middle + 1;
          else high = middle;
        }
        position = low;
        const partition = texts[position] !== undefined ? partitions.partition(texts[position]!) : undefined;
        if (
          partition &&
          partition.entries[0]!.item[schema.partition.name] &&
          sameValue(partition, after, schema)
        ) {
          const sort = partitions.sortOf(after);
          const tableKey = table.keyString(after);
          const at = partitions.entryPosition(partition.entries, sort, tableKey);
          const entry = partition.entries[at];
          entryStart = entry && partitions.compareEntry(sort, tableKey, entry) === 0 ? at + 1 : at;
        }
      }
    }
    const items: AttributeMap[] = [];
    let last: AttributeMap | undefined;
    let more = false;
    outer: for (; position < texts.length; position++) {
      const partition = table.primary.partition(texts[position]!)!;
      for (let i = entryStart; i < partition.entries.length; i++) {
        if (items.length >= limit) {
          more = true;
          break outer;
        }
        const item = partition.entries[i]!.item;
        items.push(cloneValue(item));
        last = item;
      }
      entryStart = 0;
    }
    const page: ItemPage = { items };
    if (more && last) {
      const key: AttributeMap = {};
      for (const name of keyNames(schema)) key[name] = cloneValue(last[name]!);
      page.next = key;
    }
    return page;
  }
}

function sameValue(
  partition: { entries: Array<{ item: AttributeMap }> },
  key: AttributeMap,
  schema: KeySchema,
): boolean {
  const stored = partition.entries[0]!.item[schema.partition.name]!;
  const wanted = key[schema.partition.name]!;
  return (
    compareComparables(
      comparableOf(stored, schema.partition.type),
      comparableOf(wanted, schema.partition.type),
      schema.partition.type,
    ) === 0
  );
}

/**
 * A successful answer's JSON (UTF-8). Query and Scan pages (`Items`) are put together from each item's remembered
 * JSON (values.ts, itemJson) instead of serialising thousands of items again: the same bytes JSON.stringify
 * writes, as `Items` comes first in those answers.
 */
export function responseBody(result: Record<string, unknown>): Uint8Array {
  const items = result.Items;
  if (!Array.isArray(items) || Object.keys(result)[0] !== 'Items') return utf8(JSON.stringify(result));
  const rest: Record<string, unknown> = { ...result };
  delete rest.Items;
  const restJson = JSON.stringify(rest);
  const tail = restJson === '{}' ? ']}' : `],${restJson.slice(1)}`;
  const run = itemRun(items);
  if (run) {
    // A run of whole items in key order: one copy of the partition's JSON bytes (sortedIndex.ts, partitionJson).
    const itemsJson = entriesJson(run.partition, run.start, run.end);
    const head = utf8('{"Items":[');
    const end = utf8(tail);
    const body = new Uint8Array(head.byteLength + itemsJson.byteLength + end.byteLength);
    body.set(head, 0);
    body.set(itemsJson, head.byteLength);
    body.set(end, head.byteLength + itemsJson.byteLength);
    return body;
  }
  // One string grown by concatenation, encoded once: measured faster than a join or copying per-item bytes.
  let json = '{"Items":[';
  for (let index = 0; index < items.length; index++) {
    if (index > 0) json += ',';
    json += itemJson(items[index] as AttributeMap);
  }
  json += tail;
  return utf8(json);
}

export function createDynamoDb(context: AccountContext): DynamoDb {
  return new DynamoDb(context);
}
