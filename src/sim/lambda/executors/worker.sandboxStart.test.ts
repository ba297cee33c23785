/**
 * The sandbox starting is not Lambda time (issue 13 item 3): while the worker executor waits for a runtime process
 * to boot (Pyodide's restore takes seconds), the live clock is held, so neither the init limit nor the function
 * timeout runs. A failed init is then retried inside the invoke, bounded by the timeout, and answers with the init
 * error as Lambda does (docs lambda-runtime-environment, "Failures during the Init phase"), not with a timeout
 * that the simulator's own start-up caused. Runs real handler code on the in-process host.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { LiveClock, type RealTime } from '../../liveClock';
import { LambdaService } from '../LambdaService';
import type { EnvironmentHost } from '../host';
import { createWorkerExecutor } from './worker';
import { createInProcessHost } from '../../../sandbox/testing/inProcessHost';

/** Real time under test control: its timers fire only when the test (or the slow start) moves it on. */
function fakeRealTime() {
  let now = 0;
  let sequence = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const real: RealTime & { advance(ms: number): void } = {
    now: () => now,
    setTimer(ms, run) {
      sequence += 1;
      timers.set(sequence, { at: now + ms, run });
      return sequence;
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
        due[1].run();
      }
      now = end;
    },
  };
  return real;
}

const SLOW_START_MS = 4_000;

/** The in-process host, with a sandbox start that takes SLOW_START_MS of real time (an interpreter restore). */
function slowStartWorld(options: { holdClock: boolean }) {
  const clock = new VirtualClock();
  const real = fakeRealTime();
  const inner = createInProcessHost();
  let starts = 0;
  const host: EnvironmentHost = {
    ...inner,
    async start(id, runtime) {
      const result = await inner.start(id, runtime);
      starts += 1;
      real.advance(SLOW_START_MS);
      return result;
    },
  };
  let live: LiveClock | null = null;
  const executor = createWorkerExecutor({
    host,
    sync: () => live?.sync(),
    ...(options.holdClock ? { holdClock: () => live?.hold() ?? (() => {}) } : {}),
  });
  const lines: string[] = [];
  const service = new LambdaService({ clock, executor, logSink: (line) => lines.push(line), seed: 7 });
  live = new LiveClock(clock, real, {
    busy: () => executor.busy(),
    pending: () => service.hasPendingWork(),
  });
  live.start();
  return {
    clock,
    service,
    lines,
    starts: () => starts,
    dispose: () => {
      live?.dispose();
      executor.dispose?.();
      return inner.dispose?.();
    },
  };
}

function createFunction(service: LambdaService, source: string) {
  const created = service.createFunction({
    name: 'orders',
    runtime: 'nodejs22.x',
    timeoutS: 3,
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: source }] },
  });
  if (!created.ok) throw new Error(created.message);
}

const FAILING_IMPORT =
  "import { validate } from 'orders-shared';\nexport const handler = async () => validate();\n";

describe('worker executor: the sandbox starting does not run the virtual clock', () => {
  it('a failed init retried inside the invoke answers with the import error, although each start takes 4 s of a 3 s timeout', async () => {
    const world = slowStartWorld({ holdClock: true });
    try {
      createFunction(world.service, FAILING_IMPORT);
      const invocation = world.service.invoke('orders', { payload: {} });
      await invocation.done();
      // Cold start, then the retry inside the invoke: two starts, 8 s of real time, none of it on the clock.
      expect(world.starts()).toBe(2);
      // Node.js's own error for an ES module import that does not resolve (as on Lambda with index.mjs).
      expect(invocation.error?.errorMessage).toBe(
        "Cannot find package 'orders-shared' imported from /var/task/index.mjs",
      );
      expect(world.clock.now()).toBeLessThan(3_000);
      expect(world.lines.join('\n')).not.toContain('Task timed out');
    } finally {
      await world.dispose();
    }
  });

  it('without the hold the same start-up would time the invocation out (what the hold prevents)', async () => {
    const world = slowStartWorld({ holdClock: false });
    try {
      createFunction(world.service, FAILING_IMPORT);
      const invocation = world.service.invoke('orders', { payload: {} });
      await invocation.done();
      expect(invocation.error?.errorType).toBe('Sandbox.Timedout');
    } finally {
      await world.dispose();
    }
  });

  it('a slow cold start of a working function: Init Duration and the virtual clock leave the start-up out', async () => {
    const world = slowStartWorld({ holdClock: true });
    try {
      createFunction(world.service, 'export const handler = async () => ({ statusCode: 201 });\n');
      const invocation = world.service.invoke('orders', { payload: {} });
      await invocation.done();
      expect(invocation.outcome).toBe('success');
      expect(invocation.coldStart).toBe(true);
      expect(invocation.initMs).toBeLessThan(1_000);
      expect(world.clock.now()).toBeLessThan(1_000);
      const report = world.lines.find((line) => line.startsWith('REPORT'));
      const initDuration = Number(/Init Duration: ([\d.]+) ms/.exec(report ?? '')?.[1]);
      expect(initDuration).toBeLessThan(1_000);
    } finally {
      await world.dispose();
    }
  });
});
