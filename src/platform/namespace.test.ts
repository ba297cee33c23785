import { beforeEach, describe, expect, it } from 'vitest';
import {
  createNamespacedStorage,
  LEGACY_NAMESPACE,
  logicalKey,
  migrationMarkerKey,
  namespaceForUrl,
  normaliseBasePath,
  physicalKey,
} from './namespace';
import { migrateLegacyKeys } from './migrateLegacy';
import { createCourseStorage, createMemoryStorage, storageStatus } from './storage';
import { FakeWebStorage, quotaError, securityError } from './testStorage';
import { createPersistedStore } from './persist';
import * as s from './shape';

beforeEach(() => storageStatus.setState({ mode: 'persistent', notices: [] }, true));

describe('course namespace', () => {
  it('is the directory the course is served from, in one canonical spelling', () => {
    expect(namespaceForUrl('https://user.github.io/course-a/')).toBe('coldstart@/course-a/');
    expect(namespaceForUrl('https://user.github.io/course-a/index.html#/lessons/x')).toBe(
      'coldstart@/course-a/',
    );
    expect(namespaceForUrl('https://user.github.io/course-a/?utm=1#/playground?s=abc')).toBe(
      'coldstart@/course-a/',
    );
    expect(namespaceForUrl('https://user.github.io/')).toBe('coldstart@/');
    expect(normaliseBasePath('/Course%20A//two/')).toBe('/course%20a/two/');
    expect(normaliseBasePath('/course a/two/index.html')).toBe('/course%20a/two/');
    // A ':' or an encoded '/' inside a segment can never make one namespace look like another's keys.
    expect(normaliseBasePath('/a%2Fb/')).toBe('/a%2Fb/');
    expect(normaliseBasePath('/a:b/')).toBe('/a%3Ab/');
    expect(normaliseBasePath('/bad%E0%A4%A/')).toBe('/bad%25e0%25a4%25a/');
    expect(namespaceForUrl('not a url')).toBe('coldstart@/');
  });

  it('keeps two course copies on one origin apart', () => {
    expect(namespaceForUrl('https://user.github.io/course-a/')).not.toBe(
      namespaceForUrl('https://user.github.io/course-b/'),
    );
    // A course nested inside another's path is still a different namespace, and neither sees the other's keys.
    const outer = namespaceForUrl('https://h.example/a/');
    const inner = namespaceForUrl('https://h.example/a/b/');
    expect(logicalKey(outer, physicalKey(inner, 'coldstart:progress'))).toBeNull();
    expect(logicalKey(inner, physicalKey(outer, 'coldstart:progress'))).toBeNull();
  });

  it('maps logical keys to physical ones and back; the legacy namespace is the identity', () => {
    expect(physicalKey('coldstart@/a/', 'coldstart:progress')).toBe('coldstart@/a/:progress');
    expect(logicalKey('coldstart@/a/', 'coldstart@/a/:progress:backup:5')).toBe(
      'coldstart:progress:backup:5',
    );
    expect(physicalKey(LEGACY_NAMESPACE, 'coldstart:quiz')).toBe('coldstart:quiz');
    expect(logicalKey(LEGACY_NAMESPACE, 'coldstart@/a/:quiz')).toBeNull();
    expect(() => physicalKey('coldstart@/a/', 'progress')).toThrow(/start with "coldstart:"/);
  });

  it('a namespaced storage lists only its own keys, by their logical names', () => {
    const inner = createMemoryStorage({
      'coldstart@/a/:progress': 'a',
      'coldstart@/b/:progress': 'b',
      'coldstart:progress': 'legacy',
      [migrationMarkerKey('coldstart@/a/')]: '{}',
      unrelated: 'x',
    });
    const a = createNamespacedStorage(inner, 'coldstart@/a/');
    expect(a.keys()).toEqual(['coldstart:progress']);
    expect(a.getItem('coldstart:progress')).toBe('a');
    a.setItem('coldstart:quiz', 'q');
    expect(inner.getItem('coldstart@/a/:quiz')).toBe('q');
    a.removeItem('coldstart:progress');
    expect(inner.getItem('coldstart@/a/:progress')).toBeNull();
    expect(inner.getItem('coldstart@/b/:progress')).toBe('b');
  });
});

const legacyValues = {
  'coldstart:progress': JSON.stringify({ state: { completed: ['why-lambda'] }, version: 1 }),
  'coldstart:quiz': JSON.stringify({ state: { quizzes: { q: 1 } }, version: 1 }),
  'coldstart:progress:backup:1700000000000': '{broken',
};

function legacyDisk(): FakeWebStorage {
  const disk = new FakeWebStorage();
  for (const [k, v] of Object.entries(legacyValues)) disk.setItem(k, v);
  disk.setItem('someone-else', 'not ours');
  return disk;
}

describe('migrating the legacy keys', () => {
  const ns = 'coldstart@/course-a/';

  it('copies every legacy value into the namespace once, verified, and records it', () => {
    const disk = legacyDisk();
    const outcome = migrateLegacyKeys(disk, ns, new Date('2026-12-01T10:00:00.000Z'));
    expect(outcome).toEqual({ status: 'migrated', keys: 3 });
    for (const [k, v] of Object.entries(legacyValues)) {
      expect(disk.getItem(physicalKey(ns, k))).toBe(v);
      // Kept: another course copy on this origin may still need to migrate them.
      expect(disk.getItem(k)).toBe(v);
    }
    expect(JSON.parse(disk.getItem(migrationMarkerKey(ns))!)).toEqual({
      from: 'coldstart:',
      keys: 3,
      at: '2026-12-01T10:00:00.000Z',
    });
    expect(disk.getItem('coldstart@/course-a/:someone-else')).toBeNull();
    // Once only: later legacy writes (an old tab) are not copied over the namespace's own data.
    disk.setItem(physicalKey(ns, 'coldstart:progress'), 'newer, in the namespace');
    disk.setItem('coldstart:progress', 'old tab wrote this');
    expect(migrateLegacyKeys(disk, ns)).toEqual({ status: 'done' });
    expect(disk.getItem(physicalKey(ns, 'coldstart:progress'))).toBe('newer, in the namespace');
  });

  it('two course copies on one origin each get their own copy of the legacy data', () => {
    const disk = legacyDisk();
    migrateLegacyKeys(disk, 'coldstart@/course-a/');
    migrateLegacyKeys(disk, 'coldstart@/course-b/');
    expect(disk.getItem('coldstart@/course-a/:quiz')).toBe(legacyValues['coldstart:quiz']);
    expect(disk.getItem('coldstart@/course-b/:quiz')).toBe(legacyValues['coldstart:quiz']);
  });

  it('with nothing to migrate it only writes the marker', () => {
    const disk = new FakeWebStorage();
    expect(migrateLegacyKeys(disk, ns)).toEqual({ status: 'migrated', keys: 0 });
    expect(disk.length).toBe(1);
  });

  it('never overwrites a value the namespace already has', () => {
    const disk = legacyDisk();
    disk.setItem(physicalKey(ns, 'coldstart:quiz'), 'already here');
    expect(migrateLegacyKeys(disk, ns)).toEqual({ status: 'migrated', keys: 2 });
    expect(disk.getItem(physicalKey(ns, 'coldstart:quiz'))).toBe('already here');
  });

  it('storage full half way: rolls its copies back, keeps the legacy values, and says why', () => {
    const disk = legacyDisk();
    const used = [...Array(disk.length).keys()].reduce((n, i) => {
      const k = disk.key(i)!;
      return n + k.length + disk.getItem(k)!.length;
    }, 0);
    // Room for the first copy but not for all of them.
    disk.quotaChars =
      used + 'coldstart@/course-a/:progress'.length + legacyValues['coldstart:progress'].length + 5;
    const outcome = migrateLegacyKeys(disk, ns);
    expect(outcome).toEqual({ status: 'deferred', reason: 'browser storage is full' });
    expect(disk.getItem(migrationMarkerKey(ns))).toBeNull();
    for (const [k, v] of Object.entries(legacyValues)) {
      expect(disk.getItem(k)).toBe(v);
      expect(disk.getItem(physicalKey(ns, k))).toBeNull();
    }
  });

  it('a copy that does not read back intact counts as a failure', () => {
    const disk = legacyDisk();
    const realSet = disk.setItem.bind(disk);
    disk.setItem = (k: string, v: string) => realSet(k, k.endsWith(':quiz') ? v.slice(1) : v);
    expect(migrateLegacyKeys(disk, ns)).toMatchObject({ status: 'deferred' });
    expect(disk.getItem(physicalKey(ns, 'coldstart:progress'))).toBeNull();
  });

  it('a storage that refuses reads defers (the session then works as storage allows)', () => {
    const disk = legacyDisk();
    disk.failGet = securityError();
    expect(migrateLegacyKeys(disk, ns)).toMatchObject({ status: 'deferred' });
  });
});

describe('createCourseStorage', () => {
  const ns = 'coldstart@/course-a/';
  const progressSchema = s.object<{ completed: string[] }>({ completed: s.array(s.string()) });
  let run = 0;
  const makeStore = (storage: ReturnType<typeof createCourseStorage>['storage']) =>
    createPersistedStore<{ completed: string[]; add(slug: string): void }, { completed: string[] }>(
      {
        name: `migrating-${++run}`,
        version: 1,
        schema: progressSchema,
        storage,
        partialize: ({ completed }) => ({ completed }),
        syncTabs: false,
      },
      (set) => ({ completed: [], add: (slug) => set((st) => ({ completed: [...st.completed, slug] })) }),
    );

  it('a store created after the migration reads the legacy value from the namespace and writes there', () => {
    const disk = new FakeWebStorage();
    const legacyKey = `coldstart:migrating-${run + 1}`;
    disk.setItem(legacyKey, JSON.stringify({ state: { completed: ['why-lambda'] }, version: 1 }));
    const course = createCourseStorage(() => disk, ns);
    expect(course.migration).toEqual({ status: 'migrated', keys: 1 });
    expect(course.physicalNamespace).toBe(ns);
    const store = makeStore(course.storage);
    expect(store.getState().completed).toEqual(['why-lambda']);
    store.getState().add('overview');
    expect(JSON.parse(disk.getItem(physicalKey(ns, legacyKey))!).state.completed).toEqual([
      'why-lambda',
      'overview',
    ]);
    expect(JSON.parse(disk.getItem(legacyKey)!).state.completed).toEqual(['why-lambda']);
  });

  it('storage full mid-migration: nothing is lost, the session keeps the legacy keys, the next visit moves them', () => {
    const disk = new FakeWebStorage();
    const legacyKey = `coldstart:migrating-${run + 1}`;
    const big = 'x'.repeat(200);
    disk.setItem(legacyKey, JSON.stringify({ state: { completed: ['why-lambda', big] }, version: 1 }));
    disk.setItem('coldstart:other', big);
    disk.quotaChars = 700; // both values fit once, not twice
    const course = createCourseStorage(() => disk, ns);
    expect(course.migration).toEqual({ status: 'deferred', reason: 'browser storage is full' });
    expect(course.physicalNamespace).toBe('coldstart');
    expect(storageStatus.getState()).toEqual({ mode: 'persistent', notices: [] });
    const store = makeStore(course.storage);
    expect(store.getState().completed).toEqual(['why-lambda', big]);
    store.getState().add('overview');
    // Still saved (in place, in the legacy key): a small change fits where a copy of everything did not.
    expect(JSON.parse(disk.getItem(legacyKey)!).state.completed).toEqual(['why-lambda', big, 'overview']);

    disk.quotaChars = Infinity;
    run--; // same store name on the "next visit"
    const next = createCourseStorage(() => disk, ns);
    expect(next.migration).toEqual({ status: 'migrated', keys: 2 });
    expect(makeStore(next.storage).getState().completed).toEqual(['why-lambda', big, 'overview']);
  });

  it('storage already full when the page loads: what is saved stays readable, new writes stay in memory', () => {
    const disk = new FakeWebStorage();
    disk.setItem(physicalKey(ns, 'coldstart:note'), 'saved earlier');
    disk.setItem(migrationMarkerKey(ns), '{}');
    disk.quotaChars = 0;
    const course = createCourseStorage(() => disk, ns);
    expect(course.storage.getItem('coldstart:note')).toBe('saved earlier');
    course.storage.setItem('coldstart:note', 'changed');
    expect(course.storage.getItem('coldstart:note')).toBe('changed');
    expect(storageStatus.getState().mode).toBe('memory');
    expect(storageStatus.getState().notices).toMatchObject([{ kind: 'full' }]);
  });

  it('no storage at all: unavailable, in memory', () => {
    const course = createCourseStorage(() => {
      throw securityError();
    }, ns);
    expect(course.migration).toEqual({ status: 'unavailable' });
    course.storage.setItem('coldstart:a', '1');
    expect(course.storage.getItem('coldstart:a')).toBe('1');
    expect(storageStatus.getState().notices).toEqual([{ kind: 'unavailable' }]);
  });

  it('quota errors on the first write after migration keep the session in memory (existing behaviour)', () => {
    const disk = new FakeWebStorage();
    const course = createCourseStorage(() => disk, ns);
    disk.failSet = quotaError();
    course.storage.setItem('coldstart:a', '1');
    expect(course.storage.getItem('coldstart:a')).toBe('1');
    expect(storageStatus.getState().notices).toEqual([{ kind: 'full', key: physicalKey(ns, 'coldstart:a') }]);
  });
});
