/**
 * Spaced review of missed questions (coldstart:spaced-review). A question missed on its first try in a
 * knowledge check enters box 1; each right answer in review moves it up a box and further out in time,
 * a wrong one sends it back to box 1. Right in the last box, it retires. The Leitner-style intervals are
 * a teaching choice, not a Lambda fact.
 */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';

export const SPACED_REVIEW_VERSION = 1;

/** Days until the next review, by box (box 1 → 1 day, … box 4 → 14 days). */
export const REVIEW_INTERVAL_DAYS = [1, 3, 7, 14] as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReviewItem {
  quizId: string;
  questionId: string;
  /** 1 … REVIEW_INTERVAL_DAYS.length */
  box: number;
  /** ISO time from which the question is due again. */
  dueAt: string;
  /** Answered right in the last box: kept (so another tab's older copy cannot revive it) but not shown. */
  retired: boolean;
  /** ISO time of the last change; the newer copy wins when two tabs disagree. */
  updatedAt: string;
}

export interface SpacedReviewSaved {
  items: Record<string, ReviewItem>;
}

export const reviewItemSchema = z.object({
  quizId: z.string(),
  questionId: z.string(),
  box: z.number(),
  dueAt: z.string(),
  retired: z.boolean(),
  updatedAt: z.string(),
});
export const spacedReviewSavedSchema = z.object({ items: z.record(z.string(), reviewItemSchema) });

export function reviewKey(quizId: string, questionId: string): string {
  return `${quizId}/${questionId}`;
}

function later(now: string, days: number): string {
  return new Date(Date.parse(now) + days * DAY_MS).toISOString();
}

/** A first-try miss: into box 1, due in a day (again, if it was already under review). */
export function scheduleMissed(
  items: Record<string, ReviewItem>,
  quizId: string,
  questionId: string,
  now: string,
): Record<string, ReviewItem> {
  const item: ReviewItem = {
    quizId,
    questionId,
    box: 1,
    dueAt: later(now, REVIEW_INTERVAL_DAYS[0]),
    retired: false,
    updatedAt: now,
  };
  return { ...items, [reviewKey(quizId, questionId)]: item };
}

/** The outcome of one review: right moves the item up a box (or retires it), wrong back to box 1. */
export function answerReview(
  items: Record<string, ReviewItem>,
  key: string,
  correct: boolean,
  now: string,
): Record<string, ReviewItem> {
  const item = items[key];
  if (!item || item.retired) return items;
  const last = REVIEW_INTERVAL_DAYS.length;
  if (correct && item.box >= last) return { ...items, [key]: { ...item, retired: true, updatedAt: now } };
  const box = correct ? item.box + 1 : 1;
  const days: number = REVIEW_INTERVAL_DAYS[Math.min(box, last) - 1] ?? 1;
  return { ...items, [key]: { ...item, box, dueAt: later(now, days), updatedAt: now } };
}

/** Items due at `now`, oldest first; and the ones still waiting, soonest first. */
export function reviewQueue(items: Record<string, ReviewItem>, now: string) {
  const active = Object.values(items).filter((i) => !i.retired);
  const byDue = (a: ReviewItem, b: ReviewItem) => a.dueAt.localeCompare(b.dueAt);
  return {
    due: active.filter((i) => i.dueAt <= now).sort(byDue),
    upcoming: active.filter((i) => i.dueAt > now).sort(byDue),
  };
}

/** Pure cross-tab merge: per question, the more recent copy wins; items only one tab has are kept. */
export function mergeSpacedReview(saved: SpacedReviewSaved, mine: SpacedReviewSaved): SpacedReviewSaved {
  const items = { ...mine.items };
  for (const [key, item] of Object.entries(saved.items)) {
    const ours = items[key];
    if (!ours || item.updatedAt >= ours.updatedAt) items[key] = item;
  }
  return { items };
}

export interface SpacedReviewState extends SpacedReviewSaved {
  missed(quizId: string, questionId: string): void;
  /** `at` (ISO): the time the view showed the question; defaults to the store's clock. */
  answered(key: string, correct: boolean, at?: string): void;
}

export function createSpacedReviewStore(options: { storage?: KeyValueStorage; now?: () => string } = {}) {
  const now = options.now ?? (() => new Date().toISOString());
  return createPersistedStore<SpacedReviewState, SpacedReviewSaved>(
    {
      name: 'spaced-review',
      version: SPACED_REVIEW_VERSION,
      schema: spacedReviewSavedSchema,
      mergeSaved: mergeSpacedReview,
      partialize: ({ items }) => ({ items }),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set) => ({
      items: {},
      missed: (quizId, questionId) =>
        set((s) => ({ items: scheduleMissed(s.items, quizId, questionId, now()) })),
      answered: (key, correct, at) =>
        set((s) => ({ items: answerReview(s.items, key, correct, at ?? now()) })),
    }),
  );
}

export const useSpacedReviewStore = createSpacedReviewStore();
