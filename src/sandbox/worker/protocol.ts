/**
 * Messages of one environment's worker.
 *
 *   frame ──WorkerCommand──▶ worker   (its own channel: boot, attach)
 *   frame ◀──WorkerEvent──── worker   (booted, /tmp mutations, exit)
 *   host  ══PortCommand═════▶ worker  (the environment's MessagePort: init, invoke, aws.reply)
 *   host  ◀═════PortEvent═══ worker   (logs, init.done, result, crash, aws.call)
 *
 * The port is created by the course page and handed to the worker through the frame at `attach`, before any
 * learner code exists; the worker's entry captures it and learner code never sees it. Everything about one
 * init or invocation travels on the port, so log records always arrive before the result they belong to.
 */
import { isCourseInternetHost } from '../../sim/vpc/internet';
import type {
  AwsCallRequest,
  AwsCallResponse,
  CodeRuntimeId,
  ErrorResponse,
  FunctionLogRecord,
  InitRequest,
  InvokeRequest,
  SyntaxLocation,
} from '../../sim/lambda/host';
import { AWS_CALL_BODY_LIMIT_BYTES } from '../limits';
import type { RuntimeBundle } from '../sdk/bundleFormat';
import type { FsMutation, TmpSnapshot } from '../tmp/tmpFs';

/* ---------------- frame ⇄ worker ---------------- */

export type WorkerCommand =
  /** First message: start the runtime (install globals, boot an interpreter). Answered with `booted`. */
  | { t: 'boot'; runtime: CodeRuntimeId; assets: Record<string, unknown> }
  /** The environment's port (in `ports[0]`) and its /tmp. Sent once, when an environment takes this worker. */
  | { t: 'attach'; tmp: TmpSnapshot };

export type WorkerEvent =
  | { t: 'booted' }
  /**
   * Sent while booting only (before any learner code): what later workers of this runtime may boot from (the
   * compiled wasm module, the interpreter's memory snapshot). The frame keeps the first of each for the page.
   */
  | { t: 'share'; assets: Record<string, unknown> }
  | { t: 'fs'; mutation: FsMutation }
  /** The process is over (a crash, process.exit, a failed init): the frame terminates the worker, keeps /tmp. */
  | { t: 'exit'; error: ErrorResponse };

/* ---------------- host ⇄ worker (the port) ---------------- */

export type AwsCallError = { name: string; message: string };

export type PortCommand =
  /** `bundles`: the runtime bundles (AWS SDK, Powertools) the function's files name, sent with its init. */
  | {
      t: 'init';
      request: InitRequest;
      compiled: Record<string, string>;
      bundles?: Record<string, RuntimeBundle>;
    }
  /** The page has taken one `logs` batch: the worker may send another (back-pressure, LOG_BATCHES_IN_FLIGHT). */
  | { t: 'logs.ack' }
  | { t: 'invoke'; id: number; nonce: string; request: InvokeRequest }
  | { t: 'aws.reply'; callId: number; response: AwsCallResponse }
  | { t: 'aws.reply'; callId: number; error: AwsCallError };

export type PortEvent =
  /**
   * Application log records in the order the code wrote them: per task turn, at most LOG_BATCH_LIMIT records or
   * LOG_BATCH_CHARS of text each, and at most LOG_BATCHES_IN_FLIGHT unacknowledged (`logs.ack`).
   */
  | { t: 'logs'; records: FunctionLogRecord[] }
  | { t: 'init.done'; ok: true; durationMs: number; compiled?: Record<string, string> }
  | { t: 'init.done'; ok: false; durationMs: number; error: ErrorResponse; syntax?: SyntaxLocation }
  | {
      t: 'result';
      id: number;
      nonce: string;
      outcome: 'success';
      payload: string;
      durationMs: number;
      maxMemoryUsedMb: number;
      /** The handler streamed its response (its chunks came as `stream` events; `payload` is empty). */
      stream?: { contentType: string };
    }
  | {
      t: 'result';
      id: number;
      nonce: string;
      outcome: 'error';
      error: ErrorResponse;
      durationMs: number;
      maxMemoryUsedMb: number;
      /** The error ended a streamed response (its chunks so far came as `stream` events). */
      stream?: { contentType: string };
    }
  /**
   * One write of a response-streaming handler, sent as it is written (docs: config-rs-write-functions), with the
   * stream's content type so far (a stream a timeout or crash cuts off has no result to carry it).
   */
  | { t: 'stream'; id: number; nonce: string; offsetMs: number; bytes: Uint8Array; contentType?: string }
  /** The process died. `id`: the invocation it died in (none: it was frozen, or initialising). */
  | { t: 'crash'; id?: number; error: ErrorResponse; durationMs: number; maxMemoryUsedMb: number }
  | { t: 'aws.call'; callId: number; request: AwsCallRequest };

/* ---------------- validation (the page trusts nothing from a worker) ---------------- */

const LEVELS = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null;
}

export function isErrorResponse(value: unknown): value is ErrorResponse {
  return (
    isObject(value) &&
    typeof value.errorType === 'string' &&
    typeof value.errorMessage === 'string' &&
    Array.isArray(value.trace) &&
    value.trace.every((line) => typeof line === 'string')
  );
}

function isLogRecord(value: unknown): value is FunctionLogRecord {
  return (
    isObject(value) &&
    typeof value.time === 'number' &&
    (value.level === null || (typeof value.level === 'string' && LEVELS.has(value.level))) &&
    typeof value.message === 'string' &&
    (value.fields === undefined || isObject(value.fields))
  );
}

function isSyntaxLocation(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.line === 'number' &&
    typeof value.column === 'number' &&
    typeof value.message === 'string'
  );
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((item) => typeof item === 'string');
}

/** Structural check of a message on an environment's port; `aws.call` requests are checked further on arrival. */
export function isPortEvent(data: unknown): data is PortEvent {
  if (!isObject(data)) return false;
  switch (data.t) {
    case 'logs':
      return Array.isArray(data.records) && data.records.every(isLogRecord);
    case 'init.done':
      if (typeof data.durationMs !== 'number') return false;
      if (data.ok === true) return data.compiled === undefined || isStringRecord(data.compiled);
      return (
        data.ok === false &&
        isErrorResponse(data.error) &&
        (data.syntax === undefined || isSyntaxLocation(data.syntax))
      );
    case 'result':
      return (
        typeof data.id === 'number' &&
        typeof data.nonce === 'string' &&
        typeof data.durationMs === 'number' &&
        typeof data.maxMemoryUsedMb === 'number' &&
        ((data.outcome === 'success' && typeof data.payload === 'string') ||
          (data.outcome === 'error' && isErrorResponse(data.error))) &&
        (data.stream === undefined ||
          (isObject(data.stream) && typeof (data.stream as Loose).contentType === 'string'))
      );
    case 'stream':
      return (
        typeof data.id === 'number' &&
        typeof data.nonce === 'string' &&
        typeof data.offsetMs === 'number' &&
        Number.isFinite(data.offsetMs) &&
        data.bytes instanceof Uint8Array &&
        (data.contentType === undefined || typeof data.contentType === 'string')
      );
    case 'crash':
      return (
        isErrorResponse(data.error) &&
        (data.id === undefined || typeof data.id === 'number') &&
        typeof data.durationMs === 'number' &&
        typeof data.maxMemoryUsedMb === 'number'
      );
    case 'aws.call':
      return typeof data.callId === 'number' && Number.isInteger(data.callId) && isObject(data.request);
    default:
      return false;
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Checks an SDK request from an environment before the account sees it: the shape of src/sim/aws/http.ts, a
 * known method, an AWS hostname, a path, string headers and query values, and a body within the limit.
 * Returns the request as plain data, or the reason it was refused.
 */
export function validateAwsCallRequest(
  value: unknown,
): { ok: true; request: AwsCallRequest } | { ok: false; reason: string } {
  if (!isObject(value)) return { ok: false, reason: 'the request is not an object' };
  const { method, hostname, path, query, headers, body } = value;
  if (typeof method !== 'string' || !METHODS.has(method))
    return { ok: false, reason: `unsupported method ${String(method)}` };
  // AWS endpoints, and the course's own "internet" hosts (src/sim/vpc/internet.ts), which the page answers.
  if (
    typeof hostname !== 'string' ||
    !(/^[a-z0-9.-]+\.amazonaws\.com$/.test(hostname) || isCourseInternetHost(hostname))
  )
    return { ok: false, reason: `not an AWS endpoint: ${String(hostname)}` };
  if (typeof path !== 'string' || !path.startsWith('/'))
    return { ok: false, reason: 'the path must start with /' };
  if (
    !isObject(query) ||
    !Object.values(query).every(
      (item) =>
        typeof item === 'string' || (Array.isArray(item) && item.every((part) => typeof part === 'string')),
    )
  )
    return { ok: false, reason: 'query values must be strings' };
  if (!isStringRecord(headers)) return { ok: false, reason: 'header values must be strings' };
  if (!(body instanceof Uint8Array)) return { ok: false, reason: 'the body must be a Uint8Array' };
  if (body.byteLength > AWS_CALL_BODY_LIMIT_BYTES)
    return { ok: false, reason: `the body is larger than ${AWS_CALL_BODY_LIMIT_BYTES} bytes` };
  return {
    ok: true,
    request: {
      method,
      hostname,
      path,
      query: { ...(query as Record<string, string | string[]>) },
      headers: { ...headers },
      body,
    },
  };
}
