/**
 * Events checks send, shaped exactly as AWS sends them (see @types/aws-lambda). Until a step routes requests
 * through the simulated API Gateway, checks build the HTTP API (payload format 2.0) event themselves.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function httpApiEvent(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; query?: Record<string, string>; routeKey?: string } = {},
): APIGatewayProxyEventV2 {
  const headers = { 'content-type': 'application/json', host: 'abc123.execute-api.us-east-1.amazonaws.com', ...(options.headers ?? {}) };
  const query = options.query ?? {};
  const rawQueryString = new URLSearchParams(query).toString();
  const now = Date.UTC(2026, 11, 1, 9);
  return {
    version: '2.0',
    routeKey: options.routeKey ?? `${method} ${path}`,
    rawPath: path,
    rawQueryString,
    headers,
    ...(rawQueryString ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: headers.host,
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'coldstart-check' },
      requestId: `check-${Math.floor(now / 1000)}`,
      routeKey: options.routeKey ?? `${method} ${path}`,
      stage: '$default',
      time: '01/Dec/2026:09:00:00 +0000',
      timeEpoch: now,
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: false,
  };
}
