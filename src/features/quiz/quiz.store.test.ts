import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../platform/storage';
import {
  clearAnswers,
  clearQuestion,
  createQuizStore,
  emptyEntry,
  mergeQuizSaved,
  migrateQuizState,
  recordQuestion,
  QUIZ_STORE_VERSION,
  type QuestionRecord,
  type QuizEntry,
} from './quiz.store';

const ids = ['q1', 'q2'];
const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';

/** A checked answer: final unless `revealed` says a hint is showing. */
function rec(correct: boolean | null, extra: Partial<QuestionRecord> = {}): QuestionRecord {
  return { answer: 'a', correct, selfAssessed: false, tries: 1, revealed: true, ...extra };
}

describe('quiz progress transitions', () => {
  it('counts an attempt and a score only when the last question gets a first outcome', () => {
    let e = recordQuestion(undefined, 'q1', rec(true), ids, T0);
    expect(e).toMatchObject({ attempts: 0, last: null, best: null, updatedAt: T0, firstTries: { q1: true } });
    // An explain question revealed but not yet self-assessed has no outcome yet.
    e = recordQuestion(e, 'q2', rec(null), ids, T1);
    expect(e.attempts).toBe(0);
    expect(e.firstTries).toEqual({ q1: true });
    e = recordQuestion(e, 'q2', rec(false, { selfAssessed: true }), ids, T1);
    expect(e).toMatchObject({ attempts: 1, last: { correct: 1, total: 2 }, best: { correct: 1, total: 2 } });
  });

  it('scores the first try: a hint, then a right second answer, still counts as missed', () => {
    let e = recordQuestion(undefined, 'q1', rec(false, { revealed: false }), ids, T0);
    expect(e.questions.q1).toMatchObject({ correct: false, revealed: false });
    e = recordQuestion(e, 'q1', rec(true, { tries: 2 }), ids, T0);
    expect(e.firstTries.q1).toBe(false);
    expect(e.questions.q1).toMatchObject({ correct: true, revealed: true, tries: 2 });
    e = recordQuestion(e, 'q2', rec(true), ids, T0);
    expect(e).toMatchObject({ attempts: 1, last: { correct: 1, total: 2 } });
  });

  it('Try again on one question is practice: no new attempt, the score stays', () => {
    let e = recordQuestion(recordQuestion(undefined, 'q1', rec(true), ids, T0), 'q2', rec(true), ids, T0);
    expect(e.attempts).toBe(1);
    e = clearQuestion(e, 'q2', T1);
    expect(Object.keys(e.questions)).toEqual(['q1']);
    e = recordQuestion(e, 'q2', rec(false), ids, T1);
    expect(e).toMatchObject({
      attempts: 1,
      last: { correct: 2, total: 2 },
      firstTries: { q1: true, q2: true },
    });
    expect(e.questions.q2?.correct).toBe(false);
  });

  it('a retake starts a new attempt with a new round; best and last are kept as history', () => {
    let e: QuizEntry | undefined;
    e = recordQuestion(e, 'q1', rec(true), ids, T0);
    e = recordQuestion(e, 'q2', rec(true), ids, T0);
    e = clearAnswers(e, T1);
    expect(e).toMatchObject({ questions: {}, firstTries: {}, round: 1, attempts: 1 });
    e = recordQuestion(e, 'q1', rec(false), ids, T1);
    e = recordQuestion(e, 'q2', rec(true), ids, T1);
    expect(e).toMatchObject({ attempts: 2, last: { correct: 1, total: 2 }, best: { correct: 2, total: 2 } });
  });
});

describe('migrateQuizState', () => {
  const good: QuizEntry = { ...emptyEntry(T0), attempts: 1 };
  it('keeps current entries and drops broken ones', () => {
    expect(migrateQuizState({ quizzes: { ok: good, bad: { attempts: 'x' } } }, 1)).toEqual({
      quizzes: { ok: good },
    });
    expect(migrateQuizState('nonsense', 0)).toEqual({ quizzes: {} });
  });

  it('upgrades a version 1 entry: its checked answers become first tries of round = attempts', () => {
    const v1 = {
      questions: {
        q1: { answer: 'b', correct: false, selfAssessed: false },
        q2: { answer: 'text', correct: null, selfAssessed: false },
      },
      attempts: 2,
      best: { correct: 1, total: 2 },
      last: { correct: 0, total: 2 },
      updatedAt: T0,
    };
    expect(migrateQuizState({ quizzes: { old: v1 } }, 1).quizzes.old).toEqual({
      questions: {
        q1: { answer: 'b', correct: false, selfAssessed: false, tries: 1, revealed: true },
        q2: { answer: 'text', correct: null, selfAssessed: false, tries: 1, revealed: true },
      },
      firstTries: { q1: false },
      round: 2,
      attempts: 2,
      best: { correct: 1, total: 2 },
      last: { correct: 0, total: 2 },
      updatedAt: T0,
    });
  });

  it('refuses values from a newer version', () => {
    expect(() => migrateQuizState({ quizzes: {} }, QUIZ_STORE_VERSION + 1)).toThrow(/newer version/);
  });
});

describe('mergeQuizSaved', () => {
  it('keeps quizzes from both tabs, the newer entry winning', () => {
    const a: QuizEntry = { ...emptyEntry(T0), attempts: 1 };
    const b: QuizEntry = { ...a, attempts: 2, updatedAt: T1 };
    expect(mergeQuizSaved({ quizzes: { x: b, y: a } }, { quizzes: { x: a, z: a } })).toEqual({
      quizzes: { x: b, y: a, z: a },
    });
    expect(mergeQuizSaved({ quizzes: { x: a } }, { quizzes: { x: b } }).quizzes.x).toBe(b);
  });
});

describe('useQuizStore persistence', () => {
  it('survives a reload: a new store on the same storage sees the saved answers', () => {
    const storage = createMemoryStorage();
    const first = createQuizStore({ storage, now: () => T0 });
    first.getState().record('quiz-a', 'q1', rec(true, { answer: ['x', 'y'] }), ['q1']);
    const raw = JSON.parse(storage.getItem('coldstart:quiz')!);
    expect(raw.version).toBe(QUIZ_STORE_VERSION);

    const second = createQuizStore({ storage });
    expect(second.getState().quizzes['quiz-a']).toEqual({
      questions: { q1: rec(true, { answer: ['x', 'y'] }) },
      firstTries: { q1: true },
      round: 0,
      attempts: 1,
      best: { correct: 1, total: 1 },
      last: { correct: 1, total: 1 },
      updatedAt: T0,
    });
  });

  it('reads progress saved by version 1 of the store', () => {
    const storage = createMemoryStorage({
      'coldstart:quiz': JSON.stringify({
        state: {
          quizzes: {
            a: {
              questions: { q1: { answer: 'x', correct: true, selfAssessed: false } },
              attempts: 1,
              best: { correct: 1, total: 1 },
              last: { correct: 1, total: 1 },
              updatedAt: T0,
            },
          },
        },
        version: 1,
      }),
    });
    const store = createQuizStore({ storage });
    expect(store.getState().quizzes.a).toMatchObject({ firstTries: { q1: true }, round: 1 });
  });

  it('starts clean (and keeps a backup) when the saved value has the wrong shape', () => {
    const storage = createMemoryStorage({
      'coldstart:quiz': JSON.stringify({
        state: { quizzes: { a: { attempts: 'many' } } },
        version: QUIZ_STORE_VERSION,
      }),
    });
    const store = createQuizStore({ storage });
    expect(store.getState().quizzes).toEqual({});
    expect(storage.keys().some((k) => k.startsWith('coldstart:quiz:backup:'))).toBe(true);
  });
});
