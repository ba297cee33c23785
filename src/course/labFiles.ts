/**
 * The files of every lab (starters, solutions, bad variants, answers, events) as text, in one chunk that the lab
 * page loads when it opens. Loaded lazily one module per file, they cost one request each: about a hundred per lab,
 * which kept the lab page from being usable for seconds (scripts/bench/labs.mjs).
 */
export const rawLabFiles = import.meta.glob<string>(
  ['/content/labs/**/*', '!**/step.mdx', '!**/check.ts', '!**/lab.json'],
  // exhaustive: Vite's globs skip node_modules/ otherwise, and a Node.js layer's packages live under
  // layers/<name>/nodejs/node_modules/.
  { query: '?raw', import: 'default', exhaustive: true, eager: true },
);
