/**
 * Entry of a python3.14 environment's worker (a classic worker: Pyodide's scripts are ES modules, imported from
 * blob URLs this worker makes of the text the page handed over). AWS calls use JSPI where the browser has it,
 * the replay fallback elsewhere (runtime.ts).
 *
 * The interpreter's memory snapshot, in order of preference: the one an earlier worker of the page shared, the
 * one the build made (unpacked here, then shared so later workers skip the unpacking), or none: this worker
 * boots in full and takes the snapshot itself. What is shared is the snapshot's image (snapshotImage.ts): a
 * compiled wasm module, which crosses postMessage without being copied.
 */
import { startWorker } from '../../worker/startWorker';
import { browserPyodideLoader } from './browserPyodide';
import { isPythonBootAssets, type PythonBootAssets } from './pyodide';
import { RUNTIME_DIR, RUNTIME_PYTHON_FILES } from './pythonSources';
import { createPythonRuntime, hasJspi } from './runtime';
import { builtSnapshotFor, snapshotKey } from './snapshot';
import { snapshotImage } from './snapshotImage';
import { markBoot } from './bootMarks';

markBoot('script');

/** The image later workers restore without copying it (snapshotImage.ts); the bytes if it cannot be made. */
function imageOf(snapshot: Uint8Array): Uint8Array | WebAssembly.Module {
  try {
    return snapshotImage(snapshot);
  } catch {
    return snapshot;
  }
}

startWorker(async (services, boot) => {
  markBoot('boot-message');
  if (!isPythonBootAssets(boot.assets)) throw new Error('Coldstart sandbox: Pyodide was not provided');
  const assets = boot.assets as unknown as PythonBootAssets;
  const share = (shared: Record<string, unknown>) => boot.share?.(shared);
  const load = browserPyodideLoader(assets, share);
  const mode = hasJspi() ? 'jspi' : 'replay';
  // The build's snapshot comes from Node.js without JSPI; restored where JSPI runs, the runtime points Pyodide's
  // run_sync back at the suspending function (jspiRestore.ts). The replay mode boots in full: restored there,
  // the build's snapshot never finished a phase in Node.js (2026-12-01, not yet understood), and a worker that
  // boots in full takes its own snapshot for the page's later workers.
  const unpacked =
    mode === 'jspi' && !assets.snapshot && assets.builtSnapshot
      ? await builtSnapshotFor(assets.builtSnapshot, snapshotKey(RUNTIME_PYTHON_FILES, RUNTIME_DIR))
      : null;
  const built = unpacked ? imageOf(unpacked) : null;
  markBoot('snapshot-ready');
  const snapshot = assets.snapshot ?? built ?? undefined;
  // The first worker of the page without a snapshot takes one; the frame hands it to every later worker.
  load.snapshots = {
    snapshot: () => snapshot,
    keep: (taken) => share({ snapshot: imageOf(taken) }),
  };
  const runtime = await createPythonRuntime(services, boot, { load, mode });
  // Shared only once it restored (before `booted`; if Pyodide refused it, the full boot's own was shared first).
  if (built) share({ snapshot: built });
  markBoot('runtime-ready');
  return runtime;
});
