import { describe, expect, it, vi } from 'vitest';
import { createRunListeners } from './runListeners';

describe('createRunListeners', () => {
  it('tells every subscribed view, and no longer one that unsubscribed', () => {
    const run = createRunListeners();
    const first = vi.fn();
    const second = vi.fn();
    run.subscribe(first);
    const stop = run.subscribe(second);
    run.notify();
    stop();
    run.notify();
    expect(first).toHaveBeenCalledTimes(2);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('ends the subscriptions it holds once, on dispose, and tells no view afterwards', () => {
    const run = createRunListeners();
    const view = vi.fn();
    const unsubscribe = vi.fn();
    run.subscribe(view);
    run.hold(unsubscribe);
    run.dispose();
    run.dispose();
    run.notify();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
    expect(view).not.toHaveBeenCalled();
  });
});
