// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter } from '../../app/router';
import { ScoresPanel, ScoreTable, quizScoreItem } from './ScoresPanel';
import { emptyEntry, useQuizStore } from '../quiz/quiz.store';
import allTypes from '../quiz/__fixtures__/all-types.json';
import graded from '../quiz/__fixtures__/graded.json';

const modules = {
  '/content/quizzes/all-types.json': async () => allTypes,
  '/content/quizzes/graded.json': async () => graded,
};
const T0 = '2026-12-01T00:00:00.000Z';

beforeEach(() => useQuizStore.setState({ quizzes: {} }));
afterEach(cleanup);

describe('quizScoreItem', () => {
  it('shows the last completed score, the best and the attempts, named after the lesson', () => {
    const entry = {
      ...emptyEntry(T0),
      attempts: 2,
      last: { correct: 2, total: 3 },
      best: { correct: 3, total: 3 },
    };
    expect(quizScoreItem('graded', entry, { lesson: 'why-lambda', questionCount: 3 })).toEqual({
      id: 'graded',
      title: 'Why Lambda',
      score: { correct: 2, total: 3 },
      detail: 'best 3 of 3 · 2 attempts',
      href: '/lessons/why-lambda',
    });
  });

  it('says how far an unfinished attempt got', () => {
    const entry = { ...emptyEntry(T0), firstTries: { frozen: false, concurrency: true } };
    expect(quizScoreItem('all-types', entry, { lesson: 'why-lambda', questionCount: 5 })).toMatchObject({
      score: null,
      detail: 'in progress: 2 of 5 answered',
    });
  });
});

describe('ScoreTable', () => {
  it('takes any list of { id, title, score }, such as lab scores', () => {
    render(
      <MemoryRouter>
        <ScoreTable
          caption="Labs"
          empty="none"
          items={[{ id: 'api', title: 'A function behind an API', score: { correct: 4, total: 5 } }]}
        />
      </MemoryRouter>,
    );
    const table = screen.getByRole('table', { name: 'Labs' });
    expect(within(table).getByRole('row', { name: 'A function behind an API 4 of 5' })).toBeInTheDocument();
  });
});

describe('ScoresPanel', () => {
  it('lists started knowledge checks with their scores, and an empty lab list for now', async () => {
    useQuizStore.setState({
      quizzes: {
        graded: {
          ...emptyEntry(T0),
          firstTries: { burst: true, formula: true, secrets: false },
          attempts: 1,
          last: { correct: 2, total: 3 },
          best: { correct: 2, total: 3 },
        },
      },
    });
    render(
      <MemoryRouter>
        <ScoresPanel modules={modules} />
      </MemoryRouter>,
    );
    const table = await screen.findByRole('table', { name: 'Knowledge checks' });
    expect(
      within(table).getByRole('row', { name: /Why Lambda 2 of 3 best 2 of 3 · 1 attempt/ }),
    ).toBeInTheDocument();
    expect(within(table).getByRole('link', { name: 'Why Lambda' })).toHaveAttribute(
      'href',
      '/lessons/why-lambda',
    );
    expect(screen.getByText('No lab started yet. Labs are listed under Labs in the site navigation.')).toBeInTheDocument();
  });

  it('says so when no knowledge check has been answered', () => {
    render(
      <MemoryRouter>
        <ScoresPanel modules={modules} />
      </MemoryRouter>,
    );
    expect(
      screen.getByText('No knowledge check answered yet. Each lesson ends with one.'),
    ).toBeInTheDocument();
  });
});
