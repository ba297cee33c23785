import { describe, expect, it } from 'vitest';
import { createRng } from './random';
import {
  computeDurationMs,
  computeScale,
  cpuShare,
  initLimitMs,
  modelColdStart,
  TIMING_NOTE,
} from './timing';

describe('modelled timing (illustrative)', () => {
  it('1,769 MB is one vCPU; a single-threaded handler gains nothing beyond it', () => {
    expect(cpuShare(1769)).toBe(1);
    expect(computeDurationMs(100, 1769)).toBe(100);
    expect(computeDurationMs(100, 3538)).toBe(100);
    expect(computeDurationMs(100, 3538, { threads: 2 })).toBe(50);
    expect(computeDurationMs(100, 884.5)).toBe(200);
    // half I/O-bound: only the CPU half scales
    expect(computeScale(884.5, { cpuBoundFraction: 0.5 })).toBe(1.5);
  });

  it('cold start phases grow with package size, VPC adds a small attach, Java inits slower than Node', () => {
    const base = { runtime: 'nodejs22.x' as const, packageMb: 1, memoryMb: 512, vpc: false };
    const small = modelColdStart(base);
    const big = modelColdStart({ ...base, packageMb: 200 });
    expect(big.codeDownloadMs - small.codeDownloadMs).toBeCloseTo(1.6 * 199, 6);
    const vpc = modelColdStart({ ...base, vpc: true });
    expect(vpc.vpcMs).toBeGreaterThan(0);
    expect(vpc.vpcMs).toBeLessThan(100);
    expect(modelColdStart({ ...base, runtime: 'java21' }).runtimeMs).toBeGreaterThan(small.runtimeMs * 4);
    expect(small.initMs).toBeCloseTo(small.extensionsMs + small.runtimeMs + small.functionMs, 9);
    expect(small.platformMs).toBeCloseTo(small.codeDownloadMs + small.sandboxStartMs + small.vpcMs, 9);
    // jitter stays inside the ranges
    const rng = createRng(1);
    for (let i = 0; i < 100; i++) {
      const p = modelColdStart(base, rng);
      expect(p.sandboxStartMs).toBeGreaterThanOrEqual(50);
      expect(p.sandboxStartMs).toBeLessThanOrEqual(100);
    }
    expect(TIMING_NOTE).toMatch(/Illustrative/);
  });

  it('init limits: 10 s on-demand, max(130 s, timeout) provisioned', () => {
    expect(initLimitMs(false, 900_000)).toBe(10_000);
    expect(initLimitMs(true, 3000)).toBe(130_000);
    expect(initLimitMs(true, 900_000)).toBe(900_000);
  });
});
