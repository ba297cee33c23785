import { useRef, useState } from 'react';
import { Link } from '../../app/router';
import type { Quiz } from './quizSpec';
import { attemptSeed, isAnswerValidFor, scoreQuiz, type QuestionOutcome } from './grading';
import { useQuizStore, type QuestionRecord } from './quiz.store';
import { useSpacedReviewStore } from './spacedReview.store';
import { QuestionCard } from './QuestionCard';
import { humanize, reviewTarget } from './review';
import { InlineText } from './InlineText';

/**
 * A quiz inside a lesson. The lesson's own heading ("Check your understanding") introduces it, so the
 * quiz does not repeat it: the title names the region for assistive technology instead.
 */
export function QuizView({ quiz }: { quiz: Quiz }) {
  const entry = useQuizStore((s) => s.quizzes[quiz.id]);
  const record = useQuizStore((s) => s.record);
  const clearQuestion = useQuizStore((s) => s.clearQuestion);
  const retake = useQuizStore((s) => s.retake);
  const scheduleMissed = useSpacedReviewStore((s) => s.missed);
  const regionRef = useRef<HTMLElement>(null);
  // Bumped by "Retake quiz" so every question also drops its unsaved draft.
  const [round, setRound] = useState(0);
  const questionIds = quiz.questions.map((q) => q.id);
  const seed = attemptSeed(quiz.id, entry?.round ?? 0);

  // Saved answers that no longer fit the question (the quiz file changed) are ignored, not shown wrong.
  const records: Record<string, QuestionRecord | undefined> = {};
  for (const q of quiz.questions) {
    const saved = entry?.questions[q.id];
    if (saved && isAnswerValidFor(q, saved.answer)) records[q.id] = saved;
  }
  // The attempt's score is its first tries; later tries are practice.
  const firstTries: Record<string, QuestionOutcome | undefined> = {};
  for (const [id, correct] of Object.entries(entry?.firstTries ?? {})) firstTries[id] = { correct };
  const score = scoreQuiz(quiz, firstTries);

  /** A new attempt: fresh answers, reshuffled options, focus back at the top of the quiz. */
  function startOver() {
    retake(quiz.id);
    setRound((r) => r + 1);
    regionRef.current?.focus();
  }

  function onRecord(questionId: string, next: QuestionRecord) {
    const isFirstTry = entry?.firstTries[questionId] === undefined && typeof next.correct === 'boolean';
    record(quiz.id, questionId, next, questionIds);
    // A miss on the first try comes back on the Progress page for spaced review.
    if (isFirstTry && next.correct === false) scheduleMissed(quiz.id, questionId);
  }

  return (
    <section
      ref={regionRef}
      tabIndex={-1}
      className="quiz"
      aria-label={quiz.title}
      data-graded={quiz.graded ? 'true' : 'false'}
    >
      <p className="quiz-intro">
        {quiz.graded
          ? `Graded: ${quiz.questions.length} questions. Your score counts first answers and appears when all are answered.`
          : `${quiz.questions.length} ${quiz.questions.length === 1 ? 'question' : 'questions'}. A wrong first answer gets a hint and another try.`}
      </p>
      <ol className="quiz-questions">
        {quiz.questions.map((q, i) => (
          <li key={`${q.id}:${round}:${seed}`}>
            <QuestionCard
              seed={seed}
              question={q}
              index={i}
              count={quiz.questions.length}
              record={records[q.id]}
              onRecord={(rec) => onRecord(q.id, rec)}
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
                </strong>{' '}
                on first answers
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
                  <p className="quiz-progress">
                    Missed questions also come back for spaced review on the{' '}
                    <Link to="/progress">Progress page</Link>.
                  </p>
                </>
              ) : (
                <p>Every answer right. Nothing to review.</p>
              )}
              <button type="button" className="quiz-button" onClick={startOver}>
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
          <div className="quiz-score">
            <p className="quiz-progress">
              {score.correct} of {score.total} right on the first try
              {score.complete ? '.' : ` so far (${score.answered} answered).`}
            </p>
            {score.complete && (
              <button type="button" className="quiz-button quiz-button-secondary" onClick={startOver}>
                Start over
              </button>
            )}
          </div>
        )
      )}
    </section>
  );
}
