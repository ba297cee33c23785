/**
 * The Node.js runtimes (nodejs22.x, nodejs24.x) behind the RuntimeModule interface: a facade over the module
 * loader (loader.ts), Node's globals and `process` (process.ts, builtins/), /tmp (tmp/tmpFs.ts behind
 * builtins/fs.ts), the context object (context.ts), handler calling semantics (handler.ts) and console
 * (console.ts). It is written against injected dependencies (NodeRuntimeDeps), so the same module runs in the
 * worker (nodejs.worker.ts) and in-process in Node.js (testing/inProcessHost.ts).
 */
import type { ErrorResponse } from '../../../sim/lambda/host';
import { TmpFs } from '../../tmp/tmpFs';
import type {
  HandlerOutcome,
  RuntimeBoot,
  RuntimeInitRequest,
  RuntimeInitResult,
  RuntimeInvokeRequest,
  RuntimeModule,
  RuntimeServices,
} from '../../worker/runtimeModule';
import { createBuiltins } from './builtins';
import { Buffer, observeBufferAllocations } from './builtins/core';
import { createConsole } from './console';
import { createContext } from './context';
import { lambdaEnvironment, nodePath, TASK_ROOT } from './environment';
import {
  errorFromResponse,
  formattedError,
  formattedResponse,
  runtimeError,
  serializeResult,
  toErrorResponse,
} from './errors';
import {
  callHandler,
  locateHandler,
  pickHandler,
  unsettledPromiseError,
  type Handler,
  type Settlement,
} from './handler';
import { ModuleLoader, ModuleSyntaxError, type Transpile } from './loader';
import { MemoryMeter, OutOfMemorySignal } from './memory';
import { createProcess, ExitSignal } from './process';
import { createUtcDate } from './utcDate';
import { createAwslambdaGlobal, isStreamingHandler, ResponseStream } from './streaming';
import { outOfMemoryError } from '../../limits';
import { createRuntimeBundles } from './runtimeBundles';
import { BUNDLE_MODULE, runtimeSdkFiles } from '../../sdk/packages';
import { isNodeRuntime, NODE_VERSIONS } from './versions';

export interface NodeRuntimeDeps {
  /** The global object learner code sees (the worker's `self`; a plain object in-process). */
  scope: Record<string, unknown>;
  /** Evaluates script text so that it sees `scope` as its global object. */
  evaluate(source: string): unknown;
  /** Sucrase, loaded on first use (a worker evaluates the transpiler asset only then). */
  transpiler(): Transpile;
  crypto: Crypto;
}

/** The runtime's resting size before any code (memory.ts models the rest). */
const BASE_MEMORY_MB = 60;

export async function createNodeRuntime(
  services: RuntimeServices,
  boot: RuntimeBoot,
  deps: NodeRuntimeDeps,
): Promise<RuntimeModule> {
  if (!isNodeRuntime(boot.runtime)) throw new Error(`not a Node.js runtime: ${boot.runtime}`);
  const version = NODE_VERSIONS[boot.runtime];
  const scheduler = services.scheduler;
  const env: Record<string, string | undefined> = {};
  let fs: TmpFs | null = null;
  const meter = new MemoryMeter(BASE_MEMORY_MB, () => services.checkMemory());
  // One runtime per worker; in-process (tests) several share the Buffer class, so each init and invoke
  // points the observer back at its own meter.
  const observe = () => observeBufferAllocations((buffer) => meter.track(buffer));
  observe();
  let handler: Handler | null = null;
  let settings: RuntimeInitRequest['settings'] | null = null;
  let transpile: Transpile | null = null;
  /** The invocation running now: an exit during it names its request id. */
  let currentRequestId: string | undefined;

  const logs = createConsole({
    write: services.log,
    epochNow: services.epochNow,
    now: services.now,
    version,
  });
  const process = createProcess({
    version,
    env,
    now: services.now,
    memoryMb: () => meter.currentMb(),
    arrayBufferBytes: () => meter.arrayBufferBytes(),
    nextTick: (callback, ...args) => builtins.timers.nextTick(callback, ...args),
    raw: logs.raw,
    warn: (message) => logs.console.warn(message),
  });
  const os = {
    tmpdir: () => '/tmp',
    homedir: () => '/home/sbx_user1051',
    hostname: () => '169.254.10.1',
    platform: () => 'linux',
    type: () => 'Linux',
    arch: () => 'x64',
    release: () => '5.10.240-245.959.amzn2.x86_64',
    cpus: () =>
      Array.from({ length: Math.max(2, Math.ceil((settings?.memoryMb ?? 128) / 1769)) }, () => ({
        model: 'vCPU',
        speed: 2500,
      })),
    totalmem: () => (settings?.memoryMb ?? 128) * 1048576,
    freemem: () => Math.max(0, Math.round(((settings?.memoryMb ?? 128) - meter.currentMb()) * 1048576)),
    EOL: '\n',
  };
  const builtins = createBuiltins({
    getFs: () => {
      if (!fs) throw new Error('file system not ready');
      return fs;
    },
    scheduler,
    crypto: deps.crypto,
    cwd: () => TASK_ROOT,
    process,
    os,
    aws: services.aws,
  });
  // The AWS SDK and Powertools: stub files under /var/runtime and /opt load them from bundles (runtimeBundles.ts).
  const runtimeBundles = createRuntimeBundles({
    evaluate: deps.evaluate,
    send: services.aws,
    env,
    builtin: (name) => (Object.hasOwn(builtins.modules, name) ? builtins.modules[name] : undefined),
  });
  builtins.modules[BUNDLE_MODULE] = runtimeBundles.module;

  // Node's globals, on the scope learner code sees, before any of it runs.
  const timers = builtins.timers.timers;
  Object.assign(deps.scope, {
    // TZ=:UTC, as Lambda sets it: local time is UTC in the environment (utcDate.ts).
    Date: createUtcDate(Date),
    console: logs.console,
    process,
    Buffer,
    global: deps.scope,
    setTimeout: timers.setTimeout,
    setInterval: timers.setInterval,
    setImmediate: timers.setImmediate,
    clearTimeout: timers.clearTimeout,
    clearInterval: timers.clearInterval,
    clearImmediate: timers.clearImmediate,
    queueMicrotask: builtins.timers.queueMicrotask,
    // Lambda's Node.js runtimes provide it without an import (response streaming, streaming.ts).
    awslambda: createAwslambdaGlobal(),
  });

  const transpiler: Transpile = (source, mode) => {
    transpile ??= deps.transpiler();
    return transpile(source, mode);
  };

  /** A failure's log line: `Uncaught Exception` (22.x) / `Init Error` (24.x), `Invoke Error`, … */
  function logFailure(label: string, error: unknown): void {
    const value = error instanceof Error ? error : new Error(String(error));
    if (env.AWS_LAMBDA_LOG_FORMAT === 'JSON') logs.console.error(value);
    else logs.console.error(label, formattedError(value));
  }

  function logResponse(label: string, response: ErrorResponse): void {
    if (env.AWS_LAMBDA_LOG_FORMAT === 'JSON') logs.console.error(errorFromResponse(response));
    else logs.console.error(label, formattedResponse(response));
  }

  function exitError(code: number, requestId?: string): ErrorResponse {
    const prefix = requestId ? `RequestId: ${requestId} ` : '';
    return runtimeError(
      'Runtime.ExitError',
      `${prefix}Error: Runtime exited with error: exit status ${code}`,
    );
  }

  async function init(request: RuntimeInitRequest): Promise<RuntimeInitResult> {
    observe();
    settings = request.settings;
    for (const key of Object.keys(env)) delete env[key];
    Object.assign(env, lambdaEnvironment(request.settings, version));
    logs.configure({ format: request.settings.logFormat, minLevel: request.settings.applicationLogLevel });

    runtimeBundles.reset(request.bundles);
    const files = new Map<string, string>(RUNTIME_SDK_FILES);
    for (const layer of request.layers)
      for (const file of layer.files) files.set(`/opt/${file.path}`.replace(/\/+/g, '/'), file.content);
    // Function code wins over a layer file with the same path, as Lambda extracts layers first.
    for (const file of request.files)
      files.set(`${TASK_ROOT}/${file.path}`.replace(/\/+/g, '/'), file.content);
    let codeBytes = 0;
    const encoder = new TextEncoder();
    const readOnly = new Map<string, Uint8Array>();
    for (const [path, content] of files) {
      readOnly.set(path, encoder.encode(content));
      if (!path.startsWith('/var/runtime/')) codeBytes += content.length;
    }
    // Loaded code costs memory (source, compiled functions): about 50 bytes resident per source byte.
    meter.reset(BASE_MEMORY_MB + Math.round(codeBytes / 20000));
    fs = TmpFs.fromSnapshot(
      request.tmp,
      request.settings.ephemeralStorageMb * 1024 * 1024,
      request.onTmpMutation,
      readOnly,
    );

    const loader = new ModuleLoader({
      files,
      builtins: builtins.modules,
      nodePath: nodePath(version),
      evaluate: deps.evaluate,
      transpile: transpiler,
      compiled: request.compiled,
    });
    const fail = (
      error: ErrorResponse,
      extra: Partial<Extract<RuntimeInitResult, { ok: false }>> = {},
    ): RuntimeInitResult => {
      logResponse(version.initErrorLabel, error);
      return { ok: false, error, ...extra };
    };
    const compiled = () =>
      Object.keys(loader.newlyCompiled).length ? { compiled: loader.newlyCompiled } : {};

    const lookup = locateHandler(request.settings.handler, loader);
    if (!lookup.ok) return fail(lookup.error);
    let exported: unknown;
    try {
      exported = (await loader.loadEntry(lookup.filename)).exports;
    } catch (error) {
      if (error instanceof ExitSignal) return { ok: false, error: exitError(error.code) };
      // The host has already ended the process; this answer is never heard.
      if (error instanceof OutOfMemorySignal) return { ok: false, error: outOfMemoryError(undefined) };
      if (error instanceof ModuleSyntaxError || error instanceof SyntaxError) {
        const location = error instanceof ModuleSyntaxError ? error.location : undefined;
        const filename = error instanceof ModuleSyntaxError ? error.filename : lookup.filename;
        const errorMessage = `SyntaxError: ${error.message}`;
        const response: ErrorResponse = {
          errorType: 'Runtime.UserCodeSyntaxError',
          errorMessage,
          trace: [
            `Runtime.UserCodeSyntaxError: ${errorMessage}`,
            `    at ${location ? `${filename}:${location.line}` : filename}`,
          ],
        };
        return fail(response, location ? { syntax: location } : {});
      }
      if ((error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND') {
        // The client wraps the loader's error in its own (`new ImportModuleError(error)`): the trace is that
        // error's stack, the message's lines then the client's frames, not the learner's (checked: scripts/oracle).
        const message = `Error: ${(error as Error).message}`;
        return fail(runtimeError('Runtime.ImportModuleError', message));
      }
      logFailure(version.initErrorLabel, error);
      return { ok: false, error: toErrorResponse(error) };
    }
    const picked = pickHandler(exported, lookup.exportPath, request.settings.handler, version);
    if (!picked.ok) return fail(picked.error);
    handler = picked.handler;
    return { ok: true, ...compiled() };
  }

  function invoke(request: RuntimeInvokeRequest, complete: (outcome: HandlerOutcome) => void): void {
    const active = handler;
    const activeSettings = settings;
    if (!active || !activeSettings) {
      complete({ kind: 'error', error: runtimeError('Runtime.Unknown', 'the function is not initialised') });
      return;
    }
    observe();
    env._X_AMZN_TRACE_ID = request.traceId;
    currentRequestId = request.requestId;
    let event: unknown;
    try {
      event = JSON.parse(request.event);
    } catch {
      event = request.event;
    }
    const settle = (settlement: Settlement): void => {
      currentRequestId = undefined;
      if (!settlement.ok) {
        const error = settlement.error;
        if (error instanceof ExitSignal) return services.exit(exitError(error.code, request.requestId));
        if (error instanceof OutOfMemorySignal) return; // the host ended the process already
        logFailure('Invoke Error', error);
        return complete({ kind: 'error', error: toErrorResponse(error) });
      }
      const serialized = serializeResult(settlement.value);
      if (serialized.ok) return complete({ kind: 'payload', payload: serialized.json });
      // 3.x throws a plain Error from its serialiser; 4.x has its own error type.
      const failure = version.callbackHandlers
        ? new Error('Unable to stringify response body')
        : Object.assign(new Error('Unable to stringify response body'), {
            name: 'Runtime.JSONStringifyError',
          });
      logFailure('Invoke Error', failure);
      complete({
        kind: 'error',
        error: version.callbackHandlers ? toErrorResponse(failure) : serialized.error,
      });
    };
    if (isStreamingHandler(active)) {
      streamInvoke(active, event, activeSettings, request, complete);
      return;
    }
    callHandler({
      version,
      scheduler,
      handler: active,
      event,
      createContext: (callbacks) => createContext(activeSettings, request, services.epochNow, callbacks),
      settle,
      exitUnsettled: () => {
        currentRequestId = undefined;
        services.exit(unsettledPromiseError(request.requestId));
      },
    });
  }

  /**
   * A `streamifyResponse` handler: `handler(event, responseStream, context)`, each write sent to the host as it
   * happens; done when its promise settles (a stream left open is ended then, as the runtime does).
   */
  function streamInvoke(
    active: Handler,
    event: unknown,
    activeSettings: RuntimeInitRequest['settings'],
    request: RuntimeInvokeRequest,
    complete: (outcome: HandlerOutcome) => void,
  ): void {
    const stream = new ResponseStream((bytes, contentType) => services.stream(bytes, contentType));
    const fail = (error: unknown): void => {
      currentRequestId = undefined;
      if (error instanceof ExitSignal) return services.exit(exitError(error.code, request.requestId));
      if (error instanceof OutOfMemorySignal) return;
      logFailure('Invoke Error', error);
      complete({
        kind: 'error',
        error: toErrorResponse(error),
        stream: { contentType: stream.getContentType() },
      });
    };
    const finish = (): void => {
      currentRequestId = undefined;
      complete({ kind: 'stream', contentType: stream.getContentType() });
    };
    let returned: unknown;
    try {
      returned = active(event, stream, createContext(activeSettings, request, services.epochNow));
    } catch (error) {
      fail(error);
      return;
    }
    Promise.resolve(returned).then(() => {
      if (stream.writableFinished) return finish();
      stream.once('finish', finish);
      stream.once('error', fail);
      if (!stream.writableEnded) stream.end();
    }, fail);
  }

  function uncaught(error: unknown, kind: 'exception' | 'rejection'): ErrorResponse {
    if (error instanceof ExitSignal) return exitError(error.code, currentRequestId);
    if (error instanceof OutOfMemorySignal) return outOfMemoryError(currentRequestId);
    if (kind === 'rejection') {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const response = runtimeError('Runtime.UnhandledPromiseRejection', reason, [
        `Runtime.UnhandledPromiseRejection: ${reason}`,
      ]);
      logResponse('Unhandled Promise Rejection', response);
      return response;
    }
    logFailure('Uncaught Exception', error);
    return toErrorResponse(error);
  }

  /**
   * A dry run of one init and one invoke of a trivial CommonJS handler while the worker boots (before any
   * environment owns it): V8 compiles the runtime's own code on first use, and without this a new environment
   * would pay that inside its Init Duration and first invoke (measured: ~4 ms each), although it is not the
   * learner's module. It writes no log record, leaves no timer and no state behind, and sets no timer of its own
   * (so fake timers in tests cannot stall a start): nodejs24.x answers after a timer turn, so there only the
   * invocation's pieces run, not a whole invoke.
   */
  async function warmUp(): Promise<void> {
    const settled = await init({
      files: [
        {
          path: 'index.js',
          content: 'exports.handler = async (event, context) => ({ event, id: context.awsRequestId });',
        },
      ],
      layers: [],
      settings: { ...WARM_UP_SETTINGS, logFormat: 'Text', applicationLogLevel: 'INFO' },
      tmp: { dirs: [], files: [] },
      onTmpMutation: () => {},
      compiled: {},
    });
    const request: RuntimeInvokeRequest = {
      requestId: 'warm-up',
      event: '{"warm":true}',
      remainingMs: 1000,
      invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:warm-up',
      traceId: 'Root=1-00000000-000000000000000000000000',
      deadline: services.epochNow() + 1000,
    };
    if (settled.ok && version.callbackHandlers)
      await new Promise<void>((resolve) => invoke(request, () => resolve()));
    else if (settled.ok && settings) {
      serializeResult(JSON.parse(request.event));
      createContext(settings, request, services.epochNow);
    }
    handler = null;
    settings = null;
    fs = null;
    meter.reset(BASE_MEMORY_MB);
    for (const key of Object.keys(env)) delete env[key];
  }
  await warmUp();

  return {
    init,
    invoke,
    uncaught,
    maxMemoryUsedMb: () => meter.maxUsedMb(),
  };
}

/** The SDK the Node.js runtimes include, as stub files under /var/runtime/node_modules (runtimeBundles.ts). */
const RUNTIME_SDK_FILES = runtimeSdkFiles();

const WARM_UP_SETTINGS = {
  functionName: 'warm-up',
  functionVersion: '$LATEST',
  region: 'us-east-1',
  accountId: '000000000000',
  memoryMb: 128,
  timeoutS: 3,
  ephemeralStorageMb: 512,
  architecture: 'x86_64',
  handler: 'index.handler',
  environment: {},
  initializationType: 'on-demand',
  logGroupName: '/aws/lambda/warm-up',
  logStreamName: 'warm-up',
  tracing: 'PassThrough',
} as const;
