import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';
import { POLL_MAX_RECEIVE_COUNT, startInvocationModels } from './invocationModels';

const open: Workspace[] = [];
afterEach(async () => {
  for (const workspace of open.splice(0)) await workspace.dispose();
});

async function world() {
  const workspace = createWorkspace('models-test', {
    host: createInProcessHost(),
    accountStore: createMemoryAccountStore(),
    seed: 9,
  });
  open.push(workspace);
  await workspace.ready;
  return workspace;
}

// https://docs.aws.amazon.com/lambda/latest/dg/lambda-invocation.html
describe('three invocation models on one function', () => {
  it('a good order: the client waits for 201, the sender and the producer get ids at once, each runs once', async () => {
    const workspace = await world();
    const run = startInvocationModels(workspace, { fail: false });
    await workspace.live.fastForward({ until: 'idle' });
    const { models, finished } = run.snapshot();
    expect(finished).toBe(true);
    expect(models.sync).toMatchObject({ tries: 1, ending: 'answered the client' });
    expect(models.sync.callerGot).toMatch(/^HTTP 201 /);
    expect(models.sync.callerWaitedMs).toBeGreaterThan(0);
    expect(models.async).toMatchObject({ tries: 1, callerWaitedMs: 0, ending: 'processed' });
    expect(models.async.callerGot).toMatch(/^PutEvents: EventId /);
    expect(models.poll).toMatchObject({ tries: 1, ending: 'processed and deleted from the queue' });
    run.dispose();
  }, 30_000);

  it('a failing order: no retry for the client, three tries then the destination for async, the DLQ for SQS', async () => {
    const workspace = await world();
    const run = startInvocationModels(workspace, { fail: true });
    await workspace.live.fastForward({ until: 'idle' });
    const { models, functionName } = run.snapshot();
    expect(models.sync.tries).toBe(1);
    expect(models.sync.callerGot).toMatch(/^HTTP 500 /); // an HTTP API's answer to a function error
    expect(models.sync.ending).toContain('Lambda did not retry');
    expect(models.async.tries).toBe(3);
    expect(models.async.ending).toContain(`${functionName}-failures`);
    expect(models.poll.tries).toBe(POLL_MAX_RECEIVE_COUNT);
    expect(models.poll.ending).toContain(`${functionName}-dlq`);
    run.dispose();
  }, 30_000);
});
