import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../sim/clock';
import { AwsAccount } from '../sim/aws/account';
import { ALL_SERVICES } from '../sim/aws/services';
import type { DynamoDb } from '../sim/aws/dynamodb';
import { createMemoryAccountStore } from '../platform/accountStore';
import { storageStatus } from '../platform/storage';
import { AccountPersistence, parseSavedRecord } from './accountPersistence';
import { LESSON_ORDERS_TABLE, seedWorkspaceAccount } from './accountSeeds';
import { createWorld } from '../sim/lambda/eventSources/testSupport';
import { createLambdaApi } from '../sim/aws/lambda';
import { TRANSITION_MS } from '../sim/lambda/eventSources/EventSourceMappings';

/** An account with the Lambda API and its event source mappings, as a workspace wires them. */
function mappingWorld() {
  const world = createWorld(() => null);
  world.account.register(
    createLambdaApi(world.service, { mappings: () => world.mappings })(world.account.context),
  );
  return world;
}

function account() {
  return new AwsAccount({ clock: new VirtualClock(), epochMs: Date.UTC(2026, 11, 1) }, ALL_SERVICES);
}

function tableWithItem(target: AwsAccount, id = 'o-1') {
  const dynamodb = target.service<DynamoDb>('dynamodb')!;
  if (!dynamodb.listTables().includes('Orders'))
    dynamodb.call('CreateTable', {
      TableName: 'Orders',
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  dynamodb.call('PutItem', { TableName: 'Orders', Item: { id: { S: id } } });
}

function items(target: AwsAccount): string[] {
  const table = target.service<DynamoDb>('dynamodb')!.table('Orders');
  return table ? table.items({ limit: 100 }).items.map((item) => (item.id as { S: string }).S) : [];
}

afterEach(() => storageStatus.setState({ notices: [] }));

describe('AccountPersistence', () => {
  it('saves after a change and the next open of the workspace restores it', async () => {
    const store = createMemoryAccountStore();
    const first = account();
    const saving = new AccountPersistence('playground', first, store);
    await saving.ready;
    tableWithItem(first);
    await saving.flush();
    expect(parseSavedRecord(await store.read('playground')).ok).toBe(true);

    const second = account();
    const restoring = new AccountPersistence('playground', second, store);
    await restoring.ready;
    expect(restoring.restored).toBe(true);
    expect(items(second)).toEqual(['o-1']);
    // Another workspace's account is its own.
    const other = account();
    await new AccountPersistence('lab-1', other, store).ready;
    expect(items(other)).toEqual([]);
  });

  it('a corrupted saved account starts clean, keeps the bad copy and says so', async () => {
    const store = createMemoryAccountStore('test store');
    const bad = {
      version: 1,
      savedAt: 1,
      json: '{"format":"coldstart-aws-account","version":1,"services":{"dynamodb":{"tables":"oops"}}}',
    };
    await store.write('playground', bad as never);
    const target = account();
    const persistence = new AccountPersistence('playground', target, store);
    await persistence.ready;
    expect(persistence.restored).toBe(false);
    expect(items(target)).toEqual([]);
    expect(await store.read('playground')).toBeUndefined();
    const [backup] = await store.backups();
    expect(backup).toMatch(/^playground:backup:\d+$/);
    expect(await store.read(backup!)).toEqual(bad);
    expect(storageStatus.getState().notices).toEqual([
      { kind: 'corrupt', key: 'test store › playground', backupKey: `test store › ${backup}` },
    ]);
  });

  it('text that is not JSON is treated the same way', async () => {
    const store = createMemoryAccountStore();
    await store.write('playground', { version: 1, savedAt: 1, json: '{"format": "coldstart-aws-acc' });
    const persistence = new AccountPersistence('playground', account(), store);
    await persistence.ready;
    expect(await store.backups()).toHaveLength(1);
    expect(storageStatus.getState().notices[0]?.kind).toBe('corrupt');
  });

  it('imports a valid export and refuses a bad file without changing anything', async () => {
    const source = account();
    tableWithItem(source, 'from-file');
    const exported = new AccountPersistence('x', source, null).exportJson();

    const store = createMemoryAccountStore();
    const target = account();
    const persistence = new AccountPersistence('playground', target, store);
    await persistence.ready;
    tableWithItem(target, 'mine');

    const broken = JSON.parse(exported) as { services: { dynamodb: unknown; sqs: unknown } };
    broken.services.sqs = { queues: 'not a list' };
    for (const file of ['not json', '{"format":"something else"}', JSON.stringify(broken)]) {
      const result = await persistence.importJson(file);
      expect(result.ok).toBe(false);
      expect(items(target)).toEqual(['mine']);
    }
    expect(await persistence.importJson(exported)).toEqual({ ok: true });
    expect(items(target)).toEqual(['from-file']);
    const saved = parseSavedRecord(await store.read('playground'));
    expect(saved.ok && JSON.stringify(saved.data)).toContain('from-file');
  });

  it('reset empties the account and puts back what the workspace starts with', async () => {
    const store = createMemoryAccountStore();
    const lessons = account();
    const persistence = new AccountPersistence('lessons', lessons, store, (target) =>
      seedWorkspaceAccount('lessons', target),
    );
    await persistence.ready;
    const dynamodb = lessons.service<DynamoDb>('dynamodb')!;
    expect(dynamodb.listTables()).toEqual([LESSON_ORDERS_TABLE]);
    expect(dynamodb.table(LESSON_ORDERS_TABLE)!.count()).toBe(1);
    tableWithItem(lessons);
    await persistence.reset();
    expect(dynamodb.listTables()).toEqual([LESSON_ORDERS_TABLE]);

    const playground = account();
    await new AccountPersistence('playground', playground, null, (target) =>
      seedWorkspaceAccount('playground', target),
    ).ready;
    expect(playground.service<DynamoDb>('dynamodb')!.listTables()).toEqual([]);
  });

  it('event source mappings come back after a reload; an unreadable one is kept aside, named, and nothing else is lost', async () => {
    const store = createMemoryAccountStore('test store');
    const first = mappingWorld();
    const saving = new AccountPersistence('playground', first.account, store);
    await saving.ready;
    const queue = first.sqs.createQueue('orders', { VisibilityTimeout: '30' });
    tableWithItem(first.account);
    await saving.flush();
    // The mapping's own changes (created, then Enabled on the clock) schedule the next save.
    const created = first.mappings.create({
      functionName: 'consumer',
      eventSourceArn: queue.arn,
      batchSize: 4,
    });
    if (!created.ok) throw new Error(created.message);
    first.clock.advanceBy(TRANSITION_MS);
    await saving.flush();

    const second = mappingWorld();
    const restoring = new AccountPersistence('playground', second.account, store);
    await restoring.ready;
    expect(
      second.mappings.list().map((view) => [view.config.uuid, view.state, view.config.batchSize]),
    ).toEqual([[created.mapping.config.uuid, 'Enabled', 4]]);
    expect(storageStatus.getState().notices).toEqual([]);

    const record = (await store.read('playground')) as { version: number; savedAt: number; json: string };
    const data = JSON.parse(record.json) as {
      services: { lambda: { eventSourceMappings: { mappings: unknown[] } } };
    };
    data.services.lambda.eventSourceMappings.mappings.push({ state: 'Enabled' });
    const damaged = { ...record, json: JSON.stringify(data) };
    await store.write('playground', damaged as never);

    const third = mappingWorld();
    const tolerant = new AccountPersistence('playground', third.account, store);
    await tolerant.ready;
    expect(tolerant.restored).toBe(true);
    expect(items(third.account)).toEqual(['o-1']);
    expect(third.mappings.list()).toHaveLength(1);
    const [backup] = await store.backups();
    expect(await store.read(backup!)).toEqual(damaged);
    expect(storageStatus.getState().notices).toEqual([
      {
        kind: 'corrupt',
        key: 'test store › playground › event source mappings',
        backupKey: `test store › ${backup}`,
      },
    ]);
  });
});
