/**
 * <KnowledgeCheck id> and <Quiz id> in lessons: loads content/quizzes/<id>.json and renders it.
 * Graded quizzes (`graded: true`) add a score with a per-topic breakdown and a retake.
 */
import { useEffect, useState } from 'react';
import { loadQuiz, type LoadedQuiz, type QuizModules } from './loadQuiz';
import { QuizView } from './QuizView';
import './quiz.css';

export interface KnowledgeCheckProps {
  id?: string;
  /** Tests pass their own modules (fixtures); lessons use content/quizzes/. */
  modules?: QuizModules;
}

export default function KnowledgeCheck({ id, modules }: KnowledgeCheckProps) {
  const [loaded, setLoaded] = useState<{ id: string; result: LoadedQuiz } | null>(null);

  useEffect(() => {
    if (!id) return;
    let live = true;
    void loadQuiz(id, modules).then((result) => live && setLoaded({ id, result }));
    return () => {
      live = false;
    };
  }, [id, modules]);

  if (!id)
    return <QuizError reason='This knowledge check has no quiz id (write <KnowledgeCheck id="…" />).' />;
  if (!loaded || loaded.id !== id) {
    return (
      <section className="quiz quiz-loading" aria-busy="true">
        <p>Loading questions…</p>
      </section>
    );
  }
  if (!loaded.result.ok) return <QuizError reason={loaded.result.reason} problems={loaded.result.problems} />;
  return <QuizView quiz={loaded.result.quiz} />;
}

function QuizError({ reason, problems = [] }: { reason: string; problems?: string[] }) {
  return (
    <div className="quiz-error" role="alert">
      <p className="quiz-error-title">
        <span aria-hidden="true">⚠ </span>
        <strong>This quiz could not be shown.</strong>
      </p>
      <p>{reason}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((p) => (
            <li key={p}>
              <code>{p}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
