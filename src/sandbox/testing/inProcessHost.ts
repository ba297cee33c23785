/**
 * createInProcessHost: an EnvironmentHost that runs the sandbox's own worker host and Node.js runtime inside the
 * current process (Node.js, vitest) with the real sucrase transpiler, so the Lambda service's tests can run real
 * handlers without a browser. Messages cross an in-memory channel (structured-cloned, delivered in microtasks),
 * and the same EnvironmentLink as the browser host reads them, so both hosts behave alike.
 *
 * Timers and clocks are looked up when used (defaults: globalThis setTimeout, performance.now, Date.now), so
 * vi.useFakeTimers() works, before or after the host is created; or pass your own (a virtual clock's).
 *
 * What only a real worker gives (use the browser host, e2e, for these): stopping a synchronous infinite loop,
 * isolation of globals (learner code sees Node's globals where the runtime defines none), and unhandled promise
 * rejections (left to the test runner, which reports them).
 */
import { transform } from 'sucrase';
import type {
  AwsCallHandler,
  CodeRuntimeId,
  EnvironmentHost,
  ErrorResponse,
  FunctionLogRecord,
  StreamWrite,
  InitRequest,
  InitResult,
  InvokeRequest,
  InvokeResult,
  StartResult,
} from '../../sim/lambda/host';
import { CompileCache } from '../host/compileCache';
import { bundlesForInit, type BundleSource } from '../sdk/bundleSources';
import { EnvironmentLink } from '../host/environmentLink';
import { createNodeRuntime } from '../runtimes/nodejs/runtime';
import type { Transpile } from '../runtimes/nodejs/loader';
import { isNodeRuntime } from '../runtimes/nodejs/versions';
import type { PyodideLoader } from '../runtimes/python/pyodide';

type PythonRuntimeModule = Pick<
  typeof import('../runtimes/python/runtime'),
  'createPythonRuntime' | 'modelledPythonRuntimeInitMs'
>;
import { applyMutation, type TmpSnapshot } from '../tmp/tmpFs';
import type { RealTimers } from '../worker/scheduler';
import { createWorkerHost, type WorkerHost } from '../worker/workerHost';
import { createMemoryChannel } from './memoryChannel';

export interface InProcessHostOptions {
  timers?: RealTimers;
  now?: () => number;
  epochNow?: () => number;
  transpile?: Transpile;
  /** Pyodide for python3.14 environments (testing/nodePyodide.ts); without it only Node.js runtimes start. */
  pyodide?: PyodideLoader;
  /**
   * The Python runtime module (default: imported when the first Python environment starts). A caller loaded by
   * Vite's `runnerImport` passes it in: that runner's server is closed once the import returns, so a later dynamic
   * import never settles (content:check hung on its first Python block).
   */
  pythonRuntime?: PythonRuntimeModule;
  /**
   * Where the runtime bundles (AWS SDK, Powertools) come from: `testBundleSource()` (src/sandbox/sdk/testing)
   * builds them once and caches them. Without it, a function that imports the SDK fails to load it.
   */
  bundles?: BundleSource;
}

interface Process {
  runtime: CodeRuntimeId;
  worker: WorkerHost;
  link: EnvironmentLink;
}

export interface InProcessHost extends EnvironmentHost {
  /** Environments with a running process. */
  running(): string[];
  dispose(): void;
}

/** Sucrase as the worker's transpiler runs it. */
export const sucraseTranspile: Transpile = (source, mode) =>
  transform(source, {
    transforms: mode === 'typescript' ? ['typescript', 'imports'] : ['imports'],
    production: true,
  }).code;

export function createInProcessHost(options: InProcessHostOptions = {}): InProcessHost {
  const timers: RealTimers = options.timers ?? {
    setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
    clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  };
  const now = options.now ?? (() => performance.now());
  const epochNow = options.epochNow ?? (() => Date.now());
  const transpile = options.transpile ?? sucraseTranspile;
  const processes = new Map<string, Process>();
  const tmp = new Map<string, TmpSnapshot>();
  const logListeners = new Set<(environmentId: string, record: FunctionLogRecord) => void>();
  const crashListeners = new Set<(environmentId: string, error: ErrorResponse) => void>();
  const streamListeners = new Set<(environmentId: string, requestId: string, write: StreamWrite) => void>();
  const compileCache = new CompileCache();
  let awsHandler: AwsCallHandler | null = null;

  function tmpOf(environmentId: string): TmpSnapshot {
    let snapshot = tmp.get(environmentId);
    if (!snapshot) {
      snapshot = { dirs: [], files: [] };
      tmp.set(environmentId, snapshot);
    }
    return snapshot;
  }

  function end(environmentId: string): void {
    const running = processes.get(environmentId);
    if (!running) return;
    processes.delete(environmentId);
    running.link.close();
    running.worker.terminate();
  }

  async function start(environmentId: string, runtime: CodeRuntimeId): Promise<StartResult> {
    const pyodide = options.pyodide;
    const python = runtime === 'python3.14' && pyodide !== undefined;
    if (!isNodeRuntime(runtime) && !python)
      throw new Error(`Coldstart sandbox: ${runtime} does not run in-process`);
    // Loaded only for Python: its sources come through Vite's import.meta.glob, which plain Node (the tsx-run
    // benches) does not have, and a Node.js-only caller should not pay for them.
    const pythonRuntime = python
      ? (options.pythonRuntime ?? (await import('../runtimes/python/runtime')))
      : null;
    end(environmentId);
    const started = now();
    const [workerPort, pagePort] = createMemoryChannel();
    // Learner code's global object; names the runtime does not define fall through to Node's globals.
    const scope: Record<string, unknown> = {};
    const evaluate = (source: string): unknown =>
      // A direct eval inside `with (scope)`: free names in learner code resolve on `scope` first.
      new Function('scope', 'source', 'with (scope) { return eval(source); }')(scope, source);
    const worker = createWorkerHost({
      boot: { runtime, assets: {} },
      createRuntime: (services, boot) =>
        pythonRuntime && pyodide
          ? pythonRuntime.createPythonRuntime(services, boot, { load: pyodide, mode: 'replay' })
          : createNodeRuntime(services, boot, {
              scope,
              evaluate,
              transpiler: () => transpile,
              crypto: globalThis.crypto,
            }),
      postToFrame: (event) => {
        if (event.t === 'fs') applyMutation(tmpOf(environmentId), event.mutation);
        // `exit`: the port reports the death itself (before any frame could); nothing is left to terminate.
      },
      now,
      epochNow,
      timers,
      defer: (task) => queueMicrotask(task),
    });
    const link = new EnvironmentLink(pagePort, {
      environmentId,
      onLog: (record) => {
        for (const listener of logListeners) listener(environmentId, record);
      },
      onCrash: (error) => {
        for (const listener of crashListeners) listener(environmentId, error);
      },
      onStream: (requestId, write) => {
        for (const listener of streamListeners) listener(environmentId, requestId, write);
      },
      awsHandler: () => awsHandler,
      compiledFor: (request) => compileCache.lookup(request),
      rememberCompiled: (request, compiled) => compileCache.remember(request, compiled),
      ...(options.bundles
        ? { bundlesFor: (request: InitRequest) => bundlesForInit(request, options.bundles!) }
        : {}),
      now,
      later: (delayMs, work) => timers.setTimeout(work, delayMs),
    });
    processes.set(environmentId, { runtime, worker, link });
    worker.attach(workerPort, structuredClone(tmpOf(environmentId)));
    await worker.ready;
    // Python: the interpreter's boot is the sandbox starting; Lambda's runtime init is modelled.
    return { runtimeInitMs: pythonRuntime ? pythonRuntime.modelledPythonRuntimeInitMs() : now() - started };
  }

  function processOf(environmentId: string): Process | undefined {
    return processes.get(environmentId);
  }

  return {
    start,
    async init(environmentId: string, request: InitRequest): Promise<InitResult> {
      const running = processOf(environmentId);
      if (!running)
        return {
          ok: false,
          durationMs: 0,
          error: {
            errorType: 'Sandbox.InvalidState',
            errorMessage: `environment ${environmentId} is not started`,
            trace: [],
          },
        };
      if (request.runtime !== running.runtime)
        return {
          ok: false,
          durationMs: 0,
          error: {
            errorType: 'Sandbox.InvalidState',
            errorMessage: `environment ${environmentId} runs ${running.runtime}, not ${request.runtime}`,
            trace: [],
          },
        };
      return running.link.init(request);
    },
    async invoke(environmentId: string, request: InvokeRequest): Promise<InvokeResult> {
      const running = processOf(environmentId);
      if (!running)
        return {
          outcome: 'crash',
          durationMs: 0,
          maxMemoryUsedMb: 0,
          error: {
            errorType: 'Sandbox.InvalidState',
            errorMessage: `environment ${environmentId} is not started`,
            trace: [],
          },
        };
      return running.link.invoke(request);
    },
    async stop(environmentId, { keepTmp }) {
      end(environmentId);
      if (!keepTmp) tmp.delete(environmentId);
    },
    onLog(listener) {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    onCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
    onStream(listener) {
      streamListeners.add(listener);
      return () => streamListeners.delete(listener);
    },
    async tmp(environmentId) {
      const snapshot = tmp.get(environmentId);
      return snapshot ? snapshot.files.map((file) => ({ path: file.path, size: file.data.byteLength })) : [];
    },
    setAwsHandler(handler) {
      awsHandler = handler;
    },
    running: () => [...processes.keys()].filter((id) => !processes.get(id)?.link.isDead),
    dispose() {
      for (const id of [...processes.keys()]) end(id);
      tmp.clear();
      logListeners.clear();
      crashListeners.clear();
      streamListeners.clear();
    },
  };
}
