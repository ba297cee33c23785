/**
 * The course index for the shell: outline order plus each lesson's summary (title, section, minutes,
 * description). Objectives, sources and headings are not here on purpose: they arrive with the lesson's
 * own lazy chunk, which keeps the first load of every page small.
 */
import { outline, lessons, type CourseLessonSummary } from 'virtual:course/summary';
import { sectionsWithLessons, lessonNeighbours, findLesson } from './navigation';

export { outline, lessons };
export type { CourseLessonSummary };

export const courseSections = sectionsWithLessons(outline, lessons);

export function getLesson(slug: string | undefined): CourseLessonSummary | undefined {
  return findLesson(lessons, slug);
}

export function getNeighbours(slug: string) {
  return lessonNeighbours(lessons, slug);
}

export function sectionTitle(id: string): string {
  return outline.sections.find((s) => s.id === id)?.title ?? '';
}

export const SITE_NAME = 'Coldstart';

export function pageTitle(title: string): string {
  return `${title} · ${SITE_NAME}`;
}
