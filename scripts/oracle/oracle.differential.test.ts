/**
 * Differential tests: the same handlers through AWS's runtime interface client (aws-lambda-ric 3.3.0, the
 * client of nodejs22.x, run by oracle.ts in child processes) and through the sandbox's Node.js runtime
 * (createInProcessHost, nodejs22.x). Responses, error bodies (errorType, errorMessage, the trace's first line and
 * the learner's file:line frames) and log lines (level and message) must match. Where the sandbox knowingly
 * differs, the case says what the oracle does, what the sandbox does and why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionLogRecord, InitResult, InvokeResult } from '../../src/sim/lambda/host';
import { renderRecord } from '../../src/sim/lambda/invocationLog';
import { testInitRequest, testInvokeRequest } from '../../src/sandbox/testing/fixtures';
import { createInProcessHost } from '../../src/sandbox/testing/inProcessHost';
import {
  comparableError,
  comparableMessage,
  comparableTrace,
  oracleLogs,
  oracleOutcome,
  sandboxLogs,
  sandboxOutcome,
} from './compare';
import { runOracle, type OracleCase, type OracleRun } from './oracle';

interface Case {
  files: Record<string, string>;
  handler?: string;
  /** Events, one invocation each. */
  events?: unknown[];
  /** The sandbox's time limit per invocation (a case that must not wait for the 3 s default). */
  remainingMs?: number;
}

const CASES = {
  'returns a value (async)': {
    files: { 'index.mjs': 'export const handler = async (event) => ({ ok: true, got: event.n });' },
    events: [{ n: 1 }, { n: 2 }],
  },
  'console.log/info/warn/error/debug/trace and multi-line messages': {
    files: {
      'index.js': [
        'exports.handler = async () => {',
        "  console.log('plain', 42, { a: [1, { b: 2 }] });",
        "  console.info('%s is %d years', 'Ada', 36.5);",
        "  console.warn('two\\nlines');",
        "  console.error(new TypeError('shown with its stack'));",
        "  console.debug('debug');",
        "  console.trace('trace');",
        "  process.stdout.write('raw line\\n');",
        '  return null;',
        '};',
      ].join('\n'),
    },
  },
  'module code logs before the first invocation': {
    files: { 'index.js': "console.log('cold');\nexports.handler = async () => 'warm';" },
  },
  'async throw of an Error': {
    files: {
      'index.mjs': "export const handler = async () => {\n  throw new Error('boom');\n};",
    },
  },
  'a subclass without its own name reports the name it inherits': {
    files: {
      'index.mjs':
        "class NotFound extends Error {}\nexport const handler = async () => {\n  throw new NotFound('gone');\n};",
    },
  },
  'a subclass that sets its own name': {
    files: {
      'index.js':
        "class ValidationError extends Error {\n  constructor(message) { super(message); this.name = 'ValidationError'; }\n}\nexports.handler = async () => {\n  throw new ValidationError('bad input');\n};",
    },
  },
  'a thrown plain object': {
    files: { 'index.js': "exports.handler = async () => {\n  throw { code: 42, reason: 'no' };\n};" },
  },
  'a thrown object with a message': {
    files: { 'index.js': "exports.handler = async () => {\n  throw { message: 'like an error' };\n};" },
  },
  'a thrown string': {
    files: { 'index.js': "exports.handler = async () => {\n  throw 'just text';\n};" },
  },
  'a thrown null': {
    files: { 'index.js': 'exports.handler = async () => {\n  throw null;\n};' },
  },
  'a thrown undefined': {
    files: { 'index.js': 'exports.handler = async () => {\n  throw undefined;\n};' },
  },
  'a synchronous throw in a non-async handler': {
    files: { 'index.js': "exports.handler = () => {\n  throw new RangeError('sync');\n};" },
  },
  'callback(null, value)': {
    files: {
      'index.js':
        "exports.handler = (event, context, callback) => {\n  callback(null, { via: 'callback' });\n};",
    },
  },
  'callback(error)': {
    files: {
      'index.js':
        "exports.handler = (event, context, callback) => {\n  callback(new Error('called back'));\n};",
    },
  },
  'callback waits for the event loop unless told not to': {
    files: {
      'index.js': [
        'let n = 0;',
        'exports.handler = (event, context, callback) => {',
        '  context.callbackWaitsForEmptyEventLoop = event.wait;',
        "  setTimeout(() => console.log('timer', ++n), 5);",
        '  callback(null, n);',
        '};',
      ].join('\n'),
    },
    events: [{ wait: true }],
  },
  'a non-async handler that returns a value without calling back answers null': {
    files: { 'index.js': 'exports.handler = () => {\n  return { ignored: true };\n};' },
  },
  'context.succeed': {
    files: { 'index.js': "exports.handler = (event, context) => {\n  context.succeed('succeeded');\n};" },
  },
  'context.fail with an error and with nothing': {
    files: {
      'index.js':
        "exports.handler = (event, context) => {\n  if (event.empty) context.fail();\n  else context.fail(new Error('failed'));\n};",
    },
    events: [{ empty: false }, { empty: true }],
  },
  'context.done(error) and context.done(null, value)': {
    files: {
      'index.js':
        "exports.handler = (event, context) => {\n  if (event.error) context.done(new Error('done badly'));\n  else context.done(null, 'done well');\n};",
    },
    events: [{ error: true }, { error: false }],
  },
  'only the first of callback, succeed and fail counts': {
    files: {
      'index.js':
        "exports.handler = (event, context, callback) => {\n  context.succeed('first');\n  context.fail(new Error('second'));\n  callback(null, 'third');\n};",
    },
  },
  'a result JSON cannot serialise': {
    files: {
      'index.js': 'exports.handler = async () => {\n  const a = {};\n  a.self = a;\n  return a;\n};',
    },
  },
  'handler not exported': {
    files: { 'index.js': 'exports.other = async () => 1;' },
  },
  'handler not a function': {
    files: { 'index.js': 'exports.handler = 42;' },
  },
  'handler module not found': {
    files: { 'app.js': 'exports.handler = async () => 1;' },
  },
  'a required package that is not there': {
    files: { 'index.js': "const missing = require('left-pad');\nexports.handler = async () => missing;" },
  },
  'module code throws during init': {
    files: {
      'index.js': 'const config = {};\nconfig.database.host;\nexports.handler = async () => 1;',
    },
  },
  'a syntax error in the handler module': {
    files: { 'index.js': 'exports.handler = async () => {\n  return 1 +;\n};' },
  },
  'a promise that never settles while nothing is pending': {
    files: { 'index.js': 'exports.handler = () => new Promise(() => {});' },
  },
  'process.exit during an invocation': {
    files: { 'index.js': 'exports.handler = async () => {\n  process.exit(3);\n};' },
  },
  'an exception thrown by a timer during an invocation': {
    files: {
      'index.js':
        "exports.handler = () => new Promise((resolve) => {\n  setTimeout(() => { throw new Error('from a timer'); }, 1);\n  setTimeout(resolve, 50);\n});",
    },
  },
} satisfies Record<string, Case>;

type CaseName = keyof typeof CASES;

const JSON_CASE = {
  files: {
    'index.js': [
      'exports.handler = async () => {',
      "  console.log('text', 1);",
      '  console.log({ a: 1, nested: { b: [1, 2] } });',
      "  console.info(new RangeError('as the only argument'));",
      "  console.warn('with %s', 'format', new TypeError('second argument'));",
      "  console.debug('below INFO: filtered');",
      "  throw new Error('failed');",
      '};',
    ].join('\n'),
  },
};

/** Request ids shared by both runs, so messages that quote them can be compared. */
function requestIdsOf(name: string, count: number): string[] {
  const key = [...name].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) >>> 0, 7);
  return Array.from(
    { length: count },
    (_, index) =>
      `${key.toString(16).padStart(8, '0')}-0000-4000-8000-${String(index + 1).padStart(12, '0')}`,
  );
}

function eventsOf(testCase: Case): unknown[] {
  return testCase.events ?? [{}];
}

const oracleRuns = new Map<string, OracleRun>();
const host = createInProcessHost();

beforeAll(async () => {
  // One child process per case, a few at a time (the machine is shared).
  const names = Object.keys(CASES) as CaseName[];
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      const testCase: Case = CASES[name];
      const ids = requestIdsOf(name, eventsOf(testCase).length);
      const oracleCase: OracleCase = {
        files: testCase.files,
        invocations: eventsOf(testCase).map((event, index) => ({ requestId: ids[index]!, event })),
        ...(testCase.handler ? { handler: testCase.handler } : {}),
      };
      oracleRuns.set(name, await runOracle(oracleCase));
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}, 60_000);

afterAll(() => host.dispose());

interface SandboxRun {
  init: InitResult;
  initLogs: FunctionLogRecord[];
  invocations: Array<{ result: InvokeResult; logs: FunctionLogRecord[] }>;
}

async function runSandbox(name: CaseName): Promise<SandboxRun> {
  const testCase: Case = CASES[name];
  const environmentId = `oracle-${name}`;
  let logs: FunctionLogRecord[] = [];
  const stop = host.onLog((id, record) => {
    if (id === environmentId) logs.push(record);
  });
  await host.start(environmentId, 'nodejs22.x');
  const init = await host.init(
    environmentId,
    testInitRequest(testCase.files, {
      settings: testCase.handler ? { handler: testCase.handler } : {},
    }),
  );
  const run: SandboxRun = { init, initLogs: logs, invocations: [] };
  if (init.ok) {
    const ids = requestIdsOf(name, eventsOf(testCase).length);
    for (const [index, event] of eventsOf(testCase).entries()) {
      logs = [];
      const result = await host.invoke(
        environmentId,
        testInvokeRequest(event, {
          requestId: ids[index]!,
          ...(testCase.remainingMs ? { remainingMs: testCase.remainingMs } : {}),
        }),
      );
      run.invocations.push({ result, logs });
    }
  }
  stop();
  await host.stop(environmentId, { keepTmp: false });
  return run;
}

function oracleOf(name: CaseName): OracleRun {
  const run = oracleRuns.get(name);
  if (!run) throw new Error(`no oracle run for ${name}`);
  return run;
}

/** Every invocation's outcome and logs, the oracle's and the sandbox's side by side. */
async function bothSides(name: CaseName) {
  const oracle = oracleOf(name);
  const sandbox = await runSandbox(name);
  return {
    oracle,
    sandbox,
    oracleInvocations: oracle.invocations.map((invocation) => ({
      outcome: oracleOutcome(invocation),
      logs: oracleLogs(invocation.logs),
    })),
    sandboxInvocations: sandbox.invocations.map((invocation) => ({
      outcome: sandboxOutcome(invocation.result),
      logs: sandboxLogs(invocation.logs),
    })),
  };
}

async function expectSameInvocations(name: CaseName): Promise<void> {
  const sides = await bothSides(name);
  expect(sides.sandbox.init).toMatchObject({ ok: true });
  expect(sides.oracleInvocations.length).toBe(eventsOf(CASES[name]).length);
  expect(sides.sandboxInvocations).toEqual(sides.oracleInvocations);
}

async function expectSameInitFailure(name: CaseName): Promise<void> {
  const { oracle, sandbox } = await bothSides(name);
  expect(oracle.initError, 'the oracle posts an init error').toBeDefined();
  expect(oracle.ended).toEqual({ kind: 'exit', code: 129, signal: null });
  expect(sandbox.init.ok).toBe(false);
  if (sandbox.init.ok) return;
  expect(comparableError(sandbox.init.error)).toEqual(comparableError(oracle.initError!));
  expect(sandboxLogs(sandbox.initLogs)).toEqual(oracleLogs(oracle.initLogs));
}

describe('the oracle (aws-lambda-ric 3.3.0) and the sandbox (nodejs22.x) agree', () => {
  it('on a returned value, invocation after invocation', () =>
    expectSameInvocations('returns a value (async)'));

  it('on console output: levels, util.format, objects, errors, multi-line messages and raw stdout', async () => {
    await expectSameInvocations('console.log/info/warn/error/debug/trace and multi-line messages');
  });

  it('on the console line format: <ISO time>\\t<request id>\\t<LEVEL>\\t<message>', async () => {
    const name = 'console.log/info/warn/error/debug/trace and multi-line messages';
    const oracleLine = oracleOf(name).invocations[0]!.logs[0]!;
    const [requestId] = requestIdsOf(name, 1);
    const sandbox = await runSandbox(name);
    const record = sandbox.invocations[0]!.logs[0]!;
    const rendered = renderRecord({
      type: 'function',
      runtime: 'nodejs22.x',
      logFormat: 'Text',
      requestId,
      functionName: 'fn',
      ...record,
    } as Parameters<typeof renderRecord>[0]);
    const shape = (line: string) => line.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, '<time>');
    expect(rendered.map(shape)).toEqual([shape(oracleLine.line)]);
  });

  it('on logs written by module code before the first invocation', async () => {
    const { oracle, sandbox } = await bothSides('module code logs before the first invocation');
    expect(sandboxLogs(sandbox.initLogs)).toEqual(oracleLogs(oracle.initLogs));
    expect(sandbox.invocations[0]!.result).toMatchObject({ outcome: 'success', payload: '"warm"' });
  });

  for (const name of [
    'async throw of an Error',
    'a subclass without its own name reports the name it inherits',
    'a subclass that sets its own name',
    'a thrown plain object',
    'a thrown object with a message',
    'a thrown string',
    'a thrown null',
    'a thrown undefined',
    'a synchronous throw in a non-async handler',
  ] as const)
    it(`on ${name}: errorType, errorMessage, trace and the Invoke Error line`, () =>
      expectSameInvocations(name));

  for (const name of [
    'callback(null, value)',
    'callback(error)',
    'callback waits for the event loop unless told not to',
    'a non-async handler that returns a value without calling back answers null',
    'context.succeed',
    'context.fail with an error and with nothing',
    'context.done(error) and context.done(null, value)',
    'only the first of callback, succeed and fail counts',
    'a result JSON cannot serialise',
  ] as const)
    it(`on ${name}`, () => expectSameInvocations(name));

  for (const name of [
    'handler not exported',
    'handler not a function',
    'handler module not found',
    'a required package that is not there',
    'module code throws during init',
  ] as const)
    it(`on an init failure: ${name}`, () => expectSameInitFailure(name));
});

describe('the JSON log format (AWS_LAMBDA_LOG_FORMAT=JSON, level INFO)', () => {
  it('writes the same JSON lines as the client: fields, error fields, level filtering, the Invoke Error record', async () => {
    const name = 'console in the JSON log format';
    const oracle = await runOracle({
      files: JSON_CASE.files,
      invocations: [{ requestId: requestIdsOf(name, 1)[0]!, event: {} }],
      environment: { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'INFO' },
    });
    const environmentId = 'oracle-json';
    const records: FunctionLogRecord[] = [];
    const stop = host.onLog((id, record) => {
      if (id === environmentId) records.push(record);
    });
    await host.start(environmentId, 'nodejs22.x');
    const init = await host.init(
      environmentId,
      testInitRequest(JSON_CASE.files, { settings: { logFormat: 'JSON', applicationLogLevel: 'INFO' } }),
    );
    expect(init.ok).toBe(true);
    const requestId = requestIdsOf(name, 1)[0]!;
    await host.invoke(environmentId, testInvokeRequest({}, { requestId }));
    stop();
    await host.stop(environmentId, { keepTmp: false });
    /** A JSON line without its timestamp, its stack reduced like a trace. */
    const comparable = (line: string) => {
      const reduce = (value: unknown): unknown => {
        if (typeof value === 'string') return comparableMessage(value);
        if (typeof value !== 'object' || value === null) return value;
        return Object.fromEntries(
          Object.entries(value).map(([key, field]) => [
            key,
            key === 'stackTrace' ? comparableTrace(field) : reduce(field),
          ]),
        );
      };
      const { timestamp: _timestamp, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return reduce(rest);
    };
    const ours = records.flatMap((record) =>
      renderRecord({
        type: 'function',
        runtime: 'nodejs22.x',
        logFormat: 'JSON',
        requestId,
        functionName: 'fn',
        ...record,
      } as Parameters<typeof renderRecord>[0]),
    );
    expect(ours.map(comparable)).toEqual(oracle.invocations[0]!.logs.map((log) => comparable(log.line)));
  });
});

describe('where the sandbox knowingly differs from the oracle', () => {
  it('a syntax error: same errorType; V8 words it differently from sucrase, and the sandbox adds file:line', async () => {
    const { oracle, sandbox } = await bothSides('a syntax error in the handler module');
    expect(oracle.initError).toMatchObject({
      errorType: 'Runtime.UserCodeSyntaxError',
      errorMessage: "SyntaxError: Unexpected token ';'",
    });
    // Lambda's trace has only the client's frames; the sandbox parses with sucrase (not V8) and adds the
    // location it found, which the playground uses to mark the line.
    expect(comparableError(oracle.initError!).trace.locations).toEqual([]);
    expect(sandbox.init).toMatchObject({
      ok: false,
      error: {
        errorType: 'Runtime.UserCodeSyntaxError',
        trace: [expect.any(String), '    at /var/task/index.js:2'],
      },
      syntax: { line: 2 },
    });
  });

  it('a promise that never settles: client 3.3.0 answers null at beforeExit; the sandbox ends it as AWS documents', async () => {
    const { oracle, sandbox } = await bothSides('a promise that never settles while nothing is pending');
    expect(oracleOutcome(oracle.invocations[0])).toEqual({ kind: 'response', body: 'null' });
    // AWS's managed nodejs18.x+ runtimes end this as Runtime.NodejsExit ("Lambda: Unexpected Node.js exit in
    // runtime", docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html), newer than the npm client.
    // The sandbox follows AWS (handler.ts, unsettledPromiseError).
    expect(sandbox.invocations[0]!.result).toMatchObject({
      outcome: 'crash',
      error: { errorType: 'Runtime.NodeJsExit' },
    });
  });

  it('process.exit: the client posts nothing and the process exits with the code; the platform reports it', async () => {
    const { oracle, sandbox } = await bothSides('process.exit during an invocation');
    expect(oracle.ended).toEqual({ kind: 'exit', code: 3, signal: null });
    expect(oracle.invocations[0]!.outcome).toBeUndefined();
    // What Lambda's platform answers then (the client is gone): Runtime.ExitError quoting the exit status.
    const [requestId] = requestIdsOf('process.exit during an invocation', 1);
    expect(sandbox.invocations[0]!.result).toMatchObject({
      outcome: 'crash',
      error: {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: exit status 3`,
      },
    });
  });

  it('an uncaught exception: the client logs it, posts it as the invocation error and exits with 129', async () => {
    const { oracle, sandbox } = await bothSides('an exception thrown by a timer during an invocation');
    expect(oracle.ended).toEqual({ kind: 'exit', code: 129, signal: null });
    const oracleError = oracleOutcome(oracle.invocations[0]);
    expect(oracleError).toMatchObject({
      kind: 'error',
      error: { errorType: 'Error', errorMessage: 'from a timer' },
    });
    expect(oracleLogs(oracle.invocations[0]!.logs).map((log) => log.message.split(' \t')[0])).toEqual([
      'Uncaught Exception',
    ]);
    // The sandbox logs the same line and ends the process; the invocation ends as a crash, as Lambda's platform
    // reports the exit that follows (Runtime.ExitError, exit status 129), not with the posted error body.
    expect(sandboxLogs(sandbox.invocations[0]!.logs)).toEqual(oracleLogs(oracle.invocations[0]!.logs));
    expect(sandbox.invocations[0]!.result).toMatchObject({ outcome: 'crash' });
  });
});
