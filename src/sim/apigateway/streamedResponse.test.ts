import { describe, expect, it } from 'vitest';
import type { StreamDelivery } from '../lambda/types';
import { HTTP_INTEGRATION_CONTENT_TYPE, readStreamedResponse } from './streamedResponse';

const encoder = new TextEncoder();
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function delivery(contentType: string, ...parts: Array<[number, string | Uint8Array]>): StreamDelivery {
  const chunks = parts.map(([offsetMs, part]) => ({
    at: offsetMs,
    offsetMs,
    bytes: typeof part === 'string' ? encoder.encode(part) : part,
  }));
  return {
    contentType,
    chunks,
    firstByteMs: chunks[0]?.offsetMs ?? null,
    totalMs: chunks.at(-1)?.offsetMs ?? 0,
    bytes: chunks.reduce((sum, chunk) => sum + chunk.bytes.byteLength, 0),
  };
}

describe('a function URL reads a streamed response', () => {
  it('HttpResponseStream prelude: status, headers and cookies from the JSON before the 8 null bytes', () => {
    const read = readStreamedResponse(
      delivery(
        HTTP_INTEGRATION_CONTENT_TYPE,
        [3, '{"statusCode":202,"headers":{"content-type":"text/plain"},"cookies":["s=1"]}'],
        [3, new Uint8Array(8)],
        [4, 'hello '],
        [90, 'world'],
      ),
    );
    if (!read.ok) throw new Error(read.reason);
    expect(read.statusCode).toBe(202);
    expect(read.headers).toEqual([
      ['content-type', 'text/plain'],
      ['set-cookie', 's=1'],
    ]);
    expect(text(read.body)).toBe('hello world');
    expect(read.chunks.map((chunk) => [chunk.offsetMs, text(chunk.bytes)])).toEqual([
      [4, 'hello '],
      [90, 'world'],
    ]);
  });

  it('a prelude and body in one write are split at the delimiter', () => {
    const one = new Uint8Array([
      ...encoder.encode('{"statusCode":404}'),
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      ...encoder.encode('nope'),
    ]);
    const read = readStreamedResponse(delivery(HTTP_INTEGRATION_CONTENT_TYPE, [1, one]));
    expect(read.ok && read.statusCode).toBe(404);
    expect(read.ok && text(read.body)).toBe('nope');
  });

  it('without HttpResponseStream: status 200, the stream content type, every byte is body', () => {
    const read = readStreamedResponse(delivery('application/octet-stream', [0, '{"a":1}']));
    expect(read.ok && read.statusCode).toBe(200);
    expect(read.ok && read.headers).toEqual([['content-type', 'application/octet-stream']]);
    expect(read.ok && text(read.body)).toBe('{"a":1}');
  });

  it('a prelude that never ends or is not JSON is not a response', () => {
    expect(readStreamedResponse(delivery(HTTP_INTEGRATION_CONTENT_TYPE, [0, '{"statusCode":200}'])).ok).toBe(
      false,
    );
    expect(
      readStreamedResponse(delivery(HTTP_INTEGRATION_CONTENT_TYPE, [0, 'nope'], [0, new Uint8Array(8)])).ok,
    ).toBe(false);
  });
});
