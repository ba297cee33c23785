/**
 * The second line of the sandbox's network closure, inside each environment's worker. The first is the frame's
 * Content-Security-Policy (frame/document.ts), which blob workers inherit and which also stops what no override
 * can: `import()` and `data:` workers. These overrides give learner code a clear error instead of a CSP
 * violation for the common cases (so the browser does not even attempt the request), refuse nested workers
 * outright, and keep environments from talking to each other (BroadcastChannel).
 */

export const NETWORK_BLOCKED =
  'Coldstart sandbox: network requests to other origins are blocked; use the simulated AWS clients';

function blockedError(what: string): Error {
  const error = new Error(`${NETWORK_BLOCKED} (${what})`);
  error.name = 'NetworkBlockedError';
  return error;
}

/** Replaces the network APIs on the worker's global object and its prototype chain, before learner code runs. */
export function blockNetwork(
  scope: object,
  options: { fetch?: (...args: never[]) => Promise<Response> } = {},
): void {
  const blocked = (what: string) =>
    function Blocked() {
      throw blockedError(what);
    };
  const replacements: Record<string, unknown> = {
    // The course's own internet hosts answer through the environment's port (courseFetch.ts); nothing else.
    fetch: options.fetch ?? (() => Promise.reject(blockedError('fetch'))),
    XMLHttpRequest: blocked('XMLHttpRequest'),
    WebSocket: blocked('WebSocket'),
    WebSocketStream: blocked('WebSocketStream'),
    EventSource: blocked('EventSource'),
    WebTransport: blocked('WebTransport'),
    // A font face with a url() source is a request; local() faces are no use without a document.
    FontFace: blocked('FontFace'),
    // The one channel every environment of the frame could share (same opaque origin).
    BroadcastChannel: blocked('BroadcastChannel'),
    // An environment is one process: a nested worker would escape its memory accounting and its stop.
    Worker: function Worker() {
      throw new Error(
        'Coldstart sandbox: an environment cannot start workers (one environment is one process)',
      );
    },
    SharedWorker: function SharedWorker() {
      throw new Error(
        'Coldstart sandbox: an environment cannot start workers (one environment is one process)',
      );
    },
    importScripts: () => {
      throw blockedError('importScripts');
    },
  };
  // Shadow the global and every prototype that defines one, so `delete self.fetch` uncovers nothing.
  let proto: object | null = scope;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.keys(replacements)) {
      if (!Object.prototype.hasOwnProperty.call(proto, name)) continue;
      try {
        Object.defineProperty(proto, name, {
          value: replacements[name],
          writable: false,
          configurable: false,
        });
      } catch {
        /* non-configurable here: shadowed on the global below */
      }
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  for (const name of Object.keys(replacements)) {
    try {
      Object.defineProperty(scope, name, { value: replacements[name], writable: false, configurable: false });
    } catch {
      /* already locked */
    }
  }
}

/**
 * Learner code must not post as the runtime: results travel only through the captured port, and the worker's
 * own channel to the frame (exit, /tmp) only through the function startWorker bound before any learner code.
 * The global and every prototype that defines `postMessage` (DedicatedWorkerGlobalScope.prototype) lose it, so
 * `Object.getPrototypeOf(self).postMessage.call(self, …)` finds nothing either.
 */
export function reservePostMessage(scope: object): void {
  const reserved = () => {
    throw new Error('Coldstart sandbox: postMessage is reserved for the runtime');
  };
  for (let proto = Object.getPrototypeOf(scope) as object | null; proto && proto !== Object.prototype;) {
    if (Object.prototype.hasOwnProperty.call(proto, 'postMessage'))
      try {
        Object.defineProperty(proto, 'postMessage', {
          value: reserved,
          writable: false,
          configurable: false,
        });
      } catch {
        /* already locked */
      }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  Object.defineProperty(scope, 'postMessage', { value: reserved, writable: false, configurable: false });
}
