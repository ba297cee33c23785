/**
 * Routing and limits: which environment takes an invocation, or which throttle it meets.
 *
 * Order: an idle provisioned environment of the invoked qualifier → a warm idle on-demand environment of the
 * version (most recently used first) → a new environment, which needs the function's concurrency (reserved, or
 * the account's unreserved pool) and a scaling token. Since Nov 2023 each function can add 1,000 environments
 * every 10 s, refilling continuously; the old account-wide burst (500–3,000, then +500 per minute) is kept as
 * history ("Lambda scaling behavior": https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html).
 */
import { pickVersion, type FunctionState, type Target, type VersionState } from './functions';
import type { Environment } from './environments';
import type { EnvironmentManager } from './environmentManager';
import type { Kernel } from './kernel';
import type { Invocation, ThrottleReason } from './types';

const REFILL_CURRENT_PER_MS = 1000 / 10_000;
const REFILL_LEGACY_PER_MS = 500 / 60_000;

export class Router {
  constructor(
    private readonly k: Kernel,
    private readonly environments: EnvironmentManager,
  ) {}

  /** Start `inv` somewhere, or return the throttle it met. */
  tryStart(fn: FunctionState, target: Target, inv: Invocation): ThrottleReason | null {
    const version: VersionState = target.version ?? pickVersion(target, this.k.rng);
    if (target.pool) {
      const provisioned = target.pool.idleFor(version);
      if (provisioned) {
        this.k.begin(fn, provisioned, inv);
        return null;
      }
    }
    if (fn.reserved !== null) {
      if (fn.inUse >= fn.reserved) return 'ReservedFunctionConcurrentInvocationLimitExceeded';
    } else if (this.k.unreservedInUse >= this.k.accountLimit - this.k.totalReserved) {
      return 'ConcurrentInvocationLimitExceeded';
    }
    let env: Environment | null = version.idle.pop();
    if (!env) {
      if (!this.takeScalingToken(fn)) return 'FunctionInvocationRateLimitExceeded';
      env = this.environments.create(fn, version, null);
    }
    fn.inUse++;
    fn.busyOnDemand++;
    if (fn.reserved === null) this.k.unreservedInUse++;
    this.k.begin(fn, env, inv);
    return null;
  }

  private takeScalingToken(fn: FunctionState): boolean {
    const now = this.k.clock.now();
    const k = this.k;
    if (k.scaling.model === 'current') {
      if (fn.tokens < 1000) {
        fn.tokens = Math.min(1000, fn.tokens + (now - fn.tokensAt) * REFILL_CURRENT_PER_MS);
      }
      fn.tokensAt = now;
      if (fn.tokens < 1) return false;
      fn.tokens -= 1;
      return true;
    }
    const cap = k.scaling.burst;
    k.legacyTokens = Math.min(cap, k.legacyTokens + (now - k.legacyAt) * REFILL_LEGACY_PER_MS);
    k.legacyAt = now;
    if (k.legacyTokens < 1) return false;
    k.legacyTokens -= 1;
    return true;
  }
}
