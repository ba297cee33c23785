/**
 * Event shapes against `@types/aws-lambda` (8.10.164): every field the package declares required is present,
 * and no field appears that it does not declare — read from the package's own .d.ts files, so a mismatch fails
 * here rather than in a learner's typed handler. Values are checked against the AWS guides' examples.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildEventV1, buildEventV2, type GatewayRequest } from './events';

const typesDir = path.resolve(import.meta.dirname, '../../../node_modules/@types/aws-lambda');
const declarations = [
  fs.readFileSync(path.join(typesDir, 'trigger/api-gateway-proxy.d.ts'), 'utf8'),
  fs.readFileSync(path.join(typesDir, 'common/api-gateway.d.ts'), 'utf8'),
].join('\n');

/** Property names of an interface in the declarations: name → optional. */
function fieldsOf(name: string): Map<string, boolean> {
  const start = declarations.search(new RegExp(`export interface ${name}(<[^>]*>)?( extends [^{]+)? \\{`));
  if (start < 0) throw new Error(`interface ${name} not found in @types/aws-lambda`);
  const open = declarations.indexOf('{', start);
  let depth = 0;
  let end = open;
  for (; end < declarations.length; end++) {
    if (declarations[end] === '{') depth++;
    else if (declarations[end] === '}' && --depth === 0) break;
  }
  const out = new Map<string, boolean>();
  let level = 0;
  for (const line of declarations.slice(open + 1, end).split('\n')) {
    const field = /^\s*([A-Za-z][A-Za-z0-9]*)(\?)?:/.exec(line);
    if (level === 0 && field) out.set(field[1]!, field[2] === '?');
    level += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
  }
  const parent = /extends (\w+)/.exec(declarations.slice(start, open))?.[1];
  if (parent) for (const [k, v] of fieldsOf(parent)) if (!out.has(k)) out.set(k, v);
  return out;
}

function expectShape(
  value: object,
  interfaceName: string,
  extra: string[] = [],
  mayBeAbsent: string[] = [],
): void {
  const fields = fieldsOf(interfaceName);
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  const unknown = keys.filter((k) => !fields.has(k) && !extra.includes(k));
  expect(unknown, `${interfaceName}: fields @types/aws-lambda does not declare`).toEqual([]);
  const missing = [...fields]
    .filter(([k, optional]) => !optional && !keys.includes(k) && !mayBeAbsent.includes(k))
    .map(([k]) => k);
  expect(missing, `${interfaceName}: required fields missing`).toEqual([]);
}

const request: GatewayRequest = {
  method: 'POST',
  host: 'abc1234567.execute-api.us-east-1.amazonaws.com',
  rawPath: '/orders/42',
  rawQueryString: 'tag=a&tag=b&q=red%20shoes',
  headers: [
    ['Content-Type', 'application/json'],
    ['Cookie', 'session=1; theme=dark'],
    ['X-Trace', 'one'],
    ['x-trace', 'two'],
    ['User-Agent', 'curl/8.5.0'],
  ],
  body: '{"qty":2}',
  sourceIp: '198.51.100.23',
};

const ids = {
  accountId: '123456789012',
  apiId: 'abc1234567',
  requestId: 'JKJaXmPLvHcESHA=',
  extendedRequestId: 'JKJaXmPLvHcESHA=',
  epochMs: Date.UTC(2026, 11, 1, 19, 3, 58, 390),
};

describe('format 2.0 (HTTP API, function URL)', () => {
  const event: APIGatewayProxyEventV2 = buildEventV2({
    request,
    ids,
    routeKey: 'POST /orders/{id}',
    stage: '$default',
    pathParameters: { id: '42' },
    domainName: request.host,
  });

  it('has exactly the fields APIGatewayProxyEventV2 declares', () => {
    expectShape(event, 'APIGatewayProxyEventV2WithRequestContext');
    expectShape(event.requestContext, 'APIGatewayEventRequestContextV2');
    expect(Object.keys(event.requestContext.http).sort()).toEqual([
      'method',
      'path',
      'protocol',
      'sourceIp',
      'userAgent',
    ]);
  });

  it('lower-cases header names, joins repeats with commas and moves cookies into cookies', () => {
    expect(event.headers).toEqual({
      'content-type': 'application/json',
      'x-trace': 'one,two',
      'user-agent': 'curl/8.5.0',
    });
    expect(event.cookies).toEqual(['session=1', 'theme=dark']);
    expect(event.queryStringParameters).toEqual({ tag: 'a,b', q: 'red shoes' });
    expect(event.rawQueryString).toBe('tag=a&tag=b&q=red%20shoes');
  });

  it('time as the guide writes it; absent parts are left out, not null', () => {
    expect(event.requestContext.time).toBe('01/Dec/2026:19:03:58 +0000');
    expect(event.requestContext.timeEpoch).toBe(ids.epochMs);
    const bare = buildEventV2({
      request: { ...request, headers: [], rawQueryString: '', body: '' },
      ids,
      routeKey: '$default',
      stage: '$default',
      pathParameters: {},
      domainName: request.host,
    });
    for (const key of ['cookies', 'queryStringParameters', 'body', 'pathParameters', 'stageVariables'])
      expect(bare).not.toHaveProperty(key);
    expect(bare.isBase64Encoded).toBe(false);
  });

  it('a binary content type arrives base64-encoded', () => {
    const binary = buildEventV2({
      request: { ...request, headers: [['content-type', 'application/octet-stream']], body: 'raw' },
      ids,
      routeKey: '$default',
      stage: '$default',
      pathParameters: {},
      domainName: request.host,
    });
    expect(binary).toMatchObject({ body: Buffer.from('raw').toString('base64'), isBase64Encoded: true });
  });

  it('a function URL with AWS_IAM carries requestContext.authorizer.iam as the IAM authorizer type declares', () => {
    const withIam = buildEventV2({
      request,
      ids,
      routeKey: '$default',
      stage: '$default',
      pathParameters: {},
      domainName: 'x.lambda-url.us-east-1.on.aws',
      authorizer: {
        iam: {
          accessKey: 'AKIA',
          accountId: '123456789012',
          callerId: 'AIDA',
          cognitoIdentity: null,
          principalOrgId: 'o-1',
          userArn: 'arn:aws:iam::123456789012:user/learner',
          userId: 'AIDA',
        },
      },
    });
    expectShape(withIam.requestContext, 'APIGatewayEventRequestContextV2', ['authorizer']);
    expectShape(withIam.requestContext.authorizer!, 'APIGatewayEventRequestContextIAMAuthorizer');
    // The fields "Invoking Lambda function URLs" lists for an IAM caller.
    expect(Object.keys(withIam.requestContext.authorizer!.iam).sort()).toEqual([
      'accessKey',
      'accountId',
      'callerId',
      'cognitoIdentity',
      'principalOrgId',
      'userArn',
      'userId',
    ]);
    expect(withIam.requestContext.domainPrefix).toBe('x');
  });
});

describe('format 1.0 (REST proxy, HTTP API on 1.0)', () => {
  const event: APIGatewayProxyEvent = buildEventV1({
    request,
    ids: { ...ids, requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' },
    resource: '/orders/{id}',
    stage: 'prod',
    pathParameters: { id: '42' },
    domainName: request.host,
    resourceId: 'r1b2c3',
  });

  it('has exactly the fields APIGatewayProxyEvent declares', () => {
    expectShape(event, 'APIGatewayProxyEventBase');
    // The package notes that `authorizer` is absent from proxy events without an authorizer (typed as undefined).
    expectShape(event.requestContext, 'APIGatewayEventRequestContextWithAuthorizer', [], ['authorizer']);
    expectShape(event.requestContext.identity, 'APIGatewayEventIdentity');
  });

  it('keeps header names as sent: the last value in headers, all of them in multiValueHeaders', () => {
    expect(event.headers['X-Trace']).toBe('one');
    expect(event.headers['x-trace']).toBe('two');
    expect(event.multiValueHeaders['Cookie']).toEqual(['session=1; theme=dark']);
    expect(event.queryStringParameters).toEqual({ tag: 'b', q: 'red shoes' });
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'], q: ['red shoes'] });
  });

  it('the stage shows in requestContext.path, not in path; absent parts are null', () => {
    expect(event.path).toBe('/orders/42');
    expect(event.requestContext.path).toBe('/prod/orders/42');
    expect(event.requestContext.resourcePath).toBe('/orders/{id}');
    expect(event.requestContext.requestTime).toBe('01/Dec/2026:19:03:58 +0000');
    const bare = buildEventV1({
      request: { ...request, headers: [], rawQueryString: '', body: '' },
      ids,
      resource: '/',
      stage: 'prod',
      pathParameters: {},
      domainName: request.host,
      resourceId: 'r',
    });
    expect(bare).toMatchObject({
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      pathParameters: null,
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
  });

  it('an HTTP API on 1.0 adds version and routeKey', () => {
    const http = buildEventV1({
      request,
      ids,
      resource: '/orders/{id}',
      stage: '$default',
      pathParameters: { id: '42' },
      domainName: request.host,
      resourceId: 'POST /orders/{id}',
      httpApi: { routeKey: 'POST /orders/{id}' },
    });
    expectShape(http, 'APIGatewayProxyEventBase', ['version']);
    expect(http.version).toBe('1.0');
    expect(http.requestContext.routeKey).toBe('POST /orders/{id}');
    expect(http.requestContext.path).toBe('/orders/42');
    // Without binary media types a REST API passes any body as text; an HTTP API decides by content type.
    expect(http.body).toBe('{"qty":2}');
  });
});
