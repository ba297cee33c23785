/** Time to Live ("Using time to live (TTL) in DynamoDB"): expiry by a background sweep, REMOVE records from the service. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeTimeToLiveCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTable, failure, testAccount, type TestAccount } from './testSupport';

let account: TestAccount;
const nowSeconds = () => Math.floor((account.account.epochMs + account.clock.now()) / 1000);

beforeEach(async () => {
  account = testAccount();
  await createTable(account.client, 'Sessions', ['id', 'S'], undefined, {
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'OLD_IMAGE' },
  });
});

async function enable(): Promise<void> {
  await account.client.send(
    new UpdateTimeToLiveCommand({
      TableName: 'Sessions',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    }),
  );
}

describe('Time to Live', () => {
  it('describes and changes the setting, once an hour', async () => {
    const describe = async () =>
      (await account.client.send(new DescribeTimeToLiveCommand({ TableName: 'Sessions' })))
        .TimeToLiveDescription;
    expect(await describe()).toEqual({ TimeToLiveStatus: 'DISABLED' });
    await enable();
    expect(await describe()).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    const tooSoon = await failure(
      account.client.send(
        new UpdateTimeToLiveCommand({
          TableName: 'Sessions',
          TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: false },
        }),
      ),
    );
    expect(tooSoon.message).toBe('Time to live has been modified multiple times within a fixed interval');
    account.clock.advanceBy(60 * 60 * 1000);
    const again = await failure(enable());
    expect(again.message).toBe('TimeToLive is already enabled');
  });

  it('deletes items whose expiry time has passed, leaving others, with service-made REMOVE records', async () => {
    await enable();
    const put = (id: string, expiresAt: unknown) =>
      account.client.send(
        new PutItemCommand({
          TableName: 'Sessions',
          Item: {
            id: { S: id },
            ...(expiresAt === undefined ? {} : { expiresAt: expiresAt as { N: string } }),
          },
        }),
      );
    await put('soon', { N: String(nowSeconds() + 30) });
    await put('later', { N: String(nowSeconds() + 3600) });
    await put('forever', undefined);
    await put('text', { S: '1' });
    await put('ancient', { N: String(nowSeconds() - 6 * 365 * 24 * 3600) });
    account.clock.advanceBy(61_000);
    const soon = await account.client.send(
      new GetItemCommand({ TableName: 'Sessions', Key: { id: { S: 'soon' } } }),
    );
    expect(soon.Item).toBeUndefined();
    expect(
      account.dynamodb
        .table('Sessions')!
        .items()
        .items.map((item) => (item.id as { S: string }).S)
        .sort(),
    ).toEqual(['ancient', 'forever', 'later', 'text']);
    const stream = account.dynamodb.table('Sessions')!.stream()!;
    const remove = stream
      .records(stream.shards()[0]!.shardId)
      .find((record) => record.eventName === 'REMOVE')!;
    expect(remove.userIdentity).toEqual({ type: 'Service', principalId: 'dynamodb.amazonaws.com' });
    expect(remove.dynamodb.OldImage!.id).toEqual({ S: 'soon' });
  });

  it('does nothing while TTL is disabled', async () => {
    await account.client.send(
      new PutItemCommand({
        TableName: 'Sessions',
        Item: { id: { S: 'x' }, expiresAt: { N: String(nowSeconds() - 10) } },
      }),
    );
    account.clock.advanceBy(120_000);
    expect(account.dynamodb.table('Sessions')!.count()).toBe(1);
  });
});
