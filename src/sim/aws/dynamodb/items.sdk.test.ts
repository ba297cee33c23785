/** GetItem, PutItem, UpdateItem, DeleteItem through the real @aws-sdk/client-dynamodb. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  UpdateItemCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { testClientConfig } from '../testing/sdkClient';
import { createTable, failure, testAccount, type TestAccount } from './testSupport';

let client: DynamoDBClient;
let account: TestAccount;

beforeEach(async () => {
  account = testAccount();
  client = account.client;
  await createTable(client, 'Orders', ['customer', 'S'], ['orderId', 'N']);
  await createTable(client, 'Sessions', ['id', 'B']);
});

const key = { customer: { S: 'alice' }, orderId: { N: '1' } };

describe('PutItem and GetItem', () => {
  it('stores an item and reads it back with numbers canonicalised', async () => {
    await client.send(
      new PutItemCommand({
        TableName: 'Orders',
        Item: {
          ...key,
          total: { N: '012.50' },
          lines: { L: [{ M: { sku: { S: 'A-1' }, qty: { N: '2' } } }] },
        },
      }),
    );
    const { Item } = await client.send(new GetItemCommand({ TableName: 'Orders', Key: key }));
    expect(Item).toEqual({
      ...key,
      total: { N: '12.5' },
      lines: { L: [{ M: { sku: { S: 'A-1' }, qty: { N: '2' } } }] },
    });
  });

  it('returns no Item for a missing key, and an empty Item when a projection matches nothing', async () => {
    expect((await client.send(new GetItemCommand({ TableName: 'Orders', Key: key }))).Item).toBeUndefined();
    await client.send(new PutItemCommand({ TableName: 'Orders', Item: { ...key, a: { S: 'x' } } }));
    const projected = await client.send(
      new GetItemCommand({ TableName: 'Orders', Key: key, ProjectionExpression: 'nothing' }),
    );
    expect(projected.Item).toEqual({});
  });

  it('projects nested paths and list elements ("Projection expressions")', async () => {
    await client.send(
      new PutItemCommand({
        TableName: 'Orders',
        Item: {
          ...key,
          address: { M: { city: { S: 'Lyon' }, zip: { S: '69001' } } },
          tags: { L: [{ S: 't0' }, { S: 't1' }, { S: 't2' }] },
          note: { S: 'n' },
        },
      }),
    );
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: 'Orders',
        Key: key,
        ProjectionExpression: '#a.city, tags[2], tags[0], #n',
        ExpressionAttributeNames: { '#a': 'address', '#n': 'note' },
      }),
    );
    expect(Item).toEqual({
      address: { M: { city: { S: 'Lyon' } } },
      tags: { L: [{ S: 't0' }, { S: 't2' }] },
      note: { S: 'n' },
    });
  });

  it('binary keys work end to end', async () => {
    const id = new Uint8Array([0, 255, 1]);
    await client.send(
      new PutItemCommand({
        TableName: 'Sessions',
        Item: { id: { B: id }, v: { BS: [new Uint8Array([1]), new Uint8Array([2])] } },
      }),
    );
    const { Item } = await client.send(new GetItemCommand({ TableName: 'Sessions', Key: { id: { B: id } } }));
    expect(Array.from(Item!.id!.B!)).toEqual([0, 255, 1]);
    expect(Item!.v!.BS!.map((member) => Array.from(member))).toEqual([[1], [2]]);
  });

  it('ReturnValues ALL_OLD gives the replaced item; a conditional put that fails raises ConditionalCheckFailedException', async () => {
    await client.send(new PutItemCommand({ TableName: 'Orders', Item: { ...key, v: { N: '1' } } }));
    const replaced = await client.send(
      new PutItemCommand({ TableName: 'Orders', Item: { ...key, v: { N: '2' } }, ReturnValues: 'ALL_OLD' }),
    );
    expect(replaced.Attributes).toEqual({ ...key, v: { N: '1' } });
    const error = await failure(
      client.send(
        new PutItemCommand({
          TableName: 'Orders',
          Item: { ...key, v: { N: '3' } },
          ConditionExpression: 'attribute_not_exists(customer)',
        }),
      ),
    );
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error.message).toBe('The conditional request failed');
    expect((error as unknown as ConditionalCheckFailedException).Item).toBeUndefined();
    expect((await client.send(new GetItemCommand({ TableName: 'Orders', Key: key }))).Item!.v).toEqual({
      N: '2',
    });
  });

  it('ReturnValuesOnConditionCheckFailure ALL_OLD puts the stored item in the exception', async () => {
    await client.send(new PutItemCommand({ TableName: 'Orders', Item: { ...key, status: { S: 'paid' } } }));
    const error = (await failure(
      client.send(
        new PutItemCommand({
          TableName: 'Orders',
          Item: { ...key, status: { S: 'new' } },
          ConditionExpression: '#s = :expected',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':expected': { S: 'pending' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    )) as unknown as ConditionalCheckFailedException;
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error.Item).toEqual({ ...key, status: { S: 'paid' } });
  });
});

describe('UpdateItem', () => {
  it('creates the item when it does not exist, and answers each ReturnValues option', async () => {
    const created = await client.send(
      new UpdateItemCommand({
        TableName: 'Orders',
        Key: key,
        UpdateExpression: 'SET visits = if_not_exists(visits, :zero) + :one, tags = :tags',
        ExpressionAttributeValues: { ':zero': { N: '0' }, ':one': { N: '1' }, ':tags': { SS: ['new'] } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(created.Attributes).toEqual({ ...key, visits: { N: '1' }, tags: { SS: ['new'] } });

    const updatedOld = await client.send(
      new UpdateItemCommand({
        TableName: 'Orders',
        Key: key,
        UpdateExpression: 'ADD visits :one, tags :more',
        ExpressionAttributeValues: { ':one': { N: '1' }, ':more': { SS: ['vip'] } },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    expect(updatedOld.Attributes).toEqual({ visits: { N: '1' }, tags: { SS: ['new'] } });

    const updatedNew = await client.send(
      new UpdateItemCommand({
        TableName: 'Orders',
        Key: key,
        UpdateExpression: 'SET profile = :p REMOVE tags',
        ExpressionAttributeValues: { ':p': { M: { tier: { S: 'gold' } } } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(updatedNew.Attributes).toEqual({ profile: { M: { tier: { S: 'gold' } } } });

    const nested = await client.send(
      new UpdateItemCommand({
        TableName: 'Orders',
        Key: key,
        UpdateExpression: 'SET profile.tier = :t',
        ExpressionAttributeValues: { ':t': { S: 'platinum' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    expect(nested.Attributes).toEqual({ profile: { M: { tier: { S: 'platinum' } } } });

    const allOld = await client.send(
      new UpdateItemCommand({
        TableName: 'Orders',
        Key: key,
        UpdateExpression: 'REMOVE visits',
        ReturnValues: 'ALL_OLD',
      }),
    );
    expect(allOld.Attributes).toEqual({
      ...key,
      visits: { N: '2' },
      profile: { M: { tier: { S: 'platinum' } } },
    });

    const none = await client.send(
      new UpdateItemCommand({ TableName: 'Orders', Key: key, UpdateExpression: 'REMOVE profile' }),
    );
    expect(none.Attributes).toBeUndefined();
  });

  it('checks the condition against the stored item before updating (optimistic locking)', async () => {
    await client.send(new PutItemCommand({ TableName: 'Orders', Item: { ...key, version: { N: '1' } } }));
    const bump = (expected: string) =>
      client.send(
        new UpdateItemCommand({
          TableName: 'Orders',
          Key: key,
          UpdateExpression: 'SET version = version + :one',
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':one': { N: '1' }, ':expected': { N: expected } },
        }),
      );
    await bump('1');
    expect(await failure(bump('1'))).toBeInstanceOf(ConditionalCheckFailedException);
    expect((await client.send(new GetItemCommand({ TableName: 'Orders', Key: key }))).Item!.version).toEqual({
      N: '2',
    });
  });

  it('refuses to change key attributes and reports operand type errors', async () => {
    const keyChange = await failure(
      client.send(
        new UpdateItemCommand({
          TableName: 'Orders',
          Key: key,
          UpdateExpression: 'SET customer = :c',
          ExpressionAttributeValues: { ':c': { S: 'bob' } },
        }),
      ),
    );
    expect(keyChange.name).toBe('ValidationException');
    expect(keyChange.message).toBe(
      'One or more parameter values were invalid: Cannot update attribute customer. This attribute is part of the key',
    );
    await client.send(new PutItemCommand({ TableName: 'Orders', Item: { ...key, name: { S: 'x' } } }));
    const typeError = await failure(
      client.send(
        new UpdateItemCommand({
          TableName: 'Orders',
          Key: key,
          UpdateExpression: 'SET #n = #n + :one',
          ExpressionAttributeNames: { '#n': 'name' },
          ExpressionAttributeValues: { ':one': { N: '1' } },
        }),
      ),
    );
    expect(typeError.message).toBe('An operand in the update expression has an incorrect data type');
  });

  it('keeps the 400 KB limit after the update is applied', async () => {
    await client.send(
      new PutItemCommand({ TableName: 'Orders', Item: { ...key, a: { S: 'x'.repeat(300 * 1024) } } }),
    );
    const error = await failure(
      client.send(
        new UpdateItemCommand({
          TableName: 'Orders',
          Key: key,
          UpdateExpression: 'SET b = :b',
          ExpressionAttributeValues: { ':b': { S: 'y'.repeat(200 * 1024) } },
        }),
      ),
    );
    expect(error.message).toBe('Item size to update has exceeded the maximum allowed size');
  });
});

describe('DeleteItem', () => {
  it('deletes, returns the old item on request, and honours conditions', async () => {
    await client.send(new PutItemCommand({ TableName: 'Orders', Item: { ...key, state: { S: 'open' } } }));
    const blocked = await failure(
      client.send(
        new DeleteItemCommand({
          TableName: 'Orders',
          Key: key,
          ConditionExpression: '#s = :closed',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':closed': { S: 'closed' } },
        }),
      ),
    );
    expect(blocked).toBeInstanceOf(ConditionalCheckFailedException);
    const deleted = await client.send(
      new DeleteItemCommand({ TableName: 'Orders', Key: key, ReturnValues: 'ALL_OLD' }),
    );
    expect(deleted.Attributes).toEqual({ ...key, state: { S: 'open' } });
    const again = await client.send(
      new DeleteItemCommand({ TableName: 'Orders', Key: key, ReturnValues: 'ALL_OLD' }),
    );
    expect(again.Attributes).toBeUndefined();
  });
});

describe('validation (DynamoDB messages)', () => {
  async function message(promise: Promise<unknown>): Promise<string> {
    const error = await failure(promise);
    expect(error.name).toBe('ValidationException');
    return error.message;
  }

  it('an unknown table is ResourceNotFoundException', async () => {
    const error = await failure(client.send(new GetItemCommand({ TableName: 'Missing', Key: key })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe('Requested resource not found');
  });

  it('keys must match the schema exactly', async () => {
    const mismatch = 'The provided key element does not match the schema';
    expect(
      await message(client.send(new GetItemCommand({ TableName: 'Orders', Key: { customer: { S: 'a' } } }))),
    ).toBe(mismatch);
    expect(
      await message(
        client.send(
          new GetItemCommand({ TableName: 'Orders', Key: { customer: { S: 'a' }, orderId: { S: '1' } } }),
        ),
      ),
    ).toBe(mismatch);
    expect(
      await message(
        client.send(new GetItemCommand({ TableName: 'Orders', Key: { ...key, extra: { S: 'x' } } })),
      ),
    ).toBe(mismatch);
    expect(
      await message(client.send(new PutItemCommand({ TableName: 'Orders', Item: { customer: { S: 'a' } } }))),
    ).toBe('One or more parameter values were invalid: Missing the key orderId in the item');
    expect(
      await message(
        client.send(
          new PutItemCommand({ TableName: 'Orders', Item: { customer: { S: 'a' }, orderId: { S: '1' } } }),
        ),
      ),
    ).toBe('One or more parameter values were invalid: Type mismatch for key orderId expected: N actual: S');
  });

  it('key values must not be empty, and partition keys stay within 2048 bytes', async () => {
    expect(
      await message(
        client.send(
          new PutItemCommand({ TableName: 'Orders', Item: { customer: { S: '' }, orderId: { N: '1' } } }),
        ),
      ),
    ).toBe(
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: customer',
    );
    expect(
      await message(
        client.send(
          new PutItemCommand({
            TableName: 'Orders',
            Item: { customer: { S: 'x'.repeat(2049) }, orderId: { N: '1' } },
          }),
        ),
      ),
    ).toBe(
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    );
  });

  it('items over 400 KB are refused ("Item size has exceeded the maximum allowed size")', async () => {
    // 400 KB = 409,600 bytes: names 8 + 7 + 4 bytes, the number 2 bytes, so the string may be 409,579 bytes.
    const base = { customer: { S: 'a' }, orderId: { N: '1' } };
    const fits = 409600 - (8 + 1) - (7 + 2) - 4;
    await client.send(
      new PutItemCommand({ TableName: 'Orders', Item: { ...base, blob: { S: 'x'.repeat(fits) } } }),
    );
    expect(
      await message(
        client.send(
          new PutItemCommand({ TableName: 'Orders', Item: { ...base, blob: { S: 'x'.repeat(fits + 1) } } }),
        ),
      ),
    ).toBe('Item size has exceeded the maximum allowed size');
  });

  it('expression problems are reported before the table is looked up', async () => {
    expect(
      await message(
        client.send(
          new PutItemCommand({
            TableName: 'Missing',
            Item: key,
            ConditionExpression: 'attribute_not_exists(',
          }),
        ),
      ),
    ).toMatch(/^Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "\("$/);
    expect(
      await message(
        client.send(
          new UpdateItemCommand({
            TableName: 'Orders',
            Key: key,
            UpdateExpression: 'SET a = :a',
            ExpressionAttributeValues: { ':a': { S: 'x' }, ':b': { S: 'y' } },
          }),
        ),
      ),
    ).toBe('Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}');
  });

  it('PutItem and DeleteItem accept only ALL_OLD or NONE as ReturnValues', async () => {
    expect(
      await message(
        client.send(new PutItemCommand({ TableName: 'Orders', Item: key, ReturnValues: 'ALL_NEW' })),
      ),
    ).toBe('ReturnValues can only be ALL_OLD or NONE');
  });

  it('parameter constraints are listed together', async () => {
    expect(await message(client.send(new GetItemCommand({ TableName: 'ab', Key: key })))).toBe(
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
    expect(await message(client.send(new GetItemCommand({ TableName: 'a!', Key: key })))).toBe(
      "2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    );
  });

  it('numbers out of range are refused with DynamoDB messages', async () => {
    expect(
      await message(
        client.send(new PutItemCommand({ TableName: 'Orders', Item: { ...key, n: { N: '1E+126' } } })),
      ),
    ).toBe('Number overflow. Attempting to store a number with magnitude larger than supported range');
    expect(
      await message(
        client.send(
          new PutItemCommand({
            TableName: 'Orders',
            Item: { ...key, n: { N: '1.23456789012345678901234567890123456789' } },
          }),
        ),
      ),
    ).toBe('Attempting to store more than 38 significant digits in a Number');
  });

  it('accepts a table ARN as TableName', async () => {
    // Calls naming an ARN go to the account endpoint (<account>.ddb.<region>.amazonaws.com) unless the client
    // opts out; the account's router serves only the regional endpoint so far.
    const arnClient = new DynamoDBClient({
      ...testClientConfig(account.account),
      accountIdEndpointMode: 'disabled',
    });
    await arnClient.send(
      new PutItemCommand({
        TableName: 'arn:aws:dynamodb:us-east-1:123456789012:table/Orders',
        Item: { ...key, v: { S: 'arn' } },
      }),
    );
    expect((await client.send(new GetItemCommand({ TableName: 'Orders', Key: key }))).Item!.v).toEqual({
      S: 'arn',
    });
  });
});
