/**
 * The page's end of one environment's port: it sends init and invoke, matches results by invocation id and
 * nonce, hands log records to the host's listeners in order, answers `aws.call` through the host's handler, and
 * turns a dead process into the right outcome. Shared by createSandboxHost (a worker in the iframe) and
 * createInProcessHost (the same worker host in Node.js), so both behave alike by construction.
 *
 * The worker is not trusted: every message is checked (isPortEvent), a result counts only for the invocation
 * running now and with its nonce, `aws.call` requests are validated and limited before the handler sees them.
 */
import type {
  AwsCallHandler,
  ErrorResponse,
  FunctionLogRecord,
  InitRequest,
  InitResult,
  InvokeRequest,
  InvokeResult,
  StreamChunk,
  StreamWrite,
  StreamedResponse,
} from '../../sim/lambda/host';
import { STREAM_RESPONSE_LIMIT_BYTES, joinChunks, streamTooLargeError } from '../../sim/lambda/streaming';
import {
  AWS_CALLS_IN_FLIGHT_LIMIT,
  LOG_APPLY_SLICE_MS,
  LOG_APPLY_SLICE_RECORDS,
  RESPONSE_LIMIT_BYTES,
  exceedsBytes,
  randomToken,
  responseTooLargeError,
} from '../limits';
import type { RuntimeBundle } from '../sdk/bundleFormat';
import { isPortEvent, validateAwsCallRequest, type PortCommand, type PortEvent } from '../worker/protocol';
import type { PortLike } from '../worker/workerHost';

export interface LinkHooks {
  environmentId: string;
  onLog(record: FunctionLogRecord): void;
  /** A streaming handler's write, as it arrives (before the invocation's result). */
  onStream?(requestId: string, write: StreamWrite): void;
  /** The process died while frozen (no init or invocation was running). */
  onCrash(error: ErrorResponse): void;
  awsHandler(): AwsCallHandler | null;
  /** Compiled files for an init (by absolute path), and a place to keep what the init compiled. */
  compiledFor(request: InitRequest): Record<string, string>;
  /** The runtime bundles an init needs (the AWS SDK, Powertools), fetched by the page; none when absent. */
  bundlesFor?(request: InitRequest): Promise<Record<string, RuntimeBundle>>;
  rememberCompiled(request: InitRequest, compiled: Record<string, string>): void;
  now(): number;
  /** Runs `work` after `delayMs` (the grace period for a crash the port has not reported yet). */
  later(delayMs: number, work: () => void): void;
  /**
   * Runs `work` in a task of its own, soon (a log flood is applied a slice per task, so the page paints and
   * answers input between slices). Without it, `later(0, …)`.
   */
  nextTask?(work: () => void): void;
}

/**
 * Reply bodies from this size on cross the port as a transferred copy rather than a structured clone: measured in
 * Chromium on 2026-12-02 (a bare echo worker in an opaque-origin frame, so every message is a cross-process hop),
 * a 600 KB body took 6–17 ms cloned and 4–5 ms copied and transferred; small bodies clone as fast.
 */
export const AWS_REPLY_TRANSFER_BYTES = 64 * 1024;

/** How long a death reported by the frame waits for the port to say the same, behind the last log records. */
export const PORT_GRACE_MS = 1000;

interface PendingInit {
  resolve(result: InitResult): void;
  started: number;
}

interface PendingInvoke {
  id: number;
  nonce: string;
  requestId: string;
  started: number;
  resolve(result: InvokeResult): void;
  /** What a response-streaming handler has written so far, and whether it went past the streaming limit. */
  chunks?: StreamChunk[];
  /** The stream's content type as of its last write. */
  contentType?: string;
  streamedBytes?: number;
  overflow?: boolean;
}

const textDecoder = new TextDecoder();

/** The stream's default content type (the Node.js runtime's, when the handler never set one). */
const DEFAULT_STREAM_CONTENT_TYPE = 'application/octet-stream';

/**
 * What a streaming handler wrote before its process died (a crash, or stopped at the timeout): Lambda keeps the
 * bytes already sent ("Response streaming for Lambda functions"), so the caller gets them before the error.
 */
function streamSoFar(pending: PendingInvoke): StreamedResponse | null {
  if (!pending.chunks || pending.chunks.length === 0) return null;
  return { contentType: pending.contentType ?? DEFAULT_STREAM_CONTENT_TYPE, chunks: pending.chunks };
}

export const STOPPED: ErrorResponse = {
  errorType: 'Sandbox.Stopped',
  errorMessage: 'the environment was stopped',
  trace: [],
};

export class EnvironmentLink {
  private pendingInit: PendingInit | null = null;
  /** The last init's request: what its compiled files are cached under. */
  private initRequest: InitRequest | null = null;
  private pendingInvoke: PendingInvoke | null = null;
  private readonly callsInFlight = new Set<number>();
  private nextInvocation = 0;
  /**
   * A per-environment secret the worker echoes with each result (learner code cannot reach the port; this is
   * defence in depth). One per link: drawing random bytes for every invoke showed in the warm round trip.
   */
  private readonly nonce = randomToken();
  private dead = false;
  private closed = false;
  /**
   * Port events not yet applied, in order. A `logs` batch is applied a slice of records per task
   * (LOG_APPLY_SLICE_RECORDS or LOG_APPLY_SLICE_MS, whichever comes first) and acknowledged once all of it is in,
   * so the worker holds the rest back meanwhile; events behind it (the result) wait their turn.
   */
  private readonly inbox: PortEvent[] = [];
  /** Records of the inbox's head `logs` batch already applied. */
  private appliedRecords = 0;
  private draining = false;

  constructor(
    private readonly port: PortLike,
    private readonly hooks: LinkHooks,
  ) {
    port.onmessage = (event: MessageEvent) => {
      if (this.closed || !isPortEvent(event.data)) return;
      this.inbox.push(event.data);
      if (!this.draining) this.drain();
    };
  }

  /** Applies the inbox in order until it is empty or this task's slice of log records is used up. */
  private drain(): void {
    this.draining = true;
    const started = this.hooks.now();
    let applied = 0;
    try {
      while (this.inbox.length > 0 && !this.closed) {
        const head = this.inbox[0]!;
        if (head.t !== 'logs') {
          this.inbox.shift();
          this.onEvent(head);
          continue;
        }
        while (this.appliedRecords < head.records.length) {
          const sliceUsed =
            applied >= LOG_APPLY_SLICE_RECORDS ||
            (applied % 32 === 0 && applied > 0 && this.hooks.now() - started >= LOG_APPLY_SLICE_MS);
          if (sliceUsed) {
            const resume = () => this.drain();
            if (this.hooks.nextTask) this.hooks.nextTask(resume);
            else this.hooks.later(0, resume);
            return;
          }
          this.hooks.onLog(head.records[this.appliedRecords++]!);
          applied++;
        }
        this.inbox.shift();
        this.appliedRecords = 0;
        // Taken: the worker may send the next batch (it holds the rest back until then).
        if (!this.isDead) this.send({ t: 'logs.ack' });
      }
      this.draining = false;
    } catch (error) {
      this.draining = false;
      throw error;
    }
  }

  /** True once the process is gone (crashed, exited, failed its init, or stopped). */
  get isDead(): boolean {
    return this.dead || this.closed;
  }

  get busy(): boolean {
    return this.pendingInit !== null || this.pendingInvoke !== null;
  }

  init(request: InitRequest): Promise<InitResult> {
    if (this.isDead || this.busy)
      return Promise.resolve({ ok: false, durationMs: 0, error: this.stateError('init') });
    return new Promise<InitResult>((resolve) => {
      const pending: PendingInit = { resolve, started: this.hooks.now() };
      this.pendingInit = pending;
      this.initRequest = request;
      const compiled = this.hooks.compiledFor(request);
      const bundles = this.hooks.bundlesFor?.(request);
      if (!bundles) {
        this.send({ t: 'init', request, compiled });
        return;
      }
      // Fetching a bundle is the page's work, not the function's: the worker's Init Duration starts after it.
      bundles.then(
        (loaded) => {
          if (this.pendingInit !== pending || this.isDead) return;
          this.send({
            t: 'init',
            request,
            compiled,
            ...(Object.keys(loaded).length ? { bundles: loaded } : {}),
          });
        },
        (error: unknown) => {
          if (this.pendingInit !== pending) return;
          this.pendingInit = null;
          this.dead = true;
          resolve({
            ok: false,
            durationMs: 0,
            error: {
              errorType: 'Sandbox.BundleUnavailable',
              errorMessage: `Coldstart sandbox: ${error instanceof Error ? error.message : String(error)}`,
              trace: [],
            },
          });
        },
      );
    });
  }

  invoke(request: InvokeRequest): Promise<InvokeResult> {
    if (this.isDead || this.busy)
      return Promise.resolve({
        outcome: 'crash',
        error: this.stateError('invoke'),
        durationMs: 0,
        maxMemoryUsedMb: 0,
      });
    const id = ++this.nextInvocation;
    const nonce = this.nonce;
    return new Promise<InvokeResult>((resolve) => {
      this.pendingInvoke = { id, nonce, requestId: request.requestId, started: this.hooks.now(), resolve };
      this.send({ t: 'invoke', id, nonce, request });
    });
  }

  /** The process is gone (a timeout, a reset, a shutdown): whatever waits on it ends now. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.onmessage = null;
    this.inbox.length = 0;
    this.appliedRecords = 0;
    (this.port as { close?: () => void }).close?.();
    this.settleAll(STOPPED);
  }

  /**
   * The frame saw the worker die (it terminated it after an `exit`, or the worker failed on its own). The port
   * normally reports the same first, behind the last log records; give it a moment before deciding.
   */
  processExited(error: ErrorResponse): void {
    if (this.closed) return;
    this.hooks.later(PORT_GRACE_MS, () => {
      if (this.closed) return;
      if (this.busy) {
        this.dead = true;
        this.settleAll(error);
      } else if (!this.dead) {
        this.dead = true;
        this.hooks.onCrash(error);
      }
    });
  }

  private stateError(what: string): ErrorResponse {
    const state = this.isDead ? 'has no running process' : 'is busy';
    return {
      errorType: 'Sandbox.InvalidState',
      errorMessage: `cannot ${what} environment ${this.hooks.environmentId}: it ${state}`,
      trace: [],
    };
  }

  private send(command: PortCommand): void {
    this.port.postMessage(command);
  }

  private settleAll(error: ErrorResponse): void {
    const init = this.pendingInit;
    const invocation = this.pendingInvoke;
    this.pendingInit = null;
    this.pendingInvoke = null;
    const now = this.hooks.now();
    init?.resolve({ ok: false, durationMs: now - init.started, error });
    if (!invocation) return;
    const stream = streamSoFar(invocation);
    invocation.resolve({
      outcome: 'crash',
      error,
      durationMs: now - invocation.started,
      maxMemoryUsedMb: 0,
      ...(stream ? { stream } : {}),
    });
  }

  private onEvent(event: PortEvent): void {
    switch (event.t) {
      case 'logs':
        // Applied by drain(), a slice at a time.
        return;
      case 'init.done': {
        const pending = this.pendingInit;
        if (!pending) return;
        this.pendingInit = null;
        if (event.ok) {
          if (event.compiled && this.initRequest)
            this.hooks.rememberCompiled(this.initRequest, event.compiled);
          pending.resolve({ ok: true, durationMs: event.durationMs });
        } else {
          // A failed init ends the runtime process (the worker exits): the next init needs a new start.
          this.dead = true;
          pending.resolve({
            ok: false,
            durationMs: event.durationMs,
            error: event.error,
            ...(event.syntax ? { syntax: event.syntax } : {}),
          });
        }
        return;
      }
      case 'stream': {
        const pending = this.pendingInvoke;
        if (!pending || event.id !== pending.id || event.nonce !== pending.nonce || pending.overflow) return;
        const bytes = (pending.streamedBytes ?? 0) + event.bytes.byteLength;
        // Past the limit Lambda stops the stream: later writes never reach the caller.
        if (bytes > STREAM_RESPONSE_LIMIT_BYTES) pending.overflow = true;
        else {
          pending.streamedBytes = bytes;
          if (event.contentType !== undefined) pending.contentType = event.contentType;
          const chunk = { offsetMs: Math.max(0, event.offsetMs), bytes: event.bytes };
          (pending.chunks ??= []).push(chunk);
          this.hooks.onStream?.(pending.requestId, {
            ...chunk,
            contentType: pending.contentType ?? DEFAULT_STREAM_CONTENT_TYPE,
          });
        }
        return;
      }
      case 'result': {
        const pending = this.pendingInvoke;
        if (!pending || event.id !== pending.id || event.nonce !== pending.nonce) return;
        this.pendingInvoke = null;
        const common = {
          durationMs: event.durationMs,
          maxMemoryUsedMb: Number.isFinite(event.maxMemoryUsedMb) ? Math.max(0, event.maxMemoryUsedMb) : 0,
        };
        if (event.stream) {
          const stream = { contentType: event.stream.contentType, chunks: pending.chunks ?? [] };
          const error: ErrorResponse | null = pending.overflow
            ? streamTooLargeError()
            : event.outcome === 'error'
              ? event.error
              : null;
          pending.resolve(
            error
              ? { outcome: 'error', error, stream, ...common }
              : { outcome: 'success', payload: textDecoder.decode(joinChunks(stream)), stream, ...common },
          );
          return;
        }
        // The worker checks the size too; the page does not take its word for it.
        const tooLarge = event.outcome === 'success' && exceedsBytes(event.payload, RESPONSE_LIMIT_BYTES);
        pending.resolve(
          event.outcome === 'success' && !tooLarge
            ? { outcome: 'success', payload: event.payload, ...common }
            : {
                outcome: 'error',
                error: tooLarge ? responseTooLargeError() : (event as { error: ErrorResponse }).error,
                ...common,
              },
        );
        return;
      }
      case 'crash': {
        if (this.dead) return;
        this.dead = true;
        const pending = this.pendingInvoke;
        if (pending && (event.id === undefined || event.id === pending.id)) {
          this.pendingInvoke = null;
          const stream = streamSoFar(pending);
          pending.resolve({
            outcome: 'crash',
            error: event.error,
            durationMs: event.durationMs,
            maxMemoryUsedMb: event.maxMemoryUsedMb,
            ...(stream ? { stream } : {}),
          });
        } else if (this.pendingInit) this.settleAll(event.error);
        else this.hooks.onCrash(event.error);
        return;
      }
      case 'aws.call':
        this.onAwsCall(event.callId, event.request);
        return;
    }
  }

  private reply(
    callId: number,
    outcome: { response: Awaited<ReturnType<AwsCallHandler>> } | { error: { name: string; message: string } },
  ): void {
    this.callsInFlight.delete(callId);
    if (this.isDead) return;
    const body = 'response' in outcome ? outcome.response.body : undefined;
    if (body && body.byteLength >= AWS_REPLY_TRANSFER_BYTES) {
      // A copy of its own, transferred: the account may still hold the bytes it answered with (an S3 object).
      const copy = body.slice();
      this.port.postMessage(
        { t: 'aws.reply', callId, response: { ...(outcome as { response: object }).response, body: copy } },
        [copy.buffer],
      );
      return;
    }
    this.send({ t: 'aws.reply', callId, ...outcome } as PortCommand);
  }

  private onAwsCall(callId: number, raw: unknown): void {
    if (this.callsInFlight.has(callId)) return;
    if (this.callsInFlight.size >= AWS_CALLS_IN_FLIGHT_LIMIT) {
      this.send({
        t: 'aws.reply',
        callId,
        error: { name: 'TooManyRequestsException', message: 'too many AWS requests in flight' },
      });
      return;
    }
    const checked = validateAwsCallRequest(raw);
    if (!checked.ok) {
      this.send({
        t: 'aws.reply',
        callId,
        error: { name: 'InvalidRequest', message: `Coldstart sandbox: ${checked.reason}` },
      });
      return;
    }
    const handler = this.hooks.awsHandler();
    if (!handler) {
      this.send({
        t: 'aws.reply',
        callId,
        error: { name: 'NoAccount', message: 'Coldstart sandbox: no simulated AWS account is connected' },
      });
      return;
    }
    this.callsInFlight.add(callId);
    let answer: Promise<Awaited<ReturnType<AwsCallHandler>>>;
    try {
      answer = Promise.resolve(handler(this.hooks.environmentId, checked.request));
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (response) => this.reply(callId, { response }),
      (error: unknown) =>
        this.reply(callId, {
          error: {
            name: error instanceof Error ? error.name : 'Error',
            message: error instanceof Error ? error.message : String(error),
          },
        }),
    );
  }
}
