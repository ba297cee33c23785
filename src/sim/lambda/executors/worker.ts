/**
 * The worker executor: the actor executor with phase actors that drive a real runtime through an EnvironmentHost
 * (Web Workers in the sandbox; an in-process runtime in tests). The machine's own timers run on the service's
 * clock, which a live driver keeps in step with real time while code runs: the function timeout stops even
 * `while (true) {}` by stopping `runHandler`, whose cleanup stops the process.
 *
 * Durations are measured by the runtime; Init Duration is the runtime's start figure (measured for Node.js,
 * modelled for Python) plus the measured function init.
 */
import { fromCallback, type AnyActorLogic, type AnyEventObject } from 'xstate';
import type { ActorInput } from '../../environment.machine';
import type {
  AwsCallRequest,
  AwsCallResponse,
  CodeRuntimeId,
  EnvironmentHost,
  EnvironmentSettings,
  InitRequest,
} from '../host';
import type { Environment } from '../environments';
import { ActorExecutor, type PhaseActorName, type PhaseSource, type PhaseTrack } from './actor';
import type { ExecutorCallbacks } from './executor';
import type { Target } from '../functions';

export interface WorkerExecutorOptions {
  host: EnvironmentHost;
  /**
   * Called before any result from the host is applied: a live clock driver brings virtual time up to real time
   * here, so the event lands at the right moment (and a timeout that came first wins).
   */
  sync?: () => void;
  /**
   * Called as a sandbox starts (a runtime process boots, or an interpreter is restored); the returned function is
   * called when it is up. A live clock driver stops virtual time meanwhile (LiveClock.hold): the simulator's own
   * start-up is not time that passes in Lambda, so it counts against no init limit or function timeout, and only
   * the runtime init (modelled or measured) and the learner's module import make up Init Duration.
   */
  holdClock?: () => () => void;
  /**
   * Where the environments' AWS SDK requests go (the simulated account). The executor knows which function and
   * invocation each environment is running, so the account sees a proper caller.
   */
  aws?: (caller: AwsCallerInfo, request: AwsCallRequest) => Promise<AwsCallResponse>;
  /**
   * `_X_AMZN_TRACE_ID` for an invocation that X-Ray traces (the account's tracing bridge knows which); when it
   * answers undefined the executor makes an unsampled header of its own, as Lambda does for PassThrough.
   */
  traceHeader?: (invocation: { functionName: string; requestId: string }) => string | undefined;
}

/** Who made an SDK request: the function, the invocation it was serving (if any) and its trace header. */
export interface AwsCallerInfo {
  functionName: string;
  version: string;
  requestId: string | undefined;
  traceId: string | undefined;
  /** The invocation's lineage (recursive loop detection; ../lineage.ts), for the account's AwsCaller.lineage. */
  lineage: number | undefined;
}

interface WorkerState {
  /** The runtime process is running (started and not stopped). */
  alive: boolean;
  runtimeInitMs: number;
  /** Virtual time the current invocation's handler (or re-init) started. */
  invokeStartAt: number;
}

const CODE_RUNTIMES = new Set<string>(['nodejs22.x', 'nodejs24.x', 'python3.14']);

class WorkerPhases implements PhaseSource {
  readonly kind = 'worker';
  private cb!: ExecutorCallbacks;
  private inFlight = 0;
  private readonly byId = new Map<string, Environment>();
  private readonly workers = new Map<string, WorkerState>();
  /** The trace header of the invocation each environment runs (for its SDK calls). */
  private readonly traces = new Map<string, string>();
  private readonly offs: Array<() => void> = [];

  constructor(private readonly options: WorkerExecutorOptions) {}

  bind(callbacks: ExecutorCallbacks): void {
    this.cb = callbacks;
    const host = this.options.host;
    this.offs.push(
      host.onLog((id, record) => {
        const env = this.byId.get(id);
        if (!env) return;
        this.options.sync?.();
        this.cb.functionLog(env, record);
      }),
      ...(this.options.aws ? [this.bindAws(this.options.aws)] : []),
      host.onCrash((id, error) => {
        const env = this.byId.get(id);
        if (!env) return;
        const w = this.workers.get(id);
        if (w) w.alive = false;
        this.cb.environmentCrashed(env, error);
      }),
    );
  }

  busy(): boolean {
    return this.inFlight > 0;
  }

  private bindAws(aws: NonNullable<WorkerExecutorOptions['aws']>): () => void {
    const host = this.options.host;
    host.setAwsHandler((id, request) => {
      const env = this.byId.get(id);
      if (!env) return Promise.reject(new Error('Unknown environment'));
      this.options.sync?.();
      return aws(
        {
          functionName: env.fn.name,
          version: env.version.version,
          requestId: env.started ? env.inv?.requestId : undefined,
          traceId: this.traces.get(id),
          lineage: env.started ? env.inv?.lineage : undefined,
        },
        request,
      );
    });
    return () => host.setAwsHandler(null);
  }

  forget(env: Environment): void {
    this.byId.delete(String(env.id));
    this.workers.delete(String(env.id));
    this.traces.delete(String(env.id));
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    for (const id of this.byId.keys()) void this.options.host.stop(id, { keepTmp: false });
    this.byId.clear();
  }

  private trace(id: string, functionName: string, requestId: string): string {
    const header =
      this.options.traceHeader?.({ functionName, requestId }) ??
      traceHeader(this.cb.token(), this.cb.epochMs + this.cb.clock.now());
    this.traces.set(id, header);
    return header;
  }

  settings(env: Environment): EnvironmentSettings {
    const c = env.version.config;
    return {
      functionName: env.fn.name,
      functionVersion: env.version.version,
      region: 'us-east-1',
      accountId: env.fn.arn.split(':')[4] ?? '123456789012',
      memoryMb: c.memoryMb,
      timeoutS: c.timeoutS,
      ephemeralStorageMb: c.ephemeralStorageMb,
      architecture: c.architecture,
      handler: c.code?.handler ?? 'index.handler',
      environment: c.environment,
      initializationType: env.provisioned ? 'provisioned-concurrency' : 'on-demand',
      logGroupName: `/aws/lambda/${env.fn.name}`,
      logStreamName: env.logStream,
      logFormat: c.logging.logFormat,
      applicationLogLevel: c.logging.applicationLogLevel,
      tracing: c.tracing,
    };
  }

  private initRequest(env: Environment): InitRequest {
    const c = env.version.config;
    return {
      runtime: c.runtime as CodeRuntimeId,
      files: c.code?.files ?? [],
      layers: c.layers.flatMap((l) => (l.content ? [l.content] : [])),
      settings: this.settings(env),
    };
  }

  actorsFor(env: Environment, track: PhaseTrack): Record<PhaseActorName, AnyActorLogic> {
    const host = this.options.host;
    const id = String(env.id);
    this.byId.set(id, env);
    const w: WorkerState = { alive: false, runtimeInitMs: 0, invokeStartAt: 0 };
    this.workers.set(id, w);
    const runtime = env.version.config.runtime;
    const cb = () => this.cb;

    /** A phase as a callback actor: run once, send its event back unless the machine left the state first. */
    const phase = (
      run: (input: ActorInput) => Promise<AnyEventObject>,
      cleanup?: (settled: boolean) => void,
      failure: 'init.phase.failed' | 'handler.crashed' = 'init.phase.failed',
    ) =>
      fromCallback<AnyEventObject, ActorInput>(({ input, sendBack }) => {
        let settled = false;
        let stopped = false;
        this.inFlight++;
        track.phaseStarting(input.phase);
        run(input).then(
          (ev) => {
            settled = true;
            this.inFlight--;
            if (stopped) return;
            this.options.sync?.();
            if (!stopped) sendBack(ev);
          },
          (err: unknown) => {
            settled = true;
            this.inFlight--;
            if (stopped) return;
            this.options.sync?.();
            if (!stopped)
              sendBack({
                type: failure,
                error: {
                  errorType: 'Sandbox.Error',
                  errorMessage: err instanceof Error ? err.message : String(err),
                },
              });
          },
        );
        return () => {
          stopped = true;
          cleanup?.(settled);
        };
      });

    const start = async (): Promise<void> => {
      if (!CODE_RUNTIMES.has(runtime)) {
        throw new Error(
          `The ${runtime} runtime is modelled only: the sandbox runs nodejs22.x, nodejs24.x and python3.14.`,
        );
      }
      const release = this.options.holdClock?.();
      let r;
      try {
        r = await host.start(id, runtime as CodeRuntimeId);
      } finally {
        release?.();
      }
      w.alive = true;
      w.runtimeInitMs = r.runtimeInitMs;
    };

    const initFunction = async (): Promise<AnyEventObject> => {
      const r = await host.init(id, this.initRequest(env));
      track.initDuration(r.durationMs);
      if (r.ok) return { type: 'init.phase.done', durationMs: r.durationMs };
      // A failed init leaves a dead runtime: the environment resets (or retries Init inside the invoke).
      w.alive = false;
      track.initError(r.error, r.syntax);
      return {
        type: 'init.phase.failed',
        error: { errorType: r.error.errorType, errorMessage: r.error.errorMessage },
      };
    };

    const stopOnEarlyExit = (settled: boolean) => {
      // Left before it finished (init limit, function timeout, shutdown): stopping the process is the only way to
      // stop code such as `while (true) {}`.
      if (!settled && w.alive) {
        w.alive = false;
        void host.stop(id, { keepTmp: true });
      }
    };

    return {
      startSandbox: phase(async () => {
        await start();
        return { type: 'sandbox.ready', durationMs: 0 };
      }),
      initExtensions: phase(async () => ({ type: 'init.phase.done', durationMs: 0 })),
      initRuntime: phase(async () => {
        if (!w.alive) await start();
        track.initDuration(w.runtimeInitMs);
        return { type: 'init.phase.done', durationMs: w.runtimeInitMs };
      }),
      initFunction: phase(initFunction, stopOnEarlyExit),
      reinitialize: phase(async () => {
        // Init failed or overran: Lambda runs it again inside this first invoke (bounded by the timeout).
        if (w.alive) {
          w.alive = false;
          await host.stop(id, { keepTmp: true });
        }
        w.invokeStartAt = cb().clock.now();
        await start();
        track.initDuration(w.runtimeInitMs);
        return initFunction();
      }, stopOnEarlyExit),
      runHandler: phase(
        async () => {
          const inv = env.inv;
          if (!inv) return { type: 'handler.done' };
          const now = cb().clock.now();
          const retried = env.attempt.initRetried;
          if (!retried) w.invokeStartAt = now;
          const target = inv.target as Target | undefined;
          const r = await host.invoke(id, {
            requestId: inv.requestId,
            event: JSON.stringify(inv.payload === undefined ? {} : inv.payload),
            remainingMs: Math.max(0, env.version.timeoutMs - (now - w.invokeStartAt)),
            invokedFunctionArn: target?.invokedArn ?? env.fn.arn,
            traceId: this.trace(id, env.fn.name, inv.requestId),
          });
          const a = env.attempt;
          a.durationMs = r.durationMs;
          a.reportedMemoryMb = r.maxMemoryUsedMb;
          if (r.outcome === 'success') {
            a.result = 'success';
            a.payload = r.payload;
            a.error = null;
            a.exitMessage = null;
            return { type: 'handler.done', durationMs: r.durationMs, maxMemoryUsedMb: r.maxMemoryUsedMb };
          }
          a.payload = null;
          a.error = r.error;
          if (r.outcome === 'crash') {
            w.alive = false;
            a.result = 'crash';
            a.exitMessage = exitMessageOf(r.error.errorMessage);
            return {
              type: 'handler.crashed',
              error: { errorType: r.error.errorType, errorMessage: r.error.errorMessage },
            };
          }
          a.result = 'error';
          a.exitMessage = null;
          return {
            type: 'handler.done',
            error: { errorType: r.error.errorType, errorMessage: r.error.errorMessage },
            durationMs: r.durationMs,
            maxMemoryUsedMb: r.maxMemoryUsedMb,
          };
        },
        stopOnEarlyExit,
        'handler.crashed',
      ),
      resetRuntime: phase(async () => {
        w.alive = false;
        await host.stop(id, { keepTmp: true });
        return { type: 'reset.done' };
      }),
      shutdownRuntime: phase(async () => {
        w.alive = false;
        await host.stop(id, { keepTmp: false });
        return { type: 'shutdown.done' };
      }),
    };
  }
}

/** `Runtime exited with error: exit status 3` from a crash's error message (`RequestId: … Error: …`). */
function exitMessageOf(message: string): string {
  const m = /Error: (Runtime exited with error: .*)$/.exec(message);
  return m ? m[1]! : 'Runtime exited with error: signal: killed';
}

/** `_X_AMZN_TRACE_ID`: Root=1-<8 hex seconds>-<24 hex>;Parent=<16 hex>;Sampled=0. */
function traceHeader(token: string, nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `Root=1-${seconds}-${token.slice(0, 24)};Parent=${token.slice(16, 32)};Sampled=0;Lineage=1:${token.slice(0, 8)}:0`;
}

export function createWorkerExecutor(options: WorkerExecutorOptions): ActorExecutor {
  return new ActorExecutor(new WorkerPhases(options));
}
