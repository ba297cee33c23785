/** Turns a quiz review link into a router target and a readable section name. */
import { lessons } from 'virtual:course';
import { parseReviewLink } from './quizSpec';

interface LessonHeadings {
  slug: string;
  title: string;
  headings: { id: string; text: string }[];
}

export interface ReviewTarget {
  /** Router path, e.g. `/lessons/execution-model#frozen` (HashRouter renders `#/lessons/…#frozen`). */
  to: string;
  /** The heading text, or a readable fallback when the index does not know the heading. */
  label: string;
}

// Only slug, title and headings are read; the cast keeps this file independent of the full lesson type.
const courseLessons = lessons as unknown as readonly LessonHeadings[];

export function reviewTarget(link: string, index: readonly LessonHeadings[] = courseLessons): ReviewTarget {
  const parsed = parseReviewLink(link);
  if (!parsed) return { to: link, label: link };
  const lesson = index.find((l) => l.slug === parsed.slug);
  const heading = lesson?.headings.find((h) => h.id === parsed.headingId);
  const label = heading?.text ?? humanize(parsed.headingId);
  return { to: link, label };
}

const ACRONYMS = new Set([
  'vpc',
  'api',
  'iam',
  'sqs',
  'sns',
  'dlq',
  'ecs',
  'ec2',
  'eni',
  'alb',
  'aws',
  'cpu',
  's3',
  'url',
  'nat',
  'az',
]);

/** `cold-start-factors` → `Cold start factors`; topics already written as words are left alone. */
export function humanize(id: string): string {
  if (!/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/.test(id)) return id;
  const words = id.split(/[-_]/).map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
