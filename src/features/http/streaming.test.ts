/**
 * Response streaming through a function URL with real handler code (the in-process Node.js runtime behind the
 * worker executor and the Lambda service), RESPONSE_STREAM against BUFFERED.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaService, VirtualClock, createWorkerExecutor, type Executor } from '../../sim';
import { ApiGateway, bodyText, type HttpExchange } from '../../sim/apigateway';
import type { HttpChunk } from '../../sim/apigateway/streamedResponse';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { testBundleSource } from '../../sandbox/sdk/testing/testBundles';
import { createMemoryAccountStore } from '../../platform/accountStore';
import { createWorkspace, type Workspace } from '../../app/workspaces';

const STREAMING = `
export const handler = awslambda.streamifyResponse(async (event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, {
    statusCode: 200,
    headers: { 'content-type': 'text/plain' },
  });
  stream.write('first\\n');
  await new Promise((resolve) => setTimeout(resolve, 30));
  stream.write('second\\n');
  if ((event.rawPath ?? '').includes('fail')) throw new Error('lost the upstream');
  if ((event.rawPath ?? '').includes('hang')) await new Promise((resolve) => setTimeout(resolve, 600000));
  if ((event.rawPath ?? '').includes('big')) stream.write('x'.repeat(6291556));
  stream.end('third\\n');
});
`;

let executor: Executor | null = null;
afterEach(() => {
  executor?.dispose?.();
  executor = null;
});

async function send(
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM',
  path = '/',
  onChunk?: (chunk: HttpChunk, answered: boolean) => void,
): Promise<HttpExchange> {
  const clock = new VirtualClock();
  executor = createWorkerExecutor({ host: createInProcessHost() });
  const service = new LambdaService({ clock, executor, logs: true, seed: 3 });
  const created = service.createFunction({
    name: 'streamer',
    runtime: 'nodejs24.x',
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: STREAMING }] },
  });
  if (!created.ok) throw new Error(created.message);
  const gateway = new ApiGateway(service);
  const url = gateway.createFunctionUrl({ functionName: 'streamer', invokeMode });
  if (!url.ok) throw new Error(url.message);
  let answer: HttpExchange | null = null;
  void gateway
    .send(
      { method: 'GET', url: `${url.api.endpoint}${path.slice(1)}`, headers: [], body: '' },
      onChunk ? { onChunk: (chunk) => onChunk(chunk, answer !== null) } : {},
    )
    .then((exchange) => (answer = exchange));
  // Virtual time follows the in-process runtime while it runs.
  for (let i = 0; i < 5_000 && answer === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    clock.advanceBy(executor.busy() ? 5 : 1);
  }
  if (answer === null) throw new Error('no answer');
  return answer;
}

describe('a function URL in front of a streaming handler', () => {
  it('RESPONSE_STREAM: the prelude sets status and headers; chunks arrive in order, the first before the last', async () => {
    const exchange = await send('RESPONSE_STREAM');
    expect(exchange.outcome).toBe('ok');
    expect(exchange.response?.statusCode).toBe(200);
    expect(exchange.response?.headers).toContainEqual(['content-type', 'text/plain']);
    expect(exchange.response?.headers).toContainEqual(['transfer-encoding', 'chunked']);
    expect(bodyText(exchange.response!.body)).toBe('first\nsecond\nthird\n');
    const stream = exchange.stream!;
    expect(stream.streamed).toBe(true);
    expect(stream.chunks.map((chunk) => bodyText(chunk.bytes))).toEqual(['first\n', 'second\n', 'third\n']);
    const [first, second] = stream.chunks.map((chunk) => chunk.offsetMs);
    // The handler waited 30 ms (real time in the runtime) between its first and second writes.
    expect(second! - first!).toBeGreaterThanOrEqual(25);
    // The status line (the prelude) goes out no later than the first body chunk.
    expect(stream.firstByteMs).toBeLessThanOrEqual(first!);
    expect(stream.totalMs).toBeGreaterThanOrEqual(second!);
    expect(exchange.explanation).toMatch(/streamed in 3 chunks: first byte after/);
  });

  // Live times are when each chunk reached the page on the virtual clock (this test's clock lags the runtime's real
  // time under load); the finished exchange lists the times the runtime measured.
  it('RESPONSE_STREAM live (SendOptions.onChunk): body chunks, without the prelude, in order, each before the exchange ends', async () => {
    const live: Array<{ text: string; offsetMs: number; answered: boolean }> = [];
    const exchange = await send('RESPONSE_STREAM', '/', (chunk, answered) =>
      live.push({ text: bodyText(chunk.bytes), offsetMs: chunk.offsetMs, answered }),
    );
    expect(live.map((chunk) => chunk.text)).toEqual(['first\n', 'second\n', 'third\n']);
    expect(live.every((chunk) => !chunk.answered)).toBe(true);
    const offsets = live.map((chunk) => chunk.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(exchange.stream?.chunks.map((chunk) => bodyText(chunk.bytes))).toEqual(
      live.map((chunk) => chunk.text),
    );
  });

  it('an error mid-stream: the client keeps the status and the chunks written before it', async () => {
    const exchange = await send('RESPONSE_STREAM', '/fail');
    expect(exchange.outcome).toBe('streamInterrupted');
    expect(exchange.response?.statusCode).toBe(200);
    expect(bodyText(exchange.response!.body)).toBe('first\nsecond\n');
    expect(exchange.stream?.interruptedBy).toBe('Error: lost the upstream');
    expect(exchange.invocation?.response?.functionError).toBe('Unhandled');
  });

  // What a client of a streaming function URL gets on a timeout: the status already sent and a truncated body
  // (the documented behaviour, worded for Web Functions in "Request timeout", docs web-functions-revisions-timeout).
  it('a timeout mid-stream: the client keeps the status and the chunks written before it; Lambda logs a timeout', async () => {
    const exchange = await send('RESPONSE_STREAM', '/hang');
    expect(exchange.outcome).toBe('streamInterrupted');
    expect(exchange.response?.statusCode).toBe(200);
    expect(exchange.response?.headers).toContainEqual(['content-type', 'text/plain']);
    expect(bodyText(exchange.response!.body)).toBe('first\nsecond\n');
    expect(exchange.stream?.chunks.map((chunk) => bodyText(chunk.bytes))).toEqual(['first\n', 'second\n']);
    expect(exchange.stream?.interruptedBy).toMatch(
      /^Sandbox\.Timedout: .*Task timed out after 3\.00 seconds$/,
    );
    expect(exchange.invocation?.lastResult).toBe('timeout');
    expect(exchange.invocation?.durationMs).toBe(3000);
  });

  it('BUFFERED: Lambda buffers the stream; the prelude bytes are not a valid response, so the URL answers 502', async () => {
    const exchange = await send('BUFFERED');
    expect(exchange.stream).toBeUndefined();
    expect(exchange.invocation?.response?.payload).toContain('first\nsecond\nthird\n');
    expect(exchange.outcome).toBe('malformed');
    expect(exchange.response?.statusCode).toBe(502);
  });
});

describe('a streamed response past 6 MB', () => {
  it('BUFFERED (Invoke) is held to the buffered 6 MB limit: a function error, 502; RESPONSE_STREAM delivers it', async () => {
    const buffered = await send('BUFFERED', '/big');
    expect(buffered.outcome).toBe('functionError');
    expect(buffered.response?.statusCode).toBe(502);
    expect(buffered.explanation).toContain('Function.ResponseSizeTooLarge');
    executor?.dispose?.();
    executor = null;
    const streamed = await send('RESPONSE_STREAM', '/big');
    expect(streamed.outcome).toBe('ok');
    expect(streamed.response!.body.byteLength).toBe('first\nsecond\nthird\n'.length + 6291556);
  });
});

describe('InvokeWithResponseStream from a handler, through the sandbox SDK bundle', () => {
  const open: Workspace[] = [];
  afterEach(async () => {
    for (const workspace of open.splice(0)) await workspace.dispose();
  });

  it('the real @aws-sdk/client-lambda in learner code reads PayloadChunk events in order and an InvokeComplete with the error', async () => {
    const ws = createWorkspace('stream-caller', {
      host: createInProcessHost({ bundles: testBundleSource() }),
      accountStore: createMemoryAccountStore(),
      seed: 11,
    });
    open.push(ws);
    const streamer = ws.service.createFunction({
      name: 'streamer',
      runtime: 'nodejs24.x',
      code: {
        handler: 'index.handler',
        files: [
          { path: 'index.mjs', content: STREAMING.replace("(event.rawPath ?? '')", "(event.path ?? '')") },
        ],
      },
    });
    expect(streamer.ok).toBe(true);
    const caller = ws.service.createFunction({
      name: 'caller',
      runtime: 'nodejs24.x',
      timeoutS: 10,
      code: {
        handler: 'index.handler',
        files: [
          {
            path: 'index.mjs',
            content: `
import { LambdaClient, InvokeWithResponseStreamCommand } from '@aws-sdk/client-lambda';
const lambda = new LambdaClient({});
async function read(path) {
  const answer = await lambda.send(new InvokeWithResponseStreamCommand({
    FunctionName: 'streamer', Payload: JSON.stringify({ path }),
  }));
  const events = [];
  for await (const event of answer.EventStream) {
    if (event.PayloadChunk) events.push(['chunk', new TextDecoder().decode(event.PayloadChunk.Payload)]);
    if (event.InvokeComplete) events.push(['complete', event.InvokeComplete.ErrorCode ?? null, event.InvokeComplete.ErrorDetails ?? null]);
  }
  return { status: answer.StatusCode, contentType: answer.ResponseStreamContentType, events };
}
export const handler = async () => ({ ok: await read('/'), failed: await read('/fail') });
`,
          },
        ],
      },
    });
    expect(caller.ok).toBe(true);
    const invocation = await ws.service.invoke('caller').done();
    expect(invocation.response?.functionError, invocation.response?.payload).toBeUndefined();
    const prelude = '{"statusCode":200,"headers":{"content-type":"text/plain"}}';
    const nulls = '\u0000'.repeat(8);
    expect(JSON.parse(invocation.response!.payload)).toEqual({
      ok: {
        status: 200,
        contentType: 'application/vnd.awslambda.http-integration-response',
        events: [
          // HttpResponseStream.from's prelude goes out first, as the bytes the runtime wrote.
          ['chunk', prelude],
          ['chunk', nulls],
          ['chunk', 'first\n'],
          ['chunk', 'second\n'],
          ['chunk', 'third\n'],
          ['complete', null, null],
        ],
      },
      failed: {
        status: 200,
        contentType: 'application/vnd.awslambda.http-integration-response',
        events: [
          ['chunk', prelude],
          ['chunk', nulls],
          ['chunk', 'first\n'],
          ['chunk', 'second\n'],
          ['complete', 'Error', 'lost the upstream'],
        ],
      },
    });
  }, 60_000);
});
