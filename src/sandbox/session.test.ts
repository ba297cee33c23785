import { describe, expect, it } from 'vitest';
import type { HostRequest, ReplyBody } from './protocol';
import type { SandboxFrame } from './host';
import { createSandboxSession } from './session';

/** A scripted frame: records requests; invokes answer after `handlerMs`, or never when `hang` is set. */
function fakeFrame(
  options: { handlerMs?: number; hang?: boolean; initFails?: boolean; exitCode?: number } = {},
) {
  const requests: HostRequest[] = [];
  let exits = options.exitCode !== undefined ? 1 : 0;
  let logListener: (envId: string, line: string) => void = () => {};
  const frame: SandboxFrame = {
    async request(req): Promise<ReplyBody> {
      requests.push(req);
      switch (req.type) {
        case 'env.spawn':
          return { ok: true, spawnMs: 12 };
        case 'env.init':
          logListener(req.envId, `2026-11-26T12:00:00.000Z\tundefined\tINFO\tinit ${req.envId}`);
          if (options.initFails)
            return {
              ok: false,
              initMs: 3,
              error: {
                errorType: 'Runtime.UserCodeSyntaxError',
                errorMessage: 'SyntaxError: Unexpected token',
                trace: [],
              },
              syntax: { line: 3, column: 14, message: 'Unexpected token' },
            };
          return { ok: true, initMs: 5 };
        case 'env.invoke':
          if (options.hang) return new Promise(() => {});
          await new Promise((r) => setTimeout(r, options.handlerMs ?? 1));
          if (exits > 0) {
            exits--;
            return {
              ok: true,
              outcome: 'crash',
              error: {
                errorType: 'Runtime.ExitError',
                errorMessage: `RequestId: ${req.requestId} Error: Runtime exited with error: exit status ${options.exitCode}`,
                trace: [],
              },
              durationMs: 2,
              maxMemoryUsedMb: 0,
            };
          }
          return {
            ok: true,
            outcome: 'success',
            payload: JSON.stringify({ echo: JSON.parse(req.event) }),
            durationMs: 1.5,
            maxMemoryUsedMb: 64,
          };
        default:
          return { ok: true };
      }
    },
    onLog(l) {
      logListener = l;
      return () => {};
    },
    onCrash: () => () => {},
    dispose() {},
  };
  return { frame, requests };
}

describe('createSandboxSession', () => {
  it('starts cold with Init Duration, then reuses the warm environment', async () => {
    const { frame, requests } = fakeFrame();
    const s = await createSandboxSession({ code: 'x', frame });
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
    expect(requests.filter((r) => r.type === 'env.spawn')).toHaveLength(1);
    expect(s.environments()).toEqual([expect.objectContaining({ status: 'warm', invocations: 2, inits: 1 })]);
  });

  it('runs concurrent invocations in separate environments, up to the sandbox limit', async () => {
    const { frame } = fakeFrame({ handlerMs: 30 });
    const s = await createSandboxSession({ code: 'x', frame, maxEnvironments: 3 });
    const results = await s.invokeMany(4, {});
    expect(results.filter((r) => r.outcome === 'success')).toHaveLength(3);
    expect(new Set(results.map((r) => r.environmentId).filter(Boolean)).size).toBe(3);
    expect(results.find((r) => r.outcome === 'rejected')).toMatchObject({
      statusCode: 429,
      error: { errorType: 'TooManyRequestsException' },
    });
  });

  it('times out, terminates the worker keeping /tmp, and starts cold next time', async () => {
    const { frame, requests } = fakeFrame({ hang: true });
    const s = await createSandboxSession({ code: 'x', frame, config: { timeoutS: 1 } });
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
    const kills = requests.filter((q) => q.type === 'env.kill');
    expect(kills.length).toBeGreaterThan(0);
    expect(kills.every((k) => k.type === 'env.kill' && k.keepTmp)).toBe(true);
    expect(s.environments()[0]).toMatchObject({ status: 'cold', resets: 1 });
    // The reset environment is reused (cold), not replaced by a new one.
    const again = await s.invoke({});
    expect(again).toMatchObject({ cold: true, environmentId: r.environmentId });
    expect(requests.filter((q) => q.type === 'env.spawn')).toHaveLength(2);
  }, 10_000);

  it('a process exit ends the invocation as a crash with the platform lines; the next invoke is cold', async () => {
    const { frame, requests } = fakeFrame({ exitCode: 3 });
    const s = await createSandboxSession({ code: 'x', frame });
    const r = await s.invoke({});
    expect(r).toMatchObject({ outcome: 'crash', error: { errorType: 'Runtime.ExitError' } });
    expect(r.logs.slice(-3)).toEqual([
      expect.stringMatching(new RegExp(`^REPORT RequestId: ${r.requestId}\t`)),
      `RequestId: ${r.requestId} Error: Runtime exited with error: exit status 3`,
      'Runtime.ExitError',
    ]);
    const next = await s.invoke({});
    expect(next).toMatchObject({ outcome: 'success', cold: true, environmentId: r.environmentId });
    expect(requests.filter((q) => q.type === 'env.spawn')).toHaveLength(2);
  });

  it('reports init failures with the syntax location after Lambda retries init in the invoke', async () => {
    const { frame, requests } = fakeFrame({ initFails: true });
    const s = await createSandboxSession({ code: 'x', frame });
    const r = await s.invoke({});
    expect(r).toMatchObject({
      outcome: 'initFailed',
      error: { errorType: 'Runtime.UserCodeSyntaxError' },
      syntax: { line: 3 },
    });
    expect(requests.filter((q) => q.type === 'env.init')).toHaveLength(2);
    expect(r.logs.filter((l) => l.startsWith('INIT_REPORT'))).toEqual([
      'INIT_REPORT Init Duration: 15.00 ms\tPhase: init\tStatus: error',
      'INIT_REPORT Init Duration: 15.00 ms\tPhase: invoke\tStatus: error',
    ]);
  });

  it('rejects payloads over 6 MB (sync) and 1 MB (async) before any environment runs', async () => {
    const { frame, requests } = fakeFrame();
    const s = await createSandboxSession({ code: 'x', frame });
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
    const { frame } = fakeFrame();
    const s = await createSandboxSession({ code: 'x', frame });
    const a = await s.invoke({});
    s.update({ code: 'y' });
    const b = await s.invoke({});
    expect(b.cold).toBe(true);
    expect(b.environmentId).not.toBe(a.environmentId);
  });
});
