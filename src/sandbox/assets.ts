/**
 * Where the page fetches the sandbox's scripts: the frame's script (inlined into the iframe's srcdoc), each
 * runtime family's worker script and its assets (sucrase for Node.js). Vite emits each `?worker&url` entry as
 * its own self-contained file; URLs resolve against the document, so dist/ works from any sub-path. Under
 * `npm run dev` the same entries come from scripts/sandbox-dev-plugin.ts, bundled on demand.
 *
 * The page fetches them from its own origin (a service worker can serve them offline) and hands the text over:
 * the opaque-origin frame and its workers cannot fetch anything (frame/document.ts).
 */
import frameUrl from './frame/frame.ts?worker&url';
import nodejsUrl from './runtimes/nodejs/nodejs.worker.ts?worker&url';
import transpilerUrl from './runtimes/nodejs/transpiler.worker.ts?worker&url';
import type { RuntimeFamily } from './runtimes';

export interface SandboxAssetUrls {
  frame: string;
  /** Worker script per runtime family (python: issue #13). */
  runtimes: Partial<Record<RuntimeFamily, string>>;
  /** Named assets per family, fetched as text and handed to every worker at boot. */
  assets: Partial<Record<RuntimeFamily, Record<string, string>>>;
}

export function sandboxAssetUrls(base: string = document.baseURI): SandboxAssetUrls {
  const url = (path: string) => new URL(path, base).href;
  if (import.meta.env.DEV)
    return {
      frame: url('/@coldstart-sandbox/frame.js'),
      runtimes: { nodejs: url('/@coldstart-sandbox/nodejs.js') },
      assets: { nodejs: { transpiler: url('/@coldstart-sandbox/transpiler.js') } },
    };
  return {
    frame: url(frameUrl),
    runtimes: { nodejs: url(nodejsUrl) },
    assets: { nodejs: { transpiler: url(transpilerUrl) } },
  };
}
