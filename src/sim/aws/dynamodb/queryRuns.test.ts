/**
 * A Query page of whole items in key order is written by copying a byte range of its partition's JSON
 * (sortedIndex.ts, partitionJson; dynamodb.ts, responseBody). These tests write partitions out of key order, with
 * multi-byte text, and check every answer against serialising the model's own answer: order, paging (Limit and
 * the 1 MB page, "Paginating table query results"), LastEvaluatedKey, and that a write after a Query is seen.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { text } from '../http';
import type { AccountContext } from '../service';
import { createTable } from './createTable';
import { Database } from './database';
import { responseBody } from './dynamodb';
import { deleteItem, putItem, updateItem } from './itemOperations';
import { ITEM_RUN_MIN_ENTRIES, itemRun, query } from './queryScan';
import type { Request } from './requests';
import { encodedLength } from './sortedIndex';

const ITEMS = 300;

function testDatabase(): Database {
  let ids = 0;
  const context: AccountContext = {
    clock: new VirtualClock(),
    region: 'us-east-1',
    accountId: '123456789012',
    epochMs: 0,
    uuid: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
    changed: () => {},
    service: () => undefined,
    lambda: { invokeAsync: () => {}, exists: () => false },
  };
  const database = new Database(context);
  createTable(database, {
    TableName: 'Orders',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
      { AttributeName: 'status', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byStatus',
        KeySchema: [
          { AttributeName: 'status', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  });
  return database;
}

/** Sort keys 0…count-1 in a scrambled order (a fixed permutation: 7 is coprime with 300). */
function scrambled(count: number): number[] {
  return Array.from({ length: count }, (_, index) => (index * 7 + 3) % count);
}

function orderItem(sk: number, padding = 0): Record<string, unknown> {
  return {
    pk: { S: 'customer' },
    sk: { N: String(sk) },
    status: { S: 'open' },
    // Multi-byte text of a length that varies per item, so byte offsets differ from string offsets.
    note: { S: `naïve “${'é'.repeat(sk % 5)}” \u{1F600} ${sk}` },
    ...(padding > 0 ? { padding: { S: 'x'.repeat(padding) } } : {}),
  };
}

function fill(database: Database, padding = 0): void {
  for (const sk of scrambled(ITEMS)) putItem(database, { TableName: 'Orders', Item: orderItem(sk, padding) });
}

/** Runs a Query and checks its body is the same bytes as serialising the answer. */
function answer(database: Database, request: Request): Record<string, unknown> {
  const result = query(database, { TableName: 'Orders', ...request });
  expect(text(responseBody(result))).toBe(JSON.stringify(result));
  return result;
}

function sortKeys(result: Record<string, unknown>): number[] {
  return (result.Items as Array<{ sk: { N: string } }>).map((item) => Number(item.sk.N));
}

const WHOLE_PARTITION = {
  KeyConditionExpression: 'pk = :p',
  ExpressionAttributeValues: { ':p': { S: 'customer' } },
};

const ASCENDING = Array.from({ length: ITEMS }, (_, index) => index);

describe('Query pages copied from a partition’s JSON', () => {
  it('counts UTF-8 bytes as TextEncoder writes them', () => {
    const encoder = new TextEncoder();
    for (const sample of ['plain', 'naïve', '“quotes”', '\u{1F600}', 'a\ud800b', '\udc00', 'end\ud83d'])
      expect(encodedLength(sample), sample).toBe(encoder.encode(sample).byteLength);
  });

  it('answers a partition written out of order in key order, from one copied run', () => {
    const database = testDatabase();
    fill(database);
    const result = answer(database, WHOLE_PARTITION);
    expect(itemRun(result.Items as unknown[])).toMatchObject({ start: 0, end: ITEMS });
    expect(sortKeys(result)).toEqual(ASCENDING);
    expect(result.LastEvaluatedKey).toBeUndefined();
  });

  it('pages by Limit with LastEvaluatedKey, in order, once the partition’s JSON is built', () => {
    const database = testDatabase();
    fill(database);
    answer(database, WHOLE_PARTITION); // builds the partition's JSON: later pages of any size copy from it
    const seen: number[] = [];
    let start: unknown;
    let pages = 0;
    do {
      const page = answer(database, { ...WHOLE_PARTITION, Limit: 70, ExclusiveStartKey: start });
      expect(itemRun(page.Items as unknown[])).toBeDefined();
      seen.push(...sortKeys(page));
      start = page.LastEvaluatedKey;
      if (start) expect(start).toEqual({ pk: { S: 'customer' }, sk: { N: String(seen.at(-1)) } });
      pages++;
    } while (start);
    expect(seen).toEqual(ASCENDING);
    expect(pages).toBe(5); // 70 + 70 + 70 + 70 + 20
  });

  it('cuts pages at 1 MB of items read and resumes after LastEvaluatedKey', () => {
    const database = testDatabase();
    fill(database, 10_000); // ≈ 10 KB an item: 300 items are about three pages
    const seen: number[] = [];
    const pageSizes: number[] = [];
    let start: unknown;
    do {
      const page = answer(database, { ...WHOLE_PARTITION, ExclusiveStartKey: start });
      seen.push(...sortKeys(page));
      pageSizes.push(page.Count as number);
      start = page.LastEvaluatedKey;
    } while (start);
    expect(seen).toEqual(ASCENDING);
    expect(pageSizes.length).toBe(3);
    expect(pageSizes[0]).toBe(pageSizes[1]);
    expect(pageSizes.reduce((sum, size) => sum + size, 0)).toBe(ITEMS);
  });

  it('selects sort-key ranges and GSI runs from the same bytes', () => {
    const database = testDatabase();
    fill(database);
    answer(database, WHOLE_PARTITION);
    const between = answer(database, {
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':p': { S: 'customer' }, ':low': { N: '17' }, ':high': { N: '222' } },
    });
    expect(sortKeys(between)).toEqual(ASCENDING.slice(17, 223));
    const index = answer(database, {
      IndexName: 'byStatus',
      KeyConditionExpression: '#s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':open': { S: 'open' } },
    });
    expect(itemRun(index.Items as unknown[])).toBeDefined();
    expect(sortKeys(index)).toEqual(ASCENDING);
    expect(index.LastEvaluatedKey).toBeUndefined();
  });

  it('sees each put, update and delete made after a Query', () => {
    const database = testDatabase();
    fill(database);
    answer(database, WHOLE_PARTITION);
    putItem(database, { TableName: 'Orders', Item: { ...orderItem(1000), note: { S: 'new ünïcode' } } });
    const afterPut = answer(database, WHOLE_PARTITION);
    expect(sortKeys(afterPut)).toEqual([...ASCENDING, 1000]);
    expect((afterPut.Items as Array<Record<string, unknown>>).at(-1)!.note).toEqual({ S: 'new ünïcode' });
    updateItem(database, {
      TableName: 'Orders',
      Key: { pk: { S: 'customer' }, sk: { N: '5' } },
      UpdateExpression: 'SET note = :n',
      ExpressionAttributeValues: { ':n': { S: 'changed → 5' } },
    });
    const afterUpdate = answer(database, WHOLE_PARTITION);
    expect((afterUpdate.Items as Array<Record<string, unknown>>)[5]!.note).toEqual({ S: 'changed → 5' });
    deleteItem(database, { TableName: 'Orders', Key: { pk: { S: 'customer' }, sk: { N: '6' } } });
    const afterDelete = answer(database, WHOLE_PARTITION);
    expect(sortKeys(afterDelete)).toEqual([...ASCENDING.filter((sk) => sk !== 6), 1000]);
  });

  it('writes filtered, projected, backward and short pages item by item, with the same bytes', () => {
    const database = testDatabase();
    fill(database);
    const backward = answer(database, { ...WHOLE_PARTITION, ScanIndexForward: false, Limit: 50 });
    expect(sortKeys(backward)).toEqual(ASCENDING.slice(-50).reverse());
    const filtered = answer(database, {
      ...WHOLE_PARTITION,
      FilterExpression: 'contains(note, :e)',
      ExpressionAttributeValues: { ':p': { S: 'customer' }, ':e': { S: 'é' } },
    });
    expect(sortKeys(filtered)).toEqual(ASCENDING.filter((sk) => sk % 5 !== 0));
    const projected = answer(database, { ...WHOLE_PARTITION, ProjectionExpression: 'sk' });
    expect(projected.Items).toEqual(ASCENDING.map((sk) => ({ sk: { N: String(sk) } })));
    const short = answer(database, { ...WHOLE_PARTITION, Limit: ITEM_RUN_MIN_ENTRIES - 1 });
    for (const result of [backward, filtered, projected, short])
      expect(itemRun(result.Items as unknown[])).toBeUndefined();
  });
});
