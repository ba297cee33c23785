/**
 * What earlier inits compiled (sucrase output for Node.js), kept on the page so the next environment with the
 * same files skips the transpiler. Keyed by absolute path and exact content; bounded, oldest dropped first.
 */
import type { InitRequest } from '../../sim/lambda/host';

const LIMIT = 200;

/** Where a file of the request sits in the environment (function code under /var/task, layers under /opt). */
function* absoluteFiles(request: InitRequest): Generator<[string, string]> {
  for (const layer of request.layers)
    for (const file of layer.files) yield [`/opt/${file.path}`.replace(/\/+/g, '/'), file.content];
  for (const file of request.files) yield [`/var/task/${file.path}`.replace(/\/+/g, '/'), file.content];
}

export class CompileCache {
  private readonly entries = new Map<string, string>();

  /** Compiled forms of the request's files, by absolute path, for files whose content is unchanged. */
  lookup(request: InitRequest): Record<string, string> {
    const found: Record<string, string> = {};
    for (const [path, content] of absoluteFiles(request)) {
      const compiled = this.entries.get(`${path}\u0000${content}`);
      if (compiled !== undefined) found[path] = compiled;
    }
    return found;
  }

  remember(request: InitRequest, compiled: Record<string, string>): void {
    for (const [path, content] of absoluteFiles(request)) {
      const code = compiled[path];
      if (code === undefined) continue;
      const key = `${path}\u0000${content}`;
      this.entries.delete(key);
      this.entries.set(key, code);
    }
    while (this.entries.size > LIMIT) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
