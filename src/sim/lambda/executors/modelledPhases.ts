/**
 * Modelled phase actors for the actor executor (the lifecycle explorer): each phase takes the duration the
 * timing model gives for the function's configuration, on the service's clock, so the explorer can show every
 * state of every environment as it happens. Handler behaviour comes from the version's HandlerModel.
 */
import type { AnyActorLogic } from 'xstate';
import { createModelledActors, type PhaseResult } from '../../environment.actors';
import type { ActorInput } from '../../environment.machine';
import { modelColdStart, type ColdStartPhases } from '../../timing';
import type { Environment } from '../environments';
import type { ExecutorCallbacks } from './executor';
import type { PhaseActorName, PhaseSource, PhaseTrack } from './actor';

export interface ModelledPhaseOptions {
  /** Runtime restart after a timeout or crash (illustrative). Default 150 ms. */
  resetMs?: number;
  /** Shutdown phase (AWS: runtime up to ~300–500 ms). Default 300 ms. */
  shutdownMs?: number;
}

export class ModelledPhases implements PhaseSource {
  readonly kind = 'actor';
  private cb!: ExecutorCallbacks;

  constructor(private readonly options: ModelledPhaseOptions = {}) {}

  bind(callbacks: ExecutorCallbacks): void {
    this.cb = callbacks;
  }

  busy(): boolean {
    return false;
  }

  /** The illustrative cold-start phases of an environment's configuration. */
  static phasesOf(env: Environment): ColdStartPhases {
    const c = env.version.config;
    return modelColdStart({
      runtime: c.runtime,
      packageMb: c.unzippedMb,
      memoryMb: c.memoryMb,
      vpc: c.vpc,
      extensions: c.extensions,
    });
  }

  actorsFor(env: Environment, track: PhaseTrack): Record<PhaseActorName, AnyActorLogic> {
    const phases = ModelledPhases.phasesOf(env);
    const version = env.version;
    const h = version.config.handler;
    const plan = (input: ActorInput): PhaseResult => {
      switch (input.phase) {
        case 'sandbox':
          return { durationMs: phases.platformMs };
        case 'extensions':
          return { durationMs: phases.extensionsMs };
        case 'runtime':
          return { durationMs: phases.runtimeMs };
        case 'function':
          return { durationMs: h.initMs ?? phases.functionMs };
        case 'reinit':
          return { durationMs: h.initMs ?? phases.initMs };
        case 'handler': {
          const inv = env.inv;
          const ctx = { attempt: inv?.attempts ?? 1, coldStart: env.attempt.cold, payload: inv?.payload };
          const base =
            version.fixedHandlerMs >= 0
              ? version.fixedHandlerMs
              : Math.max(0, (h.durationMs as (r: () => number, c: typeof ctx) => number)(this.cb.rng, ctx));
          const ms = base * version.durationScale;
          const result =
            h.result?.(ctx) ?? (h.errorRate && this.cb.rng() < h.errorRate ? 'error' : 'success');
          if (result === 'timeout') return { durationMs: version.timeoutMs + 2000 };
          if (result === 'crash') return { durationMs: ms * 0.4, crash: true };
          if (result === 'error')
            return { durationMs: ms, error: { errorType: 'Error', errorMessage: 'Handler failed' } };
          return { durationMs: ms, ...(h.response ? { response: h.response(ctx) } : {}) };
        }
        case 'reset':
          return { durationMs: this.options.resetMs ?? 150 };
        case 'shutdown':
          return { durationMs: this.options.shutdownMs ?? 300 };
      }
    };
    const onStart = (input: ActorInput, r: PhaseResult) => {
      track.phaseStarting(input.phase);
      if (
        input.phase === 'extensions' ||
        input.phase === 'runtime' ||
        input.phase === 'function' ||
        input.phase === 'reinit'
      )
        track.initDuration(r.durationMs);
      if (input.phase !== 'handler') return;
      if (h.logs) {
        const inv = env.inv;
        const ctx = { attempt: inv?.attempts ?? 1, coldStart: env.attempt.cold, payload: inv?.payload };
        for (const message of h.logs(ctx))
          this.cb.functionLog(env, { time: this.cb.epochMs + this.cb.clock.now(), level: 'INFO', message });
      }
      const a = env.attempt;
      a.durationMs = r.durationMs;
      a.result = r.crash ? 'crash' : r.error ? 'error' : 'success';
      a.payload = r.error || r.crash ? null : JSON.stringify(r.response ?? null);
      a.error = r.error && !r.crash ? { ...r.error, trace: [] } : null;
      a.exitMessage = r.crash ? 'Runtime exited with error: signal: killed' : null;
      a.reportedMemoryMb = h.maxMemoryUsedMb ?? -1;
    };
    return createModelledActors(this.cb.clock, plan, onStart);
  }
}
