import { Suspense, useCallback, useEffect, useLayoutEffect, useState } from 'react';
import { Link, useLocation, useNavigationType, useParams } from './router';
import type { CourseHeading } from 'virtual:course';
import {
  getLesson,
  getNeighbours,
  pageTitle,
  sectionTitle,
  type CourseLessonSummary,
} from '../course/course';
import { lazyLesson, preloadLesson, type LessonContent } from '../course/lessonModules';
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
  const Content = lesson ? lazyLesson(lesson.slug) : undefined;
  if (!lesson || !Content) return <NotFoundPage />;
  return <LessonView key={lesson.slug} lesson={lesson} Content={Content} />;
}

// On the very first page load the shell (header, title, summary) paints before the lesson body is
// requested, so a slow network never holds back the first paint. Later navigations start at once.
let shellPainted = false;

function useAfterFirstPaint(): boolean {
  const [ready, setReady] = useState(shellPainted);
  useEffect(() => {
    if (ready) return;
    const t = setTimeout(() => {
      shellPainted = true;
      setReady(true);
    }, 0);
    return () => clearTimeout(t);
  }, [ready]);
  return ready;
}

function prefersReducedMotion(): boolean {
  return (
    document.documentElement.dataset.reducedMotion === 'true' ||
    window.matchMedia('(prefers-reduced-motion: reduce)').matches
  );
}

/** The h2/h3 ids rehype-slug gave the rendered body: the table of contents is built from the real DOM. */
function readHeadings(): CourseHeading[] {
  const nodes = document.querySelectorAll<HTMLHeadingElement>('.prose h2[id], .prose h3[id]');
  return [...nodes].map((h) => ({ depth: h.tagName === 'H2' ? 2 : 3, id: h.id, text: h.textContent ?? '' }));
}

function LessonView({ lesson, Content }: { lesson: CourseLessonSummary; Content: LessonContent }) {
  useDocumentTitle(pageTitle(lesson.title));
  const location = useLocation();
  const navigationType = useNavigationType();
  const [headings, setHeadings] = useState<CourseHeading[] | null>(null);
  const onBodyMounted = useCallback(() => setHeadings(readHeadings()), []);
  const bodyReady = headings !== null;
  const markVisited = useProgressStore((s) => s.markVisited);
  const markCompleted = useProgressStore((s) => s.markCompleted);
  const completedAt = useProgressStore((s) => s.completed[lesson.slug]);
  const { previous, next } = getNeighbours(lesson.slug);
  const headingId = decodeURIComponent(location.hash.replace(/^#/, ''));
  const activeId = useActiveHeading(headings ?? [], bodyReady);
  const mayLoadBody = useAfterFirstPaint();

  useEffect(() => {
    // The lesson and the section the learner jumped to are the "last position".
    markVisited(lesson.slug, headingId || null);
  }, [lesson.slug, headingId, markVisited]);

  // `#/lessons/<slug>#<id>`: once the body is in the DOM, bring the heading into view and move focus there.
  useLayoutEffect(() => {
    if (!bodyReady || !headingId) return;
    const target = document.getElementById(headingId);
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: true });
    // Glide only for an in-page click; an opened or reloaded URL lands on the heading at once.
    const smooth = navigationType === 'PUSH' && !prefersReducedMotion();
    target.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });

    // Widgets and diagrams above the heading may still grow as their chunks arrive: keep the heading
    // in place for a few seconds, until the learner scrolls on their own.
    const prose = target.closest('.prose');
    if (!prose || typeof ResizeObserver === 'undefined') return;
    let initial = true; // observe() reports the current size once; only later growth matters
    const observer = new ResizeObserver(() => {
      if (!initial) target.scrollIntoView({ block: 'start' });
      initial = false;
    });
    const stop = () => observer.disconnect();
    const userEvents = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
    const timer = setTimeout(stop, 3000);
    observer.observe(prose);
    userEvents.forEach((e) => window.addEventListener(e, stop, { once: true, passive: true }));
    return () => {
      stop();
      clearTimeout(timer);
      userEvents.forEach((e) => window.removeEventListener(e, stop));
    };
  }, [bodyReady, headingId, location.key, navigationType]);

  const toc = { slug: lesson.slug, headings: headings ?? [], activeId };
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
        </header>
        <WidgetBoundary label="lesson">
          <Suspense fallback={bodyPlaceholder}>
            {mayLoadBody ? null : bodyPlaceholder}
            {mayLoadBody ? (
              <Content
                render={({ frontmatter, body }) => (
                  <>
                    <section className="objectives" aria-labelledby="lesson-objectives">
                      <h2 id="lesson-objectives">You will learn</h2>
                      <ul>
                        {frontmatter.objectives.map((o) => (
                          <li key={o}>{o}</li>
                        ))}
                      </ul>
                    </section>
                    <TocInline {...toc} />
                    <div className="prose">{body}</div>
                    <BodyMounted onMount={onBodyMounted} />
                    <section className="sources lesson-footer" aria-labelledby="lesson-sources">
                      <h2 id="lesson-sources">Sources</h2>
                      <ul>
                        {frontmatter.sources.map((s) => (
                          <li key={s.url}>
                            <a href={s.url} rel="noreferrer">
                              {s.title}
                            </a>
                          </li>
                        ))}
                      </ul>
                    </section>
                  </>
                )}
              />
            ) : null}
          </Suspense>
        </WidgetBoundary>
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
      </article>
      <TocRail {...toc} />
    </div>
  );
}

// Reserves a full screen below the title so nothing visible moves when the body arrives.
const bodyPlaceholder = (
  <div className="lesson-body-placeholder" aria-busy="true">
    Loading the lesson…
  </div>
);

/** Mounts only when the whole lazy body has rendered (it shares the Suspense boundary). */
function BodyMounted({ onMount }: { onMount: () => void }) {
  useEffect(onMount, [onMount]);
  return null;
}
