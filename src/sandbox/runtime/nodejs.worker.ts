/**
 * Entry of the blob Web Worker that is one execution environment. Built as its own classic script
 * (see sandbox/assets.ts); the iframe creates each worker from a blob URL of this file's text.
 * It captures the intrinsics it needs *before* learner code runs, then closes the network.
 */
import type { WorkerCommand, WorkerEvent, WorkerInvoke } from '../protocol';
import { createNodeRuntime, type Transpile } from './nodeRuntime';

export const NETWORK_BLOCKED =
  'Coldstart sandbox: network requests to other origins are blocked; use the simulated AWS clients';

const scope = self as unknown as Window & typeof globalThis & Record<string, unknown>;
const postToFrame = (scope.postMessage as unknown as (m: WorkerEvent) => void).bind(scope);
/** This environment's end of the port to the host (set once, at spawn, before any learner code runs). */
let hostPort: MessagePort | null = null;
/** True from an invoke's arrival on the port until its result or crash is posted. */
let invoking = false;
/**
 * During an invocation its log lines, result or crash go straight to the host on the port, in order. Everything
 * else goes to the frame: /tmp mirroring, and init's log lines, which must reach the host before the init reply
 * that the frame relays (two channels keep no order between them).
 */
const post = (m: WorkerEvent): void => {
  if (hostPort && invoking && (m.t === 'log' || m.t === 'result' || m.t === 'crash')) {
    if (m.t !== 'log') invoking = false;
    hostPort.postMessage(m);
    if (m.t !== 'crash') return;
    // The frame must also learn of a crash: it terminates this worker and keeps /tmp. The host hears of it
    // on the port, after the invocation's last log lines.
    postToFrame({ ...m, onPort: true });
    return;
  }
  postToFrame(m);
};
const realSetTimeout = scope.setTimeout.bind(scope);
const realClearTimeout = scope.clearTimeout.bind(scope);
const perf = performance;
const indirectEval = eval;

function blockNetwork(): void {
  const fail = (what: string) => {
    const e = new Error(`${NETWORK_BLOCKED} (${what})`);
    e.name = 'NetworkBlockedError';
    return e;
  };
  const blockedFetch = () => Promise.reject(fail('fetch'));
  class Blocked {
    constructor() {
      throw fail('XMLHttpRequest/WebSocket/EventSource');
    }
  }
  const replacements: Record<string, unknown> = {
    fetch: blockedFetch,
    XMLHttpRequest: Blocked,
    WebSocket: Blocked,
    EventSource: Blocked,
    WebTransport: Blocked,
    importScripts: () => {
      throw fail('importScripts');
    },
  };
  // Shadow both the global and its prototype chain so `delete self.fetch` cannot uncover the original.
  let proto: object | null = scope;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.keys(replacements)) {
      if (Object.prototype.hasOwnProperty.call(proto, name)) {
        try {
          Object.defineProperty(proto, name, {
            value: replacements[name],
            writable: false,
            configurable: false,
          });
        } catch {
          /* non-configurable: shadowed on the global below */
        }
      }
    }
    proto = Object.getPrototypeOf(proto);
  }
  for (const name of Object.keys(replacements)) {
    try {
      Object.defineProperty(scope, name, { value: replacements[name], writable: false, configurable: false });
    } catch {
      /* already locked */
    }
  }
  // Learner code must not post as the runtime: results travel only through the captured `post`.
  Object.defineProperty(scope, 'postMessage', {
    value: () => {
      throw new Error('Coldstart sandbox: postMessage is reserved for the runtime');
    },
    writable: false,
    configurable: false,
  });
}

let transpile: Transpile | null = null;
const runtime = createNodeRuntime(
  {
    post,
    now: () => perf.now(),
    epochNow: () => Date.now(),
    timers: {
      setTimeout: (fn, ms) => realSetTimeout(fn, ms),
      clearTimeout: (id) => realClearTimeout(id as number),
    },
    evaluate: (source) => indirectEval(source),
    crypto: scope.crypto,
  },
  (source) => {
    if (!transpile) {
      indirectEval(source);
      const t = (scope as { __coldstartTranspile?: Transpile }).__coldstartTranspile;
      if (!t) throw new Error('transpiler failed to load');
      transpile = t;
    }
    return transpile;
  },
);

scope.addEventListener('message', (e: MessageEvent<WorkerCommand>) => {
  // Only real messages from the frame: learner code could dispatch a synthetic MessageEvent to itself.
  if (!e.isTrusted) return;
  const m = e.data;
  if (m.t === 'init') void runtime.init(m);
  else if (m.t === 'port' && !hostPort && e.ports[0]) {
    hostPort = e.ports[0];
    hostPort.onmessage = (ev: MessageEvent<WorkerInvoke>) => {
      if (ev.data.t !== 'invoke') return;
      invoking = true;
      runtime.invoke(ev.data);
    };
  }
});
scope.addEventListener('error', (e: ErrorEvent) => {
  e.preventDefault();
  runtime.uncaught(e.error ?? new Error(e.message), 'exception');
});
scope.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
  e.preventDefault();
  runtime.uncaught(e.reason, 'rejection');
});

runtime.installGlobals(scope);
blockNetwork();
post({ t: 'booted' });
