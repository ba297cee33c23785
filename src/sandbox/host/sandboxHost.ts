/**
 * createSandboxHost: the EnvironmentHost that runs learner code for real, in Web Workers inside the page's
 * opaque-origin sandbox iframe (one worker = one environment's process). Every host on a page shares one frame;
 * each host namespaces its environment ids, so two services on one page cannot collide.
 *
 *   start  → the frame gives the environment a booted worker (a spare when one is ready) and the worker end of
 *            a MessageChannel this host created; runtimeInitMs is that worker's measured boot time
 *   init / invoke → straight to the worker on the environment's port (environmentLink.ts), never via the frame
 *   stop   → the frame terminates the worker (this is how a timeout stops `while (true) {}`); /tmp kept or dropped
 */
import { modelledPythonRuntimeInitMs } from '../runtimes/python/initTiming';
import type {
  AwsCallHandler,
  CodeRuntimeId,
  EnvironmentHost,
  ErrorResponse,
  FunctionLogRecord,
  StreamWrite,
  InitResult,
  InvokeResult,
  StartResult,
} from '../../sim/lambda/host';
import { randomToken } from '../limits';
import { SANDBOX_RUNTIMES } from '../runtimes';
import { bundlesForInit } from '../sdk/bundleSources';
import { pageBundleSource } from '../sdk/pageBundles';
import { CompileCache } from './compileCache';
import { EnvironmentLink } from './environmentLink';
import { getSandboxFrame, type SandboxFrame } from './frameClient';

export interface SandboxHost extends EnvironmentHost {
  /** Boot the frame and `runtime`'s spare workers ahead of the first start (e.g. once the editor is up). */
  prepare(runtime: CodeRuntimeId): Promise<void>;
  /**
   * How many booted spare workers of `runtime` the page's frame keeps, and how soon after a start it tops them up
   * (`refillDelayMs`; null: the runtime's own delay). Frame-wide: every host on the page shares the frame's
   * spares. Installs the runtime first; settles once that many spares have booted.
   */
  keepSpares(runtime: CodeRuntimeId, policy: { spares: number; refillDelayMs: number | null }): Promise<void>;
  /** Stop every environment of this host (the shared frame stays for the page's other hosts). */
  dispose(): Promise<void>;
}

export interface SandboxHostOptions {
  /** Defaults to the page's shared frame. */
  frame?: () => Promise<SandboxFrame>;
}

interface Environment {
  runtime: CodeRuntimeId;
  link: EnvironmentLink;
  /**
   * The frame answered this start. Before that, an `env.exited` for the id is the previous process's (the frame
   * reports it before it handles the next `env.start`): a failed init's process exiting while the service
   * already starts its retry must not end the retry.
   */
  started: boolean;
}

/** Page-wide: what any host's inits compiled, for the next environment with the same files. */
const compileCache = new CompileCache();

function invalidState(message: string): ErrorResponse {
  return { errorType: 'Sandbox.InvalidState', errorMessage: message, trace: [] };
}

export function createSandboxHost(options: SandboxHostOptions = {}): SandboxHost {
  const getFrame = options.frame ?? getSandboxFrame;
  const namespace = `h${randomToken().slice(0, 8)}`;
  const environments = new Map<string, Environment>();
  const logListeners = new Set<(environmentId: string, record: FunctionLogRecord) => void>();
  const crashListeners = new Set<(environmentId: string, error: ErrorResponse) => void>();
  const streamListeners = new Set<(environmentId: string, requestId: string, write: StreamWrite) => void>();
  let awsHandler: AwsCallHandler | null = null;
  let frameReady: Promise<SandboxFrame> | null = null;

  const frameId = (environmentId: string) => `${namespace}:${environmentId}`;

  /*
   * Tasks of their own for the links' log slices: a message to ourselves is a new task at once, where a chain of
   * setTimeout(0) is clamped to 4 ms after five levels (a flood applied in slices would mostly wait).
   */
  let taskChannel: MessageChannel | null = null;
  const tasks: Array<() => void> = [];
  function nextTask(work: () => void): void {
    if (!taskChannel) {
      taskChannel = new MessageChannel();
      taskChannel.port1.onmessage = () => tasks.shift()?.();
    }
    tasks.push(work);
    taskChannel.port2.postMessage(null);
  }

  function frame(): Promise<SandboxFrame> {
    if (!frameReady) {
      frameReady = getFrame().then((ready) => {
        ready.onExited((id, error) => {
          if (!id.startsWith(`${namespace}:`)) return;
          const environment = environments.get(id.slice(namespace.length + 1));
          if (environment?.started) environment.link.processExited(error);
        });
        return ready;
      });
      frameReady.catch(() => (frameReady = null));
    }
    return frameReady;
  }

  function detach(environmentId: string): void {
    const environment = environments.get(environmentId);
    if (!environment) return;
    environments.delete(environmentId);
    environment.link.close();
  }

  async function start(environmentId: string, runtime: CodeRuntimeId): Promise<StartResult> {
    if (!SANDBOX_RUNTIMES[runtime]?.available)
      throw new Error(`Coldstart sandbox: the ${runtime} runtime is not available yet`);
    const ready = await frame();
    await ready.install(runtime);
    detach(environmentId);
    const channel = new MessageChannel();
    const link = new EnvironmentLink(channel.port2, {
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
      bundlesFor: (request) => bundlesForInit(request, pageBundleSource()),
      now: () => performance.now(),
      later: (delayMs, work) => setTimeout(work, delayMs),
      nextTask,
    });
    const environment: Environment = { runtime, link, started: false };
    environments.set(environmentId, environment);
    const reply = await ready.request({ type: 'env.start', envId: frameId(environmentId), runtime }, [
      channel.port1,
    ]);
    if (!reply.ok) {
      if (environments.get(environmentId)?.link === link) detach(environmentId);
      throw new Error(`Coldstart sandbox: ${reply.error.errorMessage}`);
    }
    environment.started = true;
    // Python: Pyodide's boot is the sandbox starting, not Lambda's runtime init, which is modelled.
    if (SANDBOX_RUNTIMES[runtime].family === 'python')
      return { runtimeInitMs: modelledPythonRuntimeInitMs() };
    return { runtimeInitMs: 'bootMs' in reply ? reply.bootMs : 0 };
  }

  async function stop(environmentId: string, { keepTmp }: { keepTmp: boolean }): Promise<void> {
    detach(environmentId);
    const ready = await frame();
    await ready.request({ type: 'env.stop', envId: frameId(environmentId), keepTmp });
  }

  return {
    start,
    async init(environmentId, request): Promise<InitResult> {
      const environment = environments.get(environmentId);
      if (!environment)
        return {
          ok: false,
          durationMs: 0,
          error: invalidState(`environment ${environmentId} is not started`),
        };
      if (environment.runtime !== request.runtime)
        return {
          ok: false,
          durationMs: 0,
          error: invalidState(
            `environment ${environmentId} runs ${environment.runtime}, not ${request.runtime}`,
          ),
        };
      return environment.link.init(request);
    },
    invoke(environmentId, request): Promise<InvokeResult> {
      const environment = environments.get(environmentId);
      if (!environment)
        return Promise.resolve({
          outcome: 'crash',
          error: invalidState(`environment ${environmentId} is not started`),
          durationMs: 0,
          maxMemoryUsedMb: 0,
        });
      return environment.link.invoke(request);
    },
    stop,
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
      const ready = await frame();
      const reply = await ready.request({ type: 'env.tmp', envId: frameId(environmentId) });
      return reply.ok && 'files' in reply ? reply.files : [];
    },
    setAwsHandler(handler) {
      awsHandler = handler;
    },
    async prepare(runtime) {
      const ready = await frame();
      await ready.install(runtime);
    },
    async keepSpares(runtime, policy) {
      const ready = await frame();
      await ready.install(runtime);
      const reply = await ready.request({ type: 'runtime.spares', runtime, ...policy });
      if (!reply.ok) throw new Error(reply.error.errorMessage);
    },
    async dispose() {
      const ids = [...environments.keys()];
      await Promise.all(ids.map((id) => stop(id, { keepTmp: false })));
      logListeners.clear();
      crashListeners.clear();
      streamListeners.clear();
    },
  };
}
