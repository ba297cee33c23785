import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createMemoryStorage, type KeyValueStorage } from '../../platform/storage';
import { createPersistedStore, registeredStores, type RegisteredStore } from '../../platform/persist';
import {
  applyImport,
  buildExport,
  exportFileName,
  listBackups,
  MAX_IMPORT_BYTES,
  planImport,
  resetAll,
} from './transfer';

interface Notes {
  notes: string[];
  add(n: string): void;
}
interface Prefs {
  theme: string;
  setTheme(t: string): void;
}

let run = 0;
let storage: KeyValueStorage;
let notesStore: ReturnType<typeof makeNotes>;
let prefsStore: ReturnType<typeof makePrefs>;
let stores: RegisteredStore[];

function makeNotes() {
  return createPersistedStore<Notes, { notes: string[] }>(
    {
      name: `notes${run}`,
      version: 2,
      storage,
      schema: z.object({ notes: z.array(z.string()) }),
      partialize: ({ notes }) => ({ notes }),
      // v1 saved a single comma-separated string.
      migrate: (p, from) => {
        if (from !== 1 || typeof (p as { text?: unknown }).text !== 'string') throw new Error('bad v1');
        return { notes: (p as { text: string }).text.split(',') };
      },
    },
    (set) => ({ notes: [], add: (n) => set((s) => ({ notes: [...s.notes, n] })) }),
  );
}
function makePrefs() {
  return createPersistedStore<Prefs, { theme: string }>(
    {
      name: `prefs${run}`,
      version: 1,
      storage,
      schema: z.object({ theme: z.enum(['light', 'dark']) }),
      partialize: ({ theme }) => ({ theme }),
    },
    (set) => ({ theme: 'light', setTheme: (theme) => set({ theme }) }),
  );
}

beforeEach(() => {
  run++;
  storage = createMemoryStorage();
  notesStore = makeNotes();
  prefsStore = makePrefs();
  stores = registeredStores().filter(
    (s) => s.name.endsWith(String(run)) && /^(notes|prefs)\d+$/.test(s.name),
  );
  expect(stores).toHaveLength(2);
});

const file = (data: unknown) => JSON.stringify(data);
const snapshot = () => ({
  notes: notesStore.getState().notes,
  theme: prefsStore.getState().theme,
  keys: storage.keys().sort(),
  raw: storage
    .keys()
    .sort()
    .map((k) => storage.getItem(k)),
});

describe('exportFileName', () => {
  it('is coldstart-progress-YYYY-MM-DD.json', () => {
    expect(exportFileName(new Date(2026, 0, 5, 23, 59))).toBe('coldstart-progress-2026-01-05.json');
  });
});

describe('buildExport', () => {
  it('has every registered store with its version and saved state, plus saved stores not loaded here, but no backups', () => {
    notesStore.getState().add('hello');
    prefsStore.getState().setTheme('dark');
    storage.setItem('coldstart:quiz', JSON.stringify({ state: { quizzes: {} }, version: 1 }));
    storage.setItem('coldstart:quiz:backup:123', 'garbage');
    storage.setItem('other-site-key', '{}');
    const out = buildExport(storage, new Date('2026-02-03T04:05:06.000Z'), stores);
    expect(out).toEqual({
      format: 'coldstart-progress',
      formatVersion: 1,
      exportedAt: '2026-02-03T04:05:06.000Z',
      stores: {
        [`notes${run}`]: { version: 2, state: { notes: ['hello'] } },
        [`prefs${run}`]: { version: 1, state: { theme: 'dark' } },
        quiz: { version: 1, state: { quizzes: {} } },
      },
    });
  });
});

describe('import', () => {
  it('round-trips: export, change everything, import, and the exported state is back', () => {
    notesStore.getState().add('keep me');
    prefsStore.getState().setTheme('dark');
    const text = file(buildExport(storage, new Date(), stores));
    notesStore.getState().add('later');
    prefsStore.getState().setTheme('light');
    const plan = planImport(text, text.length, stores);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(applyImport(plan, storage).sort()).toEqual([`notes${run}`, `prefs${run}`]);
    expect(notesStore.getState().notes).toEqual(['keep me']);
    expect(prefsStore.getState().theme).toBe('dark');
    expect(JSON.parse(storage.getItem(`coldstart:notes${run}`)!).state).toEqual({ notes: ['keep me'] });
  });

  it('runs older store versions in the file through the same migrations', () => {
    const text = file({
      format: 'coldstart-progress',
      formatVersion: 1,
      stores: { [`notes${run}`]: { version: 1, state: { text: 'a,b' } } },
    });
    const plan = planImport(text, text.length, stores);
    expect(plan.ok).toBe(true);
    if (plan.ok) applyImport(plan, storage);
    expect(notesStore.getState().notes).toEqual(['a', 'b']);
    expect(prefsStore.getState().theme).toBe('light'); // not in the file: untouched
  });

  it('writes saved data of stores not loaded here as it is', () => {
    const text = file({
      format: 'coldstart-progress',
      formatVersion: 1,
      stores: { checklist: { version: 1, state: { ticks: { a: true } } } },
    });
    const plan = planImport(text, text.length, stores);
    expect(plan.ok).toBe(true);
    if (plan.ok) applyImport(plan, storage);
    expect(JSON.parse(storage.getItem('coldstart:checklist')!)).toEqual({
      state: { ticks: { a: true } },
      version: 1,
    });
  });

  const bad: Array<[string, () => string, RegExp]> = [
    ['an unparsable file', () => '{"format": "coldstart-progress",', /not readable JSON/],
    ['foreign JSON', () => file({ name: 'my-app', settings: {} }), /not a Coldstart progress file/],
    ['a JSON array', () => file([1, 2]), /not a Coldstart progress file/],
    [
      'a wrong format',
      () => file({ format: 'other-progress', formatVersion: 1, stores: {} }),
      /not a Coldstart progress file/,
    ],
    [
      'a newer format version',
      () => file({ format: 'coldstart-progress', formatVersion: 2, stores: {} }),
      /newer version of Coldstart \(format version 2/,
    ],
    [
      'no stores object',
      () => file({ format: 'coldstart-progress', formatVersion: 1 }),
      /no "stores" object/,
    ],
    [
      'empty stores',
      () => file({ format: 'coldstart-progress', formatVersion: 1, stores: {} }),
      /contains no saved data/,
    ],
    [
      'an invalid store state',
      () =>
        file({
          format: 'coldstart-progress',
          formatVersion: 1,
          stores: { [`prefs${run}`]: { version: 1, state: { theme: 'sepia' } } },
        }),
      /Saved data "prefs\d+" in this file is invalid: field "theme"/,
    ],
    [
      'a newer store version',
      () =>
        file({
          format: 'coldstart-progress',
          formatVersion: 1,
          stores: { [`notes${run}`]: { version: 3, state: { notes: [] } } },
        }),
      /Saved data "notes\d+".*newer version of Coldstart \(version 3/,
    ],
    [
      'an old store version that cannot be migrated',
      () =>
        file({
          format: 'coldstart-progress',
          formatVersion: 1,
          stores: { [`notes${run}`]: { version: 1, state: { notes: 5 } } },
        }),
      /could not upgrade from version 1/,
    ],
    [
      'a store entry without a version',
      () =>
        file({
          format: 'coldstart-progress',
          formatVersion: 1,
          stores: { [`notes${run}`]: { state: { notes: [] } } },
        }),
      /no valid "version"/,
    ],
    [
      'a bad store name',
      () =>
        file({
          format: 'coldstart-progress',
          formatVersion: 1,
          stores: { '../x': { version: 1, state: {} } },
        }),
      /invalid name/,
    ],
  ];
  for (const [label, make, message] of bad) {
    it(`rejects ${label} with a specific error and changes nothing`, () => {
      notesStore.getState().add('precious');
      prefsStore.getState().setTheme('dark');
      const before = snapshot();
      const text = make();
      const plan = planImport(text, text.length, stores);
      expect(plan.ok).toBe(false);
      if (!plan.ok) {
        expect(plan.error).toMatch(message);
        expect(plan.error).toMatch(/Nothing was changed\.$/);
      }
      expect(snapshot()).toEqual(before);
    });
  }

  it('validates every entry before changing any: one bad store blocks the good ones', () => {
    const text = file({
      format: 'coldstart-progress',
      formatVersion: 1,
      stores: {
        [`notes${run}`]: { version: 2, state: { notes: ['new'] } },
        [`prefs${run}`]: { version: 1, state: { theme: 1 } },
      },
    });
    expect(planImport(text, text.length, stores).ok).toBe(false);
    expect(notesStore.getState().notes).toEqual([]);
  });

  it('refuses a file that is too large without parsing it', () => {
    const plan = planImport('', MAX_IMPORT_BYTES + 1, stores);
    expect(!plan.ok && plan.error).toMatch(/too large \(1\.0 MB\)/);
  });
});

describe('resetAll and backups', () => {
  it('resets every store, removes saved data of stores not loaded here, keeps backups', () => {
    notesStore.getState().add('x');
    prefsStore.getState().setTheme('dark');
    storage.setItem('coldstart:quiz', JSON.stringify({ state: {}, version: 1 }));
    storage.setItem('coldstart:progress:backup:5', 'bad');
    storage.setItem('coldstart:progress:backup:9', 'worse');
    resetAll(storage, stores);
    expect(notesStore.getState().notes).toEqual([]);
    expect(prefsStore.getState().theme).toBe('light');
    expect(storage.getItem('coldstart:quiz')).toBeNull();
    expect(listBackups(storage)).toEqual(['coldstart:progress:backup:9', 'coldstart:progress:backup:5']);
  });
});
