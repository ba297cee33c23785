/**
 * createSandboxSession: the playground's and lesson embeds' way to run code until they move to the Lambda
 * service (issue #10), which then replaces this file. Each execution environment is one `environmentMachine`
 * actor whose phase actors drive an EnvironmentHost (createSandboxHost: a worker in the sandbox iframe). The
 * session routes invocations, writes the platform lines and renders the runtime's structured log records with
 * src/sim/logs. Kept working with minimal changes; do not build on it.
 */
import { createActor, fromCallback, type AnyEventObject, type Actor } from 'xstate';
import {
  environmentMachine,
  stateIdOf,
  billedDurationMs,
  formatAppLog,
  formatEnd,
  formatInitReport,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeoutLine,
  timeoutErrorResponse,
  type ActorInput,
  type AppLogLevel,
} from '../sim';
import type {
  EnvironmentHost,
  EnvironmentSettings,
  ErrorResponse,
  FunctionLogRecord,
  InitRequest,
  InitResult,
  SyntaxLocation,
} from '../sim/lambda/host';
import { exceedsBytes, payloadTooLargeError, PAYLOAD_LIMIT_BYTES, randomToken } from './limits';
import { createSandboxHost } from './host/sandboxHost';
import { DEMO_LAYER_CONTENTS } from './runtimes/nodejs/layers';

export type SourceLanguage = 'javascript' | 'typescript';

const ESM_SYNTAX = /(^|[\s;})])(import|export)\s*[\s{*'"]/m;

/** The handler file's name as the playground writes it: TypeScript, an ES module, or CommonJS. */
export function handlerFileName(code: string, language: SourceLanguage): string {
  if (language === 'typescript') return 'index.ts';
  return ESM_SYNTAX.test(code) ? 'index.mjs' : 'index.js';
}

/** The host the session drives, with the sandbox host's optional warm-up. */
export type SessionHost = EnvironmentHost & { prepare?(runtime: 'nodejs22.x'): Promise<void> };

let sharedHost: SessionHost | null = null;

export interface SandboxConfig {
  functionName: string;
  memoryMb: number;
  timeoutS: number;
  ephemeralStorageMb: number;
  handler: string;
  environment: Record<string, string>;
  layers: string[];
  region?: string;
}

export const DEFAULT_CONFIG: SandboxConfig = {
  functionName: 'playground-fn',
  memoryMb: 128,
  timeoutS: 3,
  ephemeralStorageMb: 512,
  handler: 'index.handler',
  environment: {},
  layers: ['powertools-lite', 'shared-utils'],
};

export type InvocationType = 'sync' | 'async';
export type InvokeOutcomeKind = 'success' | 'error' | 'timeout' | 'crash' | 'initFailed' | 'rejected';

export interface InvokeReport {
  durationMs: number;
  billedMs: number;
  memoryMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
}

export interface InvokeResult {
  requestId: string;
  outcome: InvokeOutcomeKind;
  /** Parsed response payload (success only). */
  response: unknown;
  /** Raw JSON text of the response, or of the error. */
  payload: string | null;
  error: ErrorResponse | null;
  /** Log lines of this invocation (init lines included on a cold start). */
  logs: string[];
  report: InvokeReport | null;
  environmentId: string | null;
  cold: boolean;
  statusCode: number;
  syntax?: SyntaxLocation;
  /** Host ⇄ environment round trip of this invoke (ms): the invoke posted on the port → its result back. */
  roundTripMs?: number;
}

export type EnvironmentStatus = 'cold' | 'initializing' | 'busy' | 'warm' | 'resetting' | 'shutdown';

export interface EnvironmentInfo {
  id: string;
  status: EnvironmentStatus;
  stateId: string;
  invocations: number;
  inits: number;
  resets: number;
}

export interface SessionOptions {
  code: string;
  language?: SourceLanguage;
  runtime?: 'nodejs22.x';
  config?: Partial<SandboxConfig>;
  /** Lambda reclaims idle environments; the sandbox keeps them this long (default 10 min). */
  idleLifetimeMs?: number;
  /** Concurrency available to this function in the sandbox (default 10). */
  maxEnvironments?: number;
  host?: SessionHost;
}

export interface SandboxSession {
  invoke(event: unknown, options?: { type?: InvocationType }): Promise<InvokeResult>;
  invokeMany(n: number, event: unknown, options?: { type?: InvocationType }): Promise<InvokeResult[]>;
  environments(): EnvironmentInfo[];
  /** Every log line so far, in order. */
  logs(): string[];
  /** New code or configuration: Lambda replaces every environment (next invoke is cold). */
  update(next: { code?: string; language?: SourceLanguage; config?: Partial<SandboxConfig> }): void;
  /** Shut every environment down (drops /tmp too). */
  reset(): Promise<void>;
  /** Files in an environment's /tmp. */
  tmp(environmentId: string): Promise<Array<{ path: string; size: number }>>;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

interface Pending {
  requestId: string;
  eventText: string;
  logs: string[];
  resolve: (r: InvokeResult) => void;
  error: ErrorResponse | null;
  payload: string | null;
  durationMs: number;
  maxMemoryUsedMb: number;
  syntax?: SyntaxLocation;
  started: boolean;
  roundTripMs?: number;
}

interface EnvHandle {
  id: string;
  actor: Actor<typeof environmentMachine>;
  alive: boolean;
  reserved: boolean;
  runtimeMs: number;
  functionMs: number;
  /** Init error from the last failed init (full Node shape, with trace). */
  initError: { error: ErrorResponse; syntax?: SyntaxLocation } | null;
  pending: Pending | null;
  /** The init started right behind the process start, until initFunction takes its result. */
  initReply: Promise<InitResult> | null;
  /** The request id the runtime's log records belong to (`undefined` during init, as Lambda prints it). */
  logRequestId: string;
  logStreamName: string;
  lastInvocations: number;
  generation: number;
  deferred: (() => void) | null;
}

const ACCOUNT_ID = '123456789012';

function toConfig(partial?: Partial<SandboxConfig>): SandboxConfig {
  return {
    ...DEFAULT_CONFIG,
    ...partial,
    environment: { ...(partial?.environment ?? {}) },
    layers: [...(partial?.layers ?? DEFAULT_CONFIG.layers)],
  };
}

function logStreamName(): string {
  const d = new Date();
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${day}/[$LATEST]${randomToken().slice(0, 32)}`;
}

function traceId(): string {
  const t = randomToken();
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${t.slice(0, 24)};Parent=${t.slice(16, 32)};Sampled=0;Lineage=1:${t.slice(0, 8)}:0`;
}

export async function createSandboxSession(options: SessionOptions): Promise<SandboxSession> {
  const host = options.host ?? (sharedHost ??= createSandboxHost());
  // Boot the frame and its spare workers now, ahead of the first invoke.
  await host.prepare?.('nodejs22.x');
  let code = options.code;
  let language: SourceLanguage = options.language ?? 'javascript';
  let config = toConfig(options.config);
  const maxEnvironments = options.maxEnvironments ?? 10;
  const idleLifetimeMs = options.idleLifetimeMs ?? 600_000;
  const envs = new Map<string, EnvHandle>();
  const allLogs: string[] = [];
  const listeners = new Set<() => void>();
  let envSeq = 0;
  // Environment ids are unique per page: several sessions share one iframe.
  const sessionTag = `env${randomToken().slice(0, 4)}`;
  let generation = 0;
  let disposed = false;

  const notify = () => {
    for (const l of listeners) l();
  };

  const emit = (env: EnvHandle | null, line: string) => {
    allLogs.push(line);
    if (allLogs.length > 5000) allLogs.splice(0, allLogs.length - 5000);
    env?.pending?.logs.push(line);
  };

  const renderRecord = (env: EnvHandle, record: FunctionLogRecord): string =>
    record.level === null
      ? record.message
      : formatAppLog(record.time, env.logRequestId, record.level as AppLogLevel, record.message, 0);
  const offLog = host.onLog((envId, record) => {
    const env = envs.get(envId);
    if (env) emit(env, renderRecord(env, record));
  });
  const offCrash = host.onCrash((envId) => {
    // A frozen environment whose process died: the next invoke must re-initialise.
    const env = envs.get(envId);
    if (env) env.alive = false;
  });

  function settings(stream: string): EnvironmentSettings {
    return {
      functionName: config.functionName,
      functionVersion: '$LATEST',
      region: config.region ?? 'us-east-1',
      accountId: ACCOUNT_ID,
      memoryMb: config.memoryMb,
      timeoutS: config.timeoutS,
      ephemeralStorageMb: config.ephemeralStorageMb,
      architecture: 'x86_64',
      handler: config.handler,
      environment: config.environment,
      initializationType: 'on-demand',
      logGroupName: `/aws/lambda/${config.functionName}`,
      logStreamName: stream,
      logFormat: 'Text',
      applicationLogLevel: 'INFO',
      tracing: 'PassThrough',
    };
  }

  function initRequest(stream: string): InitRequest {
    return {
      runtime: 'nodejs22.x',
      files: [{ path: handlerFileName(code, language), content: code }],
      layers: DEMO_LAYER_CONTENTS.filter((layer) => config.layers.includes(layer.name)).map(
        ({ arn, name, version, files }) => ({ arn, name, version, files }),
      ),
      settings: settings(stream),
    };
  }

  function createEnvironment(): EnvHandle {
    const id = `${sessionTag}-${++envSeq}`;
    const stream = logStreamName();
    // eslint-disable-next-line prefer-const
    let handle: EnvHandle;
    const requestInit = () => {
      handle.logRequestId = 'undefined';
      return host.init(id, initRequest(stream));
    };
    // Starts the runtime process (a worker) and the function's init right behind it.
    const spawnAndInit = async (): Promise<number> => {
      const started = await host.start(id, 'nodejs22.x');
      handle.alive = true;
      handle.initReply = requestInit();
      return started.runtimeInitMs;
    };
    const initFunction = async (): Promise<AnyEventObject> => {
      if (!handle.alive) handle.runtimeMs = await spawnAndInit();
      const r = await (handle.initReply ?? requestInit());
      handle.initReply = null;
      if (r.ok) {
        handle.functionMs = r.durationMs;
        handle.initError = null;
        return { type: 'init.phase.done', durationMs: r.durationMs };
      }
      handle.alive = false;
      const failure = r;
      handle.functionMs = failure.durationMs;
      handle.initError = { error: failure.error, ...(failure.syntax ? { syntax: failure.syntax } : {}) };
      return {
        type: 'init.phase.failed',
        error: { errorType: failure.error.errorType, errorMessage: failure.error.errorMessage },
      };
    };
    /** Runs the function's init; a failure is logged as Lambda does, for the phase it happened in. */
    const initFunctionReporting = async (initPhase: 'init' | 'invoke'): Promise<AnyEventObject> => {
      const ev = await initFunction();
      if (ev.type === 'init.phase.failed')
        emit(
          handle,
          formatInitReport({
            initDurationMs: handle.runtimeMs + handle.functionMs,
            phase: initPhase,
            status: 'error',
          }),
        );
      return ev;
    };
    const phase = (
      run: (input: ActorInput) => Promise<AnyEventObject>,
      cleanup?: (settled: boolean) => void,
      failure: 'init.phase.failed' | 'handler.crashed' = 'init.phase.failed',
    ) =>
      fromCallback<AnyEventObject, ActorInput>(({ input, sendBack }) => {
        let settled = false;
        let stopped = false;
        run(input).then(
          (ev) => {
            settled = true;
            if (!stopped) sendBack(ev);
          },
          (err: unknown) => {
            settled = true;
            if (!stopped)
              sendBack({ type: failure, error: { errorType: 'Sandbox.Error', errorMessage: String(err) } });
          },
        );
        return () => {
          stopped = true;
          cleanup?.(settled);
        };
      });

    const machine = environmentMachine.provide({
      actors: {
        // The iframe is the sandbox and is already up; the runtime process (the worker) starts in initRuntime.
        startSandbox: phase(async () => ({ type: 'sandbox.ready', durationMs: 0 })),
        initExtensions: phase(async () => {
          emit(handle, formatInitStart('nodejs22.x', config.region ?? 'us-east-1'));
          return { type: 'init.phase.done', durationMs: 0 };
        }),
        initRuntime: phase(async () => {
          if (!handle.alive) handle.runtimeMs = await spawnAndInit();
          return { type: 'init.phase.done', durationMs: handle.runtimeMs };
        }),
        initFunction: phase(() => initFunctionReporting('init')),
        reinitialize: phase(async () => {
          // Init failed or overran: Lambda retries it inside this first invoke (bounded by the timeout).
          if (handle.pending && !handle.pending.started) {
            handle.pending.started = true;
            emit(handle, formatStart(handle.pending.requestId));
          }
          handle.alive = false;
          return initFunctionReporting('invoke');
        }),
        runHandler: phase(
          async () => {
            const p = handle.pending;
            if (!p) return { type: 'handler.done' };
            if (!p.started) {
              p.started = true;
              emit(handle, formatStart(p.requestId));
            }
            handle.logRequestId = p.requestId;
            const posted = performance.now();
            const r = await host.invoke(id, {
              requestId: p.requestId,
              event: p.eventText,
              remainingMs: config.timeoutS * 1000,
              invokedFunctionArn: `arn:aws:lambda:${config.region ?? 'us-east-1'}:${ACCOUNT_ID}:function:${config.functionName}`,
              traceId: traceId(),
            });
            p.roundTripMs = performance.now() - posted;
            p.durationMs = r.durationMs;
            p.maxMemoryUsedMb = r.maxMemoryUsedMb;
            if (r.outcome === 'success') {
              p.payload = r.payload;
              return { type: 'handler.done', durationMs: r.durationMs, maxMemoryUsedMb: r.maxMemoryUsedMb };
            }
            p.error = r.error;
            p.payload = JSON.stringify(r.error);
            const info = { errorType: r.error.errorType, errorMessage: r.error.errorMessage };
            if (r.outcome === 'crash') {
              handle.alive = false;
              return { type: 'handler.crashed', error: info };
            }
            return {
              type: 'handler.done',
              error: info,
              durationMs: r.durationMs,
              maxMemoryUsedMb: r.maxMemoryUsedMb,
            };
          },
          (settled) => {
            // Stopped before it finished: the function timed out. Terminating the worker is the only way
            // to stop code such as `while (true) {}`.
            if (!settled) {
              handle.alive = false;
              void host.stop(id, { keepTmp: true });
            }
          },
          'handler.crashed',
        ),
        resetRuntime: phase(async () => {
          handle.alive = false;
          handle.initReply = null;
          await host.stop(id, { keepTmp: true });
          return { type: 'reset.done' };
        }),
        shutdownRuntime: phase(async () => {
          handle.alive = false;
          handle.initReply = null;
          await host.stop(id, { keepTmp: false });
          return { type: 'shutdown.done' };
        }),
      },
    });

    const actor = createActor(machine, {
      input: { environmentId: id, timeoutMs: config.timeoutS * 1000, idleLifetimeMs },
    });
    handle = {
      id,
      actor,
      alive: false,
      reserved: false,
      runtimeMs: 0,
      functionMs: 0,
      initError: null,
      pending: null,
      initReply: null,
      logRequestId: 'undefined',
      logStreamName: stream,
      lastInvocations: 0,
      generation,
      deferred: null,
    };
    actor.subscribe((snap) => {
      const ctx = snap.context;
      if (ctx.invocations !== handle.lastInvocations) {
        handle.lastInvocations = ctx.invocations;
        finishInvocation(handle, ctx.lastOutcome ?? 'success', ctx.coldStart);
      }
      // After a timeout or crash the caller hears back once the reset is done, so the next invoke finds this
      // environment (cold, /tmp kept) rather than racing it to a new one.
      if (handle.deferred && stateIdOf(snap) !== 'resetting') {
        const deliver = handle.deferred;
        handle.deferred = null;
        deliver();
      }
      // Retired by new code or configuration: shut it down as soon as it is idle.
      if (handle.generation !== generation && !handle.reserved && stateIdOf(snap) === 'frozen')
        queueMicrotask(() => {
          if (stateIdOf(actor.getSnapshot()) === 'frozen') actor.send({ type: 'shutdown.requested' });
        });
      if (snap.status === 'done') envs.delete(id);
      notify();
    });
    envs.set(id, handle);
    actor.start();
    return handle;
  }

  function finishInvocation(env: EnvHandle, outcome: string, cold: boolean): void {
    const p = env.pending;
    env.pending = null;
    env.reserved = false;
    // Code or configuration changed while it was busy: retire it now.
    if (env.generation !== generation)
      queueMicrotask(() => {
        if (stateIdOf(env.actor.getSnapshot()) === 'frozen') env.actor.send({ type: 'shutdown.requested' });
      });
    if (!p) return;
    const emitTo = (line: string) => {
      allLogs.push(line);
      p.logs.push(line);
    };
    const initDurationMs = cold ? env.runtimeMs + env.functionMs : undefined;
    let result: InvokeResult;
    const timeoutS = config.timeoutS;
    let durationMs = p.durationMs;
    let error = p.error;
    let payload = p.payload;
    let syntax: SyntaxLocation | undefined;
    if (outcome === 'timeout') {
      durationMs = timeoutS * 1000;
      payload = timeoutErrorResponse(p.requestId, timeoutS);
      error = { ...(JSON.parse(payload) as { errorType: string; errorMessage: string }), trace: [] };
      emitTo(formatTimeoutLine(Date.now(), p.requestId, timeoutS, 0));
    } else if (outcome === 'initFailed' && env.initError) {
      error = env.initError.error;
      syntax = env.initError.syntax;
      payload = JSON.stringify(error);
      durationMs = env.functionMs;
    }
    emitTo(formatEnd(p.requestId));
    const memoryMb = config.memoryMb;
    const maxMemoryUsedMb = Math.min(memoryMb, p.maxMemoryUsedMb || 60);
    const billedMs = billedDurationMs(durationMs, initDurationMs ?? 0);
    emitTo(
      formatReport({
        requestId: p.requestId,
        durationMs,
        billedMs,
        memoryMb,
        maxMemoryUsedMb,
        ...(initDurationMs !== undefined ? { initDurationMs } : {}),
      }),
    );
    // The platform's own lines when the runtime process exits mid-invoke (after REPORT, as CloudWatch shows).
    if (outcome === 'crash' && error?.errorType === 'Runtime.ExitError') {
      emitTo(error.errorMessage);
      emitTo(error.errorType);
    }
    let response: unknown = null;
    if (outcome === 'success' && payload !== null) {
      try {
        response = JSON.parse(payload);
      } catch {
        response = payload;
      }
    }
    result = {
      requestId: p.requestId,
      outcome: (outcome === 'success' && error ? 'error' : outcome) as InvokeOutcomeKind,
      response,
      payload,
      error: outcome === 'success' ? null : error,
      logs: p.logs,
      report: {
        durationMs,
        billedMs,
        memoryMb,
        maxMemoryUsedMb,
        ...(initDurationMs !== undefined ? { initDurationMs } : {}),
      },
      environmentId: env.id,
      cold,
      statusCode: 200,
      ...(syntax ? { syntax } : {}),
      ...(p.roundTripMs !== undefined ? { roundTripMs: p.roundTripMs } : {}),
    };
    if (outcome === 'error') result = { ...result, error, response: null };
    const deliver = () => {
      env.reserved = false;
      p.resolve(result);
    };
    if (stateIdOf(env.actor.getSnapshot()) === 'resetting') {
      env.reserved = true;
      env.deferred = deliver;
    } else deliver();
  }

  function pickEnvironment(): EnvHandle | null {
    let reusable: EnvHandle | null = null;
    for (const env of envs.values()) {
      if (env.reserved || env.generation !== generation) continue;
      const state = stateIdOf(env.actor.getSnapshot());
      if (state !== 'frozen') continue;
      // Prefer a warm one; one that was reset still beats creating a new environment.
      if (!env.actor.getSnapshot().context.needsInit) return env;
      reusable ??= env;
    }
    if (reusable) return reusable;
    const active = [...envs.values()].filter((e) => e.actor.getSnapshot().status !== 'done').length;
    if (active >= maxEnvironments) return null;
    return createEnvironment();
  }

  function rejected(requestId: string, error: ErrorResponse, statusCode: number): InvokeResult {
    return {
      requestId,
      outcome: 'rejected',
      response: null,
      payload: JSON.stringify({ Type: 'User', message: error.errorMessage }),
      error,
      logs: [],
      report: null,
      environmentId: null,
      cold: false,
      statusCode,
    };
  }

  function invoke(event: unknown, opts: { type?: InvocationType } = {}): Promise<InvokeResult> {
    const type = opts.type ?? 'sync';
    const requestId = crypto.randomUUID();
    if (disposed)
      return Promise.resolve(
        rejected(
          requestId,
          { errorType: 'Sandbox.Disposed', errorMessage: 'session closed', trace: [] },
          500,
        ),
      );
    let eventText: string;
    try {
      eventText = JSON.stringify(event === undefined ? {} : event);
    } catch (e) {
      return Promise.resolve(
        rejected(
          requestId,
          {
            errorType: 'InvalidRequestContentException',
            errorMessage: `Could not parse request body into json: ${String(e)}`,
            trace: [],
          },
          400,
        ),
      );
    }
    if (exceedsBytes(eventText, PAYLOAD_LIMIT_BYTES[type]))
      return Promise.resolve(rejected(requestId, payloadTooLargeError(type), 413));
    const env = pickEnvironment();
    if (!env)
      return Promise.resolve(
        rejected(
          requestId,
          {
            errorType: 'TooManyRequestsException',
            errorMessage: `Rate Exceeded. (the sandbox runs at most ${maxEnvironments} environments at once)`,
            trace: [],
          },
          429,
        ),
      );
    env.reserved = true;
    return new Promise<InvokeResult>((resolve) => {
      env.pending = {
        requestId,
        eventText,
        logs: [],
        resolve: (r) => {
          resolve(type === 'async' ? { ...r, statusCode: 202 } : r);
          notify();
        },
        error: null,
        payload: null,
        durationMs: 0,
        maxMemoryUsedMb: 0,
        started: false,
      };
      env.actor.send({ type: 'invoke.requested', request: { requestId } });
    });
  }

  function shutdownAll(): void {
    for (const env of envs.values()) {
      const snap = env.actor.getSnapshot();
      if (snap.status === 'done') continue;
      if (stateIdOf(snap) === 'frozen') env.actor.send({ type: 'shutdown.requested' });
      else env.generation = -1; // busy: retire it after its current invocation
    }
  }

  return {
    invoke,
    invokeMany: (n, event, opts) =>
      Promise.all(Array.from({ length: Math.max(1, Math.floor(n)) }, () => invoke(event, opts))),
    environments() {
      return [...envs.values()].map((env) => {
        const snap = env.actor.getSnapshot();
        const stateId = stateIdOf(snap);
        const top = stateId.split('.')[0];
        const status: EnvironmentStatus =
          snap.status === 'done' || top === 'shutdown' || top === 'shuttingDown'
            ? 'shutdown'
            : top === 'invoking'
              ? 'busy'
              : top === 'starting' || top === 'initializing'
                ? 'initializing'
                : top === 'resetting'
                  ? 'resetting'
                  : top === 'frozen' && snap.context.needsInit
                    ? 'cold'
                    : top === 'frozen'
                      ? 'warm'
                      : 'cold';
        return {
          id: env.id,
          status,
          stateId,
          invocations: snap.context.invocations,
          inits: snap.context.inits,
          resets: snap.context.resets,
        };
      });
    },
    logs: () => [...allLogs],
    update(next) {
      if (next.code !== undefined) code = next.code;
      if (next.language !== undefined) language = next.language;
      if (next.config !== undefined) config = toConfig({ ...config, ...next.config });
      generation++;
      shutdownAll();
      notify();
    },
    async reset() {
      generation++;
      shutdownAll();
      notify();
    },
    async tmp(environmentId) {
      return (await host.tmp?.(environmentId)) ?? [];
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      for (const env of envs.values()) {
        env.actor.stop();
        void host.stop(env.id, { keepTmp: false });
      }
      envs.clear();
      offLog();
      offCrash();
      listeners.clear();
    },
  };
}
