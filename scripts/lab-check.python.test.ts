/**
 * `npm run lab:check` (and part of `npm test`), Python half: the same proof as lab-check.test.ts for the python3.14
 * runtime, in Pyodide through the in-process host (one interpreter snapshot for every lab). Its own file so that
 * vitest runs it beside the Node.js half: Python costs about a second of CPU per new environment.
 */
import { describe, expect, it } from 'vitest';
import { proveFromEnvironment } from './lab-check';

describe('lab:check (Python)', () => {
  it(
    'proves every lab: starters fail, solutions pass, bad variants fail their check',
    { timeout: 900_000 },
    async () => {
      const { lines, problems } = await proveFromEnvironment(['python']);
      expect(problems).toEqual([]);
      const failures = lines
        .filter((l) => !l.ok)
        .map((l) => `${l.step} ${l.runtime} ${l.subject}: ${l.detail}`);
      expect(failures).toEqual([]);
    },
  );
});
