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
  StreamWrite,
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
  /**
   * The network gate calls this when the request will never get an answer (no route: src/sim/vpc/gate.ts). An
   * environment whose every outstanding request is such a call runs no code while it waits (see StalledCalls).
   */
  neverAnswered?: () => void;
}

interface WorkerState {
  /** The runtime process is running (started and not stopped). */
  alive: boolean;
  runtimeInitMs: number;
  /** Virtual time the current invocation's handler (or re-init) started. */
  invokeStartAt: number;
}

const CODE_RUNTIMES = new Set<string>(['nodejs22.x', 'nodejs24.x', 'python3.14']);

/**
 * Which environments are waiting only on requests nobody will answer (a VPC with no route). Such an environment
 * runs no code: it sits on a connection attempt until the function's timeout (or the init limit) stops it, so a
 * clock driver may jump to that timeout instead of waiting it out in wall time. The timeout itself still fires
 * in virtual time, so REPORT shows the full duration and billing is unchanged.
 *
 * Limitation: the main thread sees requests, not the runtime's event loop. Code that keeps computing (or waits on
 * a timer of its own) while a hung request is outstanding looks stalled too.
 */
class StalledCalls {
  /** Per environment: requests sent and not answered yet, and how many of those will never be answered. */
  private readonly calls = new Map<string, { outstanding: number; neverAnswered: number }>();

  /** A request leaves the environment; the returned callbacks say how it ended. */
  sent(id: string): { answered(): void; neverAnswered(): void } {
    const entry = this.calls.get(id) ?? { outstanding: 0, neverAnswered: 0 };
    this.calls.set(id, entry);
    entry.outstanding++;
    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      return this.calls.get(id) === entry;
    };
    return {
      answered: () => {
        if (settle()) entry.outstanding--;
      },
      neverAnswered: () => {
        if (settle()) entry.neverAnswered++;
      },
    };
  }

  /** Every outstanding request of the environment will never be answered (and there is one). */
  stalled(id: string): boolean {
    const entry = this.calls.get(id);
    return entry !== undefined && entry.neverAnswered > 0 && entry.neverAnswered === entry.outstanding;
  }

  /** The process stopped: its connections went with it. */
  processStopped(id: string): void {
    this.calls.delete(id);
  }
}

class WorkerPhases implements PhaseSource {
  readonly kind = 'worker';
  private cb!: ExecutorCallbacks;
  private inFlight = 0;
  /** Phases in flight per environment (busy() asks whether each one is stalled). */
  private readonly running = new Map<string, number>();
  private readonly stalls = new StalledCalls();
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
      ...(host.onStream
        ? [host.onStream((id, requestId, write) => this.streamWrite(id, requestId, write))]
        : []),
      host.onCrash((id, error) => {
        const env = this.byId.get(id);
        if (!env) return;
        const w = this.workers.get(id);
        if (w) w.alive = false;
        this.stalls.processStopped(id);
        this.cb.environmentCrashed(env, error);
      }),
    );
  }

  /**
   * A streaming handler's write, live. The attempt keeps what was written so far, so a timeout (which stops the
   * process before any result) or a crash still hands the caller the bytes already sent; the service passes the
   * write on to whoever watches the invocation. A write that arrives after the invocation ended is dropped.
   */
  private streamWrite(id: string, requestId: string, write: StreamWrite): void {
    const env = this.byId.get(id);
    if (!env) return;
    // A timeout that came first in virtual time wins: then the invocation is over and the write is late.
    this.options.sync?.();
    if (!env.started || env.inv?.requestId !== requestId) return;
    const a = env.attempt;
    const chunk = { offsetMs: write.offsetMs, bytes: write.bytes };
    if (a.stream) {
      a.stream.contentType = write.contentType;
      a.stream.chunks.push(chunk);
    } else a.stream = { contentType: write.contentType, chunks: [chunk] };
    this.cb.streamWrite?.(env, a.stream, chunk);
  }

  /** Real code may be running: a phase is in flight in an environment that is not stalled on a hung call. */
  busy(): boolean {
    if (this.inFlight === 0) return false;
    for (const [id, phases] of this.running) if (phases > 0 && !this.stalls.stalled(id)) return true;
    return false;
  }

  /** Phases are in flight, and every one waits only on requests that will never be answered. */
  stalled(): boolean {
    return this.inFlight > 0 && !this.busy();
  }

  private phaseStarted(id: string): void {
    this.inFlight++;
    this.running.set(id, (this.running.get(id) ?? 0) + 1);
  }

  private phaseSettled(id: string): void {
    this.inFlight--;
    const left = (this.running.get(id) ?? 1) - 1;
    if (left > 0) this.running.set(id, left);
    else this.running.delete(id);
  }

  /** Stops an environment's process; its outstanding requests (hung ones too) go with it. */
  private stopProcess(id: string, options: { keepTmp: boolean }): Promise<void> {
    this.stalls.processStopped(id);
    return this.options.host.stop(id, options);
  }

  private bindAws(aws: NonNullable<WorkerExecutorOptions['aws']>): () => void {
    const host = this.options.host;
    host.setAwsHandler((id, request) => {
      const env = this.byId.get(id);
      if (!env) return Promise.reject(new Error('Unknown environment'));
      this.options.sync?.();
      const call = this.stalls.sent(id);
      const answer = aws(
        {
          functionName: env.fn.name,
          version: env.version.version,
          requestId: env.started ? env.inv?.requestId : undefined,
          traceId: this.traces.get(id),
          lineage: env.started ? env.inv?.lineage : undefined,
          neverAnswered: () => {
            call.neverAnswered();
            // The live clock re-arms: with this environment stalled it may now jump to the next timeout.
            this.options.sync?.();
          },
        },
        request,
      );
      const answered = () => {
        call.answered();
        // Its last answerable request is back and only hung ones are left: a clock driver may jump now.
        if (this.stalls.stalled(id)) this.options.sync?.();
      };
      void answer.then(answered, answered);
      return answer;
    });
    return () => host.setAwsHandler(null);
  }

  forget(env: Environment): void {
    this.byId.delete(String(env.id));
    this.workers.delete(String(env.id));
    this.traces.delete(String(env.id));
    this.stalls.processStopped(String(env.id));
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    for (const id of this.byId.keys()) void this.stopProcess(id, { keepTmp: false });
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
        this.phaseStarted(id);
        track.phaseStarting(input.phase);
        run(input).then(
          (ev) => {
            settled = true;
            this.phaseSettled(id);
            if (stopped) return;
            this.options.sync?.();
            if (!stopped) sendBack(ev);
          },
          (err: unknown) => {
            settled = true;
            this.phaseSettled(id);
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
        void this.stopProcess(id, { keepTmp: true });
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
          await this.stopProcess(id, { keepTmp: true });
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
          // Filled by live writes (streamWrite) until the result replaces it.
          env.attempt.stream = null;
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
          // A crash keeps what was written before it (the caller already has those bytes).
          a.stream = r.stream ?? null;
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
        await this.stopProcess(id, { keepTmp: true });
        return { type: 'reset.done' };
      }),
      shutdownRuntime: phase(async () => {
        w.alive = false;
        await this.stopProcess(id, { keepTmp: false });
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
