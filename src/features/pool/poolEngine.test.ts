import { describe, expect, it } from 'vitest';
import { modelColdStart } from '../../sim';
import { CELL, countCells } from './cells';
import { MAIN_FUNCTION, PoolConfigError, PoolEngine } from './poolEngine';
import { getPreset, type PoolSettings } from './presets';
import type { PoolSample } from './sample';

/** Runs a preset (optionally changed) for `seconds` of simulated time and returns the engine. */
function run(settings: PoolSettings, seconds: number): PoolEngine {
  const e = new PoolEngine(settings);
  e.advanceTo(seconds * 1000);
  return e;
}

const between = (e: PoolEngine, fromS: number, toS: number): PoolSample[] =>
  e.recorder.all().filter((s) => s.tS > fromS && s.tS <= toS);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Cold start overhead before a new environment serves its first request (the sim's illustrative model). */
const coldOverheadS = (() => {
  const c = modelColdStart({ runtime: 'nodejs22.x', packageMb: 1, memoryMb: 512, vpc: false });
  return (c.platformMs + c.initMs) / 1000;
})();

/**
 * Throttles during a spike, derived by hand from a scaling rule: the pool holds N(x) environments x seconds
 * into the spike, N(x) = min(λ·D, N0 + burst + refill·x); each environment serves 1/D requests per second,
 * so λ − N(x)/D requests per second are refused. Each new environment also spends its cold start (c) not
 * serving: c/D more requests each.
 */
function handThrottles(o: {
  rps: number;
  durS: number;
  n0: number;
  burst: number;
  refillPerS: number;
  spikeS: number;
}) {
  const need = o.rps * o.durS;
  let throttles = 0;
  const dx = 0.001;
  let created = 0;
  for (let x = 0; x < o.spikeS; x += dx) {
    const n = Math.min(need, o.n0 + o.burst + o.refillPerS * x);
    created = n - o.n0;
    throttles += Math.max(0, o.rps - n / o.durS) * dx;
  }
  return throttles + (created * coldOverheadS) / o.durS;
}

describe('PoolEngine presets against hand-derived values', { timeout: 90_000 }, () => {
  it('littles-law: 100 req/s × 0.5 s settles at 50 concurrent (within 2%), no throttles', () => {
    const e = run(getPreset('littles-law').settings, 120);
    const steady = between(e, 20, 120);
    expect(steady).toHaveLength(100);
    expect(Math.abs(mean(steady.map((s) => s.concurrency)) - 100 * 0.5) / 50).toBeLessThan(0.02);
    expect(steady.every((s) => s.invocations === 100 && s.throttles === 0)).toBe(true);
    // After warm-up, nearly every request finds a warm environment.
    expect(sum(steady.map((s) => s.coldStarts))).toBeLessThan(5);
    // The first second is (almost) all cold starts: the pool starts empty; only environments that finished
    // their first request before the second ends get reused warm.
    expect(e.recorder.at(0)!.coldShare).toBeGreaterThan(0.9);
  });

  it('account-split: unreserved ≈ 600 of 700, A capped at its 100, B ≈ 160 of 200, 100 not used', () => {
    const e = run(getPreset('account-split').settings, 60);
    const steady = between(e, 15, 60);
    expect(steady[0]!.cap).toBe(1000 - 100 - 200);
    expect(Math.abs(mean(steady.map((s) => s.concurrency)) - 600) / 600).toBeLessThan(0.02);
    expect(sum(steady.map((s) => s.throttles))).toBe(0);
    const a = steady.map((s) => s.others.find((o) => o.name === 'function-a')!);
    const b = steady.map((s) => s.others.find((o) => o.name === 'function-b')!);
    // A wants 300 × 0.5 = 150 but its reservation is also its maximum: 100, refusing 300 − 100/0.5 = 100 req/s.
    expect(Math.max(...e.recorder.all().map((s) => s.others[0]!.concurrency))).toBeLessThanOrEqual(100);
    expect(mean(a.map((o) => o.concurrency))).toBeGreaterThan(98);
    expect(Math.abs(mean(a.map((o) => o.throttles)) - 100) / 100).toBeLessThan(0.05);
    expect(Math.abs(mean(b.map((o) => o.concurrency)) - 160) / 160).toBeLessThan(0.02);
    expect(sum(b.map((o) => o.throttles))).toBe(0);
    const m = e.service.metrics().throttles;
    expect(m.ReservedFunctionConcurrentInvocationLimitExceeded).toBeGreaterThan(0);
  });

  it('account-split cap: an unreserved function wanting 800 is held at 1,000 − 300 = 700', () => {
    const s = getPreset('account-split').settings;
    const e = run({ ...s, traffic: { shape: 'constant', rps: 1600 } }, 40);
    const steady = between(e, 15, 40);
    expect(Math.max(...e.recorder.all().map((x) => x.concurrency))).toBeLessThanOrEqual(700);
    expect(Math.abs(mean(steady.map((x) => x.concurrency)) - 700) / 700).toBeLessThan(0.02);
    // 1,600 offered − 700 / 0.5 served = 200 refused per second.
    expect(Math.abs(mean(steady.map((x) => x.throttles)) - 200) / 200).toBeLessThan(0.05);
    expect(e.service.metrics().throttles.ConcurrentInvocationLimitExceeded).toBeGreaterThan(0);
  });

  it('reserved-zero: every request is throttled and no environment starts', () => {
    const e = run(getPreset('reserved-zero').settings, 60);
    const last = e.recorder.last()!;
    expect(last.totals.offered).toBe(50 * 60);
    expect(last.totals.throttles).toBe(last.totals.offered);
    expect(last.totals.invocations).toBe(0);
    expect(e.service.environments(MAIN_FUNCTION)).toHaveLength(0);
    expect(countCells(last.cells)[CELL.empty]).toBe(last.cells.length);
    expect(e.service.metrics().throttles.ReservedFunctionConcurrentInvocationLimitExceeded).toBe(3000);
  });

  it('spike: throttles match the 1,000-per-10-s scaling rule (within 5%), then stop', () => {
    const p = getPreset('spike');
    const e = run(p.settings, 120);
    const n0 = e.recorder.all().find((s) => s.tS === 30)!.environments;
    const expected = handThrottles({ rps: 5000, durS: 0.5, n0, burst: 1000, refillPerS: 100, spikeS: 60 });
    const total = e.recorder.last()!.totals.throttles;
    expect(Math.abs(total - expected) / expected).toBeLessThan(0.05);
    expect(e.service.metrics().throttles.FunctionInvocationRateLimitExceeded).toBe(total);
    // The pool catches up after (2,500 − n0 − 1,000) / 100 per second ≈ 14 s: no throttles after that.
    const catchUpS = (2500 - n0 - 1000) / 100;
    expect(sum(between(e, 30 + catchUpS + 2, 120).map((s) => s.throttles))).toBe(0);
    expect(Math.abs(mean(between(e, 60, 90).map((s) => s.concurrency)) - 2500) / 2500).toBeLessThan(0.02);
  });

  it('old-model: burst 500 then +500/min throttles as derived by hand, far more than the current rule', () => {
    const e = run(getPreset('old-model').settings, 120);
    const n0 = e.recorder.all().find((s) => s.tS === 30)!.environments;
    const expected = handThrottles({
      rps: 5000,
      durS: 0.5,
      n0,
      burst: 500,
      refillPerS: 500 / 60,
      spikeS: 60,
    });
    const total = e.recorder.last()!.totals.throttles;
    expect(Math.abs(total - expected) / expected).toBeLessThan(0.05);
    const current = run(getPreset('spike').settings, 120).recorder.last()!.totals.throttles;
    expect(total).toBeGreaterThan(5 * current);
  });

  it('provisioned-schedule: the peak is covered with zero cold starts; without the schedule it is not', () => {
    const p = getPreset('provisioned-schedule');
    const e = run(p.settings, 330);
    const peak = between(e, 120, 300);
    expect(sum(peak.map((s) => s.coldStarts))).toBe(0);
    expect(peak.every((s) => s.provisioned === 110)).toBe(true);
    expect(Math.abs(mean(between(e, 125, 300).map((s) => s.concurrency)) - 100) / 100).toBeLessThan(0.02);
    expect(e.recorder.last()!.costProvisioned).toBeGreaterThan(0);
    const cells = countCells(e.recorder.all().find((s) => s.tS === 100)!.cells);
    expect(cells[CELL.provIdle]! + cells[CELL.provBusy]!).toBe(110);

    const without = run({ ...p.settings, schedule: null }, 330);
    expect(sum(between(without, 120, 300).map((s) => s.coldStarts))).toBeGreaterThanOrEqual(70);
  });

  it('account-limit: 1,200 wanted, held at 1,000 (within 2%), 400 refused per second', () => {
    const e = run(getPreset('account-limit').settings, 40);
    const steady = between(e, 15, 40);
    expect(Math.abs(mean(steady.map((s) => s.concurrency)) - 1000) / 1000).toBeLessThan(0.02);
    expect(Math.abs(mean(steady.map((s) => s.throttles)) - 400) / 400).toBeLessThan(0.05);
    const cells = countCells(e.recorder.last()!.cells);
    expect(e.slots).toBe(1000);
    expect(cells[CELL.empty]).toBe(0);
  });
});

describe('PoolEngine behaviour', () => {
  it('reports invalid settings with the service’s own messages and keeps nothing half-built', () => {
    expect(() => new PoolEngine({ ...getPreset('littles-law').settings, memoryMb: 64 })).toThrow(
      PoolConfigError,
    );
    expect(() => new PoolEngine({ ...getPreset('littles-law').settings, reserved: 950 })).toThrow(
      /UnreservedConcurrentExecution below its minimum value of \[100\]/,
    );
  });

  it('stops at the wall-clock deadline and carries on from there', () => {
    const e = new PoolEngine(getPreset('spike').settings);
    const reached = e.advanceTo(60_000, performance.now() - 1);
    expect(reached).toBe(0);
    e.advanceTo(2_000);
    expect(e.recorder.length).toBe(2);
  });

  it('live traffic changes apply without a restart', () => {
    const e = new PoolEngine(getPreset('littles-law').settings);
    e.advanceTo(30_000);
    e.setLive({ ...e.settings, traffic: { shape: 'constant', rps: 200 } });
    e.advanceTo(60_000);
    expect(e.recorder.last()!.invocations).toBe(200);
    expect(e.recorder.at(0)!.tS).toBe(1);
  });

  it('cells follow the service’s environments and show reclaimed ones', () => {
    const e = new PoolEngine({
      ...getPreset('littles-law').settings,
      traffic: { shape: 'spike', rps: 100, baseRps: 0, startS: 0, lengthS: 5 },
    });
    e.advanceTo(3_000);
    const busy = countCells(e.cells);
    expect(busy[CELL.busy]! + busy[CELL.idle]! + busy[CELL.init]!).toBe(
      e.service.environments(MAIN_FUNCTION).length,
    );
    // Idle lifetime is 5–30 minutes: by 31 minutes every environment has been reclaimed.
    e.advanceTo(31 * 60_000);
    expect(e.service.environments(MAIN_FUNCTION)).toHaveLength(0);
    const reclaimedSeen = e.recorder.all().some((s) => countCells(s.cells)[CELL.reclaimed]! > 0);
    expect(reclaimedSeen).toBe(true);
    e.syncCells(0);
    expect(countCells(e.cells)[CELL.busy]).toBe(0);
    expect(countCells(e.cells)[CELL.idle]).toBe(0);
  });
});
