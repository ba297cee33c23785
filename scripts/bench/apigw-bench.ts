/**
 * API Gateway bench: the HTTP round trip through an HTTP API to a warm handler, median of many sequential
 * requests. Two figures:
 * - real code: the handler runs in the sandbox's Node.js runtime (in-process host, the same runtime module the
 *   page's workers load) through the worker executor, the Lambda service and the gateway, with the live clock
 *   following real time as on the page;
 * - modelled: the same gateway and service path with a modelled handler (the gateway's own cost).
 * Run: npx tsx scripts/bench/apigw-bench.ts (or through scripts/bench/apigw.mjs / npm run bench).
 */
import { LambdaService, VirtualClock, createWorkerExecutor } from '../../src/sim/index.ts';
import { LiveClock } from '../../src/sim/liveClock.ts';
import { ApiGateway, type HttpRequest } from '../../src/sim/apigateway/index.ts';
import { createInProcessHost } from '../../src/sandbox/testing/inProcessHost.ts';

const HANDLER = `export const handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ id: event.pathParameters?.id ?? null, ok: true }),
});`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function request(endpoint: string, i: number): HttpRequest {
  return {
    method: 'GET',
    url: `${endpoint}/items/${i}?verbose=1`,
    headers: [
      ['user-agent', 'curl/8.5.0'],
      ['accept', '*/*'],
    ],
    body: '',
  };
}

async function realCode(count: number): Promise<{ medianMs: number; p95Ms: number }> {
  const clock = new VirtualClock();
  const host = createInProcessHost();
  let live: LiveClock | null = null;
  const executor = createWorkerExecutor({ host, sync: () => live?.sync() });
  const service = new LambdaService({
    clock,
    executor,
    logs: true,
    seed: 1,
    idleLifetimeMs: [3_600_000, 3_600_000],
  });
  live = new LiveClock(
    clock,
    {
      now: () => performance.now(),
      setTimer: (ms, fn) => setTimeout(fn, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    { busy: () => executor.busy(), pending: () => service.hasPendingWork() },
  );
  live.start();
  const created = service.createFunction({
    name: 'bench',
    runtime: 'nodejs24.x',
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: HANDLER }] },
  });
  if (!created.ok) throw new Error(created.message);
  const gateway = new ApiGateway(service);
  const api = gateway.createHttpApi({ name: 'bench', functionName: 'bench', routes: ['GET /items/{id}'] });
  if (!api.ok) throw new Error(api.message);
  const times: number[] = [];
  for (let i = 0; i < count + 20; i++) {
    const t0 = performance.now();
    const exchange = await gateway.send(request(api.api.endpoint, i));
    const ms = performance.now() - t0;
    if (exchange.response?.statusCode !== 200)
      throw new Error(`bench: ${exchange.outcome} ${exchange.explanation}`);
    if (exchange.invocation?.environmentId !== undefined && i >= 20) times.push(ms);
  }
  live.dispose();
  executor.dispose?.();
  await host.dispose?.();
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: median(times), p95Ms: sorted[Math.floor(sorted.length * 0.95)]! };
}

async function modelled(count: number): Promise<number> {
  const clock = new VirtualClock();
  const service = new LambdaService({ clock, seed: 1, idleLifetimeMs: [3_600_000, 3_600_000] });
  service.createFunction({
    name: 'bench',
    handler: { durationMs: 1, response: () => ({ statusCode: 200, body: '{"ok":true}' }) },
  });
  const gateway = new ApiGateway(service);
  const api = gateway.createHttpApi({ name: 'bench', functionName: 'bench', routes: ['GET /items/{id}'] });
  if (!api.ok) throw new Error(api.message);
  const times: number[] = [];
  for (let i = 0; i < count + 20; i++) {
    const t0 = performance.now();
    const pending = gateway.send(request(api.api.endpoint, i));
    clock.runAll();
    const exchange = await pending;
    const ms = performance.now() - t0;
    if (exchange.response?.statusCode !== 200) throw new Error(`bench: ${exchange.outcome}`);
    if (i >= 20) times.push(ms);
  }
  return median(times);
}

const real = await realCode(500);
const model = await modelled(2000);
console.log(
  `apigw in Node: ${real.medianMs.toFixed(3)} ms median to a warm handler` +
    ` (real code in the in-process runtime, 500 sequential GETs through an HTTP API, p95 ${real.p95Ms.toFixed(3)} ms;` +
    ` gateway + service alone (modelled handler): ${model.toFixed(3)} ms median)`,
);
