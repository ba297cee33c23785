/**
 * How an environment runs code is an executor's business; the service does not know which one it has.
 *
 * - modelled (the pool): plain objects stepping through the machine's compiled transitions, durations from the
 *   function's HandlerModel; millions of invocations per CPU-second.
 * - actor (the explorer): one XState actor per environment with modelled phase actors, step by step.
 * - worker (the sandbox): one XState actor per environment whose phase actors drive a real runtime through an
 *   EnvironmentHost; durations are measured.
 *
 * The executor reports through ExecutorCallbacks (implemented by the service), which write the log, bill, route
 * and retry — the same code for all three.
 */
import type { Clock } from '../../clock';
import type { Rng } from '../../random';
import type { Environment } from '../environments';
import type {
  ErrorResponse,
  FunctionLogRecord,
  StreamChunk,
  StreamedResponse,
  SyntaxLocation,
} from '../host';
import type { InitPhase, InitStatus } from '../invocationLog';

export interface ExecutorCallbacks {
  readonly clock: Clock;
  readonly rng: Rng;
  /** Epoch ms of virtual time 0. */
  readonly epochMs: number;
  /** A random 32-hex token (log streams, trace ids). */
  token(): string;
  /** Records are wanted (someone reads the log): executors may skip the calls below that only log when false. */
  readonly logging: boolean;
  /** INIT_START. `at` defaults to now (the modelled executor reports afterwards with the planned times). */
  initStarted(env: Environment, phase: InitPhase, at?: number): void;
  /** Init finished (INIT_REPORT when it failed or timed out). */
  initEnded(
    env: Environment,
    phase: InitPhase,
    status: InitStatus,
    durationMs: number,
    error?: ErrorResponse,
    syntax?: SyntaxLocation,
    at?: number,
  ): void;
  /** START for `env.inv`. */
  invokeStarted(env: Environment, at?: number): void;
  functionLog(env: Environment, record: FunctionLogRecord): void;
  /**
   * A streaming handler wrote `chunk` (`stream`: everything written so far, `env.attempt.stream`), live, while
   * `env.inv` runs. Worker executor only.
   */
  streamWrite?(env: Environment, stream: StreamedResponse, chunk: StreamChunk): void;
  /**
   * The attempt on `env` is over (`env.attempt` filled in). `ready`: the environment is already frozen and can
   * serve again; otherwise (a timeout or crash under way) the executor calls `environmentReady` after the reset.
   */
  attemptEnded(env: Environment, ready: boolean): void;
  /** Frozen and free again: after a reset, or a provisioned environment's Init ahead of traffic. */
  environmentReady(env: Environment): void;
  /** A provisioned environment's Init failed or overran: it is gone (the service replaces it). */
  provisionFailed(env: Environment): void;
  /** A frozen environment's process died: the next invoke must Init again. */
  environmentCrashed(env: Environment, error: ErrorResponse): void;
  /** Only called when `tracksStates` is true (views asked for state changes). */
  stateChanged(env: Environment, from: string, to: string): void;
  readonly tracksStates: boolean;
  /** The environment reached `shutdown`. */
  environmentGone(env: Environment): void;
}

export interface Executor {
  readonly kind: 'modelled' | 'actor' | 'worker';
  bind(callbacks: ExecutorCallbacks): void;
  /** Set up a new environment (its `exec` state). */
  create(env: Environment): void;
  /** Run `env.inv` on `env`: a cold start when `env.needsInit`. */
  invoke(env: Environment): void;
  /** Provisioned concurrency: start and initialise ahead of traffic. */
  provision(env: Environment): void;
  /** Shut down a frozen environment (idle reclaim, retired version, provisioned concurrency lowered). */
  shutdown(env: Environment): void;
  /** Real code is running somewhere (a clock driver must not jump over it). */
  busy(): boolean;
  /**
   * Something is in flight, but nothing runs code: every environment in flight waits on a request that will never
   * be answered (a VPC with no route). A clock driver may jump to the next timer (the function's timeout).
   */
  stalled?(): boolean;
  dispose?(): void;
}
