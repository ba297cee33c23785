/**
 * The typed messages between the course page (host), the sandboxed iframe (frame) and the blob
 * workers that run learner code (one worker = one execution environment).
 *
 *   host ──HostMessage──▶ frame ──WorkerCommand──▶ worker      (spawn, init, kill, /tmp)
 *   host ◀──FrameMessage── frame ◀──WorkerEvent─── worker
 *   host ◀════════ MessagePort (one per environment) ════════▶ worker   (invoke ⇄ log, result, crash)
 *
 * Host ⇄ frame messages carry a per-session random `channel` token; the host also checks
 * `event.source === iframe.contentWindow`. Replies are matched by request id: a reply for an id the
 * host did not send, or has already settled, is ignored.
 *
 * Invocations skip the iframe's main thread: at spawn the frame hands the worker one end of a
 * MessageChannel and the host the other, so an invoke costs one hop each way. The runtime captures its
 * end before any learner code runs; learner code cannot reach it. The host accepts a result only for
 * the invocation currently running on that port and only with that invocation's nonce.
 */
import type { FsMutation, TmpSnapshot } from './runtime/fs';

export type SourceLanguage = 'javascript' | 'typescript';

export interface ErrorResponse {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export interface SyntaxLocation {
  line: number;
  column: number;
  message: string;
}

export interface FunctionSettings {
  functionName: string;
  functionVersion: string;
  region: string;
  accountId: string;
  memoryMb: number;
  timeoutS: number;
  ephemeralStorageMb: number;
  /** e.g. `index.handler`. */
  handler: string;
  /** User-defined environment variables. */
  environment: Record<string, string>;
  initializationType: 'on-demand' | 'provisioned-concurrency';
  /** Names of attached demo layers (see runtime/layers.ts). */
  layers: string[];
}

export interface CodeBundle {
  code: string;
  language: SourceLanguage;
}

/* ---------------- frame ⇄ worker ---------------- */

export interface WorkerInit {
  t: 'init';
  code: string;
  language: SourceLanguage;
  /** Previously transpiled output of the same code (cached by the frame). */
  transpiled?: string;
  /** Source of the sucrase bundle: the worker evaluates it only when it must transpile. */
  transpilerSource: string;
  settings: FunctionSettings;
  logStreamName: string;
  tmp: TmpSnapshot;
}

export interface WorkerInvoke {
  t: 'invoke';
  id: number;
  nonce: string;
  requestId: string;
  /** The event as JSON text (already size-checked). */
  event: string;
  /** Epoch ms at which the function times out. */
  deadline: number;
  traceId: string;
}

/** Sent by the frame at spawn, before init: the worker's end of the environment's port to the host. */
export interface WorkerPort {
  t: 'port';
}

/** Commands on the worker's own channel (from the frame). Invokes arrive only on the port. */
export type WorkerCommand = WorkerInit | WorkerPort;

export type WorkerEvent =
  | { t: 'booted' }
  | { t: 'log'; line: string }
  | { t: 'fs'; m: FsMutation }
  | { t: 'init.done'; ok: true; initMs: number; transpiled?: string }
  | { t: 'init.done'; ok: false; initMs: number; error: ErrorResponse; syntax?: SyntaxLocation }
  | { t: 'result'; id: number; nonce: string; durationMs: number; payload: string; maxMemoryUsedMb: number }
  | {
      t: 'result';
      id: number;
      nonce: string;
      durationMs: number;
      error: ErrorResponse;
      maxMemoryUsedMb: number;
    }
  /**
   * The process died (process.exit, uncaught exception, unhandled rejection): the environment must reset.
   * `onPort`: the worker also sent it to the host on the port (it died during an invocation).
   */
  | { t: 'crash'; error: ErrorResponse; id?: number; onPort?: boolean };

/** What the worker sends on its port to the host: the invocation's log lines, its result, or a crash. */
export type PortEvent = Extract<WorkerEvent, { t: 'log' } | { t: 'result' } | { t: 'crash' }>;

/** Structural check of a message on an environment's port (the host trusts nothing else). */
export function isPortEvent(data: unknown): data is PortEvent {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  switch (m.t) {
    case 'log':
      return typeof m.line === 'string';
    case 'result':
      return (
        typeof m.id === 'number' &&
        typeof m.nonce === 'string' &&
        typeof m.durationMs === 'number' &&
        typeof m.maxMemoryUsedMb === 'number' &&
        (typeof m.payload === 'string' || isErrorResponse(m.error))
      );
    case 'crash':
      return isErrorResponse(m.error);
    default:
      return false;
  }
}

function isErrorResponse(e: unknown): e is ErrorResponse {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as Record<string, unknown>;
  return typeof r.errorType === 'string' && typeof r.errorMessage === 'string' && Array.isArray(r.trace);
}

/* ---------------- host ⇄ frame ---------------- */

/** What the session asks of the sandbox. `env.invoke` is served by host.ts on the environment's port. */
export type HostRequest =
  | { type: 'env.spawn'; envId: string }
  | { type: 'env.init'; envId: string; bundle: CodeBundle; settings: FunctionSettings; logStreamName: string }
  | {
      type: 'env.invoke';
      envId: string;
      requestId: string;
      event: string;
      timeoutMs: number;
      traceId: string;
    }
  | { type: 'env.kill'; envId: string; keepTmp: boolean }
  | { type: 'env.tmp'; envId: string };

export type HostMessage =
  | ({ channel: string; id: number } & Exclude<HostRequest, { type: 'env.invoke' }>)
  | { channel: string; type: 'boot'; runtimeSource: string; transpilerSource: string };

/** `roundTripMs`: host posts the invoke on the environment's port → the result is back on the host. */
export type InvokeOutcome =
  | { outcome: 'success'; payload: string; durationMs: number; maxMemoryUsedMb: number; roundTripMs?: number }
  | {
      outcome: 'error';
      error: ErrorResponse;
      durationMs: number;
      maxMemoryUsedMb: number;
      roundTripMs?: number;
    }
  | { outcome: 'crash'; error: ErrorResponse; durationMs: number; maxMemoryUsedMb: number };

export type ReplyBody =
  | { ok: true; spawnMs: number }
  | { ok: true; initMs: number }
  | { ok: false; initMs: number; error: ErrorResponse; syntax?: SyntaxLocation }
  | ({ ok: true } & InvokeOutcome)
  | { ok: true; files: Array<{ path: string; size: number }>; dirs: string[] }
  | { ok: true }
  | { ok: false; error: ErrorResponse };

export type FrameMessage =
  | { channel: string; type: 'ready' }
  | { channel: string; type: 'booted' }
  | { channel: string; type: 'reply'; id: number; body: ReplyBody }
  | { channel: string; type: 'log'; envId: string; line: string }
  /**
   * A worker died. `onPort`: during an invocation, and the host also hears of it on the environment's port,
   * after that invocation's last log lines (the two channels keep no order between them).
   */
  | { channel: string; type: 'env.crashed'; envId: string; error: ErrorResponse; onPort?: boolean };

const FRAME_TYPES = new Set(['ready', 'booted', 'reply', 'log', 'env.crashed']);

/** Structural check of a message that claims to come from the frame. */
export function isFrameMessage(data: unknown, channel: string): data is FrameMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as { channel?: unknown; type?: unknown; id?: unknown; envId?: unknown; line?: unknown };
  if (m.channel !== channel || typeof m.type !== 'string' || !FRAME_TYPES.has(m.type)) return false;
  if (m.type === 'reply')
    return typeof m.id === 'number' && typeof (data as { body?: unknown }).body === 'object';
  if (m.type === 'log') return typeof m.envId === 'string' && typeof m.line === 'string';
  if (m.type === 'env.crashed') return typeof m.envId === 'string';
  return true;
}

/** Invokes never go through the frame (see the top of this file): the frame refuses `env.invoke`. */
const HOST_TYPES = new Set(['boot', 'env.spawn', 'env.init', 'env.kill', 'env.tmp']);

export function isHostMessage(data: unknown, channel: string | null): data is HostMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as { channel?: unknown; type?: unknown; id?: unknown };
  if (typeof m.channel !== 'string' || (channel !== null && m.channel !== channel)) return false;
  if (typeof m.type !== 'string' || !HOST_TYPES.has(m.type)) return false;
  return m.type === 'boot' || typeof m.id === 'number';
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** A hard-to-guess token (128 random bits as 32 hex digits): the channel id and per-invocation nonces. */
export function randomToken(crypto: Pick<Crypto, 'getRandomValues'> = globalThis.crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let s = '';
  for (const b of bytes) s += HEX[b];
  return s;
}

/** Payload limits of the Invoke API (request and response). */
export const PAYLOAD_LIMIT_BYTES = { sync: 6 * 1024 * 1024, async: 1024 * 1024 } as const;

const utf8 = new TextEncoder();

/** UTF-8 size of a string, as the Invoke API counts it. */
export function byteLength(s: string): number {
  return utf8.encode(s).byteLength;
}

/** Whether a string's UTF-8 size exceeds `limit`, encoding only when it could (a UTF-16 unit is ≤ 3 bytes). */
export function exceedsBytes(s: string, limit: number): boolean {
  if (s.length * 3 <= limit) return false;
  return byteLength(s) > limit;
}

/** AWS's error for an oversized request payload (`RequestEntityTooLargeException`, HTTP 413). */
export function payloadTooLargeError(type: 'sync' | 'async'): ErrorResponse {
  const limit = PAYLOAD_LIMIT_BYTES[type];
  return {
    errorType: 'RequestEntityTooLargeException',
    errorMessage: `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
    trace: [],
  };
}

/** AWS's error when the function's response is larger than 6 MB. */
export function responseTooLargeError(bytes: number): ErrorResponse {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size (${bytes} bytes) exceeded maximum allowed payload size (${PAYLOAD_LIMIT_BYTES.sync} bytes).`,
    trace: [],
  };
}
