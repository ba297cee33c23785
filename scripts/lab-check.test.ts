/**
 * `npm run lab:check` (and part of `npm test`): for every lab under content/labs — or LAB=<id> — each step's
 * starter fails, its solution passes every required check, and each bad variant fails exactly the check it names,
 * in every runtime the lab offers.
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
      const { lines, problems } = await checkLabs(list('LAB'), {
        steps: list('LAB_STEPS'),
        families: list('LAB_FAMILIES') as RuntimeFamily[],
      });
      expect(problems).toEqual([]);
      const failures = lines
        .filter((l) => !l.ok)
        .map((l) => `${l.step} ${l.runtime} ${l.subject}: ${l.detail}`);
      expect(failures).toEqual([]);
    },
  );
});
