/**
 * The world a lesson simulator runs in: a workspace (src/app/workspaces.ts) — the real Lambda service, its
 * sandbox, the live clock and the simulated account. Simulators get their own workspace, not saved, so a demo
 * starts from the same account every time and never mixes with the learner's playground or lesson sandboxes.
 */
import type { Workspace } from '../../app/workspaces';

/** What a simulator core uses of a workspace (tests hand in a workspace on the in-process host). */
export type SimulatorWorld = Pick<
  Workspace,
  'service' | 'clock' | 'account' | 'live' | 'networking' | 'apiGateway' | 'asyncSources'
>;

let loading: Promise<Workspace> | null = null;

/** The page's simulator workspace, created (lazily, with the sandbox) on first use. */
export function loadSimulatorWorld(): Promise<Workspace> {
  loading ??= import('../../app/workspaces').then((module) =>
    module.createWorkspace('simulators', { accountStore: null }),
  );
  return loading;
}

/**
 * A fresh resource name per run (`retry-demo-3`): functions and queues are never reused, because SQS refuses a
 * queue name for 60 seconds after it was deleted, and a run must not see the previous run's messages.
 */
export function runName(prefix: string, world: SimulatorWorld): string {
  let number = 1;
  while (world.service.hasFunction(`${prefix}-${number}`)) number++;
  return `${prefix}-${number}`;
}

/**
 * Fast-forwards virtual time one scheduled event at a time until what the learner sees changes (`view`
 * returns something else) or nothing is left to do: one click is one visible step (the next retry, the next
 * batch), not one of the service's internal timers.
 */
export async function stepUntilChange(
  world: Pick<SimulatorWorld, 'live' | 'service' | 'networking'>,
  view: () => string,
  maxJumps = 200,
): Promise<boolean> {
  const before = view();
  for (let jump = 0; jump < maxJumps; jump++) {
    if (!world.service.hasPendingWork() && !world.networking.hasPendingWork()) return view() !== before;
    const result = await world.live.fastForward({ until: 'next' });
    if (view() !== before) return true;
    if (result.reason === 'nothing-scheduled') return false;
  }
  return view() !== before;
}

/** Fast-forwards until the service and the mappings have nothing left to do. */
export async function runToEnd(world: Pick<SimulatorWorld, 'live'>): Promise<void> {
  await world.live.fastForward({ until: 'idle' });
}
