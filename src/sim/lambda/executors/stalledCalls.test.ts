/**
 * The hung-call rule: an environment whose only outstanding request will never be answered (a VPC with no route,
 * src/sim/vpc/gate.ts) runs no code, so a clock driver may jump straight to its timeout. The timeout still fires at
 * its virtual time: the REPORT line shows the full duration, as Lambda bills a timed-out invocation.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { LiveClock, type RealTime } from '../../liveClock';
import { LambdaService } from '../LambdaService';
import { createWorkerExecutor, type AwsCallerInfo } from './worker';
import type { AwsCallHandler, AwsCallRequest, AwsCallResponse, EnvironmentHost, InvokeResult } from '../host';

/** Real time under test control: timers fire only when the test advances it. */
function fakeRealTime() {
  let now = 0;
  let sequence = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const real: RealTime & { advance(ms: number): void; elapsed(): number } = {
    now: () => now,
    setTimer(ms, callback) {
      const id = ++sequence;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimer(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = end;
    },
    elapsed: () => now,
  };
  return real;
}

/** What the scripted handler does once invoked. */
type Behaviour =
  | 'hung-call' // one SDK call that nobody answers
  | 'cpu-busy' // computing: no request out, no result yet
  | 'hung-and-slow-call'; // a hung call and a call the account answers later (real time passes for it)

function hostFor(behaviour: Behaviour) {
  let aws: AwsCallHandler | null = null;
  const stopped: string[] = [];
  const running = new Map<string, (result: InvokeResult) => void>();
  const request = (hostname: string): AwsCallRequest => ({
    method: 'POST',
    hostname,
    path: '/',
    query: {},
    headers: {},
    body: new Uint8Array(),
  });
  const host: EnvironmentHost = {
    start: async () => ({ runtimeInitMs: 5 }),
    init: async () => ({ ok: true, durationMs: 10 }),
    invoke(id) {
      if (behaviour !== 'cpu-busy') void aws?.(id, request('dynamodb.us-east-1.amazonaws.com'));
      if (behaviour === 'hung-and-slow-call') void aws?.(id, request('slow.example.com'));
      // No result: the process is stopped at the timeout, and the host answers that it died.
      return new Promise<InvokeResult>((resolve) => running.set(id, resolve));
    },
    async stop(id) {
      stopped.push(id);
      running.get(id)?.({
        outcome: 'crash',
        error: { errorType: 'Runtime.ExitError', errorMessage: 'signal: killed', trace: [] },
        durationMs: 0,
        maxMemoryUsedMb: 0,
      });
      running.delete(id);
    },
    onLog: () => () => {},
    onCrash: () => () => {},
    setAwsHandler(handler) {
      aws = handler;
    },
  };
  return { host, stopped };
}

function setup(behaviour: Behaviour) {
  const clock = new VirtualClock();
  const real = fakeRealTime();
  const { host, stopped } = hostFor(behaviour);
  let answerSlowCall: (() => void) | null = null;
  let live: LiveClock | null = null;
  /** Stands in for the network gate: DynamoDB has no route; the slow call is answered when the test says so. */
  const account = (caller: AwsCallerInfo, request: AwsCallRequest): Promise<AwsCallResponse> => {
    if (request.hostname.startsWith('dynamodb.')) {
      caller.neverAnswered?.();
      return new Promise(() => {});
    }
    return new Promise((resolve) => {
      answerSlowCall = () => resolve({ statusCode: 200, headers: {}, body: new Uint8Array() });
    });
  };
  const executor = createWorkerExecutor({ host, sync: () => live?.sync(), aws: account });
  const lines: string[] = [];
  const service = new LambdaService({ clock, executor, logSink: (line) => lines.push(line), seed: 7 });
  live = new LiveClock(clock, real, {
    busy: () => executor.busy(),
    pending: () => service.hasPendingWork(),
  });
  live.start();
  const created = service.createFunction({
    name: 'orders',
    runtime: 'nodejs22.x',
    timeoutS: 3,
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: '' }] },
  });
  if (!created.ok) throw new Error(created.message);
  return { clock, real, live, executor, service, lines, stopped, answerSlowCall: () => answerSlowCall?.() };
}

async function settle(real: ReturnType<typeof fakeRealTime>) {
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 20; i++) await Promise.resolve();
    real.advance(0);
  }
}

describe('hung calls (the executor treats an environment waiting on an unanswerable request as idle)', () => {
  it('with skipWhileStalled the clock jumps to the timeout while a hung call is the only thing running: no wall time, full Duration in REPORT', async () => {
    const { clock, real, live, executor, service, lines, stopped } = setup('hung-call');
    live.skipWhileStalled(() => executor.stalled());
    const invocation = service.invoke('orders', { payload: {} });
    await settle(real);
    expect(invocation.lastResult).toBe('timeout');
    expect(real.elapsed()).toBe(0);
    // Init (5 + 10 ms) happened on the clock, then the 3 s timeout: virtual time reached it, real time did not move.
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
    expect(lines.find((line) => line.startsWith(`REPORT RequestId: ${invocation.requestId}`))).toMatch(
      // Init is billed too (on-demand, since August 2025): 3000 ms of handler plus 15 ms of init.
      /\tDuration: 3000\.00 ms\tBilled Duration: 3015 ms\t/,
    );
    expect(stopped).toContain('1');
    expect(executor.stalled()).toBe(false);
  });

  it('a CPU-busy handler still holds the clock: it follows real time and times out only when 3 s of wall time passed', async () => {
    const { clock, real, live, executor, service } = setup('cpu-busy');
    live.skipWhileStalled(() => executor.stalled());
    const invocation = service.invoke('orders', { payload: {} });
    await settle(real);
    expect(executor.busy()).toBe(true);
    expect(executor.stalled()).toBe(false);
    expect(invocation.lastResult).toBeUndefined();
    real.advance(2000);
    live.sync();
    await settle(real);
    expect(clock.now()).toBe(2000);
    expect(invocation.lastResult).toBeUndefined();
    real.advance(1100);
    await settle(real);
    expect(invocation.lastResult).toBe('timeout');
  });

  it('a hung call beside a call still being answered is not stalled: the clock waits until the answer came', async () => {
    const { real, live, executor, service, answerSlowCall } = setup('hung-and-slow-call');
    live.skipWhileStalled(() => executor.stalled());
    const invocation = service.invoke('orders', { payload: {} });
    await settle(real);
    expect(executor.busy()).toBe(true);
    expect(invocation.lastResult).toBeUndefined();
    real.advance(500);
    answerSlowCall();
    await settle(real);
    expect(invocation.lastResult).toBe('timeout');
    expect(real.elapsed()).toBe(500);
  });

  it('without skipWhileStalled the clock follows real time, and Fast-forward jumps over the hang', async () => {
    const { clock, real, live, executor, service } = setup('hung-call');
    const invocation = service.invoke('orders', { payload: {} });
    await settle(real);
    expect(executor.busy()).toBe(false);
    expect(invocation.lastResult).toBeUndefined();
    expect(clock.now()).toBeLessThan(3000);
    let skippedMs: number | null = null;
    void live.fastForward().then((result) => (skippedMs = result.skippedMs));
    // The reset after the timeout is real work (the process stops): fast-forward waits for it in 5 ms steps.
    for (let step = 0; step < 20 && skippedMs === null; step++) {
      await settle(real);
      real.advance(5);
    }
    expect(invocation.lastResult).toBe('timeout');
    expect(skippedMs).toBeGreaterThanOrEqual(2900);
    expect(real.elapsed()).toBeLessThan(100);
  });
});
