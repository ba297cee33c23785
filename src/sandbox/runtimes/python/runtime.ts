/**
 * createPythonRuntime: the python3.14 runtime behind `RuntimeModule`. Pyodide is booted once per worker (the
 * sandbox starting): the page's first worker boots in full and takes a memory snapshot after importing the
 * runtime's modules (`load.snapshots` keeps it: the frame in the browser, the loader in Node), and every later
 * worker restores that snapshot instead of booting. The runtime's Python side (py/var/runtime/bootstrap.py) finds the handler, builds the context,
 * preconfigures logging and shapes errors. This file moves data between the two: files into Pyodide's file system,
 * log records out, AWS calls out and their answers back in.
 *
 * AWS calls look synchronous to Python, as in boto3. Two ways, chosen at boot (`mode`):
 * - 'jspi': JavaScript Promise Integration (WebAssembly.Suspending, current Chromium). The handler runs through
 *   `callPromising`, and botocore's transport suspends the interpreter on `run_sync` until the answer arrives.
 * - 'replay' (browsers without JSPI, and Node.js in the course's tests): a call whose answer is not known yet ends
 *   the attempt; the runtime puts the interpreter's memory and /tmp back as they were when the phase began, sends
 *   the request, and runs the phase again, answering the calls it already made from the record. The account sees
 *   each request once, learners see one run (their log lines are kept only from the attempt that finishes).
 *   Random bytes and clock readings are replayed too (replayTape.ts), so every attempt takes the same path.
 */
import type { AwsCallRequest, ErrorResponse, FunctionLogRecord } from '../../../sim/lambda/host';
import type {
  HandlerOutcome,
  RuntimeBoot,
  RuntimeInitRequest,
  RuntimeInitResult,
  RuntimeInvokeRequest,
  RuntimeModule,
  RuntimeServices,
} from '../../worker/runtimeModule';
export { modelledPythonRuntimeInitMs } from './initTiming';
import { PYTHON_PATH, TASK_ROOT, pythonEnvironment } from './environment';
import { PythonFileSystem } from './fileSystem';
import type { MemorySnapshot, PyCallable, PyodideLoader, WasmImports } from './pyodide';
import { RUNTIME_DIR, RUNTIME_PYTHON_FILES, RUNTIME_SITE_PACKAGES } from './pythonSources';
import {
  engineTrampoline,
  ensureRunSyncSuspends,
  restoreTrampoline,
  type TrampolineModule,
} from './jspiRestore';
import { prepareSnapshotState } from './snapshot';
import { markBoot } from './bootMarks';
import { recordNondeterministicImports, type ReplayTape } from './replayTape';

export type AwsCallMode = 'jspi' | 'replay';

export interface PythonRuntimeOptions {
  load: PyodideLoader;
  mode: AwsCallMode;
}

/** Whether this JavaScript engine has JSPI (WebAssembly.Suspending and WebAssembly.promising). */
export function hasJspi(): boolean {
  const wasm = WebAssembly as unknown as Record<string, unknown>;
  return typeof wasm.Suspending === 'function' && typeof wasm.promising === 'function';
}

const PYTHON_LEVELS: Readonly<Record<string, FunctionLogRecord['level']>> = {
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARNING: 'WARN',
  WARN: 'WARN',
  ERROR: 'ERROR',
  CRITICAL: 'FATAL',
  FATAL: 'FATAL',
};

interface PythonError {
  errorMessage: string;
  errorType: string;
  stackTrace?: string[];
}

interface PhaseAnswer {
  ok?: boolean;
  payload?: string;
  error?: PythonError;
  syntax?: { line: number; column: number; message: string; file?: string };
  exit?: { errorType: string; errorMessage: string };
  pending?: boolean;
}

function errorResponse(error: PythonError): ErrorResponse {
  return { errorType: error.errorType, errorMessage: error.errorMessage, trace: error.stackTrace ?? [] };
}

/** The text Python's transport reads: `ok\n<status>\n<headers JSON>\n<body as latin-1>` or `error\n<name>\n<message>`. */
function encodeReply(reply: {
  response?: { statusCode: number; headers: Record<string, string>; body: Uint8Array };
  error?: Error;
}): string {
  if (!reply.response) return `error\n${reply.error?.name ?? 'Error'}\n${reply.error?.message ?? ''}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.response.headers)) headers[name.toLowerCase()] = value;
  return `ok\n${reply.response.statusCode}\n${JSON.stringify(headers)}\n${latin1(reply.response.body)}`;
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 0x8000)
    text += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return text;
}

function fromLatin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index) & 0xff;
  return bytes;
}

function awsRequestOf(requestJson: string, body: string): AwsCallRequest {
  const parsed = JSON.parse(requestJson) as Omit<AwsCallRequest, 'body'>;
  return { ...parsed, body: fromLatin1(body) };
}

export async function createPythonRuntime(
  services: RuntimeServices,
  boot: RuntimeBoot,
  options: PythonRuntimeOptions,
): Promise<RuntimeModule> {
  void boot;
  const mode = options.mode;
  let memoryHighWaterBytes = 0;
  let memoryLimitBytes = Number.POSITIVE_INFINITY;
  let heap: (() => Uint8Array) | null = null;
  let logBuffer: FunctionLogRecord[] | null = null;
  let tape: ReplayTape | null = null;

  function emit(record: FunctionLogRecord): void {
    if (logBuffer) logBuffer.push(record);
    else services.log(record);
  }

  function wrapImports(imports: WasmImports): void {
    if (mode === 'replay') tape = recordNondeterministicImports(imports, () => heap?.() ?? null);
    // Memory growth past the function's memory size fails, as Lambda's process would be killed: Python sees a
    // MemoryError (the runtime reports Runtime.OutOfMemory) and the page is unharmed.
    for (const table of Object.values(imports)) {
      const resize = table.emscripten_resize_heap as ((requested: number) => number) | undefined;
      if (typeof resize !== 'function') continue;
      const limited = (requested: number): number => {
        if (requested >>> 0 > memoryLimitBytes) return 0;
        return resize(requested);
      };
      // Emscripten reads a function's wasm signature from `sig` when it builds its function table.
      table.emscripten_resize_heap = Object.assign(limited, { sig: (resize as { sig?: string }).sig });
    }
  }

  // The trampoline this engine chose before a snapshot overwrote it (jspiRestore.ts); the Node.js test loaders
  // do not report it (they restore snapshots made by the same engine).
  let trampoline: number | null = null;
  function created(module: unknown): void {
    trampoline = engineTrampoline(module as TrampolineModule);
  }

  const keeper = options.load.snapshots;
  let restoring = keeper?.snapshot();
  const bootRequest = (snapshot: MemorySnapshot | undefined) => ({
    makeSnapshot: !snapshot && keeper !== undefined,
    ...(snapshot ? { snapshot } : {}),
    wrapImports,
    created,
    stdout: (line: string) => emit({ time: services.epochNow(), level: null, message: line }),
    stderr: (line: string) => emit({ time: services.epochNow(), level: null, message: line }),
  });
  /** Boots (or restores) and puts the runtime's files in place; a restored interpreter must answer from Python. */
  async function bootInterpreter(snapshot: MemorySnapshot | undefined) {
    const booted = await options.load(bootRequest(snapshot));
    markBoot('pyodide-loaded');
    const files = new PythonFileSystem(booted.FS, booted._module.ERRNO_CODES);
    // Emscripten's files live in JavaScript, outside the memory a snapshot holds: written at every boot.
    files.writeFiles('/', RUNTIME_PYTHON_FILES);
    markBoot('files-written');
    if (snapshot) {
      if (
        trampoline !== null &&
        !restoreTrampoline(booted._module as unknown as TrampolineModule, trampoline)
      )
        throw new Error("Coldstart runtime: the restored snapshot's trampoline cannot be set");
      // Every environment restored from one snapshot would draw the same random numbers: reseed from urandom.
      const ready = booted.runPython(
        `import sys\nif "random" in sys.modules: sys.modules["random"].seed()\n"bootstrap" in sys.modules`,
      );
      if (ready !== true) throw new Error('Coldstart runtime: the snapshot holds no bootstrap');
      markBoot('reseeded');
      // A snapshot made without JSPI (the build's, in Node.js) holds Pyodide's non-suspending run_sync
      // (jspiRestore.ts); boto3 needs the suspending one here.
      if (mode === 'jspi' && !ensureRunSyncSuspends(booted))
        throw new Error('Coldstart runtime: run_sync cannot suspend in the restored snapshot');
      markBoot('run-sync-checked');
    }
    return { booted, files };
  }
  let interpreter: Awaited<ReturnType<typeof bootInterpreter>>;
  try {
    interpreter = await bootInterpreter(restoring);
  } catch (error) {
    // A snapshot Pyodide refuses (another wasm build: its build id differs) or one that does not come back as
    // the runtime's interpreter is not fatal: boot in full (which takes a snapshot of its own).
    if (!restoring) throw error;
    restoring = undefined;
    interpreter = await bootInterpreter(undefined);
  }
  const pyodide = interpreter.booted;
  const fileSystem = interpreter.files;
  heap = () => pyodide._module.HEAPU8;
  if (!restoring) {
    prepareSnapshotState(pyodide, RUNTIME_DIR, RUNTIME_SITE_PACKAGES);
    // Taken before the bridge below is registered: a snapshot may hold no reference to a JavaScript object.
    if (keeper) keeper.keep(pyodide.makeMemorySnapshot());
  }

  // Replay mode: the answers of this phase's calls so far, in order, and the call that must be sent next.
  let replayAnswers: string[] = [];
  let replayCursor = 0;
  let replayNeeded: AwsCallRequest | null = null;

  pyodide.registerJsModule('_coldstart_bridge', {
    mode,
    log(level: string | null, message: string, fields?: string | null) {
      const record: FunctionLogRecord = {
        time: services.epochNow(),
        level: level === null || level === undefined ? null : (PYTHON_LEVELS[level] ?? 'INFO'),
        message,
      };
      if (typeof fields === 'string') {
        const parsed = JSON.parse(fields) as Record<string, unknown>;
        delete parsed.requestId;
        record.fields = { message, ...parsed };
      }
      emit(record);
    },
    aws(requestJson: string, body: string): Promise<string> {
      return services.aws(awsRequestOf(requestJson, body)).then(
        (response) => encodeReply({ response }),
        (error: Error) => encodeReply({ error }),
      );
    },
    // undefined, not null: Pyodide turns undefined into None (null would be a JsNull).
    aws_now(requestJson: string, body: string): string | undefined {
      if (replayCursor < replayAnswers.length) return replayAnswers[replayCursor++];
      replayNeeded = awsRequestOf(requestJson, body);
      return undefined;
    },
  });
  markBoot('bridge-registered');
  const bootstrap = pyodide.pyimport('bootstrap');
  markBoot('bootstrap-imported');
  const configure = bootstrap.configure as PyCallable;
  const load = bootstrap.load as PyCallable;
  const invokePython = bootstrap.invoke as PyCallable;

  /**
   * The interpreter's real high-water mark: its static data and stack (below malloc's heap) plus the most malloc
   * ever held. The wasm memory only grows, in steps, so its size overstates use; dlmalloc's peak does not, and
   * like Lambda's Max Memory Used it never goes down while the environment lives.
   */
  function usedBytes(): number {
    const module = pyodide._module;
    const base = module.___heap_base;
    const heapBase = typeof base === 'number' ? base : Number(base?.value ?? Number.NaN);
    const peak = module._malloc_max_footprint?.();
    if (peak === undefined || !Number.isFinite(heapBase)) return heap?.().byteLength ?? 0;
    return heapBase + peak;
  }

  function measure(): void {
    const size = usedBytes();
    if (size > memoryHighWaterBytes) memoryHighWaterBytes = size;
  }

  /** Runs one phase (load or invoke) to its answer, the way `mode` makes AWS calls wait. */
  async function runPhase(phase: PyCallable, argument?: string): Promise<PhaseAnswer> {
    const args = argument === undefined ? [] : [argument];
    if (mode === 'jspi') {
      const text = (await phase.callPromising(...args)) as string;
      measure();
      return JSON.parse(text) as PhaseAnswer;
    }
    replayAnswers = [];
    replayCursor = 0;
    const memory = heap?.().slice() ?? new Uint8Array(0);
    const tmp = fileSystem.checkpoint();
    fileSystem.hold();
    tape?.begin();
    try {
      for (;;) {
        replayCursor = 0;
        tape?.rewind();
        replayNeeded = null;
        logBuffer = [];
        const answer = JSON.parse(phase(...args) as string) as PhaseAnswer;
        measure();
        if (!answer.pending) {
          const records = logBuffer;
          logBuffer = null;
          fileSystem.release(true);
          for (const record of records) services.log(record);
          return answer;
        }
        const needed = replayNeeded as AwsCallRequest | null;
        if (!needed) throw new Error('Coldstart runtime: the replay lost its AWS call');
        // Back to where the phase began: Python's memory (its objects, module state) and /tmp.
        const current = heap?.();
        if (current) {
          current.set(memory);
          current.fill(0, memory.byteLength);
        }
        fileSystem.rollback(tmp);
        fileSystem.release(false);
        fileSystem.hold();
        logBuffer = null;
        const reply = await services.aws(needed).then(
          (response) => encodeReply({ response }),
          (error: Error) => encodeReply({ error }),
        );
        replayAnswers.push(reply);
      }
    } finally {
      logBuffer = null;
      tape?.end();
    }
  }

  return {
    async init(request: RuntimeInitRequest): Promise<RuntimeInitResult> {
      const settings = request.settings;
      memoryLimitBytes = Math.max(settings.memoryMb * 1024 * 1024, heap?.().byteLength ?? 0);
      fileSystem.writeFiles(TASK_ROOT, request.files);
      fileSystem.writeLayers(request.layers);
      fileSystem.startEnvironment(
        request.tmp,
        settings.ephemeralStorageMb * 1024 * 1024,
        request.onTmpMutation,
      );
      configure(
        JSON.stringify({
          environ: pythonEnvironment(settings),
          path: PYTHON_PATH,
          taskRoot: TASK_ROOT,
          handler: settings.handler,
          logFormat: settings.logFormat,
          logLevel: settings.logFormat === 'JSON' ? settings.applicationLogLevel : '',
        }),
      );
      const answer = await runPhase(load);
      fileSystem.flush();
      if (answer.exit) {
        services.exit({ ...answer.exit, trace: [] });
        return { ok: false, error: { ...answer.exit, trace: [] } };
      }
      if (answer.ok) return { ok: true };
      const error = errorResponse(answer.error ?? { errorType: 'Runtime.Unknown', errorMessage: '' });
      return answer.syntax ? { ok: false, error, syntax: answer.syntax } : { ok: false, error };
    },
    invoke(request: RuntimeInvokeRequest, complete: (outcome: HandlerOutcome) => void): void {
      const payload = JSON.stringify({
        requestId: request.requestId,
        event: request.event,
        deadline: request.deadline,
        invokedFunctionArn: request.invokedFunctionArn,
        traceId: request.traceId,
        clientContext: request.clientContext ?? null,
      });
      runPhase(invokePython, payload).then(
        (answer) => {
          fileSystem.flush();
          if (answer.exit) services.exit({ ...answer.exit, trace: [] });
          else if (answer.ok) complete({ kind: 'payload', payload: answer.payload ?? 'null' });
          else if (answer.error?.errorType === 'Runtime.OutOfMemory')
            services.exit(errorResponse(answer.error));
          else
            complete({
              kind: 'error',
              error: errorResponse(answer.error ?? { errorType: 'Runtime.Unknown', errorMessage: '' }),
            });
        },
        (error: unknown) => {
          services.exit({
            errorType: 'Runtime.Unknown',
            errorMessage: error instanceof Error ? error.message : String(error),
            trace: [],
          });
        },
      );
    },
    uncaught(error: unknown): ErrorResponse {
      const message = error instanceof Error ? error.message : String(error);
      emit({ time: services.epochNow(), level: null, message: `[ERROR] Runtime.Unknown: ${message}` });
      return { errorType: 'Runtime.Unknown', errorMessage: message, trace: [] };
    },
    maxMemoryUsedMb(): number {
      measure();
      return memoryHighWaterBytes / (1024 * 1024);
    },
  };
}
