/**
 * The interface between the runtime-neutral worker host (worker/workerHost.ts) and one language runtime
 * (runtimes/nodejs, later runtimes/python). Like learn.svelte.dev's adapters: the host owns the process
 * (port, freeze/thaw, limits, log framing, result framing, crash reports); a runtime only loads the function and
 * calls its handler, in its language's terms. Nothing here assumes JavaScript modules: a runtime receives files
 * as text and decides how to load them (Pyodide imports Python from its own file system).
 */
import type {
  AwsCallRequest,
  AwsCallResponse,
  CodeFile,
  CodeRuntimeId,
  EnvironmentSettings,
  ErrorResponse,
  FunctionLogRecord,
  InvokeRequest,
  LayerContent,
  SyntaxLocation,
} from '../../sim/lambda/host';
import type { RuntimeBundle } from '../sdk/bundleFormat';
import type { FsMutation, TmpSnapshot } from '../tmp/tmpFs';
import type { FreezableScheduler } from './scheduler';

/** What the host hands a runtime at boot, before any learner code exists. */
export interface RuntimeServices {
  /** One application log record; the host batches records per task turn and keeps their order. */
  log(record: FunctionLogRecord): void;
  /** Monotonic milliseconds (performance.now). */
  now(): number;
  /** Epoch milliseconds (Date.now). */
  epochNow(): number;
  /** The environment's timers and deliveries: they freeze between invocations. */
  scheduler: FreezableScheduler;
  /**
   * An SDK request to the simulated account (`aws.call` on the port). The reply is delivered only while the
   * environment runs; an outstanding call keeps the event loop busy (see FreezableScheduler.hold).
   */
  aws(request: AwsCallRequest): Promise<AwsCallResponse>;
  /** The process dies now (process.exit, sys.exit): the host reports it and stops listening. */
  exit(error: ErrorResponse): void;
  /**
   * The runtime's memory figure may have grown (a large allocation): if it is past the function's memory size,
   * the host ends the process as Lambda's out-of-memory kill does (`Runtime.OutOfMemory`, `signal: killed`)
   * and returns true; the caller should then stop what it was doing.
   */
  checkMemory(): boolean;
  /**
   * One write of a response-streaming handler (`awslambda.streamifyResponse`): the host sends it on the port
   * now, stamped with the time since the invocation began, as the real runtime sends each chunk as it is written.
   * Ignored outside an invocation.
   */
  stream(bytes: Uint8Array, contentType?: string): void;
}

/** What the worker is booted with: the runtime id and the assets the host fetched for it (any cloneable data). */
export interface RuntimeBoot {
  runtime: CodeRuntimeId;
  assets: Readonly<Record<string, unknown>>;
  /** Offers assets to the runtime's later workers (honoured only while booting; see WorkerEvent `share`). */
  share?(assets: Record<string, unknown>): void;
}

export interface RuntimeInitRequest {
  files: CodeFile[];
  layers: LayerContent[];
  settings: EnvironmentSettings;
  /** /tmp as this environment left it (kept across resets); report every change with `onTmpMutation`. */
  tmp: TmpSnapshot;
  onTmpMutation(mutation: FsMutation): void;
  /** Compiled forms of files that an earlier init produced (keyed by the runtime, see `compiled` below). */
  compiled: Readonly<Record<string, string>>;
  /** Runtime bundles this init needs (the AWS SDK, Powertools), by name: see src/sandbox/sdk. */
  bundles?: Readonly<Record<string, RuntimeBundle>>;
}

export type RuntimeInitResult =
  /** `compiled`: new entries the host may cache and hand to later inits of the same files. */
  | { ok: true; compiled?: Record<string, string> }
  | { ok: false; error: ErrorResponse; syntax?: SyntaxLocation };

export interface RuntimeInvokeRequest extends InvokeRequest {
  /** Epoch ms at which the function times out (the host computed it from `remainingMs` on arrival). */
  deadline: number;
}

/** How one invocation ended, in the runtime's terms. The host frames it, checks its size and posts it. */
export type HandlerOutcome =
  /** The serialised response (JSON text, as the runtime's serialiser wrote it). */
  | { kind: 'payload'; payload: string }
  /** A function error, already logged the runtime's way; the environment stays warm. */
  | { kind: 'error'; error: ErrorResponse; stream?: { contentType: string } }
  /** A streamed response ended: its bytes went out with `RuntimeServices.stream`. */
  | { kind: 'stream'; contentType: string };

export interface RuntimeModule {
  /** Load the function (module-level code runs here, once per environment). */
  init(request: RuntimeInitRequest): Promise<RuntimeInitResult>;
  /** Run the handler once and call `complete` exactly once, unless the process dies first. */
  invoke(request: RuntimeInvokeRequest, complete: (outcome: HandlerOutcome) => void): void;
  /**
   * Nobody caught `error` (a throwing timer, an unhandled rejection): log it the runtime's way and return the
   * error the process dies with.
   */
  uncaught(error: unknown, kind: 'exception' | 'rejection'): ErrorResponse;
  /**
   * The process's memory high-water mark, MB. Browsers expose no worker heap figure, so it is the runtime's model
   * of what it can see (what the handler holds, buffers, the code), never a constant.
   */
  maxMemoryUsedMb(): number;
}

/** Creates a runtime in a fresh worker. May be slow (an interpreter boot): the host reports `booted` after it. */
export type RuntimeFactory = (
  services: RuntimeServices,
  boot: RuntimeBoot,
) => RuntimeModule | Promise<RuntimeModule>;
