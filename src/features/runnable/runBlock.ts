/**
 * Runs one lesson block on a Lambda service: seeds what it needs, creates its function (once: the name carries a
 * hash of the code), invokes it synchronously and hands back what the runner shows. The page's runner and
 * content:check both run blocks through here, so what the check proves is what a learner sees.
 */
import type { Invocation } from '../../sim';
import { blockFunction, type RunnableBlock } from './blockFunction';
import { resolveEvent } from './events';
import { applySeeds, type SeedTarget } from './seeds';

export interface BlockRun {
  functionName: string;
  invocation: Invocation;
  /** The response payload as the Invoke API returns it (JSON text). */
  payload: string;
  /** Set when the function failed (init or handler): Lambda's errorType and errorMessage. */
  error?: { errorType: string; errorMessage: string };
  /** This run's log lines, as CloudWatch shows them (INIT_START … REPORT). */
  logLines: string[];
}

export type BlockRunResult = { ok: true; run: BlockRun } | { ok: false; setupError: string };

function errorOf(invocation: Invocation): BlockRun['error'] {
  if (invocation.throttle) return { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' };
  if (invocation.response?.functionError === undefined && invocation.outcome === 'success') return undefined;
  try {
    const body = JSON.parse(invocation.response?.payload ?? '{}') as {
      errorType?: string;
      errorMessage?: string;
    };
    return {
      errorType: body.errorType ?? invocation.error?.errorType ?? 'Unknown',
      errorMessage: body.errorMessage ?? invocation.error?.errorMessage ?? '',
    };
  } catch {
    return {
      errorType: invocation.error?.errorType ?? 'Unknown',
      errorMessage: invocation.error?.errorMessage ?? '',
    };
  }
}

/** Runs the block with `event` (or the event its fence names). */
export async function runBlock(
  target: SeedTarget,
  block: RunnableBlock,
  event?: unknown,
): Promise<BlockRunResult> {
  const built = blockFunction(block);
  if (!built.ok) return { ok: false, setupError: built.error };
  let payload = event;
  if (payload === undefined) {
    const resolved = resolveEvent(block.spec.event);
    if (!resolved.ok) return { ok: false, setupError: resolved.error };
    payload = resolved.event;
  }
  try {
    await applySeeds(block.spec.seeds, target);
  } catch (error) {
    return { ok: false, setupError: (error as Error).message };
  }
  const { service } = target;
  const name = built.input.name;
  if (!service.hasFunction(name)) {
    const created = service.createFunction(built.input);
    if (!created.ok) return { ok: false, setupError: created.message };
  }
  const before = service.logLines(name).length;
  const invocation = await service.invoke(name, { type: 'sync', payload }).done();
  const error = errorOf(invocation);
  return {
    ok: true,
    run: {
      functionName: name,
      invocation,
      payload: invocation.response?.payload ?? '',
      ...(error ? { error } : {}),
      logLines: service.logLines(name).slice(before),
    },
  };
}

/** Whether a run did what its block promises: succeed, or fail with exactly the error it declares. */
export function runProblem(block: RunnableBlock, result: BlockRunResult): string | null {
  if (!result.ok) return result.setupError;
  const { error } = result.run;
  const expected = block.spec.expectedError;
  if (expected === undefined) return error ? `${error.errorType}: ${error.errorMessage}` : null;
  if (!error) return `expected the error ${expected}, but the run succeeded`;
  return error.errorType === expected
    ? null
    : `expected the error ${expected}, got ${error.errorType}: ${error.errorMessage}`;
}
