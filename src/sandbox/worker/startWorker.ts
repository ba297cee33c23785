/**
 * The start of every runtime's worker script (classic or module): it captures what the host needs from the
 * worker's global scope *before* any learner code exists (postMessage, the port's methods, the message `data`
 * getter, timers, clocks, a private task queue), listens only to trusted messages from the frame, and hands the
 * rest to the runtime-neutral worker host.
 *
 * Why capture: learner code runs in this global scope and may patch any prototype. If the host called
 * `port.postMessage(…)` or read `event.data` through the prototypes at run time, a patched
 * `MessagePort.prototype.postMessage` or `MessageEvent.prototype.data` getter would receive the port (as `this`
 * or as `event.target`) and could rewrite the result or the REPORT figures. Bound functions and uncurried
 * getters taken here are immune to later patches, and the host only ever sees a plain adapter object.
 *
 * A runtime's entry is one line: `startWorker(createMyRuntime)` (see runtimes/nodejs/nodejs.worker.ts).
 */
import type { TmpSnapshot } from '../tmp/tmpFs';
import { createCourseFetch } from './courseFetch';
import { blockNetwork, reservePostMessage } from './network';
import type { WorkerCommand, WorkerEvent } from './protocol';
import type { RuntimeFactory } from './runtimeModule';
import { createWorkerHost, type PortLike, type WorkerHost } from './workerHost';

type Uncurried<T> = (self: T, ...args: unknown[]) => unknown;

/** `method.call(self, …args)` that no later patch of Function.prototype.call or of `method`'s owner can reach. */
function uncurry<T>(method: (...args: never[]) => unknown): Uncurried<T> {
  return Function.prototype.call.bind(method) as Uncurried<T>;
}

function getter<T>(prototype: object, name: string): (self: T) => unknown {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
  if (!descriptor?.get) throw new Error(`Coldstart sandbox: no ${name} getter to capture`);
  return uncurry<T>(descriptor.get) as (self: T) => unknown;
}

export function startWorker(createRuntime: RuntimeFactory): void {
  const scope = self as unknown as typeof globalThis & {
    postMessage(message: unknown, transfer?: Transferable[]): void;
  };
  const postToFrame = scope.postMessage.bind(scope) as (event: WorkerEvent) => void;
  const setTimer = scope.setTimeout.bind(scope);
  const clearTimer = scope.clearTimeout.bind(scope);
  const performanceNow = performance.now.bind(performance);
  const dateNow = Date.now;
  const portPost = uncurry<MessagePort>(MessagePort.prototype.postMessage);
  const messageData = getter<MessageEvent>(MessageEvent.prototype, 'data');
  const messagePorts = getter<MessageEvent>(MessageEvent.prototype, 'ports') as (
    event: MessageEvent,
  ) => readonly MessagePort[];
  const preventDefault = uncurry<Event>(Event.prototype.preventDefault);
  const errorOf = getter<ErrorEvent>(ErrorEvent.prototype, 'error');
  const errorMessageOf = getter<ErrorEvent>(ErrorEvent.prototype, 'message');
  const reasonOf = getter<PromiseRejectionEvent>(PromiseRejectionEvent.prototype, 'reason');

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
      portPost(wake.port2, 0);
    }
  };

  /** The environment's port as the host sees it: no reference to the real MessagePort ever leaves here. */
  function adapt(port: MessagePort): PortLike {
    const adapter: PortLike = {
      postMessage: (message) => portPost(port, message),
      onmessage: null,
    };
    port.onmessage = (event: MessageEvent) => {
      // isTrusted is an own, unforgeable property: a synthetic event cannot claim it.
      if (!event.isTrusted) return;
      adapter.onmessage?.({ data: messageData(event), isTrusted: true } as MessageEvent);
    };
    return adapter;
  }

  let host: WorkerHost | null = null;
  scope.addEventListener('message', (event: MessageEvent<WorkerCommand>) => {
    // Only real messages from the frame: learner code could dispatch a synthetic MessageEvent to itself.
    if (!event.isTrusted) return;
    const command = messageData(event) as WorkerCommand | null;
    if (command?.t === 'boot' && !host) {
      host = createWorkerHost({
        boot: {
          runtime: command.runtime,
          assets: command.assets,
          share: (assets) => postToFrame({ t: 'share', assets }),
        },
        createRuntime,
        postToFrame,
        now: performanceNow,
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
    } else if (command?.t === 'attach' && host) {
      const port = messagePorts(event)[0];
      if (port) host.attach(adapt(port), command.tmp as TmpSnapshot);
    }
  });
  scope.addEventListener('error', (event: ErrorEvent) => {
    preventDefault(event);
    host?.uncaught(errorOf(event) ?? new Error(String(errorMessageOf(event))), 'exception');
  });
  scope.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => {
    preventDefault(event);
    host?.uncaught(reasonOf(event), 'rejection');
  });
  reservePostMessage(scope);
}
