/**
 * The runtime's own Python files (the bootstrap, boto3 and botocore), as text keyed by their absolute path in the
 * environment's file system: `py/var/runtime/bootstrap.py` is `/var/runtime/bootstrap.py`. Bundled into the
 * Python worker (no request of their own); the runtime writes them into Pyodide's file system at every boot.
 */
const sources = import.meta.glob('./py/**/*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export const RUNTIME_PYTHON_FILES: ReadonlyArray<readonly [path: string, content: string]> = Object.entries(
  sources,
)
  .map(([key, content]) => [key.slice('./py'.length), content] as const)
  .sort(([a], [b]) => a.localeCompare(b));

export { RUNTIME_DIR, RUNTIME_SITE_PACKAGES } from './runtimePaths';
