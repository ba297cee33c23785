import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSaveScheduler } from './accountStore';

describe('createSaveScheduler: coalesced saves', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('saves once, delayMs after the last change of a burst', async () => {
    const save = vi.fn(() => Promise.resolve());
    const scheduler = createSaveScheduler(save, { delayMs: 400, maxDelayMs: 3000 });
    scheduler.schedule();
    await vi.advanceTimersByTimeAsync(300);
    scheduler.schedule();
    await vi.advanceTimersByTimeAsync(300);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(1);
    scheduler.dispose();
  });

  it('saves maxDelayMs after the first change while changes keep coming', async () => {
    const save = vi.fn(() => Promise.resolve());
    const scheduler = createSaveScheduler(save, { delayMs: 400, maxDelayMs: 3000 });
    for (let elapsed = 0; elapsed < 2900; elapsed += 100) {
      scheduler.schedule();
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(save).toHaveBeenCalledTimes(1);
    scheduler.dispose();
  });

  it('a flood of changes arms one timer, not one per change (a million log lines call schedule a million times)', async () => {
    const save = vi.fn(() => Promise.resolve());
    const scheduler = createSaveScheduler(save, { delayMs: 400, maxDelayMs: 3000 });
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    for (let index = 0; index < 10_000; index++) scheduler.schedule();
    expect(setTimeoutSpy).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(400);
    expect(save).toHaveBeenCalledTimes(1);
    setTimeoutSpy.mockRestore();
    scheduler.dispose();
  });
});
