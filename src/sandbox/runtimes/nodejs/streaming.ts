/**
 * Response streaming in the Node.js runtimes, as AWS documents it ("Writing response streaming-enabled Lambda
 * functions", https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html):
 * - the global `awslambda.streamifyResponse(handler)` marks a handler that is called as
 *   `handler(event, responseStream, context)`;
 * - `responseStream` is a Node.js Writable: `write`, `end`, `setContentType`, and `pipeline()` into it works;
 *   every write goes to the host at once (RuntimeServices.stream), not when the handler returns;
 * - `awslambda.HttpResponseStream.from(responseStream, { statusCode, headers, cookies })` sets the content type
 *   `application/vnd.awslambda.http-integration-response` and, before the first byte of the body, writes the
 *   metadata as JSON followed by 8 null bytes: the prelude a function URL reads its status and headers from.
 * The invocation ends when the handler's promise settles (the runtime ends a stream left open); a rejection
 * after some writes ends the stream with a function error (the caller keeps what it received).
 */
import { Buffer } from './builtins/core';
import { Writable } from './builtins/stream';

export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
/** The stream's content type when the handler names none. */
export const DEFAULT_STREAM_CONTENT_TYPE = 'application/octet-stream';
/** The prelude and the body are separated by this many null bytes. */
export const PRELUDE_DELIMITER_BYTES = 8;

const STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');

type AnyFunction = (...args: unknown[]) => unknown;

export function isStreamingHandler(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as { [STREAMING]?: unknown })[STREAMING] === true;
}

/** A stream the runtime cannot use any more in that way (the client's InvalidStreamingOperation). */
function invalidOperation(message: string): Error {
  return Object.assign(new Error(message), { name: 'InvalidStreamingOperation' });
}

export class ResponseStream extends Writable {
  private contentType = DEFAULT_STREAM_CONTENT_TYPE;
  private started = false;
  /** Set by HttpResponseStream.from: writes the prelude before the first byte of the body. */
  _onBeforeFirstWrite: ((write: (chunk: Uint8Array | string) => void) => void) | null = null;

  constructor(private readonly send: (bytes: Uint8Array, contentType: string) => void) {
    super({
      write: (chunk: unknown, _encoding: string, callback: (error?: Error | null) => void) => {
        this.begin();
        this.deliver(chunk as Uint8Array);
        callback();
      },
      final: (callback: (error?: Error | null) => void) => {
        // A stream ended before any write still carries its prelude (a 204 with headers only).
        this.begin();
        callback();
      },
    });
  }

  setContentType(contentType: string): void {
    if (this.started) throw invalidOperation('Cannot set content-type, too late.');
    this.contentType = String(contentType);
  }

  getContentType(): string {
    return this.contentType;
  }

  private begin(): void {
    if (this.started) return;
    this.started = true;
    const hook = this._onBeforeFirstWrite;
    this._onBeforeFirstWrite = null;
    hook?.((chunk) => this.deliver(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  }

  private deliver(bytes: Uint8Array): void {
    // A copy: the handler may reuse its buffer after the write returns.
    // The content type goes with each write: a stream cut off by a timeout or a crash has no result to carry it.
    if (bytes.byteLength > 0) this.send(new Uint8Array(bytes), this.contentType);
  }
}

/** The `awslambda` global of the Node.js runtimes (no import needed, as in Lambda). */
export function createAwslambdaGlobal() {
  return {
    streamifyResponse(handler: AnyFunction): AnyFunction {
      if (typeof handler !== 'function') throw new TypeError('handler must be a function');
      (handler as unknown as Record<symbol, unknown>)[STREAMING] = true;
      return handler;
    },
    HttpResponseStream: {
      from(stream: ResponseStream, metadata: unknown): ResponseStream {
        stream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
        // The metadata is JSON text, so it holds no null byte: the delimiter is unambiguous.
        const prelude = JSON.stringify(metadata);
        stream._onBeforeFirstWrite = (write) => {
          write(prelude);
          write(new Uint8Array(PRELUDE_DELIMITER_BYTES));
        };
        return stream;
      },
    },
  };
}
