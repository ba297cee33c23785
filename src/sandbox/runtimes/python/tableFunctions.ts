/**
 * Emscripten's dynamic linker gives every JavaScript function whose address the interpreter takes (its `GOT.func`
 * imports: 280 in Pyodide 314, WebGL and console functions) a slot in the wasm function table once the module is
 * instantiated. A table holds only wasm functions, so it wraps each one in a wasm module of its own, compiled
 * there and then: 280 synchronous compilations in every new worker, a tenth of a restore's CPU.
 *
 * `wrapTableFunctions` makes the same wrappers in one module, after instantiation (the interpreter's own imports
 * stay the JavaScript functions) and before the linker runs: it then finds wasm functions and puts them in the
 * table as they are. Each wrapper has the type Emscripten's wrapper would have (from the same `sig`), slots are
 * handed out in the same order, and one function known under two names gets one wrapper, as it got one slot.
 */

type Imports = Record<string, Record<string, unknown>>;

const TYPE_CODES: Readonly<Record<string, number>> = { i: 0x7f, p: 0x7f, j: 0x7e, f: 0x7d, d: 0x7c, e: 0x6f };

function leb(out: number[], value: number): void {
  let rest = value >>> 0;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    out.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
}

function name(out: number[], text: string): void {
  const bytes = new TextEncoder().encode(text);
  leb(out, bytes.length);
  out.push(...bytes);
}

function section(out: number[], id: number, body: number[]): void {
  out.push(id);
  leb(out, body.length);
  for (const byte of body) out.push(byte);
}

/** A function signature as Emscripten writes it (`vii`: no result, two i32), or null if it has other letters. */
function typeOf(sig: string): { params: number[]; results: number[] } | null {
  if (sig.length === 0) return null;
  const codes = [...sig].map((letter, index) => (index === 0 && letter === 'v' ? -1 : TYPE_CODES[letter]));
  if (codes.some((code) => code === undefined)) return null;
  const [result, ...params] = codes as number[];
  return { params, results: result === -1 ? [] : [result as number] };
}

/** A module importing `sigs.length` functions and exporting a wasm function calling each (`f0`, `f1`, …). */
export function wrapperModuleBytes(sigs: readonly string[]): Uint8Array {
  const types = new Map<string, number>();
  const typeBody: number[] = [];
  const typeIndex = sigs.map((sig) => {
    const known = types.get(sig);
    if (known !== undefined) return known;
    const type = typeOf(sig);
    if (!type) throw new Error(`unsupported signature ${sig}`);
    typeBody.push(0x60);
    leb(typeBody, type.params.length);
    typeBody.push(...type.params);
    leb(typeBody, type.results.length);
    typeBody.push(...type.results);
    types.set(sig, types.size);
    return types.size - 1;
  });
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const typeSection: number[] = [];
  leb(typeSection, types.size);
  typeSection.push(...typeBody);
  section(out, 1, typeSection);
  const imports: number[] = [];
  leb(imports, sigs.length);
  typeIndex.forEach((type, index) => {
    name(imports, 'e');
    name(imports, `f${index}`);
    imports.push(0x00);
    leb(imports, type);
  });
  section(out, 2, imports);
  const functions: number[] = [];
  leb(functions, sigs.length);
  for (const type of typeIndex) leb(functions, type);
  section(out, 3, functions);
  const exports: number[] = [];
  leb(exports, sigs.length);
  sigs.forEach((_sig, index) => {
    name(exports, `f${index}`);
    exports.push(0x00);
    leb(exports, sigs.length + index);
  });
  section(out, 7, exports);
  const code: number[] = [];
  leb(code, sigs.length);
  sigs.forEach((sig, index) => {
    const body: number[] = [0x00];
    const params = (typeOf(sig) as { params: number[] }).params.length;
    for (let param = 0; param < params; param++) {
      body.push(0x20);
      leb(body, param);
    }
    body.push(0x10);
    leb(body, index);
    body.push(0x0b);
    leb(code, body.length);
    code.push(...body);
  });
  section(out, 10, code);
  return Uint8Array.from(out);
}

/**
 * Replaces, in the interpreter's `env` imports, each JavaScript function the dynamic linker will put in the
 * table with its wasm wrapper (`instance`: the interpreter's, once instantiated). Returns how many functions
 * were wrapped (0 when there is nothing to do).
 */
export function wrapTableFunctions(
  module: WebAssembly.Module,
  imports: Imports,
  instance?: WebAssembly.Instance,
): number {
  const env = imports.env;
  if (!env) return 0;
  // The instance's exports answer "is it exported" without listing the module's 8,000 exports.
  const exports = instance?.exports;
  const exported = exports
    ? { has: (symbol: string) => symbol in exports }
    : new Set(WebAssembly.Module.exports(module).map((entry) => entry.name));
  const wanted: Array<{ symbol: string; target: (...args: never[]) => unknown }> = [];
  const unique = new Map<unknown, number>();
  const sigs: string[] = [];
  const targets: Array<(...args: never[]) => unknown> = [];
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.module !== 'GOT.func' || exported.has(entry.name)) continue;
    const target = env[entry.name] as ((...args: never[]) => unknown) & { sig?: unknown };
    if (typeof target !== 'function' || typeof target.sig !== 'string' || !typeOf(target.sig)) continue;
    wanted.push({ symbol: entry.name, target });
    if (!unique.has(target)) {
      unique.set(target, targets.length);
      targets.push(target);
      sigs.push(target.sig);
    }
  }
  if (targets.length === 0) return 0;
  const wrapperInstance = new WebAssembly.Instance(
    new WebAssembly.Module(wrapperModuleBytes(sigs) as BufferSource),
    { e: Object.fromEntries(targets.map((target, index) => [`f${index}`, target])) },
  );
  const wrappers = wrapperInstance.exports as Record<string, unknown>;
  for (const { symbol, target } of wanted) {
    const index = unique.get(target) as number;
    const wrapper = wrappers[`f${index}`] as { sig?: string };
    wrapper.sig = sigs[index];
    env[symbol] = wrapper;
  }
  return targets.length;
}
