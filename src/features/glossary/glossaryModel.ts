/** Pure helpers for the glossary page: grouping by first letter, and naming a term's lesson link. */
import type { GlossaryTerm } from '../../course/glossarySchema';

export interface LetterGroup {
  letter: string;
  /** Anchor of the letter's heading: `letter-a`. Term ids are kebab-case words, so they never collide. */
  id: string;
  terms: GlossaryTerm[];
}

/** Terms sorted by name (case- and accent-insensitive), grouped under their first letter; `/tmp` goes under T. */
export function groupByLetter(terms: readonly GlossaryTerm[]): LetterGroup[] {
  const collator = new Intl.Collator('en', { sensitivity: 'base' });
  const sorted = [...terms].sort((a, b) => collator.compare(sortKey(a.term), sortKey(b.term)));
  const groups: LetterGroup[] = [];
  for (const term of sorted) {
    const letter = sortKey(term.term).charAt(0).toUpperCase() || '#';
    let group = groups[groups.length - 1];
    if (!group || group.letter !== letter) {
      group = { letter, id: `letter-${letter.toLowerCase()}`, terms: [] };
      groups.push(group);
    }
    group.terms.push(term);
  }
  return groups;
}

function sortKey(term: string): string {
  return term.replace(/^[^\p{L}\p{N}]+/u, '');
}

export interface LessonHeadingIndex {
  lessons: { slug: string; title: string; headings: { id: string; text: string }[] }[];
}

/** "Execution model and lifecycle: Init" for `/lessons/execution-model#init`; null when the lesson is gone. */
export function describeLessonLink(href: string, course: LessonHeadingIndex): string | null {
  const match = /^\/lessons\/([^#]+)(?:#(.+))?$/.exec(href);
  if (!match) return null;
  const lesson = course.lessons.find((candidate) => candidate.slug === match[1]);
  if (!lesson) return null;
  const heading = match[2] ? lesson.headings.find((candidate) => candidate.id === match[2]) : undefined;
  return heading ? `${lesson.title}: ${heading.text}` : lesson.title;
}
