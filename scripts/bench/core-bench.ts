/**
 * Core benchmark: one simulated hour at 1,000 requests per second against the Lambda service model.
 * Prints invocations per CPU-second (process.cpuUsage: user + system).
 */
import { LambdaService, VirtualClock } from '../../src/sim/index.ts';

export function runCoreBench(options: { rps?: number; seconds?: number } = {}) {
  const rps = options.rps ?? 1000;
  const seconds = options.seconds ?? 3600;
  const clock = new VirtualClock();
  const svc = new LambdaService({ clock, seed: 42 });
  const created = svc.createFunction({
    name: 'bench',
    memoryMb: 1024,
    timeoutS: 3,
    runtime: 'nodejs22.x',
    handler: { durationMs: 40, errorRate: 0.001 },
  });
  if (!created.ok) throw new Error(created.message);
  const stepMs = 1000 / rps;
  const total = rps * seconds;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < total; i++) {
    clock.advanceTo(i * stepMs);
    svc.invoke('bench');
  }
  clock.advanceBy(60_000);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const m = svc.metrics();
  const ended =
    m.outcomes.success + m.outcomes.error + m.outcomes.throttled + m.outcomes.dlq + m.outcomes.destination;
  if (ended !== total) throw new Error(`bench lost invocations: ${ended} of ${total} ended`);
  return {
    invocations: total,
    cpuSeconds,
    wallMs,
    perCpuSecond: Math.round(total / cpuSeconds),
    coldStarts: m.coldStarts,
    peakConcurrency: m.peakConcurrency,
  };
}

const r = runCoreBench();
console.log(
  `sim core: ${r.perCpuSecond.toLocaleString('en-US')} invocations per CPU-second (target ≥ 1,000,000)` +
    ` — ${r.invocations.toLocaleString('en-US')} invocations (1 h at 1,000 rps) in ${r.cpuSeconds.toFixed(2)} CPU-s,` +
    ` ${r.coldStarts} cold starts, peak concurrency ${r.peakConcurrency}`,
);
