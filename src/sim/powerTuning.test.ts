import { describe, expect, it } from 'vitest';
import {
  analysePowerTuning,
  cheapestSizes,
  durationCostUsd,
  modelledDurationMs,
  runPowerTuning,
  trimmedMean,
  type PowerSample,
} from './powerTuning';
import { PRICES } from './pricing';

const warm = (billedMs: number): PowerSample => ({ durationMs: billedMs - 0.5, billedMs, coldStart: false });

describe('power tuning (Lambda Power Tuning method)', () => {
  it('trimmed mean discards the top and bottom 20% (discardTopBottom 0.2)', () => {
    // 10 samples: the two lowest (1, 2) and the two highest (400 — a cold start — and 90) go.
    expect(trimmedMean([400, 10, 10, 10, 10, 10, 10, 1, 2, 90])).toBe(10);
    expect(trimmedMean([5, 7])).toBe(6);
    expect(trimmedMean([9])).toBe(9);
    expect(trimmedMean([])).toBe(0);
    expect(trimmedMean([1, 2, 3, 4, 100], 0)).toBe(22);
  });

  it('cost is billed ms × price per GB-second × memory in GB', () => {
    // 100 ms at 1,024 MB = 0.1 GB-s.
    expect(durationCostUsd(100, 1024)).toBeCloseTo(0.1 * PRICES.durationGbSecond.x86_64, 15);
    expect(durationCostUsd(100, 1024, 'arm64')).toBeCloseTo(0.1 * PRICES.durationGbSecond.arm64, 15);
  });

  it('CPU-bound time shrinks with memory up to one vCPU (1,769 MB), waiting does not', () => {
    expect(modelledDurationMs(10, 1769)).toBeCloseTo(10, 9);
    expect(modelledDurationMs(10, 128)).toBeCloseTo((10 * 1769) / 128, 9);
    // A single-threaded handler gets no faster past one vCPU.
    expect(modelledDurationMs(10, 3008)).toBeCloseTo(10, 9);
    expect(modelledDurationMs(10, 512, 5) - modelledDurationMs(10, 512)).toBeCloseTo(5, 9);
  });

  it('picks the cheapest, the fastest and a balanced size from measured samples', () => {
    // A CPU-bound handler (1,769 ms at 128 MB... 100 ms at 1,769 MB) plus a 20 ms wait.
    const sizes = [128, 256, 512, 1024, 1769, 3008];
    const samples = sizes.map(
      (m) =>
        [m, Array.from({ length: 10 }, () => warm(Math.ceil(modelledDurationMs(100, m, 20))))] as [
          number,
          PowerSample[],
        ],
    );
    const report = analysePowerTuning(samples, { balancedWeight: 0.5 });
    expect(report.results.map((r) => r.memoryMb)).toEqual(sizes);
    expect(report.cheapest.memoryMb).toBe(128);
    expect(report.fastest.memoryMb).toBe(1769);
    // Cost grows only with the wait's share: 3008 MB is as fast as 1,769 MB and dearer.
    const at = (m: number) => report.results.find((r) => r.memoryMb === m)!;
    expect(at(3008).costUsd).toBeGreaterThan(at(1769).costUsd);
    expect(at(3008).billedMs).toBe(at(1769).billedMs);
    expect(sizes).toContain(report.balanced.memoryMb);
    expect(report.balanced.memoryMb).not.toBe(3008);
    expect(cheapestSizes(report.results)).toEqual([128, 256]);
  });

  it('a cold start among ten samples is trimmed away', () => {
    const list = [
      { durationMs: 40, billedMs: 400, coldStart: true },
      ...Array.from({ length: 9 }, () => warm(40)),
    ];
    const report = analysePowerTuning([[512, list]]);
    expect(report.results[0]!.billedMs).toBe(40);
  });

  it('runs every size N times, interleaved, reporting progress', async () => {
    const calls: Array<[number, number]> = [];
    const progress: number[] = [];
    const report = await runPowerTuning({
      powerValues: [256, 128],
      invocationsPerValue: 3,
      sample: async (memoryMb, index) => {
        calls.push([memoryMb, index]);
        return warm(memoryMb === 128 ? 20 : 11);
      },
      onProgress: (done) => progress.push(done),
    });
    // Interleaved, so a burst of load on the machine does not land on one size only.
    expect(calls).toEqual([
      [256, 0],
      [128, 0],
      [256, 1],
      [128, 1],
      [256, 2],
      [128, 2],
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    // 128 MB × 20 ms (2,560 MB-ms) is cheaper than 256 MB × 11 ms (2,816 MB-ms); 256 is faster.
    expect(report.cheapest.memoryMb).toBe(128);
    expect(report.fastest.memoryMb).toBe(256);
  });
});
