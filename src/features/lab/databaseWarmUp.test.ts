import { describe, expect, it } from 'vitest';
import { databaseAhead } from './databaseWarmUp';
import type { LabStepDefinition } from './model/labFormat';

function step(id: string, database: boolean | undefined, family: 'nodejs' | 'python' = 'nodejs') {
  const config = { vpc: database === undefined ? undefined : { database } };
  return {
    id,
    starter: {},
    solution: { [family]: { files: {}, config, configText: '{}' } },
    bad: [],
  } as unknown as LabStepDefinition;
}

describe('starting the lab database ahead of the step that needs it', () => {
  const lab = [
    step('01-api', undefined),
    step('02-layer', undefined),
    step('03-vpc', true),
    step('04-errors', false),
  ];

  it('is wanted on the database step and on every step before it', () => {
    expect([0, 1, 2].map((index) => databaseAhead(lab, index, 'nodejs24.x'))).toEqual([true, true, true]);
  });

  it('is not wanted once the database steps are behind the learner, or in a lab without one', () => {
    expect(databaseAhead(lab, 3, 'nodejs24.x')).toBe(false);
    expect(databaseAhead([step('01', undefined), step('02', false)], 0, 'nodejs24.x')).toBe(false);
  });

  it('follows the learner’s runtime', () => {
    const pythonOnly = [step('01', true, 'python')];
    expect(databaseAhead(pythonOnly, 0, 'python3.14')).toBe(true);
    expect(databaseAhead(pythonOnly, 0, 'nodejs22.x')).toBe(false);
  });
});
