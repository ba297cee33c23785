/** BatchGetItem, BatchWriteItem, TransactWriteItems and TransactGetItems through the real SDK. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  GetItemCommand,
  IdempotentParameterMismatchException,
  PutItemCommand,
  ResourceNotFoundException,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type DynamoDBClient,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { createTable, failure, testAccount, type TestAccount } from './testSupport';

let client: DynamoDBClient;
let account: TestAccount;

beforeEach(async () => {
  account = testAccount();
  client = account.client;
  await createTable(client, 'Accounts', ['id', 'S']);
  await createTable(client, 'Ledger', ['account', 'S'], ['seq', 'N']);
});

const id = (value: string) => ({ id: { S: value } });

describe('BatchWriteItem and BatchGetItem', () => {
  it('writes and deletes across tables, answers with empty UnprocessedItems, and reads back', async () => {
    await client.send(new PutItemCommand({ TableName: 'Accounts', Item: { ...id('gone'), v: { N: '0' } } }));
    const written = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          Accounts: [
            { PutRequest: { Item: { ...id('a'), balance: { N: '10' } } } },
            { PutRequest: { Item: { ...id('b'), balance: { N: '20' } } } },
            { DeleteRequest: { Key: id('gone') } },
          ],
          Ledger: [{ PutRequest: { Item: { account: { S: 'a' }, seq: { N: '1' } } } }],
        },
      }),
    );
    expect(written.UnprocessedItems).toEqual({});
    const read = await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          Accounts: { Keys: [id('a'), id('b'), id('gone'), id('never')], ProjectionExpression: 'balance' },
          Ledger: { Keys: [{ account: { S: 'a' }, seq: { N: '1' } }], ConsistentRead: true },
        },
      }),
    );
    expect(read.Responses!.Accounts).toEqual([{ balance: { N: '10' } }, { balance: { N: '20' } }]);
    expect(read.Responses!.Ledger).toEqual([{ account: { S: 'a' }, seq: { N: '1' } }]);
    expect(read.UnprocessedKeys).toEqual({});
  });

  it('returns what does not fit in 16 MB as UnprocessedKeys', async () => {
    const big = 'x'.repeat(390 * 1024);
    const keys = Array.from({ length: 45 }, (_, i) => id(`big-${i}`));
    for (const key of keys)
      await client.send(new PutItemCommand({ TableName: 'Accounts', Item: { ...key, big: { S: big } } }));
    const first = await client.send(new BatchGetItemCommand({ RequestItems: { Accounts: { Keys: keys } } }));
    const returned = first.Responses!.Accounts!.length;
    const left = first.UnprocessedKeys!.Accounts!.Keys!.length;
    expect(returned).toBeLessThan(45);
    expect(returned + left).toBe(45);
    const second = await client.send(new BatchGetItemCommand({ RequestItems: first.UnprocessedKeys }));
    expect(second.Responses!.Accounts!.length).toBe(left);
    // 17.5 MB of items through the real SDK and back: 1.5–3 s alone, past 8 s on a loaded 2-core machine.
  }, 30_000);

  it('enforces the limits and duplicate rules with DynamoDB messages', async () => {
    const puts = (count: number, prefix = 'k') =>
      Array.from({ length: count }, (_, i) => ({ PutRequest: { Item: id(`${prefix}${i}`) } }));
    const tooMany = await failure(
      client.send(new BatchWriteItemCommand({ RequestItems: { Accounts: puts(26) } })),
    );
    expect(tooMany.name).toBe('ValidationException');
    expect(tooMany.message).toMatch(
      /^1 validation error detected: Value '.*' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: \[Member must have length less than or equal to 25, Member must have length greater than or equal to 1\]$/,
    );
    const acrossTables = await failure(
      client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            Accounts: puts(20),
            Ledger: Array.from({ length: 6 }, (_, i) => ({
              PutRequest: { Item: { account: { S: 'a' }, seq: { N: String(i) } } },
            })),
          },
        }),
      ),
    );
    expect(acrossTables.message).toBe('Too many items requested for the BatchWriteItem call');
    const duplicates = await failure(
      client.send(new BatchWriteItemCommand({ RequestItems: { Accounts: [...puts(1), ...puts(1)] } })),
    );
    expect(duplicates.message).toBe('Provided list of item keys contains duplicates');
    const wrongKey = await failure(
      client.send(
        new BatchWriteItemCommand({
          RequestItems: { Accounts: [{ PutRequest: { Item: { other: { S: 'x' } } } }] },
        }),
      ),
    );
    expect(wrongKey.message).toBe('The provided key element does not match the schema');
    const unknown = await failure(
      client.send(new BatchWriteItemCommand({ RequestItems: { Nope: puts(1) } })),
    );
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    const tooManyKeys = await failure(
      client.send(
        new BatchGetItemCommand({
          RequestItems: { Accounts: { Keys: Array.from({ length: 101 }, (_, i) => id(`k${i}`)) } },
        }),
      ),
    );
    expect(tooManyKeys.message).toMatch(
      /^1 validation error detected: Value '.*' at 'requestItems.Accounts.member.keys' failed to satisfy constraint: Member must have length less than or equal to 100$/,
    );
    const tooManyAcrossTables = await failure(
      client.send(
        new BatchGetItemCommand({
          RequestItems: {
            Accounts: { Keys: Array.from({ length: 60 }, (_, i) => id(`k${i}`)) },
            Ledger: {
              Keys: Array.from({ length: 41 }, (_, i) => ({ account: { S: 'a' }, seq: { N: String(i) } })),
            },
          },
        }),
      ),
    );
    expect(tooManyAcrossTables.message).toBe('Too many items requested for the BatchGetItem call');
    const duplicateKeys = await failure(
      client.send(new BatchGetItemCommand({ RequestItems: { Accounts: { Keys: [id('a'), id('a')] } } })),
    );
    expect(duplicateKeys.message).toBe('Provided list of item keys contains duplicates');
  });

  it('writes nothing when any request in the batch is invalid', async () => {
    await failure(
      client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            Accounts: [{ PutRequest: { Item: id('fine') } }, { PutRequest: { Item: { id: { N: '1' } } } }],
          },
        }),
      ),
    );
    expect(account.dynamodb.table('Accounts')!.count()).toBe(0);
  });
});

describe('TransactWriteItems ("Amazon DynamoDB Transactions: how it works")', () => {
  const transfer = (amount: string): TransactWriteItemsCommandInput => ({
    TransactItems: [
      {
        Update: {
          TableName: 'Accounts',
          Key: id('a'),
          UpdateExpression: 'SET balance = balance - :amount',
          ConditionExpression: 'balance >= :amount',
          ExpressionAttributeValues: { ':amount': { N: amount } },
        },
      },
      {
        Update: {
          TableName: 'Accounts',
          Key: id('b'),
          UpdateExpression: 'SET balance = balance + :amount',
          ExpressionAttributeValues: { ':amount': { N: amount } },
        },
      },
      {
        Put: {
          TableName: 'Ledger',
          Item: { account: { S: 'a' }, seq: { N: '1' }, amount: { N: amount } },
          ConditionExpression: 'attribute_not_exists(seq)',
        },
      },
      {
        ConditionCheck: {
          TableName: 'Accounts',
          Key: id('bank'),
          ConditionExpression: 'attribute_exists(id)',
        },
      },
    ],
  });

  async function balances(): Promise<[string | undefined, string | undefined]> {
    const a = await client.send(new GetItemCommand({ TableName: 'Accounts', Key: id('a') }));
    const b = await client.send(new GetItemCommand({ TableName: 'Accounts', Key: id('b') }));
    return [a.Item?.balance?.N, b.Item?.balance?.N];
  }

  beforeEach(async () => {
    await client.send(
      new PutItemCommand({ TableName: 'Accounts', Item: { ...id('a'), balance: { N: '100' } } }),
    );
    await client.send(
      new PutItemCommand({ TableName: 'Accounts', Item: { ...id('b'), balance: { N: '0' } } }),
    );
    await client.send(new PutItemCommand({ TableName: 'Accounts', Item: id('bank') }));
  });

  it('applies every action together', async () => {
    await client.send(new TransactWriteItemsCommand(transfer('30')));
    expect(await balances()).toEqual(['70', '30']);
    expect(account.dynamodb.table('Ledger')!.count()).toBe(1);
  });

  it('applies nothing when one condition fails, and names the reason per action in order', async () => {
    const error = (await failure(
      client.send(new TransactWriteItemsCommand(transfer('130'))),
    )) as unknown as TransactionCanceledException;
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.message).toBe(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None, None]',
    );
    expect(error.CancellationReasons).toEqual([
      { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' },
      { Code: 'None' },
      { Code: 'None' },
      { Code: 'None' },
    ]);
    expect(await balances()).toEqual(['100', '0']);
    expect(account.dynamodb.table('Ledger')!.count()).toBe(0);
  });

  it('reports a runtime update error as ValidationError, and ALL_OLD items in the reasons', async () => {
    const error = (await failure(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Update: {
                TableName: 'Accounts',
                Key: id('a'),
                UpdateExpression: 'SET balance = absent + :one',
                ExpressionAttributeValues: { ':one': { N: '1' } },
              },
            },
            {
              ConditionCheck: {
                TableName: 'Accounts',
                Key: id('b'),
                ConditionExpression: 'balance > :zero',
                ExpressionAttributeValues: { ':zero': { N: '0' } },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      ),
    )) as unknown as TransactionCanceledException;
    expect(error.CancellationReasons).toEqual([
      {
        Code: 'ValidationError',
        Message: 'The provided expression refers to an attribute that does not exist in the item',
      },
      {
        Code: 'ConditionalCheckFailed',
        Message: 'The conditional request failed',
        Item: { ...id('b'), balance: { N: '0' } },
      },
    ]);
  });

  it('refuses two actions on one item, before evaluating anything', async () => {
    const error = await failure(
      client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Delete: { TableName: 'Accounts', Key: id('a') } },
            {
              ConditionCheck: {
                TableName: 'Accounts',
                Key: id('a'),
                ConditionExpression: 'attribute_exists(id)',
              },
            },
          ],
        }),
      ),
    );
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe('Transaction request cannot include multiple operations on one item');
    expect(await balances()).toEqual(['100', '0']);
  });

  it('a repeated ClientRequestToken applies once; the same token with other parameters is refused', async () => {
    const input = { ...transfer('10'), ClientRequestToken: 'transfer-1' };
    input.TransactItems = input.TransactItems!.slice(0, 2);
    await client.send(new TransactWriteItemsCommand(input));
    await client.send(new TransactWriteItemsCommand(input));
    expect(await balances()).toEqual(['90', '10']);
    const mismatch = await failure(
      client.send(
        new TransactWriteItemsCommand({ ...input, TransactItems: transfer('11').TransactItems!.slice(0, 2) }),
      ),
    );
    expect(mismatch).toBeInstanceOf(IdempotentParameterMismatchException);
    // After ten minutes the token may be used again.
    account.clock.advanceBy(10 * 60 * 1000 + 1);
    await client.send(new TransactWriteItemsCommand(input));
    expect(await balances()).toEqual(['80', '20']);
  });

  it('allows up to 100 actions', async () => {
    const many = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        Put: { TableName: 'Ledger', Item: { account: { S: 'x' }, seq: { N: String(i) } } },
      }));
    await client.send(new TransactWriteItemsCommand({ TransactItems: many(100) }));
    expect(account.dynamodb.table('Ledger')!.count()).toBe(100);
    const error = await failure(client.send(new TransactWriteItemsCommand({ TransactItems: many(101) })));
    expect(error.message).toMatch(
      /at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100/,
    );
  });
});

describe('TransactGetItems', () => {
  it('reads items in request order, with an empty response for a missing one', async () => {
    await client.send(
      new PutItemCommand({
        TableName: 'Accounts',
        Item: { ...id('a'), balance: { N: '5' }, note: { S: 'x' } },
      }),
    );
    const { Responses } = await client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          { Get: { TableName: 'Accounts', Key: id('missing') } },
          { Get: { TableName: 'Accounts', Key: id('a'), ProjectionExpression: 'balance' } },
        ],
      }),
    );
    expect(Responses).toEqual([{}, { Item: { balance: { N: '5' } } }]);
  });
});
