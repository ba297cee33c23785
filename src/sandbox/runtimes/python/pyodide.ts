/**
 * The part of Pyodide (and of Emscripten's file system under it) the Python runtime uses, as narrow types, and how
 * an interpreter is booted from files the page handed over. Pyodide is never fetched from a CDN: its package URL
 * points at a reserved, unresolvable host (`.invalid`, RFC 2606) and the lock file lists no packages, so
 * `loadPackage` and `micropip` have nothing to download, and the sandbox's CSP blocks the request anyway.
 */

export interface EmscriptenNode {
  name: string;
  mode: number;
  parent: EmscriptenNode;
  usedBytes?: number;
}

export interface EmscriptenStream {
  path: string;
  node: EmscriptenNode;
  position: number;
  flags: number;
}

export interface EmscriptenStat {
  mode: number;
  size: number;
  mtime: Date | number;
}

/** Emscripten's FS object (only what the runtime touches). */
export interface EmscriptenFs {
  mkdirTree(path: string, mode?: number): void;
  mkdir(path: string, mode?: number): unknown;
  writeFile(path: string, data: string | Uint8Array): void;
  readFile(path: string): Uint8Array;
  readdir(path: string): string[];
  stat(path: string): EmscriptenStat;
  utime(path: string, atime: number, mtime: number): void;
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  unlink(path: string): void;
  rmdir(path: string): void;
  rename(oldPath: string, newPath: string): void;
  truncate(path: string | EmscriptenNode, length: number): void;
  ftruncate(fd: number, length: number): void;
  write(
    stream: EmscriptenStream,
    buffer: Uint8Array | Int8Array,
    offset: number,
    length: number,
    position?: number,
    canOwn?: boolean,
  ): number;
  close(stream: EmscriptenStream): void;
  getPath(node: EmscriptenNode): string;
  getStream(fd: number): EmscriptenStream | null;
  nodePermissions(node: EmscriptenNode, perms: string): number;
  analyzePath(path: string): { exists: boolean };
  streams: Array<EmscriptenStream | null | undefined>;
  ErrnoError: new (errno: number) => Error;
}

/** A Python callable as JavaScript sees it. */
export interface PyCallable {
  (...args: unknown[]): unknown;
  callPromising(...args: unknown[]): Promise<unknown>;
}

/** A Python module as JavaScript sees it: its attributes are properties. */
export type PyModuleProxy = Record<string, unknown>;

/** The Pyodide API the runtime uses. */
export interface PyodideRuntimeApi {
  runPython(code: string): unknown;
  pyimport(name: string): PyModuleProxy;
  registerJsModule(name: string, module: object): void;
  makeMemorySnapshot(): Uint8Array;
  FS: EmscriptenFs;
  _module: {
    HEAPU8: Uint8Array;
    ERRNO_CODES: Record<string, number>;
    /** dlmalloc's peak of the bytes it took from the wasm memory (never decreases). */
    _malloc_max_footprint?: () => number;
    /** Where malloc's heap starts: the interpreter's static data and stack lie below it. */
    ___heap_base?: WebAssembly.Global | number;
  };
}

/** Imports of the interpreter's wasm module (env and wasi_snapshot_preview1 are one object in Emscripten). */
export type WasmImports = Record<string, Record<string, unknown>>;

export interface PyodideBootRequest {
  /** A memory snapshot to restore (0.7 s instead of seconds), or none for a full boot. */
  snapshot?: Uint8Array;
  /** Take `makeMemorySnapshot()` later (only then may it be called). */
  makeSnapshot: boolean;
  /** Lets the runtime wrap imports (memory growth, clocks, randomness) before the module is instantiated. */
  wrapImports(imports: WasmImports): void;
  /**
   * The Emscripten module once it is instantiated and its pre-run steps ran, before a snapshot overwrites its
   * memory (the runtime keeps what this engine wrote there: jspiRestore.ts).
   */
  created?(module: unknown): void;
  /** Output written below Python's sys.stdout/sys.stderr (os.write, Pyodide's own messages). */
  stdout(line: string): void;
  stderr(line: string): void;
}

/**
 * Where a page (or a test process) keeps the interpreter's memory snapshot: taken once, after the stdlib modules
 * the runtime needs are imported, then every later environment restores it instead of booting (0.7 s instead of
 * seconds in Node). It belongs to whoever outlives the workers, never to the sandbox frame's storage.
 */
export interface SnapshotKeeper {
  snapshot(): Uint8Array | undefined;
  keep(snapshot: Uint8Array): void;
}

export type PyodideLoader = ((request: PyodideBootRequest) => Promise<PyodideRuntimeApi>) & {
  snapshots?: SnapshotKeeper;
};

/** A keeper that holds the first snapshot it is given, in memory. */
export function memorySnapshotKeeper(): SnapshotKeeper {
  let kept: Uint8Array | undefined;
  return {
    snapshot: () => kept,
    keep(snapshot) {
      kept ??= snapshot;
    },
  };
}

/** The lock file Pyodide is given: this build's ABI, no packages (stdlib only). */
export const STDLIB_ONLY_LOCK = {
  info: { abi_version: '2026_0', arch: 'wasm32', platform: 'emscripten_5_0_3', python: '3.14.2' },
  packages: {},
};

/** Package downloads resolve against a reserved host that never resolves (RFC 2606 `.invalid`). */
export const UNREACHABLE_PACKAGE_URL = 'https://packages.invalid/';
/** The index URL Pyodide derives its own file names from; the browser loader answers those from memory. */
export const VIRTUAL_INDEX_URL = 'https://pyodide.invalid/';

type CreateModule = (settings: Record<string, unknown>) => Promise<unknown>;
type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideRuntimeApi>;

/** Wraps Pyodide's module factory so the runtime sees (and may wrap) the wasm imports before instantiation. */
export function instrumentedFactory(
  create: CreateModule,
  wrapImports: (imports: WasmImports) => void,
  created?: (module: unknown) => void,
): CreateModule {
  return (settings) => {
    const instantiate = settings.instantiateWasm as
      | ((
          imports: WasmImports,
          done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
        ) => unknown)
      | undefined;
    if (instantiate)
      settings.instantiateWasm = (
        imports: WasmImports,
        done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void,
      ) => {
        wrapImports(imports);
        return instantiate(imports, done);
      };
    if (!created) return create(settings);
    return create(settings).then((module) => {
      created(module);
      return module;
    });
  };
}

/** What the page hands a Python worker (frameClient fetches these from the site; the frame passes them on). */
export interface PythonBootAssets {
  /** pyodide.mjs (loadPyodide), as text. */
  loader: string;
  /** pyodide.asm.mjs (the Emscripten module factory), as text. */
  module: string;
  /**
   * pyodide.asm.wasm, as bytes (a Blob from the page: frameClient.ts), or compiled by an earlier worker (a
   * WebAssembly.Module crosses postMessage within the frame's agent cluster).
   */
  wasm?: ArrayBuffer | Blob;
  compiledWasm?: WebAssembly.Module;
  /** python_stdlib.zip, as bytes. */
  stdlib: ArrayBuffer | Blob;
  /** A memory snapshot an earlier worker shared (after importing the runtime's modules). */
  snapshot?: Uint8Array;
  /** The snapshot the build made (snapshot.ts: gzip of a packed snapshot), when the site has one. */
  builtSnapshot?: ArrayBuffer | Blob;
}

function isBytes(value: unknown): value is ArrayBuffer | Blob {
  return value instanceof ArrayBuffer || value instanceof Blob;
}

export function isPythonBootAssets(value: Readonly<Record<string, unknown>>): boolean {
  return (
    typeof value.loader === 'string' &&
    typeof value.module === 'string' &&
    isBytes(value.stdlib) &&
    (isBytes(value.wasm) || value.compiledWasm instanceof WebAssembly.Module)
  );
}

/** Compiles the interpreter's wasm; from a Blob as a stream, so compiling starts with the first bytes read. */
function compileWasm(wasm: ArrayBuffer | Blob | undefined): Promise<WebAssembly.Module> {
  if (wasm instanceof Blob)
    return WebAssembly.compileStreaming(
      new Response(wasm, { headers: { 'Content-Type': 'application/wasm' } }),
    );
  return WebAssembly.compile(wasm ?? new ArrayBuffer(0));
}

/**
 * Boots Pyodide in a worker from handed-over files. The opaque-origin frame cannot fetch, so Pyodide's own
 * `fetch(indexURL + file)` calls are answered from memory for the two files it asks for (the wasm, the stdlib);
 * anything else is refused. The two scripts are imported from blob URLs this worker makes itself (the CSP allows
 * blob: scripts, nothing remote). `share` hands back what later workers can reuse: the compiled module.
 * Compiling starts when the loader is made, so it overlaps whatever the worker does before booting (unpacking
 * the build's snapshot).
 */
export function browserPyodideLoader(
  assets: PythonBootAssets,
  share: (assets: Record<string, unknown>) => void,
): PyodideLoader {
  const compiling = assets.compiledWasm
    ? Promise.resolve(assets.compiledWasm)
    : compileWasm(assets.wasm).then((compiled) => {
        share({ compiledWasm: compiled });
        return compiled;
      });
  // Awaited by the boot below; a failure surfaces there, not as an unhandled rejection.
  compiling.catch(() => {});
  return async (request: PyodideBootRequest) => {
    const scope = globalThis as unknown as {
      fetch: typeof fetch;
      WebAssembly: typeof WebAssembly;
    };
    const compiled = await compiling;
    const moduleUrl = (text: string) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    const loaderUrl = moduleUrl(assets.loader);
    const factoryUrl = moduleUrl(assets.module);
    const loaderModule = (await import(/* @vite-ignore */ loaderUrl)) as { loadPyodide: LoadPyodide };
    const factoryModule = (await import(/* @vite-ignore */ factoryUrl)) as { default: CreateModule };
    URL.revokeObjectURL(loaderUrl);
    URL.revokeObjectURL(factoryUrl);

    const originalFetch = scope.fetch;
    const originalStreaming = WebAssembly.instantiateStreaming;
    const served: Record<string, () => Response> = {
      [`${VIRTUAL_INDEX_URL}python_stdlib.zip`]: () =>
        new Response(assets.stdlib instanceof Blob ? assets.stdlib : assets.stdlib.slice(0)),
      [`${VIRTUAL_INDEX_URL}pyodide.asm.wasm`]: () =>
        new Response(new Uint8Array(0), { headers: { 'Content-Type': 'application/wasm' } }),
    };
    scope.fetch = ((input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const answer = served[url];
      if (!answer)
        return Promise.reject(
          new TypeError(`Coldstart sandbox: Pyodide asked for ${url}, which is not bundled`),
        );
      return Promise.resolve(answer());
    }) as typeof fetch;
    // Pyodide instantiates its wasm from the (empty) response above: use the compiled module instead.
    WebAssembly.instantiateStreaming = (async (_source: unknown, imports?: WebAssembly.Imports) => ({
      module: compiled,
      instance: await WebAssembly.instantiate(compiled, imports),
    })) as typeof WebAssembly.instantiateStreaming;
    try {
      return await loaderModule.loadPyodide({
        indexURL: VIRTUAL_INDEX_URL,
        packageBaseUrl: UNREACHABLE_PACKAGE_URL,
        lockFileContents: STDLIB_ONLY_LOCK,
        createPyodideModule: instrumentedFactory(factoryModule.default, request.wrapImports, request.created),
        env: { HOME: '/home/sbx_user1051' },
        stdout: request.stdout,
        stderr: request.stderr,
        ...(request.snapshot ? { _loadSnapshot: request.snapshot } : {}),
        ...(request.makeSnapshot ? { _makeSnapshot: true } : {}),
      });
    } finally {
      scope.fetch = originalFetch;
      WebAssembly.instantiateStreaming = originalStreaming;
    }
  };
}
