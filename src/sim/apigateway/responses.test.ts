import { describe, expect, it } from 'vitest';
import { bodyText } from './http';
import { mapResultV1, mapResultV2 } from './responses';

const text = (m: ReturnType<typeof mapResultV2>) => (m.ok ? bodyText(m.body) : m.reason);

describe('format 2.0 responses (HTTP APIs, function URLs)', () => {
  it('valid JSON without a statusCode: 200, application/json, the JSON as the body', () => {
    const mapped = mapResultV2(JSON.stringify({ message: 'Hello from Lambda!' }), 'http');
    expect(mapped).toMatchObject({
      ok: true,
      statusCode: 200,
      headers: [['content-type', 'application/json']],
    });
    expect(text(mapped)).toBe('{"message":"Hello from Lambda!"}');
  });

  it('a bare string: an HTTP API sends the string, a function URL the JSON text with its quotes', () => {
    expect(text(mapResultV2('"Hello, world!"', 'http'))).toBe('Hello, world!');
    expect(text(mapResultV2('"Hello, world!"', 'url'))).toBe('"Hello, world!"');
  });

  it('a structured result: status, headers, cookies as set-cookie headers, base64 bodies decoded', () => {
    const mapped = mapResultV2(
      JSON.stringify({
        statusCode: 201,
        headers: { 'Content-Type': 'text/plain', 'X-Count': 3 },
        cookies: ['a=1; Max-Age=60', 'b=2'],
        body: Buffer.from('created').toString('base64'),
        isBase64Encoded: true,
      }),
      'url',
    );
    expect(mapped).toMatchObject({
      ok: true,
      statusCode: 201,
      headers: [
        ['Content-Type', 'text/plain'],
        ['X-Count', '3'],
        ['set-cookie', 'a=1; Max-Age=60'],
        ['set-cookie', 'b=2'],
      ],
    });
    expect(text(mapped)).toBe('created');
  });

  it('a statusCode that is not a status, or a body that is not a string, is malformed', () => {
    expect(mapResultV2(JSON.stringify({ statusCode: '200', body: 'x' }), 'http').ok).toBe(false);
    expect(mapResultV2(JSON.stringify({ statusCode: 200, body: { a: 1 } }), 'http')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('JSON.stringify'),
    });
    expect(mapResultV2(JSON.stringify({ statusCode: 200, headers: { a: { b: 1 } } }), 'http').ok).toBe(false);
  });
});

describe('format 1.0 responses (REST proxy integrations)', () => {
  const never = () => false;

  it('statusCode, headers and multiValueHeaders (multi wins for the same name), a string body', () => {
    const mapped = mapResultV1(
      JSON.stringify({
        statusCode: 404,
        headers: { 'Content-Type': 'text/plain', 'X-Single': 'one' },
        multiValueHeaders: { 'x-single': ['a', 'b'] },
        body: 'no such item',
      }),
      never,
    );
    expect(mapped).toMatchObject({
      ok: true,
      statusCode: 404,
      headers: [
        ['Content-Type', 'text/plain'],
        ['x-single', 'a'],
        ['x-single', 'b'],
      ],
    });
    expect(text(mapped)).toBe('no such item');
  });

  it('the classic mistakes are malformed: no statusCode, an object body, a bare value', () => {
    expect(mapResultV1(JSON.stringify({ message: 'hi' }), never)).toMatchObject({
      ok: false,
      reason: 'the result has no statusCode',
    });
    expect(mapResultV1(JSON.stringify({ statusCode: 200, body: { ok: true } }), never)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('body must be a string'),
    });
    expect(mapResultV1('"hello"', never).ok).toBe(false);
    expect(mapResultV1('null', never).ok).toBe(false);
  });

  it('isBase64Encoded: decoded only when the API treats the content type as binary', () => {
    const payload = JSON.stringify({
      statusCode: 200,
      headers: { 'content-type': 'image/png' },
      body: Buffer.from('PNG').toString('base64'),
      isBase64Encoded: true,
    });
    expect(text(mapResultV1(payload, never))).toBe(Buffer.from('PNG').toString('base64'));
    expect(text(mapResultV1(payload, () => true))).toBe('PNG');
  });
});
