import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createMemoryStorage, type KeyValueStorage } from '../../platform/storage';
import { createPersistedStore, registeredStores, type RegisteredStore } from '../../platform/persist';
import { applyImport, planImport, type ImportPlan } from './transfer';
import { previewImport } from './importPreview';
import { mergeProgress, progressSavedSchema, emptyProgress, type ProgressSaved } from './progress.store';

/** Stores named as the real ones are, so the preview describes them by their aspects. */
let storage: KeyValueStorage;
let stores: RegisteredStore[];
let progress: ReturnType<typeof makeProgress>;
let playground: ReturnType<typeof makePlayground>;

function makeProgress() {
  return createPersistedStore<ProgressSaved & { complete(slug: string): void }, ProgressSaved>(
    {
      name: 'progress',
      version: 2,
      storage,
      schema: progressSavedSchema,
      mergeSaved: mergeProgress,
      syncTabs: false,
      partialize: ({ visited, completed, uncompleted, lastLesson, lastHeading, lastAt }) => ({
        visited,
        completed,
        uncompleted,
        lastLesson,
        lastHeading,
        lastAt,
      }),
    },
    (set) => ({
      ...emptyProgress(),
      complete: (slug) =>
        set((s) => ({
          completed: { ...s.completed, [slug]: '2026-01-01T00:00:00.000Z' },
          visited: { ...s.visited, [slug]: '2026-01-01T00:00:00.000Z' },
        })),
    }),
  );
}

function makePlayground() {
  return createPersistedStore<{ code: string; write(code: string): void }, { code: string }>(
    {
      name: 'playground',
      version: 1,
      storage,
      schema: z.object({ code: z.string() }),
      syncTabs: false,
      partialize: ({ code }) => ({ code }),
    },
    (set) => ({ code: '// starter\n', write: (code) => set({ code }) }),
  );
}

function plan(
  storesInFile: Record<string, { version: number; state: unknown }>,
): Extract<ImportPlan, { ok: true }> {
  const text = JSON.stringify({ format: 'coldstart-progress', formatVersion: 1, stores: storesInFile });
  const result = planImport(text, text.length, stores);
  if (!result.ok) throw new Error(result.error);
  return result;
}

const progressState = (completed: string[]): ProgressSaved => ({
  ...emptyProgress(),
  completed: Object.fromEntries(completed.map((slug) => [slug, '2026-02-01T00:00:00.000Z'])),
  visited: Object.fromEntries(completed.map((slug) => [slug, '2026-02-01T00:00:00.000Z'])),
});

beforeEach(() => {
  storage = createMemoryStorage();
  progress = makeProgress();
  playground = makePlayground();
  stores = registeredStores().filter((s) => s.name === 'progress' || s.name === 'playground');
});

describe('previewImport', () => {
  it('says, per kind of saved data, what is here, in the file, and after Merge or Replace', () => {
    progress.getState().complete('why-lambda');
    playground.getState().write('line 1\nline 2\nline 3\n');
    const preview = previewImport(
      plan({
        progress: { version: 2, state: progressState(['overview', 'layers']) },
        playground: { version: 1, state: { code: 'other\n' } },
        quiz: { version: 1, state: { quizzes: { basics: { questions: { q1: {}, q2: {} } } } } },
      }),
      storage,
    );
    const row = (label: string) => preview.rows.find((r) => r.label === label);
    expect(row('Lessons completed')).toEqual({
      store: 'progress',
      label: 'Lessons completed',
      now: '1 lesson',
      file: '2 lessons',
      afterMerge: '3 lessons',
      afterReplace: '2 lessons',
      mergeChanges: true,
      replaceChanges: true,
    });
    // The learner's own code is kept by Merge and replaced only by Replace.
    expect(row('Playground code')).toMatchObject({
      now: '3 lines',
      file: '1 line',
      afterMerge: '3 lines',
      afterReplace: '1 line',
      mergeChanges: false,
      replaceChanges: true,
    });
    // A store whose code is not loaded here is described from the file alone; Merge takes it (nothing here).
    expect(row('Quiz answers')).toMatchObject({
      now: '0 answers',
      file: '2 answers',
      afterMerge: '2 answers',
    });
    expect(preview.identical).toBe(false);
    expect(preview.combined).toEqual(['progress']);
    // Nothing was written.
    expect(Object.keys(progress.getState().completed)).toEqual(['why-lambda']);
    expect(storage.getItem('coldstart:quiz')).toBeNull();
  });

  it('a file identical to what is saved changes nothing either way', () => {
    progress.getState().complete('why-lambda');
    const same = progress.getState();
    const preview = previewImport(
      plan({
        progress: {
          version: 2,
          state: {
            visited: same.visited,
            completed: same.completed,
            uncompleted: {},
            lastLesson: null,
            lastHeading: null,
            lastAt: null,
          },
        },
      }),
      storage,
    );
    expect(preview.identical).toBe(true);
  });

  it('the same number of lessons but different ones still counts as a change', () => {
    progress.getState().complete('why-lambda');
    const preview = previewImport(
      plan({ progress: { version: 2, state: progressState(['layers']) } }),
      storage,
    );
    const row = preview.rows.find((r) => r.label === 'Lessons completed')!;
    expect([row.now, row.afterReplace, row.replaceChanges]).toEqual(['1 lesson', '1 lesson', true]);
  });

  it('an unknown kind of saved data gets a generic row rather than being imported unseen', () => {
    const preview = previewImport(plan({ 'new-feature': { version: 1, state: { a: 1 } } }), storage);
    expect(preview.rows).toEqual([
      expect.objectContaining({
        label: 'Saved data “new-feature”',
        now: 'none',
        file: 'saved',
        replaceChanges: true,
      }),
    ]);
  });
});

describe('applyImport: Merge and Replace', () => {
  it('Merge folds combinable stores together and keeps the learner’s own single values', () => {
    progress.getState().complete('why-lambda');
    playground.getState().write('mine\n');
    storage.setItem('coldstart:quiz', JSON.stringify({ state: { quizzes: { mine: {} } }, version: 1 }));
    const p = plan({
      progress: { version: 2, state: progressState(['overview']) },
      playground: { version: 1, state: { code: 'theirs\n' } },
      quiz: { version: 1, state: { quizzes: { theirs: {} } } },
      checklist: { version: 1, state: { lists: {} } },
    });
    applyImport(p, storage, 'merge');
    expect(Object.keys(progress.getState().completed).sort()).toEqual(['overview', 'why-lambda']);
    expect(playground.getState().code).toBe('mine\n');
    // Not loaded here: what is saved is kept, what is missing is written.
    expect(JSON.parse(storage.getItem('coldstart:quiz')!).state).toEqual({ quizzes: { mine: {} } });
    expect(JSON.parse(storage.getItem('coldstart:checklist')!).state).toEqual({ lists: {} });
  });

  it('Merge takes a single value from the file while the learner has none of their own', () => {
    applyImport(plan({ playground: { version: 1, state: { code: 'theirs\n' } } }), storage, 'merge');
    expect(playground.getState().code).toBe('theirs\n');
  });

  it('Replace takes the file as it is', () => {
    progress.getState().complete('why-lambda');
    playground.getState().write('mine\n');
    applyImport(
      plan({
        progress: { version: 2, state: progressState(['overview']) },
        playground: { version: 1, state: { code: 'theirs\n' } },
      }),
      storage,
      'replace',
    );
    expect(Object.keys(progress.getState().completed)).toEqual(['overview']);
    expect(playground.getState().code).toBe('theirs\n');
  });
});
