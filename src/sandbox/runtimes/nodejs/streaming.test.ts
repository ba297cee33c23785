import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  CodeRuntimeId,
  FunctionLogRecord,
  InvokeResult,
  StreamedResponse,
} from '../../../sim/lambda/host';
import { createInProcessHost } from '../../testing/inProcessHost';
import { testInitRequest, testInvokeRequest } from '../../testing/fixtures';

afterEach(() => vi.useRealTimers());

/** One environment on fake timers: its clock is the mocked Date, so chunk offsets are exact. */
async function environment(source: string, runtime: CodeRuntimeId = 'nodejs24.x') {
  vi.useFakeTimers({ now: 1_780_000_000_000 });
  const host = createInProcessHost({ now: () => Date.now(), epochNow: () => Date.now() });
  const records: FunctionLogRecord[] = [];
  host.onLog((_id, record) => records.push(record));
  await host.start('env-1', runtime);
  const init = await host.init('env-1', testInitRequest(source, { runtime }));
  const invoke = async (event: unknown = {}) => {
    const pending = host.invoke('env-1', testInvokeRequest(event));
    await vi.runAllTimersAsync();
    return pending;
  };
  return { init, invoke, records };
}

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function streamOf(result: InvokeResult): StreamedResponse | undefined {
  return result.outcome === 'crash' ? undefined : result.stream;
}

function chunksOf(result: InvokeResult): string[] {
  const stream = streamOf(result);
  if (!stream) throw new Error(`expected a stream, got ${JSON.stringify(result)}`);
  return stream.chunks.map((chunk) => text(chunk.bytes));
}

describe('awslambda.streamifyResponse (docs: config-rs-write-functions)', () => {
  it('sends each write as its own chunk, in order, with the time it was written', async () => {
    const env = await environment(`
      export const handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
        responseStream.setContentType('text/plain');
        responseStream.write('one ');
        await new Promise((resolve) => setTimeout(resolve, 100));
        responseStream.write('two ');
        await new Promise((resolve) => setTimeout(resolve, 250));
        responseStream.write(context.functionName);
        responseStream.end();
      });`);
    expect(env.init.ok).toBe(true);
    const result = await env.invoke();
    expect(result.outcome).toBe('success');
    expect(chunksOf(result)).toEqual(['one ', 'two ', 'fn']);
    expect(streamOf(result)?.contentType).toBe('text/plain');
    expect(streamOf(result)?.chunks.map((chunk) => chunk.offsetMs)).toEqual([0, 100, 350]);
    // A buffered caller gets the bytes joined.
    expect(result.outcome === 'success' && result.payload).toBe('one two fn');
  });

  it('HttpResponseStream.from writes the metadata as JSON and 8 null bytes before the first body byte', async () => {
    const env = await environment(`
      export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
        const stream = awslambda.HttpResponseStream.from(responseStream, {
          statusCode: 201,
          headers: { 'content-type': 'text/event-stream' },
          cookies: ['a=1'],
        });
        stream.write('data: hi\\n\\n');
        stream.end();
      });`);
    const result = await env.invoke();
    expect(streamOf(result)?.contentType).toBe('application/vnd.awslambda.http-integration-response');
    const [prelude, delimiter, body] = streamOf(result)!.chunks.map((chunk) => chunk.bytes);
    expect(JSON.parse(text(prelude!))).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/event-stream' },
      cookies: ['a=1'],
    });
    expect([...delimiter!]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(text(body!)).toBe('data: hi\n\n');
  });

  it('pipeline() from node:stream and stream/promises pipes a Readable into the response stream', async () => {
    const env = await environment(`
      import { pipeline } from 'node:stream/promises';
      import { Readable, Transform } from 'node:stream';
      export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
        const upper = new Transform({ transform(chunk, _encoding, callback) { callback(null, String(chunk).toUpperCase()); } });
        await pipeline(Readable.from(['a', 'b', 'c']), upper, responseStream);
      });`);
    const result = await env.invoke();
    expect(result.outcome).toBe('success');
    expect(chunksOf(result)).toEqual(['A', 'B', 'C']);
    expect(streamOf(result)?.contentType).toBe('application/octet-stream');
  });

  it('the lesson pattern: pipeline(Readable.from(async generator), HttpResponseStream.from(...))', async () => {
    const env = await environment(`
      import { pipeline } from 'node:stream/promises';
      import { Readable } from 'node:stream';
      async function* rows() {
        yield 'id,total\\n';
        for (let page = 1; page <= 2; page++) yield 'o-' + page + '\\n';
      }
      export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
        const http = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'content-type': 'text/csv' } });
        await pipeline(Readable.from(rows()), http);
      });`);
    const result = await env.invoke();
    expect(result.outcome).toBe('success');
    expect(chunksOf(result).slice(2)).toEqual(['id,total\n', 'o-1\n', 'o-2\n']);
  });

  it('ends a stream the handler left open when its promise resolves', async () => {
    const env = await environment(`
      exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
        responseStream.write('left open');
      });`);
    const result = await env.invoke();
    expect(result.outcome).toBe('success');
    expect(chunksOf(result)).toEqual(['left open']);
  });

  it('an error after some writes is a function error that keeps the chunks already sent', async () => {
    const env = await environment(`
      exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
        responseStream.write('partial');
        await new Promise((resolve) => setTimeout(resolve, 10));
        throw new TypeError('upstream closed');
      });`);
    const result = await env.invoke();
    expect(result.outcome).toBe('error');
    expect(result.outcome === 'error' && result.error).toMatchObject({
      errorType: 'TypeError',
      errorMessage: 'upstream closed',
    });
    expect(chunksOf(result)).toEqual(['partial']);
    expect(env.records.some((record) => /Invoke Error/.test(record.message))).toBe(true);
  });

  it('setContentType after the first write fails as the runtime does', async () => {
    const env = await environment(`
      exports.handler = awslambda.streamifyResponse(async (event, responseStream) => {
        responseStream.write('x');
        responseStream.setContentType('text/html');
      });`);
    const result = await env.invoke();
    expect(result.outcome === 'error' && result.error.errorMessage).toBe(
      'Cannot set content-type, too late.',
    );
  });

  it('nodejs24.x accepts a streaming handler with three parameters (the third is the context)', async () => {
    const env = await environment(`
      exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
        responseStream.end(context.awsRequestId.length + '');
      });`);
    expect(env.init.ok).toBe(true);
    expect(chunksOf(await env.invoke())).toEqual(['36']);
  });

  it('a handler that is not streamified answers buffered as before (no stream)', async () => {
    const env = await environment('exports.handler = async () => ({ ok: true });', 'nodejs22.x');
    const result = await env.invoke();
    expect(streamOf(result)).toBeUndefined();
    expect(result.outcome === 'success' && result.payload).toBe('{"ok":true}');
  });
});
