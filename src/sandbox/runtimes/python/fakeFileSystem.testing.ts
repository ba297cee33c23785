/** For unit tests: a Pyodide `FS` whose calls do nothing (the runtime mounts /tmp and writes files at boot). */
export function noopPyodideFileSystem(): Record<string, () => void> {
  const noop = () => {};
  return Object.fromEntries(
    [
      'write',
      'close',
      'unlink',
      'rmdir',
      'mkdir',
      'rename',
      'truncate',
      'ftruncate',
      'nodePermissions',
      'mkdirTree',
      'writeFile',
    ].map((name) => [name, noop]),
  );
}
