import { describe, expect, it } from 'vitest';
import type { EnvironmentHost, FunctionLogRecord, InitResult, InvokeResult } from '../sim/lambda/host';
import { createSandboxSession } from './session';

type Call = { type: 'start' | 'init' | 'invoke' | 'stop'; id: string; keepTmp?: boolean };

/** A scripted host: records calls; invokes answer after `handlerMs`, or never when `hang` is set. */
function fakeHost(
  options: { handlerMs?: number; hang?: boolean; initFails?: boolean; exitCode?: number } = {},
) {
  const requests: Call[] = [];
  let exits = options.exitCode !== undefined ? 1 : 0;
  let logListener: (envId: string, record: FunctionLogRecord) => void = () => {};
  const host: EnvironmentHost = {
    async start(id) {
      requests.push({ type: 'start', id });
      return { runtimeInitMs: 12 };
    },
    async init(id): Promise<InitResult> {
      requests.push({ type: 'init', id });
      logListener(id, { time: Date.UTC(2026, 10, 26, 12), level: 'INFO', message: `init ${id}` });
      if (options.initFails)
        return {
          ok: false,
          durationMs: 3,
          error: {
            errorType: 'Runtime.UserCodeSyntaxError',
            errorMessage: 'SyntaxError: Unexpected token',
            trace: [],
          },
          syntax: { line: 3, column: 14, message: 'Unexpected token' },
        };
      return { ok: true, durationMs: 5 };
    },
    async invoke(id, request): Promise<InvokeResult> {
      requests.push({ type: 'invoke', id });
      if (options.hang) return new Promise(() => {});
      await new Promise((r) => setTimeout(r, options.handlerMs ?? 1));
      if (exits > 0) {
        exits--;
        return {
          outcome: 'crash',
          error: {
            errorType: 'Runtime.ExitError',
            errorMessage: `RequestId: ${request.requestId} Error: Runtime exited with error: exit status ${options.exitCode}`,
            trace: [],
          },
          durationMs: 2,
          maxMemoryUsedMb: 0,
        };
      }
      return {
        outcome: 'success',
        payload: JSON.stringify({ echo: JSON.parse(request.event) }),
        durationMs: 1.5,
        maxMemoryUsedMb: 64,
      };
    },
    async stop(id, { keepTmp }) {
      requests.push({ type: 'stop', id, keepTmp });
    },
    onLog(listener) {
      logListener = listener;
      return () => {};
    },
    onCrash: () => () => {},
    setAwsHandler() {},
  };
  return { host, requests };
}

describe('createSandboxSession', () => {
  it('starts cold with Init Duration, then reuses the warm environment', async () => {
    const { host, requests } = fakeHost();
    const s = await createSandboxSession({ code: 'x', host });
    const a = await s.invoke({ n: 1 });
    expect(a).toMatchObject({
      outcome: 'success',
      cold: true,
      response: { echo: { n: 1 } },
      report: { initDurationMs: 17, billedMs: 19 },
    });
    expect(a.logs[0]).toMatch(/^INIT_START Runtime Version: nodejs:22/);
    expect(a.logs.some((l) => l.startsWith(`START RequestId: ${a.requestId} Version: $LATEST`))).toBe(true);
    expect(a.logs.at(-1)).toBe(
      `REPORT RequestId: ${a.requestId}\tDuration: 1.50 ms\tBilled Duration: 19 ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\tInit Duration: 17.00 ms`,
    );
    const b = await s.invoke({ n: 2 });
    expect(b).toMatchObject({ cold: false, environmentId: a.environmentId });
    expect(b.logs.at(-1)).not.toContain('Init Duration');
    expect(requests.filter((r) => r.type === 'start')).toHaveLength(1);
    expect(s.environments()).toEqual([expect.objectContaining({ status: 'warm', invocations: 2, inits: 1 })]);
  });

  it('runs concurrent invocations in separate environments, up to the sandbox limit', async () => {
    const { host } = fakeHost({ handlerMs: 30 });
    const s = await createSandboxSession({ code: 'x', host, maxEnvironments: 3 });
    const results = await s.invokeMany(4, {});
    expect(results.filter((r) => r.outcome === 'success')).toHaveLength(3);
    expect(new Set(results.map((r) => r.environmentId).filter(Boolean)).size).toBe(3);
    expect(results.find((r) => r.outcome === 'rejected')).toMatchObject({
      statusCode: 429,
      error: { errorType: 'TooManyRequestsException' },
    });
  });

  it('times out, terminates the worker keeping /tmp, and starts cold next time', async () => {
    const { host, requests } = fakeHost({ hang: true });
    const s = await createSandboxSession({ code: 'x', host, config: { timeoutS: 1 } });
    const r = await s.invoke({});
    expect(r.outcome).toBe('timeout');
    expect(r.error).toMatchObject({
      errorType: 'Sandbox.Timedout',
      errorMessage: `RequestId: ${r.requestId} Error: Task timed out after 1.00 seconds`,
    });
    expect(
      r.logs.some((l) => new RegExp(`Z ${r.requestId} Task timed out after 1\\.00 seconds$`).test(l)),
    ).toBe(true);
    expect(r.report?.durationMs).toBe(1000);
    await new Promise((res) => setTimeout(res, 20));
    const kills = requests.filter((q) => q.type === 'stop');
    expect(kills.length).toBeGreaterThan(0);
    expect(kills.every((k) => k.keepTmp)).toBe(true);
    expect(s.environments()[0]).toMatchObject({ status: 'cold', resets: 1 });
    // The reset environment is reused (cold), not replaced by a new one.
    const again = await s.invoke({});
    expect(again).toMatchObject({ cold: true, environmentId: r.environmentId });
    expect(requests.filter((q) => q.type === 'start')).toHaveLength(2);
  }, 10_000);

  it('a process exit ends the invocation as a crash with the platform lines; the next invoke is cold', async () => {
    const { host, requests } = fakeHost({ exitCode: 3 });
    const s = await createSandboxSession({ code: 'x', host });
    const r = await s.invoke({});
    expect(r).toMatchObject({ outcome: 'crash', error: { errorType: 'Runtime.ExitError' } });
    expect(r.logs.slice(-3)).toEqual([
      expect.stringMatching(new RegExp(`^REPORT RequestId: ${r.requestId}\t`)),
      `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 3`,
      'Runtime.ExitError',
    ]);
    const next = await s.invoke({});
    expect(next).toMatchObject({ outcome: 'success', cold: true, environmentId: r.environmentId });
    expect(requests.filter((q) => q.type === 'start')).toHaveLength(2);
  });

  it('reports init failures with the syntax location after Lambda retries init in the invoke', async () => {
    const { host, requests } = fakeHost({ initFails: true });
    const s = await createSandboxSession({ code: 'x', host });
    const r = await s.invoke({});
    expect(r).toMatchObject({
      outcome: 'initFailed',
      error: { errorType: 'Runtime.UserCodeSyntaxError' },
      syntax: { line: 3 },
    });
    expect(requests.filter((q) => q.type === 'init')).toHaveLength(2);
    expect(r.logs.filter((l) => l.startsWith('INIT_REPORT'))).toEqual([
      'INIT_REPORT Init Duration: 15.00 ms\tPhase: init\tStatus: error',
      'INIT_REPORT Init Duration: 15.00 ms\tPhase: invoke\tStatus: error',
    ]);
  });

  it('rejects payloads over 6 MB (sync) and 1 MB (async) before any environment runs', async () => {
    const { host, requests } = fakeHost();
    const s = await createSandboxSession({ code: 'x', host });
    const big = 'x'.repeat(1024 * 1024 + 10);
    const asyncR = await s.invoke(big, { type: 'async' });
    expect(asyncR).toMatchObject({
      outcome: 'rejected',
      statusCode: 413,
      error: {
        errorType: 'RequestEntityTooLargeException',
        errorMessage: 'Request must be smaller than 1048576 bytes for the InvokeFunction operation',
      },
    });
    const huge = 'x'.repeat(6 * 1024 * 1024 + 1);
    expect((await s.invoke(huge)).error?.errorMessage).toBe(
      'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    );
    expect(requests).toHaveLength(0);
    expect((await s.invoke(big)).outcome).toBe('success');
  });

  it('replaces environments when the code changes', async () => {
    const { host } = fakeHost();
    const s = await createSandboxSession({ code: 'x', host });
    const a = await s.invoke({});
    s.update({ code: 'y' });
    const b = await s.invoke({});
    expect(b.cold).toBe(true);
    expect(b.environmentId).not.toBe(a.environmentId);
  });
});
