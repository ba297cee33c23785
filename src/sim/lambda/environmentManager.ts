/**
 * Environment bookkeeping: creating them, putting them back in an idle list after an invoke, reclaiming idle
 * on-demand ones after their idle lifetime (not documented by AWS, and not deterministic: drawn per environment,
 * illustrative), retiring environments of a replaced `$LATEST`, and forgetting them once shut down.
 */
import { Environment, logStreamName } from './environments';
import type { FunctionState, VersionState } from './functions';
import type { Kernel } from './kernel';
import type { ProvisionedShare } from './provisioned';

export class EnvironmentManager {
  constructor(private readonly k: Kernel) {}

  create(fn: FunctionState, version: VersionState, share: ProvisionedShare | null): Environment {
    const k = this.k;
    const [lo, hi] = k.idleRange;
    const env = new Environment(++k.envSeq, fn, version, share, lo + (hi - lo) * k.rng());
    if (k.log) env.logStream = logStreamName(k.epochMs + k.clock.now(), version.version, k.token());
    version.envs.add(env);
    fn.metrics.environments++;
    const m = k.billing.m;
    m.environmentsCreated++;
    m.environmentsAlive++;
    k.executor.create(env);
    if (k.hasListeners)
      k.emit({
        type: 'environment.created',
        functionName: fn.name,
        environmentId: env.id,
        provisioned: share !== null,
      });
    return env;
  }

  /** Frozen and free: back into its idle list (or shut down when it is retiring). */
  release(env: Environment): void {
    if (env.leaving) return;
    const share = env.share;
    if (share) {
      if (env.retire || env.version.retired) {
        this.shutdown(env);
        return;
      }
      share.idle.push(env);
      return;
    }
    if (env.retire || env.version.retired) {
      this.shutdown(env);
      return;
    }
    env.idleDeadline = this.k.clock.now() + env.idleLifetimeMs;
    env.version.idle.push(env);
    if (!env.reaperPending) {
      env.reaperPending = true;
      this.k.clock.scheduleAt(env.idleDeadline, () => this.reap(env));
    }
  }

  /** Idle reclamation, checked lazily: one pending timer per environment, moved forward when it was reused. */
  private reap(env: Environment): void {
    env.reaperPending = false;
    if (env.busy || env.leaving || !env.listed) return;
    const now = this.k.clock.now();
    if (now < env.idleDeadline) {
      env.reaperPending = true;
      this.k.clock.scheduleAt(env.idleDeadline, () => this.reap(env));
      return;
    }
    this.shutdown(env);
  }

  /** Shut a frozen environment down now (it leaves its idle list first). */
  shutdown(env: Environment): void {
    if (env.leaving) return;
    env.leaving = true;
    if (env.listed) (env.share ? env.share.idle : env.version.idle).remove(env);
    this.k.executor.shutdown(env);
  }

  /** The environment reached `shutdown`: forget it. */
  gone(env: Environment): void {
    const k = this.k;
    env.leaving = true;
    if (env.listed) (env.share ? env.share.idle : env.version.idle).remove(env);
    if (!env.version.envs.delete(env)) return;
    env.fn.metrics.environments--;
    k.billing.m.environmentsAlive--;
    k.billing.m.environmentsShutDown++;
    if (env.share) env.share.released(env);
    if (k.hasListeners)
      k.emit({
        type: 'environment.shutdown',
        functionName: env.fn.name,
        environmentId: env.id,
        provisioned: env.share !== null,
      });
  }

  /** `$LATEST` was replaced: idle environments of the old one shut down now, busy ones after their invoke. */
  retireVersion(version: VersionState): void {
    version.retired = true;
    for (const env of [...version.envs]) if (!env.busy && env.listed) this.shutdown(env);
  }
}
