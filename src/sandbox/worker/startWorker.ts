/**
 * The start of every runtime's worker script (classic or module): it captures what the host needs from the
 * worker's global scope *before* any learner code exists (postMessage, timers, clocks, a private task queue),
 * listens only to trusted messages from the frame, and hands the rest to the runtime-neutral worker host.
 *
 * A runtime's entry is one line: `startWorker(createMyRuntime)` (see runtimes/nodejs/nodejs.worker.ts).
 */
import type { TmpSnapshot } from '../tmp/tmpFs';
import { createCourseFetch } from './courseFetch';
import { blockNetwork, reservePostMessage } from './network';
import type { WorkerCommand, WorkerEvent } from './protocol';
import type { RuntimeFactory } from './runtimeModule';
import { createWorkerHost, type WorkerHost } from './workerHost';

export function startWorker(createRuntime: RuntimeFactory): void {
  const scope = self as unknown as typeof globalThis & {
    postMessage(message: unknown, transfer?: Transferable[]): void;
  };
  const postToFrame = scope.postMessage.bind(scope) as (event: WorkerEvent) => void;
  const setTimer = scope.setTimeout.bind(scope);
  const clearTimer = scope.clearTimeout.bind(scope);
  const performanceClock = performance;
  const dateNow = Date.now;

  // A private macrotask queue (a MessageChannel only this closure holds): log batches flush at the end of the
  // task turn without the 4 ms clamp of nested setTimeout, and learner code cannot reach or fake it.
  const tasks: Array<() => void> = [];
  const wake = new MessageChannel();
  let woken = false;
  wake.port1.onmessage = () => {
    woken = false;
    const batch = tasks.splice(0);
    for (const task of batch) task();
  };
  const defer = (task: () => void): void => {
    tasks.push(task);
    if (!woken) {
      woken = true;
      wake.port2.postMessage(0);
    }
  };

  let host: WorkerHost | null = null;
  scope.addEventListener('message', (event: MessageEvent<WorkerCommand>) => {
    // Only real messages from the frame: learner code could dispatch a synthetic MessageEvent to itself.
    if (!event.isTrusted) return;
    const command = event.data;
    if (command?.t === 'boot' && !host) {
      host = createWorkerHost({
        boot: { runtime: command.runtime, assets: command.assets },
        createRuntime,
        postToFrame,
        now: () => performanceClock.now(),
        epochNow: () => dateNow(),
        timers: {
          setTimeout: (callback, delayMs) => setTimer(callback, delayMs),
          clearTimeout: (id) => clearTimer(id as number),
        },
        defer,
      });
      // The runtime has installed its globals once it has booted; close the network before any learner code.
      const { send } = host;
      void host.ready.then(() => blockNetwork(scope, { fetch: createCourseFetch(send) }));
    } else if (command?.t === 'attach' && host && event.ports[0]) {
      host.attach(event.ports[0], command.tmp as TmpSnapshot);
    }
  });
  scope.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    host?.uncaught(event.error ?? new Error(event.message), 'exception');
  });
  scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    event.preventDefault();
    host?.uncaught(event.reason, 'rejection');
  });
  reservePostMessage(scope);
}
