import { afterEach, describe, expect, it, vi } from 'vitest';
import { FreezableScheduler } from './scheduler';

afterEach(() => vi.useRealTimers());

function scheduler() {
  vi.useFakeTimers();
  return new FreezableScheduler({
    setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  });
}

describe('FreezableScheduler', () => {
  it('holds timers and deliveries that come due while frozen, and runs them in order at the thaw', () => {
    const s = scheduler();
    const seen: string[] = [];
    s.set(() => seen.push('a'), 10, [], false);
    s.set(() => seen.push('b'), 20, [], false);
    s.freeze();
    vi.advanceTimersByTime(15);
    s.whenThawed(() => seen.push('reply'));
    vi.advanceTimersByTime(10);
    expect(seen).toEqual([]);
    s.thaw();
    expect(seen).toEqual(['a', 'reply', 'b']);
    s.whenThawed(() => seen.push('now'));
    expect(seen.at(-1)).toBe('now');
  });

  it('an interval that came due while frozen fires once at the thaw, then keeps its period', () => {
    const s = scheduler();
    let ticks = 0;
    s.set(() => ticks++, 10, [], true);
    s.freeze();
    vi.advanceTimersByTime(100);
    s.thaw();
    expect(ticks).toBe(1);
    vi.advanceTimersByTime(10);
    expect(ticks).toBe(2);
  });

  it('knows when the loop is empty: referenced timers and held requests count, unref-ed timers do not', () => {
    const s = scheduler();
    const idle = vi.fn();
    const timer = s.set(() => {}, 50, [], false);
    s.set(() => {}, 10, [], false).unref();
    const release = s.hold();
    s.whenIdle(idle);
    vi.advanceTimersByTime(60);
    expect(idle).not.toHaveBeenCalled();
    expect(timer.hasRef()).toBe(false); // fired and gone
    release();
    expect(idle).toHaveBeenCalledTimes(1);
  });

  it('routes a throwing callback to onError and clears timers by handle or by number', () => {
    const s = scheduler();
    const errors: unknown[] = [];
    s.onError = (error) => errors.push(error);
    s.set(
      () => {
        throw new Error('boom');
      },
      1,
      [],
      false,
    );
    const cleared = vi.fn();
    s.clear(s.set(cleared, 1, [], false));
    s.clear(Number(s.set(cleared, 1, [], false)));
    vi.advanceTimersByTime(5);
    expect(errors).toEqual([new Error('boom')]);
    expect(cleared).not.toHaveBeenCalled();
  });
});
