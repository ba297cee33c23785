// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from '../../app/router';
import KnowledgeCheck from './KnowledgeCheck';
import { useQuizStore } from './quiz.store';
import { appStorageKey } from '../../platform/storage';
import { initialOrder } from './grading';
import type { OrderingQuestion } from './quizSpec';
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

beforeEach(() => {
  localStorage.clear();
  useQuizStore.setState({ quizzes: {} });
});
afterEach(cleanup);

describe('KnowledgeCheck', () => {
  it('renders every question as a group named by its legend', async () => {
    show('all-types');
    expect(await screen.findByRole('heading', { name: 'Fixture: every question type' })).toBeInTheDocument();
    expect(screen.getAllByRole('group', { name: /^Question \d of 5/ })).toHaveLength(5);
    expect(
      screen.getByRole('group', { name: /Question 1 of 5 What happens to an execution environment/ }),
    ).toBeInTheDocument();
  });

  it('single choice: keyboard-only wrong answer, feedback, Try again, then right', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 1 of 5/);
    await user.tab();
    expect(within(q).getByRole('radio', { name: 'It is frozen and may be reused' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(within(q).getByRole('radio', { name: 'It is always destroyed' })).toBeChecked();
    await user.tab();
    expect(within(q).getByRole('button', { name: 'Check answer' })).toHaveFocus();
    await user.keyboard('{Enter}');

    expect(within(q).getByText('Not quite.')).toBeInTheDocument();
    expect(within(q).getByText(/Lambda freezes the environment/)).toBeInTheDocument();
    expect(within(q).getByText('Your choice, not correct')).toBeInTheDocument();
    const review = within(q).getByRole('link', { name: /^Review: / });
    expect(review).toHaveAttribute('href', '/lessons/why-lambda#what-youll-learn');
    // Inputs are locked after checking; the next action has focus.
    expect(within(q).getByRole('radio', { name: 'It is always destroyed' })).toBeDisabled();
    expect(within(q).getByRole('button', { name: 'Try again' })).toHaveFocus();
    expect(useQuizStore.getState().quizzes['all-types']?.questions.frozen).toEqual({
      answer: 'b',
      correct: false,
      selfAssessed: false,
    });

    await user.keyboard('{Enter}');
    const first = within(q).getByRole('radio', { name: 'It is frozen and may be reused' });
    expect(first).toHaveFocus();
    expect(first).not.toBeChecked();
    expect(within(q).queryByText('Not quite.')).not.toBeInTheDocument();
    expect(useQuizStore.getState().quizzes['all-types']?.questions.frozen).toBeUndefined();

    await user.keyboard(' ');
    await user.tab();
    await user.keyboard('{Enter}');
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
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

  it('multiple choice: exact set required, partial feedback, then right after Try again', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 2 of 5/);
    expect(within(q).getByText('Select all that apply.')).toBeInTheDocument();
    within(q).getByRole('checkbox', { name: 'Amazon S3' }).focus();
    await user.keyboard(' ');
    await user.tab();
    await user.tab();
    await user.tab();
    await user.keyboard('{Enter}');
    expect(within(q).getByText('Not quite.')).toBeInTheDocument();
    expect(within(q).getByText('Your selection: 1 right, 1 missed.')).toBeInTheDocument();
    expect(within(q).getByText('Correct answer, you missed it')).toBeInTheDocument();

    await user.keyboard('{Enter}'); // Try again
    expect(within(q).getByRole('checkbox', { name: 'Amazon S3' })).toHaveFocus();
    await user.keyboard(' ');
    await user.tab();
    await user.tab();
    await user.keyboard(' ');
    expect(within(q).getByRole('checkbox', { name: 'Amazon SNS' })).toBeChecked();
    await user.tab();
    await user.keyboard('{Enter}');
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
  });

  it('numeric: unit in the label, tolerance respected, non-numbers rejected', async () => {
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
    await user.keyboard('40');
    await user.keyboard('{Tab}{Enter}');
    expect(within(q).getByText('Not quite.')).toBeInTheDocument();
    expect(
      within(q).getByText(
        'You answered 40 concurrent executions; the answer is 50 concurrent executions (accepted within ±0.5).',
      ),
    ).toBeInTheDocument();

    await user.keyboard('{Enter}');
    const again = within(q).getByRole('textbox', { name: 'Your answer in concurrent executions' });
    expect(again).toHaveFocus();
    expect(again).toHaveValue('');
    // Enter in the field checks, like a one-field form.
    await user.keyboard('50.4{Enter}');
    expect(within(q).getByText('Correct.')).toBeInTheDocument();
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
    const start = initialOrder(question4, 'all-types');
    const textOf = (id: string) => question4.items.find((i) => i.id === id)!.text;
    expect(texts().map((t) => t.replace(/^\d/, ''))).toEqual(start.map(textOf));

    // Bring each item of the answer into place, top down, using only Enter on the focused button.
    for (let target = 0; target < question4.answer.length; target++) {
      const text = textOf(question4.answer[target]!);
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
    expect(texts().map((t) => t.replace(/^\d/, ''))).toEqual(question4.answer.map(textOf));

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

  it('ordering: a wrong order says which steps are misplaced', async () => {
    const user = userEvent.setup();
    show('all-types');
    const q = await question(/Question 4 of 5/);
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    expect(within(q).getByText('Not quite.')).toBeInTheDocument();
    expect(within(q).getByText(/of 3 steps are in the right place\./)).toBeInTheDocument();
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
    expect(useQuizStore.getState().quizzes['all-types']?.questions['why-reuse']).toEqual({
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

  it('shows saved answers and feedback again when the page is opened later', async () => {
    const user = userEvent.setup();
    const first = show('all-types');
    const q = await question(/Question 2 of 5/);
    await user.click(within(q).getByRole('checkbox', { name: 'Amazon S3' }));
    await user.click(within(q).getByRole('checkbox', { name: 'Amazon SNS' }));
    await user.click(within(q).getByRole('button', { name: 'Check answer' }));
    first.unmount();
    expect(localStorage.getItem(appStorageKey('coldstart:quiz'))).toContain('"async-sources"');

    show('all-types');
    const again = await question(/Question 2 of 5/);
    expect(within(again).getByRole('checkbox', { name: 'Amazon S3' })).toBeChecked();
    expect(within(again).getByRole('checkbox', { name: 'Amazon SNS' })).toBeChecked();
    expect(within(again).getByRole('checkbox', { name: 'Amazon S3' })).toBeDisabled();
    expect(within(again).getByText('Correct.')).toBeInTheDocument();
  });

  it('graded quiz: score, per-topic breakdown, review links, retake', async () => {
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

    expect(screen.getByText('You scored 2 of 3')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Score by topic' });
    expect(within(table).getByRole('row', { name: /Scaling .*2 of 2/ })).toBeInTheDocument();
    expect(within(table).getByRole('row', { name: /Secrets .*0 of 1/ })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Review what you missed' })).toBeInTheDocument();
    const missed = screen.getByRole('heading', { name: 'Review what you missed' })
      .nextElementSibling as HTMLElement;
    expect(within(missed).getAllByRole('link')).toHaveLength(1);
    expect(within(missed).getByText(/Where should a database password live/)).toBeInTheDocument();
    expect(useQuizStore.getState().quizzes.graded).toMatchObject({
      attempts: 1,
      last: { correct: 2, total: 3 },
    });

    await user.click(screen.getByRole('button', { name: 'Retake quiz' }));
    expect(screen.queryByText('You scored 2 of 3')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Fixture: graded interview quiz' })).toHaveFocus();
    expect(screen.getByText(/Answered 0 of 3.*Last score: 2 of 3/)).toBeInTheDocument();
    const fresh = screen.getByRole('group', { name: /Question 1 of 3/ });
    expect(within(fresh).getByRole('radio', { name: /1,000 more/ })).not.toBeChecked();
    expect(within(fresh).getByRole('radio', { name: /1,000 more/ })).toBeEnabled();
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
