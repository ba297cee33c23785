/**
 * Pure helpers over the course index (outline order is the course order). They take the data as
 * arguments so tests can pass small fixtures; `course.ts` binds them to `virtual:course`.
 */
import type { Outline } from './outlineSchema';

export interface LessonRef {
  slug: string;
  title: string;
  section: string;
  minutes: number;
}

export interface SectionWithLessons<L extends LessonRef> {
  id: string;
  title: string;
  lessons: L[];
}

/** Lessons grouped by outline section, in outline order. Slugs the index lacks are skipped. */
export function sectionsWithLessons<L extends LessonRef>(
  outline: Outline,
  lessons: L[],
): SectionWithLessons<L>[] {
  const bySlug = new Map(lessons.map((l) => [l.slug, l]));
  return outline.sections.map((s) => ({
    id: s.id,
    title: s.title,
    lessons: s.lessons.map((slug) => bySlug.get(slug)).filter((l): l is L => l !== undefined),
  }));
}

export function findLesson<L extends LessonRef>(lessons: L[], slug: string | undefined): L | undefined {
  return slug === undefined ? undefined : lessons.find((l) => l.slug === slug);
}

/** The lessons before and after `slug` in course order (across section boundaries). */
export function lessonNeighbours<L extends LessonRef>(
  lessons: L[],
  slug: string,
): { previous: L | undefined; next: L | undefined } {
  const i = lessons.findIndex((l) => l.slug === slug);
  if (i < 0) return { previous: undefined, next: undefined };
  return { previous: lessons[i - 1], next: lessons[i + 1] };
}

export function totalMinutes(lessons: LessonRef[]): number {
  return lessons.reduce((sum, l) => sum + l.minutes, 0);
}

/** Estimated minutes of the lessons not yet completed. Completions of hidden lessons do not count. */
export function remainingMinutes(lessons: LessonRef[], completed: Record<string, unknown>): number {
  return lessons.reduce((sum, l) => (completed[l.slug] ? sum : sum + l.minutes), 0);
}

export function completedCount(lessons: LessonRef[], completed: Record<string, unknown>): number {
  return lessons.filter((l) => completed[l.slug]).length;
}

/**
 * Where "continue" should go: the last lesson visited if it is still in the outline; otherwise the
 * first lesson not completed. Undefined when nothing was visited yet (the home page says "Start").
 */
export function resumeLesson<L extends LessonRef>(
  lessons: L[],
  lastLesson: string | null,
  completed: Record<string, unknown>,
): L | undefined {
  const last = findLesson(lessons, lastLesson ?? undefined);
  if (last) return last;
  if (lastLesson === null) return undefined;
  return lessons.find((l) => !completed[l.slug]) ?? lessons[0];
}

/**
 * Splits an in-course link as written in lessons and quizzes (`/lessons/<slug>#<id>`, `/`, `/progress`)
 * into a router path and hash. Returns null for anything that is not an in-course link.
 */
export function parseInternalHref(href: string): { pathname: string; hash: string } | null {
  if (!href.startsWith('/') || href.startsWith('//')) return null;
  const hashAt = href.indexOf('#');
  const pathname = hashAt < 0 ? href : href.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : href.slice(hashAt);
  return { pathname: pathname || '/', hash };
}
