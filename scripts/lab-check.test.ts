/**
 * `npm run lab:check` (and part of `npm test`): for every lab under content/labs — or LAB=<id> — each step's
 * starter fails, its solution passes every required check, and each bad variant fails exactly the check it names,
 * in every runtime the lab offers.
 *
 * Narrowing, for work on one part: LAB_STEPS=02,04-errors (step ids or their number), LAB_FAMILIES=python.
 * Depth (scripts/lab-check.ts ProofScope): naming labs with LAB proves them in full; without LAB (`npm test`) the
 * CI depth leaves out the Python bad variants that change only function.json (their Node.js twins prove the check).
 * LAB_PROOF=full or LAB_PROOF=ci chooses either way explicitly.
 */
import { describe, expect, it } from 'vitest';
import { checkLabs } from './lab-check';
import type { RuntimeFamily } from '../src/features/lab/model/labFormat';

describe('lab:check', () => {
  it(
    'proves every lab: starters fail, solutions pass, bad variants fail their check',
    { timeout: 600_000 },
    async () => {
      const list = (name: string) => (process.env[name] ? process.env[name].split(',') : []);
      const labs = list('LAB');
      const requested = process.env.LAB_PROOF;
      const { lines, problems } = await checkLabs(labs, {
        steps: list('LAB_STEPS'),
        families: list('LAB_FAMILIES') as RuntimeFamily[],
        depth: requested === 'full' || requested === 'ci' ? requested : labs.length > 0 ? 'full' : 'ci',
      });
      expect(problems).toEqual([]);
      const failures = lines
        .filter((l) => !l.ok)
        .map((l) => `${l.step} ${l.runtime} ${l.subject}: ${l.detail}`);
      expect(failures).toEqual([]);
    },
  );
});
