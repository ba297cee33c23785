/**
 * A Pyodide memory snapshot carried as a compiled WebAssembly module (an "image"): its non-zero pages are the
 * module's data segments, written into the interpreter's memory when the module is instantiated against it.
 *
 * Why: a snapshot is ~30 MB. As a Uint8Array it is copied by every postMessage (the frame's thread serialises it
 * once per worker it starts, each worker deserialises it), kept alive by the worker's boot assets, then copied
 * again into the wasm memory by Pyodide. A WebAssembly.Module crosses postMessage within the frame's agent
 * cluster without a copy (as the interpreter's compiled module does), and instantiating it copies only the
 * non-zero pages (about half), natively. Ten environments started at once paid ten 30 MB serialisations on the
 * frame's one thread before any of them could run.
 *
 * What Pyodide still reads of the snapshot (its header: magic, build id, the JavaScript references Python held)
 * rides along as a custom section and goes through Pyodide's own `restoreSnapshot`, so its checks still apply.
 */

/** Pyodide's snapshot header: u32 magic, u32 offset of the memory, u32 length of the JSON state (pyodide.asm.mjs). */
const MEMORY_OFFSET_WORD = 1;
const PAGE = 4096;
const HEADER_SECTION = 'coldstart:pyodide-header';
const LAYOUT_SECTION = 'coldstart:layout';
const IMPORT_MODULE = 'c';
const IMPORT_NAME = 'memory';

class Writer {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];
  length = 0;

  byte(value: number): void {
    this.pending.push(value & 0xff);
    this.length += 1;
  }

  u32(value: number): void {
    let rest = value >>> 0;
    do {
      const low = rest & 0x7f;
      rest >>>= 7;
      this.byte(rest === 0 ? low : low | 0x80);
    } while (rest !== 0);
  }

  /** A signed LEB128 of a 32-bit value (`i32.const` immediates). */
  s32(value: number): void {
    let rest = value | 0;
    for (;;) {
      const low = rest & 0x7f;
      rest >>= 7;
      const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
      this.byte(done ? low : low | 0x80);
      if (done) return;
    }
  }

  name(text: string): void {
    const bytes = new TextEncoder().encode(text);
    this.u32(bytes.length);
    this.bytes(bytes);
  }

  bytes(bytes: Uint8Array): void {
    this.flush();
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  /** A section: its id, its size, then what `write` wrote. */
  section(id: number, write: (body: Writer) => void): void {
    const body = new Writer();
    write(body);
    this.byte(id);
    this.u32(body.length);
    this.flush();
    this.chunks.push(...body.finish());
    this.length += body.length;
  }

  finish(): Uint8Array[] {
    this.flush();
    return this.chunks;
  }

  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const chunk of this.finish()) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }
}

function isZero(memory: Uint8Array, start: number, end: number): boolean {
  if ((memory.byteOffset + start) % 4 === 0 && (end - start) % 4 === 0) {
    const words = new Uint32Array(memory.buffer, memory.byteOffset + start, (end - start) / 4);
    for (let index = 0; index < words.length; index++) if (words[index] !== 0) return false;
    return true;
  }
  for (let index = start; index < end; index++) if (memory[index] !== 0) return false;
  return true;
}

/** [start, end) byte ranges of `memory` holding a non-zero byte, at page granularity, adjacent pages merged. */
export function nonZeroRuns(memory: Uint8Array): Array<[start: number, end: number]> {
  const runs: Array<[number, number]> = [];
  for (let start = 0; start < memory.length; start += PAGE) {
    const end = Math.min(start + PAGE, memory.length);
    if (isZero(memory, start, end)) continue;
    const last = runs[runs.length - 1];
    if (last && last[1] === start) last[1] = end;
    else runs.push([start, end]);
  }
  return runs;
}

/** The image's bytes (a wasm module) for a snapshot as Pyodide's `makeMemorySnapshot` returns it. */
export function snapshotImageBytes(snapshot: Uint8Array): Uint8Array {
  if (snapshot.byteLength < 16) throw new Error('Coldstart runtime: not a Pyodide memory snapshot');
  const memoryOffset = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(
    MEMORY_OFFSET_WORD * 4,
    true,
  );
  if (memoryOffset > snapshot.byteLength || memoryOffset % 16 !== 0)
    throw new Error('Coldstart runtime: not a Pyodide memory snapshot');
  const memory = snapshot.subarray(memoryOffset);
  const runs = nonZeroRuns(memory);
  const module = new Writer();
  module.bytes(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
  // One import, the interpreter's memory (any size: instantiating fails if a segment does not fit).
  module.section(2, (body) => {
    body.u32(1);
    body.name(IMPORT_MODULE);
    body.name(IMPORT_NAME);
    body.byte(0x02);
    body.byte(0x00);
    body.u32(0);
  });
  // Active segments for memory 0: each is written at its offset when the module is instantiated.
  module.section(11, (body) => {
    body.u32(runs.length);
    for (const [start, end] of runs) {
      body.byte(0x00);
      body.byte(0x41);
      body.s32(start);
      body.byte(0x0b);
      body.u32(end - start);
      body.bytes(memory.subarray(start, end));
    }
  });
  module.section(0, (body) => {
    body.name(HEADER_SECTION);
    body.bytes(snapshot.slice(0, memoryOffset));
  });
  module.section(0, (body) => {
    body.name(LAYOUT_SECTION);
    const layout = new Uint32Array(2 + runs.length * 2);
    layout[0] = memory.length;
    layout[1] = runs.length;
    runs.forEach(([start, end], index) => {
      layout[2 + index * 2] = start;
      layout[3 + index * 2] = end;
    });
    body.bytes(new Uint8Array(layout.buffer));
  });
  return module.concat();
}

/** The compiled image (synchronous: workers may compile large modules synchronously; this one has no code). */
export function snapshotImage(snapshot: Uint8Array): WebAssembly.Module {
  return new WebAssembly.Module(snapshotImageBytes(snapshot) as BufferSource);
}

function customSection(image: WebAssembly.Module, name: string): ArrayBuffer {
  const [section] = WebAssembly.Module.customSections(image, name);
  if (!section) throw new Error(`Coldstart runtime: the snapshot image has no ${name} section`);
  return section;
}

/** Pyodide's header of the snapshot (its own `restoreSnapshot` reads it), without the memory. */
export function snapshotImageHeader(image: WebAssembly.Module): Uint8Array {
  return new Uint8Array(customSection(image, HEADER_SECTION));
}

/**
 * Makes `memory` hold the snapshot's memory, as Pyodide's `HEAP8.set(snapshot)` would: the snapshot's zero pages
 * are cleared (instantiation and the pre-run steps wrote there), the others written by instantiating the image.
 * Bytes past the snapshot's length are left as they are, as Pyodide leaves them.
 */
export function applySnapshotImage(image: WebAssembly.Module, memory: WebAssembly.Memory): void {
  const layout = new Uint32Array(customSection(image, LAYOUT_SECTION));
  const length = layout[0] ?? 0;
  const heap = new Uint8Array(memory.buffer);
  if (heap.length < length)
    throw new RangeError('Coldstart runtime: the interpreter memory is smaller than the snapshot');
  let cleared = 0;
  const runs = layout[1] ?? 0;
  for (let index = 0; index < runs; index++) {
    const start = layout[2 + index * 2] ?? 0;
    heap.fill(0, cleared, start);
    cleared = layout[3 + index * 2] ?? start;
  }
  heap.fill(0, cleared, length);
  new WebAssembly.Instance(image, { [IMPORT_MODULE]: { [IMPORT_NAME]: memory } });
}

interface RestorableModule {
  memory?: WebAssembly.Memory;
  API?: { restoreSnapshot?: (snapshot: Uint8Array) => unknown };
}

/**
 * What a Pyodide boot needs to restore `image`: the header to pass as `_loadSnapshot`, and a hook for the
 * Emscripten module once created (before Pyodide restores): Pyodide's `restoreSnapshot` then reads the header as
 * usual and the image writes the memory.
 */
export function imageRestore(image: WebAssembly.Module): {
  loadSnapshot: Uint8Array;
  created(module: unknown): void;
} {
  return {
    loadSnapshot: snapshotImageHeader(image),
    created(module) {
      const emscripten = module as RestorableModule;
      const api = emscripten.API;
      const restore = api?.restoreSnapshot;
      const memory = emscripten.memory;
      if (!api || typeof restore !== 'function' || !(memory instanceof WebAssembly.Memory))
        throw new Error('Coldstart runtime: this Pyodide cannot restore a snapshot image');
      api.restoreSnapshot = (header: Uint8Array) => {
        const state = restore.call(api, header);
        applySnapshotImage(image, memory);
        return state;
      };
    },
  };
}
