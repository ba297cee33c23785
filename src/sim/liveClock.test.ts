import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { LiveClock, type RealTime } from './liveClock';
import { LambdaService } from './lambda/LambdaService';

/** Real time under test control: timers fire only when the test advances it. */
function fakeRealTime() {
  let now = 1000;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const real: RealTime & { advance(ms: number): void; pending(): number } = {
    now: () => now,
    setTimer(ms, fn) {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimer(h) {
      timers.delete(h as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
    },
    pending: () => timers.size,
  };
  return real;
}

describe('LiveClock', () => {
  it('virtual time follows real time: a timer fires when real time reaches it, not before', () => {
    const clock = new VirtualClock();
    const real = fakeRealTime();
    const live = new LiveClock(clock, real, { busy: () => false, pending: () => false });
    live.start();
    const fired: number[] = [];
    clock.schedule(1000, () => fired.push(clock.now()));
    real.advance(999);
    expect(fired).toEqual([]);
    real.advance(1);
    expect(fired).toEqual([1000]);
    // a sync mid-way brings the clock up to real time
    real.advance(250);
    live.sync();
    expect(clock.now()).toBe(1250);
  });

  it('a sync with nothing newly scheduled keeps the real timer it armed, and the timer still fires on time', () => {
    const clock = new VirtualClock();
    const real = fakeRealTime();
    let setCount = 0;
    let clearCount = 0;
    const counted: RealTime = {
      now: () => real.now(),
      setTimer: (ms, fn) => {
        setCount++;
        return real.setTimer(ms, fn);
      },
      clearTimer: (handle) => {
        clearCount++;
        real.clearTimer(handle);
      },
    };
    const live = new LiveClock(clock, counted, { busy: () => false, pending: () => false });
    live.start();
    const fired: number[] = [];
    clock.schedule(1000, () => fired.push(clock.now()));
    expect(setCount).toBe(1);
    for (let step = 0; step < 100; step++) {
      real.advance(5);
      live.sync();
    }
    // 100 syncs (one per AWS call of a handler's loop) and still the one timer.
    expect([setCount, clearCount, real.pending()]).toEqual([1, 0, 1]);
    real.advance(499);
    expect(fired).toEqual([]);
    real.advance(1);
    expect(fired).toEqual([1000]);
    // An earlier event replaces the timer.
    clock.schedule(300, () => fired.push(clock.now()));
    clock.schedule(100, () => fired.push(clock.now()));
    expect(clearCount).toBe(1);
    real.advance(100);
    expect(fired).toEqual([1000, 1100]);
  });

  it('fast-forward runs an async event through its retries in no real time and stops when nothing is left', async () => {
    const clock = new VirtualClock();
    const real = fakeRealTime();
    const svc = new LambdaService({ clock, seed: 3 });
    svc.createFunction({
      name: 'f',
      handler: { durationMs: 100, cpuBoundFraction: 0, initMs: 50, errorRate: 1 },
    });
    const live = new LiveClock(clock, real, { busy: () => false, pending: () => svc.hasPendingWork() });
    live.start();
    const inv = svc.invoke('f', { type: 'async', payload: { id: 1 } });
    const realBefore = real.now();
    const r = await live.fastForward();
    expect(real.now()).toBe(realBefore);
    expect(r.reason).toBe('idle');
    expect(inv.attempts).toBe(3);
    expect(inv.outcome).toBe('error');
    // ~1 min and ~2 min between attempts: three minutes of virtual time skipped.
    expect(r.skippedMs).toBeGreaterThan(180_000);
    expect(r.skippedMs).toBeLessThan(181_000);
    expect(live.ahead()).toBe(r.skippedMs);
    // the environment's idle reclaim (5–30 min later) is still ahead: it stays warm
    expect(svc.environments('f')).toHaveLength(1);
  });

  it('waits in real time while real code runs, then carries on', async () => {
    const clock = new VirtualClock();
    const real = fakeRealTime();
    let busy = true;
    let pending = true;
    const live = new LiveClock(clock, real, { busy: () => busy, pending: () => pending });
    live.start();
    clock.schedule(60_000, () => (pending = false));
    const done = live.fastForward();
    await Promise.resolve();
    // still busy: no jump; 20 ms of real time pass and virtual time follows
    real.advance(20);
    await Promise.resolve();
    expect(clock.now()).toBeLessThan(1000);
    busy = false;
    for (let i = 0; i < 5; i++) {
      real.advance(5);
      await Promise.resolve();
    }
    const r = await done;
    expect(r.reason).toBe('idle');
    // jumped to the event at 60 s (plus the few real ms that passed since)
    expect(clock.now()).toBeGreaterThanOrEqual(60_000);
    expect(clock.now()).toBeLessThan(60_100);
    expect(r.jumps).toBe(1);
  });

  it('"next" jumps to the next scheduled event only', async () => {
    const clock = new VirtualClock();
    const live = new LiveClock(clock, fakeRealTime(), { busy: () => false, pending: () => true });
    live.start();
    const fired: string[] = [];
    clock.schedule(10_000, () => fired.push('a'));
    clock.schedule(20_000, () => fired.push('b'));
    const r = await live.fastForward({ until: 'next' });
    expect(r).toMatchObject({ reason: 'next', jumps: 1 });
    expect(fired).toEqual(['a']);
    expect(clock.now()).toBe(10_000);
  });
});
