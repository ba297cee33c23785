/**
 * Simulated DynamoDB benchmark (issue #11 item 11), in process: the real @aws-sdk/client-dynamodb talking to the
 * account through the test request handler, plus the same work through the model's request entry point (no SDK).
 *   npx tsx scripts/bench/aws-dynamodb.ts
 * Prints: GetItem round trip (median), 10,000 PutItems (wall time), Query over 10,000 items (median).
 * Targets: ≤ 1 ms, ≤ 3 s, ≤ 50 ms. In the browser the SDK's requests also cross the environment's port.
 */
import os from 'node:os';
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { VirtualClock } from '../../src/sim/clock.ts';
import { AwsAccount } from '../../src/sim/aws/account.ts';
import { testClientConfig } from '../../src/sim/aws/testing/sdkClient.ts';
import { createDynamoDb, type DynamoDb } from '../../src/sim/aws/dynamodb/dynamodb.ts';

process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING = '1';

const ITEMS = 10_000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** CPU milliseconds (user + system) since `since`: steadier than wall time on a shared machine. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function format(ms: number): string {
  return ms < 10 ? `${ms.toFixed(3)} ms` : `${ms.toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const account = new AwsAccount({ clock: new VirtualClock() }, [createDynamoDb]);
  const dynamodb = account.service<DynamoDb>('dynamodb')!;
  const client = new DynamoDBClient(testClientConfig(account));
  const documents = DynamoDBDocumentClient.from(client);
  dynamodb.call('CreateTable', {
    TableName: 'Bench',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  });

  // 10,000 PutItems through the SDK, one after another as a handler's loop would send them.
  let cpu = process.cpuUsage();
  let started = performance.now();
  for (let i = 0; i < ITEMS; i++) {
    await client.send(
      new PutItemCommand({
        TableName: 'Bench',
        Item: {
          pk: { S: 'orders' },
          sk: { N: String(i) },
          status: { S: i % 3 ? 'paid' : 'open' },
          total: { N: `${i}.99` },
        },
      }),
    );
  }
  const putSdkMs = performance.now() - started;
  const putSdkCpuMs = cpuMs(cpu);

  // The same with a signer that does nothing (the account does not check signatures): SigV4 signing is a large
  // share of the SDK's own cost per call.
  cpu = process.cpuUsage();
  const unsigned = new DynamoDBClient({
    ...testClientConfig(account),
    signer: { sign: async (request: unknown) => request },
  } as never);
  started = performance.now();
  for (let i = 0; i < ITEMS; i++) {
    await unsigned.send(
      new PutItemCommand({
        TableName: 'Bench',
        Item: {
          pk: { S: 'unsigned' },
          sk: { N: String(i) },
          status: { S: i % 3 ? 'paid' : 'open' },
          total: { N: `${i}.99` },
        },
      }),
    );
  }
  const putUnsignedMs = performance.now() - started;
  const putUnsignedCpuMs = cpuMs(cpu);

  // The same through the model's request entry point (validation, storage, indexes; no SDK, no HTTP).
  dynamodb.call('CreateTable', {
    TableName: 'BenchModel',
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'N' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  });
  cpu = process.cpuUsage();
  started = performance.now();
  for (let i = 0; i < ITEMS; i++) {
    dynamodb.call('PutItem', {
      TableName: 'BenchModel',
      Item: {
        pk: { S: 'orders' },
        sk: { N: String(i) },
        status: { S: i % 3 ? 'paid' : 'open' },
        total: { N: `${i}.99` },
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  }
  const putModelMs = performance.now() - started;
  const putModelCpuMs = cpuMs(cpu);

  // GetItem round trips (warm client), median of many.
  const key = { pk: { S: 'orders' }, sk: { N: '4242' } };
  for (let i = 0; i < 200; i++) await client.send(new GetItemCommand({ TableName: 'Bench', Key: key }));
  const gets: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await client.send(new GetItemCommand({ TableName: 'Bench', Key: key }));
    gets.push(performance.now() - t);
  }
  const documentGets: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await documents.send(new GetCommand({ TableName: 'Bench', Key: { pk: 'orders', sk: 4242 } }));
    documentGets.push(performance.now() - t);
  }
  const modelGets: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    dynamodb.call('GetItem', { TableName: 'Bench', Key: key });
    modelGets.push(performance.now() - t);
  }

  // A Query over all 10,000 items of one partition (about 600 KB: one page).
  const queries: number[] = [];
  let count = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const result = await client.send(
      new QueryCommand({
        TableName: 'Bench',
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'orders' } },
      }),
    );
    queries.push(performance.now() - t);
    count = result.Count ?? 0;
  }
  const filteredQueries: number[] = [];
  let filtered = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    const result = dynamodb.call('Query', {
      TableName: 'Bench',
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
      FilterExpression: '#s = :open',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':p': { S: 'orders' },
        ':a': { N: '0' },
        ':b': { N: '9999' },
        ':open': { S: 'open' },
      },
    });
    filteredQueries.push(performance.now() - t);
    filtered = result.Count as number;
  }
  if (count !== ITEMS) throw new Error(`query returned ${count} of ${ITEMS} items`);

  const getMs = median(gets);
  const queryMs = median(queries);
  console.log(`dynamodb GetItem round trip (SDK, median of 2,000): ${format(getMs)} (target ≤ 1 ms)`);
  console.log(`dynamodb GetItem round trip (DocumentClient, median): ${format(median(documentGets))}`);
  console.log(`dynamodb GetItem (model call, median): ${format(median(modelGets))}`);
  console.log(
    `dynamodb 10,000 PutItems (SDK, sequential): ${format(putSdkMs)}, CPU ${format(putSdkCpuMs)} (target ≤ 3 s)`,
  );
  console.log(
    `dynamodb 10,000 PutItems (SDK with a no-op signer): ${format(putUnsignedMs)}, CPU ${format(putUnsignedCpuMs)}`,
  );
  console.log(
    `dynamodb 10,000 PutItems with a condition (model calls): ${format(putModelMs)}, CPU ${format(putModelCpuMs)}`,
  );
  const load = os.loadavg()[0]!;
  console.log(
    `dynamodb bench load average: ${load.toFixed(1)} on ${os.cpus().length} CPUs (figures inflate with load)`,
  );
  console.log(`dynamodb Query over 10,000 items (SDK, median of 15): ${format(queryMs)} (target ≤ 50 ms)`);
  console.log(
    `dynamodb Query 10,000 items with range and filter (model call, ${filtered} returned, median): ${format(median(filteredQueries))}`,
  );
  const ok = getMs <= 1 && putSdkMs <= 3000 && queryMs <= 50;
  console.log(`dynamodb targets: ${ok ? 'met' : 'MISSED'}`);
}

void main();
