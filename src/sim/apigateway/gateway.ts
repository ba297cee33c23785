/**
 * API Gateway (HTTP APIs, REST APIs with Lambda proxy integrations) and Lambda function URLs in front of the
 * Lambda service: a request comes in as HTTP, is routed, becomes an event, is invoked synchronously through
 * `LambdaService.invoke` (every Lambda rule stays there), and the result — or the gateway's own error — goes back
 * as HTTP. Integration timeouts and the gateway's throttle run on the service's virtual clock.
 *
 *   gateway.createHttpApi({ name, functionName, routes: ['GET /items/{id}', '$default'] })
 *   gateway.createRestApi({ name, functionName, stage: 'prod', routes: ['ANY /{proxy+}'] })
 *   gateway.createFunctionUrl({ functionName, authType: 'NONE' })
 *   await gateway.send({ method: 'POST', url: api.endpoint + '/items', headers, body })  → HttpExchange
 */
import type { Clock } from '../clock';
import { hash32 } from '../random';
import type { Invocation, InvokeOptions } from '../lambda/types';
import { explainOutcome, gatewayAnswer, type ApiKind, type ExchangeOutcome } from './errors';
import { buildEventV1, buildEventV2, matchesMediaType, type EventIds, type GatewayRequest } from './events';
import { bodyText, headerValue, httpDate, parseUrl, utf8, type HttpRequest, type HttpResponse } from './http';
import { mapResultV1, mapResultV2, type Mapped } from './responses';
import { DEFAULT_ROUTE, matchRoute, parseRoute, type Route } from './routes';
import {
  HTTP_INTEGRATION_CONTENT_TYPE,
  LiveBodyReader,
  readStreamedResponse,
  type HttpChunk,
  type StreamedHttpResponse,
} from './streamedResponse';
import type { DeliveredChunk } from '../lambda/streaming';
import type { StreamDelivery } from '../lambda/types';
import { bufferedStreamError } from '../lambda/streaming';

/** The part of LambdaService the gateway uses (a fake in some tests). */
export interface GatewayLambda {
  readonly clock: Clock;
  readonly epochMs: number;
  readonly region: string;
  readonly accountId: string;
  invoke(name: string, options?: InvokeOptions): Invocation;
}

export interface Throttle {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** Bucket size. */
  burstLimit: number;
}

/** API Gateway's default account-level throttle per Region (quotas: 10,000 requests per second, burst 5,000). */
export const DEFAULT_THROTTLE: Throttle = { rateLimit: 10_000, burstLimit: 5_000 };

/** Integration timeouts (ms): an HTTP API allows 50 ms–30 s (default 30 s); a REST API 50 ms–29 s by default. */
export const INTEGRATION_TIMEOUT = {
  http: { min: 50, max: 30_000, default: 30_000 },
  rest: { min: 50, max: 29_000, default: 29_000 },
} as const;

/**
 * A REST API integration with `responseTransferMode: STREAM` may run up to 15 minutes ("Stream the integration
 * response for your proxy integrations in API Gateway", docs apigateway response-transfer-mode; the HTTP proxy
 * page: "you can configure the integration timeout up to 15 minutes").
 */
export const STREAM_INTEGRATION_TIMEOUT_MAX_MS = 900_000;

interface ApiBase {
  id: string;
  kind: ApiKind;
  name: string;
  functionName: string;
  /** Alias (or version, for API Gateway) the integration invokes; undefined: the unqualified function. */
  qualifier: string | undefined;
  host: string;
}

interface HttpApi extends ApiBase {
  kind: 'http';
  payloadFormatVersion: '2.0' | '1.0';
  routes: Route[];
  integrationTimeoutMs: number;
  throttle: Throttle;
  bucket: Bucket;
}

interface RestApi extends ApiBase {
  kind: 'rest';
  stage: string;
  routes: Route[];
  integrationTimeoutMs: number;
  responseTransferMode: 'BUFFERED' | 'STREAM';
  binaryMediaTypes: string[];
  throttle: Throttle;
  bucket: Bucket;
}

interface FunctionUrl extends ApiBase {
  kind: 'url';
  authType: 'NONE' | 'AWS_IAM';
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
}

type Api = HttpApi | RestApi | FunctionUrl;

interface Bucket {
  tokens: number;
  at: number;
}

export interface HttpApiInput {
  name: string;
  functionName: string;
  qualifier?: string;
  payloadFormatVersion?: '2.0' | '1.0';
  routes: string[];
  integrationTimeoutMs?: number;
  throttle?: Throttle;
}

export interface RestApiInput {
  name: string;
  functionName: string;
  qualifier?: string;
  stage?: string;
  /** Resources and methods as `METHOD /path` (`ANY /{proxy+}`). */
  routes: string[];
  integrationTimeoutMs?: number;
  binaryMediaTypes?: string[];
  throttle?: Throttle;
  /**
   * The Lambda proxy integration's response transfer mode (default BUFFERED). STREAM: API Gateway invokes with
   * InvokeWithResponseStream and sends the body as the function writes it, after the metadata JSON and its 8 null
   * bytes (docs apigateway response-transfer-mode-lambda); the integration timeout may then be up to 15 minutes.
   */
  responseTransferMode?: 'BUFFERED' | 'STREAM';
}

export interface FunctionUrlInput {
  functionName: string;
  /** An alias; omitted for `$LATEST` (function URLs cannot point at a version number). */
  qualifier?: string;
  authType?: 'NONE' | 'AWS_IAM';
  invokeMode?: 'BUFFERED' | 'RESPONSE_STREAM';
}

/** A read-only view of one API or function URL (the console's routes list, the HTTP panel). */
export interface ApiView {
  id: string;
  kind: ApiKind;
  name: string;
  /** Base URL a client calls: `https://<id>.execute-api.us-east-1.amazonaws.com[/stage]`, or the function URL. */
  endpoint: string;
  functionName: string;
  qualifier: string | undefined;
  /** Route keys (`GET /items/{id}`, `$default`); a function URL has none (every path reaches the function). */
  routes: string[];
  payloadFormatVersion: '2.0' | '1.0';
  integrationTimeoutMs: number | null;
  stage: string;
  authType?: 'NONE' | 'AWS_IAM';
  invokeMode?: 'BUFFERED' | 'RESPONSE_STREAM';
  /** REST APIs: the integration's response transfer mode. */
  responseTransferMode?: 'BUFFERED' | 'STREAM';
}

export type GatewayResult<T> = ({ ok: true } & T) | { ok: false; errorType: string; message: string };

export interface HttpExchange {
  request: HttpRequest;
  /** `null` when no API answers at the host (curl: could not resolve host). */
  response: HttpResponse | null;
  outcome: ExchangeOutcome;
  /** What happened and how the other front doors would have answered. */
  explanation: string;
  api: ApiView | null;
  /** The route key the request matched. */
  routeKey: string | null;
  /** The event the function received (null when the request never reached Lambda). */
  event: unknown;
  /** The invocation; still running after an integration timeout. */
  invocation: Invocation | null;
  /** Virtual milliseconds from the request to the response. */
  latencyMs: number;
  /** A function URL in RESPONSE_STREAM mode: the body as it arrived, piece by piece. */
  stream?: ExchangeStream;
}

/** How a RESPONSE_STREAM function URL delivered its body. */
export interface ExchangeStream {
  /** The handler streamed (`awslambda.streamifyResponse`); false: its result was sent whole, as one chunk. */
  streamed: boolean;
  chunks: HttpChunk[];
  /** Virtual ms from the request to the first byte (the status line); null when nothing was sent. */
  firstByteMs: number | null;
  totalMs: number;
  /** The function failed after the status line went out: its error (the client keeps what it received). */
  interruptedBy: string | null;
}

export interface ApiRequestInput {
  /** Default GET. */
  method?: string;
  /** Path and query after the endpoint (`/items/42?color=red`; a REST API's stage is added). Default `/`. */
  path?: string;
  headers?: Record<string, string> | Array<[string, string]>;
  /** Text as is; anything else is sent as JSON (with `content-type: application/json` unless one is given). */
  body?: string | object;
  /** When a function has several front doors: which kind to call. */
  kind?: ApiKind;
  sourceIp?: string;
}

/** What `request` answers: the response as data, and what happened on the way. */
export interface ApiReply {
  /** null when nothing answers at the target (no such API, no front door in front of the function). */
  statusCode: number | null;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  outcome: ExchangeOutcome;
  explanation: string;
  routeKey: string | null;
  /** The event the function received (null when the request never reached Lambda). */
  event: unknown;
  invocation: Invocation | null;
  latencyMs: number;
  exchange: HttpExchange;
}

export interface SendOptions {
  /** The client's address (`requestContext.http.sourceIp`, `X-Forwarded-For`). */
  sourceIp?: string;
  /**
   * A RESPONSE_STREAM function URL (or a REST API's STREAM integration) in front of a streaming handler: each
   * piece of the body when it reaches the client on the virtual clock, before the exchange ends. The exchange's
   * `stream` lists them all again, with the times the runtime measured (the same at 1×, when virtual time follows
   * the running code).
   */
  onChunk?: (chunk: HttpChunk) => void;
}

const DEFAULT_SOURCE_IP = '198.51.100.23';
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function hashText(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = hash32(text.charCodeAt(i), h);
  return h;
}

/** Deterministic ids (`a1b2c3d4e5`): the same API name gives the same id, so URLs survive a reload. */
function makeId(text: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    let h = hashText(`${text}#${i}`, 0x41504947);
    for (let j = 0; j < 6 && out.length < length; j++) {
      out += ID_ALPHABET[h % ID_ALPHABET.length];
      h = Math.floor(h / ID_ALPHABET.length);
    }
  }
  return out;
}

export class ApiGateway {
  private readonly apis = new Map<string, Api>();
  private readonly byHost = new Map<string, Api>();
  private seq = 0;

  constructor(private readonly lambda: GatewayLambda) {}

  // ------------------------------------------------------------------------------------------------ APIs

  createHttpApi(input: HttpApiInput): GatewayResult<{ api: ApiView }> {
    const routes = this.parseRoutes(input.routes, true);
    if (!routes.ok) return routes;
    const timeout = this.timeout('http', input.integrationTimeoutMs);
    if (typeof timeout === 'string') return { ok: false, errorType: 'BadRequestException', message: timeout };
    const id = this.uniqueId(`http:${input.name}`, 10);
    const api: HttpApi = {
      id,
      kind: 'http',
      name: input.name,
      functionName: input.functionName,
      qualifier: input.qualifier,
      host: `${id}.execute-api.${this.lambda.region}.amazonaws.com`,
      payloadFormatVersion: input.payloadFormatVersion ?? '2.0',
      routes: routes.routes,
      integrationTimeoutMs: timeout,
      throttle: input.throttle ?? DEFAULT_THROTTLE,
      bucket: this.bucket(input.throttle ?? DEFAULT_THROTTLE),
    };
    return { ok: true, api: this.add(api) };
  }

  createRestApi(input: RestApiInput): GatewayResult<{ api: ApiView }> {
    const routes = this.parseRoutes(input.routes, false);
    if (!routes.ok) return routes;
    const transferMode = input.responseTransferMode ?? 'BUFFERED';
    const timeout = this.timeout('rest', input.integrationTimeoutMs, transferMode === 'STREAM');
    if (typeof timeout === 'string') return { ok: false, errorType: 'BadRequestException', message: timeout };
    const stage = input.stage ?? 'prod';
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(stage))
      return { ok: false, errorType: 'BadRequestException', message: 'Stage name only allows a-zA-Z0-9_-' };
    const id = this.uniqueId(`rest:${input.name}`, 10);
    const api: RestApi = {
      id,
      kind: 'rest',
      name: input.name,
      functionName: input.functionName,
      qualifier: input.qualifier,
      host: `${id}.execute-api.${this.lambda.region}.amazonaws.com`,
      stage,
      routes: routes.routes,
      integrationTimeoutMs: timeout,
      responseTransferMode: transferMode,
      binaryMediaTypes: input.binaryMediaTypes ?? [],
      throttle: input.throttle ?? DEFAULT_THROTTLE,
      bucket: this.bucket(input.throttle ?? DEFAULT_THROTTLE),
    };
    return { ok: true, api: this.add(api) };
  }

  createFunctionUrl(input: FunctionUrlInput): GatewayResult<{ api: ApiView }> {
    if (input.qualifier !== undefined && /^\d+$/.test(input.qualifier))
      return {
        ok: false,
        errorType: 'InvalidParameterValueException',
        message: 'A function URL can point at $LATEST or an alias, not a version number.',
      };
    const target = `${input.functionName}:${input.qualifier ?? '$LATEST'}`;
    const existing = [...this.apis.values()].find(
      (a) => a.kind === 'url' && `${a.functionName}:${a.qualifier ?? '$LATEST'}` === target,
    );
    if (existing)
      return {
        ok: false,
        errorType: 'ResourceConflictException',
        message: `Failed to create function url config for [functionArn = ${target}]. Error message:  FunctionUrlConfig exists for this Lambda function`,
      };
    const id = this.uniqueId(`url:${target}`, 32);
    const url: FunctionUrl = {
      id,
      kind: 'url',
      name: target,
      functionName: input.functionName,
      qualifier: input.qualifier,
      host: `${id}.lambda-url.${this.lambda.region}.on.aws`,
      authType: input.authType ?? 'NONE',
      invokeMode: input.invokeMode ?? 'BUFFERED',
    };
    return { ok: true, api: this.add(url) };
  }

  delete(id: string): boolean {
    const api = this.apis.get(id);
    if (!api) return false;
    this.apis.delete(id);
    this.byHost.delete(api.host);
    return true;
  }

  list(): ApiView[] {
    return [...this.apis.values()].map((api) => view(api));
  }

  get(id: string): ApiView | undefined {
    const api = this.apis.get(id);
    return api ? view(api) : undefined;
  }

  private add(api: Api): ApiView {
    this.apis.set(api.id, api);
    this.byHost.set(api.host, api);
    return view(api);
  }

  private uniqueId(text: string, length: number): string {
    let id = makeId(text, length);
    for (let n = 2; this.apis.has(id); n++) id = makeId(`${text}#${n}`, length);
    return id;
  }

  private parseRoutes(keys: string[], allowDefault: boolean): GatewayResult<{ routes: Route[] }> {
    const routes: Route[] = [];
    for (const key of keys) {
      if (key.trim() === '') continue;
      const parsed = parseRoute(key, { allowDefault });
      if (!parsed.ok) return { ok: false, errorType: 'BadRequestException', message: parsed.error };
      if (routes.some((r) => r.key === parsed.route.key))
        return {
          ok: false,
          errorType: 'ConflictException',
          message: `Route with key ${parsed.route.key} already exists for this API`,
        };
      routes.push(parsed.route);
    }
    return { ok: true, routes };
  }

  private timeout(kind: 'http' | 'rest', value: number | undefined, streaming = false): number | string {
    const limits = INTEGRATION_TIMEOUT[kind];
    const max = streaming ? STREAM_INTEGRATION_TIMEOUT_MAX_MS : limits.max;
    if (value === undefined) return limits.default;
    if (!Number.isInteger(value) || value < limits.min || value > max)
      return `Timeout should be between ${limits.min} ms and ${max} ms`;
    return value;
  }

  private bucket(throttle: Throttle): Bucket {
    return { tokens: throttle.burstLimit, at: this.lambda.clock.now() };
  }

  // ------------------------------------------------------------------------------------------------ requests

  /**
   * One request to an API or function URL named by its id, or by the function behind it (the one created last,
   * or the last of `kind`), with the path relative to its endpoint (a REST API's stage is added). The small
   * entry point for lab checks and scripts: `await gateway.request('my-function', { method: 'POST', path:
   * '/items', body: { name: 'widget' } })` → `{ statusCode, headers, body, json, outcome, event, … }`.
   */
  async request(target: string, input: ApiRequestInput = {}): Promise<ApiReply> {
    const api = this.resolve(target, input.kind);
    const path = input.path ?? '/';
    const url = api
      ? `https://${api.host}${api.kind === 'rest' ? `/${api.stage}` : ''}${path.startsWith('/') ? path : `/${path}`}`
      : `https://${target}${path}`;
    const headers: Array<[string, string]> = Array.isArray(input.headers)
      ? input.headers.map(([name, value]) => [name, value] as [string, string])
      : Object.entries(input.headers ?? {});
    let body = '';
    if (typeof input.body === 'string') body = input.body;
    else if (input.body !== undefined) {
      body = JSON.stringify(input.body);
      if (headerValue(headers, 'content-type') === undefined)
        headers.push(['content-type', 'application/json']);
    }
    const exchange = await this.send(
      { method: (input.method ?? 'GET').toUpperCase(), url, headers, body },
      input.sourceIp !== undefined ? { sourceIp: input.sourceIp } : {},
    );
    return reply(exchange);
  }

  /** The API or function URL an id names, or the newest one in front of a function (of `kind`, when given). */
  private resolve(target: string, kind: ApiKind | undefined): Api | undefined {
    const byId = this.apis.get(target);
    if (byId && (kind === undefined || byId.kind === kind)) return byId;
    let found: Api | undefined;
    for (const api of this.apis.values())
      if (api.functionName === target && (kind === undefined || api.kind === kind)) found = api;
    return found;
  }

  /** One HTTP request, answered when the function (or the gateway) answers. */
  send(request: HttpRequest, options: SendOptions = {}): Promise<HttpExchange> {
    const started = this.lambda.clock.now();
    const parsed = parseUrl(request.url);
    const api = parsed ? this.byHost.get(parsed.host) : undefined;
    const done = (partial: Omit<HttpExchange, 'request' | 'latencyMs'>): HttpExchange => ({
      request,
      latencyMs: this.lambda.clock.now() - started,
      ...partial,
    });
    if (!parsed || !api) {
      const host = parsed?.host ?? request.url;
      return Promise.resolve(
        done({
          response: null,
          outcome: 'unknownHost',
          explanation: explainOutcome('http', 'unknownHost', host),
          api: null,
          routeKey: null,
          event: null,
          invocation: null,
        }),
      );
    }
    const seq = ++this.seq;
    const epochMs = this.lambda.epochMs + Math.floor(started);
    const ids: EventIds = {
      accountId: this.lambda.accountId,
      apiId: api.id,
      requestId: api.kind === 'rest' ? uuidLike(seq, api.id) : apigwId(seq, api.id),
      extendedRequestId: apigwId(seq, api.id),
      epochMs,
    };
    const traceId = `Root=1-${Math.floor(epochMs / 1000)
      .toString(16)
      .padStart(8, '0')}-${hex24(seq, api.id)}`;
    const answer = (
      outcome: Exclude<ExchangeOutcome, 'ok' | 'unknownHost' | 'streamInterrupted'>,
      detail: string,
      extra: Partial<HttpExchange> = {},
      lambdaPayload?: string,
    ): HttpExchange => {
      const g = gatewayAnswer(api.kind, outcome, lambdaPayload);
      const headers: Array<[string, string]> = g.contentType ? [['content-type', g.contentType]] : [];
      if (g.errorType) headers.push(['x-amzn-ErrorType', g.errorType]);
      return done({
        response: this.finishResponse(
          api,
          g.statusCode,
          headers,
          utf8(g.body),
          ids,
          traceId,
          extra.invocation ?? null,
        ),
        outcome,
        explanation: explainOutcome(api.kind, outcome, detail),
        api: view(api),
        routeKey: null,
        event: null,
        invocation: null,
        ...extra,
      });
    };

    // REST: the stage is the first path segment.
    let rawPath = parsed.rawPath;
    if (api.kind === 'rest') {
      const prefix = `/${api.stage}`;
      if (rawPath !== prefix && !rawPath.startsWith(`${prefix}/`))
        return Promise.resolve(answer('noStage', `/${api.stage}/…`));
      rawPath = rawPath.slice(prefix.length) || '/';
    }
    if (api.kind !== 'url' && !this.take(api)) {
      return Promise.resolve(
        answer(
          'apiThrottled',
          `rate ${api.throttle.rateLimit} requests per second, burst ${api.throttle.burstLimit}`,
        ),
      );
    }
    const method = request.method.toUpperCase();
    let routeKey = DEFAULT_ROUTE;
    let pathParameters: Record<string, string> = {};
    let resource = rawPath;
    if (api.kind !== 'url') {
      const match = matchRoute(api.routes, method, rawPath);
      if (!match) return Promise.resolve(answer('noRoute', `${method} ${rawPath}`));
      routeKey = match.route.key;
      pathParameters = match.pathParameters;
      resource = match.route.path ?? DEFAULT_ROUTE;
    }
    const authorization = headerValue(request.headers, 'authorization');
    if (api.kind === 'url' && api.authType === 'AWS_IAM' && !authorization?.startsWith('AWS4-HMAC-SHA256 '))
      return Promise.resolve(answer('forbidden', ''));

    const gatewayRequest = withGatewayHeaders(
      api,
      method,
      parsed.host,
      rawPath,
      parsed.rawQueryString,
      request,
      options.sourceIp ?? DEFAULT_SOURCE_IP,
      traceId,
    );
    const event = this.event(api, gatewayRequest, ids, routeKey, resource, pathParameters, authorization);

    return new Promise<HttpExchange>((resolve) => {
      let settled = false;
      let timer = 0;
      const settle = (exchange: HttpExchange) => {
        if (settled) return;
        settled = true;
        if (timer) this.lambda.clock.cancel(timer);
        resolve(exchange);
      };
      const base = { routeKey: api.kind === 'url' ? null : routeKey, event };
      const onEnd = (inv: Invocation) => {
        const response = inv.response;
        if (!response) return settle(answer('invokeRejected', 'no response', { ...base, invocation: inv }));
        if (response.statusCode === 429 && inv.throttle)
          return settle(
            answer(
              'throttled',
              `429 TooManyRequestsException, ${inv.throttle.reason}`,
              { ...base, invocation: inv },
              response.payload,
            ),
          );
        if (response.statusCode !== 200)
          return settle(
            answer('invokeRejected', `${response.statusCode} ${inv.error?.errorType ?? 'error'}`, {
              ...base,
              invocation: inv,
            }),
          );
        if (streamsResponse(api) && api.kind === 'rest' && !response.stream && !response.functionError)
          // The handler answered buffered (no streamifyResponse, or Python): there is no metadata prelude.
          return settle(
            answer(
              'malformed',
              'a STREAM integration needs the metadata JSON and its 8 null bytes first (awslambda.HttpResponseStream.from); this handler returned its result buffered',
              { ...base, invocation: inv },
            ),
          );
        if (streamsResponse(api) && response.stream) {
          const read = readFor(api, response.stream);
          const failure = response.functionError
            ? inv.error
              ? `${inv.error.errorType}: ${inv.error.errorMessage}`
              : 'Unhandled'
            : null;
          // Before the status line went out an error is the usual 502; after it the status cannot change.
          if (!read.ok || read.firstByteMs === null) {
            if (failure) return settle(answer('functionError', failure, { ...base, invocation: inv }));
            if (!read.ok) return settle(answer('malformed', read.reason, { ...base, invocation: inv }));
          }
          if (read.ok) {
            const stream: ExchangeStream = {
              streamed: true,
              chunks: read.chunks,
              firstByteMs: read.firstByteMs,
              totalMs: read.totalMs,
              interruptedBy: failure,
            };
            return settle(
              done({
                response: this.finishResponse(
                  api,
                  read.statusCode,
                  read.headers,
                  read.body,
                  ids,
                  traceId,
                  inv,
                  true,
                ),
                outcome: failure ? 'streamInterrupted' : 'ok',
                explanation: explainOutcome(
                  api.kind,
                  failure ? 'streamInterrupted' : 'ok',
                  failure ?? streamedDetail(read.chunks.length, read.firstByteMs, read.totalMs),
                ),
                api: view(api),
                ...base,
                invocation: inv,
                stream,
              }),
            );
          }
        }
        if (response.functionError) {
          const error = inv.error ? `${inv.error.errorType}: ${inv.error.errorMessage}` : 'Unhandled';
          return settle(answer('functionError', error, { ...base, invocation: inv }));
        }
        // Every other front door invokes with Invoke: a streamed response is buffered and held to 6 MB.
        const oversized = response.stream ? bufferedStreamError(response.stream) : null;
        if (oversized)
          return settle(
            answer('functionError', `${oversized.errorType}: ${oversized.errorMessage}`, {
              ...base,
              invocation: inv,
            }),
          );
        const mapped = this.map(api, response.payload);
        if (!mapped.ok) return settle(answer('malformed', mapped.reason, { ...base, invocation: inv }));
        const whole = api.kind === 'url' && streamsResponse(api);
        const latency = this.lambda.clock.now() - started;
        settle(
          done({
            response: this.finishResponse(
              api,
              mapped.statusCode,
              mapped.headers,
              mapped.body,
              ids,
              traceId,
              inv,
            ),
            outcome: 'ok',
            explanation: explainOutcome(
              api.kind,
              'ok',
              whole
                ? 'the handler does not stream (no awslambda.streamifyResponse; Python cannot): Lambda sent its result whole, as one chunk'
                : '',
            ),
            api: view(api),
            ...base,
            invocation: inv,
            ...(whole
              ? {
                  stream: {
                    streamed: false,
                    chunks: mapped.body.byteLength > 0 ? [{ offsetMs: latency, bytes: mapped.body }] : [],
                    firstByteMs: latency,
                    totalMs: latency,
                    interruptedBy: null,
                  },
                }
              : {}),
          }),
        );
      };
      let invocation: Invocation | null = null;
      /** What a streaming front door has received so far (a STREAM REST API cut off by its timeout keeps it). */
      const received: DeliveredChunk[] = [];
      let receivedType = '';
      if (api.kind !== 'url') {
        timer = this.lambda.clock.schedule(api.integrationTimeoutMs, () => {
          timer = 0;
          const partial =
            received.length > 0
              ? readFor(api, {
                  contentType: receivedType,
                  chunks: received,
                  firstByteMs: received[0]!.offsetMs,
                  totalMs: this.lambda.clock.now() - (invocation?.receivedAt ?? started),
                  bytes: received.reduce((total, chunk) => total + chunk.bytes.byteLength, 0),
                })
              : null;
          if (partial?.ok && partial.firstByteMs !== null) {
            // The status line already went out: the connection just closes, the client keeps what came.
            const reason = `the integration timeout of ${(api.integrationTimeoutMs / 1000).toFixed(api.integrationTimeoutMs % 1000 ? 3 : 0)} s passed mid-stream`;
            return settle(
              done({
                response: this.finishResponse(
                  api,
                  partial.statusCode,
                  partial.headers,
                  partial.body,
                  ids,
                  traceId,
                  invocation,
                  true,
                ),
                outcome: 'streamInterrupted',
                explanation: explainOutcome(api.kind, 'streamInterrupted', reason),
                api: view(api),
                ...base,
                invocation,
                stream: {
                  streamed: true,
                  chunks: partial.chunks,
                  firstByteMs: partial.firstByteMs,
                  totalMs: partial.totalMs,
                  interruptedBy: reason,
                },
              }),
            );
          }
          settle(
            answer(
              'timeout',
              `${(api.integrationTimeoutMs / 1000).toFixed(api.integrationTimeoutMs % 1000 ? 3 : 0)} s`,
              { ...base, invocation },
            ),
          );
        });
      }
      const onChunk = options.onChunk;
      const watch = streamsResponse(api);
      const live = watch && onChunk ? new LiveBodyReader() : null;
      invocation = this.lambda.invoke(api.functionName, {
        payload: event,
        ...(api.qualifier ? { qualifier: api.qualifier } : {}),
        onEnd,
        ...(watch
          ? {
              onStream: (_inv: Invocation, chunk: DeliveredChunk, contentType: string) => {
                if (settled) return;
                received.push(chunk);
                receivedType = contentType;
                if (!live || !onChunk) return;
                // A REST STREAM integration reads every stream for the prelude, whatever its content type.
                const body = live.push(
                  { offsetMs: chunk.offsetMs, bytes: chunk.bytes },
                  api.kind === 'rest' ? HTTP_INTEGRATION_CONTENT_TYPE : contentType,
                );
                if (body) onChunk(body);
              },
            }
          : {}),
        // A function URL's requestContext.requestId is the invocation's own request id.
        ...(api.kind === 'url'
          ? {
              onCreated: (inv: Invocation) =>
                ((event as { requestContext: { requestId: string } }).requestContext.requestId =
                  inv.requestId),
            }
          : {}),
      });
    });
  }

  private take(api: HttpApi | RestApi): boolean {
    const now = this.lambda.clock.now();
    const bucket = api.bucket;
    bucket.tokens = Math.min(
      api.throttle.burstLimit,
      bucket.tokens + ((now - bucket.at) * api.throttle.rateLimit) / 1000,
    );
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private event(
    api: Api,
    request: GatewayRequest,
    ids: EventIds,
    routeKey: string,
    resource: string,
    pathParameters: Record<string, string>,
    authorization: string | undefined,
  ): unknown {
    if (api.kind === 'url')
      return buildEventV2({
        request,
        ids,
        routeKey: DEFAULT_ROUTE,
        stage: DEFAULT_ROUTE,
        pathParameters: {},
        domainName: api.host,
        ...(api.authType === 'AWS_IAM'
          ? { authorizer: iamAuthorizer(authorization, this.lambda.accountId) }
          : {}),
      });
    if (api.kind === 'http' && api.payloadFormatVersion === '2.0')
      return buildEventV2({
        request,
        ids,
        routeKey,
        stage: DEFAULT_ROUTE,
        pathParameters,
        domainName: api.host,
      });
    return buildEventV1({
      request,
      ids,
      resource,
      stage: api.kind === 'rest' ? api.stage : DEFAULT_ROUTE,
      pathParameters,
      domainName: api.host,
      resourceId: api.kind === 'rest' ? makeId(`${api.id}${resource}`, 6) : routeKey,
      ...(api.kind === 'http' ? { httpApi: { routeKey } } : { binaryMediaTypes: api.binaryMediaTypes }),
    });
  }

  private map(api: Api, payload: string): Mapped {
    if (api.kind === 'url') {
      if (api.invokeMode === 'RESPONSE_STREAM')
        // A handler that does not stream (not wrapped in streamifyResponse, or a runtime without streaming) is
        // streamed as it was returned: the client receives the JSON text itself, status 200.
        return { ok: true, statusCode: 200, headers: [], body: utf8(payload) };
      return mapResultV2(payload, 'url');
    }
    if (api.kind === 'http') {
      return api.payloadFormatVersion === '2.0'
        ? mapResultV2(payload, 'http')
        : mapResultV1(payload, () => true);
    }
    return mapResultV1(payload, (headers) =>
      matchesMediaType(headerValue(headers, 'content-type'), api.binaryMediaTypes),
    );
  }

  /** Date, content type and length and the gateway's id headers around what the function or gateway wrote. */
  private finishResponse(
    api: Api,
    statusCode: number,
    headers: Array<[string, string]>,
    body: Uint8Array,
    ids: EventIds,
    traceId: string,
    inv: Invocation | null,
    chunked = false,
  ): HttpResponse {
    const out: Array<[string, string]> = [
      ['date', httpDate(this.lambda.epochMs + Math.floor(this.lambda.clock.now()))],
    ];
    const own = headers.filter(([name]) => !/^(content-length|date)$/i.test(name));
    // A REST API says application/json when the function names no content type.
    if (api.kind === 'rest' && headerValue(own, 'content-type') === undefined)
      out.push(['content-type', 'application/json']);
    out.push(...own.filter(([name]) => /^content-type$/i.test(name)));
    // A streamed response's size is not known when its status line goes out.
    if (chunked) out.push(['transfer-encoding', 'chunked']);
    else out.push(['content-length', String(body.byteLength)]);
    out.push(...own.filter(([name]) => !/^content-type$/i.test(name)));
    if (api.kind === 'http') out.push(['apigw-requestid', ids.requestId]);
    else if (api.kind === 'rest') {
      out.push(
        ['x-amzn-RequestId', ids.requestId],
        ['x-amz-apigw-id', ids.extendedRequestId],
        ['X-Amzn-Trace-Id', traceId],
      );
    } else {
      if (inv) out.push(['x-amzn-RequestId', inv.requestId]);
      out.push(['X-Amzn-Trace-Id', traceId]);
    }
    return { statusCode, headers: out, body };
  }
}

function streamedDetail(chunks: number, firstByteMs: number | null, totalMs: number): string {
  const first = firstByteMs === null ? 'no byte' : `first byte after ${formatMs(firstByteMs)}`;
  return `streamed in ${chunks} chunk${chunks === 1 ? '' : 's'}: ${first}, the last after ${formatMs(totalMs)}`;
}

function formatMs(ms: number): string {
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

function view(api: Api): ApiView {
  const base = {
    id: api.id,
    kind: api.kind,
    name: api.name,
    functionName: api.functionName,
    qualifier: api.qualifier,
  };
  if (api.kind === 'url')
    return {
      ...base,
      endpoint: `https://${api.host}/`,
      routes: [],
      payloadFormatVersion: '2.0',
      integrationTimeoutMs: null,
      stage: DEFAULT_ROUTE,
      authType: api.authType,
      invokeMode: api.invokeMode,
    };
  return {
    ...base,
    endpoint: api.kind === 'rest' ? `https://${api.host}/${api.stage}` : `https://${api.host}`,
    routes: api.routes.map((r) => r.key),
    payloadFormatVersion: api.kind === 'http' ? api.payloadFormatVersion : '1.0',
    integrationTimeoutMs: api.integrationTimeoutMs,
    stage: api.kind === 'rest' ? api.stage : DEFAULT_ROUTE,
    ...(api.kind === 'rest' ? { responseTransferMode: api.responseTransferMode } : {}),
  };
}

/**
 * The front doors that read a stream: a RESPONSE_STREAM function URL, and a REST API's STREAM integration (which
 * always expects the metadata prelude, whatever content type the stream says).
 */
function streamsResponse(api: Api): boolean {
  return (
    (api.kind === 'url' && api.invokeMode === 'RESPONSE_STREAM') ||
    (api.kind === 'rest' && api.responseTransferMode === 'STREAM')
  );
}

/** A delivered stream as the front door reads it (a REST STREAM integration parses every stream for the prelude). */
function readFor(api: Api, delivery: StreamDelivery): StreamedHttpResponse {
  if (api.kind === 'rest')
    return readStreamedResponse(
      { ...delivery, contentType: HTTP_INTEGRATION_CONTENT_TYPE },
      { multiValueHeaders: true },
    );
  return readStreamedResponse(delivery);
}

/** API Gateway adds Host, X-Forwarded-* and X-Amzn-Trace-Id (function URLs add their TLS headers too). */
function withGatewayHeaders(
  api: Api,
  method: string,
  host: string,
  rawPath: string,
  rawQueryString: string,
  request: HttpRequest,
  sourceIp: string,
  traceId: string,
): GatewayRequest {
  const headers: Array<[string, string]> = request.headers.filter(
    ([name]) => !/^(x-forwarded-for|x-amzn-trace-id)$/i.test(name),
  );
  const rest = api.kind === 'rest';
  const add = (name: string, value: string) => {
    if (headerValue(headers, name) === undefined) headers.push([rest ? name : name.toLowerCase(), value]);
  };
  add('Host', host);
  if (request.body !== '' && !rest) add('content-length', String(utf8(request.body).byteLength));
  if (api.kind === 'url') {
    add('x-amzn-tls-cipher-suite', 'TLS_AES_128_GCM_SHA256');
    add('x-amzn-tls-version', 'TLSv1.3');
  }
  add('X-Amzn-Trace-Id', traceId);
  add('X-Forwarded-For', sourceIp);
  add('X-Forwarded-Port', '443');
  add('X-Forwarded-Proto', 'https');
  return { method, host, rawPath, rawQueryString, headers, body: request.body, sourceIp };
}

/** The caller an AWS_IAM function URL reports (the account does not check signatures: any SigV4 header is the learner). */
function iamAuthorizer(authorization: string | undefined, accountId: string) {
  const accessKey = /Credential=([A-Z0-9]+)\//.exec(authorization ?? '')?.[1] ?? 'AKIACOLDSTARTLEARNER';
  return {
    iam: {
      accessKey,
      accountId,
      callerId: 'AIDACOLDSTARTLEARNER',
      cognitoIdentity: null,
      principalOrgId: null as unknown as string,
      userArn: `arn:aws:iam::${accountId}:user/learner`,
      userId: 'AIDACOLDSTARTLEARNER',
    },
  };
}

function hex24(seq: number, salt: string): string {
  const seed = hashText(salt, 7);
  return [hash32(seq, seed), hash32(seq, seed ^ 0x9e37), hash32(seq, seed ^ 0x79b9)]
    .map((n) => n.toString(16).padStart(8, '0'))
    .join('');
}

/** API Gateway's own request ids look like `JKJaXmPLvHcESHA=`. */
function apigwId(seq: number, salt: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  let h = hash32(seq, hashText(salt, 3));
  for (let i = 0; i < 15; i++) {
    if (i % 5 === 0) h = hash32(seq + i, h);
    out += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length);
  }
  return `${out}=`;
}

function uuidLike(seq: number, salt: string): string {
  const h = hex24(seq, `${salt}:uuid`) + hash32(seq, 11).toString(16).padStart(8, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function reply(exchange: HttpExchange): ApiReply {
  const response = exchange.response;
  const headers: Record<string, string> = {};
  for (const [name, value] of response?.headers ?? []) {
    const key = name.toLowerCase();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
  }
  const body = response ? bodyText(response.body) : '';
  let json: unknown;
  try {
    json = body === '' ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  return {
    statusCode: response?.statusCode ?? null,
    headers,
    body,
    json,
    outcome: exchange.outcome,
    explanation: exchange.explanation,
    routeKey: exchange.routeKey,
    event: exchange.event,
    invocation: exchange.invocation,
    latencyMs: exchange.latencyMs,
    exchange,
  };
}
