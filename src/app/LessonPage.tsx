import { Suspense, useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { getLesson, getNeighbours, pageTitle, sectionTitle, type CourseLesson } from '../course/course';
import { lazyLesson, preloadLesson } from '../course/lessonModules';
import { useProgressStore } from '../features/progress/progress.store';
import { WidgetBoundary } from '../mdx/WidgetBoundary';
import { NotFoundPage } from './NotFoundPage';
import { TocInline, TocRail } from './TableOfContents';
import { useActiveHeading } from './useActiveHeading';
import { useDocumentTitle } from './useDocumentTitle';
import { formatMinutes } from './format';
import { CheckIcon } from '../ui/icons';

export function LessonPage() {
  const { slug } = useParams();
  const lesson = getLesson(slug);
  const Body = lesson ? lazyLesson(lesson.slug) : undefined;
  if (!lesson || !Body) return <NotFoundPage />;
  return <LessonView key={lesson.slug} lesson={lesson} Body={Body} />;
}

function prefersReducedMotion(): boolean {
  return (
    document.documentElement.dataset.reducedMotion === 'true' ||
    window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}

function LessonView({ lesson, Body }: { lesson: CourseLesson; Body: NonNullable<ReturnType<typeof lazyLesson>> }) {
  useDocumentTitle(pageTitle(lesson.title));
  const location = useLocation();
  const [bodyReady, setBodyReady] = useState(false);
  const onBodyMounted = useCallback(() => setBodyReady(true), []);
  const markVisited = useProgressStore((s) => s.markVisited);
  const markCompleted = useProgressStore((s) => s.markCompleted);
  const completedAt = useProgressStore((s) => s.completed[lesson.slug]);
  const { previous, next } = getNeighbours(lesson.slug);
  const headingId = decodeURIComponent(location.hash.replace(/^#/, ''));
  const activeId = useActiveHeading(lesson.headings, bodyReady);

  useEffect(() => {
    markVisited(lesson.slug, headingId || null);
    // Only the lesson and the section the learner jumped to count as a position.
  }, [lesson.slug, headingId, markVisited]);

  // `#/lessons/<slug>#<id>`: once the body is in the DOM, bring the heading into view and move focus there.
  useLayoutEffect(() => {
    if (!bodyReady || !headingId) return;
    const target = document.getElementById(headingId);
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    target.scrollIntoView({ behavior: prefersReducedMotion() ? 'auto' : 'smooth', block: 'start' });
  }, [bodyReady, headingId, location.key]);

  return (
    <div className="lesson-layout">
      <article aria-labelledby="lesson-title">
        <header>
          <p className="lesson-meta">
            <span>{sectionTitle(lesson.section)}</span>
            <span>{formatMinutes(lesson.minutes)}</span>
            {completedAt ? (
              <span className="lesson-done">
                <CheckIcon /> Completed
              </span>
            ) : null}
          </p>
          <h1 id="lesson-title">{lesson.title}</h1>
          <p className="lead">{lesson.description}</p>
          <section className="objectives" aria-labelledby="lesson-objectives">
            <h2 id="lesson-objectives">You will learn</h2>
            <ul>
              {lesson.objectives.map((o) => (
                <li key={o}>{o}</li>
              ))}
            </ul>
          </section>
        </header>
        <TocInline slug={lesson.slug} headings={lesson.headings} activeId={activeId} />
        <div className="prose">
          <WidgetBoundary label="lesson">
            <Suspense
              fallback={
                <div className="lesson-body-placeholder" aria-busy="true">
                  Loading the lesson…
                </div>
              }
            >
              <Body />
              <BodyMounted onMount={onBodyMounted} />
            </Suspense>
          </WidgetBoundary>
        </div>
        <footer className="lesson-footer">
          <section className="sources" aria-labelledby="lesson-sources">
            <h2 id="lesson-sources">Sources</h2>
            <ul>
              {lesson.sources.map((s) => (
                <li key={s.url}>
                  <a href={s.url} rel="noreferrer">
                    {s.title}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <div className="complete-row">
            <button
              type="button"
              className="button secondary"
              aria-pressed={Boolean(completedAt)}
              onClick={() => markCompleted(lesson.slug, !completedAt)}
            >
              <span className={`mark${completedAt ? ' done' : ''}`} aria-hidden="true">
                {completedAt ? <CheckIcon /> : null}
              </span>
              Mark as complete
            </button>
          </div>
          <nav className="pager" aria-label="Previous and next lesson">
            {previous ? (
              <Link className="previous" to={`/lessons/${previous.slug}`} rel="prev">
                <small>Previous</small>
                {previous.title}
              </Link>
            ) : null}
            {next ? (
              <Link
                className="next"
                to={`/lessons/${next.slug}`}
                rel="next"
                // Fetch the next lesson's chunk when the learner heads for the link, not on page load.
                onPointerEnter={() => preloadLesson(next.slug)}
                onFocus={() => preloadLesson(next.slug)}
              >
                <small>Next</small>
                {next.title}
              </Link>
            ) : (
              <Link className="next" to="/progress">
                <small>Next</small>
                Review your progress
              </Link>
            )}
          </nav>
        </footer>
      </article>
      <TocRail slug={lesson.slug} headings={lesson.headings} activeId={activeId} />
    </div>
  );
}

/** Mounts only when the whole lazy body has rendered (it shares the Suspense boundary). */
function BodyMounted({ onMount }: { onMount: () => void }) {
  useEffect(onMount, [onMount]);
  return null;
}
