/**
 * The one place where a learner's Lambda world is assembled from real adapters: the page's sandbox (a worker per
 * environment), the live clock (virtual time following real time) and the Lambda service that routes, logs and
 * bills every invocation. A workspace is one such world: the playground has one, lesson embeds share one per
 * page, and each lab will get its own. Loaded lazily: nothing here is in a lesson's first load.
 */
import { LambdaService, VirtualClock, createWorkerExecutor, type Executor } from '../sim';
import { LiveClock } from '../sim/liveClock';
import { createSandboxHost, type SandboxHost } from '../sandbox/host/sandboxHost';
import { pageRealTime, randomSeed } from '../platform/realTime';

export interface Workspace {
  readonly id: string;
  readonly clock: VirtualClock;
  readonly live: LiveClock;
  readonly service: LambdaService;
  readonly host: SandboxHost;
  readonly executor: Executor;
  dispose(): void;
}

const workspaces = new Map<string, Workspace>();

export function createWorkspace(id: string): Workspace {
  const clock = new VirtualClock();
  const host = createSandboxHost();
  // The live clock needs the executor and the executor needs the live clock's sync: tie the knot late.
  let live: LiveClock | null = null;
  const executor = createWorkerExecutor({ host, sync: () => live?.sync() });
  const service = new LambdaService({
    clock,
    executor,
    logs: true,
    seed: randomSeed(),
    // Virtual time 0 is when the workspace opened, so timestamps read like today's.
    epochMs: Date.now(),
  });
  live = new LiveClock(clock, pageRealTime, {
    busy: () => executor.busy(),
    pending: () => service.hasPendingWork(),
  });
  live.start();
  const ws: Workspace = {
    id,
    clock,
    live,
    service,
    host,
    executor,
    dispose() {
      live?.dispose();
      executor.dispose?.();
      void host.dispose();
      workspaces.delete(id);
    },
  };
  workspaces.set(id, ws);
  return ws;
}

/** The page's workspace with this id, created on first use. */
export function getWorkspace(id: string): Workspace {
  return workspaces.get(id) ?? createWorkspace(id);
}
