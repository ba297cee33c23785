import { describe, expect, it } from 'vitest';
import {
  STREAM_CAPPED_BYTES_PER_SECOND,
  STREAM_RESPONSE_LIMIT_BYTES,
  STREAM_UNCAPPED_BYTES,
  deliverStream,
  runtimeStreamsNatively,
} from './streaming';

const MB = 1024 * 1024;

function chunks(...parts: Array<[offsetMs: number, bytes: number]>) {
  return {
    contentType: 'text/plain',
    chunks: parts.map(([offsetMs, bytes]) => ({ offsetMs, bytes: new Uint8Array(bytes) })),
  };
}

describe('response streaming rules (docs: configuration-response-streaming)', () => {
  it('places each chunk at the handler start plus its measured offset: first byte vs total', () => {
    // Request at 100, an init of 40 ms, the handler from 140 to 400.
    const timing = deliverStream(chunks([5, 10], [120, 10], [250, 10]), 100, 140, 400);
    expect(timing.chunks.map((chunk) => chunk.offsetMs)).toEqual([45, 160, 290]);
    expect(timing.firstByteMs).toBe(45);
    expect(timing.totalMs).toBe(300);
    expect(timing.bytes).toBe(30);
  });

  it('the first 6 MB are uncapped; after them at most 2 MB/s', () => {
    // 6 MB at once, then 4 MB more written at once: the 4 capped MB take 2 s.
    const timing = deliverStream(chunks([0, 6 * MB], [0, 4 * MB]), 0, 0, 10);
    expect(timing.chunks[0]!.at).toBe(0);
    expect(timing.chunks[1]!.at).toBeCloseTo((4 * MB * 1000) / STREAM_CAPPED_BYTES_PER_SECOND);
    expect(timing.totalMs).toBeCloseTo(2000);
    // Under 6 MB the cap never applies.
    expect(deliverStream(chunks([0, STREAM_UNCAPPED_BYTES]), 0, 0, 5).totalMs).toBe(5);
  });

  it('a chunk that crosses 6 MB pays only for its part past them', () => {
    const timing = deliverStream(chunks([0, 5 * MB], [0, 3 * MB]), 0, 0, 0);
    expect(timing.chunks[1]!.at).toBeCloseTo(1000);
  });

  it('limits: 200 MB streamed; only Node.js managed runtimes stream natively', () => {
    expect(STREAM_RESPONSE_LIMIT_BYTES).toBe(200 * MB);
    expect(runtimeStreamsNatively('nodejs24.x')).toBe(true);
    expect(runtimeStreamsNatively('nodejs22.x')).toBe(true);
    expect(runtimeStreamsNatively('python3.14')).toBe(false);
  });
});
