import { describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../platform/storage';
import {
  answerReview,
  createSpacedReviewStore,
  mergeSpacedReview,
  reviewKey,
  reviewQueue,
  scheduleMissed,
  type ReviewItem,
} from './spacedReview.store';

const DAY0 = '2026-12-01T09:00:00.000Z';
const at = (days: number) => new Date(Date.parse(DAY0) + days * 86_400_000).toISOString();
const key = reviewKey('vpc', 'nat');

describe('spaced review', () => {
  it('a miss is due one day later, in box 1', () => {
    const items = scheduleMissed({}, 'vpc', 'nat', DAY0);
    expect(items[key]).toEqual({
      quizId: 'vpc',
      questionId: 'nat',
      box: 1,
      dueAt: at(1),
      retired: false,
      updatedAt: DAY0,
    });
    expect(reviewQueue(items, at(0.5)).due).toEqual([]);
    expect(reviewQueue(items, at(1)).due.map((i) => i.questionId)).toEqual(['nat']);
  });

  it('right answers climb the boxes at 3, 7 and 14 days and then retire the question', () => {
    let items = scheduleMissed({}, 'vpc', 'nat', DAY0);
    items = answerReview(items, key, true, at(1));
    expect(items[key]).toMatchObject({ box: 2, dueAt: at(4) });
    items = answerReview(items, key, true, at(4));
    expect(items[key]).toMatchObject({ box: 3, dueAt: at(11) });
    items = answerReview(items, key, true, at(11));
    expect(items[key]).toMatchObject({ box: 4, dueAt: at(25) });
    items = answerReview(items, key, true, at(25));
    expect(items[key]?.retired).toBe(true);
    expect(reviewQueue(items, at(100))).toEqual({ due: [], upcoming: [] });
  });

  it('a wrong answer sends the question back to box 1, due the next day', () => {
    let items = scheduleMissed({}, 'vpc', 'nat', DAY0);
    items = answerReview(items, key, true, at(1));
    items = answerReview(items, key, false, at(4));
    expect(items[key]).toMatchObject({ box: 1, dueAt: at(5) });
  });

  it('lists due items oldest first and upcoming ones soonest first', () => {
    let items = scheduleMissed({}, 'a', 'q1', at(0));
    items = scheduleMissed(items, 'a', 'q2', at(2));
    items = scheduleMissed(items, 'b', 'q3', at(1));
    const queue = reviewQueue(items, at(2.5));
    expect(queue.due.map((i) => i.questionId)).toEqual(['q1', 'q3']);
    expect(queue.upcoming.map((i) => i.questionId)).toEqual(['q2']);
  });

  it('merges two tabs per question, the newer copy winning, so a retired item stays retired', () => {
    const base = scheduleMissed({}, 'vpc', 'nat', DAY0)[key]!;
    const retired: ReviewItem = { ...base, retired: true, updatedAt: at(3) };
    const other = scheduleMissed({}, 'x', 'y', DAY0);
    expect(mergeSpacedReview({ items: { [key]: base } }, { items: { [key]: retired, ...other } })).toEqual({
      items: { [key]: retired, ...other },
    });
  });

  it('is saved and read back by a new store on the same storage', () => {
    const storage = createMemoryStorage();
    createSpacedReviewStore({ storage, now: () => DAY0 })
      .getState()
      .missed('vpc', 'nat');
    expect(createSpacedReviewStore({ storage }).getState().items[key]?.dueAt).toBe(at(1));
  });
});
