import { getShortestPaths } from '@xstate/graph';
import { createActor, fromCallback, type AnyEventObject, type SnapshotFrom } from 'xstate';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock';
import { createModelledActors } from './environment.actors';
import { environmentMachine, type ActorInput, type EnvironmentInput } from './environment.machine';
import { environmentTable, stateIdOf, type TransitionInfo } from './environment.table';

type Snap = SnapshotFrom<typeof environmentMachine>;

const ON_DEMAND: EnvironmentInput = { environmentId: 'env-a', timeoutMs: 3000, idleLifetimeMs: 600_000 };
const PROVISIONED: EnvironmentInput = { ...ON_DEMAND, environmentId: 'env-p', provisioned: true };

/** What distinguishes states for path purposes (counters would make the graph infinite). */
function key(s: Snap): string {
  const c = s.context;
  return `${stateIdOf(s)}|p=${c.provisioned}|n=${c.needsInit}|r=${c.request !== null}`;
}

/** Events enabled in a snapshot, straight from the compiled table (after-events in XState's internal form). */
function eventsFor(s: Snap): AnyEventObject[] {
  const seen = new Set<string>();
  const out: AnyEventObject[] = [];
  for (const t of environmentTable.enabledIn(stateIdOf(s))) {
    if (seen.has(t.xstateEvent)) continue;
    seen.add(t.xstateEvent);
    if (t.event === 'invoke.requested') out.push({ type: t.event, request: { requestId: 'req-1' } });
    else if (t.event === 'init.phase.failed' || t.event === 'handler.crashed')
      out.push({ type: t.event, error: { errorType: 'Boom', errorMessage: 'boom' } });
    else out.push({ type: t.xstateEvent });
  }
  return out;
}

/** Inert actors: the test itself sends the completion events, and advances the clock for `after` delays. */
const inert = fromCallback<AnyEventObject, ActorInput>(() => {});
const inertActors = {
  startSandbox: inert,
  initExtensions: inert,
  initRuntime: inert,
  initFunction: inert,
  reinitialize: inert,
  runHandler: inert,
  resetRuntime: inert,
  shutdownRuntime: inert,
};

function delayOf(t: TransitionInfo, s: Snap): number {
  const name = t.event.slice('after:'.length);
  const c = s.context;
  if (name === 'initLimit') return c.provisioned ? Math.max(130_000, c.timeoutMs) : 10_000;
  if (name === 'functionTimeout') return c.timeoutMs;
  if (name === 'idleLifetime') return c.idleLifetimeMs;
  throw new Error(`unknown delay ${name}`);
}

/** Replays a path on a live actor (virtual clock, inert actors) and returns every transition it took. */
function replay(input: EnvironmentInput, events: AnyEventObject[]): { final: Snap; taken: TransitionInfo[] } {
  const clock = new VirtualClock();
  const actor = createActor(environmentMachine.provide({ actors: inertActors }), {
    input,
    clock: clock.xstateClock(),
  });
  actor.start();
  const taken: TransitionInfo[] = [];
  for (const ev of events) {
    const before = actor.getSnapshot();
    const from = stateIdOf(before);
    let t: TransitionInfo | undefined;
    if (ev.type.startsWith('xstate.after.')) {
      t = environmentTable.enabledIn(from).find((x) => x.xstateEvent === ev.type);
      expect(t, `delayed transition ${ev.type} from ${from}`).toBeDefined();
      clock.advanceBy(delayOf(t!, before));
    } else {
      actor.send(ev as never);
    }
    const after = actor.getSnapshot();
    const to = stateIdOf(after);
    const candidates = environmentTable
      .enabledIn(from)
      .filter((x) => (x.xstateEvent === ev.type || x.event === ev.type) && x.targets.includes(to));
    if (candidates.length === 0 && from === to) {
      // A guard blocked it (e.g. no idle shutdown for provisioned): only guarded transitions may do that.
      const declared = environmentTable.enabledIn(from).filter((x) => x.xstateEvent === ev.type);
      expect(
        declared.every((x) => x.guard !== null),
        `${from} ignored ${ev.type}`,
      ).toBe(true);
      continue;
    }
    expect(candidates.length, `${from} --${ev.type}--> ${to} must be a declared transition`).toBeGreaterThan(
      0,
    );
    // Pick the guarded one when the guard held, else the fallback.
    t = candidates.length === 1 ? candidates[0] : candidates.find((x) => x.guard !== null);
    taken.push(t!);
  }
  return { final: actor.getSnapshot(), taken };
}

function pathsFor(input: EnvironmentInput) {
  return getShortestPaths(environmentMachine, {
    input,
    events: (s) => eventsFor(s as Snap) as never,
    serializeState: (s) => key(s as Snap),
  });
}

function stepsOf(path: { steps: Array<{ event: AnyEventObject }> }): AnyEventObject[] {
  return path.steps.map((s) => s.event).filter((e) => e.type !== 'xstate.init');
}

describe('environmentMachine — path coverage', () => {
  const inputs = [ON_DEMAND, PROVISIONED];
  const allPaths = inputs.map((input) => ({ input, paths: pathsFor(input) }));

  it('reaches every state of the definition through shortest paths (on-demand and provisioned inputs)', () => {
    const reached = new Set<string>();
    for (const { input, paths } of allPaths) {
      for (const p of paths) {
        const { final } = replay(input, stepsOf(p as never));
        expect(key(final)).toBe(key(p.state as Snap));
        reached.add(stateIdOf(final));
      }
    }
    expect([...reached].sort()).toEqual([...environmentTable.leafIds].sort());
  });

  it('takes every declared transition (each shortest path extended by each enabled event), replayed on a live actor', () => {
    const covered = new Set<TransitionInfo>();
    for (const { input, paths } of allPaths) {
      for (const p of paths) {
        const prefix = stepsOf(p as never);
        for (const ev of eventsFor(p.state as Snap)) {
          const { taken } = replay(input, [...prefix, ev]);
          taken.forEach((t) => covered.add(t));
        }
      }
    }
    const missing = environmentTable.transitions
      .filter((t) => !covered.has(t))
      .map((t) => `${t.source} --${t.event}${t.guard ? ` [${t.guard}]` : ''}--> ${t.target}`);
    expect(missing).toEqual([]);
  });
});

describe('environmentMachine — behaviour on the virtual clock', () => {
  function run(input: EnvironmentInput, handlerMs: (requestId: string) => number | 'crash', initMs = 100) {
    const clock = new VirtualClock();
    const actors = createModelledActors(clock, (i) => {
      if (i.phase === 'handler') {
        const d = handlerMs(i.request!.requestId);
        return d === 'crash' ? { durationMs: 5, crash: true } : { durationMs: d };
      }
      if (
        i.phase === 'extensions' ||
        i.phase === 'runtime' ||
        i.phase === 'function' ||
        i.phase === 'reinit'
      ) {
        return { durationMs: initMs };
      }
      return { durationMs: 10 };
    });
    const actor = createActor(environmentMachine.provide({ actors }), { input, clock: clock.xstateClock() });
    const trace: string[] = [];
    actor.subscribe((s) => {
      const id = stateIdOf(s);
      if (trace[trace.length - 1]?.split('@')[0] !== id) trace.push(`${id}@${clock.now()}`);
    });
    actor.start();
    return { clock, actor, trace };
  }

  it('first invoke is cold (starting → three init phases → running), second is warm, idle leads to shutdown', () => {
    const { clock, actor, trace } = run(ON_DEMAND, () => 50);
    actor.send({ type: 'invoke.requested', request: { requestId: 'a' } });
    expect(actor.getSnapshot().context.coldStart).toBe(true);
    clock.advanceBy(1000);
    actor.send({ type: 'invoke.requested', request: { requestId: 'b' } });
    expect(actor.getSnapshot().context.coldStart).toBe(false);
    clock.advanceBy(1000);
    expect(trace).toEqual([
      'created@0',
      'starting@0',
      'initializing.extensions@10',
      'initializing.runtime@110',
      'initializing.function@210',
      'invoking.running@310',
      'frozen@360',
      'invoking.running@1000',
      'frozen@1050',
    ]);
    expect(actor.getSnapshot().context).toMatchObject({ invocations: 2, inits: 1, lastOutcome: 'success' });
    clock.advanceBy(600_000);
    expect(stateIdOf(actor.getSnapshot())).toBe('shutdown');
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('a timeout resets the environment and the next invoke runs Init again without a new sandbox', () => {
    const { clock, actor, trace } = run(ON_DEMAND, (id) => (id === 'slow' ? 10_000 : 20));
    actor.send({ type: 'invoke.requested', request: { requestId: 'slow' } });
    clock.advanceBy(5000);
    expect(actor.getSnapshot().context).toMatchObject({ lastOutcome: 'timeout', needsInit: true, resets: 1 });
    expect(actor.getSnapshot().context.lastError?.errorMessage).toBe('Task timed out after 3.00 seconds');
    // running began at 310, the 3 s timeout fires at 3310
    expect(trace).toContain('resetting@3310');
    expect(trace).toContain('frozen@3320');
    actor.send({ type: 'invoke.requested', request: { requestId: 'next' } });
    expect(stateIdOf(actor.getSnapshot())).toBe('initializing.extensions');
    expect(actor.getSnapshot().context.coldStart).toBe(true);
    clock.advanceBy(1000);
    expect(actor.getSnapshot().context).toMatchObject({ inits: 2, invocations: 2, lastOutcome: 'success' });
  });

  it('a crash resets too', () => {
    const { clock, actor } = run(ON_DEMAND, () => 'crash');
    actor.send({ type: 'invoke.requested', request: { requestId: 'x' } });
    clock.advanceBy(1000);
    expect(actor.getSnapshot().context).toMatchObject({ lastOutcome: 'crash', needsInit: true, resets: 1 });
    expect(actor.getSnapshot().context.lastError?.errorType).toBe('Runtime.ExitError');
  });

  it('on-demand init over 10 s is retried inside the first invoke, bounded by the function timeout', () => {
    const { clock, actor, trace } = run({ ...ON_DEMAND, timeoutMs: 60_000 }, () => 50, 4000);
    actor.send({ type: 'invoke.requested', request: { requestId: 'r' } });
    clock.advanceBy(20_000);
    // 3 phases × 4 s = 12 s > 10 s: at 10 010 the init limit fires, re-init (4 s) runs inside the invoke
    expect(trace).toContain('invoking.reinitializing@10010');
    expect(trace).toContain('invoking.running@14010');
    expect(trace).toContain('frozen@14060');
    expect(actor.getSnapshot().context.lastOutcome).toBe('success');
  });

  it('provisioned: initialises ahead of traffic under the 130 s limit, never idles out, warm first invoke', () => {
    const { clock, actor, trace } = run(PROVISIONED, () => 50, 20_000);
    actor.send({ type: 'provision.requested' });
    clock.advanceBy(70_000); // 60 s of init would have timed out on-demand
    expect(trace).toContain('frozen@60010');
    clock.advanceBy(10 * 600_000);
    expect(stateIdOf(actor.getSnapshot())).toBe('frozen');
    actor.send({ type: 'invoke.requested', request: { requestId: 'p' } });
    expect(actor.getSnapshot().context.coldStart).toBe(false);
    expect(stateIdOf(actor.getSnapshot())).toBe('invoking.running');
    clock.advanceBy(100);
    actor.send({ type: 'shutdown.requested' });
    clock.advanceBy(100);
    expect(actor.getSnapshot().status).toBe('done');
  });

  it('a timeout stops the running handler: its pending completion is cancelled', () => {
    const { clock, actor } = run(ON_DEMAND, () => 10_000);
    actor.send({ type: 'invoke.requested', request: { requestId: 'a' } });
    clock.advanceBy(4000);
    // the handler's pending completion (at 10 310) must not fire into a later state
    expect(clock.pending()).toBe(1); // only the idle-lifetime timer of `frozen`
  });
});
