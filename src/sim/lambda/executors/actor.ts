/**
 * The actor executor: one `environmentMachine` actor per environment, on the service's clock. Its phase actors
 * come from a PhaseSource — modelled durations (the lifecycle explorer, step by step) or a real runtime behind an
 * EnvironmentHost (the sandbox: the worker executor). This file turns the actor's state changes into the
 * service's callbacks, so both sources log, bill and route exactly like the modelled fast path.
 */
import { createActor, type Actor, type AnyActorLogic } from 'xstate';
import { toXStateClock } from '../../clock';
import { environmentMachine, type EnvironmentContext, type PhaseName } from '../../environment.machine';
import { stateIdOf } from '../../environment.table';
import type { Environment } from '../environments';
import type { ErrorResponse, SyntaxLocation } from '../host';
import type { Executor, ExecutorCallbacks } from './executor';

export type PhaseActorName =
  | 'startSandbox'
  | 'initExtensions'
  | 'initRuntime'
  | 'initFunction'
  | 'reinitialize'
  | 'runHandler'
  | 'resetRuntime'
  | 'shutdownRuntime';

/** What phase actors tell the executor besides their completion events. */
export interface PhaseTrack {
  /**
   * A phase actor starts. Sources call this first thing, so INIT_START and START are written before anything the
   * phase logs (actors start inside the machine's transition, before its observers hear of it).
   */
  phaseStarting(phase: PhaseName): void;
  /** A part of Init took this long (REPORT's Init Duration is their sum). */
  initDuration(ms: number): void;
  /** The latest Init failure's error response (shown to the caller) and where a syntax error is. */
  initError(error: ErrorResponse, syntax?: SyntaxLocation): void;
}

export interface PhaseSource {
  readonly kind: 'actor' | 'worker';
  bind?(callbacks: ExecutorCallbacks): void;
  /** The phase actors of one environment. They fill `env.attempt` before sending `handler.done`/`handler.crashed`. */
  actorsFor(env: Environment, track: PhaseTrack): Record<PhaseActorName, AnyActorLogic>;
  /** Real work in flight (the clock driver must let real time pass). */
  busy(): boolean;
  /** Phases are in flight, but each only waits on requests that will never be answered (worker.ts). */
  stalled?(): boolean;
  /** An environment is gone for good (drop per-environment state). */
  forget?(env: Environment): void;
  dispose?(): void;
}

interface ActorState {
  actor: Actor<typeof environmentMachine>;
  initMs: number;
  initStartAt: number;
  initError: { error: ErrorResponse; syntax?: SyntaxLocation } | null;
  /** START was logged for the current request (it comes before an Init retried inside the invoke). */
  started: boolean;
  /** Init is under way and its INIT_REPORT / initReport record is not written yet. */
  initOpen: boolean;
}

export class ActorExecutor implements Executor {
  readonly kind: 'actor' | 'worker';
  private cb!: ExecutorCallbacks;
  private readonly live = new Set<ActorState>();

  constructor(private readonly source: PhaseSource) {
    this.kind = source.kind;
  }

  bind(callbacks: ExecutorCallbacks): void {
    this.cb = callbacks;
    this.source.bind?.(callbacks);
  }

  busy(): boolean {
    return this.source.busy();
  }

  stalled(): boolean {
    return this.source.stalled?.() ?? false;
  }

  create(env: Environment): void {
    const cb = this.cb;
    // eslint-disable-next-line prefer-const -- assigned once the actor exists; the track closes over it first
    let state!: ActorState;
    const track: PhaseTrack = {
      phaseStarting: (phase) => {
        if (phase === 'extensions') {
          state.initMs = 0;
          state.initStartAt = cb.clock.now();
          state.initError = null;
          state.started = false;
          state.initOpen = true;
          env.inits++;
          cb.initStarted(env, 'init');
        } else if ((phase === 'handler' || phase === 'reinit') && env.inv) {
          // Init ends where the invoke begins: a success before the handler, a failure or overrun before the retry.
          if (state.initOpen) this.closeInit(env, state, phase === 'handler' ? 'success' : null);
          if (!state.started) {
            state.started = true;
            cb.invokeStarted(env);
          }
        }
      },
      initDuration: (ms) => {
        state.initMs += ms;
      },
      initError: (error, syntax) => {
        state.initError = { error, ...(syntax ? { syntax } : {}) };
      },
    };
    const actors = this.source.actorsFor(env, track);
    const actor = createActor(environmentMachine.provide({ actors }), {
      input: {
        environmentId: String(env.id),
        timeoutMs: env.version.timeoutMs,
        // The service reclaims idle environments itself (one rule for every executor).
        idleLifetimeMs: Number.POSITIVE_INFINITY,
        provisioned: env.provisioned,
      },
      clock: toXStateClock(cb.clock),
    });
    state = { actor, initMs: 0, initStartAt: 0, initError: null, started: false, initOpen: false };
    env.exec = state;
    this.live.add(state);
    actor.subscribe((snap) => {
      const next = stateIdOf(snap);
      const prev = env.state;
      if (next === prev) return;
      env.state = next;
      this.transition(env, state, prev, next, snap.context);
      if (cb.tracksStates) cb.stateChanged(env, prev, next);
    });
    actor.start();
  }

  private transition(
    env: Environment,
    s: ActorState,
    prev: string,
    next: string,
    ctx: EnvironmentContext,
  ): void {
    const cb = this.cb;
    const wasInit = prev.startsWith('initializing');
    const isInit = next.startsWith('initializing');
    const wasInvoking = prev.startsWith('invoking');
    const isInvoking = next.startsWith('invoking');

    if (wasInit && !isInit) {
      if (s.initOpen)
        this.closeInit(
          env,
          s,
          next === 'invoking.reinitializing' || next === 'shuttingDown' ? null : 'success',
        );
      if (next === 'shuttingDown') cb.provisionFailed(env);
    }
    if (isInvoking && !wasInvoking) {
      env.attempt.cold = ctx.coldStart;
      if (!ctx.coldStart) {
        env.attempt.initMs = 0;
        env.attempt.initRetried = false;
      }
    }
    if (wasInvoking && !isInvoking) {
      this.attemptOver(env, s, next, ctx);
      return;
    }
    if (prev === 'resetting' && (next === 'frozen' || isInit)) {
      env.needsInit = true;
      if (next === 'frozen') cb.environmentReady(env);
    }
    if (wasInit && next === 'frozen') {
      // A provisioned environment finished Init ahead of traffic.
      env.needsInit = false;
      cb.environmentReady(env);
    }
    if (next === 'shutdown') {
      this.live.delete(s);
      this.source.forget?.(env);
      cb.environmentGone(env);
    }
  }

  /** Write Init's report: success, or (status null) the failure or overrun that leads to a retry or a shutdown. */
  private closeInit(env: Environment, s: ActorState, status: 'success' | null): void {
    const cb = this.cb;
    s.initOpen = false;
    const a = env.attempt;
    if (status === 'success') {
      cb.initEnded(env, 'init', 'success', s.initMs);
      a.initRetried = false;
      a.initMs = s.initMs;
      return;
    }
    // Init overran its limit or failed: on-demand retries it inside the invoke (no Init Duration in REPORT).
    const failed = s.initError !== null;
    const duration = failed ? s.initMs : cb.clock.now() - s.initStartAt;
    cb.initEnded(
      env,
      'init',
      failed ? 'error' : 'timeout',
      duration,
      s.initError?.error,
      s.initError?.syntax,
    );
    a.initRetried = true;
    a.initMs = duration;
    s.initMs = 0;
  }

  private attemptOver(env: Environment, s: ActorState, next: string, ctx: EnvironmentContext): void {
    const a = env.attempt;
    const outcome = ctx.lastOutcome;
    if (outcome === 'timeout') {
      a.result = 'timeout';
      a.durationMs = env.version.timeoutMs;
      a.payload = null;
      a.error = null;
      a.exitMessage = null;
    } else if (outcome === 'initFailed') {
      // Init failed again inside the invoke: the caller gets the init error; the environment resets.
      a.result = 'error';
      a.payload = null;
      a.error = s.initError?.error ?? {
        errorType: ctx.lastError?.errorType ?? 'Runtime.Unknown',
        errorMessage: ctx.lastError?.errorMessage ?? 'Init failed',
        trace: [],
      };
      a.syntax = s.initError?.syntax ?? null;
      a.exitMessage = null;
      a.durationMs = s.initMs;
      if (this.cb.logging)
        this.cb.initEnded(env, 'invoke', 'error', s.initMs, a.error, a.syntax ?? undefined);
    } else if (outcome === 'crash') {
      a.result = 'crash';
    } else if (a.initRetried) {
      // Init retried inside the invoke counts in the invoke's Duration.
      a.durationMs += s.initMs;
    }
    // success / error: the runHandler actor filled the attempt.
    s.started = false;
    env.needsInit = next !== 'frozen' || ctx.needsInit;
    if (next === 'resetting') env.resets++;
    this.cb.attemptEnded(env, next === 'frozen');
  }

  invoke(env: Environment): void {
    const s = env.exec as ActorState;
    const a = env.attempt;
    a.reportedMemoryMb = -1;
    a.syntax = null;
    // Known before the machine moves (phase actors start inside the transition, before observers hear of it).
    a.cold = env.needsInit;
    a.initMs = 0;
    a.initRetried = false;
    s.actor.send({
      type: 'invoke.requested',
      request: { requestId: env.inv!.requestId, payload: env.inv!.payload },
    });
    env.needsInit = false;
  }

  provision(env: Environment): void {
    (env.exec as ActorState).actor.send({ type: 'provision.requested' });
  }

  shutdown(env: Environment): void {
    const s = env.exec as ActorState;
    if (s.actor.getSnapshot().status !== 'active') return;
    s.actor.send({ type: 'shutdown.requested' });
  }

  dispose(): void {
    for (const s of this.live) s.actor.stop();
    this.live.clear();
    this.source.dispose?.();
  }
}
