/**
 * The part of Pyodide (and of Emscripten's file system under it) the Python runtime uses, as narrow types, and
 * the options every boot shares (browserPyodide.ts boots it in a worker). Pyodide is never fetched from a CDN:
 * its package URL points at a reserved, unresolvable host (`.invalid`, RFC 2606) and the lock file lists no
 * packages, so `loadPackage` and `micropip` have nothing to download, and the sandbox's CSP blocks the request
 * anyway.
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
  /** `canOwn`: the file keeps `data` itself instead of a copy (the caller must not touch it afterwards). */
  writeFile(path: string, data: string | Uint8Array, options?: { canOwn?: boolean }): void;
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

/**
 * A memory snapshot: as Pyodide's `makeMemorySnapshot` returns it, or as a compiled image of it
 * (snapshotImage.ts: what the page's workers hand each other, restored without copying it around).
 */
export type MemorySnapshot = Uint8Array | WebAssembly.Module;

export interface PyodideBootRequest {
  /** A memory snapshot to restore (a fraction of a second instead of seconds), or none for a full boot. */
  snapshot?: MemorySnapshot;
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
  snapshot(): MemorySnapshot | undefined;
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

/**
 * Wraps Pyodide's module factory so the runtime sees (and may wrap) the wasm imports before instantiation, and
 * `instantiated` sees them again once the instance exists, before Emscripten's linker reads them.
 */
export function instrumentedFactory(
  create: CreateModule,
  wrapImports: (imports: WasmImports) => void,
  created?: (module: unknown) => void,
  instantiated?: (imports: WasmImports, module: WebAssembly.Module, instance: WebAssembly.Instance) => void,
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
        return instantiate(imports, (instance, module) => {
          instantiated?.(imports, module, instance);
          done(instance, module);
        });
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
  /** A memory snapshot an earlier worker shared (after importing the runtime's modules): an image of it. */
  snapshot?: MemorySnapshot;
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
