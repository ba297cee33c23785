/** Query and Scan through the real SDK: key conditions, order, Limit, 1 MB pages, filters, Select, indexes. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BatchWriteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  paginateQuery,
  paginateScan,
  type AttributeValue,
  type DynamoDBClient,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { itemSize, type AttributeMap } from './values';
import { createTable, failure, testAccount } from './testSupport';

let client: DynamoDBClient;

async function putAll(table: string, items: Array<Record<string, AttributeValue>>): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
}

beforeEach(async () => {
  ({ client } = testAccount());
  await createTable(client, 'Events', ['device', 'S'], ['at', 'N'], {
    AttributeDefinitions: [
      { AttributeName: 'kind', AttributeType: 'S' },
      { AttributeName: 'severity', AttributeType: 'N' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byKind',
        KeySchema: [
          { AttributeName: 'kind', KeyType: 'HASH' },
          { AttributeName: 'at', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: 'byKindAll',
        KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
    LocalSecondaryIndexes: [
      {
        IndexName: 'bySeverity',
        KeySchema: [
          { AttributeName: 'device', KeyType: 'HASH' },
          { AttributeName: 'severity', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['note'] },
      },
    ],
  });
  const items: Array<Record<string, AttributeValue>> = [];
  for (let at = 1; at <= 10; at++) {
    items.push({
      device: { S: 'd1' },
      at: { N: String(at * 10) },
      kind: { S: at % 2 === 0 ? 'even' : 'odd' },
      severity: { N: String(11 - at) },
      note: { S: `note ${at}` },
      payload: { S: `p${at}` },
    });
  }
  items.push({ device: { S: 'd2' }, at: { N: '5' }, payload: { S: 'no kind, no severity' } });
  await putAll('Events', items);
});

/** Items built with the simulator's types hold only S and N here, which the SDK's types accept as they are. */
const wire = (item: AttributeMap) => item as Record<string, AttributeValue>;
const values = (input: Record<string, AttributeValue>) => ({ ExpressionAttributeValues: input });
const ats = (items: Array<Record<string, AttributeValue>> | undefined) =>
  (items ?? []).map((item) => Number(item.at!.N));

describe('key conditions', () => {
  it('selects a partition and a sort key range, in sort key order', async () => {
    const base = { TableName: 'Events', ExpressionAttributeNames: { '#at': 'at' } };
    const q = async (condition: string, extra: Record<string, AttributeValue>) =>
      ats(
        (
          await client.send(
            new QueryCommand({
              ...base,
              KeyConditionExpression: `device = :d AND ${condition}`,
              ...values({ ':d': { S: 'd1' }, ...extra }),
            }),
          )
        ).Items,
      );
    expect(await q('#at = :a', { ':a': { N: '30' } })).toEqual([30]);
    expect(await q('#at < :a', { ':a': { N: '30' } })).toEqual([10, 20]);
    expect(await q('#at <= :a', { ':a': { N: '30' } })).toEqual([10, 20, 30]);
    expect(await q('#at > :a', { ':a': { N: '80' } })).toEqual([90, 100]);
    expect(await q(':a <= #at', { ':a': { N: '90' } })).toEqual([90, 100]);
    expect(await q('#at BETWEEN :a AND :b', { ':a': { N: '25' }, ':b': { N: '50' } })).toEqual([30, 40, 50]);
  });

  it('begins_with on a string sort key', async () => {
    ({ client } = testAccount());
    await createTable(client, 'Paths', ['root', 'S'], ['path', 'S']);
    await putAll(
      'Paths',
      ['a', 'a/b', 'a/b/c', 'a/c', 'ab', 'b'].map((path) => ({ root: { S: 'r' }, path: { S: path } })),
    );
    const { Items } = await client.send(
      new QueryCommand({
        TableName: 'Paths',
        KeyConditionExpression: 'root = :r AND begins_with(#p, :prefix)',
        ExpressionAttributeNames: { '#p': 'path' },
        ExpressionAttributeValues: { ':r': { S: 'r' }, ':prefix': { S: 'a/' } },
      }),
    );
    expect(Items!.map((item) => item.path!.S)).toEqual(['a/b', 'a/b/c', 'a/c']);
  });

  it('ScanIndexForward false reads in descending order', async () => {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: 'Events',
        KeyConditionExpression: 'device = :d',
        ScanIndexForward: false,
        Limit: 3,
        ...values({ ':d': { S: 'd1' } }),
      }),
    );
    expect(ats(Items)).toEqual([100, 90, 80]);
  });

  it('rejects conditions DynamoDB cannot index, with its messages', async () => {
    const message = async (input: Partial<QueryCommandInput>) =>
      (await failure(client.send(new QueryCommand({ TableName: 'Events', ...input } as QueryCommandInput))))
        .message;
    expect(
      await message({
        KeyConditionExpression: 'device = :d OR device = :e',
        ...values({ ':d': { S: 'a' }, ':e': { S: 'b' } }),
      }),
    ).toBe('Invalid operator used in KeyConditionExpression: OR');
    expect(await message({ KeyConditionExpression: 'device > :d', ...values({ ':d': { S: 'a' } }) })).toBe(
      'Query key condition not supported',
    );
    expect(await message({ KeyConditionExpression: 'kind = :k', ...values({ ':k': { S: 'a' } }) })).toBe(
      'Query condition missed key schema element: device',
    );
    expect(await message({ KeyConditionExpression: 'device = :d', ...values({ ':d': { N: '1' } }) })).toBe(
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    );
    expect(
      await message({
        KeyConditionExpression: 'device = :d AND attribute_exists(kind)',
        ...values({ ':d': { S: 'a' } }),
      }),
    ).toBe('Invalid operator used in KeyConditionExpression: attribute_exists');
    expect(
      await message({
        KeyConditionExpression: 'device = :d AND device = :d',
        ...values({ ':d': { S: 'a' } }),
      }),
    ).toBe('KeyConditionExpressions must only contain one condition per key');
    expect(await message({})).toBe(
      'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
    );
    expect(
      await message({
        KeyConditionExpression: 'device = :d',
        FilterExpression: '#at > :a',
        ExpressionAttributeNames: { '#at': 'at' },
        ...values({ ':d': { S: 'a' }, ':a': { N: '1' } }),
      }),
    ).toBe('Filter Expression can only contain non-primary key attributes: Primary key attribute: at');
  });
});

describe('Limit, FilterExpression, Select', () => {
  it('Limit counts items evaluated, before the filter; ScannedCount and Count differ', async () => {
    const page = await client.send(
      new QueryCommand({
        TableName: 'Events',
        KeyConditionExpression: 'device = :d',
        FilterExpression: 'kind = :k',
        Limit: 4,
        ...values({ ':d': { S: 'd1' }, ':k': { S: 'even' } }),
      }),
    );
    expect(page.ScannedCount).toBe(4);
    expect(page.Count).toBe(2);
    expect(ats(page.Items)).toEqual([20, 40]);
    expect(page.LastEvaluatedKey).toEqual({ device: { S: 'd1' }, at: { N: '40' } });
  });

  it('returns LastEvaluatedKey when Limit is reached even if nothing follows ("Paginating table query results")', async () => {
    const page = await client.send(
      new QueryCommand({
        TableName: 'Events',
        KeyConditionExpression: 'device = :d',
        Limit: 1,
        ...values({ ':d': { S: 'd2' } }),
      }),
    );
    expect(page.LastEvaluatedKey).toEqual({ device: { S: 'd2' }, at: { N: '5' } });
    const next = await client.send(
      new QueryCommand({
        TableName: 'Events',
        KeyConditionExpression: 'device = :d',
        Limit: 1,
        ExclusiveStartKey: page.LastEvaluatedKey,
        ...values({ ':d': { S: 'd2' } }),
      }),
    );
    expect(next.Items).toEqual([]);
    expect(next.LastEvaluatedKey).toBeUndefined();
  });

  it('Select COUNT returns counts only; projection conflicts use DynamoDB messages', async () => {
    const counted = await client.send(
      new QueryCommand({
        TableName: 'Events',
        KeyConditionExpression: 'device = :d',
        Select: 'COUNT',
        ...values({ ':d': { S: 'd1' } }),
      }),
    );
    expect(counted.Items).toBeUndefined();
    expect(counted.Count).toBe(10);
    const error = await failure(
      client.send(
        new QueryCommand({
          TableName: 'Events',
          KeyConditionExpression: 'device = :d',
          Select: 'COUNT',
          ProjectionExpression: 'note',
          ...values({ ':d': { S: 'd1' } }),
        }),
      ),
    );
    expect(error.message).toBe(
      '1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count',
    );
    const scanError = await failure(
      client.send(new ScanCommand({ TableName: 'Events', Select: 'SPECIFIC_ATTRIBUTES' })),
    );
    expect(scanError.message).toBe(
      'Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES',
    );
    const projected = await failure(
      client.send(new ScanCommand({ TableName: 'Events', Select: 'ALL_PROJECTED_ATTRIBUTES' })),
    );
    expect(projected.message).toBe(
      'ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName',
    );
  });
});

describe('1 MB pages ("Paginating table query results", sizes per "DynamoDB item sizes and formats")', () => {
  /** Items of exactly `size` bytes: pk "p" (2+1), sk n (2 + digits), data string filling the rest. */
  function sized(sk: number, size: number): AttributeMap {
    const item: AttributeMap = { pk: { S: 'p' }, sk: { N: String(sk) }, data: { S: '' } };
    const fill = size - itemSize(item);
    (item.data as { S: string }).S = 'x'.repeat(fill);
    expect(itemSize(item)).toBe(size);
    return item;
  }

  it('a page holds at most 1 MB of items read, then LastEvaluatedKey continues it', async () => {
    ({ client } = testAccount());
    await createTable(client, 'Big', ['pk', 'S'], ['sk', 'N']);
    // 100 KB items: ten make 1,024,000 bytes ≤ 1,048,576; an eleventh would exceed it.
    const size = 100 * 1024;
    for (let sk = 1; sk <= 25; sk++)
      await client.send(new PutItemCommand({ TableName: 'Big', Item: wire(sized(sk, size)) }));
    const first = await client.send(
      new QueryCommand({
        TableName: 'Big',
        KeyConditionExpression: 'pk = :p',
        ...values({ ':p': { S: 'p' } }),
      }),
    );
    expect(first.Count).toBe(10);
    expect(first.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '10' } });
    const pages: number[] = [];
    for await (const page of paginateQuery(
      { client },
      { TableName: 'Big', KeyConditionExpression: 'pk = :p', ...values({ ':p': { S: 'p' } }) },
    )) {
      pages.push(page.Count!);
    }
    expect(pages).toEqual([10, 10, 5]);
  });

  it('the limit applies before the filter: a page may return nothing yet carry LastEvaluatedKey', async () => {
    ({ client } = testAccount());
    await createTable(client, 'Big', ['pk', 'S'], ['sk', 'N']);
    // Exactly 1 MB in 16 items of 64 KB: the page ends there and the 17th starts the next page.
    for (let sk = 1; sk <= 17; sk++)
      await client.send(new PutItemCommand({ TableName: 'Big', Item: wire(sized(sk, 64 * 1024)) }));
    const page = await client.send(
      new QueryCommand({
        TableName: 'Big',
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'attribute_exists(nothing)',
        ...values({ ':p': { S: 'p' } }),
      }),
    );
    expect(page.Count).toBe(0);
    expect(page.ScannedCount).toBe(16);
    expect(page.LastEvaluatedKey).toEqual({ pk: { S: 'p' }, sk: { N: '16' } });
  });

  it('Scan pages the same way across partitions and visits every item once', async () => {
    ({ client } = testAccount());
    await createTable(client, 'Wide', ['pk', 'S']);
    const size = 200 * 1024;
    for (let i = 0; i < 12; i++) {
      const item: AttributeMap = { pk: { S: `k${i}` }, data: { S: '' } };
      (item.data as { S: string }).S = 'x'.repeat(size - itemSize(item));
      await client.send(new PutItemCommand({ TableName: 'Wide', Item: wire(item) }));
    }
    const counts: number[] = [];
    const seen: string[] = [];
    for await (const page of paginateScan({ client }, { TableName: 'Wide', ProjectionExpression: 'pk' })) {
      counts.push(page.Count!);
      seen.push(...page.Items!.map((item) => item.pk!.S!));
    }
    expect(counts).toEqual([5, 5, 2]);
    expect(seen.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `k${i}`).sort());
  });
});

describe('Scan', () => {
  it('parallel segments partition the table', async () => {
    ({ client } = testAccount());
    await createTable(client, 'Many', ['id', 'S']);
    await putAll(
      'Many',
      Array.from({ length: 200 }, (_, i) => ({ id: { S: `item-${i}` } })),
    );
    const segments = await Promise.all(
      [0, 1, 2, 3].map(async (Segment) => {
        const ids: string[] = [];
        for await (const page of paginateScan(
          { client, pageSize: 7 },
          { TableName: 'Many', Segment, TotalSegments: 4 },
        )) {
          ids.push(...page.Items!.map((item) => item.id!.S!));
        }
        return ids;
      }),
    );
    const all = segments.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    expect(segments.every((ids) => ids.length > 20)).toBe(true);
    const error = await failure(
      client.send(new ScanCommand({ TableName: 'Many', Segment: 4, TotalSegments: 4 })),
    );
    expect(error.message).toBe(
      'The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4',
    );
  });

  it('filters with any attribute, keys included', async () => {
    const { Items } = await client.send(
      new ScanCommand({
        TableName: 'Events',
        FilterExpression: '#at >= :a AND contains(note, :n)',
        ExpressionAttributeNames: { '#at': 'at' },
        ...values({ ':a': { N: '90' }, ':n': { S: 'note' } }),
      }),
    );
    expect(ats(Items).sort((a, b) => a - b)).toEqual([90, 100]);
  });
});

describe('secondary indexes', () => {
  it('a GSI is sparse, projects its keys only, and orders by its sort key', async () => {
    const { Items } = await client.send(
      new QueryCommand({
        TableName: 'Events',
        IndexName: 'byKind',
        KeyConditionExpression: 'kind = :k AND #at > :a',
        ExpressionAttributeNames: { '#at': 'at' },
        ...values({ ':k': { S: 'odd' }, ':a': { N: '40' } }),
      }),
    );
    expect(Items).toEqual([
      { device: { S: 'd1' }, at: { N: '50' }, kind: { S: 'odd' } },
      { device: { S: 'd1' }, at: { N: '70' }, kind: { S: 'odd' } },
      { device: { S: 'd1' }, at: { N: '90' }, kind: { S: 'odd' } },
    ]);
    const scanned = await client.send(
      new ScanCommand({ TableName: 'Events', IndexName: 'byKind', Select: 'COUNT' }),
    );
    expect(scanned.Count).toBe(10);
  });

  it('a GSI refuses attributes it does not project and strongly consistent reads', async () => {
    const base = {
      TableName: 'Events',
      IndexName: 'byKind',
      KeyConditionExpression: 'kind = :k',
      ...values({ ':k': { S: 'odd' } }),
    };
    expect(
      (await failure(client.send(new QueryCommand({ ...base, Select: 'ALL_ATTRIBUTES' })))).message,
    ).toBe(
      'One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index byKind because its projection type is not ALL',
    );
    expect(
      (await failure(client.send(new QueryCommand({ ...base, ProjectionExpression: 'payload' })))).message,
    ).toBe(
      'One or more parameter values were invalid: Global secondary index byKind does not project [payload]',
    );
    expect((await failure(client.send(new QueryCommand({ ...base, ConsistentRead: true })))).message).toBe(
      'Consistent reads are not supported on global secondary indexes',
    );
    expect((await failure(client.send(new QueryCommand({ ...base, IndexName: 'nope' })))).message).toBe(
      'The table does not have the specified index: nope',
    );
  });

  it('GSI pagination keys carry the table key and the index key', async () => {
    const page = await client.send(
      new QueryCommand({
        TableName: 'Events',
        IndexName: 'byKindAll',
        KeyConditionExpression: 'kind = :k',
        Limit: 2,
        ...values({ ':k': { S: 'even' } }),
      }),
    );
    expect(page.LastEvaluatedKey).toEqual({
      device: { S: 'd1' },
      at: { N: page.Items![1]!.at!.N! },
      kind: { S: 'even' },
    });
    const rest = await client.send(
      new QueryCommand({
        TableName: 'Events',
        IndexName: 'byKindAll',
        KeyConditionExpression: 'kind = :k',
        ExclusiveStartKey: page.LastEvaluatedKey,
        ...values({ ':k': { S: 'even' } }),
      }),
    );
    expect(page.Items!.length + rest.Items!.length).toBe(5);
    expect(new Set([...ats(page.Items), ...ats(rest.Items)]).size).toBe(5);
    expect(rest.Items![0]!.payload).toBeDefined();
  });

  it('an LSI orders a partition by another attribute and fetches unprojected attributes from the table', async () => {
    const projected = await client.send(
      new QueryCommand({
        TableName: 'Events',
        IndexName: 'bySeverity',
        KeyConditionExpression: 'device = :d AND severity <= :s',
        ...values({ ':d': { S: 'd1' }, ':s': { N: '2' } }),
      }),
    );
    expect(projected.Items).toEqual([
      { device: { S: 'd1' }, at: { N: '100' }, severity: { N: '1' }, note: { S: 'note 10' } },
      { device: { S: 'd1' }, at: { N: '90' }, severity: { N: '2' }, note: { S: 'note 9' } },
    ]);
    const all = await client.send(
      new QueryCommand({
        TableName: 'Events',
        IndexName: 'bySeverity',
        KeyConditionExpression: 'device = :d AND severity = :s',
        Select: 'ALL_ATTRIBUTES',
        ...values({ ':d': { S: 'd1' }, ':s': { N: '1' } }),
      }),
    );
    expect(all.Items![0]!.payload).toEqual({ S: 'p10' });
  });
});
