/**
 * Functions, versions and aliases ("Manage Lambda function versions", "Create an alias for a Lambda function":
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html, configuration-aliases.html).
 *
 * `$LATEST` is the only mutable version; Publish version snapshots its code and configuration as an immutable,
 * numbered version. An alias points at one version, optionally routing a weight of its traffic to a second one.
 * Environments belong to one version: changing `$LATEST` retires its environments (the next invoke is cold).
 */
import type { FunctionConfig } from '../config';
import type { Rng } from '../random';
import { baselineMemoryMb, computeScale, modelColdStart } from '../timing';
import { IdleList, type Environment } from './environments';
import { ACTIVE_STATUS, type FunctionStatus } from './functionStatus';
import type { ProvisionedPool } from './provisioned';
import { apiError, type ApiError, type FunctionMetrics, type InvocationResponse } from './types';

export const LATEST = '$LATEST';

export class VersionState {
  /** Published versions are immutable; `$LATEST` is replaced (not mutated) on every change. */
  readonly envs = new Set<Environment>();
  /** Warm, idle on-demand environments of this version, most recently used first. */
  readonly idle = new IdleList();
  /** Precomputed figures for the modelled executor's hot path. */
  readonly durationScale: number;
  readonly fixedHandlerMs: number;
  readonly platformMs: number;
  readonly initMs: number;
  readonly memGb: number;
  readonly architecture: 'x86_64' | 'arm64';
  readonly timeoutMs: number;
  /** Replaced by a newer `$LATEST`: its environments shut down when idle. */
  retired = false;
  readonly qualifiedArn: string;
  /** Max Memory Used when the runtime reports nothing (modelled functions). Illustrative. */
  readonly modelledMemoryMb: number;
  /** The response of a successful invocation without a payload (shared: the pool makes millions). */
  readonly nullResponse: InvocationResponse;

  constructor(
    readonly fn: FunctionState,
    readonly version: string,
    readonly config: FunctionConfig,
    readonly publishedAt: number,
  ) {
    const h = config.handler;
    const cold = modelColdStart({
      runtime: config.runtime,
      packageMb: config.unzippedMb,
      memoryMb: config.memoryMb,
      vpc: config.vpc,
      extensions: config.extensions,
    });
    this.durationScale = computeScale(config.memoryMb, { cpuBoundFraction: h.cpuBoundFraction ?? 0.5 });
    this.fixedHandlerMs = typeof h.durationMs === 'function' ? -1 : (h.durationMs ?? 20);
    this.platformMs = cold.platformMs;
    this.initMs = h.initMs ?? cold.initMs;
    this.memGb = config.memoryMb / 1024;
    this.architecture = config.architecture;
    this.timeoutMs = config.timeoutS * 1000;
    this.qualifiedArn = `${fn.arn}:${version}`;
    this.nullResponse = Object.freeze({ statusCode: 200, payload: 'null', executedVersion: version });
    this.modelledMemoryMb =
      h.maxMemoryUsedMb ?? Math.round(baselineMemoryMb(config.runtime) + config.unzippedMb * 0.6);
  }
}

export interface AliasState {
  name: string;
  version: VersionState;
  /** A second version and the share of traffic (0–1) it receives. */
  additional: { version: VersionState; weight: number } | null;
  description: string;
}

export class FunctionState {
  latest: VersionState;
  readonly versions: VersionState[] = [];
  readonly aliases = new Map<string, AliasState>();
  /** State and LastUpdateStatus (Pending while network interfaces are created: see functionStatus.ts). */
  status: FunctionStatus = ACTIVE_STATUS;
  /** Reserved concurrency (a maximum for the function and a minimum kept from the others), or null. */
  reserved: number | null = null;
  /** Busy on-demand environments plus allocated provisioned ones, across versions. */
  inUse = 0;
  busyOnDemand = 0;
  /** Scaling tokens: 1,000 new environments per 10 s per function (current model). */
  tokens = 1000;
  tokensAt: number;
  readonly metrics: FunctionMetrics = {
    invocations: 0,
    coldStarts: 0,
    successes: 0,
    errors: 0,
    timeouts: 0,
    crashes: 0,
    throttles: 0,
    concurrency: 0,
    peakConcurrency: 0,
    environments: 0,
  };
  /** Provisioned concurrency configurations by qualifier (alias name or version number). */
  readonly provisioned = new Map<string, ProvisionedPool>();
  /** Qualifier resolution cache (the pool invokes millions of times with the same qualifier). */
  readonly resolved = new Map<string, Target>();
  /** The unqualified target, cached outside the map (the hot path of most callers). */
  unqualified: Target | null = null;

  /** Forget resolved qualifiers (versions, aliases or provisioned concurrency changed). */
  invalidate(): void {
    this.resolved.clear();
    this.unqualified = null;
  }

  constructor(
    readonly name: string,
    readonly arn: string,
    config: FunctionConfig,
    now: number,
  ) {
    this.latest = new VersionState(this, LATEST, config, now);
    this.tokensAt = now;
  }

  version(qualifier: string): VersionState | undefined {
    if (qualifier === LATEST) return this.latest;
    if (!/^[1-9]\d*$/.test(qualifier)) return undefined;
    return this.versions[Number(qualifier) - 1];
  }
}

/** Where an invocation goes: the version that runs, and the qualifier's provisioned pool if it has one. */
export interface Target {
  qualifier: string;
  /** The ARN the caller invoked (`…:function:name` or `…:function:name:qualifier`). */
  invokedArn: string;
  /** Fixed version, or null for a weighted alias (drawn per invocation). */
  version: VersionState | null;
  alias: AliasState | null;
  /** The qualifier's provisioned concurrency, if configured. */
  pool: ProvisionedPool | null;
}

export function functionNotFound(arn: string): ApiError {
  return apiError('ResourceNotFoundException', `Function not found: ${arn}`, 404);
}

/** Resolve a qualifier once; the result is cached on the function until its versions or aliases change. */
export function resolveTarget(fn: FunctionState, qualifier: string | undefined): Target | ApiError {
  if (qualifier === undefined) {
    if (fn.unqualified) return fn.unqualified;
    const t = { qualifier: LATEST, invokedArn: fn.arn, version: fn.latest, alias: null, pool: null };
    fn.unqualified = t;
    return t;
  }
  const q = qualifier;
  const cached = fn.resolved.get(q);
  if (cached) return cached;
  const invokedArn = `${fn.arn}:${q}`;
  let target: Target;
  const version = fn.version(q);
  const pool = fn.provisioned.get(q) ?? null;
  if (version) target = { qualifier: q, invokedArn, version, alias: null, pool };
  else {
    const alias = fn.aliases.get(q);
    if (!alias) return functionNotFound(`${fn.arn}:${q}`);
    target = { qualifier: q, invokedArn, version: alias.additional ? null : alias.version, alias, pool };
  }
  fn.resolved.set(q, target);
  return target;
}

/** The version a target runs for one invocation (a weighted alias draws). */
export function pickVersion(target: Target, rng: Rng): VersionState {
  if (target.version) return target.version;
  const alias = target.alias!;
  const extra = alias.additional!;
  return rng() < extra.weight ? extra.version : alias.version;
}

/** AWS's rules for alias names and routing weights (CreateAlias / UpdateAlias). */
export function validateAlias(
  fn: FunctionState,
  name: string,
  version: string,
  additional: { version: string; weight: number } | undefined,
): ApiError | { version: VersionState; additional: AliasState['additional'] } {
  if (!/^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/.test(name) || name.length > 128) {
    return apiError(
      'ValidationException',
      `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)`,
    );
  }
  const target = fn.version(version);
  if (!target) return functionNotFound(`${fn.arn}:${version}`);
  if (!additional) return { version: target, additional: null };
  if (version === LATEST || additional.version === LATEST) {
    return apiError(
      'InvalidParameterValueException',
      '$LATEST is not supported for an alias pointing to more than 1 version',
    );
  }
  const second = fn.version(additional.version);
  if (!second) return functionNotFound(`${fn.arn}:${additional.version}`);
  if (second === target) {
    return apiError(
      'InvalidParameterValueException',
      'Invalid function version. The alias and the routing configuration must point to different versions.',
    );
  }
  if (!(additional.weight >= 0 && additional.weight <= 1)) {
    return apiError(
      'ValidationException',
      `1 validation error detected: Value '${additional.weight}' at 'routingConfig.additionalVersionWeights' failed to satisfy constraint: Map value must satisfy constraint: [Member must have value less than or equal to 1.0, Member must have value greater than or equal to 0.0]`,
    );
  }
  return { version: target, additional: { version: second, weight: additional.weight } };
}
