/**
 * Spaced review on the Progress page: the questions missed on a first try come back after 1, 3, 7 and
 * 14 days (src/features/quiz/spacedReview.store.ts). Due questions are answered right here, with the
 * same cards, hints and feedback as in the lessons.
 */
import { useEffect, useRef, useState } from 'react';
import { loadQuiz, quizModules, type QuizModules } from '../quiz/loadQuiz';
import type { Question } from '../quiz/quizSpec';
import { QuestionCard } from '../quiz/QuestionCard';
import type { QuestionRecord } from '../quiz/quiz.store';
import { InlineText } from '../quiz/InlineText';
import { REVIEW_INTERVAL_DAYS, reviewQueue, useSpacedReviewStore } from '../quiz/spacedReview.store';
import '../quiz/quiz.css';
import './scores.css';

export interface ReviewPanelProps {
  /** Tests pass their own quiz files and clock. */
  modules?: QuizModules;
  now?: () => Date;
}

function describeDue(dueAt: string, now: Date): string {
  const days = Math.ceil((Date.parse(dueAt) - now.getTime()) / 86_400_000);
  if (days <= 1) return 'due tomorrow';
  return `due in ${days} days`;
}

export function ReviewPanel({ modules = quizModules, now = () => new Date() }: ReviewPanelProps) {
  const items = useSpacedReviewStore((s) => s.items);
  const answered = useSpacedReviewStore((s) => s.answered);
  const [questions, setQuestions] = useState<Record<string, Question>>({});
  // What each card shows during this visit; answered cards stay on screen until the page is left,
  // even once their next review is days away.
  const [session, setSession] = useState<Record<string, QuestionRecord>>({});
  const [touched, setTouched] = useState<Record<string, true>>({});
  const answeredKeys = useRef(new Set<string>());
  const clock = now();
  const queue = reviewQueue(items, clock.toISOString());
  const quizIds = [...new Set(Object.values(items).map((i) => i.quizId))].sort().join(',');

  useEffect(() => {
    let live = true;
    const ids = quizIds ? quizIds.split(',') : [];
    void Promise.all(ids.map((id) => loadQuiz(id, modules))).then((loaded) => {
      if (!live) return;
      const next: Record<string, Question> = {};
      for (const result of loaded) {
        if (!result.ok) continue;
        for (const q of result.quiz.questions) next[`${result.quiz.id}/${q.id}`] = q;
      }
      setQuestions(next);
    });
    return () => {
      live = false;
    };
  }, [quizIds, modules]);

  // A stable order (by quiz and question), so answering a card never moves the others under the learner.
  // Questions whose quiz changed so that they no longer exist are left out.
  const dueKeys = queue.due.map((i) => `${i.quizId}/${i.questionId}`);
  const cards = [...new Set([...dueKeys, ...Object.keys(touched)])].filter((k) => questions[k]).sort();
  const upcoming = queue.upcoming.filter(
    (i) => questions[`${i.quizId}/${i.questionId}`] && !touched[`${i.quizId}/${i.questionId}`],
  );

  function onRecord(key: string, record: QuestionRecord) {
    const first = !answeredKeys.current.has(key) && typeof record.correct === 'boolean';
    if (first) answeredKeys.current.add(key);
    setSession((s) => ({ ...s, [key]: record }));
    setTouched((t) => ({ ...t, [key]: true }));
    // The first answer in review decides the next interval; later tries (and Try again) are practice.
    if (first) answered(key, record.correct === true, clock.toISOString());
  }

  return (
    <section className="progress-section" aria-labelledby="progress-review">
      <h2 id="progress-review">Spaced review</h2>
      <p>
        Questions you miss on a first try come back here after {REVIEW_INTERVAL_DAYS.join(', ')} days: a right
        answer moves one further out, a wrong one starts again at one day. Right at{' '}
        {REVIEW_INTERVAL_DAYS.at(-1)} days, a question retires.
      </p>
      {cards.length === 0 && upcoming.length === 0 ? (
        <p className="hint">Nothing to review. Questions you miss in a knowledge check appear here.</p>
      ) : null}
      {cards.length > 0 ? (
        <>
          <h3>Due now</h3>
          <ol className="quiz-questions review-questions">
            {cards.map((key, index) => {
              const item = items[key];
              const record = session[key];
              return (
                <li key={key}>
                  <QuestionCard
                    seed={`review:${key}`}
                    question={questions[key]!}
                    index={index}
                    count={cards.length}
                    record={record}
                    onRecord={(next) => onRecord(key, next)}
                    onClear={() =>
                      setSession((s) => {
                        const rest = { ...s };
                        delete rest[key];
                        return rest;
                      })
                    }
                  />
                  {record && typeof record.correct === 'boolean' && item ? (
                    <p className="review-next" aria-live="polite">
                      {item.retired
                        ? 'Retired: you will not see this question again.'
                        : `Next review: ${describeDue(item.dueAt, clock)}.`}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
      {upcoming.length > 0 ? (
        <>
          <h3>Coming up</h3>
          <ul className="review-upcoming">
            {upcoming.map((item) => {
              const q = questions[`${item.quizId}/${item.questionId}`]!;
              return (
                <li key={`${item.quizId}/${item.questionId}`}>
                  <InlineText text={q.prompt} />{' '}
                  <span className="status">
                    {describeDue(item.dueAt, clock)} · step {item.box} of {REVIEW_INTERVAL_DAYS.length}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </section>
  );
}
