/**
 * #/labs: every lab with what it takes, what it teaches and how far the learner got.
 */
import { useEffect } from 'react';
import { Link } from '../../app/router';
import { pageTitle } from '../../course/course';
import { labs } from '../../course/labs';
import { useLabStore } from './lab.store';
import './lab.css';

export default function LabIndexPage() {
  useEffect(() => {
    document.title = pageTitle('Labs');
  }, []);
  const saved = useLabStore((s) => s.labs);
  return (
    <div className="page lab-index">
      <h1>Labs</h1>
      <p>
        Build a real service step by step. Every task is checked on this page by running your function against
        a simulated AWS account: checks send their own inputs, so they test what your code does, not how it
        looks. Hints come in tiers, and a solution is always one click away — with your own code kept beside
        it.
      </p>
      {labs.length === 0 ? (
        <p>No labs are installed in this copy of the course.</p>
      ) : (
        <ul className="lab-index__list">
          {labs.map(({ id, meta }) => {
            const progress = saved[id];
            const done = progress ? Object.values(progress.steps).filter((s) => s.completedAt).length : 0;
            return (
              <li key={id} className="lab-index__card">
                <h2>
                  <Link to={`/labs/${id}`}>{meta.title}</Link>
                </h2>
                <p>{meta.description}</p>
                <p className="lab-muted">
                  About {meta.minutes} minutes · {meta.runtimes.join(', ')}
                  {progress ? ` · ${done} step${done === 1 ? '' : 's'} complete` : ''}
                </p>
                <ul>
                  {meta.objectives.map((o) => (
                    <li key={o}>{o}</li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
