/**
 * The second line of the sandbox's network closure, inside each environment's worker. The first is the frame's
 * Content-Security-Policy (frame/document.ts), which blob workers inherit and which also stops what no override
 * can: `import()`, nested and `data:` workers. These overrides give learner code a clear error instead of a CSP
 * violation for the common cases, and keep environments from talking to each other (BroadcastChannel).
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
  class Blocked {
    constructor() {
      throw blockedError('XMLHttpRequest/WebSocket/EventSource/WebTransport/BroadcastChannel');
    }
  }
  const replacements: Record<string, unknown> = {
    // The course's own internet hosts answer through the environment's port (courseFetch.ts); nothing else.
    fetch: options.fetch ?? (() => Promise.reject(blockedError('fetch'))),
    XMLHttpRequest: Blocked,
    WebSocket: Blocked,
    EventSource: Blocked,
    WebTransport: Blocked,
    BroadcastChannel: Blocked,
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

/** Learner code must not post as the runtime: results travel only through the captured port. */
export function reservePostMessage(scope: object): void {
  Object.defineProperty(scope, 'postMessage', {
    value: () => {
      throw new Error('Coldstart sandbox: postMessage is reserved for the runtime');
    },
    writable: false,
    configurable: false,
  });
}
