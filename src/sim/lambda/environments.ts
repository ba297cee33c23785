/**
 * Execution environments as the service sees them: which version and pool each belongs to, whether it is busy,
 * idle (and since when), provisioned, or due to Init again. How an environment actually runs (a modelled plan, an
 * XState actor, a real worker) is its executor's business (executors/); the service only reads `state`.
 */
import type { ErrorInfo } from '../environment.machine';
import type { ErrorResponse, StreamedResponse, SyntaxLocation } from './host';
import type { FunctionState, VersionState } from './functions';
import type { AttemptResult, Invocation } from './types';
import type { ProvisionedShare } from './provisioned';

/** What one attempt produced; written by the executor, read by the service when the attempt ends. */
export interface AttemptState {
  result: AttemptResult;
  /** Handler duration (ms) as REPORT shows it (the timeout for a timeout). */
  durationMs: number;
  /** This attempt paid for Init (cold start), and how long Init took (REPORT's Init Duration). */
  cold: boolean;
  initMs: number;
  /** Init overran or failed and was retried inside the invoke: no Init Duration in REPORT. */
  initRetried: boolean;
  /** Memory the runtime reported for this attempt (MB), or -1 when it reported nothing. */
  reportedMemoryMb: number;
  /** Success: the response payload as JSON text (null for modelled functions without a response). */
  payload: string | null;
  /** Error, timeout, crash: the error response the caller receives. */
  error: ErrorResponse | null;
  /** Crash: the platform's message (`Runtime exited with error: exit status 3`). */
  exitMessage: string | null;
  /** Init failure: where the syntax error is (for the editor). */
  syntax: SyntaxLocation | null;
  /** A response-streaming handler's chunks (worker executor); the service takes it when the attempt ends. */
  stream?: StreamedResponse | null;
}

export function emptyAttempt(): AttemptState {
  return {
    result: 'success',
    durationMs: 0,
    cold: false,
    initMs: 0,
    initRetried: false,
    reportedMemoryMb: -1,
    payload: null,
    error: null,
    exitMessage: null,
    syntax: null,
  };
}

export class Environment {
  /** Leaf state of the environment machine, kept current by the executor. */
  state = 'created';
  busy = false;
  needsInit = true;
  /** In an idle list (on-demand `idle` of its version, or its provisioned pool's). */
  listed = false;
  prev: Environment | null = null;
  next: Environment | null = null;
  idleDeadline = 0;
  reaperPending = false;
  /** Shut down as soon as it is idle (provisioned concurrency lowered, `$LATEST` replaced). */
  retire = false;
  /** Shutdown requested or done: never routed to again. */
  leaving = false;
  inv: Invocation | null = null;
  /** START was written for `inv`: application logs now carry its request id (during Init they do not). */
  started = false;
  readonly attempt: AttemptState = emptyAttempt();
  /** Highest memory reported across this environment's invocations (REPORT's Max Memory Used is that peak). */
  peakMemoryMb = 0;
  invocations = 0;
  inits = 0;
  resets = 0;
  /** Last error the environment met (init failure, crash) — for views. */
  lastError: ErrorInfo | null = null;
  /** The executor's own per-environment state. */
  exec: unknown = null;
  logStream = '';

  constructor(
    readonly id: number,
    readonly fn: FunctionState,
    readonly version: VersionState,
    /** The provisioned share it belongs to, or null for on-demand. */
    readonly share: ProvisionedShare | null,
    readonly idleLifetimeMs: number,
  ) {}

  get provisioned(): boolean {
    return this.share !== null;
  }
}

/** Doubly linked list of idle environments; push/pop at the head gives "most recently used first". */
export class IdleList {
  head: Environment | null = null;
  size = 0;

  push(e: Environment): void {
    e.prev = null;
    e.next = this.head;
    if (this.head) this.head.prev = e;
    this.head = e;
    e.listed = true;
    this.size++;
  }

  pop(): Environment | null {
    const e = this.head;
    if (e) this.remove(e);
    return e;
  }

  remove(e: Environment): void {
    if (!e.listed) return;
    if (e.prev) e.prev.next = e.next;
    else this.head = e.next;
    if (e.next) e.next.prev = e.prev;
    e.prev = e.next = null;
    e.listed = false;
    this.size--;
  }

  *[Symbol.iterator](): IterableIterator<Environment> {
    for (let e = this.head; e; e = e.next) yield e;
  }
}

/** CloudWatch log stream of an environment: `YYYY/MM/DD/[version]<32 hex>`. */
export function logStreamName(epochMs: number, version: string, token: string): string {
  const d = new Date(epochMs);
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${day}/[${version}]${token}`;
}
