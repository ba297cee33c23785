/**
 * What a runnable block's account needs before it runs (`seed="products,payment-secret"`). Each seed puts its
 * resources back only when they are missing, so Run again (and a learner's own changes) keep their state, as in a
 * real account between two runs of a script.
 */
import type { AwsAccount } from '../../sim/aws/account';
import type { DynamoDb } from '../../sim/aws/dynamodb';
import { utf8 } from '../../sim/aws/http';
import type { LambdaService } from '../../sim';

export interface SeedTarget {
  account: AwsAccount;
  service: LambdaService;
}

type Seed = (target: SeedTarget) => Promise<void>;

function table(name: string, key: string, items: Array<Record<string, { S: string } | { N: string }>>): Seed {
  return async ({ account }) => {
    const dynamodb = account.service<DynamoDb>('dynamodb');
    if (!dynamodb || dynamodb.listTables().includes(name)) return;
    dynamodb.call('CreateTable', {
      TableName: name,
      AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    for (const item of items) dynamodb.call('PutItem', { TableName: name, Item: item });
  };
}

/** A JSON-protocol call as the console would make it (the account's own wire protocol, no SDK). */
async function consoleCall(
  account: AwsAccount,
  host: string,
  target: string,
  version: string,
  body: unknown,
) {
  return account.handle(
    {
      method: 'POST',
      hostname: `${host}.us-east-1.amazonaws.com`,
      path: '/',
      query: {},
      headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': target },
      body: utf8(JSON.stringify(body)),
    },
    { kind: 'console' },
  );
}

function secret(name: string, value: unknown): Seed {
  return async ({ account }) => {
    const found = await consoleCall(account, 'secretsmanager', 'secretsmanager.DescribeSecret', '1.1', {
      SecretId: name,
    });
    if (found.statusCode === 200) return;
    await consoleCall(account, 'secretsmanager', 'secretsmanager.CreateSecret', '1.1', {
      Name: name,
      SecretString: JSON.stringify(value),
    });
  };
}

/** A small Node.js function other blocks call or configure. */
function lambdaFunction(name: string, code: string): Seed {
  return async ({ service }) => {
    if (service.hasFunction(name)) return;
    const created = service.createFunction({
      name,
      runtime: 'nodejs22.x',
      timeoutS: 10,
      code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: code }] },
    });
    if (!created.ok) throw new Error(created.message);
  };
}

const SEEDS: Record<string, Seed> = {
  products: table('products', 'product_id', [
    { product_id: { S: 'p-1' }, name: { S: 'Espresso beans, 1 kg' }, price: { N: '24.5' } },
  ]),
  prices: table('prices', 'sku', [
    { sku: { S: 'A-1001' }, price: { N: '19.99' } },
    { sku: { S: 'A-1002' }, price: { N: '4.5' } },
  ]),
  // Powertools idempotency records: partition key `id` (the lesson's table).
  idempotency: table('idempotency', 'id', []),
  'payment-secret': secret('payments/api-key', { api_key: 'sk_test_course_only' }),
  'order-processor': lambdaFunction(
    'order-processor',
    'export const handler = async (event) => ({ processed: event.orderId ?? null });\n',
  ),
  'price-quote': lambdaFunction(
    'price-quote',
    [
      'export const handler = async (event) => {',
      '  if (!event.sku) throw new Error("sku is required");',
      '  return { sku: event.sku, quantity: event.quantity, totalCents: 1999 * (event.quantity ?? 1) };',
      '};',
      '',
    ].join('\n'),
  ),
};

export const SEED_NAMES: readonly string[] = Object.keys(SEEDS);

/** Applies the named seeds in order; an unknown name is an error naming the known ones. */
export async function applySeeds(names: readonly string[], target: SeedTarget): Promise<void> {
  for (const name of names) {
    const seed = SEEDS[name];
    if (!seed) throw new Error(`no seed named "${name}" (seeds: ${SEED_NAMES.join(', ')})`);
    await seed(target);
  }
}
