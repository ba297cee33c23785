import { useId, useRef, useState } from 'react';
import { Link } from '../../app/router';
import type { Quiz } from './quizSpec';
import { isAnswerValidFor, scoreQuiz, type QuestionOutcome } from './grading';
import { useQuizStore, type QuestionRecord } from './quiz.store';
import { QuestionCard } from './QuestionCard';
import { humanize, reviewTarget } from './review';
import { InlineText } from './InlineText';

export function QuizView({ quiz }: { quiz: Quiz }) {
  const entry = useQuizStore((s) => s.quizzes[quiz.id]);
  const record = useQuizStore((s) => s.record);
  const clearQuestion = useQuizStore((s) => s.clearQuestion);
  const retake = useQuizStore((s) => s.retake);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Bumped by "Retake quiz" so every question also drops its unsaved draft.
  const [round, setRound] = useState(0);
  const questionIds = quiz.questions.map((q) => q.id);

  // Saved answers that no longer fit the question (the quiz file changed) are ignored, not shown wrong.
  const records: Record<string, QuestionRecord | undefined> = {};
  for (const q of quiz.questions) {
    const saved = entry?.questions[q.id];
    if (saved && isAnswerValidFor(q, saved.answer)) records[q.id] = saved;
  }
  const score = scoreQuiz(quiz, records as Record<string, QuestionOutcome | undefined>);

  return (
    <section className="quiz" aria-labelledby={headingId} data-graded={quiz.graded ? 'true' : 'false'}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1} className="quiz-title">
        {quiz.title}
      </h2>
      <p className="quiz-intro">
        {quiz.graded
          ? `${quiz.questions.length} questions. Check each answer as you go; your score appears when all are answered.`
          : `${quiz.questions.length} ${quiz.questions.length === 1 ? 'question' : 'questions'}. Check each answer for instant feedback.`}
      </p>
      <ol className="quiz-questions">
        {quiz.questions.map((q, i) => (
          <li key={`${q.id}:${round}`}>
            <QuestionCard
              quizId={quiz.id}
              question={q}
              index={i}
              count={quiz.questions.length}
              record={records[q.id]}
              onRecord={(rec) => record(quiz.id, q.id, rec, questionIds)}
              onClear={() => clearQuestion(quiz.id, q.id)}
            />
          </li>
        ))}
      </ol>

      {quiz.graded ? (
        <div className="quiz-score">
          {/* Only the final score is live: the per-question feedback already speaks after each check. */}
          <div aria-live="polite">
            {score.complete && (
              <p className="quiz-score-line">
                <strong>
                  You scored {score.correct} of {score.total}
                </strong>
                {entry && entry.attempts > 1 && entry.best
                  ? ` · best ${entry.best.correct} of ${entry.best.total} over ${entry.attempts} attempts`
                  : ''}
              </p>
            )}
          </div>
          {score.complete ? (
            <>
              <div className="quiz-table-wrap">
                <table className="quiz-topics">
                  <caption>Score by topic</caption>
                  <thead>
                    <tr>
                      <th scope="col">Topic</th>
                      <th scope="col">Correct</th>
                    </tr>
                  </thead>
                  <tbody>
                    {score.topics.map((t) => (
                      <tr key={t.topic}>
                        <th scope="row">{humanize(t.topic)}</th>
                        <td>
                          <span aria-hidden="true">{t.correct === t.total ? '✓ ' : '✗ '}</span>
                          {t.correct} of {t.total}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {score.missed.length > 0 ? (
                <>
                  <h3 className="quiz-score-title">Review what you missed</h3>
                  <ul className="quiz-missed">
                    {score.missed.map((q) => {
                      const target = reviewTarget(q.review);
                      return (
                        <li key={`${q.id}:${round}`}>
                          <Link to={target.to}>Review: {target.label}</Link>
                          <span className="quiz-missed-prompt">
                            {' '}
                            — <InlineText text={q.prompt} />
                          </span>
                        </li>
                      );
                    })}
                  </ul>
                </>
              ) : (
                <p>Every answer right. Nothing to review.</p>
              )}
              <button
                type="button"
                className="quiz-button"
                onClick={() => {
                  retake(quiz.id);
                  setRound((r) => r + 1);
                  headingRef.current?.focus();
                }}
              >
                Retake quiz
              </button>
            </>
          ) : (
            <p className="quiz-progress">
              Answered {score.answered} of {score.total}. Your score appears when every question is answered.
              {entry?.last ? ` Last score: ${entry.last.correct} of ${entry.last.total}.` : ''}
            </p>
          )}
        </div>
      ) : (
        score.answered > 0 && (
          <p className="quiz-progress">
            {score.correct} of {score.total} correct
            {score.complete ? '.' : ` so far (${score.answered} checked).`}
          </p>
        )
      )}
    </section>
  );
}
