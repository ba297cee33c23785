import { describe, expect, it } from 'vitest';
import { createInvokeMarkers } from './invokeMarker';
import { createMemoryStorage } from './storage';

describe('invoke markers', () => {
  it('a marker left by a page that died is read once after the reload; a cleared one is gone', () => {
    const storage = createMemoryStorage();
    const before = createInvokeMarkers(storage);
    before.mark('orders', 1_700_000_000_000);
    before.mark('payments', 1_700_000_000_500);
    before.clear('payments');
    // The page reloads: a new set of markers over the same storage.
    const after = createInvokeMarkers(storage);
    expect(after.take('orders')).toEqual({ functionName: 'orders', startedAt: 1_700_000_000_000 });
    expect(after.take('orders')).toBeNull();
    expect(after.take('payments')).toBeNull();
  });

  it('ignores a marker it cannot read', () => {
    const storage = createMemoryStorage({ 'coldstart:invoke-in-flight:x': '{not json' });
    expect(createInvokeMarkers(storage).take('x')).toBeNull();
    expect(storage.keys()).toEqual([]);
  });
});
