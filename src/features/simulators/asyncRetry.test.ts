import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { startAsyncRetry } from './asyncRetry';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

function world() {
  const workspace = createWorkspace('simulators-test', {
    host: createInProcessHost(),
    accountStore: createMemoryAccountStore(),
    seed: 11,
  });
  open.push(workspace);
  return workspace;
}

// https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html: two retries by default,
// about one minute and then about two minutes after a failed attempt.
describe('the async retry timeline on the real service', () => {
  it('tries three times (retries ~1 min and ~2 min after the failures), then the on-failure destination gets a record', async () => {
    const workspace = world();
    await workspace.ready;
    const run = startAsyncRetry(workspace, { retries: 2, target: 'destination' });
    expect(run.snapshot()).toMatchObject({ statusCode: 202, finished: false, record: null });
    await workspace.live.fastForward({ until: 'idle' });
    const snapshot = run.snapshot();
    expect(snapshot.finished).toBe(true);
    expect(snapshot.attempts).toHaveLength(3);
    const [first, second, third] = snapshot.attempts;
    // The service schedules each retry from the failure; the try itself starts once virtual time gets there (a
    // worker under load may take a moment longer to report it started).
    expect(first!.retryAfterMs! - first!.endedAfterMs!).toBeCloseTo(60_000, 3);
    expect(second!.retryAfterMs! - second!.endedAfterMs!).toBeCloseTo(120_000, 3);
    expect(second!.startedAfterMs).toBeGreaterThanOrEqual(first!.retryAfterMs!);
    expect(third!.startedAfterMs).toBeGreaterThanOrEqual(second!.retryAfterMs!);
    expect(first!.errorType).toBe('Error');
    expect(third!.retryAfterMs).toBeUndefined();
    expect(snapshot.record).toMatchObject({
      kind: 'destination',
      queueName: `${snapshot.functionName}-failures`,
      body: {
        requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: { orderId: 'order-1042' },
        responsePayload: { errorType: 'Error', errorMessage: 'payment service rejected order order-1042' },
      },
    });
    run.dispose();
  }, 30_000);

  it('with no retries and a DLQ: one try, and the queue gets the event itself with the error in its attributes', async () => {
    const workspace = world();
    await workspace.ready;
    const run = startAsyncRetry(workspace, { retries: 0, target: 'dlq' });
    await workspace.live.fastForward({ until: 'idle' });
    const snapshot = run.snapshot();
    expect(snapshot.attempts).toHaveLength(1);
    expect(snapshot.record).toMatchObject({
      kind: 'dlq',
      body: { orderId: 'order-1042', amount: 25 },
      attributes: { ErrorMessage: 'payment service rejected order order-1042' },
    });
    // A second run gets its own function and queue: nothing of the first one shows up in it.
    const again = startAsyncRetry(workspace, { retries: 1, target: 'dlq' });
    expect(again.snapshot().functionName).not.toBe(snapshot.functionName);
    await workspace.live.fastForward({ until: 'idle' });
    expect(again.snapshot().attempts).toHaveLength(2);
  }, 30_000);
});
