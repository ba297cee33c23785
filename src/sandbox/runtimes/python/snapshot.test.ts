/**
 * The build-time memory snapshot: the build and the worker agree on its key, a packed snapshot only unpacks for
 * its own key, and the runtime falls back to a full boot for a snapshot that Pyodide refuses or that does not
 * hold the runtime.
 */
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runtimePythonFiles } from '../../../../scripts/python-snapshot';
import type { RuntimeServices } from '../../worker/runtimeModule';
import {
  isPythonBootAssets,
  type PyodideBootRequest,
  type PyodideLoader,
  type PyodideRuntimeApi,
} from './pyodide';
import { RUNTIME_DIR, RUNTIME_PYTHON_FILES } from './pythonSources';
import { noopPyodideFileSystem } from './fakeFileSystem.testing';
import { createPythonRuntime } from './runtime';
import { builtSnapshotFor, gunzip, packSnapshot, snapshotKey, unpackSnapshot } from './snapshot';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

describe('snapshot key', () => {
  it("is the same for the build's file list (read from disk) and the worker's (bundled by Vite)", () => {
    const fromDisk = runtimePythonFiles(ROOT);
    expect(fromDisk.length).toBe(RUNTIME_PYTHON_FILES.length);
    expect(snapshotKey(fromDisk, RUNTIME_DIR)).toBe(snapshotKey(RUNTIME_PYTHON_FILES, RUNTIME_DIR));
  });

  it('changes when a runtime file, its path or the runtime directory changes', () => {
    const files: Array<[string, string]> = [
      ['/var/runtime/bootstrap.py', 'x = 1\n'],
      ['/var/lang/lib/python3.14/site-packages/boto3/__init__.py', ''],
    ];
    const key = snapshotKey(files, RUNTIME_DIR);
    expect(snapshotKey([...files].reverse(), RUNTIME_DIR)).toBe(key);
    expect(snapshotKey([[files[0]![0], 'x = 2\n'], files[1]!], RUNTIME_DIR)).not.toBe(key);
    expect(snapshotKey([['/var/runtime/other.py', 'x = 1\n'], files[1]!], RUNTIME_DIR)).not.toBe(key);
    expect(snapshotKey(files, '/opt/runtime')).not.toBe(key);
  });
});

describe('packed snapshot', () => {
  const memory = Uint8Array.from({ length: 4096 }, (_, index) => index % 251);

  it('unpacks for its own key only, 4-byte aligned at the start of its own buffer', () => {
    const packed = packSnapshot(memory, 'py1-0123456789abcdef');
    const unpacked = unpackSnapshot(packed, 'py1-0123456789abcdef');
    expect(unpacked).toEqual(memory);
    expect(unpacked?.byteOffset).toBe(0);
    expect(unpackSnapshot(packed, 'py1-fedcba9876543210')).toBeNull();
    expect(unpackSnapshot(memory, 'py1-0123456789abcdef')).toBeNull();
    expect(unpackSnapshot(packed.subarray(0, 64), 'py1-0123456789abcdef')).toBeNull();
  });

  it('is read from the gzip asset the build writes, and a broken asset gives none', async () => {
    // A copy with a buffer of its own (Node's Buffers may be views of a shared pool).
    const asset = new Uint8Array(gzipSync(packSnapshot(memory, 'py1-key')));
    expect(await gunzip(asset)).toEqual(packSnapshot(memory, 'py1-key'));
    expect(await builtSnapshotFor(asset.buffer, 'py1-key')).toEqual(memory);
    // As the page hands it over (frameClient.ts: a Blob, not copied into each message).
    expect(await builtSnapshotFor(new Blob([asset]), 'py1-key')).toEqual(memory);
    expect(await builtSnapshotFor(new Blob([asset.slice(0, 100)]), 'py1-key')).toBeNull();
    expect(await builtSnapshotFor(asset.slice(0, 100).buffer, 'py1-key')).toBeNull();
    expect(await builtSnapshotFor(new TextEncoder().encode('not gzip').buffer, 'py1-key')).toBeNull();
  });
});

describe('boot assets', () => {
  it('are bytes as ArrayBuffers or as Blobs (the page hands Blobs), or an already compiled module', () => {
    const text = { loader: 'export {}', module: 'export default null' };
    expect(isPythonBootAssets({ ...text, wasm: new Blob([]), stdlib: new Blob([]) })).toBe(true);
    expect(isPythonBootAssets({ ...text, wasm: new ArrayBuffer(8), stdlib: new ArrayBuffer(8) })).toBe(true);
    expect(isPythonBootAssets({ ...text, stdlib: new Blob([]) })).toBe(false);
    expect(isPythonBootAssets({ ...text, wasm: new Blob([]), stdlib: 'zip' })).toBe(false);
  });
});

describe('falling back to a full boot', () => {
  it('boots in full when a restored snapshot does not hold the runtime (no bootstrap module)', async () => {
    const requests: PyodideBootRequest[] = [];
    // Pyodide accepted it, but Python answers that the bootstrap was never imported in that memory.
    const restoredWithout = {
      FS: noopPyodideFileSystem(),
      _module: { ERRNO_CODES: {}, HEAPU8: new Uint8Array(0) },
      runPython: () => false,
    } as unknown as PyodideRuntimeApi;
    const load: PyodideLoader = Object.assign(
      (request: PyodideBootRequest) => {
        requests.push(request);
        return request.snapshot
          ? Promise.resolve(restoredWithout)
          : Promise.reject(new Error('full boot reached'));
      },
      { snapshots: { snapshot: () => new Uint8Array(64), keep: () => {} } },
    );
    const services = { log: () => {}, now: () => 0, epochNow: () => 0 } as unknown as RuntimeServices;
    await expect(
      createPythonRuntime(services, { runtime: 'python3.14', assets: {} }, { load, mode: 'replay' }),
    ).rejects.toThrow('full boot reached');
    expect(requests.map((request) => request.snapshot !== undefined)).toEqual([true, false]);
  });

  it('boots in full, taking its own snapshot, when Pyodide refuses the one it was given', async () => {
    const requests: PyodideBootRequest[] = [];
    const load: PyodideLoader = Object.assign(
      (request: PyodideBootRequest) => {
        requests.push(request);
        // What Pyodide says for another wasm build's snapshot; the full boot then stops the test cheaply.
        return Promise.reject(
          new Error(request.snapshot ? 'Snapshot build id mismatch' : 'full boot reached'),
        );
      },
      { snapshots: { snapshot: () => new Uint8Array(64), keep: () => {} } },
    );
    const services = { log: () => {}, now: () => 0, epochNow: () => 0 } as unknown as RuntimeServices;
    await expect(
      createPythonRuntime(services, { runtime: 'python3.14', assets: {} }, { load, mode: 'replay' }),
    ).rejects.toThrow('full boot reached');
    expect(requests.map((request) => [request.snapshot !== undefined, request.makeSnapshot])).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});
