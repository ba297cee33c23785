/**
 * The worker executor and a streaming handler cut off mid-stream, on the virtual clock with a scripted host.
 * "Response streaming for Lambda functions" (docs configuration-response-streaming): the bytes a function already
 * sent stay with the caller; a timeout or crash then ends the stream with the error. REPORT, billing and the
 * reset are those of any timeout or crash.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { LambdaService } from '../LambdaService';
import { createWorkerExecutor } from './worker';
import type { EnvironmentHost, InvokeRequest, InvokeResult, StreamWrite } from '../host';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Writer {
  /** The handler writes `text` now (its offset: virtual ms since the handler started). */
  write(text: string, offsetMs: number, contentType?: string): void;
  /** The handler's process ends with this result (or never: leave the invoke pending). */
  finish(result: InvokeResult): void;
}

/** A host whose handler is a script: it writes through onStream and finishes when the test says so. */
function streamingHost(script: (request: InvokeRequest, writer: Writer) => void) {
  const streamListeners = new Set<(id: string, requestId: string, write: StreamWrite) => void>();
  const calls: string[] = [];
  const host: EnvironmentHost = {
    async start(id) {
      calls.push(`start ${id}`);
      return { runtimeInitMs: 5 };
    },
    async init() {
      return { ok: true, durationMs: 10 };
    },
    invoke(id, request) {
      calls.push(`invoke ${id}`);
      return new Promise<InvokeResult>((resolve) => {
        script(request, {
          write(text, offsetMs, contentType = 'text/plain') {
            for (const listener of streamListeners)
              listener(id, request.requestId, { offsetMs, bytes: encoder.encode(text), contentType });
          },
          finish: resolve,
        });
      });
    },
    async stop(id, options) {
      calls.push(`stop ${id}${options.keepTmp ? ' keepTmp' : ''}`);
    },
    onLog: () => () => {},
    onCrash: () => () => {},
    onStream(listener) {
      streamListeners.add(listener);
      return () => streamListeners.delete(listener);
    },
    setAwsHandler() {},
  };
  return { host, calls };
}

async function flush(clock: VirtualClock, ms = 0) {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  if (ms) clock.advanceBy(ms);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function setup(script: (request: InvokeRequest, writer: Writer) => void, timeoutS = 2) {
  const clock = new VirtualClock();
  const fake = streamingHost(script);
  const lines: string[] = [];
  const service = new LambdaService({
    clock,
    executor: createWorkerExecutor({ host: fake.host }),
    logSink: (line) => lines.push(line),
    seed: 9,
  });
  const created = service.createFunction({
    name: 'streamer',
    runtime: 'nodejs24.x',
    timeoutS,
    code: {
      handler: 'index.handler',
      files: [
        { path: 'index.mjs', content: 'export const handler = awslambda.streamifyResponse(async () => {})' },
      ],
    },
  });
  if (!created.ok) throw new Error(created.message);
  return { clock, service, lines, ...fake };
}

const text = (chunks: Array<{ bytes: Uint8Array }>) => chunks.map((chunk) => decoder.decode(chunk.bytes));

describe('a streaming handler cut off mid-stream (worker executor)', () => {
  it('a timeout after two writes: the caller keeps both chunks at their write times, then Sandbox.Timedout; REPORT and billing are the timeout’s', async () => {
    let writer: Writer | null = null;
    const { clock, service, lines, calls } = setup((_request, handle) => (writer = handle));
    const invocation = service.invoke('streamer', { payload: {} });
    await flush(clock);
    const handlerStartedAt = clock.now();
    writer!.write('first\n', 0);
    await flush(clock, 1000);
    writer!.write('second\n', 1000);
    // Never finishes: the 2 s timeout stops the process.
    await flush(clock, 1000);
    expect(invocation.lastResult).toBe('timeout');
    const response = invocation.response!;
    expect(response.functionError).toBe('Unhandled');
    expect(JSON.parse(response.payload)).toMatchObject({ errorType: 'Sandbox.Timedout' });
    expect(response.stream?.contentType).toBe('text/plain');
    expect(text(response.stream!.chunks)).toEqual(['first\n', 'second\n']);
    expect(response.stream!.chunks.map((chunk) => chunk.at - handlerStartedAt)).toEqual([0, 1000]);
    expect(response.stream!.bytes).toBe('first\nsecond\n'.length);
    const report = lines.find((line) => line.startsWith(`REPORT RequestId: ${invocation.requestId}`));
    expect(report).toContain('Duration: 2000.00 ms');
    expect(invocation.billedMs).toBeGreaterThanOrEqual(2000);
    expect(calls).toContain('stop 1 keepTmp');
    await flush(clock);
    expect(service.environments('streamer')[0]).toMatchObject({ needsInit: true, resets: 1 });
  });

  it('a crash after one write (Runtime.ExitError): the chunk reaches the caller before the error; the environment resets', async () => {
    const { clock, service } = setup((request, writer) => {
      writer.write('partial', 3, 'application/vnd.awslambda.http-integration-response');
      writer.finish({
        outcome: 'crash',
        error: {
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${request.requestId} Error: Runtime exited with error: exit status 1`,
          trace: [],
        },
        durationMs: 4,
        maxMemoryUsedMb: 60,
        stream: {
          contentType: 'application/vnd.awslambda.http-integration-response',
          chunks: [{ offsetMs: 3, bytes: encoder.encode('partial') }],
        },
      });
    });
    const invocation = service.invoke('streamer', { payload: {} });
    await flush(clock);
    expect(invocation.lastResult).toBe('crash');
    expect(JSON.parse(invocation.response!.payload)).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(invocation.response!.stream?.contentType).toBe(
      'application/vnd.awslambda.http-integration-response',
    );
    expect(text(invocation.response!.stream!.chunks)).toEqual(['partial']);
    await flush(clock);
    expect(service.environments('streamer')[0]).toMatchObject({ needsInit: true, resets: 1 });
  });

  it('the next invocation starts with an empty stream, and a write that arrives after the timeout is dropped', async () => {
    const writers: Writer[] = [];
    const { clock, service } = setup((_request, writer) => writers.push(writer), 1);
    const first = service.invoke('streamer', { payload: {} });
    await flush(clock);
    writers[0]!.write('before', 10);
    await flush(clock, 1000);
    expect(first.lastResult).toBe('timeout');
    // The process was told to stop; a write still in flight from it belongs to no invocation.
    writers[0]!.write('late', 1001);
    const second = service.invoke('streamer', { payload: {} });
    await flush(clock);
    await flush(clock);
    writers[1]!.finish({
      outcome: 'success',
      payload: '',
      durationMs: 1,
      maxMemoryUsedMb: 60,
      stream: { contentType: 'text/plain', chunks: [{ offsetMs: 0, bytes: encoder.encode('fresh') }] },
    });
    await flush(clock);
    expect(text(first.response!.stream!.chunks)).toEqual(['before']);
    expect(second.outcome).toBe('success');
    expect(text(second.response!.stream!.chunks)).toEqual(['fresh']);
  });

  it('onStream hands each chunk over live, before the invocation ends: the first long before the second', async () => {
    let writer: Writer | null = null;
    const { clock, service } = setup((_request, handle) => (writer = handle), 5);
    const seen: Array<{ text: string; at: number; ended: boolean; contentType: string }> = [];
    const invocation = service.invoke('streamer', {
      payload: {},
      onStream: (inv, chunk, contentType) =>
        seen.push({
          text: decoder.decode(chunk.bytes),
          at: chunk.at,
          ended: inv.outcome !== undefined,
          contentType,
        }),
    });
    await flush(clock);
    const startedAt = clock.now();
    writer!.write('first\n', 0);
    await flush(clock);
    expect(seen.map((chunk) => chunk.text)).toEqual(['first\n']);
    await flush(clock, 1000);
    writer!.write('second\n', 1000);
    await flush(clock);
    writer!.finish({
      outcome: 'success',
      payload: '',
      durationMs: 1001,
      maxMemoryUsedMb: 60,
      stream: {
        contentType: 'text/plain',
        chunks: [
          { offsetMs: 0, bytes: encoder.encode('first\n') },
          { offsetMs: 1000, bytes: encoder.encode('second\n') },
        ],
      },
    });
    await flush(clock);
    expect(invocation.outcome).toBe('success');
    expect(seen).toEqual([
      { text: 'first\n', at: startedAt, ended: false, contentType: 'text/plain' },
      { text: 'second\n', at: startedAt + 1000, ended: false, contentType: 'text/plain' },
    ]);
  });

  it('live chunks past the first 6 MB wait for the 2 MB/s cap on the virtual clock ("Bandwidth limits for response streaming")', async () => {
    let writer: Writer | null = null;
    const { clock, service } = setup((_request, handle) => (writer = handle), 10);
    const arrivals: number[] = [];
    service.invoke('streamer', { payload: {}, onStream: (_inv, chunk) => arrivals.push(chunk.at) });
    await flush(clock);
    const startedAt = clock.now();
    // 6 MB go out at once; the 2 MB after them take a second.
    writer!.write('x'.repeat(6 * 1024 * 1024), 0);
    writer!.write('y'.repeat(2 * 1024 * 1024), 0);
    await flush(clock);
    expect(arrivals).toEqual([startedAt]);
    await flush(clock, 999);
    expect(arrivals).toHaveLength(1);
    await flush(clock, 1);
    expect(arrivals).toEqual([startedAt, startedAt + 1000]);
  });
});
