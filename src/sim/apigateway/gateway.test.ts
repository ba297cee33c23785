/**
 * API Gateway and function URLs in front of the Lambda service (modelled executor: handler results and durations
 * come from the handler model, on the virtual clock). Real handler code through the same path is tested in
 * src/features/http/exchange.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import type { HandlerModel } from '../config';
import { LambdaService } from '../lambda/LambdaService';
import { ApiGateway, type HttpExchange } from './gateway';
import { bodyText, headerValue, type HttpRequest } from './http';

type Reply = { result?: 'success' | 'error' | 'timeout' | 'crash'; response?: unknown; durationMs?: number };

function setup(
  reply: (event: Record<string, unknown>) => Reply = () => ({ response: { statusCode: 200, body: 'ok' } }),
) {
  const clock = new VirtualClock();
  const svc = new LambdaService({ clock, seed: 3, logs: true, idleLifetimeMs: [3_600_000, 3_600_000] });
  const handler: HandlerModel = {
    initMs: 100,
    durationMs: (_rng, ctx) => reply(ctx.payload as Record<string, unknown>).durationMs ?? 15,
    result: (ctx) => reply(ctx.payload as Record<string, unknown>).result ?? 'success',
    response: (ctx) => reply(ctx.payload as Record<string, unknown>).response ?? null,
  };
  const created = svc.createFunction({ name: 'orders', timeoutS: 60, memoryMb: 1769, handler });
  if (!created.ok) throw new Error(created.message);
  return { clock, svc, gateway: new ApiGateway(svc) };
}

async function send(
  clock: VirtualClock,
  gateway: ApiGateway,
  request: Partial<HttpRequest> & { url: string },
): Promise<HttpExchange> {
  const pending = gateway.send({ method: 'GET', headers: [], body: '', ...request });
  clock.runAll();
  return pending;
}

const body = (x: HttpExchange) => bodyText(x.response!.body);

describe('an HTTP API (payload format 2.0)', () => {
  it('routes a POST to the function; the event has the route, the path parameters and the body', async () => {
    const { clock, gateway } = setup((event) => ({
      response: {
        statusCode: 201,
        headers: { 'content-type': 'application/json' },
        body: String(event.body),
      },
    }));
    const created = gateway.createHttpApi({
      name: 'orders-api',
      functionName: 'orders',
      routes: ['POST /orders/{id}', 'GET /orders'],
    });
    if (!created.ok) throw new Error(created.message);
    const api = created.api;
    expect(api.endpoint).toMatch(/^https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    const x = await send(clock, gateway, {
      method: 'POST',
      url: `${api.endpoint}/orders/42?expand=lines`,
      headers: [['Content-Type', 'application/json']],
      body: '{"qty":2}',
    });
    expect(x.outcome).toBe('ok');
    expect(x.response?.statusCode).toBe(201);
    expect(body(x)).toBe('{"qty":2}');
    expect(x.routeKey).toBe('POST /orders/{id}');
    expect(x.event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /orders/{id}',
      rawPath: '/orders/42',
      rawQueryString: 'expand=lines',
      pathParameters: { id: '42' },
      queryStringParameters: { expand: 'lines' },
      body: '{"qty":2}',
      requestContext: { http: { method: 'POST', path: '/orders/42' }, stage: '$default' },
    });
    // HTTP APIs answer with their request id in apigw-requestid.
    const requestId = (x.event as { requestContext: { requestId: string } }).requestContext.requestId;
    expect(headerValue(x.response!.headers, 'apigw-requestid')).toBe(requestId);
    expect(headerValue(x.response!.headers, 'content-length')).toBe('9');
  });

  it('a function error becomes 500 {"message":"Internal Server Error"}', async () => {
    const { clock, gateway } = setup(() => ({ result: 'error' }));
    const api = gateway.createHttpApi({ name: 'a', functionName: 'orders', routes: ['ANY /{proxy+}'] });
    if (!api.ok) throw new Error(api.message);
    const x = await send(clock, gateway, { url: `${api.api.endpoint}/x` });
    expect(x.outcome).toBe('functionError');
    expect(x.response?.statusCode).toBe(500);
    expect(body(x)).toBe('{"message":"Internal Server Error"}');
    expect(x.explanation).toContain('REST API would answer 502');
    // The function ran and its event is inspectable.
    expect(x.invocation?.outcome).toBe('error');
    expect(x.event).toMatchObject({ rawPath: '/x' });
  });

  it('no route and no $default: 404 {"message":"Not Found"}; the function is not invoked', async () => {
    const { clock, gateway, svc } = setup();
    const api = gateway.createHttpApi({ name: 'a', functionName: 'orders', routes: ['GET /items'] });
    if (!api.ok) throw new Error(api.message);
    const x = await send(clock, gateway, { method: 'DELETE', url: `${api.api.endpoint}/items` });
    expect(x.response?.statusCode).toBe(404);
    expect(body(x)).toBe('{"message":"Not Found"}');
    expect(svc.metrics().invocations).toBe(0);
  });

  it('the integration timeout: 503 Service Unavailable after 30 s while the function runs on', async () => {
    const { clock, gateway } = setup(() => ({
      durationMs: 45_000,
      response: { statusCode: 200, body: 'late' },
    }));
    const api = gateway.createHttpApi({ name: 'a', functionName: 'orders', routes: ['$default'] });
    if (!api.ok) throw new Error(api.message);
    const pending = gateway.send({ method: 'GET', url: `${api.api.endpoint}/slow`, headers: [], body: '' });
    clock.runAll();
    const x = await pending;
    expect(x.outcome).toBe('timeout');
    expect(x.response?.statusCode).toBe(503);
    expect(body(x)).toBe('{"message":"Service Unavailable"}');
    expect(x.latencyMs).toBe(30_000);
    // The invocation went on to finish (and be billed) after the gateway gave up.
    expect(x.invocation?.outcome).toBe('success');
    expect(x.invocation!.durationMs).toBeGreaterThan(30_000);
  });

  it('a throttled function (reserved concurrency 0): Lambda 429 becomes 500 — the gateway passes no 429 on', async () => {
    const { clock, gateway, svc } = setup();
    svc.putFunctionConcurrency('orders', 0);
    const api = gateway.createHttpApi({ name: 'a', functionName: 'orders', routes: ['$default'] });
    if (!api.ok) throw new Error(api.message);
    const x = await send(clock, gateway, { url: `${api.api.endpoint}/` });
    expect(x.outcome).toBe('throttled');
    expect(x.response?.statusCode).toBe(500);
    expect(x.invocation?.response?.statusCode).toBe(429);
  });

  it("API Gateway's own throttle answers 429 Too Many Requests before Lambda", async () => {
    const { clock, gateway, svc } = setup();
    const api = gateway.createHttpApi({
      name: 'a',
      functionName: 'orders',
      routes: ['$default'],
      throttle: { rateLimit: 1, burstLimit: 2 },
    });
    if (!api.ok) throw new Error(api.message);
    const request = { method: 'GET', url: `${api.api.endpoint}/`, headers: [], body: '' };
    // Three at the same instant: the burst of 2 lets two through.
    const burst = [gateway.send(request), gateway.send(request), gateway.send(request)];
    clock.advanceBy(500);
    expect((await Promise.all(burst)).map((x) => x.response!.statusCode)).toEqual([200, 200, 429]);
    expect(svc.metrics().invocations).toBe(2);
    // Half a second refilled half a token; a full second after the burst there is one again.
    const early = gateway.send(request);
    clock.advanceBy(500);
    expect((await early).response!.statusCode).toBe(429);
    const later = gateway.send(request);
    clock.advanceBy(500);
    expect((await later).response!.statusCode).toBe(200);
  });

  it('payload format 1.0 on an HTTP API: the REST-style event and response rules, HTTP API errors', async () => {
    const { clock, gateway } = setup(() => ({ response: { message: 'no statusCode' } }));
    const api = gateway.createHttpApi({
      name: 'a',
      functionName: 'orders',
      routes: ['GET /items/{id}'],
      payloadFormatVersion: '1.0',
    });
    if (!api.ok) throw new Error(api.message);
    const x = await send(clock, gateway, { url: `${api.api.endpoint}/items/9` });
    expect(x.event).toMatchObject({
      version: '1.0',
      resource: '/items/{id}',
      path: '/items/9',
      pathParameters: { id: '9' },
    });
    expect(x.outcome).toBe('malformed');
    expect(x.response?.statusCode).toBe(500);
  });

  it('rejects integration timeouts outside 50 ms–30 s', () => {
    const { gateway } = setup();
    expect(
      gateway.createHttpApi({ name: 'a', functionName: 'orders', routes: [], integrationTimeoutMs: 30_001 })
        .ok,
    ).toBe(false);
    expect(
      gateway.createHttpApi({ name: 'b', functionName: 'orders', routes: [], integrationTimeoutMs: 49 }).ok,
    ).toBe(false);
  });
});

describe('a REST API (Lambda proxy, payload format 1.0)', () => {
  function rest(reply?: (event: Record<string, unknown>) => Reply, routes = ['ANY /{proxy+}', 'GET /']) {
    const s = setup(reply);
    const created = s.gateway.createRestApi({ name: 'shop', functionName: 'orders', stage: 'prod', routes });
    if (!created.ok) throw new Error(created.message);
    return { ...s, api: created.api };
  }

  it('the stage is part of the URL; the event has resource, path and requestContext.path with the stage', async () => {
    const { clock, gateway, api } = rest((event) => ({
      response: { statusCode: 200, body: JSON.stringify(event.pathParameters) },
    }));
    expect(api.endpoint).toMatch(/\/prod$/);
    const x = await send(clock, gateway, {
      url: `${api.endpoint}/hello/world?name=me&name=you`,
      headers: [['User-Agent', 'curl/8.5.0']],
    });
    expect(x.outcome).toBe('ok');
    expect(body(x)).toBe('{"proxy":"hello/world"}');
    expect(x.event).toMatchObject({
      resource: '/{proxy+}',
      path: '/hello/world',
      httpMethod: 'GET',
      queryStringParameters: { name: 'you' },
      multiValueQueryStringParameters: { name: ['me', 'you'] },
      headers: { 'User-Agent': 'curl/8.5.0' },
      multiValueHeaders: { 'User-Agent': ['curl/8.5.0'] },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {
        stage: 'prod',
        path: '/prod/hello/world',
        resourcePath: '/{proxy+}',
        httpMethod: 'GET',
      },
    });
    // A REST API says application/json when the function names no content type.
    expect(headerValue(x.response!.headers, 'content-type')).toBe('application/json');
    expect(headerValue(x.response!.headers, 'x-amzn-RequestId')).toBe(
      (x.event as { requestContext: { requestId: string } }).requestContext.requestId,
    );
  });

  it('a function error becomes 502 {"message": "Internal server error"}', async () => {
    const { clock, gateway, api } = rest(() => ({ result: 'error' }));
    const x = await send(clock, gateway, { url: `${api.endpoint}/x` });
    expect(x.response?.statusCode).toBe(502);
    expect(body(x)).toBe('{"message": "Internal server error"}');
    expect(x.explanation).toContain('HTTP API would answer 500');
  });

  it('a malformed response (body not a string) becomes 502 with the same body', async () => {
    const { clock, gateway, api } = rest(() => ({ response: { statusCode: 200, body: { ok: true } } }));
    const x = await send(clock, gateway, { url: `${api.endpoint}/x` });
    expect(x.outcome).toBe('malformed');
    expect(x.response?.statusCode).toBe(502);
    expect(body(x)).toBe('{"message": "Internal server error"}');
    expect(x.explanation).toContain('body must be a string');
  });

  it('a function timeout (Sandbox.Timedout) is a function error: 502', async () => {
    const { clock, gateway, svc, api } = rest(() => ({ result: 'timeout' }));
    svc.updateFunction('orders', { timeoutS: 3 });
    const x = await send(clock, gateway, { url: `${api.endpoint}/x` });
    expect(x.outcome).toBe('functionError');
    expect(x.response?.statusCode).toBe(502);
    expect(x.explanation).toContain('Sandbox.Timedout');
  });

  it('the integration timeout: 504 {"message": "Endpoint request timed out"} after 29 s', async () => {
    const { clock, gateway, api } = rest(() => ({ durationMs: 35_000 }));
    const x = await send(clock, gateway, { url: `${api.endpoint}/x` });
    expect(x.response?.statusCode).toBe(504);
    expect(body(x)).toBe('{"message": "Endpoint request timed out"}');
    expect(x.latencyMs).toBe(29_000);
  });

  it('a throttled function: Lambda rejected the invoke, so 500', async () => {
    const { clock, gateway, svc, api } = rest();
    svc.putFunctionConcurrency('orders', 0);
    const x = await send(clock, gateway, { url: `${api.endpoint}/x` });
    expect(x.response?.statusCode).toBe(500);
    expect(body(x)).toBe('{"message": "Internal server error"}');
  });

  it('no resource and method: 403 Missing Authentication Token; a path without the stage: 403 Forbidden', async () => {
    const { clock, gateway, api } = rest(undefined, ['GET /items']);
    const missing = await send(clock, gateway, { method: 'POST', url: `${api.endpoint}/items` });
    expect(missing.response?.statusCode).toBe(403);
    expect(body(missing)).toBe('{"message":"Missing Authentication Token"}');
    const noStage = await send(clock, gateway, { url: api.endpoint.replace(/\/prod$/, '/items') });
    expect(noStage.outcome).toBe('noStage');
    expect(body(noStage)).toBe('{"message":"Forbidden"}');
  });

  it('REST APIs have no $default route', () => {
    const { gateway } = setup();
    expect(gateway.createRestApi({ name: 'x', functionName: 'orders', routes: ['$default'] }).ok).toBe(false);
  });
});

describe('a function URL', () => {
  it('sends every path to the function; requestContext.requestId is the invocation request id', async () => {
    const { clock, gateway } = setup(() => ({ response: 'Hello, world!' }));
    const created = gateway.createFunctionUrl({ functionName: 'orders' });
    if (!created.ok) throw new Error(created.message);
    expect(created.api.endpoint).toMatch(/^https:\/\/[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws\/$/);
    const x = await send(clock, gateway, { url: `${created.api.endpoint}any/path/at/all` });
    expect(x.outcome).toBe('ok');
    expect(body(x)).toBe('"Hello, world!"');
    const event = x.event as { routeKey: string; requestContext: { requestId: string; stage: string } };
    expect(event.routeKey).toBe('$default');
    expect(event.requestContext.stage).toBe('$default');
    expect(event.requestContext.requestId).toBe(x.invocation!.requestId);
    expect(headerValue(x.response!.headers, 'x-amzn-RequestId')).toBe(x.invocation!.requestId);
  });

  it('a function error: 502; a throttle: 429', async () => {
    const failing = setup(() => ({ result: 'error' }));
    const url = failing.gateway.createFunctionUrl({ functionName: 'orders' });
    if (!url.ok) throw new Error(url.message);
    const x = await send(failing.clock, failing.gateway, { url: url.api.endpoint });
    expect(x.response?.statusCode).toBe(502);

    const throttled = setup();
    throttled.svc.putFunctionConcurrency('orders', 0);
    const url2 = throttled.gateway.createFunctionUrl({ functionName: 'orders' });
    if (!url2.ok) throw new Error(url2.message);
    const y = await send(throttled.clock, throttled.gateway, { url: url2.api.endpoint });
    expect(y.outcome).toBe('throttled');
    expect(y.response?.statusCode).toBe(429);
  });

  it('AWS_IAM: unsigned requests get 403; a SigV4 request carries the caller in requestContext.authorizer.iam', async () => {
    const { clock, gateway, svc } = setup();
    const url = gateway.createFunctionUrl({ functionName: 'orders', authType: 'AWS_IAM' });
    if (!url.ok) throw new Error(url.message);
    const unsigned = await send(clock, gateway, { url: url.api.endpoint });
    expect(unsigned.response?.statusCode).toBe(403);
    expect(body(unsigned)).toBe('{"Message":"Forbidden"}');
    expect(svc.metrics().invocations).toBe(0);
    const signed = await send(clock, gateway, {
      url: url.api.endpoint,
      headers: [
        [
          'Authorization',
          'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261201/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=00',
        ],
      ],
    });
    expect(signed.response?.statusCode).toBe(200);
    expect(signed.event).toMatchObject({
      requestContext: { authorizer: { iam: { accessKey: 'AKIAEXAMPLE', accountId: '123456789012' } } },
    });
  });

  it('RESPONSE_STREAM without streamifyResponse: the result arrives as it was returned', async () => {
    const { clock, gateway } = setup(() => ({ response: { statusCode: 404, body: 'x' } }));
    const url = gateway.createFunctionUrl({ functionName: 'orders', invokeMode: 'RESPONSE_STREAM' });
    if (!url.ok) throw new Error(url.message);
    const x = await send(clock, gateway, { url: url.api.endpoint });
    expect(x.response?.statusCode).toBe(200);
    expect(body(x)).toBe('{"statusCode":404,"body":"x"}');
  });

  it('points at $LATEST or an alias, never a version number; one URL per qualifier', () => {
    const { gateway } = setup();
    expect(gateway.createFunctionUrl({ functionName: 'orders', qualifier: '1' }).ok).toBe(false);
    expect(gateway.createFunctionUrl({ functionName: 'orders' }).ok).toBe(true);
    expect(gateway.createFunctionUrl({ functionName: 'orders' })).toMatchObject({
      ok: false,
      errorType: 'ResourceConflictException',
    });
  });
});

describe('the gateway as a whole', () => {
  it('an unknown host reaches nothing (curl: could not resolve host)', async () => {
    const { clock, gateway } = setup();
    const x = await send(clock, gateway, { url: 'https://nothing.execute-api.us-east-1.amazonaws.com/' });
    expect(x.outcome).toBe('unknownHost');
    expect(x.response).toBeNull();
  });

  it('ids are stable for the same name and unique across APIs; list() shows every API with its routes', () => {
    const a = setup().gateway;
    const b = setup().gateway;
    const first = a.createHttpApi({
      name: 'orders-api',
      functionName: 'orders',
      routes: ['GET /a', '$default'],
    });
    const again = b.createHttpApi({ name: 'orders-api', functionName: 'orders', routes: [] });
    const other = a.createRestApi({ name: 'orders-api', functionName: 'orders', routes: ['ANY /{proxy+}'] });
    if (!first.ok || !again.ok || !other.ok) throw new Error('create failed');
    expect(first.api.id).toBe(again.api.id);
    expect(other.api.id).not.toBe(first.api.id);
    expect(a.list().map((v) => [v.kind, v.routes])).toEqual([
      ['http', ['GET /a', '$default']],
      ['rest', ['ANY /{proxy+}']],
    ]);
  });
});

describe('request(): the entry point for lab checks', () => {
  it('finds the API by function name or id, adds the stage, sends objects as JSON and answers as data', async () => {
    const { clock, gateway } = setup((event) => ({
      response:
        event.httpMethod === 'POST'
          ? { statusCode: 201, headers: { 'x-seen': String(event.body) }, body: '{"saved":true}' }
          : { statusCode: 200, body: 'plain text' },
    }));
    const rest = gateway.createRestApi({ name: 'shop', functionName: 'orders', routes: ['ANY /{proxy+}'] });
    if (!rest.ok) throw new Error(rest.message);
    const pending = gateway.request('orders', { method: 'post', path: '/items', body: { name: 'widget' } });
    clock.runAll();
    const reply = await pending;
    expect(reply.statusCode).toBe(201);
    expect(reply.json).toEqual({ saved: true });
    expect(reply.headers['x-seen']).toBe('{"name":"widget"}');
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.outcome).toBe('ok');
    const event = reply.event as {
      path: string;
      headers: Record<string, string>;
      requestContext: { stage: string };
    };
    expect(event.path).toBe('/items');
    expect(event.requestContext.stage).toBe('prod');
    expect(event.headers['content-type']).toBe('application/json');

    const byId = gateway.request(rest.api.id, { path: '/items' });
    clock.runAll();
    const text = await byId;
    expect(text.body).toBe('plain text');
    expect(text.json).toBeUndefined();
  });

  it('prefers the kind asked for; a function with no front door gets no answer', async () => {
    const { clock, gateway } = setup(() => ({ response: { statusCode: 200, body: 'hi' } }));
    gateway.createHttpApi({ name: 'a', functionName: 'orders', routes: ['$default'] });
    gateway.createFunctionUrl({ functionName: 'orders' });
    const viaUrl = gateway.request('orders', { kind: 'url' });
    clock.runAll();
    expect((await viaUrl).exchange.api?.kind).toBe('url');
    const latest = gateway.request('orders');
    clock.runAll();
    expect((await latest).exchange.api?.kind).toBe('url');
    const viaHttp = gateway.request('orders', { kind: 'http' });
    clock.runAll();
    expect((await viaHttp).headers['apigw-requestid']).toBeDefined();

    const none = await gateway.request('nobody', { path: '/' });
    expect(none.statusCode).toBeNull();
    expect(none.outcome).toBe('unknownHost');
  });
});
