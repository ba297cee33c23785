/**
 * The repair of a restored snapshot's run_sync (jspiRestore.ts), on a small fake of Pyodide's memory and
 * function table laid out as CPython 3.14 lays out a builtin on wasm32; and the runtime boots in full when the
 * repair cannot be made in the JSPI mode.
 */
import { describe, expect, it } from 'vitest';
import type { RuntimeServices } from '../../worker/runtimeModule';
import {
  engineTrampoline,
  ensureRunSyncSuspends,
  reconnectRunSync,
  restoreTrampoline,
  type RunSyncModule,
} from './jspiRestore';
import type { PyodideBootRequest, PyodideLoader, PyodideRuntimeApi } from './pyodide';
import { noopPyodideFileSystem } from './fakeFileSystem.testing';
import { createPythonRuntime } from './runtime';

const FUNCTION_OBJECT = 256;
const METHOD_DEF = 512;
const NAME = 768;

function runSync() {}
function runSyncNotSupported() {}

/** Memory holding a builtin named `name` whose method points at table entry `pointer`. */
function fakeModule(pointer: number, name = 'run_sync'): RunSyncModule & { entries: unknown[] } {
  const heap = new Uint8Array(1024);
  const view = new DataView(heap.buffer);
  view.setUint32(FUNCTION_OBJECT + 8, METHOD_DEF, true);
  view.setUint32(METHOD_DEF, NAME, true);
  view.setUint32(METHOD_DEF + 4, pointer, true);
  heap.set(new TextEncoder().encode(`${name}\0`), NAME);
  // Pyodide 314's table: the two functions are neighbours (41 and 42), among many others.
  const entries: unknown[] = Array.from({ length: 60 }, () => () => {});
  entries[41] = runSyncNotSupported;
  entries[42] = runSync;
  return {
    HEAPU8: heap,
    entries,
    wasmTable: { length: entries.length, get: (index: number) => entries[index] },
    _run_sync: runSync,
    _run_sync_not_supported: runSyncNotSupported,
  };
}

function methodPointer(module: RunSyncModule): number {
  return new DataView(module.HEAPU8.buffer).getUint32(METHOD_DEF + 4, true);
}

describe('reconnectRunSync', () => {
  it('points a snapshot made without JSPI at the suspending run_sync', () => {
    const module = fakeModule(41);
    expect(reconnectRunSync(module, FUNCTION_OBJECT)).toBe('reconnected');
    expect(methodPointer(module)).toBe(42);
    // A second repair (a later worker restoring the same memory) finds nothing to do.
    expect(reconnectRunSync(module, FUNCTION_OBJECT)).toBe('supported');
  });

  it('finds the suspending function anywhere in the table, not only next to the other one', () => {
    const module = fakeModule(3);
    module.entries[3] = runSyncNotSupported;
    module.entries[41] = () => {};
    expect(reconnectRunSync(module, FUNCTION_OBJECT)).toBe('reconnected');
    expect(methodPointer(module)).toBe(42);
  });

  it('leaves memory alone when the layout is not what it expects', () => {
    const otherName = fakeModule(41, 'run_async');
    expect(reconnectRunSync(otherName, FUNCTION_OBJECT)).toBe('unrecognised');
    expect(methodPointer(otherName)).toBe(41);

    const otherFunction = fakeModule(7);
    expect(reconnectRunSync(otherFunction, FUNCTION_OBJECT)).toBe('unrecognised');
    expect(methodPointer(otherFunction)).toBe(7);

    expect(reconnectRunSync(fakeModule(41), 2000)).toBe('unrecognised');
    expect(reconnectRunSync(fakeModule(9999), FUNCTION_OBJECT)).toBe('unrecognised');
    const withoutExports = { ...fakeModule(41), _run_sync: undefined };
    expect(reconnectRunSync(withoutExports, FUNCTION_OBJECT)).toBe('unrecognised');
  });

  it("reads the builtin's address from Python's id()", () => {
    const module = fakeModule(41);
    const asked: string[] = [];
    const pyodide = {
      _module: module,
      runPython: (code: string) => {
        asked.push(code);
        return FUNCTION_OBJECT;
      },
    } as unknown as PyodideRuntimeApi;
    expect(ensureRunSyncSuspends(pyodide)).toBe(true);
    expect(asked[0]).toContain('id(_pyodide_core.run_sync)');
    expect(methodPointer(module)).toBe(42);
  });
});

describe("CPython's trampoline after a restore", () => {
  /** `_PyRuntime` at 100, the offset of its trampoline field (40) stored at 8: the field is at 140. */
  function trampolineModule(value: number) {
    const heap = new Uint8Array(256);
    const view = new DataView(heap.buffer);
    view.setInt32(8, 40, true);
    view.setUint32(140, value, true);
    return { HEAPU8: heap, __PyRuntime: 100, __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET: 8 };
  }

  it("reads this engine's choice and writes it back over the snapshot's", () => {
    // Chromium's pre-run chose a wasm trampoline (a table index); the Node.js snapshot holds 0 (JavaScript).
    expect(engineTrampoline(trampolineModule(14175))).toBe(14175);
    const restored = trampolineModule(0);
    expect(restoreTrampoline(restored, 14175)).toBe(true);
    expect(engineTrampoline(restored)).toBe(14175);
  });

  it('reports an unknown layout instead of writing anywhere', () => {
    const without = { HEAPU8: new Uint8Array(256) };
    expect(engineTrampoline(without)).toBeNull();
    expect(restoreTrampoline(without, 1)).toBe(false);
    const outside = { ...trampolineModule(0), __PyRuntime: 10_000 };
    expect(engineTrampoline(outside)).toBeNull();
    expect(restoreTrampoline(outside, 1)).toBe(false);
  });
});

describe('restoring in the JSPI mode', () => {
  it('boots in full when run_sync in the restored memory cannot be repaired', async () => {
    const requests: PyodideBootRequest[] = [];
    const module = fakeModule(41, 'something_else');
    const restored = {
      FS: noopPyodideFileSystem(),
      _module: { ...module, ERRNO_CODES: {} },
      // The bootstrap is there; id() answers with the builtin's address.
      runPython: (code: string) => (code.includes('id(') ? FUNCTION_OBJECT : true),
    } as unknown as PyodideRuntimeApi;
    const load: PyodideLoader = Object.assign(
      (request: PyodideBootRequest) => {
        requests.push(request);
        return request.snapshot ? Promise.resolve(restored) : Promise.reject(new Error('full boot reached'));
      },
      { snapshots: { snapshot: () => new Uint8Array(64), keep: () => {} } },
    );
    const services = { log: () => {}, now: () => 0, epochNow: () => 0 } as unknown as RuntimeServices;
    await expect(
      createPythonRuntime(services, { runtime: 'python3.14', assets: {} }, { load, mode: 'jspi' }),
    ).rejects.toThrow('full boot reached');
    expect(requests.map((request) => request.snapshot !== undefined)).toEqual([true, false]);
  });
});
