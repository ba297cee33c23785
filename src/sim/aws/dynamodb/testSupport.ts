/**
 * Shared setup for the DynamoDB tests (imported only by *.test.ts): an account on a virtual clock, the real
 * low-level client and DocumentClient talking to it in-process, and a helper that captures an SDK error.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  type CreateTableCommandInput,
  type KeySchemaElement,
  type ScalarAttributeType,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import { testClientConfig } from '../testing/sdkClient';
import { createDynamoDb, type DynamoDb } from './dynamodb';

export interface TestAccount {
  clock: VirtualClock;
  account: AwsAccount;
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  dynamodb: DynamoDb;
}

export function testAccount(): TestAccount {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createDynamoDb]);
  const client = new DynamoDBClient(testClientConfig(account));
  const documents = DynamoDBDocumentClient.from(client);
  return { clock, account, client, documents, dynamodb: account.service<DynamoDb>('dynamodb')! };
}

/** The error an SDK call raised (fails the test if it succeeded). */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

export function keySchema(partition: string, sort?: string): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partition, KeyType: 'HASH' }];
  if (sort) schema.push({ AttributeName: sort, KeyType: 'RANGE' });
  return schema;
}

/** An on-demand table with the given key (types default to S). */
export async function createTable(
  client: DynamoDBClient,
  name: string,
  partition: [string, ScalarAttributeType],
  sort?: [string, ScalarAttributeType],
  extra: Partial<CreateTableCommandInput> = {},
): Promise<void> {
  const attributes = [{ AttributeName: partition[0], AttributeType: partition[1] }];
  if (sort) attributes.push({ AttributeName: sort[0], AttributeType: sort[1] });
  for (const attribute of extra.AttributeDefinitions ?? []) {
    if (!attributes.some((known) => known.AttributeName === attribute.AttributeName)) {
      attributes.push({ AttributeName: attribute.AttributeName!, AttributeType: attribute.AttributeType! });
    }
  }
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      ...extra,
      AttributeDefinitions: attributes,
      KeySchema: keySchema(partition[0], sort?.[0]),
    }),
  );
}
