import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contentPlugin } from './content-plugin.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function project(lesson: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'content-plugin-'));
  dirs.push(root);
  fs.mkdirSync(path.join(root, 'content', 'lessons'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'content', 'outline.json'),
    JSON.stringify({
      title: 'T',
      description: 'D',
      sections: [{ id: 'start', title: 'S', lessons: ['alpha'] }],
    }),
  );
  fs.writeFileSync(path.join(root, 'content', 'lessons', 'alpha.mdx'), lesson);
  return root;
}

const header = (fields: string) => `---\n${fields}\n---\n\n## Hello\n`;
const valid = `title: Alpha
slug: alpha
section: start
order: 1
minutes: 5
description: A lesson.
objectives:
  - One
sources:
  - title: Docs
    url: https://docs.aws.amazon.com/lambda/`;

/** Runs the plugin's load hook the way Vite does when something imports `virtual:course`. */
function load(root: string, moduleId = 'virtual:course') {
  const plugin = contentPlugin(root);
  const resolveId = plugin.resolveId as (id: string) => string | null;
  const loadHook = plugin.load as (this: { addWatchFile(f: string): void }, id: string) => string | null;
  const id = resolveId(moduleId)!;
  return loadHook.call({ addWatchFile: () => {} }, id);
}

describe('content plugin (virtual:course)', () => {
  it('serves virtual:course/summary with only what the first page load needs', () => {
    const code = load(project(header(valid)), 'virtual:course/summary')!;
    expect(code).toContain('"slug":"alpha"');
    expect(code).toContain('"minutes":5');
    expect(code).not.toContain('"headings"');
    expect(code).not.toContain('"objectives"');
    expect(code).not.toContain('"sources"');
  });

  it('exports the outline and the lesson with its headings', () => {
    const code = load(project(header(valid)))!;
    expect(code).toContain('"slug":"alpha"');
    expect(code).toContain('"id":"hello"');
  });

  it('fails the build with a message naming the file and the field for bad frontmatter', () => {
    const root = project(header(valid.replace('minutes: 5', 'minutes: five')));
    expect(() => load(root)).toThrow(
      /Invalid lesson frontmatter in content\/lessons\/alpha\.mdx:\n\s+- field "minutes": /,
    );
  });

  it('names a missing required field', () => {
    const root = project(header(valid.replace(/objectives:\n {2}- One\n/, '')));
    expect(() => load(root)).toThrow(/content\/lessons\/alpha\.mdx[\s\S]*field "objectives"/);
  });

  it('names an unknown field (frontmatter is strict)', () => {
    const root = project(header(`${valid}\nauthor: me`));
    expect(() => load(root)).toThrow(/content\/lessons\/alpha\.mdx[\s\S]*author/);
  });
});

describe('content plugin (glossary and search)', () => {
  const term = {
    id: 'cold-start',
    term: 'Cold start',
    definition: 'An invocation that waits for a new execution environment.',
    lesson: '/lessons/alpha#hello',
    source: { title: 'Docs', url: 'https://docs.aws.amazon.com/lambda/' },
  };
  const withGlossary = (glossary: unknown) => {
    const root = project(`${header(valid)}\n\`\`\`js\nconst uniqueCodeName = 1;\n\`\`\`\n`);
    fs.writeFileSync(path.join(root, 'content', 'glossary.json'), JSON.stringify(glossary));
    return root;
  };

  it('serves the validated glossary', () => {
    const code = load(withGlossary({ terms: [term] }), 'virtual:course/glossary')!;
    expect(code).toContain('"id":"cold-start"');
  });

  it('fails the build naming the field of a bad glossary entry', () => {
    const root = withGlossary({ terms: [{ ...term, see: ['nowhere'] }] });
    expect(() => load(root, 'virtual:course/glossary')).toThrow(
      /field "terms\.0\.see\.0": "nowhere" is not a term id/,
    );
  });

  it('serves a serialised index holding headings, code and glossary terms', () => {
    const code = load(withGlossary({ terms: [term] }), 'virtual:course/search')!;
    const serialized = JSON.parse(
      code.replace(/^export const serializedIndex = /, '').replace(/;\n$/, ''),
    ) as string;
    expect(serialized).toContain('uniquecodename');
    expect(serialized).toContain('/lessons/alpha#hello');
    expect(serialized).toContain('/glossary#cold-start');
  });

  it('treats a missing glossary as empty', () => {
    expect(load(project(header(valid)), 'virtual:course/glossary')).toBe('export const terms = [];\n');
  });
});
