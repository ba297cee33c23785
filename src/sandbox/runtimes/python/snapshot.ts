/**
 * The interpreter's memory snapshot: what state it holds, how a snapshot made at build time is packed and
 * checked, and how it is unpacked in a worker. Pure TypeScript (no Node.js, no DOM): the build
 * (scripts/python-snapshot.ts), the worker and the tests share it.
 *
 * A snapshot is Python's linear memory after the bootstrap and the stdlib modules below are imported. Booting
 * Pyodide in full takes seconds; restoring a snapshot a fraction of that. The build makes one with Pyodide in
 * Node.js and ships it as a gzip asset, so even the page's first Python environment restores instead of booting.
 * Pyodide itself refuses a snapshot of another wasm build (its build id is in the snapshot's header); the key in
 * our header covers what Pyodide cannot see: the runtime's own Python files and the imports. Either mismatch
 * falls back to a full boot.
 */
import type { PyodideRuntimeApi } from './pyodide';

/**
 * Stdlib modules imported before the snapshot (besides the bootstrap's own): what the handlers of the course
 * import, so an environment restored from the snapshot does not read them from the stdlib zip again. boto3 is
 * left out on purpose: on Lambda its import is part of the function's Init Duration, and here it is measured.
 */
export const SNAPSHOT_IMPORTS = 'import base64, datetime, hashlib, uuid, urllib.parse';

/** Bumped when what goes into a snapshot changes in a way the key below cannot see. */
const SNAPSHOT_FORMAT = 2;

/** `CSPYSNAP`, the key's length, the key, zero padding: 64 bytes, so the snapshot after it stays 4-byte aligned. */
const MAGIC = 'CSPYSNAP';
const HEADER_BYTES = 64;
const KEY_OFFSET = 12;

type PythonFiles = ReadonlyArray<readonly [path: string, content: string]>;

/** FNV-1a over UTF-16 code units, 32 bits, from a given basis (two bases give a 64-bit key). */
function fnv1a(text: string, basis: number): number {
  let hash = basis >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * What a snapshot depends on besides Pyodide's build: the runtime's Python files (path and content), the
 * directory the bootstrap is imported from and the imports. Not a security check (the page ships both halves);
 * it stops a stale or mismatched asset from restoring an interpreter whose bootstrap differs from its files.
 */
export function snapshotKey(files: PythonFiles, runtimeDirectory: string): string {
  const text = [
    `format ${SNAPSHOT_FORMAT}`,
    runtimeDirectory,
    SNAPSHOT_IMPORTS,
    ...[...files]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([path, content]) => `${path}\u0000${content.length}\u0000${content}`),
  ].join('\u0001');
  const hex = (value: number) => value.toString(16).padStart(8, '0');
  return `py${SNAPSHOT_FORMAT}-${hex(fnv1a(text, 0x811c9dc5))}${hex(fnv1a(text, 0x050c5d1f))}`;
}

/**
 * Puts a freshly booted interpreter in the state a snapshot holds. The runtime's files must already be in the
 * file system; no JavaScript object may be referenced from Python before the snapshot is taken. boto3 and
 * botocore are compiled here, not imported (py/var/runtime/_coldstart_bytecode.py): Lambda ships them as bytecode, so
 * their import at init runs them without compiling.
 */
export function prepareSnapshotState(
  pyodide: Pick<PyodideRuntimeApi, 'runPython'>,
  runtimeDirectory: string,
  sitePackages: string,
) {
  pyodide.runPython(
    [
      'import sys',
      `sys.path.insert(0, ${JSON.stringify(runtimeDirectory)})`,
      'import bootstrap',
      SNAPSHOT_IMPORTS,
      'import _coldstart_bytecode',
      `_coldstart_bytecode.install(${JSON.stringify(sitePackages)})`,
    ].join('\n'),
  );
}

/** The header and the snapshot in one buffer (the build gzips it). */
export function packSnapshot(snapshot: Uint8Array, key: string): Uint8Array {
  const keyBytes = new TextEncoder().encode(key);
  if (KEY_OFFSET + keyBytes.length > HEADER_BYTES) throw new Error('snapshot key too long');
  const packed = new Uint8Array(HEADER_BYTES + snapshot.byteLength);
  packed.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(packed.buffer).setUint32(MAGIC.length, keyBytes.length, true);
  packed.set(keyBytes, KEY_OFFSET);
  packed.set(snapshot, HEADER_BYTES);
  return packed;
}

/** The snapshot inside `packed` if it was made for `key`, else null (the worker then boots in full). */
export function unpackSnapshot(packed: Uint8Array, key: string): Uint8Array | null {
  if (packed.byteLength <= HEADER_BYTES) return null;
  const decoder = new TextDecoder();
  if (decoder.decode(packed.subarray(0, MAGIC.length)) !== MAGIC) return null;
  const keyLength = new DataView(packed.buffer, packed.byteOffset).getUint32(MAGIC.length, true);
  if (KEY_OFFSET + keyLength > HEADER_BYTES) return null;
  if (decoder.decode(packed.subarray(KEY_OFFSET, KEY_OFFSET + keyLength)) !== key) return null;
  // A copy at offset 0 of its own buffer: Pyodide reads the snapshot through 4-byte views of its buffer.
  return packed.slice(HEADER_BYTES);
}

/** Gunzips the build's asset (DecompressionStream: browsers' workers and Node.js alike). */
export async function gunzip(bytes: ArrayBuffer | Uint8Array | Blob): Promise<Uint8Array> {
  const blob = bytes instanceof Blob ? bytes : new Blob([bytes as BlobPart]);
  const stream = blob.stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The build's snapshot asset (gzip of a packed snapshot) for `key`, or null when it is broken or not for it. */
export async function builtSnapshotFor(asset: ArrayBuffer | Blob, key: string): Promise<Uint8Array | null> {
  try {
    return unpackSnapshot(await gunzip(asset), key);
  } catch {
    return null;
  }
}
