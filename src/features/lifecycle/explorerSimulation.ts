/**
 * The explorer's model: one function on the Lambda service (src/sim), run by the actor executor with modelled
 * phases on a VirtualClock, so every environment is a live environmentMachine actor the statechart can follow.
 * Everything Lambda decides — routing, the reserved-concurrency throttle, provisioned concurrency on an alias,
 * the log lines, billing — comes from the service; this file only turns its state changes into a two-lane
 * timeline (what AWS does, what your code does, which parts are billed) and snapshots for the view.
 */
import {
  ActorExecutor,
  LambdaService,
  ModelledPhases,
  VirtualClock,
  computeDurationMs,
  modelColdStart,
  type ColdStartPhases,
  type FunctionConfigInput,
  type RuntimeId,
  type ServiceEvent,
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

/** The explorer's function has this much reserved concurrency: a 7th concurrent request is throttled. */
export const MAX_ENVIRONMENTS = 6;
/** Illustrative: AWS does not promise how long an idle environment lives. */
export const IDLE_LIFETIME_RANGE_MS: readonly [number, number] = [5 * 60_000, 15 * 60_000];
/** Handler work at 1 vCPU (half CPU-bound), ms — illustrative. */
export const HANDLER_BASE_MS = 60;
const FUNCTION_NAME = 'explorer-fn';
const ALIAS = 'live';

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

export interface SimulationSnapshot {
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

interface Tracked {
  number: number;
  state: string;
  provisioned: boolean;
  gone: boolean;
  open: Segment | null;
  requestId: string | null;
  invocations: number;
  inits: number;
  resets: number;
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

function functionInput(s: ExplorerSettings): FunctionConfigInput {
  return {
    name: FUNCTION_NAME,
    memoryMb: s.memoryMb,
    timeoutS: s.timeoutS,
    runtime: s.runtime,
    packageMb: s.packageMb,
    vpc: s.vpc,
    extensions: s.extensions,
    handler: {
      durationMs: HANDLER_BASE_MS,
      cpuBoundFraction: 0.5,
      result: (ctx) => {
        const fault = (ctx.payload as { fault?: Fault } | undefined)?.fault;
        return fault === 'timeout' ? 'timeout' : fault === 'crash' ? 'crash' : 'success';
      },
      logs: (ctx) => [`handling request (cold start: ${ctx.coldStart})`],
    },
  };
}

export class ExplorerSimulation {
  clock: VirtualClock;
  private service!: LambdaService;
  private settings: ExplorerSettings;
  private readonly seed: number;
  private tracked = new Map<number, Tracked>();
  private segments: Segment[] = [];
  private segSeq = 0;
  private provisioned = false;
  private notice: string | null = null;
  private listeners = new Set<() => void>();
  private snapshot: SimulationSnapshot | null = null;
  private off: (() => void) | null = null;

  constructor(settings: Partial<ExplorerSettings> = {}, options: { seed?: number } = {}) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.seed = options.seed ?? 2026;
    this.clock = new VirtualClock();
    this.build();
  }

  private build(): void {
    this.off?.();
    this.service?.executor.dispose?.();
    this.service = new LambdaService({
      clock: this.clock,
      executor: new ActorExecutor(new ModelledPhases()),
      logs: true,
      seed: this.seed,
      idleLifetimeMs: IDLE_LIFETIME_RANGE_MS,
    });
    const created = this.service.createFunction(functionInput(this.settings));
    if (!created.ok) throw new Error(created.message);
    this.service.putFunctionConcurrency(FUNCTION_NAME, MAX_ENVIRONMENTS);
    this.off = this.service.subscribe((e) => this.onEvent(e));
  }

  // ---------------------------------------------------------------------------------------------- reading

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SimulationSnapshot => {
    if (!this.snapshot) {
      const logs = this.service.logLines(FUNCTION_NAME);
      this.snapshot = {
        now: this.clock.now(),
        environments: [...this.tracked.values()].map((t) => ({
          number: t.number,
          state: t.state,
          provisioned: t.provisioned,
          invocations: t.invocations,
          inits: t.inits,
          resets: t.resets,
          gone: t.gone,
        })),
        segments: this.segments.slice(),
        logs: logs.slice(-300),
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
      const inv = this.service.invoke(FUNCTION_NAME, {
        ...(fault ? { payload: { fault } } : {}),
        ...(this.provisioned ? { qualifier: ALIAS } : {}),
      });
      if (inv.outcome === 'throttled') {
        this.notice = `Throttled: 429 TooManyRequestsException "Rate Exceeded." — this function has reserved concurrency ${MAX_ENVIRONMENTS}, and all ${MAX_ENVIRONMENTS} environments are busy.`;
        break;
      }
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

  /** Step mode: run the clock to the next change of any environment's state (one phase boundary). */
  step(): boolean {
    const before = this.segSeq;
    let guard = 0;
    // One timer at a time: phases that take no time (no extensions) are still a step of their own.
    while (this.isBusy() && this.segSeq === before && guard++ < 1000) {
      if (!this.clock.runNext()) break;
    }
    this.changed();
    return this.segSeq !== before;
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
    while ([...this.tracked.values()].some((e) => !e.gone && !e.provisioned) && guard++ < 10_000) {
      const next = this.clock.nextAt();
      if (next === undefined || next > limit) break;
      this.clock.advanceTo(next);
    }
    this.changed();
  }

  /**
   * Provisioned concurrency goes on a published version or an alias, never $LATEST: switching it on publishes
   * $LATEST, points alias `live` at it, provisions one environment there, and sends invocations to the alias.
   */
  setProvisioned(on: boolean): void {
    if (on === this.provisioned) return;
    const svc = this.service;
    if (on) {
      const v = svc.publishVersion(FUNCTION_NAME);
      if (!v.ok) throw new Error(v.message);
      const hasAlias = svc.listAliases(FUNCTION_NAME).some((a) => a.name === ALIAS);
      const a = hasAlias
        ? svc.updateAlias(FUNCTION_NAME, ALIAS, v.version)
        : svc.createAlias(FUNCTION_NAME, ALIAS, v.version);
      if (!a.ok) throw new Error(a.message);
      const p = svc.putProvisionedConcurrency(FUNCTION_NAME, ALIAS, 1);
      if (!p.ok) throw new Error(p.message);
      this.notice = `Provisioned concurrency 1 on alias "${ALIAS}" (version ${v.version}): invocations now go to the alias.`;
    } else {
      svc.deleteProvisionedConcurrency(FUNCTION_NAME, ALIAS);
      this.notice = null;
    }
    this.provisioned = on;
    this.changed();
  }

  /**
   * New settings are a new $LATEST: its environments start cold, and idle environments of the old one shut down,
   * as Lambda does after a configuration change. With provisioned concurrency on, the alias moves to a newly
   * published version and the provisioned environment is replaced.
   */
  updateSettings(patch: Partial<ExplorerSettings>): void {
    this.settings = { ...this.settings, ...patch };
    const { name: _name, ...rest } = functionInput(this.settings);
    const res = this.service.updateFunction(FUNCTION_NAME, rest);
    if (!res.ok) {
      this.notice = res.message;
      this.changed();
      return;
    }
    if (this.provisioned) {
      const v = this.service.publishVersion(FUNCTION_NAME);
      if (v.ok) this.service.updateAlias(FUNCTION_NAME, ALIAS, v.version);
    }
    this.changed();
  }

  reset(): void {
    this.clock = new VirtualClock();
    this.tracked = new Map();
    this.segments = [];
    this.provisioned = false;
    this.notice = null;
    this.build();
    this.changed();
  }

  dispose(): void {
    this.off?.();
    this.service.executor.dispose?.();
    this.listeners.clear();
  }

  // ---------------------------------------------------------------------------------------------- internals

  private isBusy(): boolean {
    for (const t of this.tracked.values())
      if (!t.gone && t.state !== 'frozen' && t.state !== 'created' && t.state !== 'shutdown') return true;
    return false;
  }

  private changed(): void {
    this.snapshot = null;
    for (const l of this.listeners) l();
  }

  private onEvent(e: ServiceEvent): void {
    switch (e.type) {
      case 'environment.created':
        this.tracked.set(e.environmentId, {
          number: this.tracked.size + 1,
          state: 'created',
          provisioned: e.provisioned,
          gone: false,
          open: null,
          requestId: null,
          invocations: 0,
          inits: 0,
          resets: 0,
        });
        return;
      case 'invocation.started': {
        const t = this.tracked.get(e.environmentId);
        if (t) t.requestId = e.invocation.requestId;
        return;
      }
      case 'environment.state': {
        const t = this.tracked.get(e.environmentId);
        if (!t) return;
        this.onState(e.environmentId, t, e.from, e.to, e.at);
        this.changed();
        return;
      }
      default:
        return;
    }
  }

  private openSegment(
    t: Tracked,
    kind: SegmentKind,
    start: number,
    billed: boolean,
    end: number | null = null,
  ): Segment {
    const seg: Segment = {
      id: ++this.segSeq,
      env: t.number,
      lane: LABELS[kind].lane,
      kind,
      label: LABELS[kind].label,
      start,
      end,
      billed,
      ...(t.requestId ? { requestId: t.requestId } : {}),
    };
    this.segments.push(seg);
    if (this.segments.length > 400) this.segments.splice(0, this.segments.length - 400);
    return seg;
  }

  private onState(id: number, t: Tracked, prev: string, next: string, now: number): void {
    t.state = next;
    if (t.open) {
      t.open.end = now;
      t.open = null;
    }
    const view = this.service.environments(FUNCTION_NAME).find((e) => e.id === id);
    if (view) {
      t.invocations = view.invocations;
      t.inits = view.inits;
      t.resets = view.resets;
    }
    // On-demand Init is billed since 1 Aug 2025; provisioned environments' Init is not billed as duration.
    const billInit = !t.provisioned;
    if (prev.startsWith('invoking') && !next.startsWith('invoking')) t.requestId = null;
    switch (next) {
      case 'starting': {
        const p = this.phases();
        let at = now;
        this.openSegment(t, 'download', at, false, (at += p.codeDownloadMs));
        if (p.vpcMs > 0) this.openSegment(t, 'vpc', at, false, (at += p.vpcMs));
        t.open = this.openSegment(t, 'sandbox', at, false);
        break;
      }
      case 'initializing.extensions':
        t.open = this.openSegment(t, 'extensions', now, billInit);
        break;
      case 'initializing.runtime':
        t.open = this.openSegment(t, 'runtime', now, billInit);
        break;
      case 'initializing.function':
        t.open = this.openSegment(t, 'function', now, billInit);
        break;
      case 'invoking.reinitializing':
        t.open = this.openSegment(t, 'reinit', now, true);
        break;
      case 'invoking.running':
        t.open = this.openSegment(t, 'handler', now, true);
        break;
      case 'frozen':
        t.open = this.openSegment(t, 'frozen', now, false);
        break;
      case 'resetting':
        t.open = this.openSegment(t, 'reset', now, false);
        break;
      case 'shuttingDown':
        t.open = this.openSegment(t, 'shutdown', now, false);
        break;
      case 'shutdown':
        t.gone = true;
        break;
    }
  }
}
