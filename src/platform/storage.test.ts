import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStorage, createResilientStorage, isQuotaError, storageStatus } from './storage';
import { FakeWebStorage, quotaError, securityError } from './testStorage';

beforeEach(() => storageStatus.setState({ mode: 'persistent', notices: [] }, true));

describe('createResilientStorage', () => {
  it('reads and writes through to the real storage while it works', () => {
    const disk = new FakeWebStorage();
    const s = createResilientStorage(() => disk);
    s.setItem('coldstart:a', '1');
    expect(disk.getItem('coldstart:a')).toBe('1');
    disk.setItem('coldstart:b', 'from another tab');
    expect(s.getItem('coldstart:b')).toBe('from another tab');
    expect(s.keys().sort()).toEqual(['coldstart:a', 'coldstart:b']);
    s.removeItem('coldstart:a');
    expect(disk.getItem('coldstart:a')).toBeNull();
    expect(storageStatus.getState()).toEqual({ mode: 'persistent', notices: [] });
  });

  it('keeps working in memory and says so when localStorage access throws SecurityError', () => {
    const s = createResilientStorage(() => {
      throw securityError();
    });
    s.setItem('coldstart:a', 'x');
    expect(s.getItem('coldstart:a')).toBe('x');
    expect(s.keys()).toEqual(['coldstart:a']);
    expect(storageStatus.getState().mode).toBe('memory');
    expect(storageStatus.getState().notices).toEqual([{ kind: 'unavailable' }]);
  });

  it('treats a storage whose probe write fails as unavailable', () => {
    const disk = new FakeWebStorage();
    disk.failSet = securityError();
    const s = createResilientStorage(() => disk);
    s.setItem('k', 'v');
    expect(s.getItem('k')).toBe('v');
    expect(storageStatus.getState().notices).toEqual([{ kind: 'unavailable' }]);
  });

  it('treats a missing storage (no window) as unavailable', () => {
    const s = createResilientStorage(() => null);
    s.setItem('k', 'v');
    expect(s.getItem('k')).toBe('v');
    expect(storageStatus.getState().mode).toBe('memory');
  });

  it('on QuotaExceededError keeps this write and everything already saved, in memory, and reports "full"', () => {
    const disk = new FakeWebStorage();
    disk.setItem('coldstart:old', 'saved before');
    disk.quotaChars = 60;
    const s = createResilientStorage(() => disk);
    s.setItem('coldstart:big', 'x'.repeat(100));
    expect(s.getItem('coldstart:big')).toBe('x'.repeat(100));
    expect(s.getItem('coldstart:old')).toBe('saved before');
    expect(storageStatus.getState()).toEqual({
      mode: 'memory',
      notices: [{ kind: 'full', key: 'coldstart:big' }],
    });
    // Later writes stay in memory too, without a second notice.
    s.setItem('coldstart:small', 'y');
    expect(s.getItem('coldstart:small')).toBe('y');
    expect(disk.getItem('coldstart:small')).toBeNull();
    expect(storageStatus.getState().notices).toHaveLength(1);
  });

  it('falls back to memory when reads start failing mid-session', () => {
    const disk = new FakeWebStorage();
    const s = createResilientStorage(() => disk);
    s.setItem('k', 'v');
    disk.failGet = securityError();
    expect(s.getItem('k')).toBe('v');
    expect(storageStatus.getState().notices).toEqual([{ kind: 'unavailable' }]);
  });
});

describe('isQuotaError', () => {
  it('recognises the names and legacy codes browsers use', () => {
    expect(isQuotaError(quotaError())).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError({ code: 22 })).toBe(true);
    expect(isQuotaError({ code: 1014 })).toBe(true);
    expect(isQuotaError(securityError())).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});

describe('createMemoryStorage', () => {
  it('is a plain key-value map', () => {
    const m = createMemoryStorage({ a: '1' });
    m.setItem('b', '2');
    m.removeItem('a');
    expect(m.keys()).toEqual(['b']);
    expect(m.getItem('a')).toBeNull();
  });
});
