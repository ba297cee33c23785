import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../platform/storage';
import {
  clearAnswers,
  clearQuestion,
  createQuizStore,
  mergeQuizSaved,
  migrateQuizState,
  recordQuestion,
  QUIZ_STORE_VERSION,
  type QuizEntry,
} from './quiz.store';

const ids = ['q1', 'q2'];
const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:01:00.000Z';

describe('quiz progress transitions', () => {
  it('counts an attempt and a score only when the last question gets a final outcome', () => {
    let e = recordQuestion(undefined, 'q1', { answer: 'a', correct: true, selfAssessed: false }, ids, T0);
    expect(e).toMatchObject({ attempts: 0, last: null, best: null, updatedAt: T0 });
    // An explain question revealed but not yet self-assessed does not complete the quiz.
    e = recordQuestion(e, 'q2', { answer: 'text', correct: null, selfAssessed: false }, ids, T1);
    expect(e.attempts).toBe(0);
    e = recordQuestion(e, 'q2', { answer: 'text', correct: false, selfAssessed: true }, ids, T1);
    expect(e).toMatchObject({ attempts: 1, last: { correct: 1, total: 2 }, best: { correct: 1, total: 2 } });
    expect(e.questions.q2).toEqual({ answer: 'text', correct: false, selfAssessed: true });
  });

  it('keeps the best score across retakes and records the last one', () => {
    const rec = (correct: boolean) => ({ answer: 'a', correct, selfAssessed: false });
    let e: QuizEntry | undefined;
    e = recordQuestion(e, 'q1', rec(true), ids, T0);
    e = recordQuestion(e, 'q2', rec(true), ids, T0);
    e = clearAnswers(e, T1);
    expect(e.questions).toEqual({});
    e = recordQuestion(e, 'q1', rec(false), ids, T1);
    e = recordQuestion(e, 'q2', rec(true), ids, T1);
    expect(e).toMatchObject({ attempts: 2, last: { correct: 1, total: 2 }, best: { correct: 2, total: 2 } });
  });

  it('Try again forgets one question only; re-answering it is a new attempt', () => {
    const rec = { answer: 'a', correct: true, selfAssessed: false };
    let e = recordQuestion(recordQuestion(undefined, 'q1', rec, ids, T0), 'q2', rec, ids, T0);
    e = clearQuestion(e, 'q2', T1);
    expect(Object.keys(e.questions)).toEqual(['q1']);
    expect(e.attempts).toBe(1);
    e = recordQuestion(e, 'q2', { ...rec, correct: false }, ids, T1);
    expect(e).toMatchObject({ attempts: 2, last: { correct: 1, total: 2 }, best: { correct: 2, total: 2 } });
  });
});

describe('migrateQuizState', () => {
  const good: QuizEntry = { questions: {}, attempts: 1, best: null, last: null, updatedAt: T0 };
  it('salvages valid entries from an older value and drops broken ones', () => {
    expect(migrateQuizState({ quizzes: { ok: good, bad: { attempts: 'x' } } }, 0)).toEqual({
      quizzes: { ok: good },
    });
    expect(migrateQuizState('nonsense', 0)).toEqual({ quizzes: {} });
  });
  it('refuses values from a newer version', () => {
    expect(() => migrateQuizState({ quizzes: {} }, QUIZ_STORE_VERSION + 1)).toThrow(/newer version/);
  });
});

describe('mergeQuizSaved', () => {
  it('keeps quizzes from both tabs, the newer entry winning', () => {
    const a: QuizEntry = { questions: {}, attempts: 1, best: null, last: null, updatedAt: T0 };
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
    first
      .getState()
      .record('quiz-a', 'q1', { answer: ['x', 'y'], correct: true, selfAssessed: false }, ['q1']);
    const raw = JSON.parse(storage.getItem('coldstart:quiz')!);
    expect(raw.version).toBe(QUIZ_STORE_VERSION);

    const second = createQuizStore({ storage });
    expect(second.getState().quizzes['quiz-a']).toEqual({
      questions: { q1: { answer: ['x', 'y'], correct: true, selfAssessed: false } },
      attempts: 1,
      best: { correct: 1, total: 1 },
      last: { correct: 1, total: 1 },
      updatedAt: T0,
    });
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
