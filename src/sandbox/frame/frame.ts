/**
 * Runs inside `<iframe sandbox="allow-scripts" srcdoc=…>` (an opaque origin: no access to the
 * course's storage, cookies or DOM). Owns the blob workers, mirrors each environment's /tmp so it
 * survives a reset, and answers spawn/init/kill/tmp requests. Invocations do not pass through here: at
 * spawn each worker and the host get the two ends of a MessageChannel. Built as a classic script (see
 * sandbox/assets.ts).
 */
import type { FrameMessage, HostMessage, ReplyBody, WorkerEvent, WorkerInit, WorkerPort } from '../protocol';
import { isHostMessage } from '../protocol';
import { applyMutation, type TmpSnapshot } from '../runtime/fs';

const channel = document.querySelector('meta[name="coldstart-channel"]')?.getAttribute('content') ?? '';
const parentWindow = window.parent;

interface Env {
  worker: Worker;
  booted: Promise<void>;
  pending: { kind: 'init'; id: number; cacheKey: string; resolve: (b: ReplyBody) => void } | null;
}

let runtimeUrl = '';
let transpilerSource = '';
const envs = new Map<string, Env>();
const tmp = new Map<string, TmpSnapshot>();
const transpileCache = new Map<string, string>();

function send(m: FrameMessage, transfer: Transferable[] = []): void {
  parentWindow.postMessage(m, '*', transfer);
}

function reply(id: number, body: ReplyBody, transfer: Transferable[] = []): void {
  send({ channel, type: 'reply', id, body }, transfer);
}

function tmpOf(envId: string): TmpSnapshot {
  let t = tmp.get(envId);
  if (!t) {
    t = { dirs: [], files: [] };
    tmp.set(envId, t);
  }
  return t;
}

/**
 * Started, unused runtime workers kept ready, like the pool of sandboxes Lambda keeps: a new environment
 * takes the oldest and reports the time that worker really took to start. No learner code has ever run in
 * one. Two, not one: back-to-back cold starts (measured with `npm run bench`) then rarely wait for a worker
 * to boot, which takes 17–21 ms here.
 */
interface Spare {
  worker: Worker;
  booted: Promise<number>;
  onEvent: ((e: WorkerEvent) => void) | null;
}
const SPARES = 2;
const spares: Spare[] = [];

function prepareSpare(): void {
  while (runtimeUrl && spares.length < SPARES) startSpare();
}

function startSpare(): void {
  const t0 = performance.now();
  const worker = new Worker(runtimeUrl);
  const s: Spare = { worker, booted: Promise.resolve(0), onEvent: null };
  s.booted = new Promise<number>((resolve) => {
    worker.onmessage = (e: MessageEvent<WorkerEvent>) => {
      if (e.data.t === 'booted') resolve(performance.now() - t0);
      else s.onEvent?.(e.data);
    };
  });
  spares.push(s);
}

function spawn(envId: string): Env & { bootMs: Promise<number> } {
  const taken = spares.shift() ?? null;
  let worker: Worker;
  let bootMs: Promise<number>;
  let booted!: () => void;
  const bootedP = new Promise<void>((r) => (booted = r));
  if (taken) {
    worker = taken.worker;
    bootMs = taken.booted;
  } else {
    const t0 = performance.now();
    worker = new Worker(runtimeUrl, { name: `coldstart-env-${envId}` });
    bootMs = bootedP.then(() => performance.now() - t0);
  }
  const env: Env = { worker, booted: bootedP, pending: null };
  const onMessage = (e: MessageEvent<WorkerEvent>) => onWorkerEvent(envId, env, e.data, booted);
  if (taken)
    void taken.booted.then(() => {
      worker.onmessage = onMessage;
      booted();
    });
  else worker.onmessage = onMessage;
  worker.onerror = (e) => {
    e.preventDefault();
    crash(envId, env, {
      errorType: 'Runtime.Unknown',
      errorMessage: e.message || 'worker failed',
      trace: [],
    });
  };
  envs.set(envId, env);
  // Top the spares up once this environment is running (off the critical path).
  void bootedP.then(() => setTimeout(prepareSpare, 0));
  return Object.assign(env, { bootMs });
}

function crash(
  envId: string,
  env: Env,
  error: { errorType: string; errorMessage: string; trace: string[] },
  onPort = false,
): void {
  const pending = env.pending;
  env.pending = null;
  env.worker.terminate();
  envs.delete(envId);
  if (pending) pending.resolve({ ok: false, initMs: 0, error });
  // The host settles an invocation running on this environment's port as a crash.
  else send({ channel, type: 'env.crashed', envId, error, ...(onPort ? { onPort } : {}) });
}

function onWorkerEvent(envId: string, env: Env, m: WorkerEvent, booted: () => void): void {
  switch (m.t) {
    case 'booted':
      booted();
      return;
    case 'log':
      send({ channel, type: 'log', envId, line: m.line });
      return;
    case 'fs':
      applyMutation(tmpOf(envId), m.m);
      return;
    case 'init.done': {
      const p = env.pending;
      if (p?.kind !== 'init') return;
      env.pending = null;
      if (m.ok) {
        if (m.transpiled !== undefined) transpileCache.set(p.cacheKey, m.transpiled);
        p.resolve({ ok: true, initMs: m.initMs });
      } else {
        p.resolve({ ok: false, initMs: m.initMs, error: m.error, ...(m.syntax ? { syntax: m.syntax } : {}) });
        // A failed init leaves a dead runtime: Lambda resets the environment.
        env.worker.terminate();
        envs.delete(envId);
      }
      return;
    }
    case 'crash':
      crash(envId, env, m.error, m.onPort === true);
      return;
  }
}

function cacheKey(code: string, language: string): string {
  return language + '\u0000' + code;
}

async function handle(m: Exclude<HostMessage, { type: 'boot' }>): Promise<void> {
  switch (m.type) {
    case 'env.spawn': {
      const old = envs.get(m.envId);
      if (old) old.worker.terminate();
      const env = spawn(m.envId);
      // The environment's port: invokes, log lines and results travel on it between the host and the worker.
      // Posted before anything else, so it reaches the worker ahead of an init that follows right behind.
      const { port1, port2 } = new MessageChannel();
      const portCommand: WorkerPort = { t: 'port' };
      env.worker.postMessage(portCommand, [port1]);
      await env.booted;
      return reply(m.id, { ok: true, spawnMs: await env.bootMs }, [port2]);
    }
    case 'env.init': {
      const env = envs.get(m.envId);
      if (!env || env.pending)
        return reply(m.id, {
          ok: false,
          error: {
            errorType: 'Sandbox.NotReady',
            errorMessage: `environment ${m.envId} is not idle`,
            trace: [],
          },
        });
      const key = cacheKey(m.bundle.code, m.bundle.language);
      const cached = transpileCache.get(key);
      const init: WorkerInit = {
        t: 'init',
        code: m.bundle.code,
        language: m.bundle.language,
        ...(cached !== undefined ? { transpiled: cached } : {}),
        transpilerSource,
        settings: m.settings,
        logStreamName: m.logStreamName,
        tmp: tmpOf(m.envId),
      };
      const body = await new Promise<ReplyBody>((resolve) => {
        env.pending = { kind: 'init', id: m.id, cacheKey: key, resolve };
        env.worker.postMessage(init);
      });
      return reply(m.id, body);
    }
    case 'env.kill': {
      const env = envs.get(m.envId);
      if (env) {
        env.worker.terminate();
        envs.delete(m.envId);
        const p = env.pending;
        env.pending = null;
        if (p)
          p.resolve({
            ok: false,
            initMs: 0,
            error: { errorType: 'Sandbox.Killed', errorMessage: 'environment stopped', trace: [] },
          });
      }
      if (!m.keepTmp) tmp.delete(m.envId);
      return reply(m.id, { ok: true });
    }
    case 'env.tmp': {
      const t = tmpOf(m.envId);
      return reply(m.id, {
        ok: true,
        dirs: [...t.dirs].sort(),
        files: t.files.map((f) => ({ path: f.path, size: f.data.byteLength })),
      });
    }
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  if (e.source !== parentWindow || !isHostMessage(e.data, channel)) return;
  const m = e.data;
  if (m.type === 'boot') {
    if (!runtimeUrl)
      runtimeUrl = URL.createObjectURL(new Blob([m.runtimeSource], { type: 'text/javascript' }));
    transpilerSource = m.transpilerSource;
    send({ channel, type: 'booted' });
    prepareSpare();
    return;
  }
  void handle(m);
});

send({ channel, type: 'ready' });
