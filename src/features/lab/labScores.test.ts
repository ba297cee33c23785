import { describe, expect, it } from 'vitest';
import { applySolution, emptyLab, recordResults, revealHint } from './lab.store';
import { labScoreItem } from './labScores';
import type { StepResults } from './checks/runner';

const results = (pass: boolean, score: number): StepResults => ({
  version: 3,
  status: pass ? 'pass' : 'fail',
  message: null,
  tests: [],
  score,
});

describe('lab scores on the Progress page', () => {
  it('counts completed steps, the best share of weight, first tries, hints and solutions used', () => {
    const t = '2026-12-01T10:00:00.000Z';
    let lab = emptyLab('nodejs24.x', '01-a', t);
    lab = recordResults(lab, '01-a', 'nodejs', {}, results(true, 1), t); // first try
    lab = recordResults(lab, '02-b', 'nodejs', {}, results(false, 0.5), t);
    lab = revealHint(lab, '02-b', 'x', 3, t);
    lab = revealHint(lab, '02-b', 'x', 3, t);
    lab = applySolution(lab, '02-b', 'nodejs', {}, { 'index.mjs': '' }, t);
    lab = recordResults(lab, '02-b', 'nodejs', {}, results(true, 1), t);
    const item = labScoreItem('orders', 'Orders', ['01-a', '02-b', '03-c'], lab);
    expect(item.score).toEqual({ correct: 2, total: 3 });
    expect(item.detail).toBe(
      'steps complete · 67% of check weight · 1 first-try pass · 2 hints · 1 solution used',
    );
    expect(item.href).toBe('/labs/orders');
  });
});
