import { describe, expect, it } from 'vitest';
import type { GlossaryTerm } from '../../course/glossarySchema';
import { describeLessonLink, groupByLetter } from './glossaryModel';

const term = (id: string, name: string): GlossaryTerm => ({
  id,
  term: name,
  definition: 'A definition long enough.',
  lesson: '/lessons/a',
  source: { title: 'Docs', url: 'https://docs.aws.amazon.com/lambda/' },
});

describe('groupByLetter', () => {
  it('sorts case-insensitively and ignores leading punctuation such as /tmp', () => {
    const groups = groupByLetter([
      term('w', 'warm start'),
      term('t', '/tmp'),
      term('c', 'Cold start'),
      term('a', 'Async'),
    ]);
    expect(groups.map((g) => [g.letter, g.terms.map((t) => t.id)])).toEqual([
      ['A', ['a']],
      ['C', ['c']],
      ['T', ['t']],
      ['W', ['w']],
    ]);
    expect(groups[0]!.id).toBe('letter-a');
  });
});

describe('describeLessonLink', () => {
  const course = {
    lessons: [
      { slug: 'cold-starts', title: 'Cold starts', headings: [{ id: 'snapstart', text: 'SnapStart' }] },
    ],
  };
  it('names the lesson and the heading', () => {
    expect(describeLessonLink('/lessons/cold-starts#snapstart', course)).toBe('Cold starts: SnapStart');
    expect(describeLessonLink('/lessons/cold-starts', course)).toBe('Cold starts');
    expect(describeLessonLink('/lessons/cold-starts#gone', course)).toBe('Cold starts');
    expect(describeLessonLink('/lessons/missing', course)).toBeNull();
  });
});
