/**
 * `npm run lab:check` (and part of `npm test`), Node.js half: for every lab under content/labs — or LAB=<id> —
 * each step's starter fails, its solution passes every required check, and each bad variant fails exactly the
 * check it names, in the Node.js runtimes the lab offers. The Python half is lab-check.python.test.ts: two files,
 * so that vitest runs them side by side on two workers.
 *
 * Narrowing, for work on one part: LAB_STEPS=02,04-errors (step ids or their number), LAB_FAMILIES=python.
 * Depth (scripts/lab-check.ts ProofScope): naming labs with LAB proves them in full; without LAB (`npm test`) the
 * CI depth leaves out the Python bad variants that change only function.json (their Node.js twins prove the check).
 * LAB_PROOF=full or LAB_PROOF=ci chooses either way explicitly.
 */
import { describe, expect, it } from 'vitest';
import { proveFromEnvironment } from './lab-check';

describe('lab:check (Node.js)', () => {
  it(
    'proves every lab: starters fail, solutions pass, bad variants fail their check',
    { timeout: 600_000 },
    async () => {
      const { lines, problems } = await proveFromEnvironment(['nodejs']);
      expect(problems).toEqual([]);
      const failures = lines
        .filter((l) => !l.ok)
        .map((l) => `${l.step} ${l.runtime} ${l.subject}: ${l.detail}`);
      expect(failures).toEqual([]);
    },
  );
});
