/**
 * `fs`, `fs/promises` and the callback API over the environment's TmpFs (/tmp writable; /var/task and /opt
 * read-only, as in Lambda). Node-shaped errors come from TmpFs.
 */
import { fsError, type Stat, type TmpFs } from '../../../tmp/tmpFs';
import { Buffer } from './core';

type AnyFunction = (...args: unknown[]) => unknown;

function invalidArgument(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' });
}

function toBytes(data: unknown, encoding?: string): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, (encoding ?? 'utf8') as 'utf8');
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  throw invalidArgument(
    `The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${data === null ? 'null' : typeof data}`,
  );
}

function encodingOf(options: unknown): string | undefined {
  if (typeof options === 'string') return options;
  if (options && typeof options === 'object') return (options as { encoding?: string }).encoding ?? undefined;
  return undefined;
}

function pathArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof URL) return value.pathname;
  throw invalidArgument(`The "path" argument must be of type string. Received ${typeof value}`);
}

function stats(stat: Stat) {
  return {
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    birthtimeMs: stat.birthtimeMs,
    mtime: new Date(stat.mtimeMs),
    birthtime: new Date(stat.birthtimeMs),
    mode: stat.isDirectory ? 0o40755 : 0o100644,
    isFile: () => !stat.isDirectory,
    isDirectory: () => stat.isDirectory,
    isSymbolicLink: () => false,
  };
}

export function createFsModule(
  getFs: () => TmpFs,
  join: (...parts: string[]) => string,
  resolve: (path: string) => string,
) {
  const sync = {
    readFileSync(path: unknown, options?: unknown) {
      const bytes = getFs().readFile(pathArgument(path));
      const encoding = encodingOf(options);
      const buffer = Buffer.fromBytes(bytes.slice());
      return encoding ? buffer.toString(encoding as 'utf8') : buffer;
    },
    writeFileSync(path: unknown, data: unknown, options?: unknown) {
      const flag = options && typeof options === 'object' ? (options as { flag?: string }).flag : undefined;
      getFs().writeFile(pathArgument(path), toBytes(data, encodingOf(options)), flag === 'a');
    },
    appendFileSync(path: unknown, data: unknown, options?: unknown) {
      getFs().writeFile(pathArgument(path), toBytes(data, encodingOf(options)), true);
    },
    readdirSync(path: unknown, options?: unknown) {
      const directory = pathArgument(path);
      const names = getFs().readdir(directory);
      if (options && typeof options === 'object' && (options as { withFileTypes?: boolean }).withFileTypes)
        return names.map((name) => {
          const stat = getFs().stat(join(directory, name));
          return { name, isFile: () => !stat.isDirectory, isDirectory: () => stat.isDirectory };
        });
      return names;
    },
    statSync(path: unknown) {
      return stats(getFs().stat(pathArgument(path)));
    },
    lstatSync(path: unknown) {
      return stats(getFs().stat(pathArgument(path)));
    },
    unlinkSync(path: unknown) {
      getFs().unlink(pathArgument(path));
    },
    mkdirSync(path: unknown, options?: unknown) {
      const recursive = !!(
        options &&
        typeof options === 'object' &&
        (options as { recursive?: boolean }).recursive
      );
      return getFs().mkdir(pathArgument(path), recursive);
    },
    rmdirSync(path: unknown) {
      getFs().rmdir(pathArgument(path));
    },
    rmSync(path: unknown, options?: { recursive?: boolean; force?: boolean }) {
      const target = pathArgument(path);
      const fs = getFs();
      if (!fs.exists(target)) {
        if (options?.force) return;
        throw fsError('ENOENT', 'rm', resolve(target));
      }
      if (fs.stat(target).isDirectory) {
        if (!options?.recursive)
          throw Object.assign(
            new Error(`Path is a directory: rm returned EISDIR (is a directory) ${target}`),
            {
              code: 'ERR_FS_EISDIR',
            },
          );
        for (const name of fs.readdir(target)) sync.rmSync(join(target, name), options);
        fs.rmdir(target);
      } else fs.unlink(target);
    },
    existsSync(path: unknown) {
      try {
        return getFs().exists(pathArgument(path));
      } catch {
        return false;
      }
    },
    accessSync(path: unknown) {
      const target = pathArgument(path);
      if (!getFs().exists(target)) throw fsError('ENOENT', 'access', target);
    },
  };

  const promises: Record<string, AnyFunction> = {};
  const callbacks: Record<string, AnyFunction> = {};
  for (const [name, method] of Object.entries(sync)) {
    if (name === 'existsSync') continue;
    const base = name.replace(/Sync$/, '');
    const run = method as AnyFunction;
    promises[base] = (...args: unknown[]) => {
      try {
        return Promise.resolve(run(...args));
      } catch (error) {
        return Promise.reject(error);
      }
    };
    callbacks[base] = (...args: unknown[]) => {
      const callback = args.pop();
      if (typeof callback !== 'function')
        throw invalidArgument('The "cb" argument must be of type function. Received undefined');
      let result: unknown;
      let error: unknown = null;
      try {
        result = run(...args);
      } catch (thrown) {
        error = thrown;
      }
      // Node.js calls back asynchronously.
      queueMicrotask(() => (callback as AnyFunction)(error, result));
    };
  }
  const fsPromises = { ...promises, default: promises };
  const fsModule: Record<string, unknown> = {
    ...sync,
    ...callbacks,
    promises: fsPromises,
    constants: { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 },
  };
  fsModule.default = fsModule;
  return { fs: fsModule, fsPromises };
}
