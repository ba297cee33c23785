/**
 * React glue for a simulator: loads the simulator workspace on the learner's first action (never on page load:
 * the sandbox is not part of a lesson's first load), keeps one run at a time, re-renders when the run reports
 * a change, and offers "next step" and "to the end" over the live clock.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Workspace } from '../../app/workspaces';
import { loadSimulatorWorld, runToEnd, stepUntilChange } from './simulatorWorld';

export interface SimulatorRun<Snapshot> {
  snapshot(): Snapshot;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

export function useSimulatorRun<Snapshot, Run extends SimulatorRun<Snapshot> = SimulatorRun<Snapshot>>() {
  const [run, setRun] = useState<Run | null>(null);
  const [world, setWorld] = useState<Workspace | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [working, setWorking] = useState<'starting' | 'stepping' | 'forwarding' | 'running' | null>(null);
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const current = useRef<Run | null>(null);

  useEffect(() => {
    if (!run) return;
    return run.subscribe(rerender);
  }, [run]);
  useEffect(() => () => current.current?.dispose(), []);

  const start = useCallback(
    async (create: (world: Workspace) => Run, after?: (world: Workspace) => Promise<void>) => {
      setFailure(null);
      setWorking('starting');
      try {
        const loaded = await loadSimulatorWorld();
        await loaded.ready;
        current.current?.dispose();
        const next = create(loaded);
        current.current = next;
        setWorld(loaded);
        setRun(next);
        if (after) await after(loaded);
      } catch (error) {
        setFailure(messageOf(error));
      } finally {
        setWorking(null);
      }
    },
    [],
  );

  const step = useCallback(async () => {
    const active = current.current;
    if (!world || !active) return;
    setWorking('stepping');
    try {
      await stepUntilChange(world, () => JSON.stringify(active.snapshot()));
    } finally {
      setWorking(null);
      rerender();
    }
  }, [world]);

  const finish = useCallback(async () => {
    if (!world) return;
    setWorking('forwarding');
    try {
      await runToEnd(world);
    } finally {
      setWorking(null);
      rerender();
    }
  }, [world]);

  /** Something of the run's own (an invoke) that the controls wait for. */
  const act = useCallback(async (action: (active: Run) => Promise<unknown>) => {
    const active = current.current;
    if (!active) return;
    setWorking('running');
    try {
      await action(active);
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setWorking(null);
      rerender();
    }
  }, []);

  const pending = world ? world.service.hasPendingWork() || world.networking.hasPendingWork() : false;
  return {
    run,
    world,
    snapshot: run?.snapshot() ?? null,
    start,
    step,
    finish,
    act,
    working,
    pending,
    failure,
  };
}

/**
 * For a simulator that runs one thing and shows its result (no steps): loads the simulator workspace on the
 * learner's click, keeps the last result, and says what failed.
 */
export function useSimulatorAction<Result>() {
  const [result, setResult] = useState<Result | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const run = useCallback(async (action: (world: Workspace) => Promise<Result>) => {
    setRunning(true);
    setFailure(null);
    try {
      const world = await loadSimulatorWorld();
      await world.ready;
      setResult(await action(world));
    } catch (error) {
      setFailure(messageOf(error));
    } finally {
      setRunning(false);
    }
  }, []);

  /** Forget the last result (what it showed no longer applies). */
  const clear = useCallback(() => setResult(null), []);
  return { result, running, failure, run, clear };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
