/**
 * The replay fallback's record of what the interpreter learned from outside during a phase, besides AWS answers:
 * random bytes and clock readings. An attempt that is rewound and run again must see the same values up to the
 * call it stopped at, or it diverges from the attempt whose request the account already answered: `uuid.uuid4()`
 * would name a different order than the one `put_item` stored, `time.time()` a different moment than the one sent.
 * Readings past the end of the record are taken live and appended, so the last attempt goes on with real values.
 */
import type { WasmImports } from './pyodide';

type ImportFunction = ((...args: never[]) => unknown) & { sig?: string };

/** One reading: a value the import returned, and the bytes it wrote into the interpreter's memory. */
interface Reading {
  result: unknown;
  written?: { bytes: Uint8Array };
}

export interface ReplayTape {
  /** Starts a phase's record (empty) and turns recording on. */
  begin(): void;
  /** Starts an attempt: readings are replayed from the record's start. */
  rewind(): void;
  /** Turns recording off (JSPI mode, or between phases): the imports behave as they always do. */
  end(): void;
  /** How many readings the record holds (for tests). */
  readonly length: number;
}

/** Where an import writes its result, from its arguments: [address, length], or none. */
type OutputOf = (args: readonly unknown[]) => [number, number] | null;

/** The imports whose answers differ from one call to the next, and where each writes its answer. */
const NONDETERMINISTIC: Readonly<Record<string, OutputOf>> = {
  // WASI random_get(buffer, length): os.urandom, uuid4, random's seed, secrets.
  random_get: (args) => [Number(args[0]) >>> 0, Number(args[1]) >>> 0],
  // WASI clock_time_get(clock, precision, out): an i64 of nanoseconds at `out`.
  clock_time_get: (args) => [Number(args[2]) >>> 0, 8],
  // Emscripten's clocks return a double.
  emscripten_date_now: () => null,
  emscripten_get_now: () => null,
};

/**
 * Wraps the nondeterministic imports of the interpreter's wasm module (Emscripten passes the same object as `env`
 * and `wasi_snapshot_preview1`: each function is wrapped once). `memory` gives the interpreter's current bytes.
 */
export function recordNondeterministicImports(
  imports: WasmImports,
  memory: () => Uint8Array | null,
): ReplayTape {
  let recording = false;
  let record: Reading[] = [];
  let cursor = 0;
  const wrapped = new Set<unknown>();

  for (const table of new Set(Object.values(imports))) {
    for (const [name, outputOf] of Object.entries(NONDETERMINISTIC)) {
      const original = table[name] as ImportFunction | undefined;
      if (typeof original !== 'function' || wrapped.has(original)) continue;
      const replaying = (...args: never[]): unknown => {
        if (!recording) return original(...args);
        const output = outputOf(args);
        if (cursor < record.length) {
          const reading = record[cursor++]!;
          if (reading.written && output) memory()?.set(reading.written.bytes, output[0]);
          return reading.result;
        }
        const result = original(...args);
        const heap = memory();
        const reading: Reading = { result };
        if (output && heap) {
          const [address, length] = output;
          reading.written = { bytes: heap.slice(address, address + length) };
        }
        record.push(reading);
        cursor = record.length;
        return result;
      };
      // Emscripten reads a function's wasm signature from `sig` when it builds its function table.
      table[name] = Object.assign(replaying, { sig: original.sig });
      wrapped.add(table[name]);
    }
  }

  return {
    begin() {
      record = [];
      cursor = 0;
      recording = true;
    },
    rewind() {
      cursor = 0;
    },
    end() {
      recording = false;
      record = [];
      cursor = 0;
    },
    get length() {
      return record.length;
    },
  };
}
