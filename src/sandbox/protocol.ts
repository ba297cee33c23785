/**
 * The typed messages between the course page (host), the sandboxed iframe (frame) and the blob
 * workers that run learner code (one worker = one execution environment).
 *
 *   host ──HostMessage──▶ frame ──WorkerCommand──▶ worker
 *   host ◀──FrameMessage── frame ◀──WorkerEvent─── worker
 *
 * Host ⇄ frame messages carry a per-session random `channel` token; the host also checks
 * `event.source === iframe.contentWindow`. Replies are matched by request id: a reply for an id the
 * host did not send, or has already settled, is ignored. A worker's result is accepted by the frame
 * only for the invocation currently running in that worker and only with that invocation's nonce.
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

export type WorkerCommand = WorkerInit | WorkerInvoke;

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
  /** The process died (process.exit, uncaught exception, unhandled rejection): the environment must reset. */
  | { t: 'crash'; error: ErrorResponse; id?: number };

/* ---------------- host ⇄ frame ---------------- */

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
  | ({ channel: string; id: number } & HostRequest)
  | { channel: string; type: 'boot'; runtimeSource: string; transpilerSource: string };

/** `frameMs`: the iframe's own round trip to the worker (post → result), for the bench. */
export type InvokeOutcome =
  | { outcome: 'success'; payload: string; durationMs: number; maxMemoryUsedMb: number; frameMs?: number }
  | { outcome: 'error'; error: ErrorResponse; durationMs: number; maxMemoryUsedMb: number; frameMs?: number }
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
  /** A worker died outside an invocation (or the host should learn of it right away). */
  | { channel: string; type: 'env.crashed'; envId: string; error: ErrorResponse };

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

const HOST_TYPES = new Set(['boot', 'env.spawn', 'env.init', 'env.invoke', 'env.kill', 'env.tmp']);

export function isHostMessage(data: unknown, channel: string | null): data is HostMessage {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as { channel?: unknown; type?: unknown; id?: unknown };
  if (typeof m.channel !== 'string' || (channel !== null && m.channel !== channel)) return false;
  if (typeof m.type !== 'string' || !HOST_TYPES.has(m.type)) return false;
  return m.type === 'boot' || typeof m.id === 'number';
}

/** A hard-to-guess token: the channel id and per-invocation nonces. */
export function randomToken(crypto: Pick<Crypto, 'getRandomValues'> = globalThis.crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Payload limits of the Invoke API (request and response). */
export const PAYLOAD_LIMIT_BYTES = { sync: 6 * 1024 * 1024, async: 1024 * 1024 } as const;

export function byteLength(s: string): number {
  return new TextEncoder().encode(s).byteLength;
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
