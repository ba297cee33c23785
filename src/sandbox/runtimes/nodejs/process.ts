/**
 * The `process` object a Node.js handler sees: Lambda's environment variables, the runtime's version, exit,
 * stdout/stderr (raw log records), nextTick, hrtime and a memory figure.
 */
import { RUNTIME_DIR, TASK_ROOT } from './environment';
import type { NodeVersion } from './versions';

type AnyFunction = (...args: unknown[]) => unknown;

/** Thrown by process.exit: unwinds learner code; the runtime turns it into Runtime.ExitError. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

export interface ProcessOptions {
  version: NodeVersion;
  env: Record<string, string | undefined>;
  now(): number;
  /** The runtime's memory model now (memory.ts), MB; and the large buffers in it, bytes. */
  memoryMb(): number;
  arrayBufferBytes(): number;
  nextTick(callback: AnyFunction, ...args: unknown[]): void;
  raw(text: string): void;
  warn(message: string): void;
}

export function createProcess(options: ProcessOptions) {
  const write = (chunk: unknown) => {
    options.raw(String(chunk).replace(/\n$/, ''));
    return true;
  };
  const process = {
    env: new Proxy(options.env, {
      // process.env coerces every value to a string, as in Node.js.
      set(target, key, value) {
        target[key as string] = String(value);
        return true;
      },
    }),
    argv: ['/var/lang/bin/node', `${RUNTIME_DIR}/index.mjs`],
    execArgv: [] as string[],
    version: options.version.version,
    versions: { node: options.version.version.slice(1), v8: options.version.v8 },
    release: { name: 'node' },
    platform: 'linux',
    arch: 'x64',
    pid: 8,
    ppid: 1,
    title: 'node',
    exitCode: undefined as number | undefined,
    cwd: () => TASK_ROOT,
    chdir: () => {
      throw Object.assign(new Error('process.chdir() is not supported in the Coldstart sandbox'), {
        code: 'ERR_WORKER_UNSUPPORTED_OPERATION',
      });
    },
    uptime: () => options.now() / 1000,
    hrtime: Object.assign(
      (previous?: [number, number]) => {
        const nanos = options.now() * 1e6;
        const seconds = Math.floor(nanos / 1e9);
        const rest = Math.floor(nanos % 1e9);
        if (!previous) return [seconds, rest];
        let deltaSeconds = seconds - previous[0];
        let deltaNanos = rest - previous[1];
        if (deltaNanos < 0) {
          deltaSeconds -= 1;
          deltaNanos += 1e9;
        }
        return [deltaSeconds, deltaNanos];
      },
      { bigint: () => BigInt(Math.floor(options.now() * 1e6)) },
    ),
    memoryUsage: Object.assign(
      () => {
        // The model's figure split as Node splits it: buffers live outside the V8 heap ("external").
        const rss = Math.round(options.memoryMb() * 1048576);
        const arrayBuffers = options.arrayBufferBytes();
        const heapUsed = Math.max(0, Math.round((rss - arrayBuffers) * 0.3));
        return {
          rss,
          heapTotal: Math.round(heapUsed * 1.4),
          heapUsed,
          external: arrayBuffers + 1_500_000,
          arrayBuffers,
        };
      },
      { rss: () => Math.round(options.memoryMb() * 1048576) },
    ),
    nextTick: options.nextTick,
    exit: (code?: number) => {
      throw new ExitSignal(Number(code ?? process.exitCode ?? 0));
    },
    on: () => process,
    once: () => process,
    off: () => process,
    addListener: () => process,
    removeListener: () => process,
    removeAllListeners: () => process,
    listenerCount: () => 0,
    emit: () => false,
    emitWarning: (warning: unknown) =>
      options.warn(
        `(node:8) ${warning instanceof Error ? `${warning.name}: ${warning.message}` : `Warning: ${String(warning)}`}`,
      ),
    stdout: { write, isTTY: false },
    stderr: { write, isTTY: false },
  };
  return process;
}
