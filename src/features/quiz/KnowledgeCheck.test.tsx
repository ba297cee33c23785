// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from '../../app/router';
import KnowledgeCheck from './KnowledgeCheck';
import { useQuizStore } from './quiz.store';
import { appStorageKey } from '../../platform/storage';
import { useSpacedReviewStore } from './spacedReview.store';
import { attemptSeed, initialOrder, optionOrder } from './grading';
import type { MultipleQuestion, OrderingQuestion, SingleQuestion } from './quizSpec';
import allTypes from './__fixtures__/all-types.json';
import graded from './__fixtures__/graded.json';

const modules = {
  '/content/quizzes/all-types.json': async () => allTypes,
  '/content/quizzes/graded.json': async () => graded,
  '/content/quizzes/broken.json': async () => ({
    ...allTypes,
    id: 'broken',
    questions: [{ ...allTypes.questions[0], answer: 'e' }],
  }),
};

const frozen = allTypes.questions[0] as SingleQuestion;
const asyncSources = allTypes.questions[1] as MultipleQuestion;
const textOf = (q: SingleQuestion | MultipleQuestion, id: string) => q.options.find((o) => o.id === id)!.text;

function show(id: string) {
  return render(
    <MemoryRouter>
      <KnowledgeCheck id={id} modules={modules} />
    </MemoryRouter>,
  );
}

async function question(name: RegExp) {
  return screen.findByRole('group', { name });
}

const optionLabels = (group: HTMLElement) =>
  within(group)
    .queryAllByRole('radio')
    .concat(within(group).queryAllByRole('checkbox'))
    .map((input) => input.closest('label')!.textContent);

beforeEach(() => {
  localStorage.clear();
  useQuizStore.setState({ quizzes: {} });
  useSpacedReviewStore.setState({ items: {} });
});
afterEach(cleanup);

// Long keyboard walks: give them room on a loaded machine.
describe('KnowledgeCheck', { timeout: 20_000 }, () => {
  it('renders every question as a group, under the lesson heading rather than a second one', async () => {
    show('all-types');
    const region = await screen.findByRole('region', { name: 'Fixture: every question type' });
    expect(within(region).queryByRole('heading')).not.toBeInTheDocument();
    expect(within(region).getAllByRole('group', { name: /^Question \d of 5/ })).toHaveLength(5);
    expect(
      screen.getByRole('group', { name: /Question 1 of 5 What happens to an execution environment/ }),
    ).toBeInTheDocument();
  });

  it('shows the options in the order seeded for this attempt, not the authored order', async () => {
    show('all-types');
    const seed = attemptSeed('all-types', 0);
    const q1 = await question(/Question 1 of 5/);
    expect(optionLabels(q1)).toEqual(optionOrder(frozen, seed).map((id) => textOf(frozen, id)));
    const q2 = screen.getByRole('group', { name: /Question 2 of 5/ });
    expect(optionLabels(q2)).toEqual(optionOrder(asyncSources, seed).map((id) => textOf(asyncSources, id)));
  });

  it('single choice: a wrong first answer gets the hint, not the answer; the second try reveals it', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 1 of 5/);
    await user.click(within(q).getByRole('radio', { name: 'It is always destroyed' }));
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));

    expect(within(q).getByText('Not quite. Have another go.')).toBeInTheDocument();
    expect(within(q).getByText(frozen.hint)).toBeInTheDocument();
    expect(within(q).queryByText(/^Correct answer/)).not.toBeInTheDocument();
    expect(within(q).queryByText(frozen.explanation)).not.toBeInTheDocument();
    // The hint sits in the live region, and the inputs stay open with the answer kept.
    expect(within(q).getByText(frozen.hint).closest('[aria-live="polite"]')).not.toBeNull();
    const wrong = within(q).getByRole('radio', { name: 'It is always destroyed' });
    expect(wrong).toBeEnabled();
    expect(wrong).toBeChecked();
    expect(within(q).getByRole('button', { name: 'Check again' })).toHaveFocus();
    expect(useQuizStore.getState().quizzes['all-types']).toMatchObject({
      firstTries: { frozen: false },
      questions: { frozen: { answer: 'b', correct: false, tries: 1, revealed: false } },
    });
    // The miss is queued for spaced review.
    expect(Object.keys(useSpacedReviewStore.getState().items)).toEqual(['all-types/frozen']);

    await user.click(within(q).getByRole('radio', { name: 'It is frozen and may be reused' }));
    await user.click(within(q).getByRole('button', { name: 'Check again' }));
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
    expect(within(q).getByText(frozen.explanation)).toBeInTheDocument();
    expect(within(q).getByRole('radio', { name: 'It is frozen and may be reused' })).toBeDisabled();
    expect(within(q).getByRole('button', { name: 'Try again' })).toHaveFocus();
    // The score keeps the first try.
    expect(useQuizStore.getState().quizzes['all-types']?.firstTries.frozen).toBe(false);
  });

  it('"Show the answer" after a hint reveals the answer without another try', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 1 of 5/);
    await user.click(within(q).getByRole('radio', { name: 'It keeps running your handler' }));
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    await user.click(within(q).getByRole('button', { name: 'Show the answer' }));
    expect(within(q).getByText('Not quite.')).toBeInTheDocument();
    expect(within(q).getByText('Correct answer')).toBeInTheDocument();
    expect(within(q).getByText('Your choice, not correct')).toBeInTheDocument();
    const review = within(q).getByRole('link', { name: /^Review: / });
    expect(review).toHaveAttribute('href', '/lessons/why-lambda#what-youll-learn');
  });

  it('keyboard only: arrow keys choose, Enter checks, Try again returns focus to the options', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 1 of 5/);
    const order = optionOrder(frozen, attemptSeed('all-types', 0));
    await user.tab();
    const first = within(q).getByRole('radio', { name: textOf(frozen, order[0]!) });
    expect(first).toHaveFocus();
    // Walk with the arrow keys to the right answer, wherever the shuffle put it.
    for (let i = 0; i < order.indexOf(frozen.answer); i++) await user.keyboard('{ArrowDown}');
    if (order[0] === frozen.answer) await user.keyboard(' ');
    expect(within(q).getByRole('radio', { name: 'It is frozen and may be reused' })).toBeChecked();
    await user.tab();
    expect(within(q).getByRole('button', { name: 'Check answer' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
    expect(within(q).getByRole('button', { name: 'Try again' })).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(within(q).getByRole('radio', { name: textOf(frozen, order[0]!) })).toHaveFocus();
    expect(within(q).queryByText('Correct.')).not.toBeInTheDocument();
    expect(useQuizStore.getState().quizzes['all-types']?.questions.frozen).toBeUndefined();
    expect(useQuizStore.getState().quizzes['all-types']?.firstTries.frozen).toBe(true);
  });

  it('asks for a choice instead of grading an empty answer, in the live region', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 1 of 5/);
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    const message = within(q).getByText('Choose an option first.');
    expect(message.closest('[aria-live="polite"]')).not.toBeNull();
    expect(useQuizStore.getState().quizzes['all-types']).toBeUndefined();
  });

  it('multiple choice: exact set required; the hint says how many are right, not which', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 2 of 5/);
    expect(within(q).getByText('Select all that apply.')).toBeInTheDocument();
    await user.click(within(q).getByRole('checkbox', { name: 'Amazon S3' }));
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    expect(
      within(q).getByText('1 of your choices is right; 2 options are right in all.'),
    ).toBeInTheDocument();
    expect(within(q).getByText(asyncSources.hint)).toBeInTheDocument();
    expect(within(q).queryByText('Correct answer, you missed it')).not.toBeInTheDocument();

    await user.click(within(q).getByRole('checkbox', { name: 'Amazon SNS' }));
    await user.click(within(q).getByRole('button', { name: 'Check again' }));
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
  });

  it('numeric: unit in the label, tolerance respected, non-numbers rejected without using the try', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 3 of 5/);
    const input = within(q).getByRole('textbox', { name: 'Your answer in concurrent executions' });
    expect(input).toHaveAttribute('inputmode', 'decimal');
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    expect(within(q).getByText('Enter a number first.')).toBeInTheDocument();

    input.focus();
    await user.keyboard('fifty{Tab}{Enter}');
    expect(within(q).getByText('“fifty” is not a number. Enter digits, e.g. 42 or 0.5.')).toBeInTheDocument();
    expect(useQuizStore.getState().quizzes['all-types']).toBeUndefined();
    await user.clear(input);
    await user.keyboard('40{Enter}');
    expect(within(q).getByText('Not quite. Have another go.')).toBeInTheDocument();
    expect(within(q).queryByText(/the answer is 50/)).not.toBeInTheDocument();

    await user.clear(input);
    // Enter in the field checks, like a one-field form.
    await user.keyboard('50.4{Enter}');
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
    expect(
      within(q).getByText('The answer is 50 concurrent executions (accepted within ±0.5).'),
    ).toBeInTheDocument();
  });

  it('ordering: Move up / Move down by keyboard, focus follows the item, moves are announced', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 4 of 5/);
    const question4 = allTypes.questions[3] as OrderingQuestion;
    const texts = () =>
      within(q)
        .getAllByRole('listitem')
        .map((li) => (li.textContent ?? '').replace(/[↑↓]/g, ''));
    const start = initialOrder(question4, attemptSeed('all-types', 0));
    const itemText = (id: string) => question4.items.find((i) => i.id === id)!.text;
    expect(texts().map((t) => t.replace(/^\d/, ''))).toEqual(start.map(itemText));

    // Bring each item of the answer into place, top down, using only Enter on the focused button.
    for (let target = 0; target < question4.answer.length; target++) {
      const text = itemText(question4.answer[target]!);
      let pos = texts().findIndex((t) => t.includes(text));
      if (pos === target) continue;
      within(q)
        .getByRole('button', { name: `Move up: ${text}` })
        .focus();
      while (pos > target) {
        await user.keyboard('{Enter}');
        pos -= 1;
        expect(within(q).getByRole('button', { name: `Move up: ${text}` })).toHaveFocus();
        expect(within(q).getByText(`${text} moved to position ${pos + 1} of 3.`)).toBeInTheDocument();
      }
    }
    expect(texts().map((t) => t.replace(/^\d/, ''))).toEqual(question4.answer.map(itemText));

    // At the top, Move up is inert but keeps focus.
    const topUp = within(q).getByRole('button', { name: 'Move up: Extensions init' });
    expect(topUp).toHaveAttribute('aria-disabled', 'true');
    topUp.focus();
    await user.keyboard('{Enter}');
    expect(topUp).toHaveFocus();
    expect(texts()[0]).toContain('Extensions init');

    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
    expect(within(q).getAllByText('In the right place')).toHaveLength(3);
  });

  it('ordering: a wrong order first says how many steps are placed right, then which after the answer', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 4 of 5/);
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    expect(within(q).getByText(/of 3 steps are in the right place\./)).toBeInTheDocument();
    expect(within(q).queryAllByText(/^Belongs at position \d$/)).toHaveLength(0);
    await user.click(within(q).getByRole('button', { name: 'Show the answer' }));
    expect(within(q).getAllByText(/^Belongs at position \d$/).length).toBeGreaterThan(0);
  });

  it('explain: model answer, then self-assessment, then feedback', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 5 of 5/);
    await user.click(within(q).getByRole('button', { name: 'Show model answer' }));
    expect(within(q).getByText(/Write your answer first/)).toBeInTheDocument();

    within(q).getByRole('textbox', { name: 'Your answer' }).focus();
    await user.keyboard('Init runs once per environment.{Tab}{Enter}');
    const model = within(q).getByText('Model answer').parentElement!;
    expect(model).toHaveFocus();
    expect(within(model).getByText('Warm invocations reuse it')).toBeInTheDocument();
    expect(within(q).queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();

    await user.tab();
    expect(within(q).getByRole('button', { name: 'I got it' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(within(q).getByText('You marked this as understood.')).toBeInTheDocument();
    expect(within(q).getByRole('button', { name: 'Try again' })).toHaveFocus();
    expect(useQuizStore.getState().quizzes['all-types']?.questions['why-reuse']).toMatchObject({
      answer: 'Init runs once per environment.',
      correct: true,
      selfAssessed: true,
    });

    await user.keyboard('{Enter}');
    expect(within(q).getByRole('textbox', { name: 'Your answer' })).toHaveValue(
      'Init runs once per environment.',
    );
    expect(within(q).queryByText('Model answer')).not.toBeInTheDocument();
  });

  it('shows saved answers, hints and feedback again when the page is opened later', async () => {
    const user = userEvent.setup();
    const first = show('all-types');
    const q2 = await question(/Question 2 of 5/);
    await user.click(within(q2).getByRole('checkbox', { name: 'Amazon S3' }));
    await user.click(within(q2).getByRole('checkbox', { name: 'Amazon SNS' }));
    await user.click(within(q2).getByRole('button', { name: 'Check answer' }));
    const q1 = screen.getByRole('group', { name: /Question 1 of 5/ });
    await user.click(within(q1).getByRole('radio', { name: 'It is always destroyed' }));
    await user.click(within(q1).getByRole('button', { name: 'Check answer' }));
    first.unmount();
    expect(localStorage.getItem(appStorageKey('coldstart:quiz'))).toContain('"async-sources"');

    show('all-types');
    const again = await question(/Question 2 of 5/);
    expect(within(again).getByRole('checkbox', { name: 'Amazon S3' })).toBeChecked();
    expect(within(again).getByRole('checkbox', { name: 'Amazon SNS' })).toBeChecked();
    expect(within(again).getByRole('checkbox', { name: 'Amazon S3' })).toBeDisabled();
    expect(within(again).getByText('Correct.')).toBeInTheDocument();
    const hinted = screen.getByRole('group', { name: /Question 1 of 5/ });
    expect(within(hinted).getByText(frozen.hint)).toBeInTheDocument();
    expect(within(hinted).getByRole('radio', { name: 'It is always destroyed' })).toBeChecked();
    expect(within(hinted).getByRole('radio', { name: 'It is always destroyed' })).toBeEnabled();
  });

  it('graded quiz: the score counts first answers; retrying one question is no new attempt', async () => {
    const user = userEvent.setup();
    show('graded');
    const q1 = await question(/Question 1 of 3/);
    expect(screen.getByText(/Answered 0 of 3/)).toBeInTheDocument();
    await user.click(within(q1).getByRole('radio', { name: /1,000 more/ }));
    await user.click(within(q1).getByRole('button', { name: 'Check answer' }));
    const q2 = screen.getByRole('group', { name: /Question 2 of 3/ });
    await user.type(within(q2).getByRole('textbox', { name: /Your answer/ }), '50');
    await user.click(within(q2).getByRole('button', { name: 'Check answer' }));
    expect(screen.queryByText(/You scored/)).not.toBeInTheDocument();
    const q3 = screen.getByRole('group', { name: /Question 3 of 3/ });
    await user.click(within(q3).getByRole('radio', { name: 'A plain environment variable' }));
    await user.click(within(q3).getByRole('button', { name: 'Check answer' }));
    // The score appears with the first answers; the hint does not hold it back.
    expect(screen.getByText('You scored 2 of 3')).toBeInTheDocument();
    // Getting it right on the second try is practice: still 2 of 3.
    await user.click(within(q3).getByRole('radio', { name: 'Secrets Manager, cached in init' }));
    await user.click(within(q3).getByRole('button', { name: 'Check again' }));
    expect(within(q3).getByText('Correct.')).toBeInTheDocument();
    expect(screen.getByText('You scored 2 of 3')).toBeInTheDocument();

    const table = screen.getByRole('table', { name: 'Score by topic' });
    expect(within(table).getByRole('row', { name: /Scaling .*2 of 2/ })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /Secrets .*0 of 1/ })).toBeInTheDocument();
    const missed = screen.getByRole('heading', { name: 'Review what you missed' })
      .nextElementSibling as HTMLElement;
    expect(within(missed).getAllByRole('link')).toHaveLength(1);
    expect(within(missed).getByText(/Where should a database password live/)).toBeInTheDocument();

    // "Try again" on one question, answered again: the attempt count and score do not move.
    await user.click(within(q1).getByRole('button', { name: 'Try again' }));
    await user.click(within(q1).getByRole('radio', { name: /1,000 more/ }));
    await user.click(within(q1).getByRole('button', { name: 'Check answer' }));
    expect(useQuizStore.getState().quizzes.graded).toMatchObject({
      attempts: 1,
      last: { correct: 2, total: 3 },
    });

    await user.click(screen.getByRole('button', { name: 'Retake quiz' }));
    expect(screen.queryByText('You scored 2 of 3')).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Fixture: graded interview quiz' })).toHaveFocus();
    expect(screen.getByText(/Answered 0 of 3.*Last score: 2 of 3/)).toBeInTheDocument();
    expect(useQuizStore.getState().quizzes.graded?.round).toBe(1);
    const fresh = screen.getByRole('group', { name: /Question 1 of 3/ });
    expect(within(fresh).getByRole('radio', { name: /1,000 more/ })).not.toBeChecked();
    expect(within(fresh).getByRole('radio', { name: /1,000 more/ })).toBeEnabled();
  });

  it('a retake reshuffles: the new attempt uses the next seed', async () => {
    const user = userEvent.setup();
    useQuizStore.setState({
      quizzes: {
        graded: {
          questions: {},
          firstTries: { burst: true, formula: true, secrets: true },
          round: 0,
          attempts: 1,
          best: { correct: 3, total: 3 },
          last: { correct: 3, total: 3 },
          updatedAt: '2026-01-01T00:00:00.000Z',
        },
      },
    });
    show('graded');
    await user.click(await screen.findByRole('button', { name: 'Retake quiz' }));
    const secrets = graded.questions[2] as SingleQuestion;
    const q3 = screen.getByRole('group', { name: /Question 3 of 3/ });
    expect(optionLabels(q3)).toEqual(
      optionOrder(secrets, attemptSeed('graded', 1)).map((id) => textOf(secrets, id)),
    );
  });

  it('shows a clear error box for a missing quiz', async () => {
    show('nope');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This quiz could not be shown.');
    expect(alert).toHaveTextContent(
      'There is no quiz named “nope” (expected the file content/quizzes/nope.json).',
    );
  });

  it('lists every problem of an invalid quiz file instead of crashing', async () => {
    show('broken');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The quiz file content/quizzes/broken.json has problems:');
    expect(alert).toHaveTextContent("questions[0].answer: 'e' is not an option id");
  });
});
