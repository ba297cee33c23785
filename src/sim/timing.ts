/**
 * Modelled platform time. AWS publishes no per-phase or per-runtime cold-start timings, so every number here is
 * illustrative (ranges in the spirit of the original module) and the UI must say so with TIMING_NOTE.
 */
import type { Rng } from './random';

export const TIMING_NOTE =
  'Illustrative timings: AWS does not publish per-phase cold-start figures. Platform phases (code download, ' +
  'sandbox start, runtime init, VPC attach) are modelled from your configuration; AWS reports that cold starts ' +
  'affect typically under 1% of invocations.';

export type RuntimeId =
  | 'nodejs24.x'
  | 'nodejs22.x'
  | 'python3.14'
  | 'python3.13'
  | 'python3.12'
  | 'java21'
  | 'dotnet8'
  | 'provided.al2023';

/** Runtimes whose real code the sandbox runs (the others exist as models for the pool and the explorer). */
export const CODE_RUNTIMES = ['nodejs24.x', 'nodejs22.x', 'python3.14'] as const;

/**
 * Deprecated runtimes whose function creation AWS now blocks (see lambda-facts.md: nodejs20.x deprecated on
 * 30 Apr 2026, creation blocked since 31 Aug 2026), with the runtime AWS recommends instead.
 */
export const BLOCKED_RUNTIMES: Readonly<Record<string, RuntimeId>> = {
  'nodejs20.x': 'nodejs24.x',
  'nodejs18.x': 'nodejs24.x',
  'python3.9': 'python3.14',
};

export type Architecture = 'x86_64' | 'arm64';

export interface RuntimeInfo {
  id: RuntimeId;
  label: string;
  /** Shown in INIT_START `Runtime Version:` (illustrative version suffix). */
  runtimeVersion: string;
  /** Illustrative runtime-init range in ms. */
  runtimeInitMs: readonly [number, number];
  /** Illustrative module-level (function init) cost for a small handler, ms at 1 vCPU. */
  functionInitMs: readonly [number, number];
}

export const RUNTIMES: Readonly<Record<RuntimeId, RuntimeInfo>> = {
  'nodejs22.x': {
    id: 'nodejs22.x',
    label: 'Node.js 22',
    runtimeVersion: 'nodejs:22.v41',
    runtimeInitMs: [100, 300],
    functionInitMs: [20, 80],
  },
  'nodejs24.x': {
    id: 'nodejs24.x',
    label: 'Node.js 24',
    runtimeVersion: 'nodejs:24.v12',
    runtimeInitMs: [100, 300],
    functionInitMs: [20, 80],
  },
  'python3.14': {
    id: 'python3.14',
    label: 'Python 3.14',
    runtimeVersion: 'python:3.14.v8',
    runtimeInitMs: [100, 300],
    functionInitMs: [20, 100],
  },
  'python3.13': {
    id: 'python3.13',
    label: 'Python 3.13',
    runtimeVersion: 'python:3.13.v24',
    runtimeInitMs: [100, 300],
    functionInitMs: [20, 100],
  },
  'python3.12': {
    id: 'python3.12',
    label: 'Python 3.12',
    runtimeVersion: 'python:3.12.v60',
    runtimeInitMs: [100, 300],
    functionInitMs: [20, 100],
  },
  java21: {
    id: 'java21',
    label: 'Java 21',
    runtimeVersion: 'java:21.v35',
    runtimeInitMs: [500, 3000],
    functionInitMs: [100, 600],
  },
  dotnet8: {
    id: 'dotnet8',
    label: '.NET 8',
    runtimeVersion: 'dotnet:8.v37',
    runtimeInitMs: [200, 500],
    functionInitMs: [50, 200],
  },
  'provided.al2023': {
    id: 'provided.al2023',
    label: 'OS-only (provided.al2023)',
    runtimeVersion: 'provided:al2023.v94',
    runtimeInitMs: [20, 60],
    functionInitMs: [5, 30],
  },
};

export const RUNTIME_IDS = Object.keys(RUNTIMES) as RuntimeId[];

/** 1,769 MB buys one vCPU (AWS docs); CPU share is proportional to memory. */
export const MB_PER_VCPU = 1769;

export function cpuShare(memoryMb: number): number {
  return memoryMb / MB_PER_VCPU;
}

export interface ComputeOptions {
  /** Share of the handler's time that is CPU-bound (the rest is waiting on I/O). Default 1. */
  cpuBoundFraction?: number;
  /** Threads the handler can keep busy. Default 1: a single-threaded handler cannot use more than 1 vCPU. */
  threads?: number;
}

/** Multiplier applied to a duration measured at 1 vCPU. */
export function computeScale(memoryMb: number, options: ComputeOptions = {}): number {
  const threads = options.threads ?? 1;
  const f = options.cpuBoundFraction ?? 1;
  const usable = Math.min(cpuShare(memoryMb), threads);
  return f / usable + (1 - f);
}

export function computeDurationMs(
  baseMsAt1Vcpu: number,
  memoryMb: number,
  options: ComputeOptions = {},
): number {
  return baseMsAt1Vcpu * computeScale(memoryMb, options);
}

export interface ColdStartConfig {
  runtime: RuntimeId;
  /** Unzipped package size including layers, MB. */
  packageMb: number;
  memoryMb: number;
  vpc: boolean;
  /** Extensions configured (each adds illustrative init time). Default 0. */
  extensions?: number;
}

export interface ColdStartPhases {
  codeDownloadMs: number;
  sandboxStartMs: number;
  vpcMs: number;
  extensionsMs: number;
  runtimeMs: number;
  functionMs: number;
  /** Unreported platform work before Init (download + sandbox + VPC). */
  platformMs: number;
  /** What REPORT's `Init Duration` covers: extensions + runtime + function init. */
  initMs: number;
}

/**
 * Illustrative phase durations. Without an rng the midpoint of each range is used (stable for lessons and
 * snapshots); with one, a uniform draw.
 */
export function modelColdStart(cfg: ColdStartConfig, rng?: Rng): ColdStartPhases {
  const pick = (lo: number, hi: number) => (rng ? lo + (hi - lo) * rng() : (lo + hi) / 2);
  const info = RUNTIMES[cfg.runtime];
  // Download grows with the package: ~100 ms floor, +~1.6 ms per MB (250 MB → ≈ 500 ms, the module's upper bound).
  const codeDownloadMs = pick(90, 110) + 1.6 * Math.max(0, cfg.packageMb);
  const sandboxStartMs = pick(50, 100);
  // Hyperplane ENIs (2019+) are created at configuration time; a cold start pays only a small attach.
  const vpcMs = cfg.vpc ? pick(20, 60) : 0;
  const extensionsMs = (cfg.extensions ?? 0) * pick(20, 80);
  // Runtime start and module code are partly CPU work: less memory, slower init. Init is observed to get some
  // extra CPU at small sizes, so the share used here never drops below that of 512 MB (illustrative).
  const scale = computeScale(Math.max(cfg.memoryMb, 512), { cpuBoundFraction: 0.25 });
  const runtimeMs = pick(info.runtimeInitMs[0], info.runtimeInitMs[1]) * scale;
  const functionMs = (pick(info.functionInitMs[0], info.functionInitMs[1]) + 0.4 * cfg.packageMb) * scale;
  const platformMs = codeDownloadMs + sandboxStartMs + vpcMs;
  return {
    codeDownloadMs,
    sandboxStartMs,
    vpcMs,
    extensionsMs,
    runtimeMs,
    functionMs,
    platformMs,
    initMs: extensionsMs + runtimeMs + functionMs,
  };
}

/**
 * What a small handler's process holds before your code allocates anything (MB), for Max Memory Used when no
 * runtime reports a figure (modelled functions). Illustrative.
 */
export function baselineMemoryMb(runtime: RuntimeId): number {
  if (runtime.startsWith('java')) return 110;
  if (runtime.startsWith('dotnet')) return 90;
  if (runtime.startsWith('python')) return 42;
  if (runtime === 'provided.al2023') return 24;
  return 58;
}

/** Init-phase limits from the Lambda docs. */
export const ON_DEMAND_INIT_LIMIT_MS = 10_000;
export function initLimitMs(provisioned: boolean, timeoutMs: number): number {
  return provisioned ? Math.max(130_000, timeoutMs) : ON_DEMAND_INIT_LIMIT_MS;
}
