import { describe, expect, it } from 'vitest';
import { humanize, reviewTarget } from './review';
import { loadQuiz } from './loadQuiz';
import allTypes from './__fixtures__/all-types.json';

const index = [
  {
    slug: 'execution-model',
    title: 'Execution model',
    headings: [{ id: 'frozen', text: 'Frozen between invokes' }],
  },
];

describe('reviewTarget', () => {
  it('names the section by its heading text from the course index', () => {
    expect(reviewTarget('/lessons/execution-model#frozen', index)).toEqual({
      to: '/lessons/execution-model#frozen',
      label: 'Frozen between invokes',
    });
  });
  it('falls back to a readable form of the heading id', () => {
    expect(reviewTarget('/lessons/execution-model#cold-start-factors', index).label).toBe(
      'Cold start factors',
    );
    expect(humanize('Already words')).toBe('Already words');
    expect(humanize('vpc')).toBe('VPC');
    expect(humanize('sqs-batch-errors')).toBe('SQS batch errors');
  });
});

describe('loadQuiz', () => {
  it('loads and validates a quiz, checking the id against the file name', async () => {
    const ok = await loadQuiz('all-types', { '/content/quizzes/all-types.json': async () => allTypes });
    expect(ok.ok).toBe(true);
    const renamed = await loadQuiz('other', { '/content/quizzes/other.json': async () => allTypes });
    expect(renamed).toMatchObject({
      ok: false,
      problems: ["id: 'all-types' must match the file name 'other'"],
    });
  });
  it('reports a failed download instead of throwing', async () => {
    const failed = await loadQuiz('x', {
      '/content/quizzes/x.json': () => Promise.reject(new Error('network down')),
    });
    expect(failed).toEqual({
      ok: false,
      reason: 'The quiz “x” could not be downloaded: network down',
      problems: [],
    });
  });
});
