import { describe, expect, it } from 'vitest';
import type { Outline } from './outlineSchema';
import {
  completedCount,
  lessonNeighbours,
  parseInternalHref,
  remainingMinutes,
  resumeLesson,
  sectionsWithLessons,
  totalMinutes,
} from './navigation';

const outline: Outline = {
  title: 'Course',
  description: 'About',
  sections: [
    { id: 'start', title: 'Start', lessons: ['a', 'b'] },
    { id: 'deep', title: 'Deep', lessons: ['c'] },
  ],
};
const lessons = [
  { slug: 'a', title: 'A', section: 'start', minutes: 5 },
  { slug: 'b', title: 'B', section: 'start', minutes: 10 },
  { slug: 'c', title: 'C', section: 'deep', minutes: 20 },
];

describe('sectionsWithLessons', () => {
  it('groups lessons by section in outline order', () => {
    const sections = sectionsWithLessons(outline, lessons);
    expect(sections.map((s) => [s.id, s.lessons.map((l) => l.slug)])).toEqual([
      ['start', ['a', 'b']],
      ['deep', ['c']],
    ]);
  });

  it('follows the outline order, not the order of the lesson list', () => {
    const reordered: Outline = { ...outline, sections: [{ id: 'start', title: 'S', lessons: ['c', 'a'] }] };
    expect(sectionsWithLessons(reordered, lessons)[0]!.lessons.map((l) => l.slug)).toEqual(['c', 'a']);
  });
});

describe('lessonNeighbours', () => {
  it('crosses section boundaries', () => {
    const { previous, next } = lessonNeighbours(lessons, 'b');
    expect(previous?.slug).toBe('a');
    expect(next?.slug).toBe('c');
  });

  it('has no previous for the first lesson and no next for the last', () => {
    expect(lessonNeighbours(lessons, 'a').previous).toBeUndefined();
    expect(lessonNeighbours(lessons, 'c').next).toBeUndefined();
  });

  it('returns nothing for an unknown slug', () => {
    expect(lessonNeighbours(lessons, 'zzz')).toEqual({ previous: undefined, next: undefined });
  });
});

describe('minutes and counts', () => {
  it('sums the estimate of every listed lesson', () => {
    expect(totalMinutes(lessons)).toBe(35);
  });

  it('subtracts completed lessons from the remaining time', () => {
    expect(remainingMinutes(lessons, {})).toBe(35);
    expect(remainingMinutes(lessons, { b: '2026-01-01T00:00:00.000Z' })).toBe(25);
    expect(remainingMinutes(lessons, { a: 'x', b: 'x', c: 'x' })).toBe(0);
  });

  it('ignores completions of lessons the outline no longer lists', () => {
    expect(remainingMinutes(lessons, { hidden: 'x' })).toBe(35);
    expect(completedCount(lessons, { hidden: 'x', c: 'x' })).toBe(1);
  });
});

describe('resumeLesson', () => {
  it('offers nothing before the first visit', () => {
    expect(resumeLesson(lessons, null, {})).toBeUndefined();
  });

  it('returns the last lesson visited', () => {
    expect(resumeLesson(lessons, 'c', {})?.slug).toBe('c');
  });

  it('falls back to the first unfinished lesson when the last one was hidden', () => {
    expect(resumeLesson(lessons, 'removed', { a: 'x' })?.slug).toBe('b');
  });
});

describe('parseInternalHref', () => {
  it('splits a lesson link into path and heading', () => {
    expect(parseInternalHref('/lessons/cold-starts#init-phase')).toEqual({
      pathname: '/lessons/cold-starts',
      hash: '#init-phase',
    });
    expect(parseInternalHref('/progress')).toEqual({ pathname: '/progress', hash: '' });
  });

  it('leaves external, protocol-relative and in-page links alone', () => {
    expect(parseInternalHref('https://docs.aws.amazon.com/lambda/')).toBeNull();
    expect(parseInternalHref('//cdn.example.com/x.js')).toBeNull();
    expect(parseInternalHref('#heading')).toBeNull();
  });
});
