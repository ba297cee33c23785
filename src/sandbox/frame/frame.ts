/**
 * The script of `<iframe sandbox="allow-scripts" srcdoc=…>` (an opaque origin: no access to the course's
 * storage, cookies or DOM), inlined into its document (frame/document.ts). It manages processes only:
 *
 * - runtimes: the page installs each runtime's worker script (as text; the frame cannot fetch) and assets;
 *   the frame makes a blob URL of it and keeps that runtime's number of booted spare workers, classic or module
 *   as the runtime needs (a Python worker boots for seconds: spares hide that from cold starts);
 * - environments: `env.start` gives an environment a spare (or a new worker) and hands it the environment's
 *   port and /tmp; `env.stop` terminates it; a worker that exits or fails is terminated and reported;
 * - /tmp: every environment's /tmp is mirrored here from the worker's mutations, so it survives a reset.
 */
import type { CodeRuntimeId, ErrorResponse } from '../../sim/lambda/host';
import { applyMutation, type TmpSnapshot } from '../tmp/tmpFs';
import type { WorkerCommand, WorkerEvent } from '../worker/protocol';
import { isHostMessage, MAX_SPARES, type FrameMessage, type HostMessage, type ReplyBody } from './protocol';

const channel = document.querySelector('meta[name="coldstart-channel"]')?.getAttribute('content') ?? '';
const parentWindow = window.parent;

interface InstalledRuntime {
  url: string;
  workerType: 'classic' | 'module';
  assets: Record<string, unknown>;
  spares: number;
  pool: Process[];
  /**
   * Python: one worker boots at a time. The first shares its compiled wasm and memory snapshot and the others
   * start after it, from those (restoring takes a fraction of a full boot); and a spare restoring beside an
   * environment's init (boto3's import, the learner's module) slows that init on a 2-core machine, two spares
   * at once twice as much.
   */
  oneAtATime: boolean;
  /**
   * How long after a worker boots or an environment takes one the spares are topped up. Python: long enough
   * for the environment's init and first invokes to run without a spare restoring beside them (their measured
   * Init Duration and invoke times would count that restore's CPU on a 2-core machine).
   */
  refillDelayMs: number;
  /** The runtime's own refill delay (a `runtime.spares` with null puts it back). */
  defaultRefillDelayMs: number;
  /** Workers of this runtime that have not reported `booted` yet. */
  booting: number;
}

/** See `refillDelayMs`: a Python environment's init and first invokes take well under this on a loaded machine. */
const PYTHON_REFILL_DELAY_MS = 3000;

/** What a booting worker may hand to later workers of its runtime (WorkerEvent `share`). */
const SHARED_ASSETS: ReadonlySet<string> = new Set(['compiledWasm', 'snapshot']);

/** One worker: a spare until an environment takes it. */
interface Process {
  worker: Worker;
  runtime: CodeRuntimeId;
  /** Settles with the boot time (ms) once the worker reports `booted`; rejects if it dies first. */
  booted: Promise<number>;
  envId: string | null;
  dead: boolean;
  /** It reported `booted`. */
  ready: boolean;
  /** Counts the worker out of its runtime's booting ones (booted, failed or ended). */
  settle(): void;
}

const runtimes = new Map<CodeRuntimeId, InstalledRuntime>();
const environments = new Map<string, Process>();
const tmp = new Map<string, TmpSnapshot>();

function send(message: FrameMessage): void {
  parentWindow.postMessage(message, '*');
}

function reply(id: number, body: ReplyBody): void {
  send({ channel, type: 'reply', id, body });
}

function tmpOf(envId: string): TmpSnapshot {
  let snapshot = tmp.get(envId);
  if (!snapshot) {
    snapshot = { dirs: [], files: [] };
    tmp.set(envId, snapshot);
  }
  return snapshot;
}

function failure(errorType: string, errorMessage: string): ErrorResponse {
  return { errorType, errorMessage, trace: [] };
}

/** The process is over: terminate its worker and, if an environment owned it, tell the page. */
function end(process: Process, error: ErrorResponse | null): void {
  if (process.dead) return;
  process.dead = true;
  process.settle();
  process.worker.terminate();
  const envId = process.envId;
  if (envId !== null && environments.get(envId) === process) {
    environments.delete(envId);
    if (error) send({ channel, type: 'env.exited', envId, error });
  }
}

function spawn(runtime: CodeRuntimeId, installed: InstalledRuntime): Process {
  const started = performance.now();
  const worker = new Worker(installed.url, { type: installed.workerType, name: `coldstart-${runtime}` });
  let booting = true;
  installed.booting += 1;
  const settle = () => {
    if (!booting) return;
    booting = false;
    installed.booting -= 1;
  };
  let bootedResolve!: (ms: number) => void;
  let bootedReject!: (error: ErrorResponse) => void;
  const process: Process = {
    worker,
    runtime,
    booted: new Promise<number>((resolve, reject) => {
      bootedResolve = resolve;
      bootedReject = reject;
    }),
    envId: null,
    dead: false,
    ready: false,
    settle,
  };
  // A spare that fails before anyone waits on it must not surface as an unhandled rejection.
  process.booted.catch(() => {});
  worker.onmessage = (event: MessageEvent<WorkerEvent>) => {
    const message = event.data;
    switch (message?.t) {
      case 'booted':
        process.ready = true;
        settle();
        bootedResolve(performance.now() - started);
        if (installed.oneAtATime) setTimeout(() => refill(runtime), installed.refillDelayMs);
        return;
      case 'share':
        // Only before `booted` (no learner code has run yet), and the first of each asset wins.
        if (!booting) return;
        for (const [name, value] of Object.entries(message.assets ?? {}))
          if (SHARED_ASSETS.has(name) && !(name in installed.assets)) installed.assets[name] = value;
        return;
      case 'fs':
        if (process.envId !== null) applyMutation(tmpOf(process.envId), message.mutation);
        return;
      case 'exit':
        settle();
        bootedReject(message.error);
        end(process, message.error);
        return;
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const error = failure('Runtime.Unknown', event.message || 'the runtime worker failed');
    settle();
    bootedReject(error);
    end(process, error);
  };
  const boot: WorkerCommand = { t: 'boot', runtime, assets: installed.assets };
  worker.postMessage(boot);
  return process;
}

/** Keeps the runtime's spares topped up (after the current work, so a cold start does not wait for it). */
function refill(runtime: CodeRuntimeId): void {
  const installed = runtimes.get(runtime);
  if (!installed) return;
  installed.pool = installed.pool.filter((process) => !process.dead);
  if (installed.oneAtATime && installed.booting > 0) return;
  while (installed.pool.length < installed.spares) {
    installed.pool.push(spawn(runtime, installed));
    if (installed.oneAtATime) return;
  }
}

const clampSpares = (n: number) => Math.max(0, Math.min(MAX_SPARES, n));

/**
 * Settles once the runtime holds its number of booted spares (or has tried for a minute: a worker that keeps
 * failing must not keep the caller waiting). Environments may take spares meanwhile; the pool refills.
 */
async function stocked(installed: InstalledRuntime): Promise<void> {
  const until = performance.now() + 60_000;
  while (performance.now() < until) {
    const pool = installed.pool.filter((process) => !process.dead);
    const booting = pool.filter((process) => !process.ready);
    if (pool.length >= installed.spares && booting.length === 0) return;
    // Wait for a boot, or a moment (one boots at a time, or its refill waits): never on settled promises alone,
    // which would loop in microtasks and starve the timers that start the next spare.
    await Promise.race([
      ...booting.map((process) => process.booted.catch(() => 0)),
      new Promise((resolve) => setTimeout(resolve, 50)),
    ]);
  }
}

async function setSpares(
  id: number,
  runtime: CodeRuntimeId,
  spares: number,
  refillDelayMs: number | null,
): Promise<void> {
  const installed = runtimes.get(runtime);
  if (!installed)
    return reply(id, {
      ok: false,
      error: failure('Sandbox.InvalidState', `runtime ${runtime} is not installed`),
    });
  installed.spares = clampSpares(spares);
  installed.refillDelayMs =
    refillDelayMs === null ? installed.defaultRefillDelayMs : Math.max(0, refillDelayMs);
  // Fewer spares than before: the extra ones end (a Python interpreter's memory is not kept for nothing).
  installed.pool = installed.pool.filter((process) => !process.dead);
  for (const extra of installed.pool.splice(installed.spares)) end(extra, null);
  refill(runtime);
  await stocked(installed);
  reply(id, { ok: true });
}

async function start(
  id: number,
  envId: string,
  runtime: CodeRuntimeId,
  port: MessagePort | undefined,
): Promise<void> {
  const installed = runtimes.get(runtime);
  if (!installed || !port)
    return reply(id, {
      ok: false,
      error: failure('Sandbox.InvalidState', `runtime ${runtime} is not installed`),
    });
  const previous = environments.get(envId);
  if (previous) end(previous, null);
  const spare = installed.pool.find((process) => !process.dead);
  if (spare) installed.pool.splice(installed.pool.indexOf(spare), 1);
  const process = spare ?? spawn(runtime, installed);
  process.envId = envId;
  environments.set(envId, process);
  const attach: WorkerCommand = { t: 'attach', tmp: tmpOf(envId) };
  process.worker.postMessage(attach, [port]);
  setTimeout(() => refill(runtime), installed.refillDelayMs);
  try {
    const bootMs = await process.booted;
    reply(id, { ok: true, bootMs });
  } catch (error) {
    reply(id, { ok: false, error: error as ErrorResponse });
  }
}

function handle(message: HostMessage, ports: readonly MessagePort[]): void {
  switch (message.type) {
    case 'runtime.install': {
      if (!runtimes.has(message.runtime)) {
        runtimes.set(message.runtime, {
          url: URL.createObjectURL(new Blob([message.source], { type: 'text/javascript' })),
          workerType: message.workerType,
          assets: message.assets,
          spares: clampSpares(message.spares),
          pool: [],
          oneAtATime: message.runtime.startsWith('python'),
          refillDelayMs: message.runtime.startsWith('python') ? PYTHON_REFILL_DELAY_MS : 0,
          defaultRefillDelayMs: message.runtime.startsWith('python') ? PYTHON_REFILL_DELAY_MS : 0,
          booting: 0,
        });
        refill(message.runtime);
      }
      return reply(message.id, { ok: true });
    }
    case 'runtime.spares':
      void setSpares(message.id, message.runtime, message.spares, message.refillDelayMs);
      return;
    case 'env.start':
      void start(message.id, message.envId, message.runtime, ports[0]);
      return;
    case 'env.stop': {
      const process = environments.get(message.envId);
      if (process) end(process, null);
      if (!message.keepTmp) tmp.delete(message.envId);
      return reply(message.id, { ok: true });
    }
    case 'env.tmp': {
      const snapshot = tmp.get(message.envId);
      return reply(message.id, {
        ok: true,
        files: (snapshot?.files ?? []).map((file) => ({ path: file.path, size: file.data.byteLength })),
      });
    }
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== parentWindow || !isHostMessage(event.data, channel)) return;
  handle(event.data, event.ports);
});

send({ channel, type: 'ready' });
