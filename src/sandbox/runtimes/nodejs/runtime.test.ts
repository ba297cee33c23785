import { afterEach, describe, expect, it, vi } from 'vitest';
import { transform } from 'sucrase';
import type { FunctionSettings, WorkerEvent } from '../protocol';
import { createNodeRuntime, handlerFileName, needsTranspile } from './nodeRuntime';
import { serializeResult } from './errors';

const settings: FunctionSettings = {
  functionName: 'fn',
  functionVersion: '$LATEST',
  region: 'eu-west-1',
  accountId: '123456789012',
  memoryMb: 256,
  timeoutS: 3,
  ephemeralStorageMb: 512,
  handler: 'index.handler',
  environment: { STAGE: 'test' },
  initializationType: 'on-demand',
  layers: ['shared-utils'],
};

/** Runs the runtime in-process with recorded messages and the real sucrase. */
function boot() {
  const events: WorkerEvent[] = [];
  const g: Record<string, unknown> = {};
  const rt = createNodeRuntime(
    {
      post: (e) => events.push(e),
      now: () => performance.now(),
      epochNow: () => Date.now(),
      timers: {
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (id) => clearTimeout(id as number),
      },
      // Learner code sees the runtime's globals through `g`, as it would see the worker's global scope.
      evaluate: (source) => new Function('g', `with (g) { return eval(${JSON.stringify(source)}); }`)(g),
      crypto: globalThis.crypto,
    },
    () => (code, language) =>
      transform(code, { transforms: language === 'typescript' ? ['typescript', 'imports'] : ['imports'] })
        .code,
  );
  rt.installGlobals(g);
  const next = async <T extends WorkerEvent['t']>(t: T): Promise<Extract<WorkerEvent, { t: T }>> => {
    await vi.waitFor(() => {
      if (!events.some((e) => e.t === t)) throw new Error(`no ${t} yet`);
    });
    const i = events.findIndex((e) => e.t === t);
    return events.splice(i, 1)[0] as Extract<WorkerEvent, { t: T }>;
  };
  const logs = () => events.filter((e) => e.t === 'log').map((e) => (e as { line: string }).line);
  const init = async (
    code: string,
    extra: Partial<FunctionSettings> = {},
    language: 'javascript' | 'typescript' = 'javascript',
  ) => {
    void rt.init({
      t: 'init',
      code,
      language,
      transpilerSource: '',
      settings: { ...settings, ...extra },
      logStreamName: '2026/11/26/[$LATEST]abc',
      tmp: { dirs: [], files: [] },
    });
    return next('init.done');
  };
  let seq = 0;
  const invoke = async (event: unknown = {}, requestId = `req-${++seq}`) => {
    rt.invoke({
      t: 'invoke',
      id: seq,
      nonce: 'n',
      requestId,
      event: JSON.stringify(event),
      deadline: Date.now() + 3000,
      traceId: 'Root=1-x',
    });
    const r = await Promise.race([next('result'), next('crash')]);
    return r;
  };
  return { rt, events, init, invoke, logs, next };
}

afterEach(() => vi.useRealTimers());

describe('module loader and handler resolution', () => {
  it('runs module code once and keeps module state across invokes (export const handler)', async () => {
    const b = boot();
    const done = await b.init(
      `let n = 0;\nconsole.log('init');\nexport const handler = async () => ({ n: ++n });`,
    );
    expect(done).toMatchObject({ ok: true });
    expect(done.ok && done.transpiled).toContain('exports.handler');
    expect(await b.invoke()).toMatchObject({ payload: '{"n":1}' });
    expect(await b.invoke()).toMatchObject({ payload: '{"n":2}' });
    expect(b.logs().filter((l) => l.endsWith('\tinit'))).toHaveLength(1);
  });

  it('supports exports.handler, module.exports.handler, TypeScript and the file.function setting', async () => {
    expect(await boot().init('exports.handler = async () => 1;')).toMatchObject({ ok: true });
    expect(
      await boot().init('module.exports.main = async () => 1;', { handler: 'index.main' }),
    ).toMatchObject({ ok: true });
    const ts = boot();
    expect(
      await ts.init(
        'export const handler = async (e: { a: number }): Promise<number> => e.a * 2;',
        {},
        'typescript',
      ),
    ).toMatchObject({ ok: true });
    expect(await ts.invoke({ a: 21 })).toMatchObject({ payload: '42' });
  });

  it('resolves built-ins, node: prefixes, layers and the simulated SDK; unknown modules fail like Node', async () => {
    const b = boot();
    await b.init(`
      const path = require('node:path');
      const { randomUUID } = require('crypto');
      const util = require('util');
      const { EventEmitter } = require('events');
      const { Buffer } = require('buffer');
      const { json } = require('/opt/nodejs/node_modules/shared-utils');
      const utils2 = require('shared-utils');
      const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
      exports.handler = async () => {
        const em = new EventEmitter(); let got; em.on('x', (v) => (got = v)); em.emit('x', 5);
        return { p: path.join('/tmp', 'a', '..', 'b.txt'), uuid: /^[0-9a-f-]{36}$/.test(randomUUID()), f: util.format('%s=%d', 'a', 1),
          got, b64: Buffer.from('hi').toString('base64'), same: json === utils2.json, res: json(200, { ok: 1 }).statusCode,
          sdk: typeof new DynamoDBClient({}).send };
      };`);
    const r = await b.invoke();
    expect(r.t === 'result' && 'payload' in r && JSON.parse(r.payload)).toEqual({
      p: '/tmp/b.txt',
      uuid: true,
      f: 'a=1',
      got: 5,
      b64: 'aGk=',
      same: true,
      res: 200,
      sdk: 'function',
    });
    const missing = await boot().init(`const _ = require('lodash');\nexports.handler = async () => 1;`);
    expect(missing).toMatchObject({ ok: false, error: { errorType: 'Runtime.ImportModuleError' } });
    expect(!missing.ok && missing.error.errorMessage).toContain("Error: Cannot find module 'lodash'");
    // A layer that is not attached is not on the path.
    const noLayer = await boot().init(`require('powertools-lite'); exports.handler = async () => 1;`);
    expect(noLayer).toMatchObject({ ok: false, error: { errorType: 'Runtime.ImportModuleError' } });
  });

  it('reports the handler errors Lambda reports', async () => {
    expect(await boot().init('exports.other = async () => 1;')).toMatchObject({
      ok: false,
      error: {
        errorType: 'Runtime.HandlerNotFound',
        errorMessage: 'index.handler is undefined or not exported',
      },
    });
    expect(await boot().init('exports.handler = async () => 1;', { handler: 'app.handler' })).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.ImportModuleError' },
    });
    const syntax = await boot().init(
      'const a = 1;\nexport const handler = async () => {\n  return { a: };\n};',
    );
    expect(syntax).toMatchObject({
      ok: false,
      error: { errorType: 'Runtime.UserCodeSyntaxError' },
      syntax: { line: 3 },
    });
    const thrown = await boot().init(`throw new TypeError('bad config');\nexports.handler = async () => 1;`);
    expect(thrown).toMatchObject({
      ok: false,
      error: { errorType: 'TypeError', errorMessage: 'bad config' },
    });
  });
});

describe('invocations', () => {
  it('passes a full context whose remaining time counts down', async () => {
    const b = boot();
    await b.init(`exports.handler = async (e, c) => {
      const first = c.getRemainingTimeInMillis();
      await new Promise((r) => setTimeout(r, 30));
      return { first, later: c.getRemainingTimeInMillis(), name: c.functionName, version: c.functionVersion, arn: c.invokedFunctionArn,
        mem: c.memoryLimitInMB, id: c.awsRequestId, group: c.logGroupName, stream: c.logStreamName, wait: c.callbackWaitsForEmptyEventLoop,
        env: [process.env.AWS_REGION, process.env.AWS_LAMBDA_FUNCTION_NAME, process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, process.env._HANDLER, process.env.STAGE, process.env.AWS_EXECUTION_ENV, process.env.TZ] };
    };`);
    const r = await b.invoke({}, 'abc-123');
    const v = r.t === 'result' && 'payload' in r ? JSON.parse(r.payload) : null;
    expect(v.first).toBeLessThanOrEqual(3000);
    expect(v.first - v.later).toBeGreaterThanOrEqual(25);
    expect(v).toMatchObject({
      name: 'fn',
      version: '$LATEST',
      arn: 'arn:aws:lambda:eu-west-1:123456789012:function:fn',
      mem: '256',
      id: 'abc-123',
      group: '/aws/lambda/fn',
      stream: '2026/11/26/[$LATEST]abc',
      wait: true,
      env: ['eu-west-1', 'fn', '256', 'index.handler', 'test', 'AWS_Lambda_nodejs22.x', ':UTC'],
    });
  });

  it('writes console output as CloudWatch lines with timestamp, request id and level', async () => {
    const b = boot();
    await b.init(
      `console.log('booting');\nexports.handler = async () => { console.log('hello %s', 'ada', { a: 1 }); console.warn('careful'); console.error(new Error('x').message); console.debug('dbg'); return null; };`,
    );
    await b.invoke({}, 'req-42');
    const lines = b.logs();
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tundefined\tINFO\tbooting$/);
    expect(lines[1]).toMatch(/^\S+Z\treq-42\tINFO\thello ada \{ a: 1 \}$/);
    expect(lines[2]).toMatch(/\treq-42\tWARN\tcareful$/);
    expect(lines[3]).toMatch(/\treq-42\tERROR\tx$/);
    expect(lines[4]).toMatch(/\treq-42\tDEBUG\tdbg$/);
  });

  it('supports callback-style handlers', async () => {
    const b = boot();
    await b.init(
      `exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { ok: event.x }), 5); };`,
    );
    expect(await b.invoke({ x: 7 })).toMatchObject({ payload: '{"ok":7}' });
  });

  it('returns function errors in the Node.js shape and logs them', async () => {
    const b = boot();
    await b.init(`exports.handler = async () => { throw new RangeError('too big'); };`);
    const r = await b.invoke();
    expect(r).toMatchObject({ error: { errorType: 'RangeError', errorMessage: 'too big' } });
    expect(r.t === 'result' && 'error' in r && r.error.trace[0]).toBe('RangeError: too big');
    expect(
      b
        .logs()
        .some((l) => /\tERROR\tInvoke Error \t\{"errorType":"RangeError","errorMessage":"too big"/.test(l)),
    ).toBe(true);
  });

  it('gives a clear runtime error for results that are not JSON-serialisable', async () => {
    const b = boot();
    await b.init(
      `exports.handler = async (e) => { if (e.kind === 'cyclic') { const a = {}; a.self = a; return a; } return { n: 10n }; };`,
    );
    const cyclic = await b.invoke({ kind: 'cyclic' });
    expect(cyclic).toMatchObject({
      error: { errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' },
    });
    expect(b.logs().some((l) => l.includes('circular'))).toBe(true);
    const big = await b.invoke({ kind: 'bigint' });
    expect(big).toMatchObject({ error: { errorType: 'Runtime.JSONStringifyError' } });
    expect(b.logs().some((l) => l.includes('BigInt'))).toBe(true);
  });

  it('freezes between invokes: a timer set by one invoke fires only after the next one starts', async () => {
    const b = boot();
    await b.init(
      `exports.handler = async (e, c) => { if (e.arm) setTimeout(() => console.log('timer fired during', c.awsRequestId), 20); return 'ok'; };`,
    );
    await b.invoke({ arm: true }, 'first');
    await new Promise((r) => setTimeout(r, 60));
    expect(b.logs().some((l) => l.includes('timer fired'))).toBe(false);
    await b.invoke({}, 'second');
    await vi.waitFor(() =>
      expect(b.logs().some((l) => /\tsecond\tINFO\ttimer fired during first$/.test(l))).toBe(true),
    );
  });

  it('freezes work left pending: a promise chain waiting on a timer resumes only in the next invoke', async () => {
    const b = boot();
    await b.init(
      `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
exports.handler = async (e) => {
  if (e.start) sleep(20).then(() => sleep(5)).then(() => console.log('background work finished'));
  if (e.wait) await sleep(e.wait);
  return 'ok';
};`,
    );
    await b.invoke({ start: true }, 'first');
    await new Promise((r) => setTimeout(r, 80));
    expect(b.logs().some((l) => l.includes('background work finished'))).toBe(false);
    // A short invoke thaws the first timer, but the chain's next timer is still pending when it returns.
    await b.invoke({}, 'second');
    await new Promise((r) => setTimeout(r, 40));
    expect(b.logs().some((l) => l.includes('background work finished'))).toBe(false);
    // An invoke that runs long enough lets the rest of the chain finish, inside it.
    await b.invoke({ wait: 30 }, 'third');
    expect(b.logs().some((l) => /\tthird\tINFO\tbackground work finished$/.test(l))).toBe(true);
  });

  it('process.exit crashes the environment with Runtime.ExitError', async () => {
    const b = boot();
    await b.init(`exports.handler = async () => { process.exit(1); };`);
    const r = await b.invoke({}, 'rid');
    expect(r).toMatchObject({
      t: 'crash',
      error: {
        errorType: 'Runtime.ExitError',
        errorMessage: 'RequestId: rid Error: Runtime exited with error: exit status 1',
      },
    });
  });

  it('implements /tmp through fs, fs/promises and callbacks, within the ephemeral storage quota', async () => {
    const b = boot();
    await b.init(`
      const fs = require('fs'); const fsp = require('fs/promises');
      exports.handler = async (e) => {
        if (e.big) { try { fs.writeFileSync('/tmp/big', Buffer.alloc(600 * 1024 * 1024)); } catch (err) { return err.code + ' ' + err.message; } }
        await fsp.writeFile('/tmp/a.txt', 'one');
        fs.appendFileSync('/tmp/a.txt', '-two');
        await fsp.mkdir('/tmp/d/e', { recursive: true });
        const viaCb = await new Promise((res, rej) => fs.readFile('/tmp/a.txt', 'utf8', (err, v) => (err ? rej(err) : res(v))));
        let missing; try { await fsp.readFile('/tmp/none'); } catch (err) { missing = err.message; }
        let ro; try { fs.writeFileSync('/var/task/x', '1'); } catch (err) { ro = err.code; }
        return { list: await fsp.readdir('/tmp'), viaCb, size: (await fsp.stat('/tmp/a.txt')).size, exists: fs.existsSync('/tmp/d/e'), missing, ro };
      };`);
    const r = await b.invoke();
    expect(r.t === 'result' && 'payload' in r && JSON.parse(r.payload)).toEqual({
      list: ['a.txt', 'd'],
      viaCb: 'one-two',
      size: 7,
      exists: true,
      missing: "ENOENT: no such file or directory, open '/tmp/none'",
      ro: 'EROFS',
    });
    expect(b.events.filter((e) => e.t === 'fs').length).toBeGreaterThan(0);
    const big = await b.invoke({ big: true });
    expect(big.t === 'result' && 'payload' in big && JSON.parse(big.payload)).toBe(
      'ENOSPC ENOSPC: no space left on device, write',
    );
  });
});

describe('helpers', () => {
  it('knows which code needs the transpiler and what the file is called', () => {
    expect(needsTranspile('exports.handler = 1', 'javascript')).toBe(false);
    expect(needsTranspile("import fs from 'fs'", 'javascript')).toBe(true);
    expect(needsTranspile('export const handler = 1', 'javascript')).toBe(true);
    expect(needsTranspile('const x = 1', 'typescript')).toBe(true);
    expect(handlerFileName('exports.handler = 1', 'javascript')).toBe('index.js');
    expect(handlerFileName('export const handler = 1', 'javascript')).toBe('index.mjs');
  });

  it('serialises undefined as null and refuses cycles and BigInt', () => {
    expect(serializeResult(undefined)).toEqual({ ok: true, json: 'null' });
    expect(serializeResult(() => 1)).toEqual({ ok: true, json: 'null' });
    const a: Record<string, unknown> = {};
    a.a = a;
    const r = serializeResult(a);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/circular/i);
    expect(serializeResult({ n: 1n }).ok).toBe(false);
  });
});
