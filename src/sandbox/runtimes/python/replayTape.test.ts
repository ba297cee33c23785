import { describe, expect, it } from 'vitest';
import { recordNondeterministicImports } from './replayTape';
import type { WasmImports } from './pyodide';

/** Fake imports with Emscripten's shape: one object as both `env` and `wasi_snapshot_preview1`. */
function fakeInterpreter() {
  const memory = new Uint8Array(64);
  let entropy = 0;
  let now = 1000;
  const table: Record<string, unknown> = {
    random_get: Object.assign(
      (address: number, length: number) => {
        for (let index = 0; index < length; index++) memory[address + index] = ++entropy & 0xff;
        return 0;
      },
      { sig: 'iii' },
    ),
    emscripten_date_now: () => (now += 7),
    other: () => 'untouched',
  };
  const imports: WasmImports = { env: table, wasi_snapshot_preview1: table };
  const tape = recordNondeterministicImports(imports, () => memory);
  const call = (name: string, ...args: number[]) =>
    (table[name] as (...values: number[]) => unknown)(...args);
  return { memory, tape, call, table };
}

describe('the replay tape', () => {
  it('gives a rewound attempt the random bytes and clock readings of the first, then live values', () => {
    const { memory, tape, call } = fakeInterpreter();
    tape.begin();
    call('random_get', 8, 4);
    const firstBytes = [...memory.subarray(8, 12)];
    const firstTime = call('emscripten_date_now');
    memory.fill(0);
    tape.rewind();
    call('random_get', 8, 4);
    expect([...memory.subarray(8, 12)]).toEqual(firstBytes);
    expect(call('emscripten_date_now')).toBe(firstTime);
    // Past the record: a new reading, taken live and recorded for the next attempt.
    const later = call('emscripten_date_now') as number;
    expect(later).toBeGreaterThan(firstTime as number);
    expect(tape.length).toBe(3);
    tape.end();
    expect(call('emscripten_date_now')).toBeGreaterThan(later);
  });

  it('wraps each import once, keeps its wasm signature, and leaves the others alone', () => {
    const { table, tape, call } = fakeInterpreter();
    expect((table.random_get as { sig?: string }).sig).toBe('iii');
    expect(call('other')).toBe('untouched');
    tape.begin();
    call('random_get', 0, 2);
    // env and wasi_snapshot_preview1 are one object: a call is recorded once, not twice.
    expect(tape.length).toBe(1);
  });
});
