/**
 * Modelled phase actors: each phase takes a planned duration on the virtual clock and then reports back. The
 * explorer and the tests use these; the sandbox supplies real-worker actors with the same event contract.
 */
import { fromCallback, type AnyEventObject } from 'xstate';
import type { Clock } from './clock';
import type { ActorInput, ErrorInfo, PhaseName } from './environment.machine';

export interface PhaseResult {
  durationMs: number;
  /** Init phases: fail with this error. Handler: a function error (environment stays warm). */
  error?: ErrorInfo;
  /** Handler only: the process dies (environment resets). */
  crash?: boolean;
  maxMemoryUsedMb?: number;
  response?: unknown;
}

/** Decides how long each phase takes and whether it fails. Called when the phase starts. */
export type PhasePlan = (input: ActorInput) => PhaseResult;

function completionEvent(phase: PhaseName, r: PhaseResult): AnyEventObject {
  switch (phase) {
    case 'sandbox':
      return { type: 'sandbox.ready', durationMs: r.durationMs };
    case 'extensions':
    case 'runtime':
    case 'function':
    case 'reinit':
      return r.error
        ? { type: 'init.phase.failed', error: r.error }
        : { type: 'init.phase.done', durationMs: r.durationMs };
    case 'handler':
      if (r.crash) {
        return {
          type: 'handler.crashed',
          error: r.error ?? {
            errorType: 'Runtime.ExitError',
            errorMessage: 'Runtime exited with error: signal: killed',
          },
        };
      }
      return {
        type: 'handler.done',
        durationMs: r.durationMs,
        ...(r.error ? { error: r.error } : {}),
        ...(r.maxMemoryUsedMb !== undefined ? { maxMemoryUsedMb: r.maxMemoryUsedMb } : {}),
        ...(r.response !== undefined ? { response: r.response } : {}),
      };
    case 'reset':
      return { type: 'reset.done' };
    case 'shutdown':
      return { type: 'shutdown.done' };
  }
}

function modelled(clock: Clock, plan: PhasePlan, onStart?: (input: ActorInput, r: PhaseResult) => void) {
  return fromCallback<AnyEventObject, ActorInput>(({ input, sendBack }) => {
    const r = plan(input);
    onStart?.(input, r);
    const id = clock.schedule(r.durationMs, () => sendBack(completionEvent(input.phase, r)));
    // Leaving the state early (timeout, shutdown) cancels the pending completion.
    return () => {
      clock.cancel(id);
    };
  });
}

/** Actors for `environmentMachine.provide({ actors })` driven by `plan` on `clock`. */
export function createModelledActors(
  clock: Clock,
  plan: PhasePlan,
  onPhaseStart?: (input: ActorInput, r: PhaseResult) => void,
) {
  const m = () => modelled(clock, plan, onPhaseStart);
  return {
    startSandbox: m(),
    initExtensions: m(),
    initRuntime: m(),
    initFunction: m(),
    reinitialize: m(),
    runHandler: m(),
    resetRuntime: m(),
    shutdownRuntime: m(),
  };
}
