/**
 * The events API Gateway and function URLs send to a function, in the shapes `@types/aws-lambda` describes:
 *
 * - payload format 2.0 (`APIGatewayProxyEventV2`): HTTP APIs and function URLs ("Working with AWS Lambda proxy
 *   integrations for HTTP APIs"; "Invoking Lambda function URLs"). Header names lower-cased, repeated headers and
 *   query parameters joined with commas, cookies moved out of the headers into `cookies`, absent fields left out.
 * - payload format 1.0 (`APIGatewayProxyEvent`): REST API proxy integrations ("Set up Lambda proxy integrations
 *   in API Gateway") and HTTP APIs configured for 1.0. Header names as sent, single values (the last one wins) in
 *   `headers` and every value in `multiValueHeaders`, absent fields `null`.
 */
import type {
  APIGatewayEventIdentity,
  APIGatewayEventRequestContextIAMAuthorizer,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
} from 'aws-lambda';
import { base64Encode, clfTime, headerValue, isTextContentType, parseQuery, utf8 } from './http';

/** The request as API Gateway has it after adding its own headers (Host, X-Forwarded-*, X-Amzn-Trace-Id). */
export interface GatewayRequest {
  method: string;
  host: string;
  rawPath: string;
  rawQueryString: string;
  headers: Array<[string, string]>;
  body: string;
  sourceIp: string;
}

export interface EventIds {
  accountId: string;
  /** API id (or a function URL's url id). */
  apiId: string;
  requestId: string;
  /** REST and 1.0 events: API Gateway's own id (`x-amz-apigw-id`). */
  extendedRequestId: string;
  epochMs: number;
}

/** Format 2.0 with an IAM authorizer (a function URL whose auth type is AWS_IAM). */
export type EventV2 = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: APIGatewayEventRequestContextIAMAuthorizer;
  };
};

/** Format 1.0 as an HTTP API sends it: the REST shape plus `version`. */
export type EventV1 = APIGatewayProxyEvent & { version?: '1.0' };

/**
 * Text arrives as it was sent; a binary body arrives base64-encoded. HTTP APIs and function URLs decide by the
 * content type; a REST API only for the binary media types it is configured with (none by default).
 */
function body(
  request: GatewayRequest,
  binaryMediaTypes?: readonly string[],
): { body: string; isBase64Encoded: boolean } | null {
  if (request.body === '') return null;
  const contentType = headerValue(request.headers, 'content-type');
  const binary = binaryMediaTypes
    ? matchesMediaType(contentType, binaryMediaTypes)
    : !isTextContentType(contentType);
  if (!binary) return { body: request.body, isBase64Encoded: false };
  return { body: base64Encode(utf8(request.body)), isBase64Encoded: true };
}

/** `image/png` against `image/*`, `*\/*` or itself. */
export function matchesMediaType(contentType: string | undefined, types: readonly string[]): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return types.some((t) => {
    const want = t.trim().toLowerCase();
    return want === '*/*' || want === type || (want.endsWith('/*') && type.startsWith(want.slice(0, -1)));
  });
}

function joined(pairs: ReadonlyArray<[string, string]>, lowerCase: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of pairs) {
    const name = lowerCase ? rawName.toLowerCase() : rawName;
    out[name] = out[name] === undefined ? value : `${out[name]},${value}`;
  }
  return out;
}

export interface V2Input {
  request: GatewayRequest;
  ids: EventIds;
  /** `$default`, or the matched route key. */
  routeKey: string;
  /** `$default` for HTTP APIs' default stage and for function URLs. */
  stage: string;
  pathParameters: Record<string, string>;
  domainName: string;
  authorizer?: APIGatewayEventRequestContextIAMAuthorizer;
}

export function buildEventV2(input: V2Input): EventV2 {
  const { request, ids } = input;
  const cookies: string[] = [];
  const plain: Array<[string, string]> = [];
  for (const [name, value] of input.request.headers) {
    if (name.toLowerCase() === 'cookie') {
      for (const cookie of value.split(';')) if (cookie.trim() !== '') cookies.push(cookie.trim());
    } else plain.push([name, value]);
  }
  const query = parseQuery(request.rawQueryString);
  const payload = body(request);
  const event: EventV2 = {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers: joined(plain, true),
    ...(query.length > 0 ? { queryStringParameters: joined(query, false) } : {}),
    requestContext: {
      accountId: ids.accountId,
      apiId: ids.apiId,
      ...(input.authorizer ? { authorizer: input.authorizer } : {}),
      domainName: input.domainName,
      domainPrefix: input.domainName.split('.')[0]!,
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headerValue(request.headers, 'user-agent') ?? '',
      },
      requestId: ids.requestId,
      routeKey: input.routeKey,
      stage: input.stage,
      time: clfTime(ids.epochMs),
      timeEpoch: ids.epochMs,
    },
    ...(payload ? { body: payload.body } : {}),
    ...(Object.keys(input.pathParameters).length > 0 ? { pathParameters: { ...input.pathParameters } } : {}),
    isBase64Encoded: payload?.isBase64Encoded ?? false,
  };
  return event;
}

export interface V1Input {
  request: GatewayRequest;
  ids: EventIds;
  /** REST: the resource path (`/items/{id}`); HTTP API 1.0: the route's path, or `$default`. */
  resource: string;
  /** REST: the stage name; HTTP API: `$default`. */
  stage: string;
  pathParameters: Record<string, string>;
  domainName: string;
  /** REST: the resource's id; HTTP API 1.0: the route key. */
  resourceId: string;
  /** HTTP API 1.0 events carry `version` and `routeKey`. */
  httpApi?: { routeKey: string };
  /** REST: the API's binary media types. */
  binaryMediaTypes?: readonly string[];
}

function identity(request: GatewayRequest): APIGatewayEventIdentity {
  return {
    accessKey: null,
    accountId: null,
    apiKey: null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: request.sourceIp,
    user: null,
    userAgent: headerValue(request.headers, 'user-agent') ?? null,
    userArn: null,
  };
}

export function buildEventV1(input: V1Input): EventV1 {
  const { request, ids } = input;
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query = parseQuery(request.rawQueryString);
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of query) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  const payload = body(request, input.httpApi ? undefined : (input.binaryMediaTypes ?? []));
  // REST stages are part of the URL (`/prod/items`); an HTTP API's default stage is not.
  const fullPath = input.stage === '$default' ? request.rawPath : `/${input.stage}${request.rawPath}`;
  const event: EventV1 = {
    ...(input.httpApi ? { version: '1.0' as const } : {}),
    resource: input.resource,
    path: request.rawPath,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query.length > 0 ? single : null,
    multiValueQueryStringParameters: query.length > 0 ? multi : null,
    requestContext: {
      accountId: ids.accountId,
      apiId: ids.apiId,
      authorizer: undefined,
      domainName: input.domainName,
      domainPrefix: input.domainName.split('.')[0]!,
      extendedRequestId: ids.extendedRequestId,
      httpMethod: request.method,
      identity: identity(request),
      path: fullPath,
      protocol: 'HTTP/1.1',
      requestId: ids.requestId,
      requestTime: clfTime(ids.epochMs),
      requestTimeEpoch: ids.epochMs,
      resourceId: input.resourceId,
      resourcePath: input.resource,
      ...(input.httpApi ? { routeKey: input.httpApi.routeKey } : {}),
      stage: input.stage,
    },
    pathParameters: Object.keys(input.pathParameters).length > 0 ? { ...input.pathParameters } : null,
    stageVariables: null,
    body: payload?.body ?? null,
    isBase64Encoded: payload?.isBase64Encoded ?? false,
  };
  return event;
}
