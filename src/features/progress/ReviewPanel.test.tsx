// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from '../../app/router';
import { ReviewPanel } from './ReviewPanel';
import { scheduleMissed, useSpacedReviewStore } from '../quiz/spacedReview.store';
import allTypes from '../quiz/__fixtures__/all-types.json';

const modules = { '/content/quizzes/all-types.json': async () => allTypes };
const DAY0 = '2026-12-01T09:00:00.000Z';
const at = (days: number) => new Date(Date.parse(DAY0) + days * 86_400_000);

function show(days: number) {
  return render(
    <MemoryRouter>
      <ReviewPanel modules={modules} now={() => at(days)} />
    </MemoryRouter>,
  );
}

beforeEach(() => {
  localStorage.clear();
  let items = scheduleMissed({}, 'all-types', 'frozen', DAY0);
  items = scheduleMissed(items, 'all-types', 'concurrency', at(2).toISOString());
  useSpacedReviewStore.setState({ items });
});
afterEach(cleanup);

// Long keyboard and click sequences: room for a loaded machine.
describe('ReviewPanel', { timeout: 20_000 }, () => {
  it('shows due questions to answer and the rest as coming up', async () => {
    show(1.5);
    const due = await screen.findByRole('group', { name: /Question 1 of 1 What happens to an execution/ });
    expect(due).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Coming up' })).toBeInTheDocument();
    expect(screen.getByText(/100 requests per second/).closest('li')).toHaveTextContent(
      'due in 2 days · step 1 of 4',
    );
  });

  it('a right first answer moves the question three days out and keeps the card with its feedback', async () => {
    const user = userEvent.setup();
    show(1.5);
    const q = await screen.findByRole('group', { name: /Question 1 of 1/ });
    await user.click(within(q).getByRole('radio', { name: 'It is frozen and may be reused' }));
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
    expect(screen.getByText('Next review: due in 3 days.')).toBeInTheDocument();
    expect(useSpacedReviewStore.getState().items['all-types/frozen']).toMatchObject({ box: 2 });
  });

  it('a wrong first answer gets the hint and resets the interval; the second try does not count', async () => {
    const user = userEvent.setup();
    show(1.5);
    const q = await screen.findByRole('group', { name: /Question 1 of 1/ });
    await user.click(within(q).getByRole('radio', { name: 'It is always destroyed' }));
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    expect(within(q).getByText(allTypes.questions[0]!.hint!)).toBeInTheDocument();
    await user.click(within(q).getByRole('radio', { name: 'It is frozen and may be reused' }));
    await user.click(within(q).getByRole('button', { name: 'Check again' }));
    expect(useSpacedReviewStore.getState().items['all-types/frozen']).toMatchObject({ box: 1 });
    expect(screen.getByText('Next review: due tomorrow.')).toBeInTheDocument();
  });

  it('says when there is nothing to review', () => {
    useSpacedReviewStore.setState({ items: {} });
    show(0);
    expect(
      screen.getByText('Nothing to review. Questions you miss in a knowledge check appear here.'),
    ).toBeInTheDocument();
  });
});
