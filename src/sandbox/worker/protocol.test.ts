import { describe, expect, it } from 'vitest';
import { isPortEvent, validateAwsCallRequest } from './protocol';

const error = { errorType: 'Error', errorMessage: 'boom', trace: ['at x'] };

describe('port protocol', () => {
  it('accepts well-formed log batches, results, init replies, crashes and aws calls only', () => {
    expect(
      isPortEvent({
        t: 'logs',
        records: [
          { time: 1, level: 'INFO', message: 'hi' },
          { time: 2, level: null, message: 'raw' },
        ],
      }),
    ).toBe(true);
    expect(isPortEvent({ t: 'logs', records: [{ time: 1, level: 'LOUD', message: 'hi' }] })).toBe(false);
    expect(
      isPortEvent({ t: 'logs', records: [{ time: 1, level: 'INFO', message: 'x', fields: 'no' }] }),
    ).toBe(false);
    const result = { t: 'result', id: 4, nonce: 'n', durationMs: 1.5, maxMemoryUsedMb: 64 };
    expect(isPortEvent({ ...result, outcome: 'success', payload: '{}' })).toBe(true);
    expect(isPortEvent({ ...result, outcome: 'error', error })).toBe(true);
    expect(isPortEvent({ ...result, outcome: 'success' })).toBe(false);
    expect(isPortEvent({ ...result, id: '4', outcome: 'success', payload: '{}' })).toBe(false);
    expect(isPortEvent({ ...result, outcome: 'error', error: { errorType: 'E' } })).toBe(false);
    expect(
      isPortEvent({ t: 'init.done', ok: true, durationMs: 3, compiled: { '/var/task/index.mjs': 'x' } }),
    ).toBe(true);
    expect(
      isPortEvent({
        t: 'init.done',
        ok: false,
        durationMs: 3,
        error,
        syntax: { line: 1, column: 2, message: 'm' },
      }),
    ).toBe(true);
    expect(isPortEvent({ t: 'init.done', ok: false, durationMs: 3 })).toBe(false);
    expect(isPortEvent({ t: 'crash', error, durationMs: 1, maxMemoryUsedMb: 1 })).toBe(true);
    expect(isPortEvent({ t: 'crash', error })).toBe(false);
    expect(isPortEvent({ t: 'aws.call', callId: 1, request: {} })).toBe(true);
    expect(isPortEvent({ t: 'aws.call', callId: 1.5, request: {} })).toBe(false);
    expect(isPortEvent({ t: 'booted' })).toBe(false);
    expect(isPortEvent(null)).toBe(false);
  });

  it('validates an SDK request before the account sees it', () => {
    const good = {
      method: 'POST',
      hostname: 'dynamodb.us-east-1.amazonaws.com',
      path: '/',
      query: { a: 'b', list: ['1', '2'] },
      headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' },
      body: new Uint8Array([123, 125]),
    };
    expect(validateAwsCallRequest(good)).toEqual({ ok: true, request: good });
    expect(validateAwsCallRequest({ ...good, hostname: 'example.com' })).toMatchObject({
      ok: false,
      reason: 'not an AWS endpoint: example.com',
    });
    expect(validateAwsCallRequest({ ...good, method: 'CONNECT' })).toMatchObject({ ok: false });
    expect(validateAwsCallRequest({ ...good, path: 'x' })).toMatchObject({ ok: false });
    expect(validateAwsCallRequest({ ...good, headers: { a: 1 } })).toMatchObject({ ok: false });
    expect(validateAwsCallRequest({ ...good, query: { a: [1] } })).toMatchObject({ ok: false });
    expect(validateAwsCallRequest({ ...good, body: 'text' })).toMatchObject({ ok: false });
    expect(validateAwsCallRequest({ ...good, body: new Uint8Array(6 * 1024 * 1024 + 1) })).toMatchObject({
      ok: false,
      reason: 'the body is larger than 6291456 bytes',
    });
    expect(validateAwsCallRequest('GET /')).toMatchObject({ ok: false });
  });
});
