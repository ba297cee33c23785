/**
 * Response streaming's rules, written once (docs: "Response streaming for Lambda functions",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html):
 * - a streamed response may be up to 200 MB (buffered: 6 MB); the limit was 20 MB until July 2025;
 * - the first 6 MB stream at an uncapped rate, the rest at most 2 MB/s ("Bandwidth limits for response
 *   streaming");
 * - only the Node.js managed runtimes stream natively (`awslambda.streamifyResponse`); other managed runtimes
 *   answer buffered, so their whole result arrives as one piece when the handler returns.
 * Pure: virtual milliseconds in, virtual milliseconds out.
 */
import type { ErrorResponse, StreamedResponse } from './host';
import type { StreamDelivery } from './types';

/** The largest streamed response (200 MiB, the "200 MB" of the documentation). */
export const STREAM_RESPONSE_LIMIT_BYTES = 200 * 1024 * 1024;

/** The first part of a streamed response that is not subject to the bandwidth cap. */
export const STREAM_UNCAPPED_BYTES = 6 * 1024 * 1024;

/** The cap after the first 6 MB: 2 MB per second. */
export const STREAM_CAPPED_BYTES_PER_SECOND = 2 * 1024 * 1024;

/** What a stream that grew past the limit ends with (the buffered limit's error type and wording). */
export function streamTooLargeError(): ErrorResponse {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${STREAM_RESPONSE_LIMIT_BYTES} bytes).`,
    trace: [],
  };
}

/**
 * A streamed response read by a buffered caller (Invoke, a BUFFERED function URL) is held to the buffered limit:
 * "6 MB" on the quotas page, 6,291,556 bytes in the error Lambda writes (same value as src/sandbox/limits.ts,
 * which the sim may not import). Only InvokeWithResponseStream lifts it to 200 MB ("Invoking a response streaming
 * enabled function using Lambda function URLs": BUFFERED uses Invoke, whose maximum payload is 6 MB).
 */
export const BUFFERED_RESPONSE_LIMIT_BYTES = 6_291_556;

/** The error a buffered caller gets instead of a streamed response larger than its limit (null: it fits). */
export function bufferedStreamError(stream: { bytes: number }): ErrorResponse | null {
  if (stream.bytes <= BUFFERED_RESPONSE_LIMIT_BYTES) return null;
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${BUFFERED_RESPONSE_LIMIT_BYTES} bytes).`,
    trace: [],
  };
}

/** Runtimes whose managed runtime can stream a response (docs: Node.js managed runtimes only). */
export function runtimeStreamsNatively(runtime: string): boolean {
  return runtime.startsWith('nodejs');
}

/** One chunk as the caller receives it, on the service's virtual clock. */
export interface DeliveredChunk {
  /** Virtual ms when the caller has the chunk's last byte. */
  at: number;
  /** `at` minus the moment the request reached Lambda. */
  offsetMs: number;
  bytes: Uint8Array;
}

export interface StreamTiming {
  chunks: DeliveredChunk[];
  /** Virtual ms from the request to the first byte (null: nothing was written). */
  firstByteMs: number | null;
  /** Virtual ms from the request to the last byte. */
  totalMs: number;
  bytes: number;
}

/**
 * The bandwidth rule, one chunk at a time: a chunk leaves when it is written, but the bytes past the first 6 MB
 * follow the ones before them at 2 MB/s at most. Used for a whole stream (deliverStream) and live, as each write
 * arrives (LambdaService.streamWrite), so both give the same times.
 */
export class StreamPacer {
  private sent = 0;
  private last: number;
  /** When the stream passed its first 6 MB: the capped rate counts from there. */
  private capFrom: number | null = null;

  /** `startAt`: no chunk arrives earlier (the handler's start). */
  constructor(startAt: number) {
    this.last = startAt;
  }

  /** Bytes paced so far. */
  get bytes(): number {
    return this.sent;
  }

  /** Virtual ms of the last byte paced so far. */
  get lastAt(): number {
    return this.last;
  }

  /** When the caller has the last byte of a chunk of `byteLength` bytes written at `writtenAt`. */
  arrival(writtenAt: number, byteLength: number): number {
    const before = this.sent;
    this.sent += byteLength;
    let at = Math.max(writtenAt, this.last);
    if (this.sent > STREAM_UNCAPPED_BYTES) {
      if (this.capFrom === null) this.capFrom = at;
      const cappedStart = Math.max(before, STREAM_UNCAPPED_BYTES);
      const cappedBytes = this.sent - cappedStart;
      const earliest =
        (cappedStart === STREAM_UNCAPPED_BYTES ? this.capFrom : this.last) +
        (cappedBytes / STREAM_CAPPED_BYTES_PER_SECOND) * 1000;
      at = Math.max(at, earliest);
    }
    this.last = at;
    return at;
  }
}

/**
 * When each chunk reaches the caller: it leaves when the handler writes it (`handlerStartedAt` + its measured
 * offset), but no earlier than the bandwidth cap allows for the bytes past the first 6 MB.
 *
 * `receivedAt`: when the request reached Lambda; `handlerStartedAt`: when the handler began (after any init).
 */
export function deliverStream(
  stream: StreamedResponse,
  receivedAt: number,
  handlerStartedAt: number,
  endedAt: number,
): StreamTiming {
  const pacer = new StreamPacer(handlerStartedAt);
  const chunks: DeliveredChunk[] = [];
  for (const chunk of stream.chunks) {
    const written = Math.min(endedAt, handlerStartedAt + Math.max(0, chunk.offsetMs));
    const at = pacer.arrival(written, chunk.bytes.byteLength);
    chunks.push({ at, offsetMs: at - receivedAt, bytes: chunk.bytes });
  }
  return {
    chunks,
    firstByteMs: chunks.length > 0 ? chunks[0]!.at - receivedAt : null,
    totalMs: Math.max(endedAt, pacer.lastAt) - receivedAt,
    bytes: pacer.bytes,
  };
}

/** The chunks joined (what a buffered caller receives as the payload). */
export function joinChunks(stream: StreamedResponse): Uint8Array {
  let total = 0;
  for (const chunk of stream.chunks) total += chunk.bytes.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of stream.chunks) {
    out.set(chunk.bytes, at);
    at += chunk.bytes.byteLength;
  }
  return out;
}

/** What the service attaches to an invocation's response: the stream's content type and its delivery times. */
export function streamDelivery(
  stream: StreamedResponse,
  receivedAt: number,
  handlerStartedAt: number,
  endedAt: number,
): StreamDelivery {
  return {
    contentType: stream.contentType,
    ...deliverStream(stream, receivedAt, handlerStartedAt, endedAt),
  };
}
