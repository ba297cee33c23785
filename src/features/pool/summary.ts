import { fmtClock, fmtInt, fmtNum, fmtPercent } from './format';
import type { PoolSample } from './sample';

/** The live text for screen readers (and everyone): states the concurrent executions as a number. */
export function summaryText(s: PoolSample | undefined, replay = false): string {
  if (!s) return 't=0 s: 0 concurrent executions. Press Play to start the traffic.';
  const limit =
    s.cap < s.accountLimit
      ? `limit ${fmtInt(s.cap)} of account ${fmtInt(s.accountLimit)}`
      : `limit ${fmtInt(s.cap)}`;
  const parts = [
    `${replay ? 'Replay at ' : ''}t=${fmtClock(s.tS)}: ${fmtInt(s.concurrency)} concurrent executions (${limit})`,
    `${fmtInt(s.invocations)} req/s`,
    `${fmtInt(s.throttles)} throttled/s`,
    `${fmtPercent(s.coldShare)} cold starts`,
  ];
  if (s.provisioned > 0) parts.push(`${fmtInt(s.provisioned)} provisioned`);
  return parts.join(' · ');
}

/** Little's law with this second's measured numbers: "100 × 0.5 = 50". */
export function littlesLaw(s: PoolSample | undefined): string {
  if (!s) return '0 × 0 = 0';
  const rps = s.invocations;
  const durS = s.meanLatencyMs / 1000;
  return `${fmtInt(rps)} × ${fmtNum(durS, 2)} = ${fmtInt(rps * durS)}`;
}
