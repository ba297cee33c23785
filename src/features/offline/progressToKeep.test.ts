import { describe, expect, it } from 'vitest';
import { countAnsweredQuestions, countTickedItems, hasProgressToKeep } from './progressToKeep';

describe('hasProgressToKeep', () => {
  it('is false for a learner who has only looked around', () => {
    expect(hasProgressToKeep({ completedLessons: 0, answeredQuestions: 0, tickedItems: 0 })).toBe(false);
  });

  it('is true after a completed lesson, an answered question or a ticked item', () => {
    expect(hasProgressToKeep({ completedLessons: 1, answeredQuestions: 0, tickedItems: 0 })).toBe(true);
    expect(hasProgressToKeep({ completedLessons: 0, answeredQuestions: 1, tickedItems: 0 })).toBe(true);
    expect(hasProgressToKeep({ completedLessons: 0, answeredQuestions: 0, tickedItems: 1 })).toBe(true);
  });

  it('counts answers across quizzes and ticks across checklists', () => {
    expect(countAnsweredQuestions({ a: { questions: { q1: {}, q2: {} } }, b: { questions: {} } })).toBe(2);
    expect(countTickedItems({ x: { ticked: ['one'] }, y: { ticked: ['two', 'three'] } })).toBe(3);
  });
});
