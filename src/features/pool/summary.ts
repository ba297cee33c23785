import { fmtClock, fmtInt, fmtNum, fmtPercent } from './format';
import type { PoolSample } from './sample';

export interface RunState {
  /** The simulation is running (so "Press Play" would be wrong). */
  playing?: boolean;
  /** The run reached its preset's length and paused itself. */
  finished?: boolean;
}

/** The status line (and, less often, the live region): states the concurrent executions as a number. */
export function summaryText(s: PoolSample | undefined, replay = false, run: RunState = {}): string {
  if (!s) {
    return run.playing
      ? 't=0 s: 0 concurrent executions. The traffic is starting.'
      : 't=0 s: 0 concurrent executions. Press Play to start the traffic.';
  }
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
  if (run.finished && !replay) parts.push('Run complete: Play keeps it going, Reset starts again');
  return parts.join(' · ');
}

/** Little's law with this second's measured numbers: "100 × 0.5 = 50". */
export function littlesLaw(s: PoolSample | undefined): string {
  if (!s) return '0 × 0 = 0';
  const rps = s.invocations;
  const durS = s.meanLatencyMs / 1000;
  return `${fmtInt(rps)} × ${fmtNum(durS, 2)} = ${fmtInt(rps * durS)}`;
}
