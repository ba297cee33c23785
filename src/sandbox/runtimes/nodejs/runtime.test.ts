import { afterEach, describe, expect, it, vi } from 'vitest';
import type {
  CodeRuntimeId,
  EnvironmentSettings,
  FunctionLogRecord,
  InvokeResult,
  LayerContent,
} from '../../../sim/lambda/host';
import { createInProcessHost } from '../../testing/inProcessHost';
import { testBundleSource } from '../../sdk/testing/testBundles';
import { testInitRequest, testInvokeRequest } from '../../testing/fixtures';
import { DEMO_LAYER_CONTENTS } from './layers';
import { CALLBACK_HANDLER_DEPRECATED } from './versions';

afterEach(() => vi.useRealTimers());

/** One environment on the in-process host: start, init with `files`, then invoke as often as needed. */
async function environment(
  files: string | Record<string, string>,
  options: { runtime?: CodeRuntimeId; settings?: Partial<EnvironmentSettings>; layers?: LayerContent[] } = {},
) {
  const host = createInProcessHost({ bundles: testBundleSource() });
  const records: FunctionLogRecord[] = [];
  host.onLog((_id, record) => records.push(record));
  await host.start('env-1', options.runtime ?? 'nodejs22.x');
  const init = await host.init('env-1', testInitRequest(files, options));
  const invoke = (event: unknown = {}, requestId?: string) =>
    host.invoke('env-1', testInvokeRequest(event, requestId ? { requestId } : {}));
  return { host, init, invoke, records, messages: () => records.map((record) => record.message) };
}

function payloadOf(result: InvokeResult): unknown {
  if (result.outcome !== 'success') throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return JSON.parse(result.payload);
}

describe('module loading', () => {
  it('runs module code once and keeps module state across invokes (ES module via sucrase)', async () => {
    const env = await environment(
      `let n = 0;\nconsole.log('init');\nexport const handler = async () => ({ n: ++n });`,
    );
    expect(env.init).toMatchObject({ ok: true });
    expect(payloadOf(await env.invoke())).toEqual({ n: 1 });
    expect(payloadOf(await env.invoke())).toEqual({ n: 2 });
    expect(env.messages().filter((message) => message === 'init')).toHaveLength(1);
  });

  it('finds the handler as the runtime does: exports, module.exports, nested paths, directories, TypeScript', async () => {
    expect((await environment('exports.handler = async () => 1;')).init.ok).toBe(true);
    expect(
      (await environment('module.exports.main = async () => 1;', { settings: { handler: 'index.main' } }))
        .init.ok,
    ).toBe(true);
    const nested = await environment('exports.app = { run: async () => "nested" };', {
      settings: { handler: 'index.app.run' },
    });
    expect(payloadOf(await nested.invoke())).toBe('nested');
    const folder = await environment(
      { 'src/app.mjs': 'export const go = async () => "folder";' },
      { settings: { handler: 'src/app.go' } },
    );
    expect(payloadOf(await folder.invoke())).toBe('folder');
    const ts = await environment({
      'index.ts': 'export const handler = async (e: { a: number }): Promise<number> => e.a * 2;',
    });
    expect(payloadOf(await ts.invoke({ a: 21 }))).toBe(42);
  });

  it('loads several files of the function: ES imports need exact paths, require also tries extensions', async () => {
    const env = await environment({
      'index.mjs':
        "import { double } from './lib/util.mjs';\nimport data from './data.json' with { type: 'json' };\nexport const handler = async () => ({ n: double(data.n) });",
      'lib/util.mjs': 'export const double = (x) => x * 2;',
      'data.json': '{ "n": 21 }',
    });
    expect(payloadOf(await env.invoke())).toEqual({ n: 42 });
    const cjs = await environment({
      'index.js': "const { add } = require('./lib/math');\nexports.handler = async () => add(1, 2);",
      'lib/math.js': 'exports.add = (a, b) => a + b;',
    });
    expect(payloadOf(await cjs.invoke())).toBe(3);
    const missing = await environment({
      'index.mjs': "import { x } from './lib/util';\nexport const handler = async () => x;",
      'lib/util.mjs': 'export const x = 1;',
    });
    expect(missing.init).toMatchObject({
      ok: false,
      error: {
        errorType: 'Error',
        errorMessage: "Cannot find module '/var/task/lib/util' imported from /var/task/index.mjs",
      },
    });
  });

  it('mounts layers under /opt and resolves their packages through NODE_PATH', async () => {
    const env = await environment(
      "const { json } = require('shared-utils');\nconst direct = require('/opt/nodejs/node_modules/shared-utils');\nexports.handler = async () => ({ same: json === direct.json, status: json(201, {}).statusCode });",
      { layers: [...DEMO_LAYER_CONTENTS] },
    );
    expect(payloadOf(await env.invoke())).toEqual({ same: true, status: 201 });
    const detached = await environment("require('powertools-lite');\nexports.handler = async () => 1;");
    expect(detached.init).toMatchObject({ ok: false, error: { errorType: 'Runtime.ImportModuleError' } });
  });

  it('offers the built-ins (with and without node:) and explains the ones a browser cannot have', async () => {
    const env = await environment(`
      const path = require('node:path');
      const { randomUUID } = require('crypto');
      const util = require('util');
      const { EventEmitter } = require('events');
      const { Buffer } = require('buffer');
      const { setTimeout: sleep } = require('timers/promises');
      const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
      exports.handler = async () => {
        const emitter = new EventEmitter(); let got; emitter.on('x', (v) => (got = v)); emitter.emit('x', 5);
        await sleep(1);
        let http; try { require('https'); } catch (e) { http = e.message; }
        return { p: path.join('/tmp', 'a', '..', 'b.txt'), uuid: /^[0-9a-f-]{36}$/.test(randomUUID()), f: util.format('%s=%d', 'a', 1),
          got, b64: Buffer.from('hi').toString('base64'), sdk: typeof new DynamoDBClient({}).send, http };
      };`);
    expect(payloadOf(await env.invoke())).toEqual({
      p: '/tmp/b.txt',
      uuid: true,
      f: 'a=1',
      got: 5,
      b64: 'aGk=',
      sdk: 'function',
      http: "Coldstart sandbox: the 'https' module is not available here (no network or processes in the browser); use the simulated AWS clients.",
    });
  });
});

describe('init errors', () => {
  it('reports the handler errors the runtime reports', async () => {
    expect((await environment('exports.other = async () => 1;')).init).toMatchObject({
      ok: false,
      error: {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: 'index.handler is undefined or not exported',
      },
    });
    expect((await environment('exports.handler = 42;')).init).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is not a function' },
    });
    expect(
      (await environment('exports.handler = async () => 1;', { settings: { handler: 'app.handler' } })).init,
    ).toMatchObject({
      ok: false,
      error: {
        errorType: 'Runtime.ImportModuleError',
        errorMessage: "Error: Cannot find module 'app'\nRequire stack:\n- /var/runtime/index.mjs",
      },
    });
    expect(
      (await environment('exports.handler = async () => 1;', { settings: { handler: 'index' } })).init,
    ).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.MalformedHandlerName', errorMessage: 'Bad handler' },
    });
  });

  it('gives a syntax error its line and column, in ES modules and in CommonJS, and logs it', async () => {
    const esm = await environment('const a = 1;\nexport const handler = async () => {\n  return { a: };\n};');
    expect(esm.init).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.UserCodeSyntaxError' },
      syntax: { line: 3, column: 15, file: 'index.mjs' }, // the `}` after `a:`
    });
    expect(!esm.init.ok && esm.init.error.trace).toContain('    at /var/task/index.mjs:3');
    expect(esm.messages()[0]).toMatch(
      /^Uncaught Exception \t\{"errorType":"Runtime.UserCodeSyntaxError","errorMessage":"SyntaxError: /,
    );
    const cjs = await environment({
      'index.js': "require('./lib');\nexports.handler = async () => 1;",
      'lib.js': 'const x = ;',
    });
    expect(cjs.init).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.UserCodeSyntaxError' },
      syntax: { line: 1, file: 'lib.js' },
    });
  });

  it('a missing package: ImportModuleError with the require stack (CommonJS), a plain Error (ES module)', async () => {
    const cjs = await environment({
      'index.js': "require('./lib/db');\nexports.handler = async () => 1;",
      'lib/db.js': "require('lodash');",
    });
    expect(cjs.init).toMatchObject({
      ok: false,
      error: {
        errorType: 'Runtime.ImportModuleError',
        errorMessage:
          "Error: Cannot find module 'lodash'\nRequire stack:\n- /var/task/lib/db.js\n- /var/task/index.js\n- /var/runtime/index.mjs",
      },
    });
    const esm = await environment("import _ from 'lodash';\nexport const handler = async () => 1;");
    expect(esm.init).toMatchObject({
      ok: false,
      error: {
        errorType: 'Error',
        errorMessage: "Cannot find package 'lodash' imported from /var/task/index.mjs",
      },
    });
  });

  it('an error thrown by module code fails init with that error', async () => {
    const env = await environment("throw new TypeError('bad config');\nexports.handler = async () => 1;");
    expect(env.init).toMatchObject({
      ok: false,
      error: { errorType: 'TypeError', errorMessage: 'bad config' },
    });
    expect(env.messages()[0]).toMatch(
      /^Uncaught Exception \t\{"errorType":"TypeError","errorMessage":"bad config"/,
    );
  });
});

describe('nodejs24.x', () => {
  it('refuses a callback-style handler at init, exactly as the runtime interface client 4.x does', async () => {
    const env = await environment('exports.handler = (event, context, callback) => callback(null, 1);', {
      runtime: 'nodejs24.x',
    });
    expect(env.init).toEqual({
      ok: false,
      durationMs: expect.any(Number),
      error: {
        errorType: 'Runtime.CallbackHandlerDeprecated',
        errorMessage: CALLBACK_HANDLER_DEPRECATED,
        trace: expect.arrayContaining([`Runtime.CallbackHandlerDeprecated: ${CALLBACK_HANDLER_DEPRECATED}`]),
      },
    });
    expect(CALLBACK_HANDLER_DEPRECATED).toBe(
      'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.',
    );
    expect(env.messages()[0]).toMatch(/^Init Error \t\{"errorType":"Runtime.CallbackHandlerDeprecated"/);
    // nodejs22.x still takes it.
    const old = await environment('exports.handler = (event, context, callback) => callback(null, 1);');
    expect(payloadOf(await old.invoke())).toBe(1);
  });

  it('awaits handler(event, context): no callback members on the context, a plain return value is the response', async () => {
    const env = await environment(
      `exports.handler = (event, context) => ({ keys: ['succeed', 'fail', 'done', 'callbackWaitsForEmptyEventLoop'].filter((k) => k in context),
        version: process.version, env: process.env.AWS_EXECUTION_ENV, trace: context.xRayTraceId });`,
      { runtime: 'nodejs24.x' },
    );
    expect(payloadOf(await env.invoke())).toEqual({
      keys: [],
      version: expect.stringMatching(/^v24\./),
      env: 'AWS_Lambda_nodejs24.x',
      trace: 'Root=1-67890abc-0123456789abcdef01234567;Sampled=0',
    });
  });
});

describe('nodejs22.x handler semantics', () => {
  it('callbacks, context.succeed and the empty-loop rule', async () => {
    const env = await environment(`
      exports.handler = (event, context, callback) => {
        if (event.kind === 'callback') setTimeout(() => callback(null, { ok: event.kind }), 5);
        if (event.kind === 'succeed') context.succeed('via succeed');
        if (event.kind === 'fail') context.fail();
        if (event.kind === 'nowait') { context.callbackWaitsForEmptyEventLoop = false; setTimeout(() => console.log('left behind'), 50); callback(null, 'early'); }
        if (event.kind === 'plain') return 'ignored';
      };`);
    expect(payloadOf(await env.invoke({ kind: 'callback' }))).toEqual({ ok: 'callback' });
    expect(payloadOf(await env.invoke({ kind: 'succeed' }))).toBe('via succeed');
    expect(await env.invoke({ kind: 'fail' })).toMatchObject({
      outcome: 'error',
      error: { errorType: 'string', errorMessage: 'handled' },
    });
    // A handler that returns no promise and never calls back answers null once the loop is empty.
    expect(payloadOf(await env.invoke({ kind: 'plain' }))).toBeNull();
    expect(payloadOf(await env.invoke({ kind: 'nowait' }))).toBe('early');
    expect(env.messages()).not.toContain('left behind');
  });

  it('awaits a returned promise even when nothing the sandbox sees is pending (browser-native work may be)', async () => {
    const env = await environment(
      'exports.handler = async () => { const bytes = await crypto.subtle.digest("SHA-256", new Uint8Array([1])); return bytes.byteLength; };',
    );
    expect(payloadOf(await env.invoke())).toBe(32);
  });
});

describe('a returned promise that never settles', () => {
  it('ends the process as Runtime.NodeJsExit once nothing is pending (nodejs22.x and nodejs24.x)', async () => {
    for (const runtime of ['nodejs22.x', 'nodejs24.x'] as const) {
      const env = await environment('exports.handler = async () => { await new Promise(() => {}); };', {
        runtime,
      });
      const result = await env.invoke({}, 'never-settles');
      expect(result, runtime).toMatchObject({
        outcome: 'crash',
        error: {
          errorType: 'Runtime.NodeJsExit',
          errorMessage: expect.stringMatching(/^RequestId: never-settles Error: /),
        },
      });
      expect(env.host.running(), runtime).toEqual([]);
    }
  });

  it('is not ended while a timer or browser-native work it waits on is still to come', async () => {
    const env = await environment(
      'exports.handler = async () => { await new Promise((resolve) => setTimeout(resolve, 400)); const d = await crypto.subtle.digest("SHA-256", new Uint8Array(4)); return d.byteLength; };',
    );
    expect(payloadOf(await env.invoke())).toBe(32);
  });
});

describe('invocations', () => {
  it('passes a full context whose remaining time counts down, and Lambda environment variables', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 26, 12) });
    const env = await environment(`exports.handler = async (e, c) => {
      const first = c.getRemainingTimeInMillis();
      await new Promise((r) => setTimeout(r, 250));
      return { first, later: c.getRemainingTimeInMillis(), name: c.functionName, version: c.functionVersion, arn: c.invokedFunctionArn,
        mem: c.memoryLimitInMB, id: c.awsRequestId, group: c.logGroupName, stream: c.logStreamName, wait: c.callbackWaitsForEmptyEventLoop,
        env: ['AWS_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '_HANDLER', 'STAGE', 'AWS_EXECUTION_ENV', 'TZ', 'AWS_LAMBDA_LOG_FORMAT', 'AWS_LAMBDA_LOG_LEVEL', '_X_AMZN_TRACE_ID'].map((k) => process.env[k] ?? null),
        node: process.version, date: new Date().toISOString() };
    };`);
    const pending = env.invoke({}, 'abc-123');
    await vi.advanceTimersByTimeAsync(250);
    const value = payloadOf(await pending) as Record<string, unknown>;
    expect(value).toEqual({
      first: 3000,
      later: 2750,
      name: 'fn',
      version: '$LATEST',
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
      mem: '256',
      id: 'abc-123',
      group: '/aws/lambda/fn',
      stream: '2026/11/26/[$LATEST]0123456789abcdef0123456789abcdef',
      wait: true,
      env: [
        'eu-west-1',
        'fn',
        '256',
        'index.handler',
        'test',
        'AWS_Lambda_nodejs22.x',
        ':UTC',
        'Text',
        null,
        'Root=1-67890abc-0123456789abcdef01234567;Sampled=0',
      ],
      node: expect.stringMatching(/^v22\./),
      date: '2026-11-26T12:00:00.250Z',
    });
  });

  it('returns function errors in the Node.js shape and logs them as the runtime does', async () => {
    const env = await environment('exports.handler = async () => { throw new RangeError("too big"); };');
    const result = await env.invoke();
    expect(result).toMatchObject({
      outcome: 'error',
      error: { errorType: 'RangeError', errorMessage: 'too big' },
    });
    expect(result.outcome === 'error' && result.error.trace[0]).toBe('RangeError: too big');
    expect(result.outcome === 'error' && result.error.trace[1]).toMatch(/^ {4}at .*\/var\/task\/index\.js:1/);
    expect(env.records.at(-1)).toMatchObject({
      level: 'ERROR',
      message: expect.stringMatching(
        /^Invoke Error \t\{"errorType":"RangeError","errorMessage":"too big","stack":\["RangeError: too big"/,
      ),
    });
  });

  it('refuses results that are not JSON-serialisable the way each runtime version does', async () => {
    const code =
      'exports.handler = async (e) => { if (e.kind === "cyclic") { const a = {}; a.self = a; return a; } return { n: 10n }; };';
    const old = await environment(code);
    expect(await old.invoke({ kind: 'cyclic' })).toMatchObject({
      outcome: 'error',
      error: { errorType: 'Error', errorMessage: 'Unable to stringify response body' },
    });
    expect(await old.invoke({ kind: 'bigint' })).toMatchObject({
      outcome: 'error',
      error: { errorMessage: 'Unable to stringify response body' },
    });
    const current = await environment(
      code.replace('exports.handler = async (e)', 'exports.handler = async (e)'),
      { runtime: 'nodejs24.x' },
    );
    expect(await current.invoke({ kind: 'cyclic' })).toMatchObject({
      outcome: 'error',
      error: { errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' },
    });
  });

  it('freezes between invokes on fake timers: a timer set by one invoke fires only in the next', async () => {
    vi.useFakeTimers();
    const env = await environment(
      'exports.handler = async (e, c) => { if (e.arm) setTimeout(() => console.log("timer fired during", c.awsRequestId), 20); return "ok"; };',
    );
    await env.invoke({ arm: true }, 'first');
    await vi.advanceTimersByTimeAsync(1000);
    expect(env.messages()).not.toContain('timer fired during first');
    await env.invoke({}, 'second');
    expect(env.messages()).toContain('timer fired during first');
    // It fired inside the second invocation: its record precedes nothing of the first.
    expect(env.records).toHaveLength(1);
  });

  it('freezes work left pending: a promise chain waiting on a timer resumes only while a later invoke runs', async () => {
    vi.useFakeTimers();
    const env = await environment(`const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
exports.handler = async (e) => {
  if (e.start) sleep(20).then(() => sleep(5)).then(() => console.log('background work finished'));
  if (e.wait) await sleep(e.wait);
  return 'ok';
};`);
    await env.invoke({ start: true });
    await vi.advanceTimersByTimeAsync(500);
    await env.invoke({});
    await vi.advanceTimersByTimeAsync(500);
    expect(env.messages()).not.toContain('background work finished');
    const third = env.invoke({ wait: 30 });
    await vi.advanceTimersByTimeAsync(30);
    await third;
    expect(env.messages()).toContain('background work finished');
  });

  it('process.exit crashes the environment with Runtime.ExitError naming the request', async () => {
    const env = await environment('exports.handler = async () => { process.exit(3); };');
    expect(await env.invoke({}, 'rid')).toMatchObject({
      outcome: 'crash',
      error: {
        errorType: 'Runtime.ExitError',
        errorMessage: 'RequestId: rid Error: Runtime exited with error: exit status 3',
      },
    });
  });

  it('implements /tmp through fs, fs/promises and callbacks, within the ephemeral storage quota', async () => {
    const env = await environment(
      `
      const fs = require('fs'); const fsp = require('fs/promises');
      exports.handler = async (e) => {
        if (e.big) { try { fs.writeFileSync('/tmp/big', Buffer.alloc(600 * 1024 * 1024)); } catch (err) { return err.code + ' ' + err.message; } }
        await fsp.writeFile('/tmp/a.txt', 'one');
        fs.appendFileSync('/tmp/a.txt', '-two');
        await fsp.mkdir('/tmp/d/e', { recursive: true });
        const viaCallback = await new Promise((res, rej) => fs.readFile('/tmp/a.txt', 'utf8', (err, v) => (err ? rej(err) : res(v))));
        let missing; try { await fsp.readFile('/tmp/none'); } catch (err) { missing = err.message; }
        let readOnly; try { fs.writeFileSync('/var/task/x', '1'); } catch (err) { readOnly = err.code; }
        return { list: await fsp.readdir('/tmp'), viaCallback, size: (await fsp.stat('/tmp/a.txt')).size, exists: fs.existsSync('/tmp/d/e'), missing, readOnly,
          own: fs.readFileSync('/var/task/index.js', 'utf8').length > 0 };
      };`,
      // The 600 MB buffer is memory before it is /tmp: the function needs the memory to hold it.
      { settings: { memoryMb: 1024 } },
    );
    expect(payloadOf(await env.invoke())).toEqual({
      list: ['a.txt', 'd'],
      viaCallback: 'one-two',
      size: 7,
      exists: true,
      missing: "ENOENT: no such file or directory, open '/tmp/none'",
      readOnly: 'EROFS',
      own: true,
    });
    expect(payloadOf(await env.invoke({ big: true }))).toBe('ENOSPC ENOSPC: no space left on device, write');
    expect(await env.host.tmp?.('env-1')).toEqual([{ path: '/tmp/a.txt', size: 7 }]);
  });
});

describe('console', () => {
  it('writes one record per call in the text format: level, util.format message, raw stdout', async () => {
    const env = await environment(
      `console.log('booting');
exports.handler = async () => {
  console.log('hello %s', 'ada', { a: 1 }); console.warn('careful'); console.error(new Error('x').message); console.debug('dbg');
  console.trace('deep'); console.fatal('end'); process.stdout.write('raw line\\n'); console.dir({ b: 2 });
  return null;
};`,
    );
    await env.invoke();
    expect(env.records.map(({ level, message, fields }) => ({ level, message, fields }))).toEqual([
      { level: 'INFO', message: 'booting', fields: undefined },
      { level: 'INFO', message: 'hello ada { a: 1 }', fields: undefined },
      { level: 'WARN', message: 'careful', fields: undefined },
      { level: 'ERROR', message: 'x', fields: undefined },
      { level: 'DEBUG', message: 'dbg', fields: undefined },
      { level: 'TRACE', message: 'deep', fields: undefined },
      { level: 'FATAL', message: 'end', fields: undefined },
      { level: null, message: 'raw line', fields: undefined },
      { level: null, message: '{ b: 2 }', fields: undefined },
    ]);
    expect(env.records.every((record) => typeof record.time === 'number')).toBe(true);
  });

  it('in the JSON format keeps what the runtime interface client keeps, and filters by AWS_LAMBDA_LOG_LEVEL', async () => {
    const code = `exports.handler = async () => {
      console.info({ orderId: 7, items: [1, 2] });
      console.info('total %d', 42);
      console.error('failed', new TypeError('bad input'));
      console.error(new TypeError('bad input'), 'first');
      console.debug('hidden at INFO');
      return null;
    };`;
    const env = await environment(code, { settings: { logFormat: 'JSON', applicationLogLevel: 'INFO' } });
    await env.invoke();
    expect(env.records.map((record) => record.fields)).toEqual([
      { message: { orderId: 7, items: [1, 2] } },
      { message: 'total 42' },
      {
        message: expect.stringMatching(/^failed TypeError: bad input/),
        errorType: 'TypeError',
        errorMessage: 'bad input',
        stackTrace: expect.arrayContaining(['TypeError: bad input']),
      },
      expect.objectContaining({ errorType: 'TypeError' }),
    ]);
    expect(env.records.map((record) => record.level)).toEqual(['INFO', 'INFO', 'ERROR', 'ERROR']);
    // 4.x looks for the Error only after the first argument.
    const current = await environment(code, {
      runtime: 'nodejs24.x',
      settings: { logFormat: 'JSON', applicationLogLevel: 'WARN' },
    });
    await current.invoke();
    expect(current.records.map((record) => record.fields)).toEqual([
      expect.objectContaining({ errorType: 'TypeError' }),
      { message: expect.stringMatching(/^TypeError: bad input/) },
    ]);
  });
});

describe('memory and log limits', () => {
  it('Max Memory Used follows the buffers the handler holds, and process.memoryUsage() reports them', async () => {
    const env = await environment(
      `const held = [];
      exports.handler = async (e) => {
        if (e.mb) held.push(Buffer.alloc(e.mb * 1024 * 1024));
        const usage = process.memoryUsage();
        return { rss: Math.round(usage.rss / 1048576), arrayBuffers: Math.round(usage.arrayBuffers / 1048576) };
      };`,
      { settings: { memoryMb: 256 } },
    );
    const idle = await env.invoke({});
    expect(idle.outcome).toBe('success');
    const resting = idle.maxMemoryUsedMb;
    expect(resting).toBeGreaterThan(50);
    const grown = await env.invoke({ mb: 40 });
    expect(payloadOf(grown)).toMatchObject({ arrayBuffers: 40 });
    expect(grown.maxMemoryUsedMb).toBeGreaterThanOrEqual(resting + 40);
    const more = await env.invoke({ mb: 40 });
    expect(payloadOf(more)).toMatchObject({ arrayBuffers: 80 });
    expect(more.maxMemoryUsedMb).toBeGreaterThanOrEqual(resting + 80);
  });

  it('an environment that grows past its memory size is killed as Lambda kills it (Runtime.OutOfMemory)', async () => {
    const env = await environment(
      `const held = [];
      exports.handler = async () => {
        for (;;) held.push(Buffer.alloc(8 * 1024 * 1024));
      };`,
      { settings: { memoryMb: 128 } },
    );
    const result = await env.invoke({}, 'oom-1');
    expect(result).toMatchObject({
      outcome: 'crash',
      error: {
        errorType: 'Runtime.OutOfMemory',
        errorMessage: 'RequestId: oom-1 Error: Runtime exited with error: signal: killed',
        trace: [],
      },
    });
    expect(result.maxMemoryUsedMb).toBeGreaterThan(128);
    expect(result.maxMemoryUsedMb).toBeLessThan(128 + 16);
  });

  it('cuts a log line longer than a CloudWatch event (1 MB) and says so at its end', async () => {
    const env = await environment(
      `exports.handler = async () => { console.log('a'.repeat(5 * 1024 * 1024)); process.stdout.write('b'.repeat(1100000) + '\\n'); return 1; };`,
    );
    await env.invoke();
    const long = env.records.filter((record) => /^[ab]{1000}/.test(record.message));
    expect(long).toHaveLength(2);
    for (const record of long) {
      expect(new TextEncoder().encode(record.message).byteLength).toBeLessThanOrEqual(1024 * 1024 - 26);
      expect(record.message).toMatch(
        /\[Coldstart: log event cut at 1,048,550 bytes, CloudWatch's 1 MB event limit; the line had [\d,]+ bytes\]$/,
      );
    }
    expect(long[0]!.message).toContain('the line had 5,242,880 bytes');
  });
});

describe('results Node.js cannot serialise', () => {
  it('a result nested deeper than Node.js can stringify fails as the runtime fails it; one within the limit is returned', async () => {
    const env = await environment(
      `exports.handler = async (e) => { let o = { end: true }; for (let i = 1; i < e.depth; i++) o = { o }; return o; };`,
    );
    const deep = await env.invoke({ depth: 200_000 });
    expect(deep).toMatchObject({
      outcome: 'error',
      error: { errorType: 'Error', errorMessage: 'Unable to stringify response body' },
    });
    const within = await env.invoke({ depth: 4_000 });
    expect(within.outcome).toBe('success');
  });
});

describe('time zone', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('is UTC inside the environment whatever the machine says (TZ=:UTC)', async () => {
    process.env.TZ = 'America/New_York';
    const env = await environment(
      `exports.handler = async () => { const d = new Date(Date.UTC(2026, 0, 15, 9, 30, 0)); const local = new Date(2026, 0, 15, 9, 30);
        return { offset: d.getTimezoneOffset(), hours: d.getHours(), text: d.toString(), same: local.getTime() === d.getTime(), tz: process.env.TZ }; };`,
    );
    expect(payloadOf(await env.invoke())).toEqual({
      offset: 0,
      hours: 9,
      text: 'Thu Jan 15 2026 09:30:00 GMT+0000 (Coordinated Universal Time)',
      same: true,
      tz: ':UTC',
    });
  });
});
