/** The course index from content/, bound to the navigation helpers. Safe for the main chunk (data only). */
import { outline, lessons, type CourseLesson } from 'virtual:course';
import { sectionsWithLessons, lessonNeighbours, findLesson } from './navigation';

export { outline, lessons };
export type { CourseLesson };

export const courseSections = sectionsWithLessons(outline, lessons);

export function getLesson(slug: string | undefined): CourseLesson | undefined {
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
