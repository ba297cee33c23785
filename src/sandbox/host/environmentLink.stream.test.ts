/**
 * The link's stream and stop path with the real Node.js runtime in process (src/sandbox/testing): each write
 * reaches `onStream` as it happens, with the stream's content type; a process stopped (the function timeout) or
 * dead (process.exit) mid-stream still hands back what was written ("Response streaming for Lambda functions":
 * the caller keeps the bytes already sent).
 */
import { describe, expect, it } from 'vitest';
import type { InvokeResult, StreamWrite } from '../../sim/lambda/host';
import type { PortCommand } from '../worker/protocol';
import type { PortLike } from '../worker/workerHost';
import { EnvironmentLink } from './environmentLink';
import { testInitRequest, testInvokeRequest } from '../testing/fixtures';
import { createInProcessHost } from '../testing/inProcessHost';

const HANDLER = `
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 201 });
  stream.write('one');
  await new Promise((resolve) => setTimeout(resolve, 5));
  stream.write('two');
  if (event.exit) process.exit(3);
  // Waits far longer than any test: only a stop ends it.
  await new Promise((resolve) => setTimeout(resolve, 600000));
  stream.end('never');
});
`;

const decoder = new TextDecoder();

async function started() {
  const host = createInProcessHost();
  const writes: Array<[string, string, StreamWrite]> = [];
  host.onStream!((id, requestId, write) => writes.push([id, requestId, write]));
  await host.start('a', 'nodejs24.x');
  const init = await host.init('a', testInitRequest(HANDLER, { runtime: 'nodejs24.x' }));
  expect(init.ok).toBe(true);
  return { host, writes };
}

/** Waits (real time: the in-process runtime runs on it) until `count` writes came through. */
async function writesArrive(writes: unknown[], count: number): Promise<void> {
  for (let i = 0; i < 2_000 && writes.length < count; i++)
    await new Promise((resolve) => setTimeout(resolve, 1));
  expect(writes.length).toBeGreaterThanOrEqual(count);
}

const bodyOf = (result: InvokeResult) =>
  'stream' in result && result.stream ? result.stream.chunks.map((chunk) => decoder.decode(chunk.bytes)) : [];

describe('EnvironmentLink: a stream cut off by a stop or a crash', () => {
  it('writes arrive live with the invocation and the HTTP integration content type, before any result', async () => {
    const { host, writes } = await started();
    const request = testInvokeRequest({});
    let result: InvokeResult | null = null;
    void host.invoke('a', request).then((settled) => (result = settled));
    // The prelude, its 8 null bytes, then "one" and "two".
    await writesArrive(writes, 4);
    expect(result).toBeNull();
    expect(writes.every(([id, requestId]) => id === 'a' && requestId === request.requestId)).toBe(true);
    expect(writes.map(([, , write]) => write.contentType)).toEqual(
      Array(4).fill('application/vnd.awslambda.http-integration-response'),
    );
    expect(decoder.decode(writes[3]![2].bytes)).toBe('two');
    expect(writes[3]![2].offsetMs).toBeGreaterThanOrEqual(writes[2]![2].offsetMs);
    await host.stop('a', { keepTmp: true });
  });

  it('stopped mid-stream (the function timeout): the invoke settles as a crash that carries the chunks written', async () => {
    const { host, writes } = await started();
    const pending = host.invoke('a', testInvokeRequest({}));
    await writesArrive(writes, 4);
    await host.stop('a', { keepTmp: true });
    const result = await pending;
    expect(result.outcome).toBe('crash');
    expect(bodyOf(result).slice(2)).toEqual(['one', 'two']);
    expect('stream' in result && result.stream?.contentType).toBe(
      'application/vnd.awslambda.http-integration-response',
    );
  });

  it('process.exit mid-stream: Runtime.ExitError, and the chunks before it', async () => {
    const { host } = await started();
    const result = await host.invoke('a', testInvokeRequest({ exit: true }));
    expect(result.outcome).toBe('crash');
    expect(result.outcome === 'crash' && result.error.errorType).toBe('Runtime.ExitError');
    expect(bodyOf(result).slice(2)).toEqual(['one', 'two']);
  });

  it('out of memory mid-stream (the port reports the kill): Runtime.OutOfMemory, and the chunks before it', async () => {
    const sent: PortCommand[] = [];
    const port: PortLike = { postMessage: (message) => sent.push(message as PortCommand), onmessage: null };
    const writes: StreamWrite[] = [];
    const link = new EnvironmentLink(port, {
      environmentId: 'env-1',
      onLog: () => {},
      onCrash: () => {},
      onStream: (_requestId, write) => writes.push(write),
      awsHandler: () => null,
      compiledFor: () => ({}),
      rememberCompiled: () => {},
      now: () => 0,
      later: () => {},
    });
    const deliver = (data: unknown) => port.onmessage!({ data } as MessageEvent);
    const pending = link.invoke(testInvokeRequest({}));
    const invoke = sent.find((command) => command.t === 'invoke') as Extract<PortCommand, { t: 'invoke' }>;
    const ids = { id: invoke.id, nonce: invoke.nonce };
    deliver({
      t: 'stream',
      ...ids,
      offsetMs: 1,
      bytes: new TextEncoder().encode('a'),
      contentType: 'text/csv',
    });
    // A content type that is not a string is not a stream event: the link ignores it.
    deliver({ t: 'stream', ...ids, offsetMs: 2, bytes: new TextEncoder().encode('x'), contentType: 7 });
    deliver({ t: 'stream', ...ids, offsetMs: 3, bytes: new TextEncoder().encode('b') });
    deliver({
      t: 'crash',
      id: invoke.id,
      error: {
        errorType: 'Runtime.OutOfMemory',
        errorMessage: 'RequestId: r Error: Runtime exited with error: signal: killed',
        trace: [],
      },
      durationMs: 4,
      maxMemoryUsedMb: 129,
    });
    const result = await pending;
    expect(result.outcome).toBe('crash');
    expect(result.outcome === 'crash' && result.error.errorType).toBe('Runtime.OutOfMemory');
    expect(bodyOf(result)).toEqual(['a', 'b']);
    // The content type holds from the write that set it.
    expect('stream' in result && result.stream?.contentType).toBe('text/csv');
    expect(writes.map((write) => write.contentType)).toEqual(['text/csv', 'text/csv']);
  });
});
