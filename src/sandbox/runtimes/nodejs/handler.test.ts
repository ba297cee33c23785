import { describe, expect, it } from 'vitest';
import { FreezableScheduler } from '../../worker/scheduler';
import { callHandler, UNSETTLED_GRACE_MS, UNSETTLED_RECHECK_MS, type Settlement } from './handler';
import { NODE_VERSIONS } from './versions';

/** Real timers on a hand-driven clock: `advance` fires what comes due, one timer per turn, microtasks between. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  let armed = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    real: {
      setTimeout(callback: () => void, delayMs: number) {
        armed++;
        const id = nextId++;
        timers.set(id, { at: now + delayMs, callback });
        return id;
      },
      clearTimeout(id: unknown) {
        timers.delete(id as number);
      },
    },
    armed: () => armed,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
        await turn();
      }
      now = until;
      await turn();
    },
    turn,
  };
}

describe('the unsettled-promise watch (Runtime.NodeJsExit)', () => {
  it('arms about one timer per recheck interval, not one per reply, while a handler awaits call after call', async () => {
    const timers = manualTimers();
    const scheduler = new FreezableScheduler(timers.real);
    // An outstanding request as the worker host keeps one: a hold, released as its reply is delivered.
    let reply: (() => void) | null = null;
    const request = () =>
      new Promise<void>((resolve) => {
        const release = scheduler.hold();
        reply = () => {
          release();
          resolve();
        };
      });
    const calls = 200;
    const settlements: Settlement[] = [];
    let exited = false;
    callHandler({
      version: NODE_VERSIONS['nodejs24.x'],
      scheduler,
      handler: async () => {
        for (let index = 0; index < calls; index++) await request();
        return 'done';
      },
      event: {},
      createContext: () => ({}),
      settle: (settlement) => settlements.push(settlement),
      exitUnsettled: () => {
        exited = true;
      },
    });
    await timers.turn();
    const before = timers.armed();
    // Each reply arrives in a task of its own, 1 ms after the last.
    for (let index = 0; index < calls; index++) {
      await timers.advance(1);
      reply!();
      await timers.turn();
    }
    await timers.advance(1);
    expect(settlements).toEqual([{ ok: true, value: 'done' }]);
    expect(exited).toBe(false);
    // 200 ms of calls: about 200 / 16 rechecks (before: a recheck a turn after every reply, 200 timers).
    expect(timers.armed() - before).toBeLessThanOrEqual(Math.ceil(calls / UNSETTLED_RECHECK_MS) + 3);
  });

  it('still ends a handler whose promise never settles once the loop stays empty for the grace', async () => {
    const timers = manualTimers();
    const scheduler = new FreezableScheduler(timers.real);
    let exited = false;
    let reply: (() => void) | null = null;
    callHandler({
      version: NODE_VERSIONS['nodejs24.x'],
      scheduler,
      handler: async () => {
        await new Promise<void>((resolve) => {
          const release = scheduler.hold();
          reply = () => {
            release();
            resolve();
          };
        });
        await new Promise(() => {});
      },
      event: {},
      createContext: () => ({}),
      settle: () => {},
      exitUnsettled: () => {
        exited = true;
      },
    });
    await timers.turn(); // the handler runs and sends its request
    await timers.advance(50);
    expect(exited).toBe(false); // a request is outstanding
    reply!();
    await timers.advance(UNSETTLED_RECHECK_MS + UNSETTLED_GRACE_MS - 1);
    expect(exited).toBe(false);
    await timers.advance(2);
    expect(exited).toBe(true);
  });
});
