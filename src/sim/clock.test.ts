import { describe, expect, it } from 'vitest';
import { RealTimeDriver, VirtualClock, type Ticker } from './clock';

describe('VirtualClock', () => {
  it('fires timers in time order, equal times in scheduling order, and advances now()', () => {
    const c = new VirtualClock(100);
    const log: string[] = [];
    c.schedule(50, () => log.push(`b@${c.now()}`));
    c.schedule(10, () => log.push(`a@${c.now()}`));
    c.scheduleAt(150, () => log.push(`c@${c.now()}`));
    c.schedule(50, () => log.push(`d@${c.now()}`));
    expect(c.pending()).toBe(4);
    expect(c.advanceBy(49)).toBe(1);
    expect(c.now()).toBe(149);
    expect(c.advanceTo(1000)).toBe(3);
    expect(log).toEqual(['a@110', 'b@150', 'c@150', 'd@150']);
    expect(c.now()).toBe(1000);
  });

  it('cancel removes a pending timer and reports whether it was pending', () => {
    const c = new VirtualClock();
    const fired: number[] = [];
    const ids = [1, 2, 3, 4, 5].map((n) => c.schedule(n * 10, () => fired.push(n)));
    expect(c.cancel(ids[0]!)).toBe(true);
    expect(c.cancel(ids[2]!)).toBe(true);
    expect(c.cancel(ids[2]!)).toBe(false);
    expect(c.pending()).toBe(3);
    expect(c.nextAt()).toBe(20);
    c.advanceBy(100);
    expect(fired).toEqual([2, 4, 5]);
    expect(c.cancel(ids[1]!)).toBe(false); // already fired
    expect(c.pending()).toBe(0);
  });

  it('timers scheduled from callbacks run in the same advance when due', () => {
    const c = new VirtualClock();
    const log: number[] = [];
    c.schedule(10, () => {
      log.push(c.now());
      c.schedule(0, () => log.push(c.now()));
      c.schedule(5, () => log.push(c.now()));
    });
    c.advanceBy(12);
    expect(log).toEqual([10, 10]);
    c.advanceBy(10);
    expect(log).toEqual([10, 10, 15]);
  });

  it('stays a correct heap under many random operations', () => {
    const c = new VirtualClock();
    let seed = 1;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const expected: Array<[number, number]> = [];
    const fired: Array<[number, number]> = [];
    for (let i = 0; i < 5000; i++) {
      const at = Math.floor(rand() * 1000);
      const id = c.scheduleAt(at, () => fired.push([c.now(), id]));
      if (rand() < 0.1) c.cancel(id);
      else expected.push([at, id]);
    }
    c.runAll();
    expected.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(fired).toEqual(expected);
  });

  it('rejects going backwards and advancing from inside a callback', () => {
    const c = new VirtualClock(10);
    expect(() => c.advanceTo(5)).toThrow(/in the past/);
    c.schedule(1, () => c.advanceBy(1));
    expect(() => c.advanceBy(2)).toThrow(/inside a timer callback/);
  });

  it('xstateClock adapts setTimeout/clearTimeout', () => {
    const c = new VirtualClock();
    const x = c.xstateClock();
    let n = 0;
    const id = x.setTimeout(() => n++, 100);
    x.setTimeout(() => (n += 10), 100);
    x.clearTimeout(id);
    c.advanceBy(100);
    expect(n).toBe(10);
  });
});

describe('RealTimeDriver', () => {
  function fakeTicker() {
    let cb: ((t: number) => void) | null = null;
    const ticker: Ticker = (onFrame) => {
      cb = onFrame;
      return () => {
        cb = null;
      };
    };
    return { ticker, frame: (t: number) => cb?.(t), active: () => cb !== null };
  }

  it('advances virtual time by real elapsed × speed, pauses and resumes', () => {
    const c = new VirtualClock();
    const t = fakeTicker();
    const d = new RealTimeDriver(c, t.ticker, { speed: 60 });
    d.start();
    t.frame(1000);
    t.frame(1016);
    expect(c.now()).toBe(960);
    d.pause();
    expect(t.active()).toBe(false);
    t.frame(5000);
    expect(c.now()).toBe(960);
    d.resume();
    t.frame(6000); // first frame after resume only sets the baseline
    t.frame(6100);
    expect(c.now()).toBe(960 + 6000);
  });

  it('clamps speed to 0.05…3600 and caps a long real gap', () => {
    const c = new VirtualClock();
    const t = fakeTicker();
    const d = new RealTimeDriver(c, t.ticker, { speed: 99_999, maxStepMs: 100 });
    expect(d.speed).toBe(3600);
    d.setSpeed(0);
    expect(d.speed).toBe(0.05);
    d.setSpeed(0.25);
    expect(d.speed).toBe(0.25);
    d.setSpeed(3600);
    d.start();
    t.frame(0);
    t.frame(10_000); // tab was in the background: only 100 ms honoured
    expect(c.now()).toBe(360_000);
    d.dispose();
    expect(d.running).toBe(false);
  });
});
