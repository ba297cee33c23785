import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { createMemoryStorage, createResilientStorage, storageStatus, type KeyValueStorage } from './storage';
import { FakeWebStorage, securityError } from './testStorage';
import {
  createPersistedStore,
  describeBackupKey,
  isBackupKey,
  parseSavedState,
  readEnvelope,
  registeredStores,
} from './persist';

interface Counter {
  count: number;
  tags: string[];
  bump(): void;
  tag(t: string): void;
}
const savedSchema = z.object({ count: z.number().int(), tags: z.array(z.string()) });
type Saved = z.infer<typeof savedSchema>;

let n = 0;
function makeCounter(
  storage: KeyValueStorage,
  extra: { mergeSaved?: (a: Saved, b: Saved) => Saved; name?: string } = {},
) {
  return createPersistedStore<Counter, Saved>(
    {
      name: extra.name ?? `counter-${n}`,
      version: 2,
      schema: savedSchema,
      storage,
      partialize: ({ count, tags }) => ({ count, tags }),
      mergeSaved: extra.mergeSaved,
      // v1 saved `{ n: number }`.
      migrate: (persisted, from) => {
        if (from !== 1) throw new Error(`unknown version ${from}`);
        const v1 = persisted as { n?: unknown };
        if (typeof v1.n !== 'number') throw new Error('v1 without n');
        return { count: v1.n, tags: [] };
      },
    },
    (set) => ({
      count: 0,
      tags: [],
      bump: () => set((s) => ({ count: s.count + 1 })),
      tag: (t) => set((s) => ({ tags: [...s.tags, t] })),
    }),
  );
}

const keyOf = () => `coldstart:counter-${n}`;
const backups = (s: KeyValueStorage) => s.keys().filter(isBackupKey);

beforeEach(() => {
  n++;
  storageStatus.setState({ mode: 'persistent', notices: [] }, true);
});

describe('createPersistedStore: saving and loading', () => {
  it('starts from the initializer when nothing is saved and saves every change with version and epoch', () => {
    const storage = createMemoryStorage();
    const store = makeCounter(storage);
    expect(store.getState().count).toBe(0);
    store.getState().bump();
    expect(JSON.parse(storage.getItem(keyOf())!)).toEqual({
      state: { count: 1, tags: [] },
      version: 2,
      epoch: 0,
    });
  });

  it('loads a valid saved value of the current version', () => {
    const storage = createMemoryStorage({
      [`coldstart:counter-${n}`]: JSON.stringify({ state: { count: 7, tags: ['a'] }, version: 2 }),
    });
    expect(makeCounter(storage).getState()).toMatchObject({ count: 7, tags: ['a'] });
    expect(storageStatus.getState().notices).toEqual([]);
  });

  it('migrates an older version and writes the migrated value back', () => {
    const storage = createMemoryStorage({
      [`coldstart:counter-${n}`]: JSON.stringify({ state: { n: 4 }, version: 1 }),
    });
    expect(makeCounter(storage).getState().count).toBe(4);
    expect(JSON.parse(storage.getItem(keyOf())!)).toMatchObject({
      state: { count: 4, tags: [] },
      version: 2,
    });
  });

  it('accepts zod/mini schemas too', () => {
    const storage = createMemoryStorage({
      'coldstart:mini': JSON.stringify({ state: { on: true }, version: 1 }),
    });
    const store = createPersistedStore<{ on: boolean }, { on: boolean }>(
      { name: 'mini', version: 1, schema: zm.object({ on: zm.boolean() }), storage },
      () => ({ on: false }),
    );
    expect(store.getState().on).toBe(true);
  });
});

describe('createPersistedStore: corrupted saved data', () => {
  const cases: Array<[string, string]> = [
    ['unparsable JSON', '{"state": {"count": 3'],
    ['valid JSON that is not a saved store', JSON.stringify({ hello: 'world' })],
    [
      'a saved store whose state has the wrong shape',
      JSON.stringify({ state: { count: 'three', tags: [] }, version: 2 }),
    ],
    [
      'a value from a future version',
      JSON.stringify({ state: { count: 1, tags: [], extra: true }, version: 9 }),
    ],
    ['an old version whose migration throws', JSON.stringify({ state: { nope: 1 }, version: 1 })],
    ['JSON null', 'null'],
  ];
  for (const [label, raw] of cases) {
    it(`${label}: starts clean, keeps the bad value under a backup key, reports it, keeps working`, () => {
      const storage = createMemoryStorage({ [`coldstart:counter-${n}`]: raw });
      const store = makeCounter(storage);
      expect(store.getState().count).toBe(0);
      const [backupKey, ...more] = backups(storage);
      expect(more).toEqual([]);
      expect(storage.getItem(backupKey!)).toBe(raw);
      expect(describeBackupKey(backupKey!)?.store).toBe(`counter-${n}`);
      expect(storageStatus.getState().notices).toEqual([{ kind: 'corrupt', key: keyOf(), backupKey }]);
      // Saving still works afterwards, and the backup is untouched.
      store.getState().bump();
      expect(readEnvelope(storage.getItem(keyOf()))?.state).toEqual({ count: 1, tags: [] });
      expect(storage.getItem(backupKey!)).toBe(raw);
    });
  }
});

describe('parseSavedState', () => {
  const spec = {
    version: 2,
    schema: savedSchema,
    migrate: (p: unknown) => ({ count: (p as { n: number }).n, tags: [] }),
  };
  it('validates current versions, migrates older ones, refuses newer ones and bad shapes', () => {
    expect(parseSavedState(spec, { count: 1, tags: [] }, 2)).toEqual({
      ok: true,
      state: { count: 1, tags: [] },
    });
    expect(parseSavedState(spec, { n: 5 }, 1)).toEqual({ ok: true, state: { count: 5, tags: [] } });
    const newer = parseSavedState(spec, { count: 1, tags: [] }, 3);
    expect(newer.ok).toBe(false);
    expect(!newer.ok && newer.error).toMatch(/newer version/);
    const bad = parseSavedState(spec, { count: 1, tags: [3] }, 2);
    expect(!bad.ok && bad.error).toMatch(/field "tags\.0"/);
    const throws = parseSavedState(
      {
        ...spec,
        migrate: () => {
          throw new Error('boom');
        },
      },
      {},
      1,
    );
    expect(!throws.ok && throws.error).toMatch(/could not upgrade from version 1: boom/);
    expect(parseSavedState(spec, {}, -1).ok).toBe(false);
  });
});

describe('two tabs sharing one storage', () => {
  const union = (a: Saved, b: Saved): Saved => ({
    count: Math.max(a.count, b.count),
    tags: [...new Set([...a.tags, ...b.tags])].sort(),
  });

  it('folds the other tab’s value in with mergeSaved and both converge', async () => {
    const disk = createMemoryStorage();
    const tabA = makeCounter(disk, { mergeSaved: union, name: `tabs-${n}` });
    const tabB = makeCounter(disk, { mergeSaved: union, name: `tabs-${n}` });
    tabA.getState().tag('a'); // disk: [a]
    tabB.getState().tag('b'); // B never heard of a: disk: [b]
    await tabA.persist.rehydrate(); // the storage event in tab A
    expect(tabA.getState().tags).toEqual(['a', 'b']);
    // A wrote the union back, so B's storage event brings it 'a' too.
    expect(readEnvelope(disk.getItem(`coldstart:tabs-${n}`))?.state).toEqual({ count: 0, tags: ['a', 'b'] });
    await tabB.persist.rehydrate();
    expect(tabB.getState().tags).toEqual(['a', 'b']);
  });

  it('without mergeSaved the other tab’s value wins', async () => {
    const disk = createMemoryStorage();
    const tabA = makeCounter(disk, { name: `plain-${n}` });
    const tabB = makeCounter(disk, { name: `plain-${n}` });
    tabA.getState().tag('a');
    tabB.getState().tag('b');
    await tabA.persist.rehydrate();
    expect(tabA.getState().tags).toEqual(['b']);
  });

  it('a reset in one tab wins over the other tab’s state instead of being merged away', async () => {
    const disk = createMemoryStorage();
    const name = `reset-${n}`;
    const tabA = makeCounter(disk, { mergeSaved: union, name });
    tabA.getState().tag('a');
    const tabB = makeCounter(disk, { mergeSaved: union, name });
    expect(tabB.getState().tags).toEqual(['a']);
    // The registry entry is the most recently created store of that name: tab B.
    registeredStores()
      .find((s) => s.name === name)!
      .reset();
    expect(tabB.getState().tags).toEqual([]);
    await tabA.persist.rehydrate();
    expect(tabA.getState().tags).toEqual([]);
    // After seeing the reset, tab A's new work merges normally again.
    tabA.getState().tag('later');
    await tabB.persist.rehydrate();
    expect(tabB.getState().tags).toEqual(['later']);
  });
});

describe('registry', () => {
  it('snapshots, parses, replaces and resets a store', () => {
    const storage = createMemoryStorage();
    const store = makeCounter(storage);
    store.getState().bump();
    const entry = registeredStores().find((s) => s.name === `counter-${n}`)!;
    expect(entry.key).toBe(keyOf());
    expect(entry.snapshot()).toEqual({ count: 1, tags: [] });
    const parsed = entry.parse({ n: 9 }, 1);
    expect(parsed).toEqual({ ok: true, state: { count: 9, tags: [] } });
    entry.replace(parsed.ok ? parsed.state : null);
    expect(store.getState().count).toBe(9);
    expect(readEnvelope(storage.getItem(keyOf()))).toMatchObject({ state: { count: 9 }, epoch: 1 });
    entry.reset();
    expect(store.getState().count).toBe(0);
    expect(typeof store.getState().bump).toBe('function');
    expect(readEnvelope(storage.getItem(keyOf()))).toMatchObject({ state: { count: 0, tags: [] }, epoch: 2 });
  });
});

describe('registry: merging an imported value', () => {
  it('stores with mergeSaved combine; the others take the file only while still at their start', () => {
    const union = (a: Saved, b: Saved): Saved => ({
      count: Math.max(a.count, b.count),
      tags: [...new Set([...a.tags, ...b.tags])].sort(),
    });
    const combined = makeCounter(createMemoryStorage(), { mergeSaved: union, name: `merge-${n}` });
    const entry = () => registeredStores().find((s) => s.name === `merge-${n}`)!;
    combined.getState().tag('mine');
    expect(entry().mergeKind).toBe('combine');
    expect(entry().mergeWith({ count: 3, tags: ['theirs'] })).toEqual({ count: 3, tags: ['mine', 'theirs'] });
    // Pure: nothing changed yet.
    expect(combined.getState().tags).toEqual(['mine']);

    const plain = makeCounter(createMemoryStorage(), { name: `fill-${n}` });
    const fill = () => registeredStores().find((s) => s.name === `fill-${n}`)!;
    expect(fill().mergeKind).toBe('fill');
    expect(fill().isInitial()).toBe(true);
    expect(fill().mergeWith({ count: 3, tags: ['theirs'] })).toEqual({ count: 3, tags: ['theirs'] });
    plain.getState().bump();
    expect(fill().isInitial()).toBe(false);
    expect(fill().mergeWith({ count: 3, tags: ['theirs'] })).toEqual({ count: 1, tags: [] });
  });
});

describe('readEnvelope', () => {
  it('accepts only { state, version } objects', () => {
    expect(readEnvelope(null)).toBeNull();
    expect(readEnvelope('[]')).toBeNull();
    expect(readEnvelope('{"state":1}')).toBeNull();
    expect(readEnvelope('{"state":1,"version":"2"}')).toBeNull();
    expect(readEnvelope('{"state":1,"version":2,"epoch":"x"}')).toBeNull();
    expect(readEnvelope('{"state":1,"version":2}')).toEqual({ state: 1, version: 2 });
  });
});

describe('createPersistedStore over a failing browser storage', () => {
  it('storage full: the store keeps every change in memory and the status says so', () => {
    const disk = new FakeWebStorage();
    disk.quotaChars = 120;
    const store = makeCounter(createResilientStorage(() => disk));
    for (let i = 0; i < 10; i++) store.getState().tag(`tag-${i}`);
    expect(store.getState().tags).toHaveLength(10);
    expect(storageStatus.getState()).toEqual({ mode: 'memory', notices: [{ kind: 'full', key: keyOf() }] });
    // What reached the disk before it filled up is still there; nothing threw.
    expect(readEnvelope(disk.getItem(keyOf()))).not.toBeNull();
  });

  it('storage unavailable (SecurityError): the store works from memory and the status says so', async () => {
    const storage = createResilientStorage(() => {
      throw securityError();
    });
    const store = makeCounter(storage);
    store.getState().bump();
    store.getState().bump();
    expect(store.getState().count).toBe(2);
    await store.persist.rehydrate();
    expect(store.getState().count).toBe(2);
    expect(storageStatus.getState().mode).toBe('memory');
    expect(storageStatus.getState().notices).toEqual([{ kind: 'unavailable' }]);
  });
});
