/**
 * How a worker boots Pyodide from the files the page handed over (pyodide.ts has the types and the options the
 * build's Node.js boot shares; this part is the browser's only).
 */
import { markBoot } from './bootMarks';
import {
  STDLIB_ONLY_LOCK,
  UNREACHABLE_PACKAGE_URL,
  VIRTUAL_INDEX_URL,
  instrumentedFactory,
  type PyodideBootRequest,
  type PyodideLoader,
  type PyodideRuntimeApi,
  type PythonBootAssets,
} from './pyodide';
import { imageRestore } from './snapshotImage';
import { wrapTableFunctions } from './tableFunctions';

type CreateModule = (settings: Record<string, unknown>) => Promise<unknown>;
type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideRuntimeApi>;

const FACTORY_START = 'async function _createPyodideModule(';
const FACTORY_END = ';return moduleRtn}export default _createPyodideModule;';

/**
 * pyodide.asm.mjs is one 1.2 MB function. V8 pre-parses a function declaration when the module loads and parses
 * it again, in full, when it is first called: every worker parsed Pyodide's glue twice. As a parenthesised
 * function expression it is compiled once, when the module loads (V8's heuristic for functions called at once).
 * The text is otherwise unchanged; a Pyodide whose file is laid out differently is imported as it is.
 */
export function eagerFactorySource(source: string): string {
  const end = source.lastIndexOf(FACTORY_END);
  if (!source.startsWith(FACTORY_START) || end < 0 || source.indexOf(FACTORY_END) !== end) return source;
  return (
    `var _createPyodideModule=(async function _createPyodideModule(${source.slice(FACTORY_START.length, end)}` +
    `;return moduleRtn});export default _createPyodideModule;${source.slice(end + FACTORY_END.length)}`
  );
}

/** Compiles the interpreter's wasm; from a Blob as a stream, so compiling starts with the first bytes read. */
function compileWasm(wasm: ArrayBuffer | Blob | undefined): Promise<WebAssembly.Module> {
  if (wasm instanceof Blob)
    return WebAssembly.compileStreaming(
      new Response(wasm, { headers: { 'Content-Type': 'application/wasm' } }),
    );
  return WebAssembly.compile(wasm ?? new ArrayBuffer(0));
}

/**
 * Boots Pyodide in a worker from handed-over files. The opaque-origin frame cannot fetch, so Pyodide's own
 * `fetch(indexURL + file)` calls are answered from memory for the two files it asks for (the wasm, the stdlib);
 * anything else is refused. The two scripts are imported from blob URLs this worker makes itself (the CSP allows
 * blob: scripts, nothing remote). `share` hands back what later workers can reuse: the compiled module.
 * Compiling starts when the loader is made, so it overlaps whatever the worker does before booting (unpacking
 * the build's snapshot).
 */
export function browserPyodideLoader(
  assets: PythonBootAssets,
  share: (assets: Record<string, unknown>) => void,
): PyodideLoader {
  const compiling = assets.compiledWasm
    ? Promise.resolve(assets.compiledWasm)
    : compileWasm(assets.wasm).then((compiled) => {
        share({ compiledWasm: compiled });
        return compiled;
      });
  // Awaited by the boot below; a failure surfaces there, not as an unhandled rejection.
  compiling.catch(() => {});
  return async (request: PyodideBootRequest) => {
    const scope = globalThis as unknown as {
      fetch: typeof fetch;
      WebAssembly: typeof WebAssembly;
    };
    const compiled = await compiling;
    markBoot('wasm-compiled');
    const moduleUrl = (text: string) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    const loaderUrl = moduleUrl(assets.loader);
    const factoryUrl = moduleUrl(eagerFactorySource(assets.module));
    const loaderModule = (await import(/* @vite-ignore */ loaderUrl)) as { loadPyodide: LoadPyodide };
    markBoot('loader-imported');
    const factoryModule = (await import(/* @vite-ignore */ factoryUrl)) as { default: CreateModule };
    markBoot('factory-imported');
    URL.revokeObjectURL(loaderUrl);
    URL.revokeObjectURL(factoryUrl);

    const originalFetch = scope.fetch;
    const originalStreaming = WebAssembly.instantiateStreaming;
    const served: Record<string, () => Response> = {
      [`${VIRTUAL_INDEX_URL}python_stdlib.zip`]: () =>
        new Response(assets.stdlib instanceof Blob ? assets.stdlib : assets.stdlib.slice(0)),
      [`${VIRTUAL_INDEX_URL}pyodide.asm.wasm`]: () =>
        new Response(new Uint8Array(0), { headers: { 'Content-Type': 'application/wasm' } }),
    };
    scope.fetch = ((input: RequestInfo | URL) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const answer = served[url];
      if (!answer)
        return Promise.reject(
          new TypeError(`Coldstart sandbox: Pyodide asked for ${url}, which is not bundled`),
        );
      return Promise.resolve(answer());
    }) as typeof fetch;
    // Pyodide instantiates its wasm from the (empty) response above: use the compiled module instead.
    WebAssembly.instantiateStreaming = (async (_source: unknown, imports?: WebAssembly.Imports) => {
      const instance = await WebAssembly.instantiate(compiled, imports);
      markBoot('instantiated');
      return { module: compiled, instance };
    }) as typeof WebAssembly.instantiateStreaming;
    const image = request.snapshot instanceof WebAssembly.Module ? imageRestore(request.snapshot) : null;
    const loadSnapshot = image ? image.loadSnapshot : request.snapshot;
    const created = (module: unknown) => {
      markBoot('module-created');
      request.created?.(module);
      image?.created(module);
    };
    try {
      return await loaderModule.loadPyodide({
        indexURL: VIRTUAL_INDEX_URL,
        packageBaseUrl: UNREACHABLE_PACKAGE_URL,
        lockFileContents: STDLIB_ONLY_LOCK,
        createPyodideModule: instrumentedFactory(
          factoryModule.default,
          request.wrapImports,
          created,
          (imports, module, instance) => wrapTableFunctions(module, imports, instance),
        ),
        env: { HOME: '/home/sbx_user1051' },
        stdout: request.stdout,
        stderr: request.stderr,
        ...(loadSnapshot ? { _loadSnapshot: loadSnapshot } : {}),
        ...(request.makeSnapshot ? { _makeSnapshot: true } : {}),
      });
    } finally {
      scope.fetch = originalFetch;
      WebAssembly.instantiateStreaming = originalStreaming;
    }
  };
}
