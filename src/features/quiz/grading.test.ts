import { describe, expect, it } from 'vitest';
import {
  gradeAnswer,
  initialOrder,
  isAnswerValidFor,
  moveItem,
  parseNumberInput,
  scoreQuiz,
} from './grading';
import type { MultipleQuestion, NumericQuestion, OrderingQuestion, Quiz, SingleQuestion } from './quizSpec';
import fixture from './__fixtures__/all-types.json';

const quiz = fixture as Quiz;
const [single, multiple, numeric, ordering, explain] = quiz.questions as [
  SingleQuestion,
  MultipleQuestion,
  NumericQuestion,
  OrderingQuestion,
  Quiz['questions'][number],
];

describe('gradeAnswer', () => {
  it('single: only the answer id is correct; nothing chosen is not gradable', () => {
    expect(gradeAnswer(single, 'a')).toMatchObject({ correct: true });
    expect(gradeAnswer(single, 'b')).toMatchObject({ correct: false, chosen: 'b' });
    expect(gradeAnswer(single, '')).toBeNull();
  });

  it('multiple: exact set, in any order, with partial detail', () => {
    expect(gradeAnswer(multiple, ['sns', 's3'])).toMatchObject({ correct: true });
    expect(gradeAnswer(multiple, ['s3'])).toEqual({
      type: 'multiple',
      correct: false,
      rightPicks: ['s3'],
      wrongPicks: [],
      missed: ['sns'],
    });
    expect(gradeAnswer(multiple, ['s3', 'sns', 'apigw'])).toMatchObject({
      correct: false,
      wrongPicks: ['apigw'],
    });
    expect(gradeAnswer(multiple, [])).toBeNull();
  });

  it('numeric: inside the tolerance is correct, the edge included', () => {
    expect(gradeAnswer(numeric, 50)).toMatchObject({ correct: true, expected: 50, tolerance: 0.5 });
    expect(gradeAnswer(numeric, 50.5)).toMatchObject({ correct: true });
    expect(gradeAnswer(numeric, 49.5)).toMatchObject({ correct: true });
    expect(gradeAnswer(numeric, 50.6)).toMatchObject({ correct: false, value: 50.6 });
    expect(gradeAnswer(numeric, 5)).toMatchObject({ correct: false });
    expect(gradeAnswer(numeric, Number.NaN)).toBeNull();
  });

  it('numeric: without a tolerance only the exact value counts, despite float rounding', () => {
    const exact: NumericQuestion = { ...numeric, answer: 0.3, tolerance: undefined };
    expect(gradeAnswer(exact, 0.1 + 0.2)).toMatchObject({ correct: true });
    expect(gradeAnswer(exact, 0.31)).toMatchObject({ correct: false });
  });

  it('ordering: exact order only, with which places are right', () => {
    expect(gradeAnswer(ordering, ['ext', 'runtime', 'function'])).toMatchObject({
      correct: true,
      placedRight: 3,
    });
    expect(gradeAnswer(ordering, ['runtime', 'ext', 'function'])).toEqual({
      type: 'ordering',
      correct: false,
      inPlace: [false, false, true],
      placedRight: 1,
    });
    expect(gradeAnswer(ordering, ['ext'])).toBeNull();
  });

  it('explain: needs some text and leaves the verdict to the learner', () => {
    expect(gradeAnswer(explain, 'Init runs once.')).toEqual({ type: 'explain', correct: null });
    expect(gradeAnswer(explain, '   ')).toBeNull();
  });
});

describe('parseNumberInput', () => {
  it.each([
    ['50', 50],
    [' 12.5 ', 12.5],
    ['0,5', 0.5],
    ['1,000', 1000],
    ['1 000', 1000],
    ['-3', -3],
    ['1e3', 1000],
    ['.5', 0.5],
  ])('reads %j as %d', (raw, expected) => {
    expect(parseNumberInput(raw)).toBe(expected);
  });
  it.each(['', '  ', 'fifty', '5o', '1.2.3', 'Infinity', '--1'])('rejects %j', (raw) => {
    expect(parseNumberInput(raw)).toBeNull();
  });
});

describe('isAnswerValidFor', () => {
  it('rejects saved answers that no longer fit the question', () => {
    expect(isAnswerValidFor(single, 'a')).toBe(true);
    expect(isAnswerValidFor(single, 'gone')).toBe(false);
    expect(isAnswerValidFor(multiple, ['s3', 'gone'])).toBe(false);
    expect(isAnswerValidFor(numeric, '50')).toBe(false);
    expect(isAnswerValidFor(ordering, ['ext', 'runtime'])).toBe(false);
    expect(isAnswerValidFor(ordering, ['ext', 'ext', 'function'])).toBe(false);
    expect(isAnswerValidFor(ordering, ['function', 'ext', 'runtime'])).toBe(true);
  });
});

describe('scoreQuiz', () => {
  it('counts correct answers, final outcomes and topics in quiz order', () => {
    const score = scoreQuiz(quiz, {
      frozen: { correct: true },
      'async-sources': { correct: false },
      concurrency: { correct: true },
      'why-reuse': { correct: null },
    });
    expect(score).toMatchObject({ correct: 2, answered: 3, total: 5, complete: false });
    expect(score.topics).toEqual([
      { topic: 'lifecycle', correct: 1, total: 3 },
      { topic: 'event-sources', correct: 0, total: 1 },
      { topic: 'scaling', correct: 1, total: 1 },
    ]);
    expect(score.missed.map((q) => q.id)).toEqual(['async-sources']);
  });

  it('is complete once every question, self-assessed ones included, has an outcome', () => {
    const all = Object.fromEntries(quiz.questions.map((q) => [q.id, { correct: q.type !== 'explain' }]));
    const score = scoreQuiz(quiz, all);
    expect(score).toMatchObject({ correct: 4, answered: 5, complete: true });
    expect(score.missed.map((q) => q.id)).toEqual(['why-reuse']);
  });
});

describe('initialOrder', () => {
  it('is stable, a permutation of the items, and never already the answer', () => {
    const first = initialOrder(ordering, 'all-types');
    expect(initialOrder(ordering, 'all-types')).toEqual(first);
    expect([...first].sort()).toEqual(['ext', 'function', 'runtime']);
    for (let seed = 0; seed < 200; seed++) {
      expect(initialOrder(ordering, `seed-${seed}`)).not.toEqual(ordering.answer);
    }
    const two: OrderingQuestion = {
      ...ordering,
      items: ordering.items.slice(0, 2),
      answer: ['ext', 'runtime'],
    };
    for (let seed = 0; seed < 50; seed++) expect(initialOrder(two, String(seed))).toEqual(['runtime', 'ext']);
  });
});

describe('moveItem', () => {
  it('swaps with the neighbour and ignores moves off either end', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});
