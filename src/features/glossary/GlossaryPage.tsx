/**
 * `#/glossary`: the Lambda terms the course uses (content/glossary.json), by letter, each with where the
 * course explains it, related terms and an AWS source. `#/glossary#<term-id>` scrolls to a term and focuses
 * it, as lesson links to headings do. A lazy chunk: it holds the glossary and the course's headings.
 */
import { useLayoutEffect, useMemo } from 'react';
import { terms } from 'virtual:course/glossary';
import { lessons } from 'virtual:course';
import { Link, useLocation, useNavigationType } from '../../app/router';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { pageTitle } from '../../course/course';
import { InlineText } from '../quiz/InlineText';
import { describeLessonLink, groupByLetter } from './glossaryModel';
import './glossary.css';

function prefersReducedMotion(): boolean {
  return (
    document.documentElement.dataset.reducedMotion === 'true' ||
    window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}

export default function GlossaryPage() {
  useDocumentTitle(pageTitle('Glossary'));
  const groups = useMemo(() => groupByLetter(terms), []);
  const termById = useMemo(() => new Map(terms.map((term) => [term.id, term])), []);
  const location = useLocation();
  const navigationType = useNavigationType();
  const targetId = decodeURIComponent(location.hash.replace(/^#/, ''));

  useLayoutEffect(() => {
    if (!targetId) return;
    const target = document.getElementById(targetId);
    if (!target) return;
    target.focus({ preventScroll: true });
    const smooth = navigationType === 'PUSH' && !prefersReducedMotion();
    target.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
  }, [targetId, location.key, navigationType]);

  return (
    <div className="page glossary">
      <h1>Glossary</h1>
      <p className="lead">
        The Lambda terms this course uses, in a sentence or three each, with the lesson that explains them.
      </p>
      <nav aria-label="Glossary letters" className="glossary__letters">
        <ul>
          {groups.map((group) => (
            <li key={group.id}>
              <Link to={{ hash: group.id }}>{group.letter}</Link>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={group.id} className="glossary__group">
          <h2 id={group.id} tabIndex={-1}>
            {group.letter}
          </h2>
          {group.terms.map((term) => {
            const lessonName = describeLessonLink(term.lesson, { lessons });
            const related = (term.see ?? []).map((id) => termById.get(id)).filter((t) => t !== undefined);
            return (
              <article
                key={term.id}
                className="glossary__term"
                aria-labelledby={term.id}
                data-target={term.id === targetId ? 'true' : undefined}
              >
                <h3 id={term.id} tabIndex={-1}>
                  {term.term}
                </h3>
                <p>
                  <InlineText text={term.definition} />
                </p>
                {term.aliases?.length ? (
                  <p className="glossary__meta">
                    Also called: <InlineText text={term.aliases.join(', ')} />
                  </p>
                ) : null}
                <ul className="glossary__links">
                  {lessonName ? (
                    <li>
                      Learn it in <Link to={term.lesson}>{lessonName}</Link>
                    </li>
                  ) : null}
                  {related.length ? (
                    <li>
                      Related:{' '}
                      {related.map((other, index) => (
                        <span key={other.id}>
                          {index > 0 ? ', ' : null}
                          <Link to={{ hash: other.id }}>{other.term}</Link>
                        </span>
                      ))}
                    </li>
                  ) : null}
                  <li>
                    Source:{' '}
                    <a href={term.source.url} rel="noreferrer">
                      {term.source.title}
                    </a>
                  </li>
                </ul>
              </article>
            );
          })}
        </section>
      ))}
    </div>
  );
}
