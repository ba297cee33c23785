import { describe, expect, it } from 'vitest';
import { createInProcessHost } from '../../testing/inProcessHost';
import { pythonInitRequest, testInvokeRequest } from '../../testing/fixtures';
import { nodePyodideLoader } from '../../testing/nodePyodide';
import type { MemorySnapshot, PyodideBootRequest, PyodideLoader } from './pyodide';
import {
  applySnapshotImage,
  nonZeroRuns,
  snapshotImage,
  snapshotImageBytes,
  snapshotImageHeader,
} from './snapshotImage';

const PAGE = 4096;
const WASM_PAGE = 65536;

/** A snapshot laid out as Pyodide's: a 32-byte header (memory at offset 32), then `pages` pages of memory. */
function fakeSnapshot(fill: (memory: Uint8Array) => void, pages: number): Uint8Array {
  const header = 32;
  const snapshot = new Uint8Array(header + pages * PAGE);
  const words = new DataView(snapshot.buffer);
  words.setUint32(0, 0x0b1a57ed, true);
  words.setUint32(4, header, true);
  words.setUint32(8, 5, true);
  snapshot.set(new TextEncoder().encode('{"a":1}'), 16);
  fill(snapshot.subarray(header));
  return snapshot;
}

describe('snapshot images', () => {
  it('finds the non-zero pages, merging neighbours', () => {
    const memory = new Uint8Array(6 * PAGE);
    memory[0] = 1;
    memory[PAGE + 17] = 2;
    memory[4 * PAGE + PAGE - 1] = 3;
    expect(nonZeroRuns(memory)).toEqual([
      [0, 2 * PAGE],
      [4 * PAGE, 5 * PAGE],
    ]);
    expect(nonZeroRuns(new Uint8Array(3 * PAGE))).toEqual([]);
  });

  it("writes the snapshot's memory over whatever the memory held, and leaves what lies past it", () => {
    const snapshot = fakeSnapshot((memory) => {
      memory.fill(0x11, 0, PAGE);
      memory[3 * PAGE + 5] = 0x22;
      memory.fill(0x33, 20 * PAGE, 21 * PAGE);
    }, 24);
    const image = snapshotImage(snapshot);
    const memory = new WebAssembly.Memory({ initial: 2 });
    const heap = new Uint8Array(memory.buffer);
    // Instantiation and the pre-run steps leave bytes where the snapshot has zeros: they must be cleared.
    heap.fill(0xee);
    applySnapshotImage(image, memory);
    expect(Array.from(heap.subarray(0, 24 * PAGE))).toEqual(Array.from(snapshot.subarray(32)));
    expect(heap[24 * PAGE]).toBe(0xee);
    expect(heap[2 * WASM_PAGE - 1]).toBe(0xee);
    expect(Array.from(snapshotImageHeader(image))).toEqual(Array.from(snapshot.subarray(0, 32)));
    // Only the non-zero pages travel: the image is far smaller than the memory it restores.
    expect(snapshotImageBytes(snapshot).byteLength).toBeLessThan(4 * PAGE);
  });

  it('refuses a memory smaller than the snapshot (the runtime then boots in full)', () => {
    const image = snapshotImage(fakeSnapshot((memory) => memory.fill(1), 20));
    expect(() => applySnapshotImage(image, new WebAssembly.Memory({ initial: 1 }))).toThrow(RangeError);
  });

  it('refuses bytes that are not a Pyodide snapshot', () => {
    expect(() => snapshotImageBytes(new Uint8Array(8))).toThrow(/not a Pyodide memory snapshot/);
    const odd = new Uint8Array(64);
    new DataView(odd.buffer).setUint32(4, 20, true);
    expect(() => snapshotImageBytes(odd)).toThrow(/not a Pyodide memory snapshot/);
  });

  it('restores a real interpreter from the image of its snapshot, with its modules and the runtime working', async () => {
    const requests: PyodideBootRequest[] = [];
    const node = nodePyodideLoader();
    let kept: MemorySnapshot | undefined;
    const loader: PyodideLoader = Object.assign(
      (request: PyodideBootRequest) => {
        requests.push(request);
        return node(request);
      },
      {
        snapshots: {
          snapshot: () => kept,
          keep: (taken: Uint8Array) => {
            kept ??= snapshotImage(taken);
          },
        },
      },
    );
    const host = createInProcessHost({ pyodide: loader });
    const source = [
      'import sys',
      'def lambda_handler(event, context):',
      '    return {"bootstrap": "bootstrap" in sys.modules, "sum": sum(range(event["n"]))}',
    ].join('\n');
    for (const id of ['full', 'restored']) {
      await host.start(id, 'python3.14');
      const init = await host.init(id, pythonInitRequest(source));
      expect(init).toMatchObject({ ok: true });
      const result = await host.invoke(id, testInvokeRequest({ n: 10 }));
      expect(result.outcome).toBe('success');
      if (result.outcome === 'success')
        expect(JSON.parse(result.payload)).toEqual({ bootstrap: true, sum: 45 });
    }
    expect(requests[0]?.snapshot).toBeUndefined();
    expect(requests[1]?.snapshot).toBeInstanceOf(WebAssembly.Module);
    host.dispose();
  }, 120_000);
});
