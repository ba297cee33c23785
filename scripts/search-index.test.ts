import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import matter from 'gray-matter';
import { buildCourseIndex, extractHeadings } from './course-index.ts';
import { buildSearchDocuments, buildSearchIndex, excerptOf, extractSections } from './search-index.ts';
import { loadGlossary } from './content-plugin.ts';
import { createCourseSearch } from '../src/features/search/searchIndex.ts';
import { indexTokens } from '../src/features/search/searchOptions.ts';

const root = path.resolve(import.meta.dirname, '..');
const contentDir = path.join(root, 'content');

describe('extractSections', () => {
  it('splits at h2/h3, keeps prose and code apart and skips imports, expressions and frontmatter', () => {
    const sections = extractSections(
      [
        'Intro with `inlineCode`.',
        '',
        '## First *part*',
        '',
        'Some prose.',
        '',
        '```js title="a.js"',
        'const secretIdentifier = 1;',
        '```',
        '',
        '#### A small heading',
        '',
        '<Callout type="note" title="Careful">Inside a callout.</Callout>',
        '',
        '### Second',
        '',
        '{1 + 1}',
      ].join('\n'),
    );
    expect(sections.map((s) => s.heading?.id ?? null)).toEqual([null, 'first-part', 'second']);
    expect(sections[0]!.text).toBe('Intro with inlineCode .');
    expect(sections[1]!.text).toContain('Some prose.');
    expect(sections[1]!.text).toContain('A small heading');
    expect(sections[1]!.text).toContain('Careful');
    expect(sections[1]!.text).toContain('Inside a callout.');
    expect(sections[1]!.text).not.toContain('secretIdentifier');
    expect(sections[1]!.code).toBe('const secretIdentifier = 1;');
    expect(sections[2]!.text).toBe('');
  });

  it('gives every lesson heading the id the lesson page renders (same as extractHeadings)', () => {
    for (const lesson of buildCourseIndex(contentDir).lessons) {
      const { content } = matter(fs.readFileSync(lesson.file, 'utf8'));
      const fromSections = extractSections(content)
        .map((section) => section.heading?.id)
        .filter(Boolean);
      expect(fromSections, lesson.slug).toEqual(extractHeadings(content).map((heading) => heading.id));
    }
  }, 30_000); // parses every lesson's MDX
});

describe('excerptOf', () => {
  it('takes the first sentence, or cuts long text at a word', () => {
    expect(excerptOf('One sentence. Another one.')).toBe('One sentence.');
    const long = excerptOf('word '.repeat(80));
    expect(long.length).toBeLessThanOrEqual(161);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('indexTokens', () => {
  it('indexes identifiers whole and by their parts', () => {
    expect(indexTokens('context.getRemainingTimeInMillis()')).toEqual(
      expect.arrayContaining(['getRemainingTimeInMillis', 'get', 'Remaining', 'Time', 'In', 'Millis']),
    );
    expect(indexTokens('aws_request_id')).toEqual(
      expect.arrayContaining(['awsrequestid', 'aws', 'request', 'id']),
    );
    expect(indexTokens('/tmp and $LATEST')).toEqual(expect.arrayContaining(['tmp', '$LATEST']));
  });
});

describe('the course search index', () => {
  const course = buildCourseIndex(contentDir);
  const documents = buildSearchDocuments({ lessons: course.lessons, glossary: loadGlossary(contentDir) });
  const search = createCourseSearch(buildSearchIndex(documents));

  it('holds every lesson, every h2/h3 and every glossary term, each linking where it lives', () => {
    const headings = course.lessons.flatMap((l) => l.headings.map((h) => `/lessons/${l.slug}#${h.id}`));
    const hrefs = new Set(documents.map((d) => d.href));
    for (const href of headings) expect(hrefs.has(href), href).toBe(true);
    for (const lesson of course.lessons) expect(hrefs.has(`/lessons/${lesson.slug}`)).toBe(true);
    for (const term of loadGlossary(contentDir).terms) expect(hrefs.has(`/glossary#${term.id}`)).toBe(true);
    expect(new Set(documents.map((d) => d.id)).size).toBe(documents.length);
  });

  it('finds an identifier that appears only inside a code block, and says so', () => {
    // Any identifier the lessons use in code but never in prose: the index must find it through the code.
    const prose = documents.map((d) => `${d.title} ${d.text}`.toLowerCase()).join(' ');
    const candidates = documents.flatMap((d) =>
      (d.code.match(/\b[a-z][a-z0-9]*[A-Z][A-Za-z0-9]{6,}\b/g) ?? [])
        .filter((name) => !prose.includes(name.toLowerCase()))
        .map((name) => ({ name, href: d.href })),
    );
    expect(candidates.length).toBeGreaterThan(0);
    for (const { name, href } of candidates.slice(0, 10)) {
      const hit = search.search(name, 50).find((r) => r.href === href);
      expect(hit, `${name} in ${href}`).toBeDefined();
      expect(hit!.inCode, name).toBe(true);
    }
  });

  it('finds a heading by its words, the heading first, linking to its id', () => {
    const [first] = search.search('visibility timeout');
    expect(first).toBeDefined();
    const top = search.search('keep-warm pings');
    expect(top[0]!.href).toBe('/lessons/cold-starts#keep-warm-pings-are-not-a-fix');
    expect(top[0]!.kind).toBe('heading');
  });

  it('matches while the learner is still typing, and forgives a typo in a long word', () => {
    expect(search.search('snapst').some((r) => r.title === 'SnapStart')).toBe(true);
    expect(search.search('provisoned').some((r) => /Provisioned concurrency/.test(r.title))).toBe(true);
    expect(search.search('   ')).toEqual([]);
  });
});
