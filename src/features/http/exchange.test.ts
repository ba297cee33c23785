/**
 * Real handler code behind each front door: the in-process runtime (the sandbox's Node.js runtime, in Node) runs
 * the learner's handler through the worker executor and the Lambda service; the request is the one the HTTP panel
 * builds (curl.ts) and the front door the one it keeps in step (gatewaySync.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LambdaService, VirtualClock, createWorkerExecutor, type Executor } from '../../sim';
import { ApiGateway, bodyText, type HttpExchange } from '../../sim/apigateway';
import { createInProcessHost } from '../../sandbox/testing/inProcessHost';
import { curlOutput, curlRequest } from './curl';
import { syncFrontDoor } from './gatewaySync';
import { DEFAULT_HTTP, type HttpSaved } from './http.store';

const HANDLER = `
export const handler = async (event) => {
  const body = event.body ?? '';
  if (body.includes('boom')) throw new TypeError('boom in handler');
  if (body.includes('object')) return { statusCode: 200, body: { not: 'a string' } };
  console.log('got', event.requestContext.http?.method ?? event.httpMethod, event.rawPath ?? event.path);
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json', 'x-handled-by': 'real-code' },
    body: JSON.stringify({ received: JSON.parse(body || '{}'), route: event.routeKey ?? event.resource }),
  };
};
`;

let executor: Executor | null = null;
afterEach(() => {
  executor?.dispose?.();
  executor = null;
});

function setup() {
  const clock = new VirtualClock();
  executor = createWorkerExecutor({ host: createInProcessHost() });
  const svc = new LambdaService({
    clock,
    executor,
    logs: true,
    seed: 9,
    idleLifetimeMs: [3_600_000, 3_600_000],
  });
  const created = svc.createFunction({
    name: 'shop',
    runtime: 'nodejs24.x',
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: HANDLER }] },
  });
  if (!created.ok) throw new Error(created.message);
  return { clock, svc, executor, gateway: new ApiGateway(svc) };
}

/** Send as the panel does; let virtual time follow the in-process runtime until the gateway answers. */
async function send(ctx: ReturnType<typeof setup>, saved: HttpSaved): Promise<HttpExchange> {
  const gateway = ctx.gateway;
  const front = syncFrontDoor(gateway, 'shop', saved);
  if (!front.ok) throw new Error(front.error);
  const built = curlRequest(saved, front.api.endpoint, { epochMs: ctx.svc.epochMs, region: 'us-east-1' });
  if (!built.ok) throw new Error(built.error);
  let answer: HttpExchange | null = null;
  void gateway.send(built.request).then((x) => (answer = x));
  for (let i = 0; i < 5_000 && answer === null; i++) {
    await new Promise((r) => setTimeout(r, 1));
    ctx.clock.advanceBy(ctx.executor.busy() ? 5 : 1);
  }
  if (answer === null) throw new Error('no answer from the gateway');
  return answer;
}

const post = (body: string, extra: Partial<HttpSaved> = {}): HttpSaved => ({
  ...DEFAULT_HTTP,
  method: 'POST',
  path: '/items',
  headers: 'content-type: application/json',
  body,
  ...extra,
});

describe('the HTTP request panel against real handler code', () => {
  it('a POST through an HTTP API reaches the handler, and its response comes back as curl prints it', async () => {
    const ctx = setup();
    const x = await send(ctx, post('{"name":"widget"}'));
    expect(x.outcome).toBe('ok');
    const out = curlOutput(x);
    expect(out).toMatch(/^HTTP\/2 201\n/);
    expect(out).toContain('\nx-handled-by: real-code\n');
    expect(bodyText(x.response!.body)).toBe('{"received":{"name":"widget"},"route":"POST /items"}');
    expect(x.event).toMatchObject({ version: '2.0', routeKey: 'POST /items', body: '{"name":"widget"}' });
    expect(ctx.svc.logLines('shop').some((l) => l.endsWith('INFO\tgot POST /items'))).toBe(true);
  });

  it('a handler that throws: HTTP API 500 "Internal Server Error", REST API 502 "Internal server error"', async () => {
    const http = await send(setup(), post('boom'));
    expect(http.response?.statusCode).toBe(500);
    expect(bodyText(http.response!.body)).toBe('{"message":"Internal Server Error"}');
    expect(http.explanation).toContain('TypeError: boom in handler');

    const rest = await send(setup(), post('boom', { apiType: 'rest', path: '/items' }));
    expect(rest.response?.statusCode).toBe(502);
    expect(bodyText(rest.response!.body)).toBe('{"message": "Internal server error"}');
  });

  it('a body that is an object: malformed for a REST API (502) — the handler itself succeeded', async () => {
    const rest = await send(setup(), post('object', { apiType: 'rest', path: '/anything' }));
    expect(rest.outcome).toBe('malformed');
    expect(rest.response?.statusCode).toBe(502);
    expect(rest.invocation?.outcome).toBe('success');
    expect(rest.event).toMatchObject({
      resource: '/{proxy+}',
      path: '/anything',
      requestContext: { path: '/prod/anything' },
    });
  });

  it('a function URL passes the response on; its event has the Lambda request id', async () => {
    const x = await send(setup(), post('{"n":1}', { apiType: 'url', path: '/any/path' }));
    expect(x.response?.statusCode).toBe(201);
    expect((x.event as { requestContext: { requestId: string } }).requestContext.requestId).toBe(
      x.invocation!.requestId,
    );
  });
});
