import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLabFolders } from './content-check.ts';

function labRoot(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'labs-'));
  for (const [rel, text] of Object.entries(files)) {
    const full = path.join(root, 'content/labs/demo', rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return root;
}

const good = {
  'lab.json': JSON.stringify({ title: 'Demo', description: 'd', minutes: 5, objectives: ['o'], runtimes: ['nodejs24.x'] }),
  '01-one/step.mdx': '---\ntitle: One\n---\n\n<Task id="t">Do it.</Task>\n\n<Hint>Look.</Hint>\n',
  '01-one/check.ts': "export default [{ id: 'works', task: 't' }];\n",
  '01-one/starter/nodejs/index.mjs': 'export const handler = async () => 1;\n',
  '01-one/starter/nodejs/function.json': '{ "handler": "index.handler" }',
  '01-one/solution/nodejs/index.mjs': 'export const handler = async () => 2;\n',
  '01-one/solution/nodejs/function.json': '{ "handler": "index.handler" }',
  '01-one/bad/wrong/bad.json': '{ "fails": "works", "note": "returns 1" }',
  '01-one/bad/wrong/nodejs/index.mjs': 'export const handler = async () => 1;\n',
  '01-one/bad/wrong/nodejs/function.json': '{ "handler": "index.handler" }',
};

describe('content:check on labs', () => {
  it('accepts a well-formed lab', () => {
    expect(checkLabFolders(labRoot(good), () => null)).toEqual([]);
  });

  it('names the file and the problem: components, task ids, bad variants, function.json fields', () => {
    const problems = checkLabFolders(
      labRoot({
        ...good,
        '01-one/step.mdx': '---\ntitle: One\n---\n\n<Callout>no</Callout>\n',
        '01-one/bad/wrong/bad.json': '{ "fails": "nothing-like-it", "note": "n" }',
        '01-one/solution/nodejs/function.json': '{ "handler": "index.handler", "memoryMb": "big" }',
      }),
      () => null,
    );
    expect(problems.join('\n')).toContain('<Callout> is not a lab component');
    expect(problems.join('\n')).toContain('check.ts names task "t", which has no <Task id="t">');
    expect(problems.join('\n')).toContain('"nothing-like-it" is not the id of a check');
    expect(problems.join('\n')).toMatch(/solution\/nodejs\/function\.json: field "memoryMb"/);
  });
});
