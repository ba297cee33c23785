import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../platform/storage';
import {
  CHECKLIST_STORE_VERSION,
  createChecklistStore,
  mergeChecklistSaved,
  migrateChecklistState,
  setTick,
} from './checklist.store';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';

describe('checklist transitions', () => {
  it('ticks and unticks without duplicates', () => {
    let e = setTick(undefined, 'a', true, T0);
    e = setTick(e, 'b', true, T0);
    e = setTick(e, 'a', true, T1);
    expect(e).toEqual({ ticked: ['b', 'a'], updatedAt: T1 });
    expect(setTick(e, 'b', false, T1).ticked).toEqual(['a']);
  });

  it('migrates by salvaging valid lists and refuses newer versions', () => {
    expect(
      migrateChecklistState({ lists: { ok: { ticked: ['a'], updatedAt: T0 }, bad: { ticked: 3 } } }, 0),
    ).toEqual({
      lists: { ok: { ticked: ['a'], updatedAt: T0 } },
    });
    expect(() => migrateChecklistState({ lists: {} }, CHECKLIST_STORE_VERSION + 1)).toThrow(/newer/);
  });

  it('merges two tabs per list, newest first', () => {
    const merged = mergeChecklistSaved(
      { lists: { p: { ticked: ['a', 'b'], updatedAt: T1 } } },
      { lists: { p: { ticked: ['a'], updatedAt: T0 }, q: { ticked: ['z'], updatedAt: T0 } } },
    );
    expect(merged.lists).toEqual({
      p: { ticked: ['a', 'b'], updatedAt: T1 },
      q: { ticked: ['z'], updatedAt: T0 },
    });
  });

  it('persists ticks for a new store on the same storage', () => {
    const storage = createMemoryStorage();
    createChecklistStore({ storage, now: () => T0 })
      .getState()
      .tick('production', 'timeouts', true);
    expect(createChecklistStore({ storage }).getState().lists.production).toEqual({
      ticked: ['timeouts'],
      updatedAt: T0,
    });
  });
});
