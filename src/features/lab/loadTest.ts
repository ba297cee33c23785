/**
 * A load test on the virtual clock: requests arrive through API Gateway at planned virtual times (a steady rate,
 * optionally with a spike of requests at once), the clock jumps between arrivals while no code runs, and the
 * learner's code runs for real in the sandbox. Wall time is what the code takes, not the virtual minute.
 * Pure TypeScript over a LabWorld (no DOM, no real timers of its own).
 */
import type { ApiReply } from '../../sim/apigateway';
import type { LabWorld } from './checks/world';

export interface LoadTestPlan {
  /** Requests in all (spike included). */
  requests: number;
  /** Virtual duration over which the steady requests arrive (ms). */
  durationMs: number;
  /** Requests that arrive at the same instant, halfway through (0: a steady rate only). */
  spike: number;
  /** Alias or version the API calls (empty: the unqualified function, $LATEST). */
  qualifier?: string;
  /** The request each arrival sends (index from 0). */
  request(index: number): { method: string; path: string; body?: string | object };
}

export interface LoadTestRequest {
  /** Virtual time of arrival, ms after the test started. */
  at: number;
  statusCode: number | null;
  latencyMs: number;
  coldStart: boolean;
  requestId: string | null;
  inSpike: boolean;
}

export interface LoadTestResult {
  requests: LoadTestRequest[];
  coldStarts: number;
  /** Responses other than 2xx/4xx: function errors (502/500), throttles (429), no answer. */
  errors: number;
  throttles: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Virtual time the test covered (ms) and the wall time it took (ms). */
  virtualMs: number;
  wallMs: number;
}

/** Nearest-rank percentile (the method Logs Insights' `pct` uses in this simulation). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** Arrival times (ms from the start): the steady requests evenly spread, the spike all at once about halfway. */
export function arrivals(
  plan: Pick<LoadTestPlan, 'requests' | 'durationMs' | 'spike'>,
): Array<{ at: number; inSpike: boolean }> {
  const spike = Math.max(0, Math.min(plan.spike, plan.requests));
  const steady = plan.requests - spike;
  const gap = steady > 0 ? plan.durationMs / steady : 0;
  const out: Array<{ at: number; inSpike: boolean }> = [];
  for (let i = 0; i < steady; i++) out.push({ at: Math.round(i * gap), inSpike: false });
  // Halfway between two steady arrivals, so the spike is exactly `spike` requests at once, not one more.
  const spikeAt = Math.round(plan.durationMs / 2 + gap / 2);
  for (let i = 0; i < spike; i++) out.push({ at: spikeAt, inSpike: true });
  return out.sort((a, b) => a.at - b.at || Number(a.inSpike) - Number(b.inSpike));
}

/** An HTTP API made for the test in front of the function (or its alias), so any route reaches the handler. */
function createTestApi(world: LabWorld, qualifier: string | undefined): string {
  const created = world.apiGateway.createHttpApi({
    name: `${world.functionName}-load-test`,
    functionName: world.functionName,
    ...(qualifier ? { qualifier } : {}),
    routes: ['$default'],
  });
  if (!created.ok) throw new Error(`The load test could not create its HTTP API: ${created.message}`);
  return created.api.id;
}

export async function runLoadTest(
  world: LabWorld,
  plan: LoadTestPlan,
  options: { wallNow?: () => number; onProgress?(done: number, total: number): void } = {},
): Promise<LoadTestResult> {
  const wallNow = options.wallNow ?? (() => 0);
  const wallStart = wallNow();
  const api = createTestApi(world, plan.qualifier);
  const { clock, live } = world;
  live.sync();
  const start = clock.now();
  const schedule = arrivals(plan);
  const replies: Array<Promise<LoadTestRequest>> = [];
  let fired = 0;
  let done = 0;
  schedule.forEach((arrival, index) => {
    clock.scheduleAt(start + arrival.at, () => {
      fired++;
      const input = plan.request(index);
      const sent = world.apiGateway
        .request(api, {
          method: input.method,
          path: input.path,
          ...(input.body !== undefined ? { body: input.body } : {}),
        })
        .then((reply: ApiReply): LoadTestRequest => {
          options.onProgress?.(++done, schedule.length);
          return {
            at: arrival.at,
            statusCode: reply.statusCode,
            latencyMs: reply.latencyMs,
            coldStart: reply.invocation?.coldStart ?? false,
            requestId: reply.invocation?.requestId ?? null,
            inSpike: arrival.inSpike,
          };
        });
      replies.push(sent);
    });
  });
  // Jump from arrival to arrival; fastForward waits in real time while code runs, so durations stay measured.
  const end = start + plan.durationMs;
  while (fired < schedule.length) {
    const r = await live.fastForward({ until: 'next', maxMs: Math.max(1, end - clock.now() + 1) });
    if (r.reason !== 'next' && fired < schedule.length) {
      const next = clock.nextAt();
      if (next === undefined) break;
      clock.advanceTo(next);
    }
  }
  const requests = await Promise.all(replies);
  live.sync();
  const latencies = requests.map((r) => r.latencyMs);
  const bad = (r: LoadTestRequest) => r.statusCode === null || r.statusCode >= 500 || r.statusCode === 429;
  return {
    requests,
    coldStarts: requests.filter((r) => r.coldStart).length,
    errors: requests.filter(bad).length,
    throttles: requests.filter((r) => r.statusCode === 429).length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(0, ...latencies),
    virtualMs: clock.now() - start,
    wallMs: wallNow() - wallStart,
  };
}
