/**
 * The modelled executor: environments are plain objects whose state changes are the machine's own transitions,
 * resolved once from the compiled table (FAST_PATH). If environment.machine.ts loses a transition this relies on,
 * the module throws at load, and every step checks it starts from a state where the machine allows it.
 *
 * An invocation is planned when it starts (init phases, handler time from the HandlerModel at the version's CPU
 * share, the result from its rates or its `result` rule) and takes one clock timer per phase boundary, so the pool
 * can run hours of traffic at thousands of requests per second.
 */
import type { HandlerContext } from '../../config';
import { environmentTable, requireTransition, type TransitionInfo } from '../../environment.table';
import type { Rng } from '../../random';
import { initLimitMs, modelColdStart } from '../../timing';
import type { Environment } from '../environments';
import type { VersionState } from '../functions';
import type { Executor, ExecutorCallbacks } from './executor';

export interface FastTransition extends TransitionInfo {
  /** Leaf states in which this transition is enabled (its source or a descendant of it). */
  readonly from: ReadonlySet<string>;
  readonly to: string;
}

function fast(source: string, event: string, guard: string | null = null): FastTransition {
  const t = requireTransition(environmentTable, source, event, guard);
  const from = new Set(
    environmentTable.leafIds.filter((leaf) => environmentTable.lookup(leaf, event).some((x) => x === t)),
  );
  return { ...t, from, to: t.targets[0]! };
}

export const FAST_PATH = {
  coldInvoke: fast('created', 'invoke.requested'),
  provision: fast('created', 'provision.requested'),
  sandboxReady: fast('starting', 'sandbox.ready'),
  extensionsDone: fast('initializing.extensions', 'init.phase.done'),
  runtimeDone: fast('initializing.runtime', 'init.phase.done'),
  functionDoneInvoke: fast('initializing.function', 'init.phase.done', 'hasRequest'),
  functionDoneProvisioned: fast('initializing.function', 'init.phase.done'),
  initTimeoutOnDemand: fast('initializing', 'after:initLimit', 'isOnDemand'),
  initTimeoutProvisioned: fast('initializing', 'after:initLimit'),
  reinitDone: fast('invoking.reinitializing', 'init.phase.done'),
  handlerDone: fast('invoking.running', 'handler.done'),
  handlerCrashed: fast('invoking.running', 'handler.crashed'),
  functionTimeout: fast('invoking', 'after:functionTimeout'),
  resetDoneOnDemand: fast('resetting', 'reset.done'),
  resetDoneProvisioned: fast('resetting', 'reset.done', 'isProvisioned'),
  warmInvoke: fast('frozen', 'invoke.requested'),
  reinitInvoke: fast('frozen', 'invoke.requested', 'needsInit'),
  idleExpired: fast('frozen', 'after:idleLifetime', 'isOnDemand'),
  shutdownRequested: fast('frozen', 'shutdown.requested'),
  shutdownDone: fast('shuttingDown', 'shutdown.done'),
} as const;

export type FastPathName = keyof typeof FAST_PATH;

const S_CREATED = environmentTable.initial;

type Result = 'success' | 'error' | 'timeout' | 'crash';

/** Per-environment plan (kept on `env.exec`). */
interface Plan {
  invokeStartAt: number;
  initStartAt: number;
  handlerMs: number;
  result: Result;
  /** Steps still to take before the end (cold path only). */
  steps: Array<{ at: number; t: FastTransition }> | null;
  stepIndex: number;
  onTimer: () => void;
}

const MODELLED_ERROR = { errorType: 'Error', errorMessage: 'Handler failed', trace: [] };

export class ModelledExecutor implements Executor {
  readonly kind = 'modelled';
  private cb!: ExecutorCallbacks;
  /** Test hook: count every fast-path transition taken. */
  transitionCounts: Map<string, number> | null = null;

  constructor(private readonly options: { jitterInit?: boolean } = {}) {}

  bind(callbacks: ExecutorCallbacks): void {
    this.cb = callbacks;
  }

  busy(): boolean {
    return false;
  }

  create(env: Environment): void {
    const plan: Plan = {
      invokeStartAt: 0,
      initStartAt: 0,
      handlerMs: 0,
      result: 'success',
      steps: null,
      stepIndex: 0,
      onTimer: () => this.timer(env, plan),
    };
    env.exec = plan;
  }

  private step(env: Environment, t: FastTransition): void {
    if (!t.from.has(env.state)) {
      throw new Error(
        `Fast path left the machine: ${env.state} --${t.event}--> (allowed from ${[...t.from].join(', ')})`,
      );
    }
    const from = env.state;
    env.state = t.to;
    if (this.cb.tracksStates) this.cb.stateChanged(env, from, t.to);
    if (this.transitionCounts) {
      const k = `${t.source} --${t.event}${t.guard ? ` [${t.guard}]` : ''}--> ${t.target}`;
      this.transitionCounts.set(k, (this.transitionCounts.get(k) ?? 0) + 1);
    }
  }

  private drawInit(version: VersionState): { platformMs: number; initMs: number } {
    const c = version.config;
    if (!this.options.jitterInit || c.handler.initMs !== undefined) {
      return { platformMs: version.platformMs, initMs: version.initMs };
    }
    const p = modelColdStart(
      {
        runtime: c.runtime,
        packageMb: c.unzippedMb,
        memoryMb: c.memoryMb,
        vpc: c.vpc,
        extensions: c.extensions,
      },
      this.cb.rng,
    );
    return { platformMs: p.platformMs, initMs: p.initMs };
  }

  invoke(env: Environment): void {
    const cb = this.cb;
    const clock = cb.clock;
    const now = clock.now();
    const plan = env.exec as Plan;
    const version = env.version;
    const h = version.config.handler;
    const inv = env.inv!;
    const rng: Rng = cb.rng;

    // Handler time and result for this attempt.
    let handlerMs: number;
    let ctx: HandlerContext | null = null;
    if (version.fixedHandlerMs >= 0) handlerMs = version.fixedHandlerMs * version.durationScale;
    else {
      ctx = { attempt: inv.attempts, coldStart: env.needsInit, payload: inv.payload };
      handlerMs =
        Math.max(0, (h.durationMs as (rng: Rng, c: HandlerContext) => number)(rng, ctx)) *
        version.durationScale;
    }
    let result: Result = 'success';
    if (h.result) {
      ctx ??= { attempt: inv.attempts, coldStart: env.needsInit, payload: inv.payload };
      result = h.result(ctx) ?? 'success';
    } else if (h.crashRate && rng() < h.crashRate) result = 'crash';
    else if (h.errorRate && rng() < h.errorRate) result = 'error';
    if (result === 'timeout') handlerMs = Number.POSITIVE_INFINITY;

    const a = env.attempt;
    if (!env.needsInit) {
      // Warm: frozen → invoking.running, one timer for the end.
      this.step(env, FAST_PATH.warmInvoke);
      a.cold = false;
      a.initMs = 0;
      a.initRetried = false;
      plan.invokeStartAt = now;
      plan.steps = null;
      this.planEnd(env, plan, handlerMs, result);
      clock.scheduleAt(now + plan.handlerMs, plan.onTimer);
      return;
    }

    // Cold: created → starting → initializing.* → (re-init) → invoking.running.
    const fresh = env.state === S_CREATED;
    this.step(env, fresh ? FAST_PATH.coldInvoke : FAST_PATH.reinitInvoke);
    env.needsInit = false;
    env.inits++;
    a.cold = true;
    const { platformMs, initMs } = this.drawInit(version);
    const steps: Array<{ at: number; t: FastTransition }> = [];
    let t = now;
    if (fresh) {
      t += platformMs;
      steps.push({ at: t, t: FAST_PATH.sandboxReady });
    }
    plan.initStartAt = t;
    const limit = initLimitMs(false, version.timeoutMs);
    let reinitMs = 0;
    if (initMs > limit) {
      // Init overran: INIT_REPORT timeout, then Init again inside the invoke, under the function timeout.
      a.initRetried = true;
      a.initMs = limit;
      t += limit;
      steps.push({ at: t, t: FAST_PATH.initTimeoutOnDemand });
      plan.invokeStartAt = t;
      reinitMs = initMs;
      if (reinitMs < version.timeoutMs) steps.push({ at: t + reinitMs, t: FAST_PATH.reinitDone });
    } else {
      a.initRetried = false;
      a.initMs = initMs;
      const third = initMs / 3;
      steps.push({ at: t + third, t: FAST_PATH.extensionsDone });
      steps.push({ at: t + 2 * third, t: FAST_PATH.runtimeDone });
      t += initMs;
      steps.push({ at: t, t: FAST_PATH.functionDoneInvoke });
      plan.invokeStartAt = t;
    }
    plan.steps = steps;
    plan.stepIndex = 0;
    this.planEnd(env, plan, reinitMs + handlerMs, result);
    clock.scheduleAt(steps[0]!.at, plan.onTimer);
  }

  private planEnd(env: Environment, plan: Plan, invokeMs: number, result: Result): void {
    const timeoutMs = env.version.timeoutMs;
    if (invokeMs >= timeoutMs) {
      plan.result = 'timeout';
      plan.handlerMs = timeoutMs;
    } else {
      plan.result = result === 'timeout' ? 'success' : result;
      plan.handlerMs = invokeMs;
    }
  }

  private timer(env: Environment, plan: Plan): void {
    const steps = plan.steps;
    if (steps && plan.stepIndex < steps.length) {
      const s = steps[plan.stepIndex++]!;
      this.step(env, s.t);
      if (plan.stepIndex < steps.length) this.cb.clock.scheduleAt(steps[plan.stepIndex]!.at, plan.onTimer);
      else {
        // Init done (or re-init under way): the invoke ends at start + handler (or the timeout).
        plan.steps = null;
        this.cb.clock.scheduleAt(plan.invokeStartAt + plan.handlerMs, plan.onTimer);
      }
      return;
    }
    if (!env.busy) return;
    this.complete(env, plan);
  }

  private complete(env: Environment, plan: Plan): void {
    const cb = this.cb;
    const result = plan.result;
    switch (result) {
      case 'success':
      case 'error':
        this.step(env, FAST_PATH.handlerDone);
        break;
      case 'crash':
        this.step(env, FAST_PATH.handlerCrashed);
        break;
      case 'timeout':
        this.step(env, FAST_PATH.functionTimeout);
        break;
    }
    if (result === 'crash' || result === 'timeout') {
      // Reset: the runtime restarts, /tmp is kept, Init runs on the next invoke.
      this.step(env, env.provisioned ? FAST_PATH.resetDoneProvisioned : FAST_PATH.resetDoneOnDemand);
      env.needsInit = true;
      env.resets++;
    }
    const a = env.attempt;
    a.result = result;
    a.durationMs = plan.handlerMs;
    a.reportedMemoryMb = -1;
    a.syntax = null;
    if (result === 'success') {
      const response = env.version.config.handler.response;
      a.payload = response
        ? JSON.stringify(
            response({ attempt: env.inv!.attempts, coldStart: a.cold, payload: env.inv!.payload }) ?? null,
          )
        : null;
      a.error = null;
      a.exitMessage = null;
    } else {
      a.payload = null;
      a.error = result === 'error' ? MODELLED_ERROR : null;
      a.exitMessage = result === 'crash' ? 'Runtime exited with error: signal: killed' : null;
    }
    if (cb.logging) {
      if (a.cold) {
        cb.initStarted(env, 'init', plan.initStartAt);
        if (a.initRetried)
          cb.initEnded(env, 'init', 'timeout', a.initMs, undefined, undefined, plan.initStartAt + a.initMs);
        else cb.initEnded(env, 'init', 'success', a.initMs, undefined, undefined, plan.invokeStartAt);
      }
      cb.invokeStarted(env, plan.invokeStartAt);
    }
    if (env.provisioned && env.needsInit) {
      // A provisioned environment re-initialises ahead of traffic after a reset.
      cb.attemptEnded(env, false);
      this.initProvisioned(env);
      return;
    }
    cb.attemptEnded(env, true);
  }

  shutdown(env: Environment): void {
    this.step(env, FAST_PATH.shutdownRequested);
    this.step(env, FAST_PATH.shutdownDone);
    this.cb.environmentGone(env);
  }

  provision(env: Environment): void {
    this.step(env, FAST_PATH.provision);
    const { platformMs } = this.drawInit(env.version);
    this.cb.clock.schedule(platformMs, () => {
      if (env.state === 'shutdown') return;
      this.step(env, FAST_PATH.sandboxReady);
      this.initProvisioned(env);
    });
  }

  /** Init ahead of traffic, under the larger limit max(130 s, timeout). */
  private initProvisioned(env: Environment): void {
    const cb = this.cb;
    const { initMs } = this.drawInit(env.version);
    const limit = initLimitMs(true, env.version.timeoutMs);
    const startAt = cb.clock.now();
    env.inits++;
    if (initMs > limit) {
      cb.clock.schedule(limit, () => {
        if (env.state === 'shutdown') return;
        this.step(env, FAST_PATH.initTimeoutProvisioned);
        this.step(env, FAST_PATH.shutdownDone);
        if (cb.logging) {
          cb.initStarted(env, 'init', startAt);
          cb.initEnded(env, 'init', 'timeout', limit);
        }
        cb.provisionFailed(env);
      });
      return;
    }
    cb.clock.schedule(initMs, () => {
      if (env.state === 'shutdown') return;
      this.step(env, FAST_PATH.extensionsDone);
      this.step(env, FAST_PATH.runtimeDone);
      this.step(env, FAST_PATH.functionDoneProvisioned);
      env.needsInit = false;
      if (cb.logging) {
        cb.initStarted(env, 'init', startAt);
        cb.initEnded(env, 'init', 'success', initMs);
      }
      cb.environmentReady(env);
    });
  }
}
