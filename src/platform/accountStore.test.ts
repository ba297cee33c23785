import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaveScheduler } from './accountStore';

describe('createSaveScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves once, delayMs after the last change of a burst', async () => {
    const save = vi.fn(async () => {});
    const scheduler = createSaveScheduler(save, { delayMs: 400, maxDelayMs: 3000 });
    scheduler.schedule();
    await vi.advanceTimersByTimeAsync(300);
    scheduler.schedule(); // the quiet moment starts again
    await vi.advanceTimersByTimeAsync(399);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
    scheduler.dispose();
  });

  it('saves at most maxDelayMs after the first change while changes keep coming', async () => {
    const saves: number[] = [];
    const scheduler = createSaveScheduler(async () => void saves.push(Date.now()), {
      delayMs: 400,
      maxDelayMs: 3000,
    });
    for (let at = 0; at < 5000; at += 100) {
      scheduler.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(saves[0]).toBe(3000);
    await vi.advanceTimersByTimeAsync(1000);
    // The second burst began at 3000 (the first change after the save) and ended at 4900.
    expect(saves).toEqual([3000, 5300]);
    scheduler.dispose();
  });

  it('arms one timer for a burst of changes instead of one per change (the account changes on every PutItem)', async () => {
    const save = vi.fn(async () => {});
    const scheduler = createSaveScheduler(save, { delayMs: 400, maxDelayMs: 3000 });
    const setTimer = vi.spyOn(globalThis, 'setTimeout');
    const clearTimer = vi.spyOn(globalThis, 'clearTimeout');
    for (let index = 0; index < 10_000; index++) scheduler.schedule();
    expect(setTimer).toHaveBeenCalledTimes(1);
    expect(clearTimer).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(400);
    expect(save).toHaveBeenCalledTimes(1);
    scheduler.dispose();
  });

  it('flush saves a due change at once, and nothing when none is due', async () => {
    const save = vi.fn(async () => {});
    const scheduler = createSaveScheduler(save);
    await scheduler.flush();
    expect(save).not.toHaveBeenCalled();
    scheduler.schedule();
    await scheduler.flush();
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
    scheduler.dispose();
  });
});
