import { describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../../sandbox/testing/inProcessHost';
import { loadLab, LabFormatError } from '../model/loadLab';
import { functionConfigSchema } from '../model/labFormat';
import { defineChecks, fail, pass } from './api';
import { httpApiEvent } from './events';
import { proveLab } from './proof';
import { CHECK_MEASURE_PREFIX, runChecks } from './runner';

const realTime = {
  now: () => performance.now(),
  setTimer: (ms: number, fn: () => void) => setTimeout(fn, ms),
  clearTimer: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

const fn = (handler = 'index.handler') => JSON.stringify({ handler });

/** A one-step lab held in memory: the same shape as content/labs/<lab>/. */
const files: Record<string, string> = {
  'lab.json': JSON.stringify({
    title: 'Orders',
    description: 'A function that creates orders',
    minutes: 10,
    objectives: ['Answer 201 for a new order'],
    runtimes: ['nodejs24.x'],
  }),
  '01-create/step.mdx': '---\ntitle: Create an order\n---\n\n<Task id="create">Answer 201.</Task>\n',
  '01-create/check.ts': '// loaded by the test itself',
  '01-create/starter/nodejs/index.mjs':
    'export const handler = async () => ({ statusCode: 200, body: "todo" });\n',
  '01-create/starter/nodejs/function.json': fn(),
  '01-create/solution/nodejs/index.mjs': `export const handler = async (event) => {
  let order;
  try { order = JSON.parse(event.body ?? ''); } catch { return { statusCode: 400, body: JSON.stringify({ message: 'The body is not JSON' }) }; }
  if (!order.item) return { statusCode: 400, body: JSON.stringify({ message: 'Missing field: item' }) };
  return { statusCode: 201, body: JSON.stringify({ id: 'o-' + order.item }) };
};
`,
  '01-create/solution/nodejs/function.json': fn(),
  '01-create/bad/crashes-on-bad-json/bad.json': JSON.stringify({
    fails: 'bad-json',
    note: 'Parses without a try',
  }),
  '01-create/bad/crashes-on-bad-json/nodejs/index.mjs': `export const handler = async (event) => {
  const order = JSON.parse(event.body ?? '');
  if (!order.item) return { statusCode: 400, body: '{}' };
  return { statusCode: 201, body: JSON.stringify({ id: 'o-' + order.item }) };
};
`,
  '01-create/bad/crashes-on-bad-json/nodejs/function.json': fn(),
};

const checks = defineChecks([
  {
    id: 'created',
    title: 'POST /orders answers 201 with the order id',
    task: 'create',
    hints: ['Return statusCode 201.'],
    async run(ctx) {
      // A hidden input: the item name is not in the instructions.
      const item = `widget-${Math.floor(Math.random() * 1000)}`;
      const r = await ctx.invoke(httpApiEvent('POST', '/orders', { body: JSON.stringify({ item }) }));
      const body = r.body as { statusCode?: number; body?: string };
      if (body.statusCode !== 201) return fail(`POST /orders answered ${String(body.statusCode)}, not 201`);
      return JSON.parse(body.body ?? '{}').id === `o-${item}`
        ? pass()
        : fail('The body does not carry the order id');
    },
  },
  {
    id: 'bad-json',
    title: 'A body that is not JSON gets 400, never a 500',
    task: 'create',
    hints: ['Wrap JSON.parse in try/catch.'],
    async run(ctx) {
      const r = await ctx.invoke(httpApiEvent('POST', '/orders', { body: '{"item": ' }));
      if (r.functionError)
        return fail(
          `The function failed (${(r.body as { errorType?: string }).errorType}): API Gateway would answer 500`,
        );
      return (r.body as { statusCode?: number }).statusCode === 400 ? pass() : fail('Expected 400');
    },
  },
]);

describe('lab checks', () => {
  it('loads the format: the starter of a later step defaults to the previous solution; errors name file and field', () => {
    const lab = loadLab('orders', files);
    expect(lab.steps.map((s) => s.id)).toEqual(['01-create']);
    expect(lab.steps[0]!.bad[0]!.meta.fails).toBe('bad-json');
    const two = loadLab('orders', {
      ...files,
      '02-more/step.mdx': '---\ntitle: More\n---\n',
      '02-more/check.ts': '',
      '02-more/solution/nodejs/index.mjs': 'export const handler = async () => 1;',
      '02-more/solution/nodejs/function.json': fn(),
    });
    expect(two.steps[1]!.starter.nodejs!.files['index.mjs']).toContain('statusCode: 201');
    expect(() => loadLab('x', { ...files, 'lab.json': '{"title": ""}' })).toThrow(LabFormatError);
    try {
      loadLab('x', { ...files, '01-create/solution/nodejs/function.json': '{"memoryMb": "big"}' });
    } catch (e) {
      expect((e as LabFormatError).problems).toContain(
        'content/labs/x/01-create/solution/nodejs/function.json: field "handler": Invalid input: expected string, received undefined',
      );
    }
  });

  it('runs checks against a fresh world and reports in the Exercism v3 shape', async () => {
    const lab = loadLab('orders', files);
    const host = createInProcessHost();
    const results = await runChecks({
      checks,
      lab: lab.steps[0]!.starter.nodejs!,
      host,
      runtime: 'nodejs24.x',
      realTime,
    });
    expect(results.version).toBe(3);
    expect(results.status).toBe('fail');
    expect(results.tests.map((t) => [t.id, t.status, t.task_id])).toEqual([
      ['created', 'fail', 'create'],
      ['bad-json', 'fail', 'create'],
    ]);
    expect(results.tests[0]!.message).toBe('POST /orders answered 200, not 201');
    expect(results.score).toBe(0);
    // Each check leaves a performance measure (the bench's per-check figures), its world's share in the detail.
    const measures = performance
      .getEntriesByType('measure')
      .filter((entry) => entry.name.startsWith(CHECK_MEASURE_PREFIX));
    expect(measures.map((entry) => entry.name.slice(CHECK_MEASURE_PREFIX.length))).toEqual([
      'created',
      'bad-json',
    ]);
    for (const entry of measures) {
      const detail = (entry as PerformanceMeasure).detail as {
        worldMs: number;
        environments: number;
        startupMs: number;
      };
      expect(detail.worldMs).toBeLessThanOrEqual(entry.duration);
      // One invoke each: one cold environment, whose start and init took part of the check's time.
      expect(detail.environments).toBe(1);
      expect(detail.startupMs).toBeLessThanOrEqual(entry.duration);
    }
    host.dispose();
  }, 30_000);

  it("leaves the environments' start-up out of a check's time limit, and still stops a check that hangs", async () => {
    const lab = loadLab('orders', files);
    const inProcess = createInProcessHost();
    // A sandbox whose environments take 300 ms to start (Pyodide booting on a loaded machine, here in miniature).
    const slowStart = {
      ...inProcess,
      start: async (id: string, runtime: Parameters<typeof inProcess.start>[1]) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return inProcess.start(id, runtime);
      },
    };
    const results = await runChecks({
      checks: [
        checks[0]!,
        { id: 'hangs', title: 'Never answers', hints: [], run: () => new Promise<never>(() => {}) },
      ],
      lab: lab.steps[0]!.solution.nodejs!,
      host: slowStart,
      runtime: 'nodejs24.x',
      realTime,
      checkTimeoutMs: 200,
    });
    expect(results.tests.map((t) => [t.id, t.status])).toEqual([
      ['created', 'pass'],
      ['hangs', 'error'],
    ]);
    expect(results.tests[1]!.message).toBe('Check "Never answers" took longer than 0.2 s');
    inProcess.dispose();
  }, 30_000);

  it('the proof: starter fails, solution passes, the bad variant fails exactly its check', async () => {
    const lab = loadLab('orders', files);
    const host = createInProcessHost();
    const lines = await proveLab({
      lab,
      checks: { '01-create': checks },
      hostFor: () => host,
      realTime,
    });
    expect(lines.map((l) => [l.subject, l.ok])).toEqual([
      ['starter', true],
      ['solution', true],
      ['bad/crashes-on-bad-json', true],
    ]);
    host.dispose();
  }, 60_000);
});

describe('checks through API Gateway', () => {
  it('ctx.http sends a request through the HTTP API that function.json declares, and API Gateway maps a crash to 500', async () => {
    const host = createInProcessHost();
    try {
      const httpChecks = defineChecks([
        {
          id: 'hello',
          title: 'GET /hello answers 200',
          hints: ['Return statusCode 200.'],
          async run(ctx) {
            const r = await ctx.http({ method: 'GET', path: '/hello' });
            return r.statusCode === 200 && r.body === 'hi'
              ? pass()
              : fail(`GET /hello answered ${String(r.statusCode)}: ${r.body}`);
          },
        },
      ]);
      const config = JSON.stringify({
        handler: 'index.handler',
        api: { type: 'http', routes: ['GET /hello'] },
      });
      const parsedConfig = functionConfigSchema.parse(JSON.parse(config));
      const good = await runChecks({
        checks: httpChecks,
        lab: {
          files: { 'index.mjs': 'export const handler = async () => ({ statusCode: 200, body: "hi" });' },
          config: parsedConfig,
          configText: config,
        },
        runtime: 'nodejs24.x',
        host,
        realTime,
      });
      expect(good.status).toBe('pass');
      const bad = await runChecks({
        checks: httpChecks,
        lab: {
          files: { 'index.mjs': 'export const handler = async () => { throw new Error("boom"); };' },
          config: parsedConfig,
          configText: config,
        },
        runtime: 'nodejs24.x',
        host,
        realTime,
      });
      expect(bad.tests[0]!.status).toBe('fail');
      // An HTTP API answers a function error with its generic 500 (Handling Lambda errors with an API Gateway API).
      expect(bad.tests[0]!.message).toContain('GET /hello answered 500');
    } finally {
      host.dispose();
    }
  });
});
