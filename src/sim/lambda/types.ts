/** Public types of the Lambda service: invocations, throttles, destination records, events, metrics. */
import type { ErrorInfo } from '../environment.machine';
import type { SyntaxLocation } from './host';
import type { DeliveredChunk, StreamPacer, StreamTiming } from './streaming';

export type InvocationType = 'sync' | 'async';
export type Outcome = 'success' | 'error' | 'throttled' | 'dlq' | 'destination';
export type AttemptResult = 'success' | 'error' | 'timeout' | 'crash';

export type ThrottleReason =
  | 'ConcurrentInvocationLimitExceeded'
  | 'ReservedFunctionConcurrentInvocationLimitExceeded'
  | 'FunctionInvocationRateLimitExceeded';

/** The Invoke API's 429: `{"Reason": …, "Type": "User", "message": "Rate Exceeded."}`. */
export interface ThrottleInfo {
  statusCode: 429;
  errorType: 'TooManyRequestsException';
  message: 'Rate Exceeded.';
  reason: ThrottleReason;
}

function throttleOf(reason: ThrottleReason): ThrottleInfo {
  return Object.freeze({
    statusCode: 429,
    errorType: 'TooManyRequestsException',
    message: 'Rate Exceeded.',
    reason,
  });
}

export const THROTTLES: Readonly<Record<ThrottleReason, ThrottleInfo>> = {
  ConcurrentInvocationLimitExceeded: throttleOf('ConcurrentInvocationLimitExceeded'),
  ReservedFunctionConcurrentInvocationLimitExceeded: throttleOf(
    'ReservedFunctionConcurrentInvocationLimitExceeded',
  ),
  FunctionInvocationRateLimitExceeded: throttleOf('FunctionInvocationRateLimitExceeded'),
};

/** The body of a throttled Invoke response, as the Lambda API returns it. */
export function throttleBody(t: ThrottleInfo): string {
  return JSON.stringify({ Reason: t.reason, Type: 'User', message: t.message });
}

/**
 * The record Lambda sends to an on-success or on-failure destination ("Configuring destinations for asynchronous
 * invocation": https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).
 */
export interface DestinationRecord {
  version: '1.0';
  timestamp: string;
  requestContext: {
    requestId: string;
    functionArn: string;
    /**
     * `RecursiveInvocationDetected` is this simulation's name for an event stopped by recursive loop detection
     * (lineage.ts): AWS sends such events to the on-failure destination but does not document the condition.
     */
    condition: 'Success' | 'RetriesExhausted' | 'EventAgeExceeded' | 'RecursiveInvocationDetected';
    approximateInvokeCount: number;
  };
  requestPayload: unknown;
  responseContext: { statusCode: number; executedVersion: string; functionError?: 'Unhandled' };
  responsePayload: unknown;
}

/** A dead-letter queue message: the event as its body, and Lambda's three message attributes. */
export interface DeadLetterMessage {
  body: unknown;
  attributes: { RequestID: string; ErrorCode: string; ErrorMessage: string };
}

export interface Delivery {
  kind: 'dlq' | 'onSuccess' | 'onFailure';
  at: number;
  /** Where it went: the configured ARN (or a placeholder when the destination is only switched on). */
  target: string;
  /** DLQ: the original event only (see `message` for its attributes). Destinations: a DestinationRecord. */
  body: unknown;
  /** DLQ only. */
  message?: DeadLetterMessage;
}

/** What the caller of a synchronous invoke receives (the Invoke API's response). */
export interface InvocationResponse {
  statusCode: number;
  /** The response payload as JSON text: the handler's result, its error, or the throttle body. */
  payload: string;
  /** `Unhandled` when the function returned an error (function errors still have status 200). */
  functionError?: 'Unhandled';
  executedVersion: string;
  /**
   * The handler streamed its response (`awslambda.streamifyResponse`): its chunks on the virtual clock. Present on
   * an error too when the error came mid-stream. `payload` is then the chunks joined, as a buffered caller gets it.
   */
  stream?: StreamDelivery;
}

/** A streamed response as its caller received it (src/sim/lambda/streaming.ts). */
export interface StreamDelivery extends StreamTiming {
  contentType: string;
}

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
  /** Set when the invocation ends (sync) or for each attempt's result (async: the last attempt). */
  response: InvocationResponse | undefined = undefined;
  /** The version that ran (set when an attempt starts). */
  executedVersion = '$LATEST';
  /** Environment of the last attempt. */
  environmentId = 0;
  /** Init failed on a syntax error: where it is (for the editor). */
  syntax: SyntaxLocation | undefined = undefined;
  /** Place in its chain of requests, from 1 (recursive loop detection, lineage.ts). */
  lineage = 1;
  /** @internal */ shadow = false;
  /** @internal */ retryAt = -1;
  /** @internal */ id: string | undefined = undefined;
  /** @internal */ waiters: Array<(inv: Invocation) => void> | undefined = undefined;
  /** @internal The resolved qualifier (for async retries). */ target: unknown = undefined;
  /** @internal InvokeOptions.onStream and the pacing of the chunks it was handed so far. */
  live: LiveStream | undefined = undefined;

  constructor(
    readonly seq: number,
    readonly functionName: string,
    /** The qualifier the caller used (`$LATEST` when none). */
    readonly qualifier: string,
    readonly type: InvocationType,
    readonly receivedAt: number,
    readonly payload: unknown,
    readonly onEnd: ((inv: Invocation) => void) | undefined,
    private readonly ids: (seq: number) => string,
  ) {}

  /** The request id (uuid-shaped, deterministic per service seed); every attempt of an async event shares it. */
  get requestId(): string {
    return (this.id ??= this.ids(this.seq));
  }

  /** Resolves when the invocation has its final outcome (for an async event: after its last attempt or delivery). */
  done(): Promise<Invocation> {
    if (this.outcome !== undefined) return Promise.resolve(this);
    return new Promise((resolve) => (this.waiters ??= []).push(resolve));
  }
}

/** Who watches an invocation's stream live (InvokeOptions.onStream), and the bandwidth pacing so far. */
export interface LiveStream {
  listener: StreamListener;
  pacer: StreamPacer | null;
}

/**
 * One chunk of a streamed response as the caller receives it, live: `chunk.at` is when its last byte arrives on
 * the virtual clock (past the first 6 MB the 2 MB/s cap can put it after the write); `contentType` is the
 * stream's.
 */
export type StreamListener = (inv: Invocation, chunk: DeliveredChunk, contentType: string) => void;

export interface InvokeOptions {
  type?: InvocationType;
  payload?: unknown;
  /** Alias name, version number or `$LATEST`. */
  qualifier?: string;
  onEnd?: (inv: Invocation) => void;
  /**
   * The lineage of the invocation whose SDK write raised this event (AwsCaller.lineage); this one counts one
   * more. Absent: a new chain of requests (lineage.ts).
   */
  lineage?: number;
  /**
   * Called once the invocation exists, before its payload is read: an event source that must put Lambda's request
   * id into the event (a function URL's `requestContext.requestId`) fills it in here.
   */
  onCreated?: (inv: Invocation) => void;
  /**
   * Each chunk of a streamed response (`awslambda.streamifyResponse`, worker executor) when the caller would
   * receive it, before the invocation ends. `response.stream` still has the whole stream at the end.
   */
  onStream?: StreamListener;
}

export interface EnvironmentView {
  id: number;
  /** Leaf state of the environment machine (`frozen`, `invoking.running` …). */
  state: string;
  provisioned: boolean;
  busy: boolean;
  version: string;
  /** Needs Init at the next invoke (new, or reset after a timeout or crash). */
  needsInit: boolean;
  invocations: number;
  inits: number;
  resets: number;
  logStream: string;
}

export type ServiceEvent =
  | { type: 'invocation.ended'; invocation: Invocation }
  | { type: 'invocation.started'; invocation: Invocation; environmentId: number; cold: boolean }
  | { type: 'invocation.retryScheduled'; invocation: Invocation; at: number; cause: 'error' | 'throttle' }
  | { type: 'environment.created'; functionName: string; environmentId: number; provisioned: boolean }
  | { type: 'environment.ready'; functionName: string; environmentId: number; provisioned: boolean }
  | {
      type: 'environment.state';
      functionName: string;
      environmentId: number;
      from: string;
      to: string;
      at: number;
    }
  | { type: 'environment.shutdown'; functionName: string; environmentId: number; provisioned: boolean }
  | { type: 'function.changed'; functionName: string };

export type ScalingModel = { model: 'current' } | { model: 'legacy'; burst: number };

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

/** Lambda API errors, shaped like the service's: an error type (the SDK's exception name) and AWS's message. */
export interface ApiError {
  ok: false;
  errorType: string;
  message: string;
  statusCode: number;
}

export type ApiResult<T = object> = ({ ok: true } & T) | ApiError;

export function apiError(errorType: string, message: string, statusCode = 400): ApiError {
  return { ok: false, errorType, message, statusCode };
}
