import { describe, expect, it } from 'vitest';
import {
  emptyProgress,
  mergeProgress,
  migrateProgress,
  progressSavedSchema,
  UNKNOWN_DATE,
  type ProgressSaved,
} from './progress.store';

const T1 = '2026-01-01T10:00:00.000Z';
const T2 = '2026-01-02T10:00:00.000Z';
const T3 = '2026-01-03T10:00:00.000Z';

function progress(p: Partial<ProgressSaved>): ProgressSaved {
  return { ...emptyProgress(), ...p };
}

describe('migrateProgress (v1 → v2)', () => {
  it('turns slug lists into dated maps, counts completed lessons as visited, keeps the last lesson', () => {
    const v2 = migrateProgress({ completed: ['overview'], visited: ['why-lambda'], last: 'why-lambda' }, 1);
    expect(v2).toEqual({
      visited: { 'why-lambda': UNKNOWN_DATE, overview: UNKNOWN_DATE },
      completed: { overview: UNKNOWN_DATE },
      uncompleted: {},
      lastLesson: 'why-lambda',
      lastHeading: null,
      lastAt: UNKNOWN_DATE,
    });
    expect(progressSavedSchema.safeParse(v2).success).toBe(true);
  });

  it('accepts the minimal v1 shape', () => {
    expect(migrateProgress({ completed: [] }, 1)).toEqual(emptyProgress());
  });

  it('is pure: the input is not modified', () => {
    const v1 = { completed: ['a'], visited: ['b'] };
    const copy = structuredClone(v1);
    migrateProgress(v1, 1);
    expect(v1).toEqual(copy);
  });

  it('rejects a wrong v1 shape and unknown versions', () => {
    expect(() => migrateProgress({ completed: 'overview' }, 1)).toThrow(/wrong shape/);
    expect(() => migrateProgress(null, 1)).toThrow(/wrong shape/);
    expect(() => migrateProgress({ completed: [] }, 0)).toThrow(/unknown progress version 0/);
  });
});

describe('progressSavedSchema', () => {
  it('rejects dates that are not ISO and missing fields', () => {
    expect(progressSavedSchema.safeParse(progress({ completed: { a: 'yesterday' } })).success).toBe(false);
    const { lastAt: _lastAt, ...missing } = emptyProgress();
    expect(progressSavedSchema.safeParse(missing).success).toBe(false);
  });
});

describe('mergeProgress (two tabs)', () => {
  it('unions visited and completed lessons by key instead of overwriting', () => {
    const a = progress({ visited: { x: T1 }, completed: { x: T1 } });
    const b = progress({ visited: { y: T2, x: T2 }, completed: { y: T2 } });
    const m = mergeProgress(a, b);
    expect(m.visited).toEqual({ x: T2, y: T2 });
    expect(m.completed).toEqual({ x: T1, y: T2 });
  });

  it('lets a later un-complete win over an earlier complete, and a later complete win over an un-complete', () => {
    const a = progress({ completed: { x: T1, y: T3 } });
    const b = progress({ uncompleted: { x: T2, y: T2 } });
    const m = mergeProgress(a, b);
    expect(m.completed).toEqual({ y: T3 });
    expect(m.uncompleted).toEqual({ x: T2 });
  });

  it('keeps the most recent position', () => {
    const a = progress({ lastLesson: 'a', lastHeading: 'h', lastAt: T1 });
    const b = progress({ lastLesson: 'b', lastHeading: null, lastAt: T2 });
    expect(mergeProgress(a, b)).toMatchObject({ lastLesson: 'b', lastHeading: null, lastAt: T2 });
    expect(mergeProgress(b, a)).toMatchObject({ lastLesson: 'b', lastAt: T2 });
  });

  it('is symmetric and idempotent, so two tabs converge', () => {
    const a = progress({
      visited: { x: T1 },
      completed: { x: T2 },
      uncompleted: { z: T3 },
      lastLesson: 'x',
      lastAt: T1,
    });
    const b = progress({ visited: { y: T2 }, completed: { z: T1 }, lastLesson: 'y', lastAt: T3 });
    expect(mergeProgress(a, b)).toEqual(mergeProgress(b, a));
    const m = mergeProgress(a, b);
    expect(mergeProgress(m, m)).toEqual(m);
    expect(mergeProgress(m, a)).toEqual(m);
  });
});
