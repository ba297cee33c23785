/**
 * Test events a runnable block may name (`event="sqs-orders"`): the playground's templates (shaped as AWS sends
 * them, playground/fixtures.ts) plus a few the lessons' examples need. Inline JSON is the other way to give one.
 */
import { EVENT_TEMPLATES } from '../playground/fixtures';

function sqsRecord(id: number, body: unknown) {
  return {
    messageId: `7b2c9c1e-4d0a-4c55-9d59-2a7f0c1e000${id}`,
    receiptHandle: `AQEBexampleReceiptHandle${id}`,
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1764590400000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1764590400005',
    },
    messageAttributes: {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:orders-queue',
    awsRegion: 'us-east-1',
  };
}

function apiRequest(
  method: string,
  path: string,
  body: unknown,
  pathParameters: Record<string, string> | null,
) {
  return {
    resource: path,
    path,
    httpMethod: method,
    headers: { 'content-type': 'application/json' },
    queryStringParameters: null,
    pathParameters,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      stage: 'prod',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      httpMethod: method,
      path: `/prod${path}`,
    },
    body: body === null ? null : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

const COURSE_EVENTS: Record<string, unknown> = {
  empty: {},
  /** One good order and one without a sku: a partial batch failure. */
  'sqs-orders': {
    Records: [
      sqsRecord(1, { orderId: 'o-1001', sku: 'A-1001', quantity: 2 }),
      sqsRecord(2, { orderId: 'o-1002' }),
    ],
  },
  'order-post': apiRequest('POST', '/orders', { sku: 'A-1001', quantity: 2 }, null),
  'product-get': apiRequest('GET', '/products/p-1', null, { id: 'p-1' }),
  'price-get': apiRequest('GET', '/prices/A-1001', null, { sku: 'A-1001' }),
  'report-batch': { report_ids: ['r-1', 'r-2', 'r-3'] },
  /** An EventBridge event carrying a payment: the idempotency example's key is detail.paymentId. */
  'payment-requested': {
    version: '0',
    id: '5f1a7c3e-0c1d-4a55-9e0e-2b0d4f6a9c11',
    'detail-type': 'Payment Requested',
    source: 'shop.checkout',
    account: '123456789012',
    time: '2026-12-01T12:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: { paymentId: 'pay-1001', amountCents: 4250 },
  },
};

/** Every event a block may name. */
export const RUNNABLE_EVENTS: Readonly<Record<string, unknown>> = {
  ...Object.fromEntries(EVENT_TEMPLATES.map((template) => [template.id, template.event])),
  ...COURSE_EVENTS,
};

export type ResolvedEvent = { ok: true; event: unknown } | { ok: false; error: string };

/** The event a block's `event` attribute names or spells out; `{}` when it has none. */
export function resolveEvent(written: string | undefined): ResolvedEvent {
  if (written === undefined) return { ok: true, event: {} };
  const trimmed = written.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { ok: true, event: JSON.parse(trimmed) as unknown };
    } catch (error) {
      return { ok: false, error: `event is not valid JSON: ${(error as Error).message}` };
    }
  }
  if (Object.hasOwn(RUNNABLE_EVENTS, trimmed))
    return { ok: true, event: structuredClone(RUNNABLE_EVENTS[trimmed]) };
  return {
    ok: false,
    error: `no test event named "${trimmed}" (named events: ${Object.keys(RUNNABLE_EVENTS).join(', ')})`,
  };
}
