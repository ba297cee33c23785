import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AwsCallRequest, ErrorResponse, FunctionLogRecord } from '../../sim/lambda/host';
import { testInitRequest, testInvokeRequest } from './fixtures';
import { createInProcessHost, sucraseTranspile } from './inProcessHost';

afterEach(() => vi.useRealTimers());

function host(options: Parameters<typeof createInProcessHost>[0] = {}) {
  const created = createInProcessHost(options);
  const logs: Array<[string, FunctionLogRecord]> = [];
  const crashes: Array<[string, ErrorResponse]> = [];
  created.onLog((id, record) => logs.push([id, record]));
  created.onCrash((id, error) => crashes.push([id, error]));
  return { host: created, logs, crashes, messages: () => logs.map(([, record]) => record.message) };
}

const dynamoRequest: AwsCallRequest = {
  method: 'POST',
  hostname: 'dynamodb.eu-west-1.amazonaws.com',
  path: '/',
  query: {},
  headers: { 'x-amz-target': 'DynamoDB_20120810.GetItem' },
  body: new TextEncoder().encode('{"TableName":"orders"}'),
};

describe('createInProcessHost, against the EnvironmentHost interface', () => {
  it('start → init → invoke: result shapes with measured durations, log records in order per environment', async () => {
    const { host: h, logs } = host();
    expect(await h.start('a', 'nodejs22.x')).toEqual({ runtimeInitMs: expect.any(Number) });
    expect(
      await h.init(
        'a',
        testInitRequest(
          "console.log('init');\nexports.handler = async (e) => { console.log('got', e.n); return { twice: e.n * 2 }; };",
        ),
      ),
    ).toEqual({
      ok: true,
      durationMs: expect.any(Number),
    });
    expect(await h.invoke('a', testInvokeRequest({ n: 21 }))).toEqual({
      outcome: 'success',
      payload: '{"twice":42}',
      durationMs: expect.any(Number),
      maxMemoryUsedMb: expect.any(Number),
    });
    expect(logs.map(([id, record]) => [id, record.level, record.message])).toEqual([
      ['a', 'INFO', 'init'],
      ['a', 'INFO', 'got 21'],
    ]);
  });

  it('reports function errors (environment stays warm) and crashes (process gone until the next start)', async () => {
    const { host: h } = host();
    await h.start('a', 'nodejs22.x');
    await h.init(
      'a',
      testInitRequest(
        'exports.handler = async (e) => { if (e.exit) process.exit(2); throw new Error("nope"); };',
      ),
    );
    expect(await h.invoke('a', testInvokeRequest({}))).toMatchObject({
      outcome: 'error',
      error: { errorType: 'Error', errorMessage: 'nope' },
    });
    expect(await h.invoke('a', testInvokeRequest({ exit: true }, { requestId: 'r-exit' }))).toMatchObject({
      outcome: 'crash',
      error: {
        errorType: 'Runtime.ExitError',
        errorMessage: 'RequestId: r-exit Error: Runtime exited with error: exit status 2',
      },
      durationMs: expect.any(Number),
    });
    expect(await h.invoke('a', testInvokeRequest({}))).toMatchObject({
      outcome: 'crash',
      error: { errorType: 'Sandbox.InvalidState' },
    });
    expect(h.running()).toEqual([]);
    await h.start('a', 'nodejs22.x');
    expect(await h.init('a', testInitRequest('exports.handler = async () => "again";'))).toMatchObject({
      ok: true,
    });
    expect(await h.invoke('a', testInvokeRequest())).toMatchObject({
      outcome: 'success',
      payload: '"again"',
    });
  });

  it('init failures carry the error and, for syntax errors, where; the process is gone afterwards', async () => {
    const { host: h } = host();
    await h.start('a', 'nodejs22.x');
    const failed = await h.init(
      'a',
      testInitRequest({ 'index.mjs': 'export const handler = async () => {\n  return [1, 2;\n};' }),
    );
    expect(failed).toEqual({
      ok: false,
      durationMs: expect.any(Number),
      error: {
        errorType: 'Runtime.UserCodeSyntaxError',
        errorMessage: expect.stringMatching(/^SyntaxError: /),
        trace: expect.any(Array),
      },
      syntax: { line: 2, column: expect.any(Number), message: expect.any(String), file: 'index.mjs' },
    });
    expect(await h.invoke('a', testInvokeRequest())).toMatchObject({
      outcome: 'crash',
      error: { errorType: 'Sandbox.InvalidState' },
    });
    await h.start('a', 'nodejs24.x');
    expect(await h.init('a', testInitRequest('exports.handler = async () => 1;'))).toMatchObject({
      ok: false,
      error: {
        errorType: 'Sandbox.InvalidState',
        errorMessage: 'environment a runs nodejs24.x, not nodejs22.x',
      },
    });
  });

  it('stop keeps /tmp for a reset and drops it for a shutdown; a stop ends a running invocation', async () => {
    const { host: h } = host();
    const code = `const fs = require('fs');
exports.handler = async (e) => {
  if (e.write) fs.writeFileSync('/tmp/marker', 'kept');
  if (e.hang) await new Promise((r) => setTimeout(r, 60000));
  return fs.existsSync('/tmp/marker') ? fs.readFileSync('/tmp/marker', 'utf8') : 'missing';
};`;
    await h.start('a', 'nodejs22.x');
    await h.init('a', testInitRequest(code));
    await h.invoke('a', testInvokeRequest({ write: true }));
    const hanging = h.invoke('a', testInvokeRequest({ hang: true }));
    await h.stop('a', { keepTmp: true });
    expect(await hanging).toMatchObject({ outcome: 'crash', error: { errorType: 'Sandbox.Stopped' } });
    expect(await h.tmp?.('a')).toEqual([{ path: '/tmp/marker', size: 4 }]);
    await h.start('a', 'nodejs22.x');
    await h.init('a', testInitRequest(code));
    expect(await h.invoke('a', testInvokeRequest())).toMatchObject({ payload: '"kept"' });
    await h.stop('a', { keepTmp: false });
    await h.stop('a', { keepTmp: false }); // idempotent
    await h.start('a', 'nodejs22.x');
    await h.init('a', testInitRequest(code));
    expect(await h.invoke('a', testInvokeRequest())).toMatchObject({ payload: '"missing"' });
  });

  it('reports a frozen environment that dies (code left running after the response) through onCrash', async () => {
    const { host: h, crashes, messages } = host();
    await h.start('a', 'nodejs22.x');
    await h.init(
      'a',
      testInitRequest(`exports.handler = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  callback(null, 'answered');
  Promise.resolve().then(() => Promise.resolve()).then(() => process.nextTick(() => { throw new Error('after the response'); }));
};`),
    );
    expect(await h.invoke('a', testInvokeRequest())).toMatchObject({
      outcome: 'success',
      payload: '"answered"',
    });
    await vi.waitFor(() => expect(crashes).toHaveLength(1));
    expect(crashes[0]).toEqual([
      'a',
      expect.objectContaining({ errorType: 'Error', errorMessage: 'after the response' }),
    ]);
    expect(messages().at(-1)).toMatch(
      /^Uncaught Exception \t\{"errorType":"Error","errorMessage":"after the response"/,
    );
    expect(await h.invoke('a', testInvokeRequest())).toMatchObject({
      outcome: 'crash',
      error: { errorType: 'Sandbox.InvalidState' },
    });
  });

  it('answers aws.call through the handler given to setAwsHandler; a reply that arrives while frozen waits for the thaw', async () => {
    vi.useFakeTimers();
    const { host: h, messages } = host();
    const seen: Array<[string, AwsCallRequest]> = [];
    h.setAwsHandler(async (environmentId, request) => {
      seen.push([environmentId, request]);
      // The account answers after 500 ms (virtual): long after the first invocation has returned.
      await new Promise((resolve) => setTimeout(resolve, 500));
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.0' },
        body: new TextEncoder().encode('{"Item":{}}'),
      };
    });
    await h.start('a', 'nodejs22.x');
    await h.init(
      'a',
      testInitRequest(`const { send } = require('coldstart:aws');
exports.handler = async (e) => {
  if (e.noop) return 'noop';
  const request = ${JSON.stringify({ ...dynamoRequest, body: undefined })};
  request.body = new TextEncoder().encode('{"TableName":"orders"}');
  if (e.background) { send(request).then((r) => console.log('reply', r.statusCode, new TextDecoder().decode(r.body))); return 'sent'; }
  const r = await send(request);
  return { status: r.statusCode, type: r.headers['content-type'] };
};`),
    );
    const awaited = h.invoke('a', testInvokeRequest({}));
    await vi.advanceTimersByTimeAsync(500);
    expect(await awaited).toMatchObject({
      outcome: 'success',
      payload: '{"status":200,"type":"application/x-amz-json-1.0"}',
    });
    expect(seen[0]).toEqual(['a', { ...dynamoRequest, body: expect.any(Uint8Array) }]);
    expect(new TextDecoder().decode(seen[0]?.[1].body)).toBe('{"TableName":"orders"}');

    expect(await h.invoke('a', testInvokeRequest({ background: true }))).toMatchObject({ payload: '"sent"' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(messages()).not.toContain('reply 200 {"Item":{}}');
    // The next invocation thaws the environment: the held reply is delivered inside it, before its result.
    expect(await h.invoke('a', testInvokeRequest({ noop: true }))).toMatchObject({ payload: '"noop"' });
    expect(messages()).toContain('reply 200 {"Item":{}}');
  });

  it('refuses aws.call when no account is connected and when the request is not an AWS request', async () => {
    const { host: h } = host();
    await h.start('a', 'nodejs22.x');
    await h.init(
      'a',
      testInitRequest(`const { send } = require('coldstart:aws');
exports.handler = async (e) => {
  try { await send({ method: 'GET', hostname: e.host, path: '/', query: {}, headers: {}, body: new Uint8Array() }); return 'reached'; }
  catch (err) { return err.name + ': ' + err.message; }
};`),
    );
    expect(await h.invoke('a', testInvokeRequest({ host: 's3.amazonaws.com' }))).toMatchObject({
      payload: '"NoAccount: Coldstart sandbox: no simulated AWS account is connected"',
    });
    h.setAwsHandler(async () => ({ statusCode: 200, headers: {}, body: new Uint8Array() }));
    expect(await h.invoke('a', testInvokeRequest({ host: 'example.com' }))).toMatchObject({
      payload: '"InvalidRequest: Coldstart sandbox: not an AWS endpoint: example.com"',
    });
    expect(await h.invoke('a', testInvokeRequest({ host: 's3.amazonaws.com' }))).toMatchObject({
      payload: '"reached"',
    });
  });

  it('reuses what an earlier init transpiled for the same files', async () => {
    const transpile = vi.fn(sucraseTranspile);
    const { host: h } = host({ transpile });
    const request = testInitRequest('export const handler = async () => "esm";');
    await h.start('a', 'nodejs22.x');
    await h.init('a', request);
    await h.start('b', 'nodejs22.x');
    await h.init('b', request);
    expect(await h.invoke('b', testInvokeRequest())).toMatchObject({ payload: '"esm"' });
    expect(transpile).toHaveBeenCalledTimes(1);
  });

  it('runs nodejs24.x under fake timers: start and init wait on no timer; its answer waits one timer turn', async () => {
    vi.useFakeTimers();
    const { host: h } = host();
    await h.start('a', 'nodejs24.x');
    await h.init(
      'a',
      testInitRequest('exports.handler = async (event) => event.n + 1;', { runtime: 'nodejs24.x' }),
    );
    const answer = h.invoke('a', testInvokeRequest({ n: 1 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(await answer).toMatchObject({ outcome: 'success', payload: '2' });
  });

  it('refuses a runtime it cannot run in-process', async () => {
    await expect(createInProcessHost().start('p', 'python3.14')).rejects.toThrow(
      'python3.14 does not run in-process',
    );
  });
});
