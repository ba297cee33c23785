import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { createModelledActors } from '../environment.actors';
import { environmentMachine } from '../environment.machine';
import { environmentTable, stateIdOf } from '../environment.table';
import { createRng } from '../random';
import type { FunctionConfigInput } from '../config';
import { modelColdStart } from '../timing';
import { FAST_PATH, ModelledExecutor } from './executors/modelled';
import { LambdaService, type ServiceOptions } from './LambdaService';
import type { Invocation } from './types';

function setup(opts: Partial<ServiceOptions> = {}) {
  const clock = new VirtualClock();
  const svc = new LambdaService({ clock, seed: 7, idleLifetimeMs: [600_000, 600_000], ...opts });
  return { clock, svc };
}

/** Provisioned concurrency needs a published version: publish one, point alias `live` at it, provision it. */
function provision(svc: LambdaService, name: string, count: number): string {
  if (!svc.listAliases(name).some((a) => a.name === 'live')) {
    const v = svc.publishVersion(name);
    if (!v.ok) throw new Error(v.message);
    const a = svc.createAlias(name, 'live', v.version);
    if (!a.ok) throw new Error(a.message);
  }
  const r = svc.putProvisionedConcurrency(name, 'live', count);
  if (!r.ok) throw new Error(r.message);
  return 'live';
}

const LIVE = { qualifier: 'live' } as const;

function fn(svc: LambdaService, cfg: Partial<FunctionConfigInput> & { name?: string } = {}) {
  const res = svc.createFunction({ name: 'f', handler: { durationMs: 100, cpuBoundFraction: 0 }, ...cfg });
  if (!res.ok) throw new Error(res.message);
  return res.config.name;
}

describe('fast path follows the machine', () => {
  it('every fast-path step is a transition declared by environmentMachine', () => {
    for (const [name, t] of Object.entries(FAST_PATH)) {
      const declared = environmentTable.transitions.find(
        (x) => x.source === t.source && x.event === t.event && x.guard === t.guard && x.target === t.target,
      );
      expect(declared, name).toBeDefined();
      expect(t.from.size, name).toBeGreaterThan(0);
    }
  });

  it('an environment moves through the same states as a live XState actor with the same durations', () => {
    const { clock, svc } = setup();
    let slow = false;
    fn(svc, { handler: { durationMs: () => (slow ? 5000 : 50), cpuBoundFraction: 0, initMs: 300 } });
    const platformMs = modelColdStart({
      runtime: 'nodejs22.x',
      packageMb: 1,
      memoryMb: 128,
      vpc: false,
    }).platformMs;

    const aClock = new VirtualClock();
    const actors = createModelledActors(aClock, (i) => {
      switch (i.phase) {
        case 'sandbox':
          return { durationMs: platformMs };
        case 'extensions':
        case 'runtime':
        case 'function':
          return { durationMs: 100 };
        case 'handler':
          return { durationMs: i.request?.requestId === 'slow' ? 5000 : 50 };
        default:
          return { durationMs: 0 };
      }
    });
    const actor = createActor(environmentMachine.provide({ actors }), {
      input: { environmentId: 'e', timeoutMs: 3000, idleLifetimeMs: 600_000 },
      clock: aClock.xstateClock(),
    }).start();

    const svcState = () => svc.environments('f')[0]?.state ?? 'shutdown';
    const both = (at: number) => {
      clock.advanceTo(at);
      aClock.advanceTo(at);
      expect(svcState(), `at ${at}`).toBe(stateIdOf(actor.getSnapshot()));
      return svcState();
    };
    svc.invoke('f');
    actor.send({ type: 'invoke.requested', request: { requestId: 'a' } });
    const seen = [
      both(1),
      both(platformMs + 50),
      both(platformMs + 150),
      both(platformMs + 250),
      both(platformMs + 320),
      both(platformMs + 400),
    ];
    expect(seen).toEqual([
      'starting',
      'initializing.extensions',
      'initializing.runtime',
      'initializing.function',
      'invoking.running',
      'frozen',
    ]);
    both(2000);
    svc.invoke('f');
    actor.send({ type: 'invoke.requested', request: { requestId: 'b' } });
    expect(both(2010)).toBe('invoking.running');
    expect(both(2100)).toBe('frozen');
    // a request that times out at 3 s → resetting → frozen with Init due → the next invoke re-inits
    slow = true;
    svc.invoke('f');
    actor.send({ type: 'invoke.requested', request: { requestId: 'slow' } });
    expect(both(5000)).toBe('invoking.running'); // invoked at 2100: the 3 s timeout fires at 5100
    expect(both(5101)).toBe('frozen');
    expect(actor.getSnapshot().context).toMatchObject({ needsInit: true, lastOutcome: 'timeout' });
    slow = false;
    svc.invoke('f');
    actor.send({ type: 'invoke.requested', request: { requestId: 'c' } });
    expect(both(5150)).toBe('initializing.extensions'); // no new sandbox: Init starts at once
    expect(both(5250)).toBe('initializing.runtime');
    expect(both(5420)).toBe('invoking.running');
    expect(both(5500)).toBe('frozen');
    expect(both(700_000)).toBe('shutdown');
  });

  it('counts only declared transitions while serving mixed traffic', () => {
    const { clock, svc } = setup({ idleLifetimeMs: [1000, 5000] });
    const counts = new Map<string, number>();
    (svc.executor as ModelledExecutor).transitionCounts = counts;
    fn(svc, {
      timeoutS: 1,
      handler: { durationMs: (rng) => rng() * 1500, cpuBoundFraction: 0, crashRate: 0.05, errorRate: 0.1 },
    });
    fn(svc, { name: 'slowinit', timeoutS: 30, handler: { durationMs: 10, initMs: 12_000 } });
    provision(svc, 'f', 2);
    const rng = createRng(3);
    for (let i = 0; i < 2000; i++) {
      clock.advanceBy(rng() * 40);
      svc.invoke('f', i % 2 ? LIVE : undefined);
      if (i % 200 === 0) svc.invoke('slowinit');
    }
    clock.advanceBy(3_600_000);
    const declared = new Set(
      environmentTable.transitions.map(
        (t) => `${t.source} --${t.event}${t.guard ? ` [${t.guard}]` : ''}--> ${t.target}`,
      ),
    );
    const used = [...counts.keys()];
    for (const k of used) expect(declared.has(k), k).toBe(true);
    // the mix exercises cold, warm, timeout, crash, reset, init timeout, idle shutdown and provisioned init
    expect(used.length).toBeGreaterThanOrEqual(15);
  });
});

describe('limits and throttling', () => {
  it('account concurrency limit → 429 ConcurrentInvocationLimitExceeded', () => {
    const { svc } = setup({ accountConcurrencyLimit: 10 });
    fn(svc, { handler: { durationMs: 1000, cpuBoundFraction: 0 } });
    const invs = Array.from({ length: 12 }, () => svc.invoke('f'));
    expect(invs.filter((i) => i.outcome === 'throttled')).toHaveLength(2);
    expect(invs[11]!.throttle).toEqual({
      statusCode: 429,
      errorType: 'TooManyRequestsException',
      message: 'Rate Exceeded.',
      reason: 'ConcurrentInvocationLimitExceeded',
    });
    expect(svc.concurrency()).toBe(10);
  });

  it('reserved concurrency is a maximum for the function and a minimum kept from the others', () => {
    const { svc } = setup({ accountConcurrencyLimit: 200 });
    fn(svc, { name: 'a', handler: { durationMs: 1000 } });
    fn(svc, { name: 'b', handler: { durationMs: 1000 } });
    expect(svc.putFunctionConcurrency('a', 50)).toEqual({ ok: true });
    const a = Array.from({ length: 51 }, () => svc.invoke('a'));
    expect(a[50]!.throttle?.reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
    expect(a.slice(0, 50).every((i) => i.outcome === undefined)).toBe(true);
    const b = Array.from({ length: 151 }, () => svc.invoke('b'));
    expect(b.filter((i) => i.outcome === 'throttled')).toHaveLength(1);
    expect(b[150]!.throttle?.reason).toBe('ConcurrentInvocationLimitExceeded');
  });

  it('keeps at least 100 unreserved, with the API message', () => {
    const { svc } = setup();
    fn(svc, { name: 'a' });
    fn(svc, { name: 'b' });
    expect(svc.putFunctionConcurrency('a', 900)).toEqual({ ok: true });
    expect(svc.putFunctionConcurrency('b', 1)).toEqual({
      ok: false,
      error:
        "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100].",
    });
    expect(svc.putFunctionConcurrency('a', 901).ok).toBe(false);
  });

  it('reserved concurrency 0 throttles every request', () => {
    const { svc } = setup();
    fn(svc);
    svc.putFunctionConcurrency('f', 0);
    const inv = svc.invoke('f');
    expect(inv.outcome).toBe('throttled');
    expect(inv.throttle?.reason).toBe('ReservedFunctionConcurrentInvocationLimitExceeded');
  });

  it('scaling rate: 1,000 new environments per 10 s per function, refilling continuously', () => {
    const { clock, svc } = setup({ accountConcurrencyLimit: 10_000 });
    fn(svc, { name: 'a', handler: { durationMs: 600_000 }, timeoutS: 900 });
    fn(svc, { name: 'b', handler: { durationMs: 600_000 }, timeoutS: 900 });
    const first = Array.from({ length: 1100 }, () => svc.invoke('a'));
    expect(first.filter((i) => i.outcome === 'throttled')).toHaveLength(100);
    expect(first[1000]!.throttle?.reason).toBe('FunctionInvocationRateLimitExceeded');
    // another function has its own budget
    expect(Array.from({ length: 1000 }, () => svc.invoke('b')).every((i) => i.outcome === undefined)).toBe(
      true,
    );
    clock.advanceBy(1000); // +100 environments
    const next = Array.from({ length: 101 }, () => svc.invoke('a'));
    expect(next.filter((i) => i.outcome === 'throttled')).toHaveLength(1);
    clock.advanceBy(10); // +1
    expect(svc.invoke('a').outcome).toBeUndefined();
    expect(svc.invoke('a').outcome).toBe('throttled');
  });

  it('legacy model (history): a burst, then +500 per minute, shared by the account', () => {
    const { clock, svc } = setup({
      accountConcurrencyLimit: 10_000,
      scaling: { model: 'legacy', burst: 500 },
    });
    fn(svc, { name: 'a', handler: { durationMs: 600_000 }, timeoutS: 900 });
    fn(svc, { name: 'b', handler: { durationMs: 600_000 }, timeoutS: 900 });
    expect(Array.from({ length: 400 }, () => svc.invoke('a')).every((i) => i.outcome === undefined)).toBe(
      true,
    );
    const b = Array.from({ length: 101 }, () => svc.invoke('b'));
    expect(b.filter((i) => i.outcome === 'throttled')).toHaveLength(1);
    clock.advanceBy(60_000);
    expect(
      Array.from({ length: 501 }, () => svc.invoke('a')).filter((i) => i.outcome === 'throttled'),
    ).toHaveLength(1);
    expect(() => setup({ scaling: { model: 'legacy', burst: 100 } })).toThrow(/between 500 and 3,000/);
  });
});

describe('routing and lifecycle', () => {
  it('provisioned first, then warm idle, then a new environment', () => {
    const { clock, svc } = setup();
    fn(svc, { handler: { durationMs: 100, cpuBoundFraction: 0, initMs: 200 } });
    provision(svc, 'f', 1);
    clock.advanceBy(5000);
    const p = svc.invoke('f', LIVE);
    const c1 = svc.invoke('f', LIVE);
    clock.advanceBy(5000);
    expect(p.coldStart).toBe(false);
    expect(c1.coldStart).toBe(true);
    expect(c1.initMs).toBe(200);
    const w1 = svc.invoke('f', LIVE); // provisioned again
    const w2 = svc.invoke('f', LIVE); // warm on-demand
    const c2 = svc.invoke('f', LIVE); // new
    clock.advanceBy(5000);
    expect([w1.coldStart, w2.coldStart, c2.coldStart]).toEqual([false, false, true]);
    expect(svc.metrics().environmentsCreated).toBe(3);
    // provisioned invocations are billed duration only (no init), at the provisioned rate
    expect(p.billedMs).toBe(100);
    expect(c1.billedMs).toBe(300);
  });

  it('timeout: error Sandbox.Timedout, environment reset, next invoke re-inits on the same environment', () => {
    const { clock, svc } = setup();
    let slow = true;
    fn(svc, { handler: { durationMs: () => (slow ? 5000 : 10), cpuBoundFraction: 0, initMs: 100 } });
    const a = svc.invoke('f');
    clock.advanceBy(10_000);
    expect(a.outcome).toBe('error');
    expect(a.lastResult).toBe('timeout');
    expect(a.durationMs).toBe(3000);
    expect(a.error?.errorType).toBe('Sandbox.Timedout');
    expect(a.error?.errorMessage).toMatch(
      /^RequestId: [0-9a-f-]{36} Error: Task timed out after 3\.00 seconds$/,
    );
    slow = false;
    const b = svc.invoke('f');
    clock.advanceBy(1000);
    expect(b.outcome).toBe('success');
    expect(b.coldStart).toBe(true);
    expect(svc.metrics().environmentsCreated).toBe(1);
  });

  it('idle environments are reclaimed after their idle lifetime; the next request is cold', () => {
    const { clock, svc } = setup();
    fn(svc);
    svc.invoke('f');
    clock.advanceBy(300_000);
    svc.invoke('f');
    clock.advanceBy(599_000); // idle timer restarted by the second invoke
    expect(svc.metrics().environmentsAlive).toBe(1);
    clock.advanceBy(2000);
    expect(svc.metrics().environmentsAlive).toBe(0);
    const c = svc.invoke('f');
    clock.advanceBy(1000);
    expect(c.coldStart).toBe(true);
  });

  it('removing provisioned concurrency shuts those environments down', () => {
    const { clock, svc } = setup();
    fn(svc);
    provision(svc, 'f', 3);
    clock.advanceBy(10_000);
    expect(svc.environments('f').map((e) => e.state)).toEqual(['frozen', 'frozen', 'frozen']);
    svc.deleteProvisionedConcurrency('f', 'live');
    expect(svc.environments('f')).toEqual([]);
    // 3 × 0.125 GB × 10 s allocated
    expect(svc.metrics().provisionedAllocatedGbSeconds).toBeCloseTo(3.75, 6);
  });
});

describe('async invocations', () => {
  function asyncFn(svc: LambdaService, asyncCfg: FunctionConfigInput['async'], errorRate = 1) {
    fn(svc, { handler: { durationMs: 100, cpuBoundFraction: 0, initMs: 0, errorRate }, async: asyncCfg });
  }

  it('function errors: retried twice, ~1 min then ~2 min after each failure, then to the DLQ (event only)', () => {
    const { clock, svc } = setup();
    const retries: number[] = [];
    const s2 = new LambdaService({
      clock,
      seed: 7,
      onEvent: (e) => e.type === 'invocation.retryScheduled' && retries.push(e.at),
    });
    void svc;
    asyncFn(s2, { dlq: true });
    const inv = s2.invoke('f', { type: 'async', payload: { orderId: 42 } });
    expect(inv.outcome).toBeUndefined();
    clock.runAll();
    const platform = modelColdStart({
      runtime: 'nodejs22.x',
      packageMb: 1,
      memoryMb: 128,
      vpc: false,
    }).platformMs;
    const firstEnd = platform + 100;
    expect(retries).toEqual([firstEnd + 60_000, firstEnd + 60_000 + 100 + 120_000]);
    expect(inv.attempts).toBe(3);
    expect(inv.outcome).toBe('dlq');
    // The dead-letter message is the event itself, with Lambda's RequestID/ErrorCode/ErrorMessage attributes.
    expect(inv.deliveries).toEqual([
      {
        kind: 'dlq',
        at: firstEnd + 180_200,
        target: '(dlq)',
        body: { orderId: 42 },
        message: {
          body: { orderId: 42 },
          attributes: { RequestID: inv.requestId, ErrorCode: '200', ErrorMessage: 'Handler failed' },
        },
      },
    ]);
  });

  it('on-failure destination receives a record with request and response context', () => {
    const { clock, svc } = setup();
    asyncFn(svc, { maxRetryAttempts: 1, onFailure: true, dlq: true });
    const inv = svc.invoke('f', { type: 'async', payload: { k: 'v' } });
    clock.runAll();
    expect(inv.attempts).toBe(2);
    expect(inv.outcome).toBe('destination');
    const record = inv.deliveries!.find((d) => d.kind === 'onFailure')!.body as Record<string, unknown>;
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: {
        requestId: svc.requestId(inv.seq),
        functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST',
        condition: 'RetriesExhausted',
        approximateInvokeCount: 2,
      },
      requestPayload: { k: 'v' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'Handler failed' },
    });
    // the DLQ, when also configured, still gets the bare event
    expect(inv.deliveries!.find((d) => d.kind === 'dlq')!.body).toEqual({ k: 'v' });
  });

  it('maxRetryAttempts 0: one attempt, then discarded when nothing is configured', () => {
    const { clock, svc } = setup();
    asyncFn(svc, { maxRetryAttempts: 0 });
    const inv = svc.invoke('f', { type: 'async' });
    clock.runAll();
    expect(inv.attempts).toBe(1);
    expect(inv.outcome).toBe('error');
  });

  it('on-success destination', () => {
    const { clock, svc } = setup();
    asyncFn(svc, { onSuccess: true }, 0);
    const inv = svc.invoke('f', { type: 'async', payload: 1 });
    clock.runAll();
    expect(inv.outcome).toBe('destination');
    expect(
      (inv.deliveries![0]!.body as { requestContext: { condition: string } }).requestContext.condition,
    ).toBe('Success');
  });

  it('throttled async events back off 1 s, 2 s, 4 s … until the maximum event age', () => {
    const clock = new VirtualClock();
    const at: number[] = [];
    const svc = new LambdaService({
      clock,
      onEvent: (e) => e.type === 'invocation.retryScheduled' && at.push(e.at),
    });
    asyncFn(svc, { maxEventAgeS: 60, onFailure: true }, 0);
    svc.putFunctionConcurrency('f', 0);
    const inv = svc.invoke('f', { type: 'async' });
    clock.runAll();
    expect(at).toEqual([1000, 3000, 7000, 15_000, 31_000]);
    expect(inv.outcome).toBe('destination');
    expect(
      (inv.deliveries![0]!.body as { requestContext: { condition: string } }).requestContext.condition,
    ).toBe('EventAgeExceeded');
    expect(inv.attempts).toBe(0);
  });

  it('throttle backoff is capped at 5 minutes', () => {
    const clock = new VirtualClock();
    const gaps: number[] = [];
    let last = 0;
    const svc = new LambdaService({
      clock,
      onEvent: (e) => {
        if (e.type === 'invocation.retryScheduled') {
          gaps.push(e.at - last);
          last = e.at;
        }
      },
    });
    asyncFn(svc, {}, 0);
    svc.putFunctionConcurrency('f', 0);
    const inv = svc.invoke('f', { type: 'async' });
    clock.runAll();
    expect(Math.max(...gaps)).toBe(300_000);
    expect(inv.outcome).toBe('error');
    expect(inv.endedAt).toBeLessThanOrEqual(6 * 3600_000);
  });

  it('duplicates: an event may run twice, but it ends once', () => {
    const { clock, svc } = setup({ duplicateProbability: 1 });
    asyncFn(svc, {}, 0);
    const ends: Invocation[] = [];
    const inv = svc.invoke('f', { type: 'async', onEnd: (i) => ends.push(i) });
    clock.runAll();
    expect(inv.duplicates).toBe(1);
    expect(svc.metrics().executions).toBe(2);
    expect(ends).toHaveLength(1);
  });
});

describe('logs from the service', () => {
  it('writes INIT_START, START, END, REPORT with Init Duration only on the cold start', () => {
    const lines: string[] = [];
    const { clock, svc } = setup({ logSink: (l) => lines.push(l) });
    fn(svc, {
      memoryMb: 1769,
      handler: { durationMs: 12.34, cpuBoundFraction: 0, initMs: 183.21, maxMemoryUsedMb: 67 },
    });
    const a = svc.invoke('f');
    clock.advanceBy(5000);
    const b = svc.invoke('f');
    clock.advanceBy(5000);
    const ida = a.requestId;
    const idb = b.requestId;
    expect(lines.slice(1)).toEqual([
      `START RequestId: ${ida} Version: $LATEST`,
      `END RequestId: ${ida}`,
      `REPORT RequestId: ${ida}\tDuration: 12.34 ms\tBilled Duration: 196 ms\tMemory Size: 1769 MB\tMax Memory Used: 67 MB\tInit Duration: 183.21 ms`,
      `START RequestId: ${idb} Version: $LATEST`,
      `END RequestId: ${idb}`,
      `REPORT RequestId: ${idb}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 1769 MB\tMax Memory Used: 67 MB`,
    ]);
    expect(lines[0]).toMatch(
      /^INIT_START Runtime Version: nodejs:22\.v41\tRuntime Version ARN: arn:aws:lambda:us-east-1::runtime:[0-9a-f]{64}$/,
    );
  });

  it('writes the timeout line and INIT_REPORT on an init timeout', () => {
    const lines: string[] = [];
    const { clock, svc } = setup({ logSink: (l) => lines.push(l) });
    fn(svc, { timeoutS: 3, handler: { durationMs: 10, cpuBoundFraction: 0, initMs: 12_000 } });
    const a = svc.invoke('f');
    clock.advanceBy(60_000);
    expect(lines).toContain('INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout');
    // re-init (12 s) inside the invoke exceeds the 3 s timeout
    expect(a.lastResult).toBe('timeout');
    expect(lines.some((l) => / Task timed out after 3\.00 seconds$/.test(l))).toBe(true);
  });
});

describe('randomised: 100,000 invocations, none lost or counted twice', () => {
  it('every request ends exactly once in success / error / throttled / dlq / destination', () => {
    const clock = new VirtualClock();
    const svc = new LambdaService({
      clock,
      seed: 2026,
      accountConcurrencyLimit: 400,
      duplicateProbability: 0.02,
      idleLifetimeMs: [2000, 30_000],
      jitterInit: true,
    });
    const configs: FunctionConfigInput[] = [
      {
        name: 'api',
        timeoutS: 2,
        handler: { durationMs: (r) => 20 + r() * 3000, errorRate: 0.05, crashRate: 0.01 },
      },
      {
        name: 'worker',
        timeoutS: 5,
        handler: { durationMs: (r) => r() * 200, errorRate: 0.3 },
        async: { dlq: true, maxEventAgeS: 600 },
      },
      {
        name: 'notify',
        handler: { durationMs: 30, errorRate: 0.2 },
        async: { onFailure: true, onSuccess: true, maxRetryAttempts: 1 },
      },
      { name: 'plain', handler: { durationMs: 50, errorRate: 0.5, initMs: 11_000 }, timeoutS: 20 },
    ];
    for (const c of configs) expect(svc.createFunction(c).ok).toBe(true);
    svc.putFunctionConcurrency('api', 150);
    svc.putFunctionConcurrency('worker', 20);
    provision(svc, 'notify', 5);

    const rng = createRng(99);
    const ends = new Map<number, number>();
    const onEnd = (i: Invocation) => ends.set(i.seq, (ends.get(i.seq) ?? 0) + 1);
    const invs: Invocation[] = [];
    const names = ['api', 'worker', 'notify', 'plain'];
    for (let i = 0; i < 100_000; i++) {
      clock.advanceBy(rng() * 4);
      const name = names[Math.floor(rng() * names.length)]!;
      invs.push(
        svc.invoke(name, {
          type: rng() < 0.5 ? 'async' : 'sync',
          onEnd,
          payload: i,
          ...(name === 'notify' ? LIVE : {}),
        }),
      );
    }
    clock.runAll();

    expect(invs).toHaveLength(100_000);
    expect(ends.size).toBe(100_000);
    expect([...ends.values()].every((n) => n === 1)).toBe(true);
    const m = svc.metrics();
    const sum = Object.values(m.outcomes).reduce((a, b) => a + b, 0);
    expect(sum).toBe(100_000);
    for (const o of ['success', 'error', 'throttled', 'dlq', 'destination'] as const)
      expect(m.outcomes[o], o).toBeGreaterThan(0);
    expect(invs.every((i) => i.outcome !== undefined && i.endedAt >= i.receivedAt)).toBe(true);
    expect(invs.filter((i) => i.type === 'async').every((i) => i.outcome !== 'throttled')).toBe(true);
    expect(m.duplicates).toBeGreaterThan(0);
    expect(m.concurrency).toBe(0);
    expect(m.peakConcurrency).toBeLessThanOrEqual(400);
    expect(m.environmentsAlive).toBe(5); // only the provisioned ones remain
  }, 60_000);
});

describe('provisioned concurrency changes while environments are busy', () => {
  it('lowering then raising again re-uses retiring environments instead of over-allocating', () => {
    const { clock, svc } = setup();
    fn(svc, { handler: { durationMs: 10_000, cpuBoundFraction: 0, initMs: 100 }, timeoutS: 30 });
    provision(svc, 'f', 4);
    clock.advanceBy(5000);
    const busy = [svc.invoke('f', LIVE), svc.invoke('f', LIVE)]; // two provisioned environments busy
    expect(busy.every((i) => !i.coldStart && i.outcome === undefined)).toBe(true);
    provision(svc, 'f', 1); // 2 idle shut down now would leave 2 busy: one of them retires
    expect(svc.environments('f').filter((e) => e.provisioned)).toHaveLength(2);
    provision(svc, 'f', 3);
    clock.advanceBy(30_000);
    const prov = svc.environments('f').filter((e) => e.provisioned);
    expect(prov).toHaveLength(3);
    expect(prov.every((e) => e.state === 'frozen')).toBe(true);
    svc.deleteProvisionedConcurrency('f', 'live');
    expect(svc.environments('f').filter((e) => e.provisioned)).toHaveLength(0);
  });
});

// "Lambda starts allocating provisioned concurrency after a minute or two of preparation"
// (https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html, "Optimizing latency").
describe('provisioned concurrency with a preparation time', () => {
  const provisionedOf = (svc: LambdaService) => svc.environments('f').filter((e) => e.provisioned);

  it('creates no environment until the preparation has passed: IN_PROGRESS, requests run on demand', () => {
    const { clock, svc } = setup({ provisionedPreparationMs: 60_000 });
    fn(svc, { handler: { durationMs: 50, cpuBoundFraction: 0, initMs: 100 } });
    provision(svc, 'f', 3);
    expect(provisionedOf(svc)).toHaveLength(0);
    const status = svc.getProvisionedConcurrency('f', 'live');
    expect(status.ok && status.status).toMatchObject({ requested: 3, allocated: 0, status: 'IN_PROGRESS' });
    expect(svc.hasPendingWork()).toBe(true);
    const early = svc.invoke('f', LIVE);
    clock.advanceBy(59_000);
    expect(early.coldStart).toBe(true);
    expect(svc.environments('f').filter((e) => !e.provisioned)).toHaveLength(1);
    expect(provisionedOf(svc)).toHaveLength(0);
    clock.advanceBy(1_000 + 5_000);
    expect(provisionedOf(svc)).toHaveLength(3);
    const ready = svc.getProvisionedConcurrency('f', 'live');
    expect(ready.ok && ready.status).toMatchObject({ allocated: 3, status: 'READY' });
    expect(svc.invoke('f', LIVE).coldStart).toBe(false);
  });

  it('a configuration lowered or deleted while preparing creates only what is still wanted', () => {
    const { clock, svc } = setup({ provisionedPreparationMs: 60_000 });
    fn(svc, { handler: { durationMs: 50, cpuBoundFraction: 0, initMs: 100 } });
    provision(svc, 'f', 4);
    clock.advanceBy(10_000);
    provision(svc, 'f', 2); // the four preparing stay asked for; two of them are still wanted
    provision(svc, 'f', 3); // one more wanted: no new preparation, one of the four is
    clock.advanceBy(60_000);
    expect(provisionedOf(svc)).toHaveLength(3);
    svc.deleteProvisionedConcurrency('f', 'live');
    provision(svc, 'f', 2);
    svc.deleteProvisionedConcurrency('f', 'live');
    clock.advanceBy(120_000);
    expect(provisionedOf(svc)).toHaveLength(0);
    expect(svc.hasPendingWork()).toBe(false);
  });

  it('is off by default: environments start as the configuration is put', () => {
    const { svc } = setup();
    fn(svc, { handler: { durationMs: 50, cpuBoundFraction: 0, initMs: 100 } });
    provision(svc, 'f', 2);
    expect(provisionedOf(svc)).toHaveLength(2);
  });
});
