/**
 * The sandbox's three classic scripts, emitted by Vite as separate files (the `?worker&url` build
 * bundles each entry on its own, with no imports left). URLs are resolved against the document, so
 * they work when dist/ is served from any sub-path. Under `npm run dev` they come from
 * scripts/sandbox-dev-plugin.ts, which bundles the same entries into classic scripts on demand.
 */
import frameUrl from './frame/frame.ts?worker&url';
import runtimeUrl from './runtime/nodejs.worker.ts?worker&url';
import transpilerUrl from './runtime/transpiler.worker.ts?worker&url';

export function sandboxAssetUrls(base: string = document.baseURI): {
  frame: string;
  runtime: string;
  transpiler: string;
} {
  if (import.meta.env.DEV)
    return {
      frame: new URL('/@coldstart-sandbox/frame.js', base).href,
      runtime: new URL('/@coldstart-sandbox/runtime.js', base).href,
      transpiler: new URL('/@coldstart-sandbox/transpiler.js', base).href,
    };
  return {
    frame: new URL(frameUrl, base).href,
    runtime: new URL(runtimeUrl, base).href,
    transpiler: new URL(transpilerUrl, base).href,
  };
}
