/**
 * The sandbox's three classic scripts, emitted by Vite as separate files (the `?worker&url` build
 * bundles each entry on its own, with no imports left). URLs are resolved against this module, so
 * they work when dist/ is served from any sub-path.
 */
import frameUrl from './frame/frame.ts?worker&url';
import runtimeUrl from './runtime/nodejs.worker.ts?worker&url';
import transpilerUrl from './runtime/transpiler.worker.ts?worker&url';

export function sandboxAssetUrls(base: string = document.baseURI): {
  frame: string;
  runtime: string;
  transpiler: string;
} {
  return {
    frame: new URL(frameUrl, base).href,
    runtime: new URL(runtimeUrl, base).href,
    transpiler: new URL(transpilerUrl, base).href,
  };
}
