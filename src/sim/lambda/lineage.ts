/**
 * Recursive loop detection ("Use Lambda recursive loop detection to prevent infinite loops":
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html). Every invocation carries a lineage
 * counter — in AWS a field of the X-Ray trace header — that says how many invocations of one chain of requests
 * came before it, plus one. A function's SDK writes carry its invocation's lineage (AwsCaller.lineage); the
 * service they reach (S3, SNS, SQS, EventBridge) passes it on with the event it raises; the next invocation counts
 * one more. When an invocation would be the 17th of its chain ("more than 16 times") and the function's
 * recursive loop setting is Terminate (the default), Lambda stops it: a synchronous caller gets
 * RecursiveInvocationException; an asynchronous event goes to the dead-letter queue or on-failure destination,
 * if one is configured (AWS Compute Blog, "Detecting and stopping recursive loops in AWS Lambda functions").
 *
 * Kept apart from the service's other parts so the rule reads in one place: LambdaService.invoke stamps the
 * lineage, the async queue and the sync path ask `stopsRecursion` before an attempt runs.
 */
import type { FunctionState } from './functions';
import type { Invocation } from './types';

/** Invocations one chain may make; the next one is stopped. */
export const RECURSION_LIMIT = 16;

/** PutFunctionRecursionConfig's `RecursiveLoop`. */
export type RecursiveLoop = 'Terminate' | 'Allow';

export const RECURSION_ERROR_TYPE = 'RecursiveInvocationException';
/** The exception's message in the Lambda API reference. */
export const RECURSION_ERROR_MESSAGE =
  "Lambda has detected your function being invoked in a recursive loop with other AWS resources and stopped your function's invocation.";

interface RecursionState {
  loop: RecursiveLoop;
  /** The CloudWatch metric RecursiveInvocationsDropped, summed. */
  dropped: number;
}

// Per function (a deleted and re-created function starts again at Terminate, as its configuration does).
const states = new WeakMap<FunctionState, RecursionState>();

function stateOf(fn: FunctionState): RecursionState {
  let state = states.get(fn);
  if (!state) states.set(fn, (state = { loop: 'Terminate', dropped: 0 }));
  return state;
}

/** The lineage of an invocation caused by a write whose caller had `callerLineage` (none: a new chain). */
export function nextLineage(callerLineage: number | undefined): number {
  return callerLineage !== undefined && Number.isInteger(callerLineage) && callerLineage > 0
    ? callerLineage + 1
    : 1;
}

export function recursiveLoopOf(fn: FunctionState): RecursiveLoop {
  return states.get(fn)?.loop ?? 'Terminate';
}

export function setRecursiveLoop(fn: FunctionState, loop: RecursiveLoop): void {
  stateOf(fn).loop = loop;
}

export function droppedRecursiveInvocations(fn: FunctionState): number {
  return states.get(fn)?.dropped ?? 0;
}

/** True when Lambda stops this invocation as part of a recursive loop (and counts it as dropped). */
export function stopsRecursion(fn: FunctionState, inv: Invocation): boolean {
  if (inv.lineage <= RECURSION_LIMIT) return false;
  const state = stateOf(fn);
  if (state.loop === 'Allow') return false;
  state.dropped++;
  return true;
}
