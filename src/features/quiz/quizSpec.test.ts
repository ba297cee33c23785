import { describe, expect, it } from 'vitest';
import { answerPositions, answerSpreadProblem, parseReviewLink, validateQuiz } from './quizSpec';
import allTypes from './__fixtures__/all-types.json';
import graded from './__fixtures__/graded.json';

/** A deep copy of the fixture with one question replaced/edited. */
function withQuestion(index: number, edit: (q: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(allTypes) as { questions: Record<string, unknown>[] };
  edit(copy.questions[index]!);
  return copy;
}

describe('validateQuiz', () => {
  it('accepts the fixtures, which use every question type', () => {
    expect(validateQuiz(allTypes)).toEqual([]);
    expect(validateQuiz(graded)).toEqual([]);
    expect(new Set(allTypes.questions.map((q) => q.type))).toEqual(
      new Set(['single', 'multiple', 'numeric', 'ordering', 'explain']),
    );
  });

  it('rejects non-objects and a missing questions array', () => {
    expect(validateQuiz(null)).toEqual(['(quiz): must be a JSON object']);
    expect(validateQuiz([])).toEqual(['(quiz): must be a JSON object']);
    expect(validateQuiz({ id: 'x', lesson: 'y', title: 't' })).toContain(
      'questions: required array of questions',
    );
    expect(validateQuiz({ id: 'x', lesson: 'y', title: 't', questions: [] })).toContain(
      'questions: needs at least one question',
    );
  });

  it('reports missing top-level fields, unknown fields and a bad graded flag', () => {
    const problems = validateQuiz({ questions: allTypes.questions, graded: 'yes', extra: 1 });
    expect(problems).toEqual(
      expect.arrayContaining([
        'id: required non-empty string',
        'lesson: required non-empty string (the lesson slug)',
        'title: required non-empty string',
        'graded: must be true or false',
        'extra: unknown field',
      ]),
    );
  });

  it('checks the id against the file name when asked', () => {
    expect(validateQuiz(allTypes, { expectedId: 'all-types' })).toEqual([]);
    expect(validateQuiz(allTypes, { expectedId: 'other' })).toEqual([
      "id: 'all-types' must match the file name 'other'",
    ]);
  });

  it('requires a hint on every question except explain, and one that is not the explanation', () => {
    const noHint = withQuestion(0, (q) => delete q.hint);
    expect(validateQuiz(noHint)).toEqual([
      'questions[0].hint: required non-empty string (shown after a wrong first answer)',
    ]);
    const sameText = withQuestion(2, (q) => (q.hint = q.explanation));
    expect(validateQuiz(sameText)).toEqual([
      'questions[2].hint: must differ from the explanation: a hint nudges, it does not give the answer',
    ]);
    const explainWithHint = withQuestion(4, (q) => (q.hint = 'no'));
    expect(validateQuiz(explainWithHint)).toEqual([
      'questions[4].hint: unknown field for a explain question',
    ]);
  });

  it('requires unique question ids', () => {
    const data = withQuestion(1, (q) => (q.id = 'frozen'));
    expect(validateQuiz(data)).toContain("questions[1].id: duplicate question id 'frozen'");
  });

  it('requires topic, prompt, explanation and a well-formed review link on every question', () => {
    const data = withQuestion(0, (q) => {
      delete q.topic;
      q.prompt = '  ';
      delete q.explanation;
      q.review = 'https://example.com/lessons/x';
    });
    expect(validateQuiz(data)).toEqual([
      'questions[0].topic: required non-empty string',
      'questions[0].prompt: required non-empty string',
      'questions[0].explanation: required non-empty string',
      "questions[0].review: 'https://example.com/lessons/x' must look like /lessons/<slug>#<heading-id>",
    ]);
    expect(validateQuiz(withQuestion(0, (q) => (q.review = '/lessons/why-lambda')))).toHaveLength(1);
    expect(validateQuiz(withQuestion(0, (q) => delete q.review))).toEqual([
      'questions[0].review: required link like /lessons/<slug>#<heading-id>',
    ]);
  });

  it('rejects unknown types and fields that belong to another type', () => {
    expect(validateQuiz(withQuestion(0, (q) => (q.type = 'truefalse')))).toEqual([
      "questions[0].type: 'truefalse' must be one of single, multiple, numeric, ordering, explain",
    ]);
    expect(validateQuiz(withQuestion(0, (q) => (q.tolerance = 1)))).toEqual([
      'questions[0].tolerance: unknown field for a single question',
    ]);
  });

  describe('single', () => {
    it('needs an answer that is an existing option id', () => {
      expect(validateQuiz(withQuestion(0, (q) => (q.answer = 'e')))).toEqual([
        "questions[0].answer: 'e' is not an option id",
      ]);
      expect(validateQuiz(withQuestion(0, (q) => (q.answer = ['a'])))).toEqual([
        'questions[0].answer: must be one option id (a string)',
      ]);
    });
    it('needs at least two options with unique ids and text', () => {
      expect(validateQuiz(withQuestion(0, (q) => (q.options = [{ id: 'a', text: 'only' }])))).toEqual([
        'questions[0].options: needs at least 2 entries (has 1)',
      ]);
      const dup = withQuestion(
        0,
        (q) =>
          (q.options = [
            { id: 'a', text: 'x' },
            { id: 'a', text: '' },
          ]),
      );
      expect(validateQuiz(dup)).toEqual([
        "questions[0].options[1].id: duplicate id 'a'",
        'questions[0].options[1].text: required non-empty string',
      ]);
      expect(validateQuiz(withQuestion(0, (q) => delete q.options))).toContain(
        'questions[0].options: required array of at least 2 { id, text } entries',
      );
    });
  });

  describe('multiple', () => {
    it('needs at least one answer id, all existing, none repeated', () => {
      expect(validateQuiz(withQuestion(1, (q) => (q.answer = [])))).toEqual([
        'questions[1].answer: must be a non-empty array of option ids',
      ]);
      expect(validateQuiz(withQuestion(1, (q) => (q.answer = ['s3', 'zz', 's3'])))).toEqual([
        "questions[1].answer[1]: 'zz' is not an option id",
        "questions[1].answer[2]: duplicate option id 's3'",
      ]);
      expect(validateQuiz(withQuestion(1, (q) => (q.answer = 's3')))).toEqual([
        'questions[1].answer: must be a non-empty array of option ids',
      ]);
    });
  });

  describe('numeric', () => {
    it('needs a finite answer and a tolerance ≥ 0', () => {
      expect(validateQuiz(withQuestion(2, (q) => (q.answer = '50')))).toEqual([
        'questions[2].answer: must be a finite number',
      ]);
      expect(validateQuiz(withQuestion(2, (q) => (q.tolerance = -1)))).toEqual([
        'questions[2].tolerance: must be a finite number ≥ 0',
      ]);
      expect(validateQuiz(withQuestion(2, (q) => (q.unit = '')))).toEqual([
        'questions[2].unit: must be a non-empty string when given',
      ]);
    });
    it('treats tolerance and unit as optional', () => {
      expect(
        validateQuiz(
          withQuestion(2, (q) => {
            delete q.tolerance;
            delete q.unit;
          }),
        ),
      ).toEqual([]);
    });
  });

  describe('ordering', () => {
    it('needs the answer to be a permutation of the item ids', () => {
      expect(validateQuiz(withQuestion(3, (q) => (q.answer = ['ext', 'runtime'])))).toEqual([
        "questions[3].answer: must list every item; missing 'function'",
      ]);
      expect(
        validateQuiz(withQuestion(3, (q) => (q.answer = ['ext', 'ext', 'runtime', 'function']))),
      ).toEqual(["questions[3].answer[1]: duplicate item id 'ext'"]);
      expect(
        validateQuiz(withQuestion(3, (q) => (q.answer = ['ext', 'runtime', 'function', 'init']))),
      ).toEqual(["questions[3].answer[3]: 'init' is not an item id"]);
    });
    it('needs at least two items', () => {
      const one = withQuestion(3, (q) => {
        q.items = [{ id: 'ext', text: 'Extensions init' }];
        q.answer = ['ext'];
      });
      expect(validateQuiz(one)).toEqual(['questions[3].items: needs at least 2 entries (has 1)']);
    });
  });

  describe('explain', () => {
    it('needs a non-empty model answer; rubric is optional but must hold text', () => {
      expect(validateQuiz(withQuestion(4, (q) => (q.modelAnswer = '')))).toEqual([
        'questions[4].modelAnswer: required non-empty string',
      ]);
      expect(validateQuiz(withQuestion(4, (q) => (q.rubric = ['ok', 3])))).toEqual([
        'questions[4].rubric[1]: must be a non-empty string',
      ]);
      expect(validateQuiz(withQuestion(4, (q) => delete q.rubric))).toEqual([]);
    });
  });
});

describe('parseReviewLink', () => {
  it('splits slug and heading id', () => {
    expect(parseReviewLink('/lessons/execution-model#frozen-between-invokes')).toEqual({
      slug: 'execution-model',
      headingId: 'frozen-between-invokes',
    });
    expect(parseReviewLink('/lessons/Execution#x')).toBeNull();
    expect(parseReviewLink('#/lessons/a#b')).toBeNull();
  });
});

describe('answer spread', () => {
  const single = (answer: string, id: string) => ({
    id,
    type: 'single' as const,
    topic: 't',
    prompt: 'p',
    hint: 'h',
    explanation: 'e',
    review: '/lessons/a#b',
    options: ['a', 'b', 'c', 'd'].map((o) => ({ id: o, text: o })),
    answer,
  });

  it('reads where each single-choice answer sits in the authored options', () => {
    expect(answerPositions({ questions: [single('b', 'q1'), single('d', 'q2')] })).toEqual([1, 3]);
    expect(answerPositions(allTypes as never)).toEqual([0]);
  });

  it('passes an even spread and an exact half, fails a majority on one position', () => {
    expect(answerSpreadProblem([0, 1, 2, 3])).toBeNull();
    expect(answerSpreadProblem([1, 1, 0, 2])).toBeNull();
    expect(answerSpreadProblem([1, 1, 1, 0])).toBe(
      '3 of 4 single-choice answers are the option in position 2; no position may hold more than half, so reorder some options',
    );
  });

  it('ignores quizzes with fewer than four single-choice answers', () => {
    expect(answerSpreadProblem([1, 1, 1])).toBeNull();
  });
});
