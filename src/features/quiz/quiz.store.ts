/**
 * Saved quiz progress, one entry per quiz id. The transitions are pure functions (tested on their
 * own); the store only wires them to zustand through the platform's createPersistedStore.
 */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';
import type { AnswerValue } from './grading';

export const QUIZ_STORE_VERSION = 1;

export interface QuestionRecord {
  answer: AnswerValue;
  /** true / false once graded; null = explain question revealed, not yet self-assessed. */
  correct: boolean | null;
  /** True when `correct` came from the learner's own judgement (explain questions). */
  selfAssessed: boolean;
}

export interface ScoreRecord {
  correct: number;
  total: number;
}

export interface QuizEntry {
  questions: Record<string, QuestionRecord>;
  /** Completed passes through the whole quiz. */
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
export const quizEntrySchema = z.object({
  questions: z.record(
    z.string(),
    z.object({ answer: answerSchema, correct: z.nullable(z.boolean()), selfAssessed: z.boolean() }),
  ),
  attempts: z.number(),
  best: z.nullable(scoreSchema),
  last: z.nullable(scoreSchema),
  updatedAt: z.string(),
});
export const quizSavedSchema = z.object({ quizzes: z.record(z.string(), quizEntrySchema) });

export function emptyEntry(now: string): QuizEntry {
  return { questions: {}, attempts: 0, best: null, last: null, updatedAt: now };
}

function isComplete(questions: Record<string, QuestionRecord>, questionIds: readonly string[]): boolean {
  return questionIds.length > 0 && questionIds.every((id) => typeof questions[id]?.correct === 'boolean');
}

/**
 * Records one question's outcome. When this completes the quiz (every question has a final outcome),
 * it counts an attempt and updates last and best score.
 */
export function recordQuestion(
  entry: QuizEntry | undefined,
  questionId: string,
  record: QuestionRecord,
  questionIds: readonly string[],
  now: string,
): QuizEntry {
  const base = entry ?? emptyEntry(now);
  const wasComplete = isComplete(base.questions, questionIds);
  const questions = { ...base.questions, [questionId]: record };
  const next: QuizEntry = { ...base, questions, updatedAt: now };
  if (!wasComplete && isComplete(questions, questionIds)) {
    const score = {
      correct: questionIds.filter((id) => questions[id]?.correct === true).length,
      total: questionIds.length,
    };
    next.attempts = base.attempts + 1;
    next.last = score;
    next.best =
      !base.best || score.correct / score.total >= base.best.correct / base.best.total ? score : base.best;
  }
  return next;
}

/** "Try again" on one question: forget its answer, keep everything else. */
export function clearQuestion(entry: QuizEntry | undefined, questionId: string, now: string): QuizEntry {
  const base = entry ?? emptyEntry(now);
  const questions = { ...base.questions };
  delete questions[questionId];
  return { ...base, questions, updatedAt: now };
}

/** "Retake quiz": clear every answer; attempts and scores stay as history. */
export function clearAnswers(entry: QuizEntry | undefined, now: string): QuizEntry {
  return { ...(entry ?? emptyEntry(now)), questions: {}, updatedAt: now };
}

/**
 * Pure migration. Version 1 is the first saved shape, so an older or unversioned value is salvaged
 * entry by entry: quizzes that already match the current shape are kept, anything else is dropped
 * (the platform backs up the raw value before we get here when it fails outright).
 */
export function migrateQuizState(persisted: unknown, fromVersion: number): QuizSaved {
  if (fromVersion > QUIZ_STORE_VERSION)
    throw new Error(`quiz progress saved by a newer version (${fromVersion})`);
  const quizzes: Record<string, QuizEntry> = {};
  const raw = (persisted as { quizzes?: unknown } | null)?.quizzes;
  if (typeof raw === 'object' && raw !== null) {
    for (const [id, value] of Object.entries(raw)) {
      const parsed = quizEntrySchema.safeParse(value);
      if (parsed.success) quizzes[id] = parsed.data;
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
