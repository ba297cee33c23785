import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { LambdaService } from '../LambdaService';
import { createWorkerExecutor } from './worker';
import type {
  EnvironmentHost,
  ErrorResponse,
  FunctionLogRecord,
  InitRequest,
  InvokeRequest,
  InvokeResult,
} from '../host';

type Script = (
  req: InvokeRequest,
  log: (r: Omit<FunctionLogRecord, 'time'>) => void,
) => InvokeResult | 'hang';

/** A scripted EnvironmentHost: no real code, but the same contract (async replies, logs, stop). */
function fakeHost(script: Script) {
  const logListeners = new Set<(id: string, r: FunctionLogRecord) => void>();
  const crashListeners = new Set<(id: string, e: ErrorResponse) => void>();
  const calls: string[] = [];
  const inits: InitRequest[] = [];
  const host: EnvironmentHost = {
    async start(id) {
      calls.push(`start ${id}`);
      return { runtimeInitMs: 5 };
    },
    async init(id, req) {
      calls.push(`init ${id}`);
      inits.push(req);
      return { ok: true, durationMs: 10 };
    },
    invoke(id, req) {
      calls.push(`invoke ${id}`);
      const r = script(req, (rec) => {
        for (const l of logListeners) l(id, { time: 0, ...rec });
      });
      return r === 'hang' ? new Promise(() => {}) : Promise.resolve(r);
    },
    async stop(id, o) {
      calls.push(`stop ${id}${o.keepTmp ? ' keepTmp' : ''}`);
    },
    onLog(l) {
      logListeners.add(l);
      return () => logListeners.delete(l);
    },
    onCrash(l) {
      crashListeners.add(l);
      return () => crashListeners.delete(l);
    },
    setAwsHandler() {},
  };
  return { host, calls, inits };
}

async function flush(clock: VirtualClock, ms = 0) {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  if (ms) clock.advanceBy(ms);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const ok = (payload: unknown, durationMs = 3): InvokeResult => ({
  outcome: 'success',
  payload: JSON.stringify(payload),
  durationMs,
  maxMemoryUsedMb: 70,
});

function setup(script: Script, config: Record<string, unknown> = {}) {
  const clock = new VirtualClock();
  const fake = fakeHost(script);
  const lines: string[] = [];
  const svc = new LambdaService({
    clock,
    executor: createWorkerExecutor({ host: fake.host }),
    logSink: (l) => lines.push(l),
    seed: 5,
  });
  const res = svc.createFunction({
    name: 'hello',
    runtime: 'nodejs22.x',
    code: {
      handler: 'index.handler',
      files: [{ path: 'index.mjs', content: 'export const handler = async () => 1' }],
    },
    ...config,
  });
  if (!res.ok) throw new Error(res.message);
  return { clock, svc, lines, ...fake };
}

describe('worker executor (the service running real code through an EnvironmentHost)', () => {
  it('cold then warm: one start and init, INIT_START/START/app line/END/REPORT, Init Duration = runtime + function init', async () => {
    const { clock, svc, lines, calls } = setup((req, log) => {
      log({ level: 'INFO', message: `hi ${req.requestId.slice(0, 4)}` });
      return ok({ ok: true });
    });
    const a = svc.invoke('hello', { payload: { n: 1 } });
    await flush(clock);
    expect(a.outcome).toBe('success');
    expect(a.response).toEqual({ statusCode: 200, payload: '{"ok":true}', executedVersion: '$LATEST' });
    const b = svc.invoke('hello', { payload: { n: 2 } });
    await flush(clock);
    expect(b.coldStart).toBe(false);
    expect(calls.filter((c) => c.startsWith('start'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('init'))).toHaveLength(1);
    expect(lines[0]).toMatch(/^INIT_START Runtime Version: nodejs:22/);
    expect(lines[1]).toBe(`START RequestId: ${a.requestId} Version: $LATEST`);
    expect(lines[2]).toMatch(new RegExp(`^\\S+Z\\t${a.requestId}\\tINFO\\thi ${a.requestId.slice(0, 4)}$`));
    expect(lines[3]).toBe(`END RequestId: ${a.requestId}`);
    expect(lines[4]).toBe(
      `REPORT RequestId: ${a.requestId}\tDuration: 3.00 ms\tBilled Duration: 18 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 15.00 ms`,
    );
    expect(lines.at(-1)).not.toContain('Init Duration');
  });

  it('a function error answers 200 with Unhandled and the Node.js error shape; the environment stays warm', async () => {
    const { clock, svc } = setup(() => ({
      outcome: 'error',
      error: {
        errorType: 'TypeError',
        errorMessage: 'x is not a function',
        trace: ['TypeError: x is not a function'],
      },
      durationMs: 2,
      maxMemoryUsedMb: 60,
    }));
    const a = svc.invoke('hello', { payload: {} });
    await flush(clock);
    expect(a.response).toEqual({
      statusCode: 200,
      payload:
        '{"errorType":"TypeError","errorMessage":"x is not a function","trace":["TypeError: x is not a function"]}',
      functionError: 'Unhandled',
      executedVersion: '$LATEST',
    });
    expect(svc.environments('hello')[0]).toMatchObject({ state: 'frozen', needsInit: false });
  });

  it('a handler that never returns times out on the clock; the process is stopped with /tmp kept', async () => {
    const { clock, svc, lines, calls } = setup(() => 'hang', { timeoutS: 2 });
    const a = svc.invoke('hello', { payload: {} });
    await flush(clock);
    expect(a.outcome).toBeUndefined();
    await flush(clock, 2000);
    expect(a.outcome).toBe('error');
    expect(a.lastResult).toBe('timeout');
    expect(JSON.parse(a.response!.payload)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${a.requestId} Error: Task timed out after 2.00 seconds`,
    });
    expect(lines.some((l) => l.endsWith(`${a.requestId} Task timed out after 2.00 seconds`))).toBe(true);
    expect(calls).toContain('stop 1 keepTmp');
    await flush(clock);
    expect(svc.environments('hello')[0]).toMatchObject({ state: 'frozen', needsInit: true, resets: 1 });
  });

  it('a crash: Runtime.ExitError, the platform lines after REPORT, and the next invoke re-inits', async () => {
    let crash = true;
    const { clock, svc, lines, calls } = setup((req) =>
      crash
        ? {
            outcome: 'crash',
            error: {
              errorType: 'Runtime.ExitError',
              errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status 3`,
              trace: [],
            },
            durationMs: 4,
            maxMemoryUsedMb: 60,
          }
        : ok(1),
    );
    const a = svc.invoke('hello', { payload: {} });
    await flush(clock);
    expect(a.lastResult).toBe('crash');
    const i = lines.findIndex((l) => l.startsWith(`REPORT RequestId: ${a.requestId}`));
    expect(lines.slice(i + 1, i + 3)).toEqual([
      `RequestId: ${a.requestId} Error: Runtime exited with error: exit status 3`,
      'Runtime.ExitError',
    ]);
    crash = false;
    const b = svc.invoke('hello', { payload: {} });
    await flush(clock);
    expect(b.coldStart).toBe(true);
    expect(calls.filter((c) => c.startsWith('start'))).toHaveLength(2);
  });

  it('JSON log format: app records as JSON objects, platform events as platform.* records, level filter applied', async () => {
    const { clock, svc, lines, inits } = setup(
      (_req, log) => {
        log({ level: 'DEBUG', message: 'noisy' });
        log({ level: 'WARN', message: 'careful', fields: { message: { orderId: 7 } } });
        return ok('done');
      },
      { logging: { logFormat: 'JSON', applicationLogLevel: 'INFO' } },
    );
    const a = svc.invoke('hello', { payload: {} });
    await flush(clock);
    expect(inits[0]!.settings).toMatchObject({ logFormat: 'JSON', applicationLogLevel: 'INFO' });
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => p.type ?? p.level)).toEqual([
      'platform.initStart',
      'platform.initReport',
      'platform.start',
      'WARN',
      'platform.runtimeDone',
      'platform.report',
    ]);
    expect(parsed[3]).toEqual({
      timestamp: expect.stringMatching(/Z$/),
      level: 'WARN',
      requestId: a.requestId,
      message: { orderId: 7 },
    });
    expect(parsed[5]).toEqual({
      time: expect.any(String),
      type: 'platform.report',
      record: {
        requestId: a.requestId,
        metrics: {
          durationMs: 3,
          billedDurationMs: 18,
          memorySizeMB: 128,
          maxMemoryUsedMB: 70,
          initDurationMs: 15,
        },
        status: 'success',
      },
    });
  });

  it('system log level WARN keeps application logs and drops the platform events', async () => {
    const { clock, svc, lines } = setup(
      (_req, log) => {
        log({ level: 'ERROR', message: 'bad' });
        return ok(1);
      },
      { logging: { logFormat: 'JSON', applicationLogLevel: 'WARN', systemLogLevel: 'WARN' } },
    );
    svc.invoke('hello', { payload: {} });
    await flush(clock);
    expect(lines.map((l) => (JSON.parse(l) as { level?: string }).level)).toEqual(['ERROR']);
  });

  it('text format keeps every level (filtering needs JSON format)', async () => {
    const { clock, svc, lines } = setup(
      (_req, log) => {
        log({ level: 'DEBUG', message: 'shown anyway' });
        return ok(1);
      },
      { logging: { logFormat: 'Text', applicationLogLevel: 'ERROR' } },
    );
    svc.invoke('hello', { payload: {} });
    await flush(clock);
    expect(lines.some((l) => l.endsWith('\tDEBUG\tshown anyway'))).toBe(true);
  });
});
