/**
 * Where Python's runtime files are cached. Shared by the service worker's runtime rule (scripts/pwa-options.ts,
 * which serialises the pattern into sw.js) and by "Make Python available offline" (pythonOffline.ts), so a file
 * fetched ahead of time is the very entry the worker answers from later. Pure data: imported by Node too.
 */

/** One Cache Storage cache; the Pyodide version is in each file's URL, so old files are replaced, not mixed. */
export const PYTHON_CACHE_NAME = 'coldstart-python';

/**
 * Pyodide's files as the build may emit them: under a `pyodide/` folder, or as hashed assets named after
 * Pyodide (`pyodide.asm-<hash>.wasm`, `python_stdlib-<hash>.zip`, `pyodide-lock-<hash>.json`) and wheels.
 */
export const PYTHON_ASSET_PATTERN =
  /\/(?:pyodide\/[^?#]+|(?:pyodide|python_stdlib)[^/?#]*|[^/?#]+\.whl)(?:[?#].*)?$/;

/** True for a URL the Python runtime rule (and the offline button) covers. */
export function isPythonAsset(url: string): boolean {
  return PYTHON_ASSET_PATTERN.test(url);
}
