/**
 * Messages between the course page and the sandbox iframe (window.postMessage). The frame manages processes:
 * it installs runtimes (their worker script and assets, fetched by the page), keeps booted spare workers per
 * runtime, gives an environment a worker and its port, terminates workers, and keeps each environment's /tmp
 * across resets. It never sees an init or an invocation: those travel on the environment's port.
 *
 * Every message carries the page's random `channel` token; the page also checks `event.source` and the frame
 * checks that the message comes from its parent. Requests carry an id; a reply for an unknown or settled id is
 * ignored.
 */
import type { CodeRuntimeId, ErrorResponse } from '../../sim/lambda/host';

export type FrameRequest =
  /** A runtime's worker script (text) and assets; the frame keeps `spares` booted workers of it. */
  | {
      type: 'runtime.install';
      runtime: CodeRuntimeId;
      source: string;
      workerType: 'classic' | 'module';
      assets: Record<string, unknown>;
      spares: number;
    }
  /**
   * Keep `spares` booted workers of an installed runtime (up to MAX_SPARES), topped up `refillDelayMs` after a
   * start (null: the runtime's own delay); answered once that many have booted.
   */
  | { type: 'runtime.spares'; runtime: CodeRuntimeId; spares: number; refillDelayMs: number | null }
  /** Give environment `envId` a booted worker of `runtime`; `ports[0]` is the worker's end of its port. */
  | { type: 'env.start'; envId: string; runtime: CodeRuntimeId }
  | { type: 'env.stop'; envId: string; keepTmp: boolean }
  | { type: 'env.tmp'; envId: string };

export type HostMessage = FrameRequest & { channel: string; id: number };

export type ReplyBody =
  | { ok: true }
  | { ok: true; bootMs: number }
  | { ok: true; files: Array<{ path: string; size: number }> }
  | { ok: false; error: ErrorResponse };

export type FrameMessage =
  | { channel: string; type: 'ready' }
  | { channel: string; type: 'reply'; id: number; body: ReplyBody }
  /** An environment's worker is gone (it exited, or failed on its own); the frame has terminated it. */
  | { channel: string; type: 'env.exited'; envId: string; error: ErrorResponse };

const FRAME_TYPES = new Set(['ready', 'reply', 'env.exited']);
const HOST_TYPES = new Set(['runtime.install', 'runtime.spares', 'env.start', 'env.stop', 'env.tmp']);

/** The most spare workers a runtime may keep (a Python one holds about 110 MB). */
export const MAX_SPARES = 8;

type Loose = Record<string, unknown>;

/** Structural check of a message that claims to come from the frame. */
export function isFrameMessage(data: unknown, channel: string): data is FrameMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Loose;
  if (message.channel !== channel || typeof message.type !== 'string' || !FRAME_TYPES.has(message.type))
    return false;
  if (message.type === 'reply')
    return typeof message.id === 'number' && typeof message.body === 'object' && message.body !== null;
  if (message.type === 'env.exited')
    return typeof message.envId === 'string' && typeof message.error === 'object' && message.error !== null;
  return true;
}

/** Structural check of a request that claims to come from the page. */
export function isHostMessage(data: unknown, channel: string): data is HostMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Loose;
  if (message.channel !== channel || typeof message.id !== 'number') return false;
  if (typeof message.type !== 'string' || !HOST_TYPES.has(message.type)) return false;
  if (message.type === 'runtime.install')
    return typeof message.source === 'string' && typeof message.runtime === 'string';
  if (message.type === 'runtime.spares')
    return (
      typeof message.runtime === 'string' &&
      Number.isInteger(message.spares) &&
      (message.refillDelayMs === null ||
        (typeof message.refillDelayMs === 'number' && Number.isFinite(message.refillDelayMs)))
    );
  return typeof message.envId === 'string';
}
