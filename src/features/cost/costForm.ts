/**
 * The cost calculator's form, as plain data: what the learner typed, checked and turned into the
 * inputs of the core's monthlyCost (src/sim/pricing.ts). No prices live here.
 */
import { HOURS_PER_MONTH, monthlyCost, type MonthlyCost } from '../../sim/pricing';
import type { Architecture } from '../../sim/timing';

export type CostField =
  'requests' | 'durationMs' | 'memoryMb' | 'provisionedConcurrency' | 'provisionedHours' | 'otherGbSeconds';

export interface CostDraft {
  /** Text fields exactly as typed, so "3,000,000" survives until it is read. */
  text: Record<CostField, string>;
  architecture: Architecture;
  freeTier: boolean;
}

export interface CostInputs {
  requests: number;
  durationMs: number;
  memoryMb: number;
  provisionedConcurrency: number;
  provisionedHours: number;
  otherGbSeconds: number;
  architecture: Architecture;
  freeTier: boolean;
}

interface FieldRule {
  min: number;
  max: number;
  integer: boolean;
  /** How the error names the field. */
  noun: string;
}

/** Lambda's own limits where there is one (memory 128–10,240 MB, 900 s timeout); otherwise sanity bounds. */
export const FIELD_RULES: Record<CostField, FieldRule> = {
  requests: { min: 0, max: 1e13, integer: true, noun: 'a number of requests' },
  durationMs: { min: 1, max: 900_000, integer: false, noun: 'a duration from 1 to 900,000 ms' },
  memoryMb: { min: 128, max: 10_240, integer: true, noun: 'a memory size from 128 to 10,240 MB' },
  provisionedConcurrency: { min: 0, max: 100_000, integer: true, noun: 'a number of environments' },
  provisionedHours: { min: 0, max: 744, integer: false, noun: 'hours from 0 to 744' },
  otherGbSeconds: { min: 0, max: 1e12, integer: false, noun: 'a number of GB-seconds' },
};

/** The module's worked example (why-lambda): 3 million requests, 120 ms, 512 MB, x86. */
export const DEFAULT_DRAFT: CostDraft = {
  text: {
    requests: '3,000,000',
    durationMs: '120',
    memoryMb: '512',
    provisionedConcurrency: '0',
    provisionedHours: String(HOURS_PER_MONTH),
    otherGbSeconds: '0',
  },
  architecture: 'x86_64',
  freeTier: false,
};

/** "3,000,000", "3 000 000", "1.5e9" and "120" read as numbers; anything else is null. */
export function parseAmount(raw: string): number | null {
  const compact = raw.trim().replace(/[\s_]/g, '');
  if (compact === '') return null;
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(compact) ? compact.replace(/,/g, '') : compact;
  if (!/^(\d+\.?\d*|\.\d+)(e[+]?\d+)?$/i.test(plain)) return null;
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

export type CheckedDraft =
  { ok: true; inputs: CostInputs } | { ok: false; errors: Partial<Record<CostField, string>> };

export function checkDraft(draft: CostDraft): CheckedDraft {
  const errors: Partial<Record<CostField, string>> = {};
  const values = {} as Record<CostField, number>;
  for (const field of Object.keys(FIELD_RULES) as CostField[]) {
    const rule = FIELD_RULES[field];
    const value = parseAmount(draft.text[field]);
    if (
      value === null ||
      value < rule.min ||
      value > rule.max ||
      (rule.integer && !Number.isInteger(value))
    ) {
      errors[field] = `Enter ${rule.noun}${rule.integer ? ' (a whole number)' : ''}.`;
    } else {
      values[field] = value;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, inputs: { ...values, architecture: draft.architecture, freeTier: draft.freeTier } };
}

const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/**
 * The share of requests that provisioned environments serve, *modelled* for steady traffic: the
 * provisioned environments cover the average concurrency up to their number, while they are enabled.
 * Bursts above the average spill over to on-demand in reality; the calculator says so.
 */
export function provisionedShare(inputs: CostInputs): number {
  if (inputs.provisionedConcurrency <= 0 || inputs.requests <= 0) return 0;
  const averageConcurrency = (inputs.requests / SECONDS_PER_MONTH) * (inputs.durationMs / 1000);
  const covered = Math.min(1, inputs.provisionedConcurrency / averageConcurrency);
  return covered * Math.min(1, inputs.provisionedHours / HOURS_PER_MONTH);
}

export interface CostEstimate {
  chosen: MonthlyCost;
  /** The same month on the other architecture, for comparison. */
  other: MonthlyCost;
  averageConcurrency: number;
  provisionedShare: number;
}

export function estimateCost(inputs: CostInputs): CostEstimate {
  const share = provisionedShare(inputs);
  const month = (architecture: Architecture) =>
    monthlyCost({
      memoryMb: inputs.memoryMb,
      architecture,
      requests: inputs.requests,
      avgBilledMs: inputs.durationMs,
      freeTier: inputs.freeTier,
      otherGbSeconds: inputs.otherGbSeconds,
      ...(inputs.provisionedConcurrency > 0
        ? {
            provisioned: {
              concurrency: inputs.provisionedConcurrency,
              hoursEnabled: inputs.provisionedHours,
              shareOfRequests: share,
            },
          }
        : {}),
    });
  return {
    chosen: month(inputs.architecture),
    other: month(inputs.architecture === 'x86_64' ? 'arm64' : 'x86_64'),
    averageConcurrency: (inputs.requests / SECONDS_PER_MONTH) * (inputs.durationMs / 1000),
    provisionedShare: share,
  };
}

/** Dollars for people: cents for everyday sums, more digits for the tiny per-request ones. */
export function formatUsd(amount: number): string {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 6 : 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: digits,
  }).format(amount);
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: value < 10 ? 2 : 0 }).format(value);
}
