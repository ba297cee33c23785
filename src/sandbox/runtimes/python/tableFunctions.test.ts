import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pyodidePackageFolder } from '../../testing/nodePyodide';
import {
  STDLIB_ONLY_LOCK,
  UNREACHABLE_PACKAGE_URL,
  instrumentedFactory,
  type PyodideRuntimeApi,
} from './pyodide';
import { wrapTableFunctions, wrapperModuleBytes } from './tableFunctions';

type CreateModule = (settings: Record<string, unknown>) => Promise<unknown>;

interface Booted {
  pyodide: PyodideRuntimeApi & { _module: { wasmTable: WebAssembly.Table } };
  /** `new WebAssembly.Module` calls while it booted. */
  compiled: number;
  wrapped: number;
}

/** Boots Pyodide in Node.js (optionally restoring `snapshot`), with or without the table wrappers. */
async function boot(wrap: boolean, snapshot?: Uint8Array): Promise<Booted> {
  const folder = pyodidePackageFolder();
  const { loadPyodide } = (await import(/* @vite-ignore */ pathToFileURL(`${folder}pyodide.mjs`).href)) as {
    loadPyodide: (options: Record<string, unknown>) => Promise<Booted['pyodide']>;
  };
  const factory = (await import(/* @vite-ignore */ pathToFileURL(`${folder}pyodide.asm.mjs`).href)) as {
    default: CreateModule;
  };
  let wrapped = 0;
  let compiled = 0;
  const original = WebAssembly.Module;
  WebAssembly.Module = new Proxy(original, {
    construct(target, args: [BufferSource]) {
      compiled += 1;
      return new target(...args);
    },
  });
  try {
    const pyodide = await loadPyodide({
      indexURL: folder,
      packageBaseUrl: UNREACHABLE_PACKAGE_URL,
      lockFileContents: STDLIB_ONLY_LOCK,
      createPyodideModule: instrumentedFactory(
        factory.default,
        () => {},
        undefined,
        wrap
          ? (imports, module, instance) => (wrapped = wrapTableFunctions(module, imports, instance))
          : undefined,
      ),
      stdout: () => {},
      stderr: () => {},
      ...(snapshot ? { _loadSnapshot: snapshot } : { _makeSnapshot: true }),
    });
    return { pyodide, compiled, wrapped };
  } finally {
    WebAssembly.Module = original;
  }
}

describe('table function wrappers', () => {
  it('makes one wasm function per signature that calls the JavaScript function with its arguments', () => {
    const calls: unknown[][] = [];
    const instance = new WebAssembly.Instance(
      new WebAssembly.Module(wrapperModuleBytes(['vi', 'iij', 'dd', 'v']) as BufferSource),
      {
        e: {
          f0: (a: number) => calls.push(['f0', a]),
          f1: (a: number, b: bigint) => a + Number(b),
          f2: (a: number) => a * 2.5,
          f3: () => calls.push(['f3']),
        },
      },
    );
    const f = instance.exports as Record<string, (...args: unknown[]) => unknown>;
    expect(f.f0!(7)).toBeUndefined();
    expect(f.f1!(2, 40n)).toBe(42);
    expect(f.f2!(2)).toBe(5);
    f.f3!();
    expect(calls).toEqual([['f0', 7], ['f3']]);
    // A table takes them as they are (it refuses JavaScript functions).
    const table = new WebAssembly.Table({ initial: 1, element: 'anyfunc' });
    table.set(0, f.f0 as unknown as null);
    expect(() => table.set(0, (() => {}) as unknown as null)).toThrow(TypeError);
  });

  it("spares Emscripten's linker its one-module-per-function compiles and keeps the table as it lays it out", async () => {
    const plain = await boot(false);
    const wrapped = await boot(true, plain.pyodide.makeMemorySnapshot());
    expect(wrapped.wrapped).toBeGreaterThan(100);
    expect(plain.compiled - wrapped.compiled).toBeGreaterThanOrEqual(wrapped.wrapped - 1);
    expect(wrapped.pyodide._module.wasmTable.length).toBe(plain.pyodide._module.wasmTable.length);
    // A snapshot made without the wrappers (the build's, in Node.js) restores with them: Python's function
    // pointers into the table still land on the same functions.
    expect(
      wrapped.pyodide.runPython(
        'import json, hashlib\njson.dumps({"a": [1, 2]}) + hashlib.sha256(b"x").hexdigest()[:8]',
      ),
    ).toBe('{"a": [1, 2]}2d711642');
  }, 120_000);
});
