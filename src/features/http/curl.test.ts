import { describe, expect, it } from 'vitest';
import { utf8, type HttpExchange } from '../../sim/apigateway';
import { CURL_USER_AGENT, curlOutput, curlRequest, parseHeaderLines, type RequestForm } from './curl';

const form: RequestForm = { method: 'POST', path: '/items', headers: '', body: 'a=1', sign: false };
const options = { epochMs: Date.UTC(2026, 11, 1, 12, 0, 0), region: 'us-east-1' };

describe('the request curl sends', () => {
  it('adds what curl adds: user-agent, accept, and form content-type for -d without one', () => {
    const built = curlRequest(form, 'https://abc.execute-api.us-east-1.amazonaws.com/', options);
    if (!built.ok) throw new Error(built.error);
    expect(built.request).toEqual({
      method: 'POST',
      url: 'https://abc.execute-api.us-east-1.amazonaws.com/items',
      headers: [
        ['user-agent', CURL_USER_AGENT],
        ['accept', '*/*'],
        ['content-type', 'application/x-www-form-urlencoded'],
      ],
      body: 'a=1',
    });
    // POST with -d needs no -X.
    expect(built.command).toBe(`curl -i -d 'a=1' 'https://abc.execute-api.us-east-1.amazonaws.com/items'`);
  });

  it("keeps the learner's headers first and their content type; -X for methods curl would not pick", () => {
    const built = curlRequest(
      { ...form, method: 'PUT', headers: "Content-Type: application/json\nX-It's: yes", body: '{"a":1}' },
      'https://x.lambda-url.us-east-1.on.aws/',
      options,
    );
    if (!built.ok) throw new Error(built.error);
    expect(built.request.headers.slice(0, 2)).toEqual([
      ['Content-Type', 'application/json'],
      ["X-It's", 'yes'],
    ]);
    expect(built.request.headers.filter(([n]) => /content-type/i.test(n))).toHaveLength(1);
    expect(built.command).toBe(
      `curl -i -X PUT -H 'Content-Type: application/json' -H 'X-It'\\''s: yes' -d '{"a":1}' 'https://x.lambda-url.us-east-1.on.aws/items'`,
    );
  });

  it('signing adds x-amz-date and a SigV4 authorization header for the lambda service', () => {
    const built = curlRequest(
      { ...form, body: '', method: 'GET', sign: true },
      'https://x.lambda-url.us-east-1.on.aws',
      options,
    );
    if (!built.ok) throw new Error(built.error);
    expect(built.request.headers).toContainEqual(['x-amz-date', '20261201T120000Z']);
    const auth = built.request.headers.find(([n]) => n === 'authorization')![1];
    expect(auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIA\w+\/20261201\/us-east-1\/lambda\/aws4_request, /);
    expect(built.command).toContain(`--aws-sigv4 'aws:amz:us-east-1:lambda'`);
  });

  it('refuses header lines without a name and paths with spaces', () => {
    expect(parseHeaderLines('no colon here').ok).toBe(false);
    expect(parseHeaderLines('Bad Name: x').ok).toBe(false);
    expect(parseHeaderLines('\nA: 1\n\nB:2\n')).toEqual({
      ok: true,
      headers: [
        ['A', '1'],
        ['B', '2'],
      ],
    });
    expect(curlRequest({ ...form, path: '/a b' }, 'https://x', options).ok).toBe(false);
  });
});

describe('what curl -i prints', () => {
  const exchange = (response: HttpExchange['response']): HttpExchange => ({
    request: { method: 'GET', url: 'https://nowhere.example/x', headers: [], body: '' },
    response,
    outcome: response ? 'ok' : 'unknownHost',
    explanation: '',
    api: null,
    routeKey: null,
    event: null,
    invocation: null,
    latencyMs: 0,
  });

  it('HTTP/2 status line, lower-case header names, a blank line, the body', () => {
    const out = curlOutput(
      exchange({
        statusCode: 502,
        headers: [
          ['Content-Type', 'application/json'],
          ['x-amzn-ErrorType', 'X'],
        ],
        body: utf8('{"message": "Internal server error"}'),
      }),
    );
    expect(out).toBe(
      'HTTP/2 502\ncontent-type: application/json\nx-amzn-errortype: X\n\n{"message": "Internal server error"}',
    );
  });

  it("an unknown host is curl's resolve error", () => {
    expect(curlOutput(exchange(null))).toBe('curl: (6) Could not resolve host: nowhere.example');
  });
});
