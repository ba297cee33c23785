import { describe, expect, it } from 'vitest';
import { EVENT_TEMPLATES, checkJson, locateJsonError, templateText } from './fixtures';

describe('event templates', () => {
  it('cover the event sources the course teaches, each valid JSON in the AWS shape', () => {
    const ids = EVENT_TEMPLATES.map((t) => t.id);
    for (const id of [
      'apigw-rest',
      'apigw-http',
      'alb',
      'function-url',
      's3-put',
      'sqs',
      'sns',
      'dynamodb-stream',
      'kinesis',
      'eventbridge',
      'scheduled',
    ])
      expect(ids).toContain(id);
    const get = (id: string) => JSON.parse(templateText(id));
    expect(get('apigw-http')).toMatchObject({
      version: '2.0',
      routeKey: 'POST /orders',
      requestContext: { http: { method: 'POST' } },
    });
    expect(get('alb').requestContext.elb.targetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:/);
    expect(get('sqs').Records[0].eventSource).toBe('aws:sqs');
    expect(get('sns').Records[0].EventSource).toBe('aws:sns');
    expect(get('dynamodb-stream').Records[0].dynamodb.StreamViewType).toBe('NEW_AND_OLD_IMAGES');
    expect(JSON.parse(atob(get('kinesis').Records[0].kinesis.data))).toEqual({ sensor: 7, celsius: 21.5 });
    expect(get('eventbridge')['detail-type']).toBe('OrderPlaced');
    expect(get('scheduled')['detail-type']).toBe('Scheduled Event');
    expect(get('s3-put').Records[0].eventName).toBe('ObjectCreated:Put');
  });
});

describe('checkJson', () => {
  it('accepts valid JSON', () => {
    expect(checkJson('{"a": [1, 2, {"b": null}]}')).toEqual({ ok: true, value: { a: [1, 2, { b: null }] } });
  });

  it('gives the line and column of the first problem', () => {
    expect(checkJson('{\n  "a": 1,\n  "b": }\n')).toMatchObject({
      ok: false,
      problem: { line: 3, column: 8 },
    });
    expect(checkJson('{\n  "a": 1,\n}')).toMatchObject({
      ok: false,
      problem: { line: 3, column: 1, message: expect.stringContaining('Trailing comma') },
    });
    expect(checkJson("{'a': 1}")).toMatchObject({
      ok: false,
      problem: { line: 1, column: 2, message: expect.stringContaining('property name') },
    });
    expect(checkJson('{"a": 1} x')).toMatchObject({ ok: false, problem: { line: 1, column: 10 } });
    expect(checkJson('{"a": "x\ny"}')).toMatchObject({
      ok: false,
      problem: { line: 1, column: 9, message: expect.stringContaining('Unterminated') },
    });
    expect(checkJson('   ')).toMatchObject({
      ok: false,
      problem: { message: expect.stringContaining('empty') },
    });
  });

  it('agrees with JSON.parse on what is valid', () => {
    for (const s of ['1', '"x"', 'true', '[]', '{}', '-0.5e3', '{"a":{"b":[1,"\\u00e9"]}}'])
      expect(locateJsonError(s)).toBeNull();
    for (const s of ['01', '[1,]', '{"a"}', 'tru', '"\\x"', 'NaN']) {
      expect(() => JSON.parse(s)).toThrow();
      expect(locateJsonError(s)).not.toBeNull();
    }
  });
});
