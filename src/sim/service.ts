/**
 * The Lambda service: routing to environments, concurrency limits, the scaling rate, throttles, the async queue
 * with retries, DLQ and destinations, billing and logs.
 *
 * Speed matters (the pool widget simulates hours at thousands of requests per second), so environments are plain
 * objects, not XState actors. Their state changes are the machine's own transitions, resolved once from the
 * compiled table (FAST_PATH below): if environment.machine.ts loses a transition the service relies on, this
 * module throws at load, and every step checks it starts from a state where the machine allows it.
 */
import type { Clock } from './clock';
import {
  LIMITS,
  reservedConcurrencyError,
  validateFunctionConfig,
  type FunctionConfig,
  type FunctionConfigInput,
  type HandlerContext,
  type ValidationResult,
} from './config';
import type { ErrorInfo } from './environment.machine';
import { environmentTable, requireTransition, type TransitionInfo } from './environment.table';
import {
  billedDurationMs,
  createRequestIdGenerator,
  formatEnd,
  formatInitReport,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeoutLine,
} from './logs';
import { PRICES } from './pricing';
import { createRng, type Rng } from './random';
import { computeScale, initLimitMs, modelColdStart } from './timing';

// ---------------------------------------------------------------------------------------------------------------
// Fast-path transitions, taken from the machine definition.

export interface FastTransition extends TransitionInfo {
  /** Leaf states in which this transition is enabled (its source or a descendant of it). */
  readonly from: ReadonlySet<string>;
  readonly to: string;
}

function fast(source: string, event: string, guard: string | null = null): FastTransition {
  const t = requireTransition(environmentTable, source, event, guard);
  const from = new Set(
    environmentTable.leafIds.filter((leaf) => environmentTable.lookup(leaf, event).some((x) => x === t)),
  );
  return { ...t, from, to: t.targets[0]! };
}

export const FAST_PATH = {
  coldInvoke: fast('created', 'invoke.requested'),
  provision: fast('created', 'provision.requested'),
  sandboxReady: fast('starting', 'sandbox.ready'),
  extensionsDone: fast('initializing.extensions', 'init.phase.done'),
  runtimeDone: fast('initializing.runtime', 'init.phase.done'),
  functionDoneInvoke: fast('initializing.function', 'init.phase.done', 'hasRequest'),
  functionDoneProvisioned: fast('initializing.function', 'init.phase.done'),
  initTimeoutOnDemand: fast('initializing', 'after:initLimit', 'isOnDemand'),
  initTimeoutProvisioned: fast('initializing', 'after:initLimit'),
  reinitDone: fast('invoking.reinitializing', 'init.phase.done'),
  handlerDone: fast('invoking.running', 'handler.done'),
  handlerCrashed: fast('invoking.running', 'handler.crashed'),
  functionTimeout: fast('invoking', 'after:functionTimeout'),
  resetDoneOnDemand: fast('resetting', 'reset.done'),
  resetDoneProvisioned: fast('resetting', 'reset.done', 'isProvisioned'),
  warmInvoke: fast('frozen', 'invoke.requested'),
  reinitInvoke: fast('frozen', 'invoke.requested', 'needsInit'),
  idleExpired: fast('frozen', 'after:idleLifetime', 'isOnDemand'),
  shutdownRequested: fast('frozen', 'shutdown.requested'),
  shutdownDone: fast('shuttingDown', 'shutdown.done'),
} as const;

export type FastPathName = keyof typeof FAST_PATH;

const S_CREATED = environmentTable.initial;

// ---------------------------------------------------------------------------------------------------------------
// Public types

export type InvocationType = 'sync' | 'async';
export type Outcome = 'success' | 'error' | 'throttled' | 'dlq' | 'destination';
export type ThrottleReason =
  | 'ConcurrentInvocationLimitExceeded'
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'FunctionInvocationRateLimitExceeded';

export interface ThrottleInfo {
  statusCode: 429;
  errorType: 'TooManyRequestsException';
  message: 'Rate Exceeded.';
  reason: ThrottleReason;
}

const THROTTLES: Readonly<Record<ThrottleReason, ThrottleInfo>> = {
  ConcurrentInvocationLimitExceeded: freezeThrottle('ConcurrentInvocationLimitExceeded'),
  ReservedFunctionConcurrentInvocationLimitExceeded: freezeThrottle(
    'ReservedFunctionConcurrentInvocationLimitExceeded',
  ),
  FunctionInvocationRateLimitExceeded: freezeThrottle('FunctionInvocationRateLimitExceeded'),
};

function freezeThrottle(reason: ThrottleReason): ThrottleInfo {
  return Object.freeze({
    statusCode: 429,
    errorType: 'TooManyRequestsException',
    message: 'Rate Exceeded.',
    reason,
  });
}

export interface DestinationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: '$LATEST'; functionError?: 'Unhandled' };
  responsePayload: unknown;
}

export interface Delivery {
  kind: 'dlq' | 'onSuccess' | 'onFailure';
  at: number;
  /** DLQ: the original event only. Destinations: a record with request and response. */
  body: unknown;
}

type AttemptResult = 'success' | 'error' | 'timeout' | 'crash';

export class Invocation {
  /** Final outcome; undefined while in flight or queued. */
  outcome: Outcome | undefined = undefined;
  endedAt = -1;
  /** Executions started for this event (async retries included, duplicates excluded). */
  attempts = 0;
  coldStart = false;
  initMs = 0;
  durationMs = 0;
  billedMs = 0;
  lastResult: AttemptResult | undefined = undefined;
  error: ErrorInfo | undefined = undefined;
  throttle: ThrottleInfo | undefined = undefined;
  /** Async throttles met while retrying. */
  throttles = 0;
  deliveries: Delivery[] | undefined = undefined;
  /** Extra at-least-once executions of the same event. */
  duplicates = 0;
  /** @internal */ shadow = false;
  /** @internal */ retryAt = -1;

  constructor(
    readonly seq: number,
    readonly functionName: string,
    readonly type: InvocationType,
    readonly receivedAt: number,
    readonly payload: unknown,
    readonly onEnd: ((inv: Invocation) => void) | undefined,
  ) {}
}

export interface InvokeOptions {
  type?: InvocationType;
  payload?: unknown;
  onEnd?: (inv: Invocation) => void;
}

export type ServiceEvent =
  | { type: 'invocation.ended'; invocation: Invocation }
  | { type: 'invocation.retryScheduled'; invocation: Invocation; at: number; cause: 'error' | 'throttle' }
  | { type: 'environment.created'; functionName: string; environmentId: number; provisioned: boolean }
  | { type: 'environment.ready'; functionName: string; environmentId: number; provisioned: boolean }
  | { type: 'environment.shutdown'; functionName: string; environmentId: number; provisioned: boolean };

export type ScalingModel = { model: 'current' } | { model: 'legacy'; burst: number };

export interface ServiceOptions {
  clock: Clock;
  accountConcurrencyLimit?: number;
  scaling?: ScalingModel;
  seed?: number;
  /** Idle lifetime before an on-demand environment is reclaimed, drawn per environment. Illustrative; default 5–30 min. */
  idleLifetimeMs?: readonly [number, number];
  /** Chance that an async event is delivered (executed) one extra time. Default 0. */
  duplicateProbability?: number;
  /** Delay between accepting an async event and its first attempt. Default 0. */
  asyncQueueDelayMs?: number;
  /** Draw init durations per environment (true) or use the model's midpoints (false, default). */
  jitterInit?: boolean;
  onEvent?: (e: ServiceEvent) => void;
  /** Exact log lines; off by default because formatting costs time. */
  logSink?: (line: string, functionName: string) => void;
  /** Time zero of the virtual clock, for log timestamps. */
  epochMs?: number;
}

export interface FunctionMetrics {
  invocations: number;
  coldStarts: number;
  successes: number;
  errors: number;
  timeouts: number;
  crashes: number;
  throttles: number;
  concurrency: number;
  peakConcurrency: number;
  environments: number;
}

export interface ServiceMetrics {
  /** invoke() calls (requests), duplicates excluded. */
  invocations: number;
  /** Executions started (retries and duplicates included). */
  executions: number;
  coldStarts: number;
  outcomes: Record<Outcome, number>;
  throttles: Record<ThrottleReason, number>;
  /** Async attempts throttled and put back in the queue. */
  asyncThrottleRetries: number;
  asyncErrorRetries: number;
  functionErrors: number;
  timeouts: number;
  crashes: number;
  duplicates: number;
  concurrency: number;
  peakConcurrency: number;
  environmentsCreated: number;
  environmentsAlive: number;
  environmentsShutDown: number;
  gbSeconds: number;
  provisionedDurationGbSeconds: number;
  provisionedAllocatedGbSeconds: number;
  cost: { requests: number; duration: number; provisioned: number; total: number };
}

// ---------------------------------------------------------------------------------------------------------------
// Internals

interface Env {
  id: number;
  fn: Fn;
  state: string;
  provisioned: boolean;
  needsInit: boolean;
  busy: boolean;
  /** In an idle list. */
  listed: boolean;
  prev: Env | null;
  next: Env | null;
  idleLifetimeMs: number;
  idleDeadline: number;
  reaperPending: boolean;
  retire: boolean;
  // current invocation
  inv: Invocation | null;
  coldNow: boolean;
  initMs: number;
  initTimedOut: boolean;
  invokeStartAt: number;
  result: AttemptResult;
  handlerMs: number;
  /** Steps still to take before the final one (cold path only). */
  steps: Array<{ at: number; t: FastTransition }> | null;
  stepIndex: number;
  onTimer: () => void;
  onReap: () => void;
}

class IdleList {
  head: Env | null = null;
  size = 0;
  push(e: Env): void {
    e.prev = null;
    e.next = this.head;
    if (this.head) this.head.prev = e;
    this.head = e;
    e.listed = true;
    this.size++;
  }
  pop(): Env | null {
    const e = this.head;
    if (e) this.remove(e);
    return e;
  }
  remove(e: Env): void {
    if (!e.listed) return;
    if (e.prev) e.prev.next = e.next;
    else this.head = e.next;
    if (e.next) e.next.prev = e.prev;
    e.prev = e.next = null;
    e.listed = false;
    this.size--;
  }
}

interface Fn {
  config: FunctionConfig;
  arn: string;
  memGb: number;
  timeoutMs: number;
  durationScale: number;
  fixedHandlerMs: number;
  platformMs: number;
  initMs: number;
  maxMemoryUsedMb: number;
  reserved: number | null;
  /** Busy on-demand environments plus allocated provisioned ones. */
  inUse: number;
  busyOnDemand: number;
  provisionedTarget: number;
  provisionedAlive: number;
  provisionedSince: number;
  idle: IdleList;
  provIdle: IdleList;
  envs: Set<Env>;
  tokens: number;
  tokensAt: number;
  metrics: FunctionMetrics;
}

const REFILL_CURRENT_PER_MS = 1000 / 10_000;
const REFILL_LEGACY_PER_MS = 500 / 60_000;

const TIMEOUT_ERROR_TYPE = 'Sandbox.Timedout';

export class LambdaService {
  readonly clock: Clock;
  readonly accountLimit: number;
  private readonly scaling: ScalingModel;
  private readonly rng: Rng;
  private readonly idleRange: readonly [number, number];
  private readonly duplicateProbability: number;
  private readonly asyncQueueDelayMs: number;
  private readonly jitterInit: boolean;
  private readonly onEvent: ((e: ServiceEvent) => void) | undefined;
  private readonly logSink: ((line: string, functionName: string) => void) | undefined;
  private readonly epochMs: number | undefined;
  readonly requestId: (seq: number) => string;

  private readonly fns = new Map<string, Fn>();
  private seq = 0;
  private envSeq = 0;
  private totalReserved = 0;
  /** Concurrency used by functions without reserved concurrency (the unreserved pool). */
  private unreservedInUse = 0;
  private legacyTokens: number;
  private legacyAt = 0;
  private readonly m: ServiceMetrics;
  /** Test hook: count every fast-path transition taken. */
  transitionCounts: Map<string, number> | null = null;

  constructor(options: ServiceOptions) {
    this.clock = options.clock;
    this.accountLimit = options.accountConcurrencyLimit ?? LIMITS.accountConcurrency;
    this.scaling = options.scaling ?? { model: 'current' };
    if (this.scaling.model === 'legacy' && !(this.scaling.burst >= 500 && this.scaling.burst <= 3000)) {
      throw new RangeError('Legacy burst must be between 500 and 3,000 (the old per-Region burst limits).');
    }
    const seed = options.seed ?? 1;
    this.rng = createRng(seed);
    this.requestId = createRequestIdGenerator(seed);
    this.idleRange = options.idleLifetimeMs ?? [5 * 60_000, 30 * 60_000];
    this.duplicateProbability = options.duplicateProbability ?? 0;
    this.asyncQueueDelayMs = options.asyncQueueDelayMs ?? 0;
    this.jitterInit = options.jitterInit ?? false;
    this.onEvent = options.onEvent;
    this.logSink = options.logSink;
    this.epochMs = options.epochMs;
    this.legacyTokens = this.scaling.model === 'legacy' ? this.scaling.burst : 0;
    this.legacyAt = this.clock.now();
    this.m = {
      invocations: 0,
      executions: 0,
      coldStarts: 0,
      outcomes: { success: 0, error: 0, throttled: 0, dlq: 0, destination: 0 },
      throttles: {
        ConcurrentInvocationLimitExceeded: 0,
        ReservedFunctionConcurrentInvocationLimitExceeded: 0,
        FunctionInvocationRateLimitExceeded: 0,
      },
      asyncThrottleRetries: 0,
      asyncErrorRetries: 0,
      functionErrors: 0,
      timeouts: 0,
      crashes: 0,
      duplicates: 0,
      concurrency: 0,
      peakConcurrency: 0,
      environmentsCreated: 0,
      environmentsAlive: 0,
      environmentsShutDown: 0,
      gbSeconds: 0,
      provisionedDurationGbSeconds: 0,
      provisionedAllocatedGbSeconds: 0,
      cost: { requests: 0, duration: 0, provisioned: 0, total: 0 },
    };
  }

  // ------------------------------------------------------------------------------------------- configuration

  createFunction(input: FunctionConfigInput): ValidationResult {
    const res = validateFunctionConfig(input);
    if (!res.ok) return res;
    if (this.fns.has(res.config.name)) {
      const message = `Function already exist: ${res.config.name}`;
      return { ok: false, errorType: 'InvalidParameterValueException', message, errors: [message] };
    }
    const c = res.config;
    const cold = modelColdStart({
      runtime: c.runtime,
      packageMb: c.unzippedMb,
      memoryMb: c.memoryMb,
      vpc: c.vpc,
      extensions: c.extensions,
    });
    const h = c.handler;
    const now = this.clock.now();
    const fn: Fn = {
      config: c,
      arn: `arn:aws:lambda:us-east-1:123456789012:function:${c.name}`,
      memGb: c.memoryMb / 1024,
      timeoutMs: c.timeoutS * 1000,
      durationScale: computeScale(c.memoryMb, { cpuBoundFraction: h.cpuBoundFraction ?? 0.5 }),
      fixedHandlerMs: typeof h.durationMs === 'function' ? -1 : (h.durationMs ?? 20),
      platformMs: cold.platformMs,
      initMs: h.initMs ?? cold.initMs,
      maxMemoryUsedMb: Math.min(c.memoryMb, h.maxMemoryUsedMb ?? Math.round(48 + c.unzippedMb * 0.6)),
      reserved: null,
      inUse: 0,
      busyOnDemand: 0,
      provisionedTarget: 0,
      provisionedAlive: 0,
      provisionedSince: now,
      idle: new IdleList(),
      provIdle: new IdleList(),
      envs: new Set(),
      tokens: 1000,
      tokensAt: now,
      metrics: {
        invocations: 0,
        coldStarts: 0,
        successes: 0,
        errors: 0,
        timeouts: 0,
        crashes: 0,
        throttles: 0,
        concurrency: 0,
        peakConcurrency: 0,
        environments: 0,
      },
    };
    this.fns.set(c.name, fn);
    return res;
  }

  getFunction(name: string): FunctionConfig | undefined {
    return this.fns.get(name)?.config;
  }

  /** Reserved concurrency: a guaranteed minimum and a maximum. `null` removes it; 0 disables the function. */
  putFunctionConcurrency(name: string, reserved: number | null): { ok: true } | { ok: false; error: string } {
    const fn = this.mustGet(name);
    const elsewhere = this.totalReserved - (fn.reserved ?? 0);
    if (reserved !== null) {
      const err = reservedConcurrencyError(this.accountLimit, elsewhere, reserved);
      if (err) return { ok: false, error: err };
      if (reserved < fn.provisionedTarget) {
        return {
          ok: false,
          error: `ReservedConcurrentExecutions ${reserved} should not be lower than function's total provisioned concurrency [${fn.provisionedTarget}].`,
        };
      }
    }
    // Move this function's usage between the unreserved pool and its own reservation.
    if (fn.reserved === null && reserved !== null) this.unreservedInUse -= fn.inUse;
    if (fn.reserved !== null && reserved === null) this.unreservedInUse += fn.inUse;
    fn.reserved = reserved;
    this.totalReserved = elsewhere + (reserved ?? 0);
    return { ok: true };
  }

  putProvisionedConcurrency(name: string, count: number): { ok: true } | { ok: false; error: string } {
    const fn = this.mustGet(name);
    if (!Number.isInteger(count) || count < 0) {
      return {
        ok: false,
        error: `1 validation error detected: Value '${count}' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      };
    }
    if (fn.reserved !== null && count > fn.reserved) {
      return {
        ok: false,
        error: `Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function`,
      };
    }
    if (fn.reserved === null) {
      let provisionedElsewhere = 0;
      for (const other of this.fns.values()) {
        if (other !== fn && other.reserved === null) provisionedElsewhere += other.provisionedTarget;
      }
      const unreserved = this.accountLimit - this.totalReserved - provisionedElsewhere;
      if (unreserved - count < LIMITS.minUnreserved) {
        return {
          ok: false,
          error: `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${LIMITS.minUnreserved}].`,
        };
      }
    }
    this.accrueProvisioned(fn);
    fn.provisionedTarget = count;
    // Environments still retiring from an earlier decrease count again before new ones are added.
    let retiring = 0;
    for (const e of fn.envs) if (e.provisioned && e.retire) retiring++;
    for (const e of fn.envs) {
      if (retiring <= fn.provisionedAlive - count) break;
      if (e.provisioned && e.retire) {
        e.retire = false;
        retiring--;
      }
    }
    while (fn.provisionedAlive - retiring < count) this.spawnProvisioned(fn);
    if (fn.provisionedAlive - retiring > count) this.trimProvisioned(fn);
    return { ok: true };
  }

  deleteProvisionedConcurrency(name: string): void {
    this.putProvisionedConcurrency(name, 0);
  }

  // ------------------------------------------------------------------------------------------- invoking

  invoke(name: string, options?: InvokeOptions): Invocation {
    const fn = this.mustGet(name);
    const type = options?.type ?? 'sync';
    const inv = new Invocation(++this.seq, name, type, this.clock.now(), options?.payload, options?.onEnd);
    this.m.invocations++;
    fn.metrics.invocations++;
    if (type === 'sync') {
      const reason = this.tryStart(fn, inv);
      if (reason !== null) {
        inv.throttle = THROTTLES[reason];
        this.countThrottle(fn, reason);
        this.finish(inv, 'throttled');
      }
    } else {
      // 202 Accepted: the event waits in Lambda's internal queue.
      this.schedule(this.asyncQueueDelayMs, () => this.attemptAsync(fn, inv));
    }
    return inv;
  }

  metrics(): ServiceMetrics {
    const m = this.m;
    let provisionedAllocated = m.provisionedAllocatedGbSeconds;
    for (const fn of this.fns.values()) {
      provisionedAllocated +=
        fn.provisionedAlive * fn.memGb * ((this.clock.now() - fn.provisionedSince) / 1000);
    }
    const durationCost = this.durationCost;
    const requests = (m.executions / 1_000_000) * PRICES.requestsPerMillion;
    const provisioned = provisionedAllocated * PRICES.provisionedGbSecond;
    return {
      ...m,
      outcomes: { ...m.outcomes },
      throttles: { ...m.throttles },
      provisionedAllocatedGbSeconds: provisionedAllocated,
      cost: { requests, duration: durationCost, provisioned, total: requests + durationCost + provisioned },
    };
  }

  functionMetrics(name: string): FunctionMetrics {
    return { ...this.mustGet(name).metrics };
  }

  /** Busy environments (account-wide, or for one function). */
  concurrency(name?: string): number {
    if (name === undefined) return this.m.concurrency;
    return this.mustGet(name).metrics.concurrency;
  }

  /** A read-only view of a function's environments (for visualisations). */
  environments(name: string): Array<{ id: number; state: string; provisioned: boolean; busy: boolean }> {
    return [...this.mustGet(name).envs].map((e) => ({
      id: e.id,
      state: e.state,
      provisioned: e.provisioned,
      busy: e.busy,
    }));
  }

  // ------------------------------------------------------------------------------------------- internals

  private durationCost = 0;

  private mustGet(name: string): Fn {
    const fn = this.fns.get(name);
    if (!fn) throw new Error(`Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}`);
    return fn;
  }

  private schedule(delay: number, f: () => void): void {
    this.clock.schedule(delay, f);
  }

  private step(env: Env, t: FastTransition): void {
    if (!t.from.has(env.state)) {
      throw new Error(
        `Fast path left the machine: ${env.state} --${t.event}--> (allowed from ${[...t.from].join(', ')})`,
      );
    }
    env.state = t.to;
    if (this.transitionCounts) {
      const k = `${t.source} --${t.event}${t.guard ? ` [${t.guard}]` : ''}--> ${t.target}`;
      this.transitionCounts.set(k, (this.transitionCounts.get(k) ?? 0) + 1);
    }
  }

  private countThrottle(fn: Fn, reason: ThrottleReason): void {
    this.m.throttles[reason]++;
    fn.metrics.throttles++;
  }

  /** Route to provisioned → warm idle → new environment; returns a throttle reason, or null when started. */
  private tryStart(fn: Fn, inv: Invocation): ThrottleReason | null {
    const prov = fn.provIdle.pop();
    if (prov) {
      this.begin(fn, prov, inv);
      return null;
    }
    if (fn.reserved !== null) {
      if (fn.inUse >= fn.reserved) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    } else if (this.unreservedInUse >= this.accountLimit - this.totalReserved) {
      return 'ConcurrentInvocationLimitExceeded';
    }
    let env = fn.idle.pop();
    if (!env) {
      if (!this.takeScalingToken(fn)) return 'FunctionInvocationRateLimitExceeded';
      env = this.createEnv(fn, false);
    }
    fn.inUse++;
    fn.busyOnDemand++;
    if (fn.reserved === null) this.unreservedInUse++;
    this.begin(fn, env, inv);
    return null;
  }

  private takeScalingToken(fn: Fn): boolean {
    const now = this.clock.now();
    if (this.scaling.model === 'current') {
      if (fn.tokens < 1) {
        fn.tokens = Math.min(1000, fn.tokens + (now - fn.tokensAt) * REFILL_CURRENT_PER_MS);
        fn.tokensAt = now;
        if (fn.tokens < 1) return false;
      } else if (fn.tokens < 1000) {
        fn.tokens = Math.min(1000, fn.tokens + (now - fn.tokensAt) * REFILL_CURRENT_PER_MS);
        fn.tokensAt = now;
      } else {
        fn.tokensAt = now;
      }
      fn.tokens -= 1;
      return true;
    }
    const cap = this.scaling.burst;
    this.legacyTokens = Math.min(cap, this.legacyTokens + (now - this.legacyAt) * REFILL_LEGACY_PER_MS);
    this.legacyAt = now;
    if (this.legacyTokens < 1) return false;
    this.legacyTokens -= 1;
    return true;
  }

  private createEnv(fn: Fn, provisioned: boolean): Env {
    const [lo, hi] = this.idleRange;
    const env: Env = {
      id: ++this.envSeq,
      fn,
      state: S_CREATED,
      provisioned,
      needsInit: true,
      busy: false,
      listed: false,
      prev: null,
      next: null,
      idleLifetimeMs: lo + (hi - lo) * this.rng(),
      idleDeadline: 0,
      reaperPending: false,
      retire: false,
      inv: null,
      coldNow: false,
      initMs: 0,
      initTimedOut: false,
      invokeStartAt: 0,
      result: 'success',
      handlerMs: 0,
      steps: null,
      stepIndex: 0,
      onTimer: () => this.envTimer(env),
      onReap: () => this.reap(env),
    };
    fn.envs.add(env);
    fn.metrics.environments++;
    this.m.environmentsCreated++;
    this.m.environmentsAlive++;
    this.onEvent?.({
      type: 'environment.created',
      functionName: fn.config.name,
      environmentId: env.id,
      provisioned,
    });
    return env;
  }

  private drawInit(fn: Fn): { platformMs: number; initMs: number } {
    if (!this.jitterInit || fn.config.handler.initMs !== undefined) {
      return { platformMs: fn.platformMs, initMs: fn.initMs };
    }
    const c = fn.config;
    const p = modelColdStart(
      {
        runtime: c.runtime,
        packageMb: c.unzippedMb,
        memoryMb: c.memoryMb,
        vpc: c.vpc,
        extensions: c.extensions,
      },
      this.rng,
    );
    return { platformMs: p.platformMs, initMs: p.initMs };
  }

  /** Start `inv` on `env`: plan the phases up to the end of the invoke and schedule the next step. */
  private begin(fn: Fn, env: Env, inv: Invocation): void {
    const now = this.clock.now();
    env.busy = true;
    env.inv = inv;
    if (inv.shadow) this.m.duplicates++;
    else inv.attempts++;
    this.m.executions++;
    this.m.concurrency++;
    if (this.m.concurrency > this.m.peakConcurrency) this.m.peakConcurrency = this.m.concurrency;
    const fm = fn.metrics;
    if (++fm.concurrency > fm.peakConcurrency) fm.peakConcurrency = fm.concurrency;

    // Handler time and result for this attempt.
    const h = fn.config.handler;
    let handlerMs: number;
    if (fn.fixedHandlerMs >= 0) {
      handlerMs = fn.fixedHandlerMs * fn.durationScale;
    } else {
      const ctx: HandlerContext = { attempt: inv.attempts, coldStart: env.needsInit, payload: inv.payload };
      handlerMs =
        Math.max(0, (h.durationMs as (rng: Rng, c: HandlerContext) => number)(this.rng, ctx)) *
        fn.durationScale;
    }
    let result: AttemptResult = 'success';
    if (h.crashRate && this.rng() < h.crashRate) result = 'crash';
    else if (h.errorRate && this.rng() < h.errorRate) result = 'error';
    env.handlerMs = handlerMs;

    if (!env.needsInit) {
      // Warm: frozen → invoking.running, one timer for the end.
      this.step(env, FAST_PATH.warmInvoke);
      env.coldNow = false;
      env.initMs = 0;
      env.initTimedOut = false;
      env.invokeStartAt = now;
      env.steps = null;
      this.planEnd(env, now, handlerMs, result);
      return;
    }

    // Cold: created → starting → initializing.* → (reinit) → invoking.running.
    const fresh = env.state === S_CREATED;
    this.step(env, fresh ? FAST_PATH.coldInvoke : FAST_PATH.reinitInvoke);
    env.needsInit = false;
    env.coldNow = true;
    this.m.coldStarts++;
    fm.coldStarts++;
    const { platformMs, initMs } = this.drawInit(fn);
    const steps: Array<{ at: number; t: FastTransition }> = [];
    let t = now;
    if (fresh) {
      t += platformMs;
      steps.push({ at: t, t: FAST_PATH.sandboxReady });
    }
    const limit = initLimitMs(false, fn.timeoutMs);
    let invokeStart: number;
    let reinitMs = 0;
    if (initMs > limit) {
      // Init overran: INIT_REPORT timeout, then Init again inside the invoke, under the function timeout.
      env.initTimedOut = true;
      env.initMs = limit;
      t += limit;
      steps.push({ at: t, t: FAST_PATH.initTimeoutOnDemand });
      invokeStart = t;
      reinitMs = initMs;
      if (reinitMs < fn.timeoutMs) steps.push({ at: t + reinitMs, t: FAST_PATH.reinitDone });
    } else {
      env.initTimedOut = false;
      env.initMs = initMs;
      const third = initMs / 3;
      steps.push({ at: t + third, t: FAST_PATH.extensionsDone });
      steps.push({ at: t + 2 * third, t: FAST_PATH.runtimeDone });
      t += initMs;
      steps.push({ at: t, t: FAST_PATH.functionDoneInvoke });
      invokeStart = t;
    }
    env.invokeStartAt = invokeStart;
    env.steps = steps;
    env.stepIndex = 0;
    env.result = result;
    this.planEndDeferred(env, reinitMs + handlerMs, result);
    this.clock.scheduleAt(steps[0]!.at, env.onTimer);
  }

  private planEnd(env: Env, startAt: number, invokeMs: number, result: AttemptResult): void {
    const timeoutMs = env.fn.timeoutMs;
    if (invokeMs >= timeoutMs) {
      env.result = 'timeout';
      env.handlerMs = timeoutMs;
      this.clock.scheduleAt(startAt + timeoutMs, env.onTimer);
    } else {
      env.result = result;
      env.handlerMs = invokeMs;
      this.clock.scheduleAt(startAt + invokeMs, env.onTimer);
    }
  }

  /** Cold path: the end is scheduled once the init steps have run. */
  private planEndDeferred(env: Env, invokeMs: number, result: AttemptResult): void {
    const timeoutMs = env.fn.timeoutMs;
    if (invokeMs >= timeoutMs) {
      env.result = 'timeout';
      env.handlerMs = timeoutMs;
    } else {
      env.result = result;
      env.handlerMs = invokeMs;
    }
  }

  private envTimer(env: Env): void {
    const steps = env.steps;
    if (steps && env.stepIndex < steps.length) {
      const s = steps[env.stepIndex++]!;
      this.step(env, s.t);
      if (env.stepIndex < steps.length) {
        this.clock.scheduleAt(steps[env.stepIndex]!.at, env.onTimer);
      } else {
        // Init done (or re-init under way): the invoke ends at start + handler (or the timeout).
        env.steps = null;
        this.clock.scheduleAt(env.invokeStartAt + env.handlerMs, env.onTimer);
      }
      return;
    }
    if (!env.busy) return; // provisioned init completion is handled in provisionedReady
    this.complete(env);
  }

  private complete(env: Env): void {
    const fn = env.fn;
    const inv = env.inv!;
    const now = this.clock.now();
    const result = env.result;
    switch (result) {
      case 'success':
      case 'error':
        this.step(env, FAST_PATH.handlerDone);
        break;
      case 'crash':
        this.step(env, FAST_PATH.handlerCrashed);
        break;
      case 'timeout':
        this.step(env, FAST_PATH.functionTimeout);
        break;
    }
    if (result === 'crash' || result === 'timeout') {
      // Reset: the runtime restarts, /tmp is kept, Init runs on the next invoke.
      this.step(env, env.provisioned ? FAST_PATH.resetDoneProvisioned : FAST_PATH.resetDoneOnDemand);
      env.needsInit = true;
    }

    // Billing: duration rounded up to 1 ms; Init billed for on-demand (since Aug 2025).
    const durationMs = env.handlerMs;
    const initMs = env.coldNow ? env.initMs : 0;
    const billed = billedDurationMs(durationMs, initMs, { initBilled: !env.provisioned });
    const gbs = fn.memGb * (billed / 1000);
    if (env.provisioned) {
      this.m.provisionedDurationGbSeconds += gbs;
      this.durationCost += gbs * PRICES.provisionedDurationGbSecond;
    } else {
      this.m.gbSeconds += gbs;
      this.durationCost += gbs * PRICES.durationGbSecond[fn.config.architecture];
    }

    if (!inv.shadow) {
      inv.coldStart = env.coldNow;
      inv.initMs = initMs;
      inv.durationMs = durationMs;
      inv.billedMs = billed;
      inv.lastResult = result;
    }
    const fm = fn.metrics;
    if (result === 'success') fm.successes++;
    else if (result === 'error') {
      fm.errors++;
      this.m.functionErrors++;
    } else if (result === 'timeout') {
      fm.timeouts++;
      this.m.timeouts++;
    } else {
      fm.crashes++;
      this.m.crashes++;
    }
    if (this.logSink) this.writeLogs(env, inv, result, durationMs, billed, now);

    // Release the environment.
    env.busy = false;
    env.inv = null;
    this.m.concurrency--;
    fm.concurrency--;
    if (!env.provisioned) {
      fn.inUse--;
      fn.busyOnDemand--;
      if (fn.reserved === null) this.unreservedInUse--;
    }
    this.release(env);

    if (inv.shadow) return;
    if (result === 'success') {
      inv.error = undefined;
    } else {
      inv.error =
        result === 'timeout'
          ? {
              errorType: TIMEOUT_ERROR_TYPE,
              errorMessage: `RequestId: ${this.requestId(inv.seq)} Error: Task timed out after ${fn.config.timeoutS.toFixed(2)} seconds`,
            }
          : result === 'crash'
            ? {
                errorType: 'Runtime.ExitError',
                errorMessage: `RequestId: ${this.requestId(inv.seq)} Error: Runtime exited with error: signal: killed`,
              }
            : { errorType: 'Error', errorMessage: 'Handler failed' };
    }
    if (inv.type === 'sync') {
      this.finish(inv, result === 'success' ? 'success' : 'error');
      return;
    }
    this.asyncAttemptEnded(fn, inv, result);
  }

  private release(env: Env): void {
    const fn = env.fn;
    if (env.provisioned) {
      if (env.needsInit) {
        // A provisioned environment re-initialises ahead of traffic after a reset (and retires after that).
        this.initProvisioned(env);
        return;
      }
      if (env.retire) {
        this.shutdownEnv(env, FAST_PATH.shutdownRequested);
        return;
      }
      fn.provIdle.push(env);
      return;
    }
    env.idleDeadline = this.clock.now() + env.idleLifetimeMs;
    fn.idle.push(env);
    if (!env.reaperPending) {
      env.reaperPending = true;
      this.clock.scheduleAt(env.idleDeadline, env.onReap);
    }
  }

  /** Idle reclamation, checked lazily: one pending timer per environment, moved forward when it was reused. */
  private reap(env: Env): void {
    env.reaperPending = false;
    if (env.busy || env.state === 'shutdown') return;
    const now = this.clock.now();
    if (now < env.idleDeadline) {
      env.reaperPending = true;
      this.clock.scheduleAt(env.idleDeadline, env.onReap);
      return;
    }
    env.fn.idle.remove(env);
    this.shutdownEnv(env, FAST_PATH.idleExpired);
  }

  private shutdownEnv(env: Env, via: FastTransition): void {
    this.step(env, via);
    this.step(env, FAST_PATH.shutdownDone);
    const fn = env.fn;
    fn.envs.delete(env);
    fn.metrics.environments--;
    this.m.environmentsAlive--;
    this.m.environmentsShutDown++;
    if (env.provisioned) {
      this.accrueProvisioned(fn);
      fn.provisionedAlive--;
      fn.inUse--;
      if (fn.reserved === null) this.unreservedInUse--;
    }
    this.onEvent?.({
      type: 'environment.shutdown',
      functionName: fn.config.name,
      environmentId: env.id,
      provisioned: env.provisioned,
    });
  }

  // ------------------------------------------------------------------------------------------- provisioned

  private accrueProvisioned(fn: Fn): void {
    const now = this.clock.now();
    this.m.provisionedAllocatedGbSeconds +=
      fn.provisionedAlive * fn.memGb * ((now - fn.provisionedSince) / 1000);
    fn.provisionedSince = now;
  }

  private spawnProvisioned(fn: Fn): void {
    this.accrueProvisioned(fn);
    const env = this.createEnv(fn, true);
    fn.provisionedAlive++;
    fn.inUse++;
    if (fn.reserved === null) this.unreservedInUse++;
    this.step(env, FAST_PATH.provision);
    const { platformMs } = this.drawInit(fn);
    this.clock.schedule(platformMs, () => {
      if (env.state === 'shutdown') return;
      this.step(env, FAST_PATH.sandboxReady);
      this.initProvisioned(env);
    });
  }

  /** Init ahead of traffic, under the larger limit max(130 s, timeout). */
  private initProvisioned(env: Env): void {
    const fn = env.fn;
    const { initMs } = this.drawInit(fn);
    const limit = initLimitMs(true, fn.timeoutMs);
    if (initMs > limit) {
      this.clock.schedule(limit, () => {
        if (env.state === 'shutdown') return;
        this.step(env, FAST_PATH.initTimeoutProvisioned);
        this.step(env, FAST_PATH.shutdownDone);
        this.finishProvisionedFailure(env);
      });
      return;
    }
    this.clock.schedule(initMs, () => {
      if (env.state === 'shutdown') return;
      this.step(env, FAST_PATH.extensionsDone);
      this.step(env, FAST_PATH.runtimeDone);
      this.step(env, FAST_PATH.functionDoneProvisioned);
      env.needsInit = false;
      if (env.retire) {
        this.shutdownEnv(env, FAST_PATH.shutdownRequested);
        return;
      }
      fn.provIdle.push(env);
      this.onEvent?.({
        type: 'environment.ready',
        functionName: fn.config.name,
        environmentId: env.id,
        provisioned: true,
      });
    });
  }

  private finishProvisionedFailure(env: Env): void {
    const fn = env.fn;
    fn.envs.delete(env);
    fn.metrics.environments--;
    this.m.environmentsAlive--;
    this.m.environmentsShutDown++;
    this.accrueProvisioned(fn);
    fn.provisionedAlive--;
    fn.inUse--;
    if (fn.reserved === null) this.unreservedInUse--;
    // Lambda replaces a provisioned environment whose init failed.
    if (fn.provisionedAlive < fn.provisionedTarget) this.spawnProvisioned(fn);
  }

  private trimProvisioned(fn: Fn): void {
    let retiring = 0;
    for (const e of fn.envs) if (e.provisioned && e.retire) retiring++;
    let excess = fn.provisionedAlive - retiring - fn.provisionedTarget;
    for (let e = fn.provIdle.head; e && excess > 0;) {
      const next = e.next;
      fn.provIdle.remove(e);
      this.shutdownEnv(e, FAST_PATH.shutdownRequested);
      excess--;
      e = next;
    }
    // Busy or still-initialising ones retire when they come back.
    for (const e of fn.envs) {
      if (excess <= 0) break;
      if (e.provisioned && !e.retire && !e.listed) {
        e.retire = true;
        excess--;
      }
    }
  }

  // ------------------------------------------------------------------------------------------- async

  private attemptAsync(fn: Fn, inv: Invocation): void {
    const now = this.clock.now();
    const reason = this.tryStart(fn, inv);
    if (reason === null) return;
    // Throttled: back off (1 s doubling to 5 min) until the event is too old.
    this.m.asyncThrottleRetries++;
    this.countThrottle(fn, reason);
    const delay = Math.min(1000 * 2 ** inv.throttles, 300_000);
    inv.throttles++;
    const maxAgeMs = fn.config.async.maxEventAgeS * 1000;
    if (now + delay - inv.receivedAt > maxAgeMs) {
      inv.error = { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' };
      this.asyncFailed(fn, inv, 'EventAgeExceeded');
      return;
    }
    inv.retryAt = now + delay;
    this.onEvent?.({
      type: 'invocation.retryScheduled',
      invocation: inv,
      at: inv.retryAt,
      cause: 'throttle',
    });
    this.clock.schedule(delay, () => this.attemptAsync(fn, inv));
  }

  private asyncAttemptEnded(fn: Fn, inv: Invocation, result: AttemptResult): void {
    const now = this.clock.now();
    if (result === 'success') {
      if (this.duplicateProbability > 0 && this.rng() < this.duplicateProbability)
        this.deliverDuplicate(fn, inv);
      if (fn.config.async.onSuccess) {
        this.deliver(inv, 'onSuccess', this.destinationRecord(fn, inv, 'Success'));
        this.finish(inv, 'destination');
      } else {
        this.finish(inv, 'success');
      }
      return;
    }
    const retriesUsed = inv.attempts - 1;
    if (retriesUsed < fn.config.async.maxRetryAttempts) {
      // Function errors: retried about 1 minute, then about 2 minutes, after the failure.
      const delay = retriesUsed === 0 ? 60_000 : 120_000;
      if (now + delay - inv.receivedAt <= fn.config.async.maxEventAgeS * 1000) {
        this.m.asyncErrorRetries++;
        inv.retryAt = now + delay;
        this.onEvent?.({
          type: 'invocation.retryScheduled',
          invocation: inv,
          at: inv.retryAt,
          cause: 'error',
        });
        this.clock.schedule(delay, () => this.attemptAsync(fn, inv));
        return;
      }
      this.asyncFailed(fn, inv, 'EventAgeExceeded');
      return;
    }
    this.asyncFailed(fn, inv, 'RetriesExhausted');
  }

  private asyncFailed(fn: Fn, inv: Invocation, condition: 'RetriesExhausted' | 'EventAgeExceeded'): void {
    const a = fn.config.async;
    if (a.dlq) this.deliver(inv, 'dlq', inv.payload ?? {});
    if (a.onFailure) {
      this.deliver(inv, 'onFailure', this.destinationRecord(fn, inv, condition));
      this.finish(inv, 'destination');
    } else if (a.dlq) {
      this.finish(inv, 'dlq');
    } else {
      this.finish(inv, 'error');
    }
  }

  private deliverDuplicate(fn: Fn, inv: Invocation): void {
    inv.duplicates++;
    const dup = new Invocation(inv.seq, inv.functionName, 'async', inv.receivedAt, inv.payload, undefined);
    dup.shadow = true;
    this.clock.schedule(this.asyncQueueDelayMs, () => {
      // A duplicate that meets a throttle is simply not executed again.
      this.tryStart(fn, dup);
    });
  }

  private deliver(inv: Invocation, kind: Delivery['kind'], body: unknown): void {
    (inv.deliveries ??= []).push({ kind, at: this.clock.now(), body });
  }

  private destinationRecord(
    fn: Fn,
    inv: Invocation,
    condition: DestinationRecord['requestContext']['condition'],
  ): DestinationRecord {
    const failed = condition !== 'Success';
    return {
      version: '1.0',
      timestamp: new Date((this.epochMs ?? Date.UTC(2026, 10, 26, 12)) + this.clock.now()).toISOString(),
      requestContext: {
        requestId: this.requestId(inv.seq),
        functionArn: `${fn.arn}:$LATEST`,
        condition,
        approximateInvokeCount: inv.attempts,
      },
      requestPayload: inv.payload ?? {},
      responseContext: failed
        ? { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' }
        : { statusCode: 200, executedVersion: '$LATEST' },
      responsePayload: failed ? (inv.error ?? null) : null,
    };
  }

  private finish(inv: Invocation, outcome: Outcome): void {
    if (inv.outcome !== undefined)
      throw new Error(`Invocation ${inv.seq} ended twice (${inv.outcome}, ${outcome})`);
    inv.outcome = outcome;
    inv.endedAt = this.clock.now();
    this.m.outcomes[outcome]++;
    inv.onEnd?.(inv);
    this.onEvent?.({ type: 'invocation.ended', invocation: inv });
  }

  // ------------------------------------------------------------------------------------------- logs

  private writeLogs(
    env: Env,
    inv: Invocation,
    result: AttemptResult,
    durationMs: number,
    billed: number,
    now: number,
  ): void {
    const sink = this.logSink!;
    const fn = env.fn;
    const name = fn.config.name;
    const id = this.requestId(inv.seq);
    if (env.coldNow) {
      sink(formatInitStart(fn.config.runtime), name);
      if (env.initTimedOut) {
        sink(formatInitReport({ initDurationMs: env.initMs, phase: 'init', status: 'timeout' }), name);
      }
    }
    sink(formatStart(id), name);
    if (result === 'timeout') sink(formatTimeoutLine(now, id, fn.config.timeoutS, this.epochMs), name);
    sink(formatEnd(id), name);
    sink(
      formatReport({
        requestId: id,
        durationMs,
        billedMs: billed,
        memoryMb: fn.config.memoryMb,
        maxMemoryUsedMb: fn.maxMemoryUsedMb,
        ...(env.coldNow && !env.initTimedOut ? { initDurationMs: env.initMs } : {}),
      }),
      name,
    );
  }
}
