import { describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../../sandbox/testing/inProcessHost';
import { functionConfigSchema } from '../model/labFormat';
import { defineChecks, fail, pass, type CheckContext } from './api';
import { runChecks } from './runner';

const realTime = {
  now: () => performance.now(),
  setTimer: (ms: number, fn: () => void) => setTimeout(fn, ms),
  clearTimer: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** A handler that does a little CPU work and answers 201 (no SDK: the in-process host has no account port). */
const HANDLER = `export const handler = async (event) => {
  let x = 0; for (let i = 0; i < 2000; i++) x += Math.sqrt(i);
  return { statusCode: event.rawPath === '/orders' ? 201 : 404, body: JSON.stringify({ x }) };
};`;

async function runOne(config: Record<string, unknown>, run: (ctx: CheckContext) => Promise<string | null>) {
  const host = createInProcessHost();
  const text = JSON.stringify({ handler: 'index.handler', ...config });
  let problem: string | null = 'did not run';
  try {
    const results = await runChecks({
      checks: defineChecks([
        {
          id: 'probe',
          title: 'probe',
          hints: ['-'],
          async run(ctx) {
            problem = await run(ctx);
            return problem === null ? pass() : fail(problem);
          },
        },
      ]),
      lab: {
        files: { 'index.mjs': HANDLER },
        config: functionConfigSchema.parse(JSON.parse(text)),
        configText: text,
      },
      runtime: 'nodejs24.x',
      host,
      realTime,
    });
    return { results, problem };
  } finally {
    host.dispose();
  }
}

describe('performance members of the check context', () => {
  it('ctx.loadTest: a steady rate plus a spike at once; the spike starts cold, the steady requests reuse one environment', async () => {
    const { results } = await runOne({}, async (ctx) => {
      const r = await ctx.loadTest({
        requests: 30,
        durationMs: 60_000,
        spike: 6,
        request: () => ({ method: 'POST', path: '/orders', body: '{}' }),
      });
      expect(r.requests).toHaveLength(30);
      expect(r.requests.every((q) => q.statusCode === 201)).toBe(true);
      expect(r.errors).toBe(0);
      // One environment serves the steady trickle (a request every 2.5 s); the spike of six needs five more.
      expect(r.requests.filter((q) => !q.inSpike && q.coldStart)).toHaveLength(1);
      expect(r.coldStarts).toBeGreaterThanOrEqual(6);
      expect(r.coldStarts).toBeLessThanOrEqual(7);
      expect(r.virtualMs).toBeGreaterThanOrEqual(57_000);
      expect(r.p99Ms).toBeGreaterThanOrEqual(r.p50Ms);
      expect(r.maxMs).toBeGreaterThanOrEqual(r.p99Ms);
      return null;
    });
    expect(results.status).toBe('pass');
  }, 30_000);

  it('ctx.insights runs Logs Insights over the function log group: the text and the JSON cold-start queries', async () => {
    for (const format of ['Text', 'JSON'] as const) {
      const { results } = await runOne(
        { logging: { format, applicationLogLevel: 'INFO', systemLogLevel: 'INFO' } },
        async (ctx) => {
          await ctx.invokeMany(4, { rawPath: '/orders' });
          await ctx.invoke({ rawPath: '/orders' });
          const query =
            format === 'Text'
              ? 'filter @type = "REPORT" | stats count(@initDuration) as coldStarts, pct(@duration, 99) as p99'
              : 'filter type = "platform.report" | stats count(record.metrics.initDurationMs) as coldStarts, pct(record.metrics.durationMs, 99) as p99';
          const r = ctx.insights(query);
          expect(r.columns).toEqual(['coldStarts', 'p99']);
          expect(r.rows[0]!.coldStarts).toBe(4);
          expect(typeof r.rows[0]!.p99).toBe('number');
          // The other format's query finds no REPORT lines of this one.
          const other =
            format === 'Text'
              ? 'filter type = "platform.report" | stats count(*) as n'
              : 'filter @type = "REPORT" | stats count(*) as n';
          expect(ctx.insights(other).rows[0]?.n ?? 0).toBe(0);
          return null;
        },
      );
      expect(results.status).toBe('pass');
    }
  }, 30_000);

  it('ctx.powerTune: a copy per memory size, trimmed mean of billed duration, CPU-bound work faster with memory', async () => {
    const { results } = await runOne({}, async (ctx) => {
      const report = await ctx.powerTune({
        payload: { rawPath: '/orders' },
        powerValues: [128, 1769, 3008],
        invocationsPerValue: 5,
      });
      expect(report.results.map((r) => r.memoryMb)).toEqual([128, 1769, 3008]);
      expect(report.results.every((r) => r.samples.length === 5 && r.errors === 0)).toBe(true);
      const [small, vcpu, big] = report.results;
      // 128 MB has 128/1769 of a vCPU: its CPU-bound handler takes longer.
      expect(small!.durationMs).toBeGreaterThan(vcpu!.durationMs * 5);
      // The learner's own function is untouched.
      expect(ctx.functionConfig()!.memoryMb).toBe(128);
      expect(big!.costUsd).toBeGreaterThan(vcpu!.costUsd);
      return null;
    });
    expect(results.status).toBe('pass');
  }, 30_000);
});

describe('load test arrivals', () => {
  it('spreads the steady requests evenly and puts the spike between two of them', async () => {
    const { arrivals } = await import('../loadTest');
    const plan = arrivals({ requests: 14, durationMs: 60_000, spike: 4 });
    expect(plan).toHaveLength(14);
    const steady = plan.filter((a) => !a.inSpike).map((a) => a.at);
    expect(steady).toEqual([0, 6000, 12000, 18000, 24000, 30000, 36000, 42000, 48000, 54000]);
    // At 33 s: no steady request shares the spike's instant.
    expect(new Set(plan.filter((a) => a.inSpike).map((a) => a.at))).toEqual(new Set([33_000]));
    expect(arrivals({ requests: 3, durationMs: 1000, spike: 5 }).every((a) => a.inSpike)).toBe(true);
  });
});
