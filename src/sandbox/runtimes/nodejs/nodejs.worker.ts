/**
 * Entry of a Node.js environment's worker (nodejs22.x and nodejs24.x: the version comes with `boot`). Built as a
 * self-contained classic script (see sandbox/assets.ts); the frame creates each worker from a blob of its text.
 */
import { startWorker } from '../../worker/startWorker';
import type { Transpile } from './loader';
import { createNodeRuntime } from './runtime';
import { createRandomUuid } from './builtins/core';
import { createSubtleCrypto } from './builtins/subtle';

const scope = self as unknown as Record<string, unknown>;
const webCrypto = self.crypto;
// Node always has crypto.randomUUID; a browser only in a secure context, which the sandbox's frame may not be.
if (typeof webCrypto.randomUUID !== 'function') {
  const randomUuid = createRandomUuid(webCrypto);
  Object.defineProperty(webCrypto, 'randomUUID', {
    value: () => randomUuid() as `${string}-${string}-${string}-${string}-${string}`,
    configurable: true,
    writable: true,
  });
}
// Node always has crypto.subtle; the opaque-origin frame's workers have none (not a secure context): a pure-JS
// subset (builtins/subtle.ts) stands in.
if (!webCrypto.subtle)
  Object.defineProperty(webCrypto, 'subtle', {
    value: createSubtleCrypto((bytes) => webCrypto.getRandomValues(bytes as Uint8Array<ArrayBuffer>)),
    configurable: true,
    writable: true,
  });
// An indirect eval runs learner code in the worker's global scope, not in this module's.
const indirectEval = eval;

startWorker((services, boot) =>
  createNodeRuntime(services, boot, {
    scope,
    evaluate: (source) => indirectEval(source),
    transpiler: () => {
      const source = boot.assets.transpiler;
      if (typeof source !== 'string') throw new Error('Coldstart sandbox: the transpiler was not provided');
      // Wrapped so the bundle's own top-level bindings do not become globals.
      indirectEval(`(function () {\n${source}\n})();`);
      const transpile = scope.__coldstartTranspile as Transpile | undefined;
      delete scope.__coldstartTranspile;
      if (typeof transpile !== 'function')
        throw new Error('Coldstart sandbox: the transpiler failed to load');
      return transpile;
    },
    crypto: webCrypto,
  }),
);
