/** CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables and tags through the real SDK. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DynamoDBClient,
  DeleteTableCommand,
  DescribeTableCommand,
  ListTablesCommand,
  ListTagsOfResourceCommand,
  PutItemCommand,
  QueryCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  TagResourceCommand,
  UpdateTableCommand,
  paginateListTables,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { testClientConfig } from '../testing/sdkClient';
import { failure, keySchema, testAccount, type TestAccount } from './testSupport';

let account: TestAccount;
let client: DynamoDBClient;

beforeEach(() => {
  account = testAccount();
  client = account.client;
});

const orders: CreateTableCommandInput = {
  TableName: 'Orders',
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
    { AttributeName: 'status', AttributeType: 'S' },
    { AttributeName: 'amount', AttributeType: 'N' },
  ],
  KeySchema: keySchema('pk', 'sk'),
  ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byStatus',
      KeySchema: keySchema('status'),
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['amount'] },
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    },
  ],
  LocalSecondaryIndexes: [
    {
      IndexName: 'byAmount',
      KeySchema: keySchema('pk', 'amount'),
      Projection: { ProjectionType: 'KEYS_ONLY' },
    },
  ],
  StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  Tags: [{ Key: 'team', Value: 'payments' }],
};

describe('CreateTable and DescribeTable', () => {
  it('answers CREATING, then describes the table ACTIVE with its indexes, stream and ARNs', async () => {
    const created = await client.send(new CreateTableCommand(orders));
    expect(created.TableDescription!.TableStatus).toBe('CREATING');
    expect(created.TableDescription!.GlobalSecondaryIndexes![0]!.IndexStatus).toBe('CREATING');
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: 'Orders' });
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'Orders' }));
    expect(Table).toMatchObject({
      TableName: 'Orders',
      TableStatus: 'ACTIVE',
      TableArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
      KeySchema: keySchema('pk', 'sk'),
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 },
      ItemCount: 0,
      TableSizeBytes: 0,
      DeletionProtectionEnabled: false,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          IndexStatus: 'ACTIVE',
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['amount'] },
          IndexArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders/index/byStatus',
        },
      ],
      LocalSecondaryIndexes: [{ IndexName: 'byAmount', Projection: { ProjectionType: 'KEYS_ONLY' } }],
    });
    expect(Table!.CreationDateTime).toBeInstanceOf(Date);
    expect(Table!.LatestStreamArn).toBe(
      `arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/${Table!.LatestStreamLabel}`,
    );
    expect(Table!.LatestStreamLabel).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    expect(Table!.BillingModeSummary).toBeUndefined();
  });

  it('counts items and bytes, table and indexes', async () => {
    await client.send(new CreateTableCommand(orders));
    await client.send(
      new PutItemCommand({
        TableName: 'Orders',
        Item: { pk: { S: 'a' }, sk: { S: '1' }, status: { S: 'new' }, amount: { N: '5' }, extra: { S: 'x' } },
      }),
    );
    await client.send(new PutItemCommand({ TableName: 'Orders', Item: { pk: { S: 'a' }, sk: { S: '2' } } }));
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'Orders' }));
    // pk a: 3, sk: 3, status new: 9, amount 5: 8, extra x: 6 → 29; the second item 6.
    expect(Table!.ItemCount).toBe(2);
    expect(Table!.TableSizeBytes).toBe(35);
    expect(Table!.GlobalSecondaryIndexes![0]).toMatchObject({ ItemCount: 1, IndexSizeBytes: 23 });
    expect(Table!.LocalSecondaryIndexes![0]).toMatchObject({ ItemCount: 1, IndexSizeBytes: 14 });
  });

  it('refuses an existing table and malformed definitions with DynamoDB messages', async () => {
    await client.send(new CreateTableCommand(orders));
    const again = await failure(client.send(new CreateTableCommand(orders)));
    expect(again).toBeInstanceOf(ResourceInUseException);
    expect(again.message).toBe('Table already exists: Orders');
    const message = async (input: Partial<CreateTableCommandInput>) =>
      (
        await failure(
          client.send(
            new CreateTableCommand({
              TableName: 'Other',
              AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
              KeySchema: keySchema('id'),
              BillingMode: 'PAY_PER_REQUEST',
              ...input,
            } as CreateTableCommandInput),
          ),
        )
      ).message;
    expect(await message({ BillingMode: 'PROVISIONED' })).toBe(
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    );
    expect(await message({ ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } })).toBe(
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    );
    expect(await message({ KeySchema: keySchema('other') })).toBe(
      'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [other], AttributeDefinitions: [id]',
    );
    expect(
      await message({
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' },
          { AttributeName: 'unused', AttributeType: 'S' },
        ],
      }),
    ).toBe(
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    );
    expect(
      await message({
        GlobalSecondaryIndexes: [
          { IndexName: 'gsi', KeySchema: keySchema('id', 'id'), Projection: { ProjectionType: 'ALL' } },
        ],
      }),
    ).toBe('Both the Hash Key and the Range Key element in the KeySchema have the same name');
    expect(await message({ StreamSpecification: { StreamEnabled: true } })).toBe(
      'One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required',
    );
    expect(await message({ TableName: 'x' })).toBe(
      "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
  });

  it('an unknown table is ResourceNotFoundException naming it', async () => {
    const error = await failure(client.send(new DescribeTableCommand({ TableName: 'Nope' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe('Requested resource not found: Table: Nope not found');
  });
});

describe('ListTables', () => {
  it('lists names in order and pages with LastEvaluatedTableName', async () => {
    for (const name of ['charlie', 'alpha', 'echo', 'bravo', 'delta']) {
      await client.send(
        new CreateTableCommand({
          TableName: name,
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: keySchema('id'),
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
    const first = await client.send(new ListTablesCommand({ Limit: 2 }));
    expect(first).toMatchObject({ TableNames: ['alpha', 'bravo'], LastEvaluatedTableName: 'bravo' });
    const names: string[] = [];
    for await (const page of paginateListTables({ client, pageSize: 2 }, {})) names.push(...page.TableNames!);
    expect(names).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    const last = await client.send(new ListTablesCommand({ ExclusiveStartTableName: 'charlie' }));
    expect(last.TableNames).toEqual(['delta', 'echo']);
    expect(last.LastEvaluatedTableName).toBeUndefined();
    const tooMany = await failure(client.send(new ListTablesCommand({ Limit: 101 })));
    expect(tooMany.message).toBe(
      "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
  });
});

describe('UpdateTable', () => {
  beforeEach(async () => {
    await client.send(new CreateTableCommand({ ...orders, StreamSpecification: undefined }));
    for (let i = 0; i < 5; i++) {
      await client.send(
        new PutItemCommand({
          TableName: 'Orders',
          Item: { pk: { S: 'p' }, sk: { S: String(i) }, region: { S: i % 2 ? 'eu' : 'us' } },
        }),
      );
    }
  });

  it('adds a GSI that is backfilled from existing items, then removes it', async () => {
    const updated = await client.send(
      new UpdateTableCommand({
        TableName: 'Orders',
        AttributeDefinitions: [{ AttributeName: 'region', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: 'byRegion',
              KeySchema: keySchema('region'),
              Projection: { ProjectionType: 'ALL' },
              ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            },
          },
        ],
      }),
    );
    expect(updated.TableDescription!.TableStatus).toBe('UPDATING');
    const created = updated.TableDescription!.GlobalSecondaryIndexes!.find(
      (index) => index.IndexName === 'byRegion',
    )!;
    expect(created).toMatchObject({ IndexStatus: 'CREATING', Backfilling: true });
    const { Count } = await client.send(
      new QueryCommand({
        TableName: 'Orders',
        IndexName: 'byRegion',
        KeyConditionExpression: '#r = :r',
        ExpressionAttributeNames: { '#r': 'region' },
        ExpressionAttributeValues: { ':r': { S: 'us' } },
      }),
    );
    expect(Count).toBe(3);
    await client.send(
      new UpdateTableCommand({
        TableName: 'Orders',
        GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: 'byRegion' } }],
      }),
    );
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'Orders' }));
    expect(Table!.GlobalSecondaryIndexes!.map((index) => index.IndexName)).toEqual(['byStatus']);
    expect(Table!.AttributeDefinitions!.map((attribute) => attribute.AttributeName)).not.toContain('region');
  });

  it('switches billing modes and changes throughput', async () => {
    const onDemand = await client.send(
      new UpdateTableCommand({ TableName: 'Orders', BillingMode: 'PAY_PER_REQUEST' }),
    );
    expect(onDemand.TableDescription!.BillingModeSummary!.BillingMode).toBe('PAY_PER_REQUEST');
    expect(onDemand.TableDescription!.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 0,
      WriteCapacityUnits: 0,
    });
    const needsThroughput = await failure(
      client.send(new UpdateTableCommand({ TableName: 'Orders', BillingMode: 'PROVISIONED' })),
    );
    expect(needsThroughput.message).toBe(
      'One or more parameter values were invalid: ProvisionedThroughput must be specified when BillingMode is PROVISIONED',
    );
    await client.send(
      new UpdateTableCommand({
        TableName: 'Orders',
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
      }),
    );
    const same = await failure(
      client.send(
        new UpdateTableCommand({
          TableName: 'Orders',
          ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
        }),
      ),
    );
    expect(same.message).toMatch(
      /^The provisioned throughput for the table will not change\. The requested value equals the current value\./,
    );
  });

  it('enables and disables the stream; LatestStreamArn stays after disabling', async () => {
    const enabled = await client.send(
      new UpdateTableCommand({
        TableName: 'Orders',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    const arn = enabled.TableDescription!.LatestStreamArn!;
    const twice = await failure(
      client.send(
        new UpdateTableCommand({
          TableName: 'Orders',
          StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
        }),
      ),
    );
    expect(twice.message).toBe('Table already has an enabled stream: TableName: Orders');
    await client.send(
      new UpdateTableCommand({ TableName: 'Orders', StreamSpecification: { StreamEnabled: false } }),
    );
    const { Table } = await client.send(new DescribeTableCommand({ TableName: 'Orders' }));
    expect(Table!.StreamSpecification).toBeUndefined();
    expect(Table!.LatestStreamArn).toBe(arn);
    const none = await failure(
      client.send(
        new UpdateTableCommand({ TableName: 'Orders', StreamSpecification: { StreamEnabled: false } }),
      ),
    );
    expect(none.message).toBe('Table has no stream to disable: TableName: Orders');
  });

  it('refuses empty updates and two index changes at once', async () => {
    const empty = await failure(client.send(new UpdateTableCommand({ TableName: 'Orders' })));
    expect(empty.message).toMatch(
      /^At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, GlobalSecondaryIndexUpdates/,
    );
    const two = await failure(
      client.send(
        new UpdateTableCommand({
          TableName: 'Orders',
          AttributeDefinitions: [{ AttributeName: 'region', AttributeType: 'S' }],
          GlobalSecondaryIndexUpdates: [
            { Delete: { IndexName: 'byStatus' } },
            {
              Create: {
                IndexName: 'byRegion',
                KeySchema: keySchema('region'),
                Projection: { ProjectionType: 'ALL' },
                ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
              },
            },
          ],
        }),
      ),
    );
    expect(two.name).toBe('LimitExceededException');
    expect(two.message).toBe(
      'Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table',
    );
  });
});

describe('DeleteTable and tags', () => {
  it('deletes (answering DELETING), unless deletion protection is on', async () => {
    await client.send(new CreateTableCommand({ ...orders, DeletionProtectionEnabled: true }));
    const protectedError = await failure(client.send(new DeleteTableCommand({ TableName: 'Orders' })));
    expect(protectedError.message).toBe(
      'Resource cannot be deleted as it is currently protected against deletion. Disable deletion protection first.',
    );
    await client.send(new UpdateTableCommand({ TableName: 'Orders', DeletionProtectionEnabled: false }));
    const deleted = await client.send(new DeleteTableCommand({ TableName: 'Orders' }));
    expect(deleted.TableDescription!.TableStatus).toBe('DELETING');
    expect(await failure(client.send(new DescribeTableCommand({ TableName: 'Orders' })))).toBeInstanceOf(
      ResourceNotFoundException,
    );
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  });

  it('keeps tags given at creation and added later', async () => {
    await client.send(new CreateTableCommand(orders));
    // Calls naming an ARN go to the account endpoint (<account>.ddb.<region>.amazonaws.com) unless the client
    // opts out; the account's router serves only the regional endpoint so far.
    const arnClient = new DynamoDBClient({
      ...testClientConfig(account.account),
      accountIdEndpointMode: 'disabled',
    });
    const ResourceArn = 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders';
    await arnClient.send(new TagResourceCommand({ ResourceArn, Tags: [{ Key: 'env', Value: 'dev' }] }));
    const { Tags } = await arnClient.send(new ListTagsOfResourceCommand({ ResourceArn }));
    expect(Tags).toEqual([
      { Key: 'team', Value: 'payments' },
      { Key: 'env', Value: 'dev' },
    ]);
  });
});

describe('unknown operations', () => {
  it('answers UnknownOperationException for a target it does not serve', async () => {
    const response = await account.account.handle(
      {
        method: 'POST',
        hostname: 'dynamodb.us-east-1.amazonaws.com',
        path: '/',
        query: {},
        headers: { 'x-amz-target': 'DynamoDB_20120810.RestoreTableFromBackup' },
        body: new TextEncoder().encode('{}'),
      },
      { kind: 'check' },
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(new TextDecoder().decode(response.body)).__type).toBe(
      'com.amazon.coral.service#UnknownOperationException',
    );
  });
});
