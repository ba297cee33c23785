/**
 * The Lambda service: the only path by which any invocation runs — the pool, the lifecycle explorer, the
 * playground, lesson embeds and lab checks all call `invoke` here. A thin facade over its parts:
 *
 *   functions.ts          functions, versions, aliases, qualifier resolution
 *   routing.ts            where an invocation goes, concurrency limits, scaling rate, throttles
 *   environmentManager.ts creating, idling, reclaiming and retiring environments
 *   provisioned.ts        provisioned concurrency per version or alias
 *   asyncQueue.ts         Event invokes: retries, event age, destinations, dead-letter queue, duplicates
 *   billing.ts            counters and cost
 *   invocationLog.ts      structured log records and their one formatter (text or JSON)
 *   executors/            how an environment runs code (modelled, actor, worker); the service does not know which
 */
import type { Clock } from '../clock';
import {
  LIMITS,
  reservedConcurrencyError,
  validateFunctionConfig,
  type FunctionCode,
  type FunctionConfig,
  type FunctionConfigInput,
  type ValidationResult,
} from '../config';
import { createRequestIdGenerator, DEFAULT_EPOCH_MS, timeoutErrorResponse } from '../logs';
import { createRng, type Rng } from '../random';
import { utf8Length } from '../text';
import { baselineMemoryMb } from '../timing';
import { AsyncQueue } from './asyncQueue';
import { Billing } from './billing';
import { EnvironmentManager } from './environmentManager';
import type { Environment } from './environments';
import type { Executor, ExecutorCallbacks } from './executors/executor';
import { ModelledExecutor } from './executors/modelled';
import {
  FunctionState,
  LATEST,
  functionNotFound,
  resolveTarget,
  validateAlias,
  VersionState,
  type AliasState,
  type Target,
} from './functions';
import { notReadyMessage, type FunctionStatus } from './functionStatus';
import type { ErrorResponse, FunctionLogRecord, StreamChunk, StreamedResponse, SyntaxLocation } from './host';
import {
  InvocationLog,
  passesLevel,
  renderRecord as renderLines,
  type InitPhase,
  type InitStatus,
  type LogRecord,
  type RunStatus,
} from './invocationLog';
import type { DestinationSink, Kernel } from './kernel';
import {
  droppedRecursiveInvocations,
  nextLineage,
  RECURSION_ERROR_MESSAGE,
  RECURSION_ERROR_TYPE,
  recursiveLoopOf,
  setRecursiveLoop,
  stopsRecursion,
  type RecursiveLoop,
} from './lineage';
import { ProvisionedManager, type ProvisionedStatus } from './provisioned';
import { Router } from './routing';
import { StreamPacer, streamDelivery } from './streaming';
import {
  apiError,
  type ApiError,
  Invocation,
  THROTTLES,
  throttleBody,
  type ApiResult,
  type AttemptResult,
  type EnvironmentView,
  type FunctionMetrics,
  type InvocationResponse,
  type InvokeOptions,
  type Outcome,
  type ScalingModel,
  type ServiceEvent,
  type ServiceMetrics,
} from './types';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

export interface ServiceOptions {
  clock: Clock;
  /** How environments run code (default: modelled, for the pool). */
  executor?: Executor;
  accountConcurrencyLimit?: number;
  scaling?: ScalingModel;
  seed?: number;
  /** Idle lifetime before an on-demand environment is reclaimed, drawn per environment. Illustrative; default 5–30 min. */
  idleLifetimeMs?: readonly [number, number];
  /** Chance that an async event is delivered (executed) one extra time. Default 0. */
  duplicateProbability?: number;
  /** Delay between accepting an async event and its first attempt. Default 0. */
  asyncQueueDelayMs?: number;
  /**
   * Virtual time a provisioned concurrency request prepares before its environments are created (provisioned.ts).
   * AWS takes "a minute or two"; default 0 (at once), so a page where a learner adds provisioned concurrency and
   * watches it does not make them wait or fast-forward.
   */
  provisionedPreparationMs?: number;
  /** Draw init durations per environment (true) or use the model's midpoints (false, default). Modelled only. */
  jitterInit?: boolean;
  onEvent?: (e: ServiceEvent) => void;
  /** Keep structured log records (true, or a log to write to). Off by default: the pool does not read them. */
  logs?: boolean | InvocationLog;
  /** Exact text lines as they are written (implies logs). */
  logSink?: (line: string, functionName: string) => void;
  /** Time zero of the virtual clock, for log timestamps and records. */
  epochMs?: number;
  /** Where async destinations and dead-letter messages go (the simulated account, when there is one). */
  destinations?: DestinationSink;
}

const TIMEOUT_ERROR_TYPE = 'Sandbox.Timedout';
const LINE_CACHE = 10_000;
/** Lines past LINE_CACHE the cache may hold before it is cut back (logLines still shows the last LINE_CACHE). */
const LINE_CACHE_SLACK = 2_000;
const NO_LINES: readonly string[] = Object.freeze([]);
const MODELLED_FUNCTION_ERROR: ErrorResponse = {
  errorType: 'Error',
  errorMessage: 'Handler failed',
  trace: [],
};

export interface PublishResult {
  version: string;
  config: FunctionConfig;
}

export interface AliasView {
  name: string;
  functionVersion: string;
  additionalVersionWeights: Record<string, number>;
  aliasArn: string;
}

export class LambdaService implements Kernel, ExecutorCallbacks {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly executor: Executor;
  readonly billing: Billing;
  readonly fns = new Map<string, FunctionState>();
  readonly accountLimit: number;
  readonly scaling: ScalingModel;
  readonly idleRange: readonly [number, number];
  readonly duplicateProbability: number;
  readonly asyncQueueDelayMs: number;
  readonly provisionedPreparationMs: number;
  readonly epochMs: number;
  readonly region = REGION;
  readonly accountId = ACCOUNT_ID;
  readonly log: InvocationLog | null;
  readonly destinations: DestinationSink | null;
  readonly requestId: (seq: number) => string;
  totalReserved = 0;
  unreservedInUse = 0;
  legacyTokens: number;
  legacyAt: number;
  envSeq = 0;
  pendingAsync = 0;

  private seq = 0;
  private readonly lineCache = new Map<string, string[]>();
  private readonly lineListeners = new Set<(record: LogRecord, lines: readonly string[]) => void>();
  private readonly listeners = new Set<(e: ServiceEvent) => void>();
  private readonly envManager: EnvironmentManager;
  private readonly router: Router;
  private readonly provisionedManager: ProvisionedManager;
  private readonly asyncQueue: AsyncQueue;

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
    this.provisionedPreparationMs = options.provisionedPreparationMs ?? 0;
    this.epochMs = options.epochMs ?? DEFAULT_EPOCH_MS;
    this.legacyTokens = this.scaling.model === 'legacy' ? this.scaling.burst : 0;
    this.legacyAt = this.clock.now();
    this.destinations = options.destinations ?? null;
    const wantsLog = options.logs !== undefined && options.logs !== false;
    this.log =
      options.logs instanceof InvocationLog
        ? options.logs
        : wantsLog || options.logSink
          ? new InvocationLog()
          : null;
    if (this.log) {
      const sink = options.logSink;
      this.log.subscribe((r) => {
        const lines = this.renderOne(r);
        let cache = this.lineCache.get(r.functionName);
        if (!cache) this.lineCache.set(r.functionName, (cache = []));
        for (const line of lines) {
          cache.push(line);
          sink?.(line, r.functionName);
        }
        // Cut in bulk (a flood of lines would otherwise move the whole cache once per line).
        if (cache.length > LINE_CACHE + LINE_CACHE_SLACK) cache.splice(0, cache.length - LINE_CACHE);
        for (const listener of this.lineListeners) listener(r, lines);
      });
    }
    if (options.onEvent) {
      this.listeners.add(options.onEvent);
      this.hasListeners = this.tracksStates = true;
    }
    this.logging = this.log !== null;
    this.billing = new Billing(() => this.clock.now());
    this.executor = options.executor ?? new ModelledExecutor({ jitterInit: options.jitterInit ?? false });
    this.envManager = new EnvironmentManager(this);
    this.router = new Router(this, this.envManager);
    this.provisionedManager = new ProvisionedManager(this, this.envManager);
    this.asyncQueue = new AsyncQueue(this, this.router, (inv, o) => this.finish(inv, o));
    this.executor.bind(this);
  }

  // ------------------------------------------------------------------------------------------------ events

  /** Plain fields, not getters: the hot path reads them on every invocation. */
  hasListeners = false;
  tracksStates = false;
  logging = false;

  subscribe(listener: (e: ServiceEvent) => void): () => void {
    this.listeners.add(listener);
    this.hasListeners = this.tracksStates = true;
    return () => {
      this.listeners.delete(listener);
      this.hasListeners = this.tracksStates = this.listeners.size > 0;
    };
  }

  emit(e: ServiceEvent): void {
    for (const l of this.listeners) l(e);
  }

  token(): string {
    let s = '';
    for (let i = 0; i < 4; i++)
      s += Math.floor(this.rng() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return s;
  }

  // ------------------------------------------------------------------------------------------------ functions

  createFunction(input: FunctionConfigInput): ValidationResult {
    const res = validateFunctionConfig(input);
    if (!res.ok) return res;
    if (this.fns.has(res.config.name)) {
      const message = `Function already exist: ${res.config.name}`;
      return { ok: false, errorType: 'ResourceConflictException', message, errors: [message] };
    }
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${res.config.name}`;
    this.fns.set(res.config.name, new FunctionState(res.config.name, arn, res.config, this.clock.now()));
    if (this.hasListeners) this.emit({ type: 'function.changed', functionName: res.config.name });
    return res;
  }

  hasFunction(name: string): boolean {
    return this.fns.has(name);
  }

  functionNames(): string[] {
    return [...this.fns.keys()];
  }

  /** The configuration of `$LATEST`, or of the version a qualifier names. */
  getFunction(name: string, qualifier?: string): FunctionConfig | undefined {
    const fn = this.fns.get(name);
    if (!fn) return undefined;
    if (qualifier === undefined) return fn.latest.config;
    const t = resolveTarget(fn, qualifier);
    if ('ok' in t) return undefined;
    return (t.version ?? t.alias!.version).config;
  }

  /**
   * UpdateFunctionConfiguration / UpdateFunctionCode on `$LATEST`: a new `$LATEST`, whose environments start
   * cold; the old one's environments shut down as soon as they are idle.
   */
  updateFunction(name: string, patch: Partial<Omit<FunctionConfigInput, 'name'>>): ValidationResult {
    const fn = this.mustGet(name);
    const current = fn.latest.config;
    const res = validateFunctionConfig({ ...inputOf(current), ...patch, name });
    if (!res.ok) return res;
    const old = fn.latest;
    fn.latest = new VersionState(fn, LATEST, res.config, this.clock.now());
    fn.invalidate();
    this.envManager.retireVersion(old);
    if (this.hasListeners) this.emit({ type: 'function.changed', functionName: name });
    return res;
  }

  updateFunctionCode(name: string, code: FunctionCode): ValidationResult {
    return this.updateFunction(name, { code });
  }

  /** Shut down every environment of a function (idle ones now, busy ones after their invoke); nothing else changes. */
  shutdownEnvironments(name: string): void {
    const fn = this.mustGet(name);
    for (const v of [fn.latest, ...fn.versions])
      for (const env of [...v.envs]) {
        if (env.share) continue; // provisioned environments stay while their configuration does
        if (env.busy || !env.listed) env.retire = true;
        else this.envManager.shutdown(env);
      }
  }

  /** State and LastUpdateStatus, as GetFunctionConfiguration reports them. */
  functionStatus(name: string): FunctionStatus {
    return this.mustGet(name).status;
  }

  /** Set by whatever creates a function's resources (src/sim/vpc); Pending makes every invoke fail. */
  setFunctionStatus(name: string, status: FunctionStatus): void {
    const fn = this.mustGet(name);
    fn.status = Object.freeze({ ...status });
    if (this.hasListeners) this.emit({ type: 'function.changed', functionName: name });
  }

  deleteFunction(name: string): void {
    const fn = this.mustGet(name);
    if (fn.reserved !== null) this.totalReserved -= fn.reserved;
    for (const q of [...fn.provisioned.keys()]) this.provisionedManager.delete(fn, q);
    for (const v of [fn.latest, ...fn.versions]) this.envManager.retireVersion(v);
    this.fns.delete(name);
    if (this.hasListeners) this.emit({ type: 'function.changed', functionName: name });
  }

  /** PublishVersion: an immutable snapshot of `$LATEST`'s code and configuration, numbered from 1. */
  publishVersion(name: string): ApiResult<PublishResult> {
    const fn = this.mustGet(name);
    const last = fn.versions[fn.versions.length - 1];
    // Lambda does not publish a new version when nothing changed since the last one.
    if (last && sameConfig(last.config, fn.latest.config))
      return { ok: true, version: last.version, config: last.config };
    const version = new VersionState(fn, String(fn.versions.length + 1), fn.latest.config, this.clock.now());
    fn.versions.push(version);
    fn.invalidate();
    if (this.hasListeners) this.emit({ type: 'function.changed', functionName: name });
    return { ok: true, version: version.version, config: version.config };
  }

  listVersions(name: string): Array<{ version: string; config: FunctionConfig }> {
    const fn = this.mustGet(name);
    return [fn.latest, ...fn.versions].map((v) => ({ version: v.version, config: v.config }));
  }

  createAlias(
    name: string,
    alias: string,
    version: string,
    additional?: { version: string; weight: number },
  ): ApiResult<{ alias: AliasView }> {
    const fn = this.mustGet(name);
    if (fn.aliases.has(alias)) {
      return apiError('ResourceConflictException', `Alias already exists: ${fn.arn}:${alias}`, 409);
    }
    return this.setAlias(fn, alias, version, additional);
  }

  updateAlias(
    name: string,
    alias: string,
    version: string,
    additional?: { version: string; weight: number },
  ): ApiResult<{ alias: AliasView }> {
    const fn = this.mustGet(name);
    if (!fn.aliases.has(alias)) return functionNotFound(`${fn.arn}:${alias}`);
    return this.setAlias(fn, alias, version, additional);
  }

  private setAlias(
    fn: FunctionState,
    alias: string,
    version: string,
    additional: { version: string; weight: number } | undefined,
  ): ApiResult<{ alias: AliasView }> {
    const v = validateAlias(fn, alias, version, additional);
    if ('ok' in v) return v;
    const state: AliasState = { name: alias, version: v.version, additional: v.additional, description: '' };
    fn.aliases.set(alias, state);
    fn.invalidate();
    this.provisionedManager.aliasChanged(fn, alias);
    if (this.hasListeners) this.emit({ type: 'function.changed', functionName: fn.name });
    return { ok: true, alias: aliasView(fn, state) };
  }

  deleteAlias(name: string, alias: string): ApiResult {
    const fn = this.mustGet(name);
    if (!fn.aliases.has(alias)) return functionNotFound(`${fn.arn}:${alias}`);
    if (fn.provisioned.has(alias)) this.provisionedManager.delete(fn, alias);
    fn.aliases.delete(alias);
    fn.invalidate();
    return { ok: true };
  }

  listAliases(name: string): AliasView[] {
    const fn = this.mustGet(name);
    return [...fn.aliases.values()].map((a) => aliasView(fn, a));
  }

  /** Reserved concurrency: a guaranteed minimum and a maximum. `null` removes it; 0 disables the function. */
  putFunctionConcurrency(name: string, reserved: number | null): { ok: true } | { ok: false; error: string } {
    const fn = this.mustGet(name);
    const elsewhere = this.totalReserved - (fn.reserved ?? 0);
    if (reserved !== null) {
      const err = reservedConcurrencyError(this.accountLimit, elsewhere, reserved);
      if (err) return { ok: false, error: err };
      const provisioned = this.provisionedManager.requestedFor(fn);
      if (reserved < provisioned) {
        return {
          ok: false,
          error: `ReservedConcurrentExecutions ${reserved} should not be lower than function's total provisioned concurrency [${provisioned}].`,
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

  getFunctionConcurrency(name: string): number | null {
    return this.mustGet(name).reserved;
  }

  /** PutProvisionedConcurrencyConfig on a version or an alias (AWS refuses `$LATEST`). */
  putProvisionedConcurrency(
    name: string,
    qualifier: string,
    count: number,
  ): ApiResult<{ status: ProvisionedStatus }> {
    return this.provisionedManager.put(this.mustGet(name), qualifier, count);
  }

  deleteProvisionedConcurrency(name: string, qualifier: string): ApiResult {
    return this.provisionedManager.delete(this.mustGet(name), qualifier);
  }

  /** Qualifiers with a provisioned concurrency configuration. */
  provisionedQualifiers(name: string): string[] {
    return [...this.mustGet(name).provisioned.keys()];
  }

  getProvisionedConcurrency(name: string, qualifier: string): ApiResult<{ status: ProvisionedStatus }> {
    return this.provisionedManager.get(this.mustGet(name), qualifier);
  }

  /** PutFunctionRecursionConfig: `Terminate` (the default) stops recursive loops; `Allow` lets them run. */
  putFunctionRecursionConfig(name: string, loop: RecursiveLoop): void {
    setRecursiveLoop(this.mustGet(name), loop);
  }

  getFunctionRecursionConfig(name: string): RecursiveLoop {
    return recursiveLoopOf(this.mustGet(name));
  }

  /** The RecursiveInvocationsDropped metric of a function, summed since it was created. */
  recursiveInvocationsDropped(name: string): number {
    return droppedRecursiveInvocations(this.mustGet(name));
  }

  // ------------------------------------------------------------------------------------------------ invoking

  invoke(name: string, options?: InvokeOptions): Invocation {
    const fn = this.mustGet(name);
    const type = options?.type ?? 'sync';
    const q = options?.qualifier;
    const inv = new Invocation(
      ++this.seq,
      name,
      q ?? LATEST,
      type,
      this.clock.now(),
      options?.payload,
      options?.onEnd,
      this.requestId,
    );
    if (options?.lineage !== undefined) inv.lineage = nextLineage(options.lineage);
    if (options?.onStream) inv.live = { listener: options.onStream, pacer: null };
    options?.onCreated?.(inv);
    this.billing.m.invocations++;
    fn.metrics.invocations++;
    const resolved = (q === undefined ? fn.unqualified : null) ?? resolveTarget(fn, q);
    if ((resolved as { ok?: boolean }).ok === false) {
      const e = resolved as ApiError;
      this.reject(inv, e.errorType, e.message, e.statusCode);
      return inv;
    }
    if (fn.status.state === 'Pending') {
      this.reject(inv, 'ResourceConflictException', notReadyMessage('Pending'), 409);
      return inv;
    }
    const target = resolved as Target;
    inv.target = target;
    if (options?.payload !== undefined) {
      const limit = type === 'sync' ? 6 * 1024 * 1024 : 1024 * 1024;
      const text = safeJson(options.payload);
      if (text === null) {
        this.reject(inv, 'InvalidRequestContentException', 'Could not parse request body into json', 400);
        return inv;
      }
      if (text.length > limit / 3 && utf8Length(text) > limit) {
        this.reject(
          inv,
          'RequestEntityTooLargeException',
          `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
          413,
        );
        return inv;
      }
    }
    if (type === 'sync') {
      if (stopsRecursion(fn, inv)) {
        this.reject(inv, RECURSION_ERROR_TYPE, RECURSION_ERROR_MESSAGE, 400);
        return inv;
      }
      const reason = this.router.tryStart(fn, target, inv);
      if (reason !== null) {
        const throttle = THROTTLES[reason];
        inv.throttle = throttle;
        this.billing.throttle(fn, reason);
        inv.response = {
          statusCode: 429,
          payload: throttleBody(throttle),
          executedVersion: inv.executedVersion,
        };
        this.finish(inv, 'throttled');
      }
    } else {
      this.asyncQueue.accept(fn, target, inv);
    }
    return inv;
  }

  /** Deliver an already-accepted async event once more (the playground's "deliver twice" option). */
  deliverAgain(inv: Invocation): void {
    const fn = this.mustGet(inv.functionName);
    this.asyncQueue.deliverTwice(fn, inv.target as Target, inv);
  }

  private reject(inv: Invocation, errorType: string, message: string, statusCode: number): void {
    inv.error = { errorType, errorMessage: message };
    inv.response = {
      statusCode,
      payload: JSON.stringify({ Type: 'User', message }),
      executedVersion: inv.executedVersion,
    };
    this.finish(inv, 'error');
  }

  begin(fn: FunctionState, env: Environment, inv: Invocation): void {
    env.busy = true;
    env.inv = inv;
    const m = this.billing.m;
    if (inv.shadow) m.duplicates++;
    else {
      inv.attempts++;
      inv.executedVersion = env.version.version;
      inv.environmentId = env.id;
    }
    m.executions++;
    if (++m.concurrency > m.peakConcurrency) m.peakConcurrency = m.concurrency;
    const fm = fn.metrics;
    if (++fm.concurrency > fm.peakConcurrency) fm.peakConcurrency = fm.concurrency;
    if (env.needsInit) {
      m.coldStarts++;
      fm.coldStarts++;
    }
    if (this.hasListeners)
      this.emit({ type: 'invocation.started', invocation: inv, environmentId: env.id, cold: env.needsInit });
    this.executor.invoke(env);
  }

  private finish(inv: Invocation, outcome: Outcome): void {
    if (inv.outcome !== undefined)
      throw new Error(`Invocation ${inv.seq} ended twice (${inv.outcome}, ${outcome})`);
    inv.outcome = outcome;
    inv.endedAt = this.clock.now();
    const o = this.billing.m.outcomes;
    if (outcome === 'success') o.success++;
    else if (outcome === 'throttled') o.throttled++;
    else o[outcome]++;
    inv.onEnd?.(inv);
    if (inv.waiters) for (const w of inv.waiters.splice(0)) w(inv);
    if (this.hasListeners) this.emit({ type: 'invocation.ended', invocation: inv });
  }

  // ------------------------------------------------------------------------------------------------ executor callbacks

  private record(env: Environment, at: number | undefined, rest: RecordBody): void {
    const log = this.log;
    if (!log) return;
    const config = env.version.config;
    // Every caller passes a fresh literal: complete it in place. A spread copy per record was the hottest line of
    // a log flood on the page (scripts/bench/hostile.mjs).
    const r = rest as LogRecord;
    r.time = at ?? this.clock.now();
    r.logFormat = config.logging.logFormat;
    r.functionName = env.fn.name;
    r.version = env.version.version;
    r.runtime = config.runtime;
    r.environmentId = env.id;
    r.logStream = env.logStream;
    if (passesLevel(r, config.logging)) log.append(r);
  }

  initStarted(env: Environment, phase: InitPhase, at?: number): void {
    this.record(env, at, {
      type: 'platform.initStart',
      initializationType: env.provisioned ? 'provisioned-concurrency' : 'on-demand',
      phase,
    });
  }

  initEnded(
    env: Environment,
    phase: InitPhase,
    status: InitStatus,
    durationMs: number,
    error?: ErrorResponse,
    syntax?: SyntaxLocation,
    at?: number,
  ): void {
    if (status !== 'success') {
      env.lastError = error
        ? { errorType: error.errorType, errorMessage: error.errorMessage }
        : { errorType: 'Runtime.InitTimeout', errorMessage: 'Init phase exceeded its time limit' };
      if (syntax) env.attempt.syntax = syntax;
    }
    this.record(env, at, {
      type: 'platform.initReport',
      initializationType: env.provisioned ? 'provisioned-concurrency' : 'on-demand',
      phase,
      status,
      durationMs,
      ...(error ? { errorType: error.errorType } : {}),
    });
  }

  invokeStarted(env: Environment, at?: number): void {
    const inv = env.inv;
    if (!inv) return;
    env.started = true;
    this.record(env, at, { type: 'platform.start', requestId: inv.requestId });
  }

  /**
   * A streaming handler's write, live (ExecutorCallbacks.streamWrite): handed to the invocation's onStream when
   * the caller would have it. It left the function now; past the first 6 MB the same pacing as the whole stream's
   * (streaming.ts) may hold it back, on the virtual clock.
   */
  streamWrite(env: Environment, stream: StreamedResponse, chunk: StreamChunk): void {
    const inv = env.inv;
    const live = inv?.live;
    if (!inv || !live) return;
    const now = this.clock.now();
    const pacer = (live.pacer ??= new StreamPacer(now));
    const at = pacer.arrival(now, chunk.bytes.byteLength);
    const delivered = { at, offsetMs: at - inv.receivedAt, bytes: chunk.bytes };
    const contentType = stream.contentType;
    if (at <= now) live.listener(inv, delivered, contentType);
    else this.clock.schedule(at - now, () => live.listener(inv, delivered, contentType));
  }

  functionLog(env: Environment, record: FunctionLogRecord): void {
    this.record(env, undefined, {
      type: 'function',
      // Module-level code runs before START: Node.js prints `undefined` for its request id.
      requestId: env.started ? env.inv?.requestId : undefined,
      level: record.level,
      message: record.message,
      ...(record.fields ? { fields: record.fields } : null),
    });
  }

  attemptEnded(env: Environment, ready: boolean): void {
    const fn = env.fn;
    const version = env.version;
    const inv = env.inv!;
    const a = env.attempt;
    const result = a.result;

    // Max Memory Used: the environment's peak across its invocations, never above the memory size.
    const reported = a.reportedMemoryMb >= 0 ? a.reportedMemoryMb : version.modelledMemoryMb;
    if (reported > env.peakMemoryMb) env.peakMemoryMb = reported;

    // Billing: duration rounded up to 1 ms; Init billed for on-demand (since Aug 2025) — billedDurationMs in
    // ../logs.ts, inlined here because this line runs for every invocation of the pool.
    const initMs = a.cold ? a.initMs : 0;
    const provisioned = env.share !== null;
    const billed = Math.max(1, Math.ceil(a.durationMs + (provisioned ? 0 : initMs) - 1e-9));
    this.billing.chargeDuration(version.memGb, billed, provisioned, version.architecture);
    const m = this.billing.m;
    const fm = fn.metrics;
    if (result === 'success') fm.successes++;
    else if (result === 'error') {
      fm.errors++;
      m.functionErrors++;
    } else if (result === 'timeout') {
      fm.timeouts++;
      m.timeouts++;
    } else {
      fm.crashes++;
      m.crashes++;
    }
    env.invocations++;
    const error = result === 'success' ? null : this.errorOf(env, inv, result);
    if (this.log) this.logAttempt(env, inv, billed, error);

    // A reset restarts the runtime process: the next invocation's peak starts again.
    if (result === 'timeout' || result === 'crash') env.peakMemoryMb = 0;

    // Release the concurrency.
    env.busy = false;
    env.inv = null;
    env.started = false;
    m.concurrency--;
    fm.concurrency--;
    if (!provisioned) {
      fn.inUse--;
      fn.busyOnDemand--;
      if (fn.reserved === null) this.unreservedInUse--;
    }
    if (ready) this.envManager.release(env);
    if (inv.shadow) return;

    inv.coldStart = a.cold;
    inv.initMs = initMs;
    inv.durationMs = a.durationMs;
    inv.billedMs = billed;
    inv.lastResult = result;
    if (error === null) {
      inv.response =
        a.payload === null ? version.nullResponse : responseOf(inv, version, result, a.payload, null);
      inv.error = undefined;
    } else {
      inv.response = responseOf(inv, version, result, null, error);
      inv.error = { errorType: error.errorType, errorMessage: error.errorMessage };
      if (a.syntax) inv.syntax = a.syntax;
    }
    if (a.stream) {
      // A streamed response: its chunks onto the virtual clock (the handler began durationMs ago).
      const now = this.clock.now();
      inv.response = {
        ...inv.response,
        stream: streamDelivery(a.stream, inv.receivedAt, now - a.durationMs, now),
      };
      a.stream = null;
    }
    if (inv.type === 'sync') {
      this.finish(inv, result === 'success' ? 'success' : 'error');
      return;
    }
    this.asyncQueue.attemptEnded(fn, inv.target as Target, inv, result);
  }

  /** The error response an unsuccessful attempt gives its caller (one timeout message, one crash message). */
  private errorOf(env: Environment, inv: Invocation, result: AttemptResult): ErrorResponse {
    const a = env.attempt;
    if (result === 'timeout') {
      const body = JSON.parse(
        timeoutErrorResponse(inv.requestId, env.version.config.timeoutS),
      ) as ErrorResponse;
      return { errorType: body.errorType, errorMessage: body.errorMessage, trace: [] };
    }
    if (a.error) return a.error;
    if (result === 'crash')
      return {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${inv.requestId} Error: ${a.exitMessage ?? 'Runtime exited with error: signal: killed'}`,
        trace: [],
      };
    return MODELLED_FUNCTION_ERROR;
  }

  private logAttempt(env: Environment, inv: Invocation, billed: number, error: ErrorResponse | null): void {
    const a = env.attempt;
    const result = a.result;
    const config = env.version.config;
    const status: RunStatus =
      result === 'success'
        ? 'success'
        : result === 'timeout'
          ? 'timeout'
          : result === 'crash'
            ? 'failure'
            : 'error';
    const errorType =
      result === 'success' ? undefined : result === 'timeout' ? TIMEOUT_ERROR_TYPE : error?.errorType;
    this.record(env, undefined, {
      type: 'platform.runtimeDone',
      requestId: inv.requestId,
      status,
      durationMs: a.durationMs,
      timeoutS: config.timeoutS,
      ...(errorType ? { errorType } : {}),
    });
    this.record(env, undefined, {
      type: 'platform.report',
      requestId: inv.requestId,
      status,
      durationMs: a.durationMs,
      billedMs: billed,
      memoryMb: config.memoryMb,
      maxMemoryUsedMb: Math.min(config.memoryMb, env.peakMemoryMb),
      ...(a.cold && !a.initRetried ? { initDurationMs: a.initMs } : {}),
      ...(errorType ? { errorType } : {}),
      ...(result === 'crash' && a.exitMessage ? { exitMessage: a.exitMessage } : {}),
    });
  }

  environmentReady(env: Environment): void {
    if (env.share) this.provisionedManager.ready(env);
    else this.envManager.release(env);
  }

  provisionFailed(env: Environment): void {
    this.provisionedManager.failed(env);
  }

  environmentCrashed(env: Environment, error: ErrorResponse): void {
    env.lastError = { errorType: error.errorType, errorMessage: error.errorMessage };
    env.needsInit = true;
    env.peakMemoryMb = 0;
  }

  stateChanged(env: Environment, from: string, to: string): void {
    this.emit({
      type: 'environment.state',
      functionName: env.fn.name,
      environmentId: env.id,
      from,
      to,
      at: this.clock.now(),
    });
  }

  environmentGone(env: Environment): void {
    this.envManager.gone(env);
  }

  // ------------------------------------------------------------------------------------------------ reading

  metrics(): ServiceMetrics {
    return this.billing.snapshot();
  }

  functionMetrics(name: string): FunctionMetrics {
    return { ...this.mustGet(name).metrics };
  }

  /** Busy environments (account-wide, or for one function). */
  concurrency(name?: string): number {
    if (name === undefined) return this.billing.m.concurrency;
    return this.mustGet(name).metrics.concurrency;
  }

  /** A read-only view of a function's environments, across its versions. */
  environments(name: string): EnvironmentView[] {
    const fn = this.mustGet(name);
    const out: EnvironmentView[] = [];
    for (const v of [fn.latest, ...fn.versions]) {
      for (const e of v.envs) {
        out.push({
          id: e.id,
          state: e.state,
          provisioned: e.provisioned,
          busy: e.busy,
          version: v.version,
          needsInit: e.needsInit,
          invocations: e.invocations,
          inits: e.inits,
          resets: e.resets,
          logStream: e.logStream,
        });
      }
    }
    // Environments of a replaced $LATEST that are still shutting down are no longer reachable from fn.
    return out.sort((a, b) => a.id - b.id);
  }

  /** Async events or invocations still to finish (a clock driver's "something is left to do"). */
  hasPendingWork(): boolean {
    return this.pendingAsync > 0 || this.billing.m.concurrency > 0 || this.provisionedManager.hasPreparing();
  }

  /**
   * Rendered CloudWatch lines of a function (the most recent 10,000), each in the format it was written in.
   * The array is the service's own and grows in place: copy it to keep a snapshot.
   */
  logLines(functionName: string): readonly string[] {
    const cache = this.lineCache.get(functionName);
    if (!cache) return NO_LINES;
    return cache.length > LINE_CACHE ? cache.slice(-LINE_CACHE) : cache;
  }

  /**
   * Hears every kept record with the CloudWatch lines it became, rendered once for the service's own line cache
   * and every listener (the workspace's log groups): a flood of lines is formatted once, not twice.
   */
  onLines(listener: (record: LogRecord, lines: readonly string[]) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  /** The CloudWatch lines one record became (in the format it was written in). */
  linesOf(record: LogRecord): string[] {
    return this.renderOne(record);
  }

  private renderOne(r: LogRecord): string[] {
    return renderLines(r, this.epochMs);
  }

  private mustGet(name: string): FunctionState {
    const fn = this.fns.get(name);
    if (!fn) throw new Error(`Function not found: arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`);
    return fn;
  }
}

type BaseFields =
  'time' | 'logFormat' | 'functionName' | 'version' | 'runtime' | 'environmentId' | 'logStream';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A log record without the fields the service fills in from the environment. */
type RecordBody = DistributiveOmit<LogRecord, BaseFields>;

/** Max Memory Used when the runtime reports nothing (modelled functions): the model's figure. Illustrative. */
export function modelledMemoryMb(config: FunctionConfig): number {
  return (
    config.handler.maxMemoryUsedMb ?? Math.round(baselineMemoryMb(config.runtime) + config.unzippedMb * 0.6)
  );
}

function responseOf(
  inv: Invocation,
  version: VersionState,
  result: AttemptResult,
  payload: string | null,
  error: ErrorResponse | null,
): InvocationResponse {
  if (result === 'success')
    return payload === null
      ? version.nullResponse
      : { statusCode: 200, payload, executedVersion: version.version };
  return {
    statusCode: 200,
    payload: errorPayload(version.config.runtime, inv.requestId, error!, result),
    functionError: 'Unhandled',
    executedVersion: version.version,
  };
}

/** The error body a caller receives, in the runtime's shape (Node.js: trace; Python: requestId and stackTrace). */
export function errorPayload(
  runtime: string,
  requestId: string,
  error: ErrorResponse,
  result: AttemptResult,
): string {
  if (
    result === 'timeout' ||
    result === 'crash' ||
    (error.trace.length === 0 && /^(Sandbox|Runtime)\./.test(error.errorType))
  )
    return JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage });
  if (runtime.startsWith('python'))
    return JSON.stringify({
      errorMessage: error.errorMessage,
      errorType: error.errorType,
      requestId,
      stackTrace: error.trace,
    });
  return JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, trace: error.trace });
}

function aliasView(fn: FunctionState, a: AliasState): AliasView {
  return {
    name: a.name,
    functionVersion: a.version.version,
    additionalVersionWeights: a.additional ? { [a.additional.version.version]: a.additional.weight } : {},
    aliasArn: `${fn.arn}:${a.name}`,
  };
}

function inputOf(c: FunctionConfig): FunctionConfigInput {
  return {
    name: c.name,
    memoryMb: c.memoryMb,
    timeoutS: c.timeoutS,
    ephemeralStorageMb: c.ephemeralStorageMb,
    architecture: c.architecture,
    runtime: c.runtime,
    packageMb: c.packageMb,
    layers: c.layers,
    vpc: c.vpc,
    ...(c.vpcConfig ? { vpcConfig: c.vpcConfig } : {}),
    extensions: c.extensions,
    handler: c.handler,
    async: c.async,
    ...(c.code ? { code: c.code } : {}),
    environment: c.environment,
    logging: c.logging,
    tracing: c.tracing,
    description: c.description,
  };
}

function sameConfig(a: FunctionConfig, b: FunctionConfig): boolean {
  return a === b || JSON.stringify(inputOf(a)) === JSON.stringify(inputOf(b));
}

function safeJson(v: unknown): string | null {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return null;
  }
}
