/**
 * The explorer's model: a few execution environments, each a real `environmentMachine` actor driven by modelled
 * phase durations on a VirtualClock. It turns their state changes into a two-lane timeline (what AWS does, what
 * your code does, which parts are billed) and the exact log lines Lambda would write. Pure TypeScript: the React
 * view only renders snapshots and forwards clicks.
 */
import { createActor, type ActorRefFrom } from 'xstate';
import {
  VirtualClock,
  billedDurationMs,
  computeDurationMs,
  createModelledActors,
  createRequestIdGenerator,
  environmentMachine,
  formatAppLog,
  formatEnd,
  formatInitReport,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeoutLine,
  createRng,
  modelColdStart,
  stateIdOf,
  type ActorInput,
  type ColdStartPhases,
  type PhaseResult,
  type Rng,
  type RuntimeId,
} from '../../sim';

export interface ExplorerSettings {
  memoryMb: number;
  runtime: RuntimeId;
  /** Unzipped package size, MB. */
  packageMb: number;
  vpc: boolean;
  extensions: number;
  timeoutS: number;
}

export const DEFAULT_SETTINGS: ExplorerSettings = {
  memoryMb: 512,
  runtime: 'nodejs22.x',
  packageMb: 5,
  vpc: false,
  extensions: 0,
  timeoutS: 3,
};

export const MAX_ENVIRONMENTS = 6;
/** Illustrative: AWS does not promise how long an idle environment lives. */
export const IDLE_LIFETIME_RANGE_MS: readonly [number, number] = [5 * 60_000, 15 * 60_000];
/** Handler work at 1 vCPU (half CPU-bound), ms — illustrative. */
export const HANDLER_BASE_MS = 60;
const RESET_MS = 150;
const SHUTDOWN_MS = 300;

export type Lane = 'aws' | 'code';
export type SegmentKind =
  | 'download'
  | 'sandbox'
  | 'vpc'
  | 'extensions'
  | 'runtime'
  | 'function'
  | 'reinit'
  | 'handler'
  | 'frozen'
  | 'reset'
  | 'shutdown';

export interface Segment {
  id: number;
  env: number;
  lane: Lane;
  kind: SegmentKind;
  label: string;
  start: number;
  /** null while still running. */
  end: number | null;
  billed: boolean;
  requestId?: string;
}

export interface EnvironmentView {
  /** 1-based, as shown to learners. */
  number: number;
  state: string;
  provisioned: boolean;
  invocations: number;
  inits: number;
  resets: number;
  gone: boolean;
}

export interface SessionSnapshot {
  now: number;
  environments: EnvironmentView[];
  segments: Segment[];
  logs: string[];
  /** Something is mid-phase (not frozen, shut down or waiting). */
  busy: boolean;
  provisioned: boolean;
  notice: string | null;
  settings: ExplorerSettings;
}

type Fault = 'timeout' | 'crash';

interface Env {
  number: number;
  actor: ActorRefFrom<typeof environmentMachine>;
  state: string;
  provisioned: boolean;
  gone: boolean;
  open: Segment | null;
  initStart: number;
  invokeStart: number;
  requestId: string | null;
  cold: boolean;
  initDurationMs: number | undefined;
  initTimedOut: boolean;
  fault: Fault | null;
  phases: ColdStartPhases;
}

const LABELS: Record<SegmentKind, { lane: Lane; label: string }> = {
  download: { lane: 'aws', label: 'Download code' },
  sandbox: { lane: 'aws', label: 'Start sandbox' },
  vpc: { lane: 'aws', label: 'Attach VPC' },
  extensions: { lane: 'aws', label: 'Extensions init' },
  runtime: { lane: 'aws', label: 'Runtime init' },
  function: { lane: 'code', label: 'Your init code' },
  reinit: { lane: 'aws', label: 'Init again (inside the invoke)' },
  handler: { lane: 'code', label: 'Handler' },
  frozen: { lane: 'aws', label: 'Frozen' },
  reset: { lane: 'aws', label: 'Reset' },
  shutdown: { lane: 'aws', label: 'Shutdown' },
};

export class LifecycleSession {
  readonly clock: VirtualClock;
  private settings: ExplorerSettings;
  private envs: Env[] = [];
  private segments: Segment[] = [];
  private logs: string[] = [];
  private segSeq = 0;
  private reqSeq = 0;
  private readonly requestIds: (n: number) => string;
  private readonly rng: Rng;
  private provisioned = false;
  private notice: string | null = null;
  private listeners = new Set<() => void>();
  private snapshot: SessionSnapshot | null = null;

  constructor(
    settings: Partial<ExplorerSettings> = {},
    options: { seed?: number; clock?: VirtualClock } = {},
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.clock = options.clock ?? new VirtualClock();
    this.requestIds = createRequestIdGenerator(options.seed ?? 2026);
    this.rng = createRng(options.seed ?? 2026);
  }

  // ---------------------------------------------------------------------------------------------- reading

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => {
    if (!this.snapshot) {
      this.snapshot = {
        now: this.clock.now(),
        environments: this.envs.map((e) => {
          const c = e.actor.getSnapshot().context;
          return {
            number: e.number,
            state: e.state,
            provisioned: e.provisioned,
            invocations: c.invocations,
            inits: c.inits,
            resets: c.resets,
            gone: e.gone,
          };
        }),
        segments: this.segments.slice(),
        logs: this.logs.slice(),
        busy: this.isBusy(),
        provisioned: this.provisioned,
        notice: this.notice,
        settings: this.settings,
      };
    }
    return this.snapshot;
  };

  /** Modelled phase durations for the current settings (illustrative). */
  phases(): ColdStartPhases {
    const s = this.settings;
    return modelColdStart({
      runtime: s.runtime,
      packageMb: s.packageMb,
      memoryMb: s.memoryMb,
      vpc: s.vpc,
      extensions: s.extensions,
    });
  }

  handlerMs(): number {
    return computeDurationMs(HANDLER_BASE_MS, this.settings.memoryMb, { cpuBoundFraction: 0.5 });
  }

  // ---------------------------------------------------------------------------------------------- actions

  invoke(count = 1, fault: Fault | null = null): void {
    this.notice = null;
    for (let i = 0; i < count; i++) {
      const env = this.route();
      if (!env) {
        this.notice = `All ${MAX_ENVIRONMENTS} environments in this explorer are busy; Lambda would add more (or throttle at your concurrency limit).`;
        break;
      }
      const requestId = this.requestIds(++this.reqSeq);
      env.fault = fault;
      env.actor.send({ type: 'invoke.requested', request: { requestId } });
    }
    this.changed();
  }

  injectTimeout(): void {
    this.invoke(1, 'timeout');
  }

  injectCrash(): void {
    this.invoke(1, 'crash');
  }

  /** Finish everything in flight at once (or, when nothing runs, move on one minute). */
  fastForward(): void {
    if (!this.isBusy()) {
      this.clock.advanceBy(60_000);
      this.changed();
      return;
    }
    this.settle();
  }

  /** Run the clock until no environment is mid-phase (used for reduced motion and Fast-forward). */
  settle(): void {
    let guard = 0;
    while (this.isBusy() && guard++ < 10_000) {
      const next = this.clock.nextAt();
      if (next === undefined) break;
      this.clock.advanceTo(next);
    }
    this.changed();
  }

  /** Let time pass until every on-demand environment has been reclaimed. */
  letIdle(): void {
    const limit = this.clock.now() + 4 * 3_600_000;
    let guard = 0;
    while (this.envs.some((e) => !e.gone && !e.provisioned) && guard++ < 10_000) {
      const next = this.clock.nextAt();
      if (next === undefined || next > limit) break;
      this.clock.advanceTo(next);
    }
    this.changed();
  }

  setProvisioned(on: boolean): void {
    if (on === this.provisioned) return;
    this.provisioned = on;
    if (on) {
      this.createEnv(true).actor.send({ type: 'provision.requested' });
    } else {
      for (const e of this.envs) {
        if (e.provisioned && !e.gone) e.actor.send({ type: 'shutdown.requested' });
      }
    }
    this.changed();
  }

  /**
   * New settings publish a new function version: environments of the old one are retired when idle, like Lambda
   * does after a configuration change.
   */
  updateSettings(patch: Partial<ExplorerSettings>): void {
    this.settings = { ...this.settings, ...patch };
    for (const e of this.envs) {
      if (!e.gone && e.state === 'frozen') e.actor.send({ type: 'shutdown.requested' });
    }
    if (this.provisioned) {
      this.provisioned = false;
      this.setProvisioned(true);
    }
    this.changed();
  }

  reset(): void {
    for (const e of this.envs) e.actor.stop();
    this.envs = [];
    this.segments = [];
    this.logs = [];
    this.provisioned = false;
    this.notice = null;
    this.changed();
  }

  dispose(): void {
    for (const e of this.envs) e.actor.stop();
    this.listeners.clear();
  }

  // ---------------------------------------------------------------------------------------------- internals

  private isBusy(): boolean {
    return this.envs.some((e) => !e.gone && e.state !== 'frozen' && e.state !== 'created');
  }

  private changed(): void {
    this.snapshot = null;
    for (const l of this.listeners) l();
  }

  /** Provisioned and idle → warm and idle → a new environment (same order as the service model). */
  private route(): Env | null {
    const idle = this.envs.filter((e) => !e.gone && e.state === 'frozen');
    const prov = idle.find((e) => e.provisioned && !e.actor.getSnapshot().context.needsInit);
    if (prov) return prov;
    const warm = idle.filter((e) => !e.provisioned).sort((a, b) => b.invokeStart - a.invokeStart)[0];
    if (warm) return warm;
    const provReset = idle.find((e) => e.provisioned);
    if (provReset) return provReset;
    if (this.envs.filter((e) => !e.gone).length >= MAX_ENVIRONMENTS) return null;
    return this.createEnv(false);
  }

  private plan =
    (env: Env) =>
    (input: ActorInput): PhaseResult => {
      const p = env.phases;
      switch (input.phase) {
        case 'sandbox':
          return { durationMs: p.platformMs };
        case 'extensions':
          return { durationMs: p.extensionsMs };
        case 'runtime':
          return { durationMs: p.runtimeMs };
        case 'function':
          return { durationMs: p.functionMs };
        case 'reinit':
          return { durationMs: p.initMs };
        case 'handler': {
          const ms = this.handlerMs();
          if (env.fault === 'timeout') return { durationMs: this.settings.timeoutS * 1000 + 2000 };
          if (env.fault === 'crash') return { durationMs: ms * 0.4, crash: true };
          return { durationMs: ms, maxMemoryUsedMb: this.maxMemoryUsedMb() };
        }
        case 'reset':
          return { durationMs: RESET_MS };
        case 'shutdown':
          return { durationMs: SHUTDOWN_MS };
      }
    };

  private maxMemoryUsedMb(): number {
    const base = this.settings.runtime.startsWith('java')
      ? 110
      : this.settings.runtime.startsWith('dotnet')
        ? 90
        : 62;
    return Math.min(
      this.settings.memoryMb,
      Math.round(base + this.settings.packageMb * 0.6 + this.rng() * 4),
    );
  }

  private createEnv(provisioned: boolean): Env {
    const number = this.envs.length + 1;
    const [lo, hi] = IDLE_LIFETIME_RANGE_MS;
    const env = {
      number,
      state: 'created',
      provisioned,
      gone: false,
      open: null,
      initStart: 0,
      invokeStart: 0,
      requestId: null,
      cold: false,
      initDurationMs: undefined,
      initTimedOut: false,
      fault: null,
      phases: this.phases(),
    } as unknown as Env;
    const actors = createModelledActors(this.clock, this.plan(env));
    env.actor = createActor(environmentMachine.provide({ actors }), {
      input: {
        environmentId: `env-${number}`,
        timeoutMs: this.settings.timeoutS * 1000,
        idleLifetimeMs: Math.round(lo + (hi - lo) * this.rng()),
        provisioned,
      },
      clock: this.clock.xstateClock(),
    });
    this.envs.push(env);
    env.actor.subscribe((snap) => this.onSnapshot(env, stateIdOf(snap)));
    env.actor.start();
    return env;
  }

  private openSegment(
    env: Env,
    kind: SegmentKind,
    start: number,
    billed: boolean,
    end: number | null = null,
  ): Segment {
    const seg: Segment = {
      id: ++this.segSeq,
      env: env.number,
      lane: LABELS[kind].lane,
      kind,
      label: LABELS[kind].label,
      start,
      end,
      billed,
      ...(env.requestId ? { requestId: env.requestId } : {}),
    };
    this.segments.push(seg);
    if (this.segments.length > 400) this.segments.splice(0, this.segments.length - 400);
    return seg;
  }

  private log(line: string): void {
    this.logs.push(line);
    if (this.logs.length > 300) this.logs.splice(0, this.logs.length - 300);
  }

  private onSnapshot(env: Env, next: string): void {
    const prev = env.state;
    if (next === prev) return;
    const now = this.clock.now();
    const ctx = env.actor.getSnapshot().context;
    env.state = next;
    if (env.open) {
      env.open.end = now;
      env.open = null;
    }
    const billInit = !env.provisioned; // on-demand Init is billed since 1 Aug 2025

    // Leaving states: log what Lambda logs at that moment.
    if (prev.startsWith('initializing.') && !next.startsWith('initializing.')) {
      const initMs = now - env.initStart;
      if (next === 'invoking.reinitializing' || (next === 'shuttingDown' && ctx.initTimedOut)) {
        env.initTimedOut = true;
        this.log(formatInitReport({ initDurationMs: initMs, phase: 'init', status: 'timeout' }));
      } else {
        env.initDurationMs = initMs;
      }
    }
    if (prev.startsWith('invoking.') && !next.startsWith('invoking.'))
      this.endInvoke(env, now, ctx.lastOutcome);

    // Entering states.
    if (next.startsWith('initializing.') && !prev.startsWith('initializing.')) {
      env.initStart = now;
      env.initDurationMs = undefined;
      env.initTimedOut = false;
      if (ctx.request) env.requestId = ctx.request.requestId;
      this.log(formatInitStart(this.settings.runtime));
    }
    if (next.startsWith('invoking.') && !prev.startsWith('invoking.')) {
      env.requestId = ctx.request?.requestId ?? null;
      env.invokeStart = now;
      env.cold = ctx.coldStart;
      if (env.requestId) this.log(formatStart(env.requestId));
    }
    if (next === 'invoking.running' && env.requestId) {
      this.log(formatAppLog(now, env.requestId, 'INFO', `handling request (cold start: ${env.cold})`));
    }

    switch (next) {
      case 'starting': {
        env.requestId = ctx.request?.requestId ?? null;
        const p = env.phases;
        let t = now;
        env.open = null;
        this.openSegment(env, 'download', t, false, (t += p.codeDownloadMs));
        if (p.vpcMs > 0) this.openSegment(env, 'vpc', t, false, (t += p.vpcMs));
        env.open = this.openSegment(env, 'sandbox', t, false);
        break;
      }
      case 'initializing.extensions':
        env.open = this.openSegment(env, 'extensions', now, billInit);
        break;
      case 'initializing.runtime':
        env.open = this.openSegment(env, 'runtime', now, billInit);
        break;
      case 'initializing.function':
        env.open = this.openSegment(env, 'function', now, billInit);
        break;
      case 'invoking.reinitializing':
        env.open = this.openSegment(env, 'reinit', now, true);
        break;
      case 'invoking.running':
        env.open = this.openSegment(env, 'handler', now, true);
        break;
      case 'frozen':
        env.requestId = null;
        env.open = this.openSegment(env, 'frozen', now, false);
        break;
      case 'resetting':
        env.open = this.openSegment(env, 'reset', now, false);
        break;
      case 'shuttingDown':
        env.requestId = null;
        env.open = this.openSegment(env, 'shutdown', now, false);
        break;
      case 'shutdown':
        env.gone = true;
        break;
    }
    this.changed();
  }

  private endInvoke(env: Env, now: number, outcome: string | null): void {
    const id = env.requestId;
    if (!id) return;
    const durationMs = now - env.invokeStart;
    if (outcome === 'timeout') this.log(formatTimeoutLine(now, id, this.settings.timeoutS));
    if (outcome === 'crash') {
      this.log(`RequestId: ${id} Error: Runtime exited with error: signal: killed`);
      this.log('Runtime.ExitError');
    }
    this.log(formatEnd(id));
    const cold = env.cold && env.initDurationMs !== undefined;
    const initMs = cold ? env.initDurationMs! : 0;
    const billed = billedDurationMs(durationMs, initMs, { initBilled: !env.provisioned });
    this.log(
      formatReport({
        requestId: id,
        durationMs,
        billedMs: billed,
        memoryMb: this.settings.memoryMb,
        maxMemoryUsedMb: this.maxMemoryUsedMb(),
        ...(cold ? { initDurationMs: initMs } : {}),
      }),
    );
    env.cold = false;
    env.fault = null;
  }
}
