import fs from 'node:fs';
import { test, expect } from '@playwright/test';
import type { Quiz, SingleQuestion } from '../src/features/quiz/quizSpec';

const quiz = JSON.parse(fs.readFileSync('content/quizzes/why-lambda.json', 'utf8')) as Quiz;
const question = quiz.questions.find((q) => q.id === 'wrong-tool') as SingleQuestion;
const right = question.options.find((o) => o.id === question.answer)!.text;
const wrong = question.options.find((o) => o.id !== question.answer)!.text;
const DAY0 = new Date('2026-12-01T09:00:00Z');

test('a question missed on its first try shows up in scores and comes back for review a day later', async ({
  page,
}) => {
  // Only Date is fixed; timers keep running, so the app behaves normally.
  await page.clock.setFixedTime(DAY0);
  await page.goto('./#/lessons/why-lambda');
  const group = page.getByRole('group', { name: /^Question 3 of \d+/ });
  await group.getByRole('radio', { name: wrong }).check();
  await group.getByRole('button', { name: 'Check answer' }).click();
  await expect(group.getByText(question.hint)).toBeVisible();

  await page.goto('./#/progress');
  const scores = page.getByRole('table', { name: 'Knowledge checks' });
  await expect(scores.getByRole('row', { name: /Why Lambda/ })).toContainText('in progress: 1 of');
  await expect(page.getByRole('heading', { name: 'Labs' })).toBeVisible();
  const review = page.getByRole('region', { name: 'Spaced review' });
  await expect(review.getByRole('heading', { name: 'Coming up' })).toBeVisible();
  await expect(review.getByText(/Which workload fits Lambda worst/)).toBeVisible();
  await expect(review.getByText('due tomorrow · step 1 of 4')).toBeVisible();

  // A day later the question is due, and answering it right moves it three days out.
  await page.clock.setFixedTime(new Date(DAY0.getTime() + 24 * 60 * 60 * 1000));
  await page.reload();
  const due = review.getByRole('group', { name: /Which workload fits Lambda worst/ });
  await expect(due).toBeVisible();
  await due.getByRole('radio', { name: right }).check();
  await due.getByRole('button', { name: 'Check answer' }).click();
  await expect(due.getByText('Correct.')).toBeVisible();
  await expect(review.getByText('Next review: due in 3 days.')).toBeVisible();
});
