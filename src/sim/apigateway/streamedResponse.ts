/**
 * A function URL in RESPONSE_STREAM mode: the streamed bytes → the HTTP response the client reads, chunk by
 * chunk ("Invoking a response streaming enabled function using Lambda function URLs"; "Writing response
 * streaming-enabled Lambda functions"):
 * - content type `application/vnd.awslambda.http-integration-response` (HttpResponseStream.from): the bytes up
 *   to the first run of 8 null bytes are JSON `{statusCode, headers, cookies}`; the rest is the body;
 * - any other content type: status 200, that content type, every byte is body;
 * - the response is sent with `transfer-encoding: chunked` (no content-length: the size is not known up front).
 */
import type { StreamDelivery } from '../lambda/types';

/** Same value as the runtime's (src/sandbox/runtimes/nodejs/streaming.ts): the sim may not import the sandbox. */
export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER_BYTES = 8;

/** One piece of the body as the client receives it. */
export interface HttpChunk {
  /** Virtual ms from the request to this chunk's arrival. */
  offsetMs: number;
  bytes: Uint8Array;
}

export type StreamedHttpResponse =
  | {
      ok: true;
      statusCode: number;
      headers: Array<[string, string]>;
      body: Uint8Array;
      chunks: HttpChunk[];
      /** Virtual ms from the request to the first byte of the response (the prelude counts: the status line goes out with it). */
      firstByteMs: number | null;
      totalMs: number;
    }
  | { ok: false; reason: string };

function indexOfDelimiter(bytes: Uint8Array): number {
  let run = 0;
  for (let index = 0; index < bytes.length; index++) {
    run = bytes[index] === 0 ? run + 1 : 0;
    if (run === DELIMITER_BYTES) return index - DELIMITER_BYTES + 1;
  }
  return -1;
}

function joined(delivery: StreamDelivery): Uint8Array {
  const out = new Uint8Array(delivery.bytes);
  let at = 0;
  for (const chunk of delivery.chunks) {
    out.set(chunk.bytes, at);
    at += chunk.bytes.byteLength;
  }
  return out;
}

/** The body's chunks: the delivered chunks with the first `skip` bytes (the prelude) taken off. */
function bodyChunks(delivery: StreamDelivery, skip: number): HttpChunk[] {
  const out: HttpChunk[] = [];
  let left = skip;
  for (const chunk of delivery.chunks) {
    if (left >= chunk.bytes.byteLength) {
      left -= chunk.bytes.byteLength;
      continue;
    }
    out.push({ offsetMs: chunk.offsetMs, bytes: chunk.bytes.subarray(left) });
    left = 0;
  }
  return out;
}

function preludeHeaders(value: unknown): Array<[string, string]> | string {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return 'headers must be an object';
  const out: Array<[string, string]> = [];
  for (const [name, header] of Object.entries(value as Record<string, unknown>)) {
    if (!['string', 'number', 'boolean'].includes(typeof header))
      return `headers.${name} must be a string, number or boolean`;
    out.push([name, String(header)]);
  }
  return out;
}

/**
 * Reads a delivered stream as a function URL does. `multiValueHeaders`: a REST API's STREAM integration also reads
 * the prelude's `multiValueHeaders` (docs apigateway response-transfer-mode-lambda, the output format).
 */
export function readStreamedResponse(
  delivery: StreamDelivery,
  options: { multiValueHeaders?: boolean } = {},
): StreamedHttpResponse {
  const timing = { firstByteMs: delivery.firstByteMs, totalMs: delivery.totalMs };
  if (delivery.contentType !== HTTP_INTEGRATION_CONTENT_TYPE)
    return {
      ok: true,
      statusCode: 200,
      headers: [['content-type', delivery.contentType]],
      body: joined(delivery),
      chunks: bodyChunks(delivery, 0),
      ...timing,
    };
  const bytes = joined(delivery);
  const at = indexOfDelimiter(bytes);
  // No delimiter yet: everything written is still the prelude, so the client has no status line (and no body).
  if (at < 0)
    return { ok: false, reason: 'the stream ended before the 8 null bytes after its metadata prelude' };
  let metadata: unknown;
  try {
    metadata = JSON.parse(new TextDecoder().decode(bytes.subarray(0, at)));
  } catch {
    return { ok: false, reason: 'the metadata prelude is not JSON' };
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    return { ok: false, reason: 'the metadata prelude must be a JSON object' };
  const prelude = metadata as {
    statusCode?: unknown;
    headers?: unknown;
    multiValueHeaders?: unknown;
    cookies?: unknown;
  };
  const statusCode = prelude.statusCode ?? 200;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return {
      ok: false,
      reason: `statusCode must be a whole number from 100 to 599 (got ${JSON.stringify(statusCode)})`,
    };
  const headers = preludeHeaders(prelude.headers);
  if (typeof headers === 'string') return { ok: false, reason: headers };
  if (options.multiValueHeaders && prelude.multiValueHeaders !== undefined) {
    const multi = prelude.multiValueHeaders;
    if (typeof multi !== 'object' || multi === null || Array.isArray(multi))
      return { ok: false, reason: 'multiValueHeaders must be an object of arrays' };
    for (const [name, values] of Object.entries(multi as Record<string, unknown>)) {
      if (!Array.isArray(values)) return { ok: false, reason: `multiValueHeaders.${name} must be an array` };
      for (const value of values) headers.push([name, String(value)]);
    }
  }
  const cookies = Array.isArray(prelude.cookies) ? prelude.cookies.map(String) : [];
  for (const cookie of cookies) headers.push(['set-cookie', cookie]);
  const skip = at + DELIMITER_BYTES;
  return {
    ok: true,
    statusCode,
    headers,
    body: bytes.subarray(skip),
    chunks: bodyChunks(delivery, skip),
    ...timing,
  };
}

/**
 * The body of a RESPONSE_STREAM function URL as it arrives, before the exchange ends: with the HTTP integration
 * content type the prelude is held back until its 8 null bytes (it is the status line and headers, not body);
 * every byte after them, or every byte of any other content type, is body.
 */
export class LiveBodyReader {
  private prelude: Uint8Array | null = null;
  private inBody = false;

  /** The body piece this chunk carries (none while the prelude is still arriving). */
  push(chunk: HttpChunk, contentType: string): HttpChunk | null {
    if (this.inBody || contentType !== HTTP_INTEGRATION_CONTENT_TYPE) {
      this.inBody = true;
      return chunk.bytes.byteLength > 0 ? chunk : null;
    }
    const held = this.prelude;
    const bytes = held ? new Uint8Array(held.byteLength + chunk.bytes.byteLength) : chunk.bytes;
    if (held) {
      bytes.set(held);
      bytes.set(chunk.bytes, held.byteLength);
    }
    const at = indexOfDelimiter(bytes);
    if (at < 0) {
      this.prelude = bytes;
      return null;
    }
    this.prelude = null;
    this.inBody = true;
    const body = bytes.subarray(at + DELIMITER_BYTES);
    return body.byteLength > 0 ? { offsetMs: chunk.offsetMs, bytes: body } : null;
  }
}
