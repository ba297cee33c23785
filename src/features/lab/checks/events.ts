/**
 * Events checks send, shaped exactly as AWS sends them (see @types/aws-lambda). Until a step routes requests
 * through the simulated API Gateway, checks build the HTTP API (payload format 2.0) event themselves.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export function httpApiEvent(
  method: string,
  path: string,
  options: {
    body?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    routeKey?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const headers = {
    'content-type': 'application/json',
    host: 'abc123.execute-api.us-east-1.amazonaws.com',
    ...(options.headers ?? {}),
  };
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

export interface HttpResult {
  /** What the client receives: API Gateway answers 500 when the function fails. */
  statusCode: number;
  headers: Record<string, string>;
  /** The body parsed as JSON when it is JSON, else the text. */
  body: unknown;
  rawBody: string;
  /** The function failed (threw, timed out): the client saw `{"message":"Internal Server Error"}`. */
  functionFailed: boolean;
}

/**
 * What an HTTP API client receives for a Lambda proxy response (payload format 2.0): a function error becomes a
 * 500; a result with `statusCode` is used as is; any other result is a 200 with the result as a JSON body.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
export function httpResultOf(outcome: { body: unknown; functionError?: string }): HttpResult {
  if (outcome.functionError)
    return {
      statusCode: 500,
      headers: { 'content-type': 'application/json' },
      body: { message: 'Internal Server Error' },
      rawBody: '{"message":"Internal Server Error"}',
      functionFailed: true,
    };
  const result = outcome.body;
  if (result !== null && typeof result === 'object' && 'statusCode' in result) {
    const proxy = result as { statusCode: unknown; headers?: Record<string, string>; body?: unknown };
    const rawBody =
      typeof proxy.body === 'string'
        ? proxy.body
        : proxy.body === undefined
          ? ''
          : JSON.stringify(proxy.body);
    let body: unknown = rawBody;
    try {
      body = JSON.parse(rawBody);
    } catch {
      // A text body stays text.
    }
    return {
      statusCode: Number(proxy.statusCode),
      headers: proxy.headers ?? {},
      body,
      rawBody,
      functionFailed: false,
    };
  }
  const rawBody = JSON.stringify(result ?? null);
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: result,
    rawBody,
    functionFailed: false,
  };
}

export interface SqsMessageInput {
  body: string;
  /** Defaults to a fresh id; give one to replay a redelivery (SQS keeps a message's id across receives). */
  messageId?: string;
  /** How many times SQS has handed out this message (1 on the first delivery). */
  receiveCount?: number;
}

let sqsMessages = 0;

/** An SQS event source mapping's event for a batch of messages, shaped as Lambda sends it (`eventSource: "aws:sqs"`). */
export function sqsEvent(
  messages: SqsMessageInput[],
  queue = 'payments',
): { Records: Array<Record<string, unknown>> } {
  return {
    Records: messages.map((m) => {
      const messageId =
        m.messageId ?? `${(++sqsMessages).toString(16).padStart(8, '0')}-5b1e-4c1a-9d2f-3a6e0c7b8d91`;
      return {
        messageId,
        receiptHandle: `AQEB${messageId.replace(/-/g, '')}${m.receiveCount ?? 1}`,
        body: m.body,
        attributes: {
          ApproximateReceiveCount: String(m.receiveCount ?? 1),
          SentTimestamp: String(Date.UTC(2026, 11, 1, 9)),
          SenderId: 'AIDAEXAMPLESENDER',
          ApproximateFirstReceiveTimestamp: String(Date.UTC(2026, 11, 1, 9)),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queue}`,
        awsRegion: 'us-east-1',
      };
    }),
  };
}
