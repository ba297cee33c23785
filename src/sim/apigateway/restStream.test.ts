/**
 * A REST API's Lambda proxy integration with `responseTransferMode: STREAM` ("Set up a Lambda proxy integration
 * with payload response streaming in API Gateway", docs apigateway response-transfer-mode-lambda, and "Stream the
 * integration response for your proxy integrations", response-transfer-mode), on the virtual clock with a scripted
 * streaming host behind the worker executor:
 * - the function's output is metadata JSON (statusCode, headers, multiValueHeaders, cookies), 8 null bytes, then
 *   the body, which goes out as it is written;
 * - a handler that does not write that format cannot be streamed (502, REST's body);
 * - the integration timeout may be set up to 15 minutes; past it mid-stream the client keeps what it received.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { LambdaService } from '../lambda/LambdaService';
import { createWorkerExecutor } from '../lambda/executors/worker';
import type { EnvironmentHost, InvokeRequest, InvokeResult, StreamWrite } from '../lambda/host';
import { ApiGateway, type HttpExchange } from './gateway';
import { bodyText } from './http';
import { HTTP_INTEGRATION_CONTENT_TYPE } from './streamedResponse';

const encoder = new TextEncoder();

interface Handle {
  write(bytes: Uint8Array | string, offsetMs: number): void;
  finish(result: InvokeResult): void;
}

function streamingHost(script: (request: InvokeRequest, handle: Handle) => void): EnvironmentHost {
  const listeners = new Set<(id: string, requestId: string, write: StreamWrite) => void>();
  return {
    start: async () => ({ runtimeInitMs: 5 }),
    init: async () => ({ ok: true, durationMs: 10 }),
    invoke: (id, request) =>
      new Promise<InvokeResult>((resolve) =>
        script(request, {
          write(bytes, offsetMs) {
            const chunk = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
            for (const listener of listeners)
              listener(id, request.requestId, {
                offsetMs,
                bytes: chunk,
                contentType: HTTP_INTEGRATION_CONTENT_TYPE,
              });
          },
          finish: resolve,
        }),
      ),
    stop: async () => {},
    onLog: () => () => {},
    onCrash: () => () => {},
    onStream(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setAwsHandler() {},
  };
}

const PRELUDE = JSON.stringify({
  statusCode: 201,
  headers: { 'content-type': 'text/event-stream' },
  multiValueHeaders: { 'x-tag': ['a', 'b'] },
  cookies: ['session=1'],
});

async function flush(clock: VirtualClock, ms = 0) {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  if (ms) clock.advanceBy(ms);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function setup(script: (request: InvokeRequest, handle: Handle) => void) {
  const clock = new VirtualClock();
  const service = new LambdaService({
    clock,
    executor: createWorkerExecutor({ host: streamingHost(script) }),
    seed: 7,
  });
  const created = service.createFunction({
    name: 'chat',
    runtime: 'nodejs24.x',
    timeoutS: 60,
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: 'export const handler = 1' }] },
  });
  if (!created.ok) throw new Error(created.message);
  return { clock, gateway: new ApiGateway(service) };
}

function restApi(gateway: ApiGateway, extra: { integrationTimeoutMs?: number } = {}) {
  const created = gateway.createRestApi({
    name: 'chat-api',
    functionName: 'chat',
    routes: ['ANY /{proxy+}'],
    responseTransferMode: 'STREAM',
    ...extra,
  });
  if (!created.ok) throw new Error(created.message);
  return created.api;
}

/** The script's next steps, run by the test as it advances the clock. */
let pending: Array<() => void> = [];

/** Writes the prelude and its delimiter, then each body piece a second apart; ends unless `hang`. */
function chatScript(pieces: string[], options: { hang?: boolean } = {}) {
  return (_request: InvokeRequest, handle: Handle) => {
    handle.write(PRELUDE, 0);
    handle.write(new Uint8Array(8), 0);
    const chunks = [
      { offsetMs: 0, bytes: encoder.encode(PRELUDE) },
      { offsetMs: 0, bytes: new Uint8Array(8) },
    ];
    // The test drives the script: each piece once the test has advanced the clock one more second.
    pieces.forEach((piece, index) => {
      pending.push(() => {
        handle.write(piece, index * 1000);
        chunks.push({ offsetMs: index * 1000, bytes: encoder.encode(piece) });
        if (index === pieces.length - 1 && !options.hang)
          handle.finish({
            outcome: 'success',
            payload: '',
            durationMs: index * 1000 + 1,
            maxMemoryUsedMb: 70,
            stream: { contentType: HTTP_INTEGRATION_CONTENT_TYPE, chunks },
          });
      });
    });
  };
}
describe('a REST API with responseTransferMode STREAM', () => {
  it('sends the status and headers from the metadata, then each body chunk as the function writes it', async () => {
    pending = [];
    const { clock, gateway } = setup(chatScript(['data: one\n\n', 'data: two\n\n']));
    const api = restApi(gateway);
    expect(api.responseTransferMode).toBe('STREAM');
    const live: Array<{ text: string; answered: boolean }> = [];
    let exchange: HttpExchange | null = null;
    void gateway
      .send(
        { method: 'GET', url: `${api.endpoint}/chat`, headers: [], body: '' },
        { onChunk: (chunk) => live.push({ text: bodyText(chunk.bytes), answered: exchange !== null }) },
      )
      .then((answer) => (exchange = answer));
    await flush(clock);
    pending.shift()!();
    await flush(clock, 1000);
    expect(live).toEqual([{ text: 'data: one\n\n', answered: false }]);
    pending.shift()!();
    await flush(clock);
    const done = exchange as HttpExchange | null;
    expect(done?.outcome).toBe('ok');
    expect(done?.response?.statusCode).toBe(201);
    expect(done?.response?.headers).toEqual(
      expect.arrayContaining([
        ['content-type', 'text/event-stream'],
        ['transfer-encoding', 'chunked'],
        ['x-tag', 'a'],
        ['x-tag', 'b'],
        ['set-cookie', 'session=1'],
      ]),
    );
    expect(bodyText(done!.response!.body)).toBe('data: one\n\ndata: two\n\n');
    expect(done?.stream?.chunks.map((chunk) => bodyText(chunk.bytes))).toEqual([
      'data: one\n\n',
      'data: two\n\n',
    ]);
    const [first, second] = done!.stream!.chunks.map((chunk) => chunk.offsetMs);
    expect(second! - first!).toBe(1000);
    expect(live.map((chunk) => chunk.text)).toEqual(['data: one\n\n', 'data: two\n\n']);
  });

  it('a handler that answers buffered (no metadata prelude) cannot be streamed: 502 Internal server error', async () => {
    const { clock, gateway } = setup((_request, handle) =>
      handle.finish({
        outcome: 'success',
        payload: JSON.stringify({ statusCode: 200, body: 'plain' }),
        durationMs: 2,
        maxMemoryUsedMb: 60,
      }),
    );
    const api = restApi(gateway);
    const pendingExchange = gateway.send({
      method: 'GET',
      url: `${api.endpoint}/chat`,
      headers: [],
      body: '',
    });
    await flush(clock);
    const exchange = await pendingExchange;
    expect(exchange.outcome).toBe('malformed');
    expect(exchange.response?.statusCode).toBe(502);
    expect(bodyText(exchange.response!.body)).toBe('{"message": "Internal server error"}');
    expect(exchange.explanation).toContain('8 null bytes');
  });

  it('the integration timeout may be up to 15 minutes with STREAM, 29 s with BUFFERED', () => {
    const { gateway } = setup(() => {});
    expect(restApi(gateway, { integrationTimeoutMs: 900_000 }).integrationTimeoutMs).toBe(900_000);
    const tooLong = gateway.createRestApi({
      name: 'long',
      functionName: 'chat',
      routes: ['ANY /{proxy+}'],
      responseTransferMode: 'STREAM',
      integrationTimeoutMs: 900_001,
    });
    expect(tooLong).toMatchObject({ ok: false, message: 'Timeout should be between 50 ms and 900000 ms' });
    const buffered = gateway.createRestApi({
      name: 'buffered',
      functionName: 'chat',
      routes: ['ANY /{proxy+}'],
      integrationTimeoutMs: 60_000,
    });
    expect(buffered).toMatchObject({ ok: false, message: 'Timeout should be between 50 ms and 29000 ms' });
  });

  it('the integration timeout mid-stream: the client keeps the status and the chunks that came; no 504', async () => {
    pending = [];
    const { clock, gateway } = setup(chatScript(['data: one\n\n', 'data: two\n\n'], { hang: true }));
    const api = restApi(gateway, { integrationTimeoutMs: 1500 });
    let exchange: HttpExchange | null = null;
    void gateway
      .send({ method: 'GET', url: `${api.endpoint}/chat`, headers: [], body: '' })
      .then((answer) => (exchange = answer));
    await flush(clock);
    pending.shift()!();
    await flush(clock, 1500);
    const done = exchange as HttpExchange | null;
    expect(done?.outcome).toBe('streamInterrupted');
    expect(done?.response?.statusCode).toBe(201);
    expect(bodyText(done!.response!.body)).toBe('data: one\n\n');
    expect(done?.stream?.interruptedBy).toBe('the integration timeout of 1.500 s passed mid-stream');
  });
});
