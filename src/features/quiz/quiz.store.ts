/**
 * Saved quiz progress, one entry per quiz id. The transitions are pure functions (tested on their
 * own); the store only wires them to zustand through the platform's createPersistedStore.
 *
 * An attempt is one pass through a quiz, from its first answer (or a "Retake quiz") until every question
 * has a first-try outcome. Its score counts first tries only: a hint after a wrong answer, a second try
 * or "Try again" on one question lets the learner practise, and never changes the attempt's score or
 * starts a new attempt.
 */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';
import type { AnswerValue } from './grading';

export const QUIZ_STORE_VERSION = 2;

export interface QuestionRecord {
  /** The latest checked answer. */
  answer: AnswerValue;
  /** Outcome of the latest check; null = explain question revealed, not yet self-assessed. */
  correct: boolean | null;
  /** True when `correct` came from the learner's own judgement (explain questions). */
  selfAssessed: boolean;
  /** Checks since the question was last opened: after a wrong first check the learner gets a hint. */
  tries: number;
  /** The answer and explanation are shown and the inputs locked. False while a hint is showing. */
  revealed: boolean;
}

export interface ScoreRecord {
  correct: number;
  total: number;
}

export interface QuizEntry {
  /** What each question shows now. */
  questions: Record<string, QuestionRecord>;
  /** The first outcome of each question in the current attempt: the attempt's score. */
  firstTries: Record<string, boolean>;
  /** Attempts started (0 for the first): seeds the option order, so a retake reshuffles. */
  round: number;
  /** Completed attempts. */
  attempts: number;
  best: ScoreRecord | null;
  last: ScoreRecord | null;
  /** ISO timestamp of the last change. */
  updatedAt: string;
}

export interface QuizSaved {
  quizzes: Record<string, QuizEntry>;
}

const answerSchema = z.union([z.string(), z.array(z.string()), z.number()]);
const scoreSchema = z.object({ correct: z.number(), total: z.number() });
const questionRecordSchema = z.object({
  answer: answerSchema,
  correct: z.nullable(z.boolean()),
  selfAssessed: z.boolean(),
  tries: z.number(),
  revealed: z.boolean(),
});
export const quizEntrySchema = z.object({
  questions: z.record(z.string(), questionRecordSchema),
  firstTries: z.record(z.string(), z.boolean()),
  round: z.number(),
  attempts: z.number(),
  best: z.nullable(scoreSchema),
  last: z.nullable(scoreSchema),
  updatedAt: z.string(),
});
export const quizSavedSchema = z.object({ quizzes: z.record(z.string(), quizEntrySchema) });

/** Version 1: no first tries, no rounds; a record was final as soon as it was checked. */
const quizEntryV1Schema = z.object({
  questions: z.record(
    z.string(),
    z.object({ answer: answerSchema, correct: z.nullable(z.boolean()), selfAssessed: z.boolean() }),
  ),
  attempts: z.number(),
  best: z.nullable(scoreSchema),
  last: z.nullable(scoreSchema),
  updatedAt: z.string(),
});

export function emptyEntry(now: string): QuizEntry {
  return { questions: {}, firstTries: {}, round: 0, attempts: 0, best: null, last: null, updatedAt: now };
}

function isComplete(firstTries: Record<string, boolean>, questionIds: readonly string[]): boolean {
  return questionIds.length > 0 && questionIds.every((id) => typeof firstTries[id] === 'boolean');
}

/**
 * Records one question's check. Its first final outcome in this attempt becomes the first try; when
 * that completes the attempt (every question has one), the attempt is counted with last and best score.
 */
export function recordQuestion(
  entry: QuizEntry | undefined,
  questionId: string,
  record: QuestionRecord,
  questionIds: readonly string[],
  now: string,
): QuizEntry {
  const base = entry ?? emptyEntry(now);
  const wasComplete = isComplete(base.firstTries, questionIds);
  const firstTries =
    typeof record.correct === 'boolean' && base.firstTries[questionId] === undefined
      ? { ...base.firstTries, [questionId]: record.correct }
      : base.firstTries;
  const next: QuizEntry = {
    ...base,
    questions: { ...base.questions, [questionId]: record },
    firstTries,
    updatedAt: now,
  };
  if (!wasComplete && isComplete(firstTries, questionIds)) {
    const score = {
      correct: questionIds.filter((id) => firstTries[id] === true).length,
      total: questionIds.length,
    };
    next.attempts = base.attempts + 1;
    next.last = score;
    next.best =
      !base.best || score.correct / score.total >= base.best.correct / base.best.total ? score : base.best;
  }
  return next;
}

/** "Try again" on one question: forget what it shows; its first try in this attempt stays. */
export function clearQuestion(entry: QuizEntry | undefined, questionId: string, now: string): QuizEntry {
  const base = entry ?? emptyEntry(now);
  const questions = { ...base.questions };
  delete questions[questionId];
  return { ...base, questions, updatedAt: now };
}

/** "Retake quiz": a new attempt with freshly shuffled options; attempts and scores stay as history. */
export function clearAnswers(entry: QuizEntry | undefined, now: string): QuizEntry {
  const base = entry ?? emptyEntry(now);
  return { ...base, questions: {}, firstTries: {}, round: base.round + 1, updatedAt: now };
}

/** A version 1 entry in the version 2 shape: its checked answers were its first tries. */
function upgradeEntryFromV1(value: unknown): QuizEntry | null {
  const parsed = quizEntryV1Schema.safeParse(value);
  if (!parsed.success) return null;
  const old = parsed.data;
  const questions: Record<string, QuestionRecord> = {};
  const firstTries: Record<string, boolean> = {};
  for (const [id, record] of Object.entries(old.questions)) {
    questions[id] = { ...record, tries: 1, revealed: true };
    if (typeof record.correct === 'boolean') firstTries[id] = record.correct;
  }
  return { ...old, questions, firstTries, round: old.attempts };
}

/**
 * Pure migration. Version 1 entries are upgraded one by one; anything that matches neither shape is
 * dropped (the platform backs up the raw value before we get here when it fails outright).
 */
export function migrateQuizState(persisted: unknown, fromVersion: number): QuizSaved {
  if (fromVersion > QUIZ_STORE_VERSION)
    throw new Error(`quiz progress saved by a newer version (${fromVersion})`);
  const quizzes: Record<string, QuizEntry> = {};
  const raw = (persisted as { quizzes?: unknown } | null)?.quizzes;
  if (typeof raw === 'object' && raw !== null) {
    for (const [id, value] of Object.entries(raw)) {
      const current = quizEntrySchema.safeParse(value);
      const entry = current.success ? current.data : upgradeEntryFromV1(value);
      if (entry) quizzes[id] = entry;
    }
  }
  return { quizzes };
}

/** Pure cross-tab merge: per quiz, the entry changed most recently wins; quizzes only one tab has are kept. */
export function mergeQuizSaved(saved: QuizSaved, mine: QuizSaved): QuizSaved {
  const quizzes = { ...mine.quizzes };
  for (const [id, entry] of Object.entries(saved.quizzes)) {
    const ours = quizzes[id];
    if (!ours || entry.updatedAt >= ours.updatedAt) quizzes[id] = entry;
  }
  return { quizzes };
}

export interface QuizState extends QuizSaved {
  record(quizId: string, questionId: string, record: QuestionRecord, questionIds: readonly string[]): void;
  clearQuestion(quizId: string, questionId: string): void;
  retake(quizId: string): void;
}

export function createQuizStore(options: { storage?: KeyValueStorage; now?: () => string } = {}) {
  const now = options.now ?? (() => new Date().toISOString());
  return createPersistedStore<QuizState, QuizSaved>(
    {
      name: 'quiz',
      version: QUIZ_STORE_VERSION,
      schema: quizSavedSchema,
      migrate: migrateQuizState,
      mergeSaved: mergeQuizSaved,
      partialize: (s) => ({ quizzes: s.quizzes }),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set) => ({
      quizzes: {},
      record: (quizId, questionId, rec, questionIds) =>
        set((s) => ({
          quizzes: {
            ...s.quizzes,
            [quizId]: recordQuestion(s.quizzes[quizId], questionId, rec, questionIds, now()),
          },
        })),
      clearQuestion: (quizId, questionId) =>
        set((s) => ({
          quizzes: { ...s.quizzes, [quizId]: clearQuestion(s.quizzes[quizId], questionId, now()) },
        })),
      retake: (quizId) =>
        set((s) => ({ quizzes: { ...s.quizzes, [quizId]: clearAnswers(s.quizzes[quizId], now()) } })),
    }),
  );
}

export const useQuizStore = createQuizStore();
