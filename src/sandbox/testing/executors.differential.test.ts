/**
 * One scripted scenario through the three executors — modelled (the pool's fast path), actor (the explorer's
 * XState actors) and worker (real handler code in the in-process runtime) — must give the same sequence of log
 * record types, request ids and outcomes (durations aside): cold start, warm invoke, function error, timeout,
 * crash, an async failure retried to an on-failure destination, a throttle, and a provisioned environment.
 */
import { describe, expect, it } from 'vitest';
import {
  ActorExecutor,
  LambdaService,
  ModelledExecutor,
  ModelledPhases,
  VirtualClock,
  createWorkerExecutor,
  type Executor,
  type FunctionConfigInput,
  type Invocation,
  type LogRecord,
} from '../../sim';
import { createInProcessHost } from './inProcessHost';

type Action = 'ok' | 'error' | 'timeout' | 'crash';

const HANDLER = `
exports.handler = async (event) => {
  if (event.action === 'error') throw new Error('boom');
  if (event.action === 'timeout') await new Promise((r) => setTimeout(r, 60000));
  if (event.action === 'crash') process.exit(1);
  return { ok: true };
};
`;

const base: FunctionConfigInput = {
  name: 'orders',
  runtime: 'nodejs22.x',
  timeoutS: 1,
  async: { maxRetryAttempts: 2, onFailure: 'arn:aws:sqs:us-east-1:123456789012:failures' },
  // modelled and actor executors read this; the worker runs the code below
  handler: {
    durationMs: 5,
    initMs: 40,
    result: (ctx) => {
      const action = (ctx.payload as { action?: Action } | undefined)?.action ?? 'ok';
      return action === 'ok' ? 'success' : action;
    },
  },
  code: { handler: 'index.handler', files: [{ path: 'index.js', content: HANDLER }] },
};

interface Run {
  records: LogRecord[];
  outcomes: string[];
  requestIds: string[];
  destination: unknown;
}

async function scenario(executor: Executor, kind: 'modelled' | 'actor' | 'worker'): Promise<Run> {
  const clock = new VirtualClock();
  const svc = new LambdaService({
    clock,
    executor,
    logs: true,
    seed: 42,
    idleLifetimeMs: [3_600_000, 3_600_000],
  });
  expect(svc.createFunction(base).ok).toBe(true);

  /** Until the invocation ends: let the in-process runtime answer, and let virtual time pass as real time would. */
  const settle = async (inv: Invocation) => {
    for (let i = 0; i < 20_000 && inv.outcome === undefined; i++) {
      await new Promise((r) => setTimeout(r, kind === 'worker' ? 1 : 0));
      if (inv.outcome !== undefined) break;
      if (executor.busy()) clock.advanceBy(50);
      else if (clock.nextAt() !== undefined) clock.runNext();
    }
    // Resets and provisioned inits finish too.
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, kind === 'worker' ? 1 : 0));
      if (!executor.busy() && (clock.nextAt() ?? Infinity) <= clock.now() + 1000) clock.runNext();
    }
    expect(inv.outcome, 'invocation ended').toBeDefined();
    return inv;
  };
  const invoke = (action: Action, extra: { type?: 'sync' | 'async'; qualifier?: string } = {}) =>
    settle(svc.invoke('orders', { payload: { action }, ...extra }));

  const invocations: Invocation[] = [];
  invocations.push(await invoke('ok')); // cold
  invocations.push(await invoke('ok')); // warm
  invocations.push(await invoke('error'));
  invocations.push(await invoke('timeout'));
  invocations.push(await invoke('ok')); // re-init after the reset
  invocations.push(await invoke('crash'));
  invocations.push(await invoke('error', { type: 'async' })); // three attempts, then the destination
  svc.putFunctionConcurrency('orders', 0);
  invocations.push(await invoke('ok')); // throttled
  svc.putFunctionConcurrency('orders', null);
  const published = svc.publishVersion('orders');
  if (!published.ok) throw new Error(published.message);
  svc.createAlias('orders', 'live', published.version);
  svc.putProvisionedConcurrency('orders', 'live', 1);
  for (let i = 0; i < 200 && svc.getProvisionedConcurrency('orders', 'live').ok; i++) {
    const st = svc.getProvisionedConcurrency('orders', 'live');
    if (st.ok && st.status.status === 'READY') break;
    await new Promise((r) => setTimeout(r, kind === 'worker' ? 2 : 0));
    if (!executor.busy() && clock.nextAt() !== undefined) clock.runNext();
    else clock.advanceBy(10);
  }
  invocations.push(await invoke('ok', { qualifier: 'live' })); // provisioned: warm, no Init Duration
  executor.dispose?.();

  const asyncInv = invocations[6]!;
  return {
    // Application output differs by design (modelled handlers write none); platform records must not.
    records: svc.log!.records().filter((r) => r.type !== 'function'),
    outcomes: invocations.map(
      (i) => `${i.outcome}/${i.lastResult ?? '-'}/${i.coldStart ? 'cold' : 'warm'}/${i.attempts}`,
    ),
    requestIds: invocations.map((i) => i.requestId),
    destination: asyncInv.deliveries?.map((d) => ({
      kind: d.kind,
      condition: (d.body as { requestContext: { condition: string } }).requestContext.condition,
      count: (d.body as { requestContext: { approximateInvokeCount: number } }).requestContext
        .approximateInvokeCount,
    })),
  };
}

function shape(run: Run) {
  return run.records.map((r) => {
    const id = 'requestId' in r ? r.requestId : undefined;
    const status = 'status' in r ? r.status : undefined;
    const init =
      r.type === 'platform.report'
        ? 'initDurationMs' in r && r.initDurationMs !== undefined
          ? 'init'
          : 'no-init'
        : '';
    return [r.type, id ?? '', status ?? '', init, r.version].join(' ');
  });
}

describe('differential: modelled, actor and worker executors follow one set of Lambda rules', () => {
  it('the same scenario gives the same record types, request ids and outcomes', async () => {
    const modelled = await scenario(new ModelledExecutor(), 'modelled');
    const actor = await scenario(new ActorExecutor(new ModelledPhases()), 'actor');
    const worker = await scenario(createWorkerExecutor({ host: createInProcessHost() }), 'worker');

    expect(modelled.outcomes).toEqual([
      'success/success/cold/1',
      'success/success/warm/1',
      'error/error/warm/1',
      'error/timeout/warm/1',
      'success/success/cold/1',
      'error/crash/warm/1',
      'destination/error/warm/3',
      'throttled/-/warm/0',
      'success/success/warm/1',
    ]);
    expect(modelled.destination).toEqual([{ kind: 'onFailure', condition: 'RetriesExhausted', count: 3 }]);
    for (const other of [actor, worker]) {
      expect(other.outcomes).toEqual(modelled.outcomes);
      expect(other.requestIds).toEqual(modelled.requestIds);
      expect(other.destination).toEqual(modelled.destination);
      expect(shape(other)).toEqual(shape(modelled));
    }
    // The provisioned environment's Init came before its invoke, and its REPORT has no Init Duration.
    const last = shape(modelled).slice(-3);
    expect(last.map((l) => l.split(' ')[0])).toEqual([
      'platform.start',
      'platform.runtimeDone',
      'platform.report',
    ]);
    expect(last[2]).toContain('no-init');
  }, 120_000);
});
