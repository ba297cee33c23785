/**
 * Python's interpreter (Pyodide) takes seconds to download and boot, so the lab page starts it for the checks
 * when a Python step opens, as databaseWarmUp.ts does for the database: by the time the learner presses "Check my
 * work", the checks' first environment takes an interpreter that is already up. A Node.js worker boots in
 * milliseconds: a Node.js step loads nothing ahead.
 */
import { familyOf } from './model/labFormat';
import type { CodeRuntimeId, EnvironmentHost } from '../../sim/lambda/host';

/** The name of the performance measure of a runtime's warm-up (the labs bench prints it). */
export const WARM_UP_MEASURE = 'coldstart:lab-warm-up';

/** Where the checks' runtime is: being started for the step, ready, or failed to start (a check retries it). */
export type RuntimeState = 'starting' | 'ready' | 'failed';

/** Whether a step in `runtime` starts its runtime ahead of the checks. */
export function warmsUpAhead(runtime: string): boolean {
  return familyOf(runtime) === 'python';
}

/** What the warm-up needs of the checks' host (the sandbox host's own `prepare`, and an environment's start). */
export interface WarmUpHost extends Pick<EnvironmentHost, 'start' | 'stop'> {
  prepare(runtime: CodeRuntimeId): Promise<void>;
}

/**
 * Makes `runtime` ready in the checks' sandbox: its files fetched and handed to the frame, and its first
 * interpreter booted. The frame boots spares as soon as a runtime is installed; a probe environment's start
 * answers once one has booted, and stopping it leaves the checks the spares booted after it (restored from the
 * first one's snapshot, a fraction of its boot).
 */
export async function prepareRuntime(host: WarmUpHost, runtime: string): Promise<void> {
  const id = runtime as CodeRuntimeId;
  await host.prepare(id);
  const probe = `lab-warm-up-${runtime}`;
  try {
    await host.start(probe, id);
  } finally {
    await host.stop(probe, { keepTmp: false });
  }
}
