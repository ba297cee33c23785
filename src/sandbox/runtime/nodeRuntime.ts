/**
 * The nodejs22.x runtime that runs inside one blob Web Worker (= one execution environment).
 * It is written against injected dependencies (`RuntimeDeps`) so unit tests can run it in Node:
 * the worker entry (nodejs.worker.ts) passes the real worker globals.
 */
import { formatAppLog, type AppLogLevel } from '../../sim/logs';
import type { ErrorResponse, FunctionSettings, WorkerEvent, WorkerInit, WorkerInvoke } from '../protocol';
import { byteLength, exceedsBytes, PAYLOAD_LIMIT_BYTES, responseTooLargeError } from '../protocol';
import { Buffer, createCrypto, createEvents, createPath, createUtil, format } from './builtins';
import { runtimeError, serializeResult, syntaxLocationOf, toErrorResponse } from './errors';
import { TmpFs, fsError, type Stat } from './fs';
import { DEMO_LAYERS, RUNTIME_MODULES } from './layers';

export interface RealTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface RuntimeDeps {
  post(ev: WorkerEvent): void;
  /** High-resolution monotonic time (performance.now). */
  now(): number;
  /** Epoch ms (Date.now). */
  epochNow(): number;
  timers: RealTimers;
  /** Evaluates script text in the global scope (indirect eval). */
  evaluate(source: string): unknown;
  crypto: Crypto;
}

export type Transpile = (code: string, language: 'javascript' | 'typescript') => string;

export const EXIT_SENTINEL = Symbol.for('coldstart.exit');
const TASK_ROOT = '/var/task';

/** Pausable timers: callbacks due while the environment is frozen wait for the next invoke. */
export class FreezableScheduler {
  private nextId = 1;
  private entries = new Map<
    number,
    {
      fn: (...a: unknown[]) => void;
      args: unknown[];
      ms: number;
      repeat: boolean;
      real: unknown;
      ref: boolean;
    }
  >();
  private due: number[] = [];
  private idleWaiters: Array<() => void> = [];
  frozen = false;
  onError: (e: unknown) => void = () => {};

  constructor(private readonly real: RealTimers) {}

  set(fn: (...a: unknown[]) => void, ms: number, args: unknown[], repeat: boolean): TimerHandle {
    const id = this.nextId++;
    const entry = {
      fn,
      args,
      ms: Math.max(0, Number(ms) || 0),
      repeat,
      real: undefined as unknown,
      ref: true,
    };
    this.entries.set(id, entry);
    this.arm(id);
    return new TimerHandle(id, this);
  }

  private arm(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.real = this.real.setTimeout(() => this.fire(id), e.ms);
  }

  private fire(id: number): void {
    const e = this.entries.get(id);
    if (!e) return;
    if (this.frozen) {
      this.due.push(id);
      return;
    }
    if (e.repeat) this.arm(id);
    else this.entries.delete(id);
    try {
      e.fn(...e.args);
    } catch (err) {
      this.onError(err);
    }
    this.checkIdle();
  }

  clear(handle: unknown): void {
    const id = handle instanceof TimerHandle ? handle.id : Number(handle);
    const e = this.entries.get(id);
    if (!e) return;
    this.real.clearTimeout(e.real);
    this.entries.delete(id);
    this.checkIdle();
  }

  setRef(id: number, ref: boolean): void {
    const e = this.entries.get(id);
    if (e) e.ref = ref;
    this.checkIdle();
  }

  hasRef(id: number): boolean {
    return this.entries.get(id)?.ref ?? false;
  }

  /** Timers that keep Node's event loop alive (unref'd ones do not). */
  pendingRefCount(): number {
    let n = 0;
    for (const e of this.entries.values()) if (e.ref) n++;
    return n;
  }

  whenIdle(fn: () => void): void {
    if (this.pendingRefCount() === 0) fn();
    else this.idleWaiters.push(fn);
  }

  private checkIdle(): void {
    if (this.idleWaiters.length && this.pendingRefCount() === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  freeze(): void {
    this.frozen = true;
  }

  /**
   * Thaw: callbacks that came due while frozen run now, in order, inside the new invocation (as in
   * Lambda, where they fire as soon as the thawed process turns its event loop).
   */
  thaw(): void {
    this.frozen = false;
    const due = this.due;
    this.due = [];
    for (const id of due) this.fire(id);
  }
}

export class TimerHandle {
  constructor(
    readonly id: number,
    private readonly scheduler: FreezableScheduler,
  ) {}
  ref(): this {
    this.scheduler.setRef(this.id, true);
    return this;
  }
  unref(): this {
    this.scheduler.setRef(this.id, false);
    return this;
  }
  hasRef(): boolean {
    return this.scheduler.hasRef(this.id);
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

export function awsEnvironment(s: FunctionSettings, logStreamName: string): Record<string, string> {
  return {
    AWS_REGION: s.region,
    AWS_DEFAULT_REGION: s.region,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    AWS_LAMBDA_FUNCTION_NAME: s.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(s.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: s.functionVersion,
    AWS_LAMBDA_INITIALIZATION_TYPE: s.initializationType,
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${s.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    LAMBDA_TASK_ROOT: TASK_ROOT,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    NODE_PATH:
      '/opt/nodejs/node22/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules:/var/runtime:/var/task',
    PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: s.handler,
  };
}

export function needsTranspile(code: string, language: 'javascript' | 'typescript'): boolean {
  return language === 'typescript' || /(^|[\s;})])(import|export)\s*[\s{*'"]/m.test(code);
}

export function handlerFileName(code: string, language: 'javascript' | 'typescript'): string {
  if (language === 'typescript') return 'index.ts';
  return needsTranspile(code, language) ? 'index.mjs' : 'index.js';
}

interface ModuleRecord {
  exports: unknown;
  loaded: boolean;
}

class ExitSignal {
  readonly [EXIT_SENTINEL] = true;
  constructor(readonly code: number) {}
}

/**
 * One environment's runtime: `init` evaluates the handler module once; `invoke` runs the handler with a
 * Lambda context; between invokes the scheduler is frozen.
 */
export function createNodeRuntime(deps: RuntimeDeps, getTranspiler: (source: string) => Transpile) {
  const scheduler = new FreezableScheduler(deps.timers);
  const stringify = JSON.stringify;
  let settings: FunctionSettings | null = null;
  let logStreamName = '';
  let currentRequestId: string | undefined;
  let current: { id: number; nonce: string; settled: boolean; start: number } | null = null;
  let handler: ((...a: unknown[]) => unknown) | null = null;
  let fs: TmpFs | null = null;
  let memoryUsedMb = 0;
  const env: Record<string, string | undefined> = {};
  const moduleCache = new Map<string, ModuleRecord>();
  let transpilerSource = '';
  let transpiler: Transpile | null = null;
  let esm = false;

  function log(level: AppLogLevel | 'TRACE', message: string): void {
    deps.post({
      t: 'log',
      line: formatAppLog(deps.epochNow(), currentRequestId ?? 'undefined', level as AppLogLevel, message, 0),
    });
  }

  const consoleImpl = {
    log: (...a: unknown[]) => log('INFO', format(...a)),
    info: (...a: unknown[]) => log('INFO', format(...a)),
    warn: (...a: unknown[]) => log('WARN', format(...a)),
    error: (...a: unknown[]) => log('ERROR', format(...a)),
    debug: (...a: unknown[]) => log('DEBUG', format(...a)),
    trace: (...a: unknown[]) => log('TRACE', format(...a)),
    dir: (v: unknown) => log('INFO', format(v)),
    table: (v: unknown) => log('INFO', format(v)),
    assert: (cond: unknown, ...a: unknown[]) => {
      if (!cond) log('ERROR', 'Assertion failed' + (a.length ? ': ' + format(...a) : ''));
    },
    time: () => {},
    timeEnd: () => {},
    group: () => {},
    groupEnd: () => {},
  };

  const path = createPath(() => TASK_ROOT);
  const util = createUtil();
  const events = createEvents();
  const crypto = createCrypto(deps.crypto);
  const bufferModule = { Buffer, default: { Buffer } };

  function requireFs(): TmpFs {
    if (!fs) throw new Error('file system not ready');
    return fs;
  }

  function toBytes(data: unknown, encoding?: string): Uint8Array {
    if (typeof data === 'string') return Buffer.from(data, (encoding ?? 'utf8') as 'utf8');
    if (data instanceof Uint8Array) return data;
    if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    throw Object.assign(
      new TypeError(
        `The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${data === null ? 'null' : typeof data}`,
      ),
      { code: 'ERR_INVALID_ARG_TYPE' },
    );
  }

  function encodingOf(options: unknown): string | undefined {
    if (typeof options === 'string') return options;
    if (options && typeof options === 'object')
      return (options as { encoding?: string }).encoding ?? undefined;
    return undefined;
  }

  function makeStats(s: Stat) {
    return {
      size: s.size,
      mtimeMs: s.mtimeMs,
      birthtimeMs: s.birthtimeMs,
      mtime: new Date(s.mtimeMs),
      birthtime: new Date(s.birthtimeMs),
      mode: s.isDirectory ? 0o40755 : 0o100644,
      isFile: () => !s.isDirectory,
      isDirectory: () => s.isDirectory,
      isSymbolicLink: () => false,
    };
  }

  function pathArg(p: unknown): string {
    if (typeof p === 'string') return p;
    if (p instanceof URL) return p.pathname;
    throw Object.assign(new TypeError(`The "path" argument must be of type string. Received ${typeof p}`), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
  }

  const fsSync = {
    readFileSync(p: unknown, options?: unknown) {
      const bytes = requireFs().readFile(pathArg(p));
      const enc = encodingOf(options);
      const b = Buffer.fromBytes(bytes.slice());
      return enc ? b.toString(enc as 'utf8') : b;
    },
    writeFileSync(p: unknown, data: unknown, options?: unknown) {
      const flag = options && typeof options === 'object' ? (options as { flag?: string }).flag : undefined;
      requireFs().writeFile(pathArg(p), toBytes(data, encodingOf(options)), flag === 'a');
    },
    appendFileSync(p: unknown, data: unknown, options?: unknown) {
      requireFs().writeFile(pathArg(p), toBytes(data, encodingOf(options)), true);
    },
    readdirSync(p: unknown, options?: unknown) {
      const names = requireFs().readdir(pathArg(p));
      if (options && typeof options === 'object' && (options as { withFileTypes?: boolean }).withFileTypes) {
        return names.map((name) => {
          const s = requireFs().stat(path.join(pathArg(p), name));
          return { name, isFile: () => !s.isDirectory, isDirectory: () => s.isDirectory };
        });
      }
      return names;
    },
    statSync(p: unknown) {
      return makeStats(requireFs().stat(pathArg(p)));
    },
    unlinkSync(p: unknown) {
      requireFs().unlink(pathArg(p));
    },
    mkdirSync(p: unknown, options?: unknown) {
      const recursive = !!(
        options &&
        typeof options === 'object' &&
        (options as { recursive?: boolean }).recursive
      );
      return requireFs().mkdir(pathArg(p), recursive);
    },
    rmdirSync(p: unknown) {
      requireFs().rmdir(pathArg(p));
    },
    rmSync(p: unknown, options?: { recursive?: boolean; force?: boolean }) {
      const target = pathArg(p);
      const f = requireFs();
      if (!f.exists(target)) {
        if (options?.force) return;
        throw fsError('ENOENT', 'rm', path.resolve(target));
      }
      if (f.stat(target).isDirectory) {
        if (!options?.recursive)
          throw Object.assign(
            new Error(`Path is a directory: rm returned EISDIR (is a directory) ${target}`),
            { code: 'ERR_FS_EISDIR' },
          );
        for (const name of f.readdir(target)) fsSync.rmSync(path.join(target, name), options);
        f.rmdir(target);
      } else f.unlink(target);
    },
    existsSync(p: unknown) {
      try {
        return requireFs().exists(pathArg(p));
      } catch {
        return false;
      }
    },
  };

  type AnyFn = (...a: unknown[]) => unknown;
  const promises: Record<string, AnyFn> = {};
  const callbacks: Record<string, AnyFn> = {};
  for (const [name, fn] of Object.entries(fsSync)) {
    if (name === 'existsSync') continue;
    const base = name.replace(/Sync$/, '');
    const sync = fn as AnyFn;
    promises[base] = (...a: unknown[]) => {
      try {
        return Promise.resolve(sync(...a));
      } catch (e) {
        return Promise.reject(e);
      }
    };
    callbacks[base] = (...a: unknown[]) => {
      const cb = a.pop();
      if (typeof cb !== 'function')
        throw Object.assign(new TypeError('The "cb" argument must be of type function. Received undefined'), {
          code: 'ERR_INVALID_ARG_TYPE',
        });
      let result: unknown;
      let error: unknown = null;
      try {
        result = sync(...a);
      } catch (e) {
        error = e;
      }
      // Node calls back asynchronously.
      queueMicrotask(() => (cb as AnyFn)(error, result));
    };
  }
  promises.access = (p: unknown) =>
    requireFs().exists(pathArg(p))
      ? Promise.resolve()
      : Promise.reject(fsError('ENOENT', 'access', pathArg(p)));
  const fsPromises = { ...promises, default: promises };
  const fsModule = {
    ...fsSync,
    ...callbacks,
    promises: fsPromises,
    constants: { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 },
  };
  (fsModule as Record<string, unknown>).default = fsModule;

  const processObj = {
    env: new Proxy(env, {
      // process.env coerces every value to a string, as in Node.
      set(target, key, value) {
        target[key as string] = String(value);
        return true;
      },
    }),
    argv: ['/var/lang/bin/node', '/var/runtime/index.mjs'],
    version: 'v22.14.0',
    versions: { node: '22.14.0', v8: '12.4.254.21-node.22' },
    platform: 'linux',
    arch: 'x64',
    pid: 8,
    exitCode: undefined as number | undefined,
    cwd: () => TASK_ROOT,
    uptime: () => deps.now() / 1000,
    hrtime: Object.assign(
      (prev?: [number, number]) => {
        const t = deps.now() * 1e6;
        const s = Math.floor(t / 1e9);
        const ns = Math.floor(t % 1e9);
        if (!prev) return [s, ns];
        let ds = s - prev[0];
        let dns = ns - prev[1];
        if (dns < 0) {
          ds -= 1;
          dns += 1e9;
        }
        return [ds, dns];
      },
      { bigint: () => BigInt(Math.floor(deps.now() * 1e6)) },
    ),
    memoryUsage: () => ({
      rss: memoryUsedMb * 1048576,
      heapTotal: 20e6,
      heapUsed: 12e6,
      external: 1e6,
      arrayBuffers: 1e5,
    }),
    nextTick: (fn: AnyFn, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
    exit: (code?: number) => {
      throw new ExitSignal(code ?? processObj.exitCode ?? 0);
    },
    on: () => processObj,
    once: () => processObj,
    off: () => processObj,
    emitWarning: (w: unknown) => log('WARN', String(w)),
    stdout: { write: (s: unknown) => (deps.post({ t: 'log', line: String(s).replace(/\n$/, '') }), true) },
    stderr: { write: (s: unknown) => (deps.post({ t: 'log', line: String(s).replace(/\n$/, '') }), true) },
  };

  const timersModule = {
    setTimeout: (fn: AnyFn, ms?: number, ...args: unknown[]) => scheduler.set(fn, ms ?? 0, args, false),
    setInterval: (fn: AnyFn, ms?: number, ...args: unknown[]) => scheduler.set(fn, ms ?? 0, args, true),
    setImmediate: (fn: AnyFn, ...args: unknown[]) => scheduler.set(fn, 0, args, false),
    clearTimeout: (h: unknown) => scheduler.clear(h),
    clearInterval: (h: unknown) => scheduler.clear(h),
    clearImmediate: (h: unknown) => scheduler.clear(h),
  };

  const osModule = {
    tmpdir: () => '/tmp',
    homedir: () => '/home/sbx_user1051',
    hostname: () => '169.254.10.1',
    platform: () => 'linux',
    arch: () => 'x64',
    cpus: () =>
      Array.from({ length: Math.max(2, Math.ceil((settings?.memoryMb ?? 128) / 1769)) }, () => ({
        model: 'vCPU',
        speed: 2500,
      })),
    totalmem: () => (settings?.memoryMb ?? 128) * 1048576,
    freemem: () => Math.max(0, ((settings?.memoryMb ?? 128) - memoryUsedMb) * 1048576),
    EOL: '\n',
  };

  const builtins: Record<string, unknown> = {
    fs: fsModule,
    'fs/promises': fsPromises,
    path,
    'path/posix': path,
    util,
    events,
    crypto,
    buffer: bufferModule,
    process: Object.assign(processObj, { default: processObj }),
    timers: timersModule,
    'timers/promises': {
      setTimeout: (ms: number, value?: unknown) =>
        new Promise((r) => scheduler.set(() => r(value), ms, [], false)),
      setImmediate: (value?: unknown) => new Promise((r) => scheduler.set(() => r(value), 0, [], false)),
    },
    os: osModule,
  };

  function notFound(request: string, from: string): Error {
    if (esm && from === `${TASK_ROOT}/index.mjs`) {
      const e = new Error(`Cannot find package '${request}' imported from ${from}`);
      return Object.assign(e, { code: 'ERR_MODULE_NOT_FOUND' });
    }
    const e = new Error(
      `Cannot find module '${request}'\nRequire stack:\n- ${from}\n- /var/runtime/index.mjs`,
    );
    return Object.assign(e, { code: 'MODULE_NOT_FOUND' });
  }

  function layerModule(name: string): string | undefined {
    for (const layer of settings?.layers ?? []) {
      const src = DEMO_LAYERS[layer]?.modules[name];
      if (src !== undefined) return src;
    }
    return undefined;
  }

  function evaluateCommonJs(source: string, filename: string): (...a: unknown[]) => Promise<unknown> {
    // The wrapper sits on the code's first line so line numbers in stack traces match the editor.
    return deps.evaluate(
      `(async function (exports, require, module, __filename, __dirname) {${source}\n})\n//# sourceURL=file://${filename}`,
    ) as (...a: unknown[]) => Promise<unknown>;
  }

  function makeRequire(from: string) {
    const req = (request: string): unknown => {
      if (typeof request !== 'string')
        throw Object.assign(new TypeError('The "id" argument must be of type string.'), {
          code: 'ERR_INVALID_ARG_TYPE',
        });
      const bare = request.startsWith('node:') ? request.slice(5) : request;
      if (bare in builtins) return builtins[bare];
      if (request.startsWith('node:'))
        throw Object.assign(new Error(`No such built-in module: ${request}`), {
          code: 'ERR_UNKNOWN_BUILTIN_MODULE',
        });
      let name = bare;
      const optPrefix = '/opt/nodejs/node_modules/';
      if (name.startsWith(optPrefix)) name = name.slice(optPrefix.length).replace(/\/index\.js$/, '');
      const cacheKey = `module:${name}`;
      const cached = moduleCache.get(cacheKey);
      if (cached) return cached.exports;
      const src = layerModule(name) ?? (bare === name ? RUNTIME_MODULES[name] : undefined);
      if (src === undefined) {
        if (
          [
            'http',
            'https',
            'net',
            'tls',
            'dgram',
            'dns',
            'http2',
            'child_process',
            'worker_threads',
            'cluster',
          ].includes(bare)
        )
          throw new Error(
            `Coldstart sandbox: the '${bare}' module is not available here (no network or processes in the browser); use the simulated AWS clients.`,
          );
        throw notFound(request, from);
      }
      const filename =
        layerModule(name) !== undefined
          ? `${optPrefix}${name}/index.js`
          : `/var/runtime/node_modules/${name}/index.js`;
      const record: ModuleRecord = { exports: {}, loaded: false };
      moduleCache.set(cacheKey, record);
      const module = { exports: record.exports as unknown, id: filename, filename };
      const fn = evaluateCommonJs(src, filename);
      // Layer and SDK modules are synchronous CommonJS: their async wrapper settles at once.
      void fn(module.exports, makeRequire(filename), module, filename, path.dirname(filename));
      record.exports = module.exports;
      record.loaded = true;
      return record.exports;
    };
    return Object.assign(req, {
      resolve: (r: string) =>
        r.startsWith('node:') || r in builtins ? r : `/opt/nodejs/node_modules/${r}/index.js`,
      cache: {},
    });
  }

  function installGlobals(g: Record<string, unknown>): void {
    Object.assign(g, {
      console: consoleImpl,
      process: processObj,
      Buffer,
      global: g,
      setTimeout: timersModule.setTimeout,
      setInterval: timersModule.setInterval,
      setImmediate: timersModule.setImmediate,
      clearTimeout: timersModule.clearTimeout,
      clearInterval: timersModule.clearInterval,
      clearImmediate: timersModule.clearImmediate,
    });
  }

  function failInit(t0: number, error: ErrorResponse, syntax?: ReturnType<typeof syntaxLocationOf>): void {
    log(
      'ERROR',
      `Uncaught Exception \t${stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace })}`,
    );
    deps.post({ t: 'init.done', ok: false, initMs: deps.now() - t0, error, ...(syntax ? { syntax } : {}) });
  }

  function transpileWith(code: string, language: 'javascript' | 'typescript'): string {
    if (!transpiler) transpiler = getTranspiler(transpilerSource);
    return transpiler(code, language);
  }

  async function init(msg: WorkerInit): Promise<void> {
    const t0 = deps.now();
    settings = msg.settings;
    logStreamName = msg.logStreamName;
    transpilerSource = msg.transpilerSource;
    for (const k of Object.keys(env)) delete env[k];
    Object.assign(env, msg.settings.environment, awsEnvironment(msg.settings, logStreamName));
    const readOnly = new Map<string, Uint8Array>([
      [`${TASK_ROOT}/${handlerFileName(msg.code, msg.language)}`, new TextEncoder().encode(msg.code)],
    ]);
    for (const layer of msg.settings.layers)
      for (const [name, src] of Object.entries(DEMO_LAYERS[layer]?.modules ?? {}))
        readOnly.set(`/opt/nodejs/node_modules/${name}/index.js`, new TextEncoder().encode(src));
    fs = TmpFs.fromSnapshot(
      msg.tmp,
      msg.settings.ephemeralStorageMb * 1024 * 1024,
      (m) => deps.post({ t: 'fs', m }),
      readOnly,
    );
    memoryUsedMb = 60 + Math.round(msg.code.length / 20000);
    currentRequestId = undefined;

    const fileName = handlerFileName(msg.code, msg.language);
    const filename = `${TASK_ROOT}/${fileName}`;
    esm = fileName !== 'index.js';
    let source = msg.code;
    let transpiled: string | undefined;
    if (msg.transpiled !== undefined) source = msg.transpiled;
    else if (needsTranspile(msg.code, msg.language)) {
      try {
        transpiled = transpileWith(msg.code, msg.language);
        source = transpiled;
      } catch (e) {
        const loc = syntaxLocationOf(e);
        const message = loc ? loc.message : e instanceof Error ? e.message : String(e);
        return failInit(t0, userCodeSyntaxError(message, filename, loc), loc);
      }
    }

    let moduleFn: (...a: unknown[]) => Promise<unknown>;
    try {
      moduleFn = evaluateCommonJs(source, filename);
    } catch (e) {
      // V8 does not say where; sucrase's parser does, so ask it for the position.
      let loc: ReturnType<typeof syntaxLocationOf>;
      try {
        transpileWith(msg.code, msg.language);
      } catch (e2) {
        loc = syntaxLocationOf(e2);
      }
      const message = e instanceof Error ? e.message : String(e);
      return failInit(t0, userCodeSyntaxError(message, filename, loc), loc);
    }

    const module = { exports: {} as Record<string, unknown>, id: '.', filename, loaded: false };
    try {
      await moduleFn(module.exports, makeRequire(filename), module, filename, TASK_ROOT);
      module.loaded = true;
    } catch (e) {
      if (e instanceof ExitSignal) return exit(e.code, t0);
      const code = (e as { code?: string } | null)?.code;
      if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
        const err = e as Error;
        return failInit(
          t0,
          runtimeError('Runtime.ImportModuleError', `Error: ${err.message}`, [
            `Runtime.ImportModuleError: Error: ${err.message}`,
            ...(err.stack?.split('\n').slice(1) ?? []),
          ]),
        );
      }
      return failInit(t0, toErrorResponse(e));
    }

    const handlerSetting = msg.settings.handler;
    const dot = handlerSetting.lastIndexOf('.');
    if (dot <= 0 || dot === handlerSetting.length - 1) {
      return failInit(t0, runtimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerSetting}`));
    }
    const modulePath = handlerSetting.slice(0, dot);
    const fnName = handlerSetting.slice(dot + 1);
    if (modulePath !== 'index' && modulePath !== './index') {
      const message = `Error: Cannot find module '${modulePath}'\nRequire stack:\n- /var/runtime/index.mjs`;
      return failInit(t0, runtimeError('Runtime.ImportModuleError', message));
    }
    const exported = module.exports;
    const candidate = exported[fnName] ?? (exported.default as Record<string, unknown> | undefined)?.[fnName];
    if (candidate === undefined) {
      return failInit(
        t0,
        runtimeError('Runtime.HandlerNotFound', `${handlerSetting} is undefined or not exported`),
      );
    }
    if (typeof candidate !== 'function') {
      return failInit(t0, runtimeError('Runtime.HandlerNotFound', `${handlerSetting} is not a function`));
    }
    handler = candidate as (...a: unknown[]) => unknown;
    scheduler.freeze();
    deps.post({
      t: 'init.done',
      ok: true,
      initMs: deps.now() - t0,
      ...(transpiled !== undefined ? { transpiled } : {}),
    });
  }

  function userCodeSyntaxError(
    message: string,
    filename: string,
    loc?: { line: number; column: number },
  ): ErrorResponse {
    const where = loc ? `${filename}:${loc.line}` : filename;
    const errorMessage = `SyntaxError: ${message}`;
    return {
      errorType: 'Runtime.UserCodeSyntaxError',
      errorMessage,
      trace: [`Runtime.UserCodeSyntaxError: ${errorMessage}`, `    at ${where}`],
    };
  }

  function exit(code: number, t0?: number): void {
    const prefix = currentRequestId && current ? `RequestId: ${currentRequestId} ` : '';
    const error = runtimeError(
      'Runtime.ExitError',
      `${prefix}Error: Runtime exited with error: exit status ${code}`,
    );
    if (t0 !== undefined && !current) {
      deps.post({ t: 'init.done', ok: false, initMs: deps.now() - t0, error });
      return;
    }
    crash(error);
  }

  function crash(error: ErrorResponse): void {
    const id = current?.id;
    if (current) current.settled = true;
    deps.post({ t: 'crash', error, ...(id !== undefined ? { id } : {}) });
  }

  /** Uncaught exceptions and unhandled rejections kill the Node.js process: the environment resets. */
  function uncaught(e: unknown, kind: 'exception' | 'rejection'): void {
    if (e instanceof ExitSignal) return exit(e.code);
    if (kind === 'rejection') {
      const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      const error = runtimeError('Runtime.UnhandledPromiseRejection', reason, [
        `Runtime.UnhandledPromiseRejection: ${reason}`,
      ]);
      log(
        'ERROR',
        `Unhandled Promise Rejection \t${stringify({ errorType: error.errorType, errorMessage: error.errorMessage, trace: error.trace })}`,
      );
      return crash(error);
    }
    const error = toErrorResponse(e);
    log(
      'ERROR',
      `Uncaught Exception \t${stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace })}`,
    );
    crash(error);
  }
  scheduler.onError = (e) => uncaught(e, 'exception');

  function invoke(msg: WorkerInvoke): void {
    if (!handler || !settings) {
      deps.post({
        t: 'result',
        id: msg.id,
        nonce: msg.nonce,
        durationMs: 0,
        maxMemoryUsedMb: memoryUsedMb,
        error: runtimeError('Runtime.Unknown', 'environment not initialised'),
      });
      return;
    }
    const s = settings;
    currentRequestId = msg.requestId;
    env._X_AMZN_TRACE_ID = msg.traceId;
    const inv = { id: msg.id, nonce: msg.nonce, settled: false, start: deps.now() };
    current = inv;
    scheduler.thaw();
    const context = {
      functionName: s.functionName,
      functionVersion: s.functionVersion,
      invokedFunctionArn: `arn:aws:lambda:${s.region}:${s.accountId}:function:${s.functionName}`,
      memoryLimitInMB: String(s.memoryMb),
      awsRequestId: msg.requestId,
      logGroupName: `/aws/lambda/${s.functionName}`,
      logStreamName,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, msg.deadline - deps.epochNow()),
      identity: undefined,
      clientContext: undefined,
    };

    const finish = (err: unknown, value?: unknown): void => {
      if (inv.settled) return;
      inv.settled = true;
      const durationMs = deps.now() - inv.start;
      if (err instanceof ExitSignal) return exit(err.code);
      const result = {
        t: 'result',
        id: inv.id,
        nonce: inv.nonce,
        durationMs,
        maxMemoryUsedMb: memoryUsedMb,
      } as const;
      const failed = (error: ErrorResponse, logged: string): WorkerEvent => {
        log(
          'ERROR',
          `Invoke Error \t${stringify({ errorType: error.errorType, errorMessage: logged, stack: error.trace })}`,
        );
        return { ...result, error };
      };
      let body: WorkerEvent;
      if (err !== null && err !== undefined) {
        const error = toErrorResponse(err);
        body = failed(error, error.errorMessage);
      } else {
        const ser = serializeResult(value, stringify);
        if (!ser.ok) body = failed(ser.error, `${ser.error.errorMessage}: ${ser.reason}`);
        else if (exceedsBytes(ser.json, PAYLOAD_LIMIT_BYTES.sync))
          body = { ...result, error: responseTooLargeError(byteLength(ser.json)) };
        else body = { ...result, payload: ser.json };
      }
      // Frozen from here on: timers the handler left behind wait for the next invoke.
      scheduler.freeze();
      if (current === inv) current = null;
      deps.post(body);
    };

    const callback = (err?: unknown, value?: unknown) => {
      if (context.callbackWaitsForEmptyEventLoop) scheduler.whenIdle(() => finish(err ?? null, value));
      else finish(err ?? null, value);
    };

    let event: unknown;
    try {
      event = JSON.parse(msg.event);
    } catch {
      event = msg.event;
    }
    try {
      const result = handler(event, context, callback);
      if (result && typeof (result as { then?: unknown }).then === 'function') {
        (result as Promise<unknown>).then(
          (v) => finish(null, v),
          (e) => finish(e ?? new Error('handler rejected')),
        );
      } else if (handler.length < 3) {
        // A non-async handler that takes no callback: the runtime answers null once the event loop is empty.
        scheduler.whenIdle(() => finish(null, result === undefined ? null : result));
      }
    } catch (e) {
      finish(e);
    }
  }

  return {
    init,
    invoke,
    installGlobals,
    uncaught,
    scheduler,
    get fs() {
      return fs;
    },
    require: (name: string) => makeRequire(`${TASK_ROOT}/index.js`)(name),
  };
}
