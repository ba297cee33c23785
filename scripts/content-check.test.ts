import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkContent } from './content-check.ts';

const repoQuizSpec = path.resolve(import.meta.dirname, '../src/features/quiz/quizSpec.ts');
// The app's own preset modules: the check reads the ids from where the widgets define them.
const repoPresets = {
  Sandbox: path.resolve(import.meta.dirname, '../src/features/playground/presets.ts'),
  PoolBench: path.resolve(import.meta.dirname, '../src/features/pool/presets.ts'),
};
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function frontmatter(slug: string, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    title: `Lesson ${slug}`,
    slug,
    section: 'start',
    order: '1',
    minutes: '5',
    description: 'A lesson.',
    objectives: '\n  - Learn a thing',
    sources: '\n  - title: Docs\n    url: https://docs.aws.amazon.com/lambda/',
    ...extra,
  };
  return `---\n${Object.entries(fields)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n`;
}

const goodQuiz = (id: string, review: string) => ({
  id,
  lesson: id,
  title: 'Check your understanding',
  graded: false,
  questions: [
    {
      id: 'q1',
      type: 'single',
      topic: 'basics',
      prompt: 'Pick one',
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
      answer: 'a',
      explanation: 'Because.',
      hint: 'Think about it.',
      review,
    },
  ],
});

/** A small valid course: two lessons, their quizzes, one diagram. Override files to break it. */
function fixture(files: Record<string, string | null> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'content-check-'));
  dirs.push(root);
  const base: Record<string, string> = {
    'content/outline.json': JSON.stringify({
      title: 'T',
      description: 'D',
      sections: [{ id: 'start', title: 'Start', lessons: ['alpha', 'beta'] }],
    }),
    'content/lessons/alpha.mdx': `${frontmatter('alpha')}
## First steps

See [the second lesson](/lessons/beta#deep-dive) and [below](#first-steps).

<Diagram name="flow" caption="A flow">A box on the left sends an event to a box on the right.</Diagram>

<KnowledgeCheck id="alpha" />
`,
    'content/lessons/beta.mdx': `${frontmatter('beta', { order: '2' })}
## Deep dive

<Callout type="note">Plain text.</Callout>

<KnowledgeCheck id="beta" />
`,
    'content/quizzes/alpha.json': JSON.stringify(goodQuiz('alpha', '/lessons/alpha#first-steps')),
    'content/quizzes/beta.json': JSON.stringify(goodQuiz('beta', '/lessons/beta#deep-dive')),
    'src/mdx/diagrams/flow.tsx': 'export default function Flow() { return null; }\n',
  };
  for (const [rel, text] of Object.entries({ ...base, ...files })) {
    const file = path.join(root, rel);
    if (text === null) {
      fs.rmSync(file, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

const alphaWith = (body: string) => ({
  'content/lessons/alpha.mdx': `${frontmatter('alpha')}\n## First steps\n\n${body}\n\n<KnowledgeCheck id="alpha" />\n`,
});

/** The line where alphaWith's body starts (after the frontmatter, a blank line and the heading). */
const L = frontmatter('alpha').split('\n').length + 3;

async function problems(files: Record<string, string | null> = {}) {
  return (await checkContent({ root: fixture(files), quizSpecFile: repoQuizSpec, presetFiles: repoPresets }))
    .problems;
}

/** A single-choice question whose answer is the option at `position` (of four). */
function singleAt(id: string, position: number) {
  const options = ['a', 'b', 'c', 'd'].map((o) => ({ id: o, text: `Option ${o}` }));
  return {
    id,
    type: 'single',
    topic: 'basics',
    prompt: `Pick ${id}`,
    options,
    answer: options[position]!.id,
    explanation: 'Because.',
    hint: 'Think.',
    review: '/lessons/alpha#first-steps',
  };
}

function quizWithAnswersAt(id: string, positions: number[]) {
  return JSON.stringify({
    ...goodQuiz(id, '/lessons/alpha#first-steps'),
    questions: positions.map((p, i) => singleAt(`q${i}`, p)),
  });
}

describe('content:check', () => {
  it('passes a valid course', async () => {
    const result = await checkContent({ root: fixture(), quizSpecFile: repoQuizSpec });
    expect(result).toEqual({ problems: [], lessons: 2, quizzes: 2 });
  });

  it('names the file, line and component for a component outside the allowlist', async () => {
    expect(await problems(alphaWith('<Tabs>x</Tabs>'))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^content/lessons/alpha\\.mdx:${L}: <Tabs> is not an allowed component \\(allowed: Callout, `,
        ),
      ),
    ]);
  });

  it('refuses import/export statements and script tags', async () => {
    const found = await problems(alphaWith('import X from "x"\n\n<script>alert(1)</script>'));
    expect(found).toContainEqual(
      `content/lessons/alpha.mdx:${L}: import/export statements are not allowed in lessons (use allowlisted components)`,
    );
    expect(found).toContainEqual(`content/lessons/alpha.mdx:${L + 2}: <script> is not allowed in lessons`);
  });

  it('reports a link to a missing lesson and a bad heading anchor', async () => {
    const found = await problems(
      alphaWith('[a](/lessons/gamma) and [b](/lessons/beta#nope) and [c](#nowhere)'),
    );
    expect(found).toEqual([
      `content/lessons/alpha.mdx:${L}: link "/lessons/gamma" points to lesson "gamma", which does not exist`,
      `content/lessons/alpha.mdx:${L}: link "/lessons/beta#nope": lesson "beta" has no heading with id "nope" (ids: deep-dive)`,
      `content/lessons/alpha.mdx:${L}: link "/lessons/alpha#nowhere": lesson "alpha" has no heading with id "nowhere" (ids: first-steps)`,
    ]);
  });

  it('reports bad frontmatter naming the file and the field', async () => {
    const found = await problems({
      'content/lessons/beta.mdx': `${frontmatter('beta', { minutes: 'ten', objectives: '' })}\n## Deep dive\n\n<KnowledgeCheck id="beta" />\n`,
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/lessons\/beta\.mdx: field "minutes": /));
    expect(found).toContainEqual(expect.stringMatching(/^content\/lessons\/beta\.mdx: field "objectives": /));
  });

  it('requires a knowledge check whose quiz file exists, and existing diagrams with a text alternative', async () => {
    const found = await problems({
      'content/lessons/alpha.mdx': `${frontmatter('alpha')}\n## First steps\n\n<Diagram name="missing" caption="c" />\n`,
      'content/lessons/beta.mdx': `${frontmatter('beta')}\n## Deep dive\n\n<KnowledgeCheck id="nope" />\n`,
    });
    expect(found).toEqual([
      `content/lessons/alpha.mdx:${L}: <Diagram name="missing">: src/mdx/diagrams/missing.tsx does not exist`,
      `content/lessons/alpha.mdx:${L}: <Diagram> needs a text alternative (a sentence-level description as its children)`,
      'content/lessons/alpha.mdx: no <KnowledgeCheck id="..."> (or <Quiz>) in this lesson',
      `content/lessons/beta.mdx:${L}: <KnowledgeCheck id="nope">: content/quizzes/nope.json does not exist`,
    ]);
  });

  it('validates quiz files and the review links inside them', async () => {
    const broken = goodQuiz('beta', '/lessons/beta#missing-heading');
    (broken.questions[0] as { answer: string }).answer = 'z';
    const found = await problems({
      'content/quizzes/beta.json': JSON.stringify(broken),
      'content/quizzes/alpha.json': '{ "id": "alpha", ',
    });
    expect(found).toContainEqual(expect.stringMatching(/^content\/quizzes\/alpha\.json: not valid JSON/));
    expect(found).toContainEqual(
      expect.stringMatching(/^content\/quizzes\/beta\.json: questions\[0\]\.answer: .*'z'/),
    );
    expect(found).toContainEqual(
      'content/quizzes/beta.json: field "questions[0].review": link "/lessons/beta#missing-heading": lesson "beta" has no heading with id "missing-heading" (ids: deep-dive)',
    );
  });

  it('reports MDX that does not parse with its line', async () => {
    const found = await problems(alphaWith('<Callout type="note">never closed'));
    expect(found).toEqual([expect.stringMatching(/^content\/lessons\/alpha\.mdx:\d+: MDX does not parse: /)]);
  });

  it('reports an outline that lists a missing lesson', async () => {
    const found = await problems({
      'content/outline.json': JSON.stringify({
        title: 'T',
        description: 'D',
        sections: [{ id: 'start', title: 'S', lessons: ['alpha', 'beta', 'ghost'] }],
      }),
    });
    expect(found).toContainEqual(
      expect.stringMatching(/outline\.json: section "start" lists lesson "ghost"/),
    );
  });

  it('reports an unknown Sandbox or PoolBench preset, naming the presets that exist', async () => {
    const found = await problems(
      alphaWith('<Sandbox preset="counter" />\n\n<Sandbox preset="nope" />\n\n<PoolBench preset="spiky" />'),
    );
    expect(found).toEqual([
      expect.stringMatching(
        new RegExp(
          `^content/lessons/alpha\\.mdx:${L + 2}: <Sandbox preset="nope">: no such preset \\(defined: counter, client-reuse, cold-start`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^content/lessons/alpha\\.mdx:${L + 4}: <PoolBench preset="spiky">: no such preset \\(defined: littles-law, `,
        ),
      ),
    ]);
    // No preset at all is fine: both widgets have a default.
    expect(await problems(alphaWith('<Sandbox />\n\n<PoolBench />'))).toEqual([]);
  });

  it('reports a lesson in the wrong section once, without follow-on link errors', async () => {
    const found = await problems({
      'content/lessons/beta.mdx': `${frontmatter('beta', { section: 'later' })}\n## Deep dive\n\n<KnowledgeCheck id="beta" />\n`,
    });
    expect(found).toEqual([
      'content/lessons/beta.mdx: field "section" is "later" but content/outline.json places it in "start"',
    ]);
  });

  it('reports a slug that does not match its file once; links to the lesson still resolve', async () => {
    const found = await problems({
      'content/lessons/beta.mdx': `${frontmatter('betta', { order: '2' })}\n## Deep dive\n\n<KnowledgeCheck id="beta" />\n`,
    });
    expect(found).toEqual([
      'content/lessons/beta.mdx: field "slug" is "betta" but the file name is "beta.mdx": rename the file or fix the slug',
    ]);
  });

  it('reports bad frontmatter field by field, and links into that lesson still resolve', async () => {
    const found = await problems({
      'content/lessons/beta.mdx': `${frontmatter('beta', { minutes: 'ten' })}\n## Deep dive\n\n<KnowledgeCheck id="beta" />\n`,
    });
    expect(found).toEqual([expect.stringMatching(/^content\/lessons\/beta\.mdx: field "minutes": /)]);
  });

  it('fails a quiz whose single-choice answers cluster on one position', async () => {
    const found = await problems({ 'content/quizzes/alpha.json': quizWithAnswersAt('alpha', [1, 1, 1, 0]) });
    expect(found).toContain(
      'content/quizzes/alpha.json: 3 of 4 single-choice answers are the option in position 2; no position may hold more than half, so reorder some options',
    );
    // An even spread, or an exact half, passes.
    expect(
      await problems({ 'content/quizzes/alpha.json': quizWithAnswersAt('alpha', [1, 1, 0, 2]) }),
    ).toEqual([]);
  });

  it('fails the course when small quizzes together put most answers on one position', async () => {
    const found = await problems({
      'content/quizzes/alpha.json': quizWithAnswersAt('alpha', [1, 1, 0]),
      'content/quizzes/beta.json': quizWithAnswersAt('beta', [1, 1]).replace(
        /alpha#first-steps/g,
        'beta#deep-dive',
      ),
    });
    expect(found).toEqual([
      'content/quizzes (all quizzes together): 4 of 5 single-choice answers are the option in position 2; no position may hold more than half, so reorder some options',
    ]);
  });

  it('checks the glossary: its shape, its lesson links, and lesson links into it', async () => {
    const term = (id: string, lesson: string) => ({
      id,
      term: id,
      definition: 'A definition that is long enough.',
      lesson,
      source: { title: 'Docs', url: 'https://docs.aws.amazon.com/lambda/' },
    });
    const glossary = (terms: unknown[]) => ({ 'content/glossary.json': JSON.stringify({ terms }) });
    expect(
      await problems({
        ...glossary([term('cold-start', '/lessons/alpha#first-steps')]),
        ...alphaWith('A [cold start](/glossary#cold-start), the [glossary](/glossary).'),
      }),
    ).toEqual([]);
    expect(
      await problems({
        ...glossary([term('cold-start', '/lessons/alpha#nowhere')]),
        ...alphaWith('A [warm start](/glossary#warm-start).'),
      }),
    ).toEqual([
      'content/glossary.json: field "terms.0.lesson": link "/lessons/alpha#nowhere": lesson "alpha" has no heading with id "nowhere" (ids: first-steps)',
      `content/lessons/alpha.mdx:${L}: link "/glossary#warm-start": content/glossary.json has no term with id "warm-start"`,
    ]);
    expect(await problems(glossary([{ id: 'Bad Id' }]))).toContainEqual(
      expect.stringMatching(/^content\/glossary\.json: field "terms\.0\.id": id must be kebab-case/),
    );
  });
});
