import { describe, expect, it } from 'vitest';
import { fmtClock } from './format';
import type { PoolSample } from './sample';
import { littlesLaw, summaryText } from './summary';

const sample = (patch: Partial<PoolSample>): PoolSample => ({
  tS: 42,
  concurrency: 50.2,
  cap: 1000,
  accountLimit: 1000,
  offered: 100,
  invocations: 100,
  throttles: 0,
  coldStarts: 3,
  coldShare: 0.03,
  meanLatencyMs: 500,
  p50: 490,
  p95: 680,
  p99: 770,
  costOnDemand: 0,
  costProvisioned: 0,
  provisioned: 0,
  environments: 60,
  others: [],
  totals: { offered: 4200, invocations: 4200, throttles: 0, coldStarts: 60 },
  cells: new Uint8Array(0),
  ...patch,
});

describe('summary', () => {
  it('states the concurrent executions as a number, with limit, rate, throttles and cold starts', () => {
    expect(summaryText(sample({}))).toBe(
      't=42 s: 50 concurrent executions (limit 1,000) · 100 req/s · 0 throttled/s · 3% cold starts',
    );
    expect(summaryText(sample({ cap: 700, concurrency: 700, throttles: 1234, provisioned: 10 }), true)).toBe(
      'Replay at t=42 s: 700 concurrent executions (limit 700 of account 1,000) · 100 req/s · 1,234 throttled/s · 3% cold starts · 10 provisioned',
    );
  });

  it('before the first second: "Press Play" only while paused; a finished run says so', () => {
    expect(summaryText(undefined)).toBe('t=0 s: 0 concurrent executions. Press Play to start the traffic.');
    expect(summaryText(undefined, false, { playing: true })).toBe(
      't=0 s: 0 concurrent executions. The traffic is starting.',
    );
    expect(summaryText(sample({}), false, { finished: true })).toMatch(
      / · Run complete: Play keeps it going/,
    );
    expect(summaryText(sample({}), true, { finished: true })).not.toMatch(/Run complete/);
  });

  it("shows Little's law with the second's own numbers", () => {
    expect(littlesLaw(sample({}))).toBe('100 × 0.5 = 50');
    expect(littlesLaw(sample({ invocations: 2000, meanLatencyMs: 500 }))).toBe('2,000 × 0.5 = 1,000');
  });

  it('formats the clock', () => {
    expect(fmtClock(5.9)).toBe('5 s');
    expect(fmtClock(125)).toBe('2:05');
    expect(fmtClock(3725)).toBe('1 h 02 min');
  });
});
