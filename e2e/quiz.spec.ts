import fs from 'node:fs';
import { createRequire } from 'node:module';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { gradeAnswer, initialOrder } from '../src/features/quiz/grading';
import type { Quiz } from '../src/features/quiz/quizSpec';

const require = createRequire(import.meta.url);
const interview = JSON.parse(fs.readFileSync('content/quizzes/interview.json', 'utf8')) as Quiz;

/** Presses Tab until `target` has focus: the page is reached the way a keyboard user reaches it. */
async function tabTo(page: Page, target: Locator, max = 400) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

async function expectFocused(target: Locator) {
  await expect.poll(() => target.evaluate((el) => el === document.activeElement)).toBe(true);
}

async function axeViolations(page: Page, selector: string) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async (sel) => {
    const w = window as unknown as {
      axe: { run(ctx: string): Promise<{ violations: { id: string; nodes: unknown[] }[] }> };
    };
    const r = await w.axe.run(sel);
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  }, selector);
}

test('knowledge check: answered right and wrong with the keyboard only, and it survives a reload', async ({
  page,
}) => {
  await page.goto('#/lessons/why-lambda');
  const q1 = page.getByRole('group', { name: /^Question 1 of 4/ });
  const q2 = page.getByRole('group', { name: /^Question 2 of 4/ });
  const q3 = page.getByRole('group', { name: /^Question 3 of 4/ });
  const q4 = page.getByRole('group', { name: /^Question 4 of 4/ });
  await expect(q1).toBeVisible();

  // 1. Numeric, first wrong, then right after "Try again" (with a thousands separator).
  const gbSeconds = q1.getByRole('textbox', { name: 'Your answer in GB-seconds' });
  await tabTo(page, gbSeconds);
  await page.keyboard.type('400000');
  await page.keyboard.press('Tab');
  await expectFocused(q1.getByRole('button', { name: 'Check answer' }));
  await page.keyboard.press('Enter');
  await expect(q1.getByText('Not quite.')).toBeVisible();
  await expect(q1.getByText(/You answered 400000 GB-seconds; the answer is 500000 GB-seconds/)).toBeVisible();
  await expectFocused(q1.getByRole('button', { name: 'Try again' }));
  await page.keyboard.press('Enter');
  await expectFocused(gbSeconds);
  await page.keyboard.type('500,000');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(q1.getByText('Correct.')).toBeVisible();
  const review = q1.getByRole('link', { name: /^Review: / });
  await expect(review).toHaveAttribute('href', /#\/lessons\/why-lambda#a-worked-example$/);

  // 2. Multiple choice, answered wrong (one right pick, two missed): stays wrong for the reload check.
  await tabTo(page, q2.getByRole('checkbox').nth(1));
  await page.keyboard.press('Space');
  await tabTo(page, q2.getByRole('button', { name: 'Check answer' }));
  await page.keyboard.press('Enter');
  await expect(q2.getByText('Not quite.')).toBeVisible();
  await expect(q2.getByText('Your selection: 1 right, 2 missed.')).toBeVisible();

  // 3. Single choice: arrow keys pick the second option, which is right.
  await tabTo(page, q3.getByRole('radio').first());
  await page.keyboard.press('ArrowDown');
  await expect(q3.getByRole('radio').nth(1)).toBeChecked();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(q3.getByText('Correct.')).toBeVisible();
  // Feedback sits in a live region so screen readers hear it.
  await expect(q3.locator('[aria-live="polite"]').getByText('Correct.')).toBeVisible();

  // 4. Explain: write, reveal the model answer, assess yourself.
  await tabTo(page, q4.getByRole('textbox', { name: 'Your answer' }));
  await page.keyboard.type(
    'Lambda bills per request and GB-second; a steady load may be cheaper on Fargate.',
  );
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(q4.getByText('Model answer')).toBeVisible();
  await tabTo(page, q4.getByRole('button', { name: 'I got it' }), 10);
  await page.keyboard.press('Enter');
  await expect(q4.getByText('You marked this as understood.')).toBeVisible();
  await expect(page.getByText('3 of 4 correct.')).toBeVisible();

  expect(await axeViolations(page, '.quiz')).toEqual([]);

  await page.reload();
  await expect(page.getByText('3 of 4 correct.')).toBeVisible();
  await expect(q1.getByRole('textbox', { name: 'Your answer in GB-seconds' })).toHaveValue('500000');
  await expect(q1.getByText('Correct.')).toBeVisible();
  await expect(q2.getByText('Not quite.')).toBeVisible();
  await expect(q2.getByRole('checkbox').nth(1)).toBeChecked();
  await expect(q2.getByRole('checkbox').nth(0)).not.toBeChecked();
  await expect(q3.getByRole('radio').nth(1)).toBeChecked();
  await expect(q4.getByText('You marked this as understood.')).toBeVisible();
});

test('graded interview quiz: score and per-topic breakdown survive a reload; retake clears answers', async ({
  page,
}) => {
  // Answer every question with the keyboard: the first option / first checkbox, 1 for numbers, "I got it".
  let expected = 0;
  await page.goto('#/lessons/interview-questions');
  const total = interview.questions.length;
  for (const [i, q] of interview.questions.entries()) {
    const group = page.getByRole('group', { name: new RegExp(`^Question ${i + 1} of ${total}\\b`) });
    if (q.type === 'single' || q.type === 'multiple') {
      await tabTo(page, group.getByRole(q.type === 'single' ? 'radio' : 'checkbox').first());
      await page.keyboard.press('Space');
      expected += gradeAnswer(q, q.type === 'single' ? q.options[0]!.id : [q.options[0]!.id])?.correct
        ? 1
        : 0;
    } else if (q.type === 'numeric') {
      await tabTo(page, group.getByRole('textbox'));
      await page.keyboard.type('1');
      expected += gradeAnswer(q, 1)?.correct ? 1 : 0;
    } else if (q.type === 'explain') {
      await tabTo(page, group.getByRole('textbox'));
      await page.keyboard.type('My answer.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await tabTo(page, group.getByRole('button', { name: 'I got it' }), 10);
      await page.keyboard.press('Enter');
      expected += 1;
      continue;
    }
    // Ordering questions are checked in their starting order, which is never the answer.
    if (q.type === 'ordering') expected += gradeAnswer(q, initialOrder(q, interview.id))?.correct ? 1 : 0;
    await tabTo(page, group.getByRole('button', { name: 'Check answer' }), 20);
    await page.keyboard.press('Enter');
    await expect(group.getByRole('button', { name: 'Try again' })).toBeVisible();
  }

  const scoreLine = `You scored ${expected} of ${total}`;
  await expect(page.getByText(scoreLine)).toBeVisible();
  const table = page.getByRole('table', { name: 'Score by topic' });
  const topics = new Set(interview.questions.map((q) => q.topic));
  await expect(table.locator('tbody tr')).toHaveCount(topics.size);
  if (expected < total)
    await expect(page.getByRole('heading', { name: 'Review what you missed' })).toBeVisible();

  expect(await axeViolations(page, '.quiz')).toEqual([]);
  await page.reload();
  await expect(page.getByText(scoreLine)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Score by topic' }).locator('tbody tr')).toHaveCount(
    topics.size,
  );

  await tabTo(page, page.getByRole('button', { name: 'Retake quiz' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(scoreLine)).toBeHidden();
  await expect(
    page.getByText(new RegExp(`Answered 0 of ${total}.*Last score: ${expected} of ${total}`)),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: interview.title, exact: true }).last()).toBeFocused();
});

test('quiz feedback states pass axe in the dark theme at 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('#/lessons/why-lambda');
  const q3 = page.getByRole('group', { name: /^Question 3 of 4/ });
  await q3.getByRole('radio').first().check();
  await q3.getByRole('button', { name: 'Check answer' }).click();
  await expect(q3.getByText('Not quite.')).toBeVisible();
  const q1 = page.getByRole('group', { name: /^Question 1 of 4/ });
  await q1.getByRole('button', { name: 'Check answer' }).click();
  await expect(q1.getByText('Enter a number first.')).toBeVisible();
  expect(await axeViolations(page, '.quiz')).toEqual([]);
  // Nothing in the quiz is wider than the phone screen.
  const overflow = await page.locator('.quiz').evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
