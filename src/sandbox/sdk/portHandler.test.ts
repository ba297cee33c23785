import { HttpRequest } from '@smithy/core/transport';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AwsCallRequest, AwsCallResponse } from '../../sim/lambda/host';
import { CONNECTION_SETUP_MS, PortHttpHandler, streamsResponses } from './portHandler';

function request(hostname: string): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    hostname,
    path: '/',
    headers: { 'Content-Type': 'application/x-amz-json-1.0' },
    body: '{"TableName":"Orders"}',
  });
}

function answering(body: string) {
  const sent: AwsCallRequest[] = [];
  const send = (call: AwsCallRequest): Promise<AwsCallResponse> => {
    sent.push(call);
    return Promise.resolve({ statusCode: 200, headers: {}, body: new TextEncoder().encode(body) });
  };
  return { sent, send };
}

describe('PortHttpHandler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pays the modelled connection set-up once per handler (a client kept between calls)', async () => {
    const { sent, send } = answering('{}');
    const handler = new PortHttpHandler(send);
    const first = handler.handle(request('dynamodb.us-east-1.amazonaws.com'));
    await vi.advanceTimersByTimeAsync(CONNECTION_SETUP_MS - 1);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await first;
    expect(sent).toHaveLength(1);
    // The connection is open now: the next request goes out without waiting for a timer.
    await handler.handle(request('dynamodb.us-east-1.amazonaws.com'));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(new TextDecoder().decode(sent[1]!.body)).toBe('{"TableName":"Orders"}');
  });

  it('hands JSON services their body as bytes and keeps a stream where operations stream (S3, Lambda)', async () => {
    const { send } = answering('{"Item":{}}');
    const handler = new PortHttpHandler(send);
    const pending = handler.handle(request('dynamodb.us-east-1.amazonaws.com'));
    await vi.advanceTimersByTimeAsync(CONNECTION_SETUP_MS);
    const json = (await pending).response.body as unknown;
    expect(json).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(json as Uint8Array)).toBe('{"Item":{}}');
    const object = (await handler.handle(request('orders.s3.us-east-1.amazonaws.com'))).response
      .body as unknown;
    expect(object).toBeInstanceOf(ReadableStream);
    const text = await new Response(object as ReadableStream<Uint8Array>).text();
    expect(text).toBe('{"Item":{}}');
  });

  it('sends a body written into a larger buffer as a buffer of its own size (the port clones whole buffers)', async () => {
    const { sent, send } = answering('{}');
    const handler = new PortHttpHandler(send);
    const scratch = new Uint8Array(2048);
    const json = new TextEncoder().encode('{"TableName":"Orders"}');
    scratch.set(json, 0);
    const pending = handler.handle(
      new HttpRequest({
        method: 'POST',
        hostname: 'dynamodb.us-east-1.amazonaws.com',
        path: '/',
        body: scratch.subarray(0, json.byteLength),
      }),
    );
    await vi.advanceTimersByTimeAsync(CONNECTION_SETUP_MS);
    await pending;
    const body = sent[0]!.body;
    expect(body.buffer.byteLength).toBe(json.byteLength);
    expect(new TextDecoder().decode(body)).toBe('{"TableName":"Orders"}');
    // A body that already fills its buffer goes as it is, without a copy.
    await handler.handle(
      new HttpRequest({
        method: 'POST',
        hostname: 'dynamodb.us-east-1.amazonaws.com',
        path: '/',
        body: json,
      }),
    );
    expect(sent[1]!.body).toBe(json);
  });

  it('knows which endpoints stream', () => {
    for (const host of [
      's3.us-east-1.amazonaws.com',
      'orders.s3.us-east-1.amazonaws.com',
      'orders.s3-accesspoint.us-east-1.amazonaws.com',
      'lambda.us-east-1.amazonaws.com',
      'kinesis.us-east-1.amazonaws.com',
    ])
      expect(streamsResponses(host), host).toBe(true);
    for (const host of [
      'dynamodb.us-east-1.amazonaws.com',
      '123456789012.ddb.us-east-1.amazonaws.com',
      'sqs.us-east-1.amazonaws.com',
      'sns.us-east-1.amazonaws.com',
      'events.us-east-1.amazonaws.com',
      'secretsmanager.us-east-1.amazonaws.com',
      'ssm.us-east-1.amazonaws.com',
      'xray.us-east-1.amazonaws.com',
    ])
      expect(streamsResponses(host), host).toBe(false);
  });
});
