/**
 * Provisioned concurrency: environments initialised ahead of traffic for one qualifier (a published version or an
 * alias, never `$LATEST`), used before on-demand ones, Init under max(130 s, timeout), billed while allocated
 * ("Configuring provisioned concurrency": https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html).
 * With a preparation time (ServiceOptions.provisionedPreparationMs), new environments are created only once it
 * has passed on the virtual clock, as "Lambda starts allocating provisioned concurrency after a minute or two of
 * preparation" (same page, "Optimizing latency with provisioned concurrency"): until then the configuration is
 * IN_PROGRESS with nothing allocated, and requests to the qualifier run on demand.
 * On an alias that routes a weight of its traffic to a second version, the allocation is split between the two
 * versions by that weight, as during a weighted (canary) deployment.
 */
import { LIMITS } from '../config';
import type { Billing } from './billing';
import type { Environment } from './environments';
import type { EnvironmentManager } from './environmentManager';
import { IdleList } from './environments';
import { LATEST, functionNotFound, type FunctionState, type VersionState } from './functions';
import type { Kernel } from './kernel';
import { apiError, type ApiResult } from './types';

export class ProvisionedShare {
  readonly idle = new IdleList();
  /** Environments held by this share (initialising, idle or busy). */
  alive = 0;
  readonly initializing = new Set<Environment>();
  readonly members = new Set<Environment>();
  /** Environments asked for and still in their preparation time (not created yet). */
  preparing = 0;
  target = 0;
  since: number;

  constructor(
    readonly pool: ProvisionedPool,
    readonly version: VersionState,
    now: number,
    private readonly onRelease: (share: ProvisionedShare, env: Environment) => void,
  ) {
    this.since = now;
  }

  /** An environment of this share is gone. */
  released(env: Environment): void {
    this.onRelease(this, env);
  }

  retiring(): number {
    let n = 0;
    for (const e of this.members) if (e.retire) n++;
    return n;
  }
}

export interface ProvisionedStatus {
  requested: number;
  /** Initialised and allocated. */
  allocated: number;
  /** Allocated and idle right now. */
  available: number;
  status: 'IN_PROGRESS' | 'READY' | 'FAILED';
  statusReason?: string;
  /** Initialised environments per version (an alias's allocation follows the versions it points at). */
  byVersion: Record<string, number>;
}

export class ProvisionedPool {
  requested = 0;
  shares: ProvisionedShare[] = [];
  failuresInARow = 0;

  constructor(
    readonly fn: FunctionState,
    readonly qualifier: string,
  ) {}

  idleFor(version: VersionState): Environment | null {
    for (const share of this.shares)
      if (share.version === version && share.target > 0) return share.idle.pop();
    return null;
  }

  status(): ProvisionedStatus {
    let alive = 0;
    let initializing = 0;
    let available = 0;
    const byVersion: Record<string, number> = {};
    for (const s of this.shares) {
      alive += s.alive - s.retiring();
      initializing += s.initializing.size;
      available += s.idle.size;
      const ready = s.alive - s.retiring() - s.initializing.size;
      if (ready > 0) byVersion[s.version.version] = (byVersion[s.version.version] ?? 0) + ready;
    }
    const allocated = Math.max(0, alive - initializing);
    if (this.failuresInARow >= 3)
      return {
        requested: this.requested,
        allocated,
        available,
        status: 'FAILED',
        statusReason: 'FUNCTION_ERROR_INIT_FAILURE',
        byVersion,
      };
    return {
      requested: this.requested,
      allocated,
      available,
      status: allocated >= this.requested ? 'READY' : 'IN_PROGRESS',
      byVersion,
    };
  }
}

export class ProvisionedManager {
  /** Environments in their preparation time, over every share (see `prepare`). */
  private preparingTotal = 0;

  constructor(
    private readonly k: Kernel,
    private readonly environments: EnvironmentManager,
  ) {}

  /** An allocation is still preparing: environments will start once its virtual time has passed. */
  hasPreparing(): boolean {
    return this.preparingTotal > 0;
  }

  private get billing(): Billing {
    return this.k.billing;
  }

  /** PutProvisionedConcurrencyConfig. */
  put(fn: FunctionState, qualifier: string, count: number): ApiResult<{ status: ProvisionedStatus }> {
    if (qualifier === LATEST) {
      return apiError(
        'InvalidParameterValueException',
        'Provisioned Concurrency Configs cannot be applied to unpublished function versions.',
      );
    }
    const versions = this.versionsOf(fn, qualifier);
    if (!versions) return functionNotFound(`${fn.arn}:${qualifier}`);
    if (!Number.isInteger(count) || count < 1) {
      return apiError(
        'ValidationException',
        `1 validation error detected: Value '${count}' at 'provisionedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 1`,
      );
    }
    const existing = fn.provisioned.get(qualifier);
    const otherHere = this.requestedFor(fn) - (existing?.requested ?? 0);
    if (fn.reserved !== null && otherHere + count > fn.reserved) {
      return apiError(
        'InvalidParameterValueException',
        `Requested Provisioned Concurrency should not be greater than the reservedConcurrentExecution for function`,
      );
    }
    if (fn.reserved === null) {
      let provisionedElsewhere = 0;
      for (const other of this.k.fns.values())
        if (other.reserved === null) provisionedElsewhere += this.requestedFor(other);
      provisionedElsewhere -= existing?.requested ?? 0;
      const unreserved = this.k.accountLimit - this.k.totalReserved - provisionedElsewhere;
      if (unreserved - count < LIMITS.minUnreserved) {
        return apiError(
          'InvalidParameterValueException',
          `Specified ConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${LIMITS.minUnreserved}].`,
        );
      }
    }
    let pool = existing;
    if (!pool) {
      pool = new ProvisionedPool(fn, qualifier);
      fn.provisioned.set(qualifier, pool);
      fn.invalidate();
    }
    pool.requested = count;
    pool.failuresInARow = 0;
    this.reallocate(pool);
    return { ok: true, status: pool.status() };
  }

  /** DeleteProvisionedConcurrencyConfig: its environments shut down (busy ones after their invoke). */
  delete(fn: FunctionState, qualifier: string): ApiResult {
    const pool = fn.provisioned.get(qualifier);
    if (!pool) return notFound();
    pool.requested = 0;
    this.reallocate(pool);
    fn.provisioned.delete(qualifier);
    fn.invalidate();
    return { ok: true };
  }

  get(fn: FunctionState, qualifier: string): ApiResult<{ status: ProvisionedStatus }> {
    const pool = fn.provisioned.get(qualifier);
    if (!pool) return notFound();
    return { ok: true, status: pool.status() };
  }

  /** Sum of provisioned concurrency requested for a function across its qualifiers. */
  requestedFor(fn: FunctionState): number {
    let n = 0;
    for (const p of fn.provisioned.values()) n += p.requested;
    return n;
  }

  /** An alias moved or changed its weights: the allocation follows. */
  aliasChanged(fn: FunctionState, alias: string): void {
    const pool = fn.provisioned.get(alias);
    if (pool) this.reallocate(pool);
  }

  private versionsOf(
    fn: FunctionState,
    qualifier: string,
  ): Array<{ version: VersionState; weight: number }> | null {
    const v = fn.version(qualifier);
    if (v) return [{ version: v, weight: 1 }];
    const alias = fn.aliases.get(qualifier);
    if (!alias) return null;
    if (!alias.additional) return [{ version: alias.version, weight: 1 }];
    return [
      { version: alias.version, weight: 1 - alias.additional.weight },
      { version: alias.additional.version, weight: alias.additional.weight },
    ];
  }

  /** Bring each version's share to its target: spawn, un-retire, or trim. */
  private reallocate(pool: ProvisionedPool): void {
    const wanted = pool.requested > 0 ? (this.versionsOf(pool.fn, pool.qualifier) ?? []) : [];
    const targets = new Map<VersionState, number>();
    let given = 0;
    wanted.forEach((w, i) => {
      const n = i === wanted.length - 1 ? pool.requested - given : Math.round(pool.requested * w.weight);
      targets.set(w.version, (targets.get(w.version) ?? 0) + n);
      given += n;
    });
    for (const [version] of targets) {
      if (!pool.shares.some((s) => s.version === version)) {
        pool.shares.push(
          new ProvisionedShare(pool, version, this.k.clock.now(), (s, e) => this.onRelease(s, e)),
        );
      }
    }
    for (const share of pool.shares) {
      this.billing.accrue(share);
      share.target = targets.get(share.version) ?? 0;
      this.balance(share);
    }
    pool.shares = pool.shares.filter((s) => s.target > 0 || s.alive > 0 || s.preparing > 0);
  }

  private balance(share: ProvisionedShare): void {
    let retiring = share.retiring();
    // Environments still retiring from an earlier decrease count again before new ones are added.
    for (const e of share.members) {
      if (retiring <= share.alive - share.target) break;
      if (e.retire) {
        e.retire = false;
        retiring--;
      }
    }
    while (share.alive + share.preparing - retiring < share.target) this.prepare(share);
    let excess = share.alive - retiring - share.target;
    for (let e = share.idle.head; e && excess > 0;) {
      const next = e.next;
      this.environments.shutdown(e);
      excess--;
      e = next;
    }
    // Busy or still-initialising ones retire when they come back.
    for (const e of share.members) {
      if (excess <= 0) break;
      if (!e.retire && !e.listed && !e.leaving) {
        e.retire = true;
        excess--;
      }
    }
  }

  /** One more environment for `share`: now, or once the preparation time has passed (if it is still wanted then). */
  private prepare(share: ProvisionedShare): void {
    const delay = this.k.provisionedPreparationMs;
    if (delay <= 0) return this.spawn(share);
    share.preparing++;
    this.preparingTotal++;
    this.k.clock.schedule(delay, () => {
      share.preparing--;
      this.preparingTotal--;
      // Lowered, deleted or moved meanwhile: the share may want fewer (or none) by now.
      if (share.pool.shares.includes(share) && share.alive - share.retiring() < share.target)
        this.spawn(share);
    });
  }

  private spawn(share: ProvisionedShare): void {
    const fn = share.pool.fn;
    this.billing.accrue(share);
    const env = this.environments.create(fn, share.version, share);
    share.alive++;
    share.members.add(env);
    share.initializing.add(env);
    fn.inUse++;
    if (fn.reserved === null) this.k.unreservedInUse++;
    this.k.executor.provision(env);
  }

  /** A provisioned environment finished Init: it joins the idle list (unless it retired meanwhile). */
  ready(env: Environment): void {
    const share = env.share!;
    if (share.initializing.delete(env)) {
      share.pool.failuresInARow = 0;
      if (this.k.hasListeners)
        this.k.emit({
          type: 'environment.ready',
          functionName: env.fn.name,
          environmentId: env.id,
          provisioned: true,
        });
    }
    env.needsInit = false;
    this.environments.release(env);
  }

  /** A provisioned environment's Init failed: Lambda replaces it. */
  failed(env: Environment): void {
    const share = env.share!;
    share.pool.failuresInARow++;
    this.environments.gone(env);
    if (share.target > 0 && share.alive - share.retiring() < share.target && share.pool.failuresInARow < 3)
      this.spawn(share);
  }

  private onRelease(share: ProvisionedShare, env: Environment): void {
    const fn = share.pool.fn;
    this.billing.accrue(share);
    share.alive--;
    share.members.delete(env);
    share.initializing.delete(env);
    fn.inUse--;
    if (fn.reserved === null) this.k.unreservedInUse--;
  }
}

function notFound() {
  return apiError(
    'ProvisionedConcurrencyConfigNotFoundException',
    'No Provisioned Concurrency Config found for this function',
    404,
  );
}
