/** The proof's scope (scripts/lab-check.ts): what `npm test` leaves to the full proof, and the narrowing filters. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../src/features/lab/model/loadLab';
import type { LabDefinition } from '../src/features/lab/model/labFormat';
import type { ProofLine } from '../src/features/lab/checks/proof';
import { narrow, readTree } from './lab-check';

const orders = () =>
  loadLab('orders-service', readTree(path.resolve(import.meta.dirname, '../content/labs/orders-service')));

function pythonVariants(lab: LabDefinition): string[] {
  return lab.steps.flatMap((step) =>
    step.bad.filter((bad) => bad.byFamily.python).map((bad) => `${step.id}/${bad.name}`),
  );
}

describe('lab-check scope', () => {
  it('CI depth leaves out only the Python variants that change function.json alone, and says so', () => {
    const leftOut: ProofLine[] = [];
    const lab = narrow(orders(), { depth: 'ci' }, leftOut);
    // Code and layer variants stay: they prove what the Python runtime does.
    expect(pythonVariants(lab)).toEqual([
      '01-api/crashes-on-bad-json',
      '02-layer/wrong-layout',
      '03-vpc/dynamodb-only',
    ]);
    expect(leftOut.map((line) => `${line.step}/${line.subject}`)).toEqual([
      '03-vpc/bad/missing-sg-rule',
      '03-vpc/bad/nat-instead',
      '03-vpc/bad/one-subnet',
    ]);
    expect(leftOut.every((line) => line.ok && line.skipped && line.runtime === 'python3.14')).toBe(true);
    // Every Python starter and solution is still proven, and Node.js keeps every variant.
    const nodeVariants = (definition: LabDefinition) =>
      definition.steps.flatMap((step) =>
        step.bad.filter((bad) => bad.byFamily.nodejs).map((bad) => bad.name),
      );
    expect(lab.steps.every((step) => step.starter.python && step.solution.python)).toBe(true);
    expect(nodeVariants(lab)).toEqual(nodeVariants(orders()));
  });

  it('full depth keeps every variant; steps and families narrow by id prefix and name', () => {
    const leftOut: ProofLine[] = [];
    const full = narrow(orders(), { depth: 'full' }, leftOut);
    expect(leftOut).toEqual([]);
    expect(pythonVariants(full)).toHaveLength(6);
    const narrowed = narrow(orders(), { steps: ['02', '04-errors'], families: ['python'] }, leftOut);
    expect(narrowed.steps.map((step) => step.id)).toEqual(['02-layer', '04-errors']);
    for (const step of narrowed.steps) {
      expect(step.solution.nodejs).toBeUndefined();
      expect(step.solution.python).toBeDefined();
      expect(step.bad.every((bad) => bad.byFamily.nodejs === undefined)).toBe(true);
    }
  });
});
