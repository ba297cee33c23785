/**
 * Scores on the Progress page: knowledge-check scores now, lab scores once labs exist. Both render
 * through ScoreTable, which takes plain `{ id, title, score }` items, so a future lab store only has
 * to hand over its list.
 */
import { useEffect, useState } from 'react';
import { Link } from '../../app/router';
import { lessons } from '../../course/course';
import { useQuizStore, type QuizEntry } from '../quiz/quiz.store';
import { loadQuiz, quizModules, type QuizModules } from '../quiz/loadQuiz';
import './scores.css';

export interface ScoreItem {
  id: string;
  title: string;
  /** Null while nothing has been completed yet. */
  score: { correct: number; total: number } | null;
  /** Best score, attempts, progress: one short phrase. */
  detail?: string;
  /** Router path to where the score was earned. */
  href?: string;
}

export function ScoreTable({
  caption,
  items,
  empty,
}: {
  caption: string;
  items: readonly ScoreItem[];
  empty: string;
}) {
  if (items.length === 0) {
    return (
      <div className="score-table">
        <h3>{caption}</h3>
        <p className="hint">{empty}</p>
      </div>
    );
  }
  return (
    <div className="score-table">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Score</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <th scope="row">{item.href ? <Link to={item.href}>{item.title}</Link> : item.title}</th>
              <td>{item.score ? `${item.score.correct} of ${item.score.total}` : '—'}</td>
              <td>{item.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the quiz store says about one quiz, as a score item. Pure, so it is tested on its own. */
export function quizScoreItem(
  quizId: string,
  entry: QuizEntry,
  meta: { lesson: string; questionCount: number } | undefined,
): ScoreItem {
  const lesson = lessons.find((l) => l.slug === meta?.lesson);
  const parts: string[] = [];
  if (entry.attempts > 0 && entry.best) {
    parts.push(`best ${entry.best.correct} of ${entry.best.total}`);
    parts.push(`${entry.attempts} ${entry.attempts === 1 ? 'attempt' : 'attempts'}`);
  }
  const answered = Object.keys(entry.firstTries).length;
  if (meta && answered > 0 && answered < meta.questionCount) {
    parts.push(`in progress: ${answered} of ${meta.questionCount} answered`);
  }
  return {
    id: quizId,
    title: lesson?.title ?? quizId,
    score: entry.last,
    detail: parts.join(' · '),
    ...(lesson ? { href: `/lessons/${lesson.slug}` } : {}),
  };
}

export interface ScoresPanelProps {
  /** Lab scores from the lab store, when there is one. */
  labScores?: readonly ScoreItem[];
  /** Tests pass their own quiz files. */
  modules?: QuizModules;
}

export function ScoresPanel({ labScores = [], modules = quizModules }: ScoresPanelProps) {
  const quizzes = useQuizStore((s) => s.quizzes);
  const [meta, setMeta] = useState<Record<string, { lesson: string; questionCount: number }>>({});
  const started = Object.entries(quizzes).filter(
    ([, entry]) => entry.attempts > 0 || Object.keys(entry.firstTries).length > 0,
  );
  const startedIds = started.map(([id]) => id).join(',');

  useEffect(() => {
    let live = true;
    const ids = startedIds ? startedIds.split(',') : [];
    void Promise.all(ids.map(async (id) => [id, await loadQuiz(id, modules)] as const)).then((loaded) => {
      if (!live) return;
      const next: Record<string, { lesson: string; questionCount: number }> = {};
      for (const [id, result] of loaded) {
        if (result.ok) next[id] = { lesson: result.quiz.lesson, questionCount: result.quiz.questions.length };
      }
      setMeta(next);
    });
    return () => {
      live = false;
    };
  }, [startedIds, modules]);

  // Course order, so the list reads like the sidebar.
  const order = (id: string) => {
    const index = lessons.findIndex((l) => l.slug === meta[id]?.lesson);
    return index < 0 ? lessons.length : index;
  };
  const items = started
    .filter(([id]) => meta[id])
    .sort(([a], [b]) => order(a) - order(b))
    .map(([id, entry]) => quizScoreItem(id, entry, meta[id]));

  return (
    <section className="progress-section" aria-labelledby="progress-scores">
      <h2 id="progress-scores">Scores</h2>
      <p className="hint">Scores count first answers; a second try after a hint is practice.</p>
      <ScoreTable
        caption="Knowledge checks"
        items={items}
        empty="No knowledge check answered yet. Each lesson ends with one."
      />
      <ScoreTable
        caption="Labs"
        items={labScores}
        empty="No lab started yet. Labs are listed under Labs in the site navigation."
      />
    </section>
  );
}
