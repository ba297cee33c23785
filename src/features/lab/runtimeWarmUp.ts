/**
 * Python's interpreter (Pyodide) takes seconds to download and boot, so the lab page starts it for the checks
 * when a Python step opens, as databaseWarmUp.ts does for the database: by the time the learner presses "Check my
 * work", the checks' first environment takes an interpreter that is already up. A Node.js worker boots in
 * milliseconds: a Node.js step loads nothing ahead.
 */
import { familyOf } from './model/labFormat';
import type { CodeRuntimeId } from '../../sim/lambda/host';
import type { SandboxHost } from '../../sandbox/host/sandboxHost';
import { MAX_SPARES } from '../../sandbox/frame/protocol';

/** The name of the performance measure of a runtime's warm-up (the labs bench prints it). */
export const WARM_UP_MEASURE = 'coldstart:lab-warm-up';

/** Where the checks' runtime is: being started for the step, ready, or failed to start (a check retries it). */
export type RuntimeState = 'starting' | 'ready' | 'failed';

/** Whether a step in `runtime` starts its runtime ahead of the checks. */
export function warmsUpAhead(runtime: string): boolean {
  return familyOf(runtime) === 'python';
}

/**
 * Booted interpreters the checks' sandbox keeps ready for a Python step: a step's checks run one after another,
 * each in a fresh world that starts one or two environments, and an interpreter restored while a check waits for
 * it costs that check most of a second. Three cover the steps whose checks start one environment each; a check
 * that needs more at once (provisioned concurrency) starts the rest itself. About 110 MB each.
 */
export const CHECK_SPARES = 3;

/**
 * The spares for a step whose function has `provisioned` environments configured (summed over its qualifiers): a
 * check that needs them starts them all at once, and every one without a booted spare restores an interpreter
 * then, on a 2-core machine most of a second each. So the page keeps that many ready while the learner works on
 * the step (up to the frame's MAX_SPARES; the rest restore during the check).
 */
export function checkSparesFor(provisioned: number): number {
  return Math.min(MAX_SPARES, Math.max(CHECK_SPARES, Math.floor(provisioned) || 0));
}

/** What the warm-up needs of the checks' host (the sandbox host's own `prepare` and `keepSpares`). */
export type WarmUpHost = Pick<SandboxHost, 'prepare' | 'keepSpares'>;

/**
 * Makes `runtime` ready in the checks' sandbox: its files fetched and handed to the frame, and CHECK_SPARES
 * interpreters booted (the first boots from the build's snapshot, the rest restore it one at a time, each as soon
 * as the one before has booted: nothing of the learner's runs yet whose measured init a restore could slow), then
 * the runtime's own refill delay back.
 */
export async function prepareRuntime(
  host: WarmUpHost,
  runtime: string,
  spares = CHECK_SPARES,
): Promise<void> {
  const id = runtime as CodeRuntimeId;
  await host.prepare(id);
  await host.keepSpares(id, { spares, refillDelayMs: 0 });
  await host.keepSpares(id, { spares, refillDelayMs: null });
}

/**
 * While a run of checks lasts, a Python spare is restored again as soon as a check takes one (not seconds later,
 * as the frame does to keep a spare's restore away from an environment's measured init): the next check needs it
 * sooner than that. Returns what puts the runtime's own delay back. Node.js keeps its own policy.
 */
export function refillDuringChecks(host: WarmUpHost, runtime: string, spares = CHECK_SPARES): () => void {
  if (!warmsUpAhead(runtime)) return () => {};
  const id = runtime as CodeRuntimeId;
  // Not awaited: the first check may take a spare that has booted while the others still restore.
  void host.keepSpares(id, { spares, refillDelayMs: 0 }).catch(() => undefined);
  return () => void host.keepSpares(id, { spares, refillDelayMs: null }).catch(() => undefined);
}
