import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { MAX_RECEIVE_COUNT, startPartialBatch } from './partialBatch';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

async function world() {
  const workspace = createWorkspace('partial-batch-test', {
    host: createInProcessHost(),
    accountStore: createMemoryAccountStore(),
    seed: 5,
  });
  open.push(workspace);
  await workspace.ready;
  return workspace;
}

// https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html
describe('an SQS batch with one poison message, on the real mapping and queue', () => {
  it('without ReportBatchItemFailures the whole batch comes back until the redrive policy moves all five to the DLQ', async () => {
    const workspace = await world();
    const run = startPartialBatch(workspace, { reportBatchItemFailures: false });
    await workspace.live.fastForward({ until: 'idle' });
    const snapshot = run.snapshot();
    expect(snapshot.invocations).toBe(MAX_RECEIVE_COUNT);
    for (const message of snapshot.messages) {
      expect(message, message.orderId).toMatchObject({
        deliveries: MAX_RECEIVE_COUNT,
        receiveCount: MAX_RECEIVE_COUNT,
        where: 'dead-letter queue',
      });
    }
    expect(snapshot.batches.map((batch) => batch.result)).toEqual(['error', 'error', 'error']);
    run.dispose();
  }, 30_000);

  it('with ReportBatchItemFailures the four good orders are processed once and only the poison one reaches the DLQ', async () => {
    const workspace = await world();
    const run = startPartialBatch(workspace, { reportBatchItemFailures: true });
    await workspace.live.fastForward({ until: 'idle' });
    const snapshot = run.snapshot();
    const good = snapshot.messages.filter((message) => !message.poison);
    const poison = snapshot.messages.find((message) => message.poison)!;
    expect(good).toHaveLength(4);
    for (const message of good) expect(message).toMatchObject({ deliveries: 1, where: 'processed' });
    expect(poison).toMatchObject({
      orderId: 'order-3',
      deliveries: MAX_RECEIVE_COUNT,
      receiveCount: MAX_RECEIVE_COUNT,
      where: 'dead-letter queue',
    });
    expect(snapshot.batches[0]).toMatchObject({ size: 5, result: 'partial' });
    expect(snapshot.batches.slice(1).map((batch) => batch.size)).toEqual([1, 1]);
    run.dispose();
  }, 30_000);
});
