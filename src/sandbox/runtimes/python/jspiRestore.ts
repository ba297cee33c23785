/**
 * Why a memory snapshot made without JSPI breaks boto3 once restored where JSPI runs, and the repair.
 *
 * Pyodide decides once, while `_pyodide_core` initialises, which C function backs `pyodide.ffi.run_sync`: the
 * real one when the engine can stack switch, `run_sync_not_supported` (which raises "WebAssembly stack switching
 * not supported in this JavaScript runtime") when it cannot. The choice is a function pointer in the method
 * definition of that builtin, in the interpreter's linear memory, so a snapshot carries it. The build makes its
 * snapshot in Node.js without JSPI; restored in Chromium, every boto3 call (botocore's transport calls
 * `run_sync`) failed although `can_run_sync()` said yes. Found 2026-12-01 with Pyodide 314.0.7: the restored
 * builtin's pointer is `run_sync_not_supported`, and pointing it at `run_sync` makes the call suspend and answer.
 *
 * A second engine choice lives in memory too: CPython calls function pointers through a trampoline, a small wasm
 * function where the engine has WebAssembly GC (current Chromium), else a JavaScript one. Emscripten's pre-run
 * step stores the choice in `_PyRuntime`, and restoring a snapshot overwrites it with the build's (Node.js 20:
 * JavaScript). JSPI cannot suspend through JavaScript frames ("trying to suspend JS frames"), so the runtime keeps
 * what this engine's pre-run wrote and puts it back after restoring (`engineTrampoline`, `restoreTrampoline`).
 *
 * The run_sync repair checks every step against what it expects (the method is named `run_sync`, its pointer is one of
 * the two functions) and reports failure otherwise, so a Pyodide whose layout differs boots in full instead of
 * being patched blindly. Everything else JSPI needs (the suspending import, `callPromising`) is made by
 * Pyodide's JavaScript at every start, outside the snapshot.
 */
import type { PyodideRuntimeApi } from './pyodide';

/** What the repair reads of Pyodide's Emscripten module (all exported by Pyodide 314's build). */
export interface RunSyncModule {
  HEAPU8: Uint8Array;
  wasmTable?: { readonly length: number; get(index: number): unknown };
  _run_sync?: unknown;
  _run_sync_not_supported?: unknown;
}

/**
 * wasm32 offsets in CPython 3.14 (default build): PyCFunctionObject is `ob_refcnt`, `ob_type`, then `m_ml`
 * (the PyMethodDef); PyMethodDef is `ml_name`, then `ml_meth` (a function pointer: an index into the table).
 */
const M_ML_OFFSET = 8;
const ML_METH_OFFSET = 4;
const METHOD_NAME = 'run_sync';

export type RunSyncState = 'supported' | 'reconnected' | 'unrecognised';

function readWord(heap: Uint8Array, address: number): number {
  return new DataView(heap.buffer, heap.byteOffset).getUint32(address, true);
}

function readCString(heap: Uint8Array, address: number, limit: number): string {
  let end = address;
  while (end < heap.length && end - address < limit && heap[end] !== 0) end++;
  return new TextDecoder().decode(heap.subarray(address, end));
}

/** The table index of `target`, searched outward from `near` (the two functions are neighbours in practice). */
function tableIndexOf(table: NonNullable<RunSyncModule['wasmTable']>, target: unknown, near: number): number {
  for (let distance = 1; distance < table.length; distance++) {
    for (const index of [near + distance, near - distance]) {
      if (index >= 0 && index < table.length && table.get(index) === target) return index;
    }
  }
  return -1;
}

/**
 * Points the builtin `run_sync` at the C function that suspends, given the address of its PyCFunctionObject.
 * 'supported' when it already does (a snapshot made with JSPI, or a full boot), 'reconnected' when it was
 * repaired, 'unrecognised' when memory is not laid out as expected (nothing is written then).
 */
export function reconnectRunSync(module: RunSyncModule, functionObject: number): RunSyncState {
  const table = module.wasmTable;
  const supported = module._run_sync;
  const notSupported = module._run_sync_not_supported;
  if (!table || typeof supported !== 'function' || typeof notSupported !== 'function') return 'unrecognised';
  const heap = module.HEAPU8;
  const fits = (address: number) => Number.isInteger(address) && address > 0 && address + 4 <= heap.length;
  if (!fits(functionObject + M_ML_OFFSET)) return 'unrecognised';
  const methodDef = readWord(heap, functionObject + M_ML_OFFSET);
  if (!fits(methodDef + ML_METH_OFFSET)) return 'unrecognised';
  const nameAddress = readWord(heap, methodDef);
  if (!fits(nameAddress) || readCString(heap, nameAddress, 32) !== METHOD_NAME) return 'unrecognised';
  const current = readWord(heap, methodDef + ML_METH_OFFSET);
  if (current >= table.length) return 'unrecognised';
  const entry = table.get(current);
  if (entry === supported) return 'supported';
  if (entry !== notSupported) return 'unrecognised';
  const index = tableIndexOf(table, supported, current);
  if (index < 0) return 'unrecognised';
  new DataView(heap.buffer, heap.byteOffset).setUint32(methodDef + ML_METH_OFFSET, index, true);
  return 'reconnected';
}

/** Runs the repair on a restored interpreter; false when it could not (the runtime then boots in full). */
export function ensureRunSyncSuspends(pyodide: Pick<PyodideRuntimeApi, 'runPython' | '_module'>): boolean {
  // CPython's id() is the object's address in linear memory.
  const address = pyodide.runPython('import _pyodide_core\nid(_pyodide_core.run_sync)');
  if (typeof address !== 'number') return false;
  return reconnectRunSync(pyodide._module as unknown as RunSyncModule, address) !== 'unrecognised';
}

/** What the trampoline repair reads: where `_PyRuntime` is and the offset of its trampoline field. */
export interface TrampolineModule {
  HEAPU8: Uint8Array;
  __PyRuntime?: number;
  __PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET?: number;
}

function trampolineField(module: TrampolineModule): number | null {
  const runtime = module.__PyRuntime;
  const offsetAddress = module.__PyEM_EMSCRIPTEN_TRAMPOLINE_OFFSET;
  const heap = module.HEAPU8;
  const fits = (address: number) => Number.isInteger(address) && address > 0 && address + 4 <= heap.length;
  if (typeof runtime !== 'number' || typeof offsetAddress !== 'number' || !fits(offsetAddress)) return null;
  const field = runtime + new DataView(heap.buffer, heap.byteOffset).getInt32(offsetAddress, true);
  return fits(field) ? field : null;
}

/** The trampoline this engine's pre-run step chose (read before a snapshot is restored), or null if unknown. */
export function engineTrampoline(module: TrampolineModule): number | null {
  const field = trampolineField(module);
  return field === null ? null : readWord(module.HEAPU8, field);
}

/** Puts this engine's trampoline back after a snapshot overwrote it; false when the field cannot be found. */
export function restoreTrampoline(module: TrampolineModule, trampoline: number): boolean {
  const field = trampolineField(module);
  if (field === null) return false;
  new DataView(module.HEAPU8.buffer, module.HEAPU8.byteOffset).setUint32(field, trampoline, true);
  return true;
}
