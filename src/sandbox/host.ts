/**
 * Host side of the sandbox: creates the opaque-origin iframe, boots it, and matches replies to
 * requests by id. Only messages whose source is the iframe's window and that carry this session's
 * random channel token are considered; replies for unknown or settled ids are ignored.
 * Invocations go on each environment's own MessagePort (handed over at spawn), straight to its worker.
 */
import type {
  ErrorResponse,
  FrameMessage,
  HostMessage,
  HostRequest,
  PortEvent,
  ReplyBody,
  WorkerInvoke,
} from './protocol';
import { isFrameMessage, isPortEvent, randomToken } from './protocol';
import { sandboxAssetUrls } from './assets';

/** How long a crash reported by the frame waits for the same crash to arrive on the environment's port. */
const PORT_CRASH_GRACE_MS = 1000;

export interface SandboxFrame {
  request(req: HostRequest): Promise<ReplyBody>;
  onLog(listener: (envId: string, line: string) => void): () => void;
  onCrash(listener: (envId: string, error: ErrorResponse) => void): () => void;
  dispose(): void;
}

export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function frameDocument(channel: string, frameScriptUrl: string): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta name="coldstart-channel" content="${escapeAttr(channel)}">` +
    `<script src="${escapeAttr(frameScriptUrl)}"></script></head><body></body></html>`
  );
}

export async function createSandboxFrame(
  options: { parent?: HTMLElement; timeoutMs?: number } = {},
): Promise<SandboxFrame> {
  const urls = sandboxAssetUrls();
  const channel = randomToken();
  // Fetch the worker sources from our own origin; the opaque-origin iframe could not (no CORS).
  const sources = Promise.all([fetch(urls.runtime), fetch(urls.transpiler)]).then(async ([a, b]) => {
    if (!a.ok || !b.ok)
      throw new Error(`Coldstart sandbox: could not load its runtime (${a.status}/${b.status})`);
    // Wrapped so the runtime's own top-level bindings are not globals that learner code could reach.
    const wrap = (text: string) => `(function () {\n${text}\n})();`;
    return [wrap(await a.text()), wrap(await b.text())] as const;
  });

  const iframe = document.createElement('iframe');
  // allow-scripts only: an opaque origin, no same-origin access, no top navigation, no popups, no forms.
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.setAttribute('title', 'Coldstart code sandbox (runs your handler)');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  iframe.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden;';
  iframe.srcdoc = frameDocument(channel, urls.frame);

  let nextId = 1;
  const pending = new Map<number, (b: ReplyBody, ports: readonly MessagePort[]) => void>();
  const logListeners = new Set<(envId: string, line: string) => void>();
  const crashListeners = new Set<(envId: string, error: ErrorResponse) => void>();
  let readyResolve!: () => void;
  let bootedResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const booted = new Promise<void>((r) => (bootedResolve = r));

  const post = (m: HostMessage) => iframe.contentWindow?.postMessage(m, '*');

  /** Each spawned environment's port, and the invocation running on it. */
  interface Running {
    invocation: number;
    nonce: string;
    started: number;
    resolve: (b: ReplyBody) => void;
  }
  interface Link {
    port: MessagePort;
    running: Running | null;
  }
  const links = new Map<string, Link>();
  let invocationSeq = 0;

  const crashOutcome = (r: Running, error: ErrorResponse): ReplyBody => ({
    ok: true,
    outcome: 'crash',
    error,
    durationMs: performance.now() - r.started,
    maxMemoryUsedMb: 0,
  });

  function settle(envId: string, link: Link, body: ReplyBody): void {
    const r = link.running;
    link.running = null;
    if (body.ok && 'outcome' in body && body.outcome === 'crash') unlink(envId);
    r?.resolve(body);
  }

  function unlink(envId: string, error?: ErrorResponse): void {
    const link = links.get(envId);
    if (!link) return;
    links.delete(envId);
    link.port.onmessage = null;
    link.port.close();
    const r = link.running;
    link.running = null;
    if (r && error) r.resolve({ ok: false, error });
  }

  function onPortEvent(envId: string, link: Link, m: PortEvent): void {
    if (m.t === 'log') {
      for (const l of logListeners) l(envId, m.line);
      return;
    }
    const r = link.running;
    if (m.t === 'crash') {
      // Outside an invocation the frame reports the crash (env.crashed); it also stops the worker.
      if (r && (m.id === undefined || m.id === r.invocation)) settle(envId, link, crashOutcome(r, m.error));
      return;
    }
    // Only the invocation running on this port, with its nonce, can be answered.
    if (!r || m.id !== r.invocation || m.nonce !== r.nonce) return;
    const roundTripMs = performance.now() - r.started;
    const common = { durationMs: m.durationMs, maxMemoryUsedMb: m.maxMemoryUsedMb, roundTripMs };
    settle(
      envId,
      link,
      'payload' in m
        ? { ok: true, outcome: 'success', payload: m.payload, ...common }
        : { ok: true, outcome: 'error', error: m.error, ...common },
    );
  }

  function attachPort(envId: string, port: MessagePort): void {
    unlink(envId, { errorType: 'Sandbox.Killed', errorMessage: 'environment replaced', trace: [] });
    const l: Link = { port, running: null };
    links.set(envId, l);
    port.onmessage = (e: MessageEvent) => {
      if (isPortEvent(e.data)) onPortEvent(envId, l, e.data);
    };
  }

  function invoke(req: Extract<HostRequest, { type: 'env.invoke' }>): Promise<ReplyBody> {
    const l = links.get(req.envId);
    if (!l || l.running)
      return Promise.resolve({
        ok: false,
        error: {
          errorType: 'Sandbox.NotReady',
          errorMessage: `environment ${req.envId} is not idle`,
          trace: [],
        },
      });
    const msg: WorkerInvoke = {
      t: 'invoke',
      id: ++invocationSeq,
      nonce: randomToken(),
      requestId: req.requestId,
      event: req.event,
      deadline: Date.now() + req.timeoutMs,
      traceId: req.traceId,
    };
    return new Promise<ReplyBody>((resolve) => {
      const running: Running = { invocation: msg.id, nonce: msg.nonce, started: 0, resolve };
      l.running = running;
      // Posted once the caller's synchronous work (the environment machine's transition) is done: the
      // worker's reply then finds the page idle instead of queueing behind it (measured: faster end to end).
      queueMicrotask(() => {
        if (l.running !== running) return;
        running.started = performance.now();
        l.port.postMessage(msg);
      });
    });
  }

  function send(req: Exclude<HostRequest, { type: 'env.invoke' }>): Promise<ReplyBody> {
    const id = nextId++;
    return new Promise<ReplyBody>((resolve) => {
      pending.set(id, (body, ports) => {
        if (req.type === 'env.spawn' && body.ok && ports[0]) attachPort(req.envId, ports[0]);
        resolve(body);
      });
      post({ ...req, channel, id });
    });
  }

  const onMessage = (e: MessageEvent) => {
    if (e.source !== iframe.contentWindow || !isFrameMessage(e.data, channel)) return;
    const m = e.data as FrameMessage;
    switch (m.type) {
      case 'ready':
        readyResolve();
        return;
      case 'booted':
        bootedResolve();
        return;
      case 'reply': {
        const resolve = pending.get(m.id);
        if (!resolve) return;
        pending.delete(m.id);
        resolve(m.body, e.ports);
        return;
      }
      case 'log':
        for (const l of logListeners) l(m.envId, m.line);
        return;
      case 'env.crashed': {
        // Died during an invocation: that invocation ends as a crash. Otherwise tell the session.
        const link = links.get(m.envId);
        const running = link?.running;
        if (link && running && m.onPort) {
          // The port brings the same crash behind the invocation's last log lines: let it settle the invocation,
          // with a fallback in case the port's messages were lost with the worker.
          setTimeout(() => {
            if (link.running === running) settle(m.envId, link, crashOutcome(running, m.error));
          }, PORT_CRASH_GRACE_MS);
        } else if (link && running) settle(m.envId, link, crashOutcome(running, m.error));
        else for (const l of crashListeners) l(m.envId, m.error);
        return;
      }
    }
  };
  window.addEventListener('message', onMessage);
  (options.parent ?? document.body).appendChild(iframe);

  const timeoutMs = options.timeoutMs ?? 15_000;
  const timeout = <T>(p: Promise<T>, what: string) =>
    Promise.race([
      p,
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`Coldstart sandbox: ${what} took longer than ${timeoutMs / 1000} s`)),
          timeoutMs,
        ),
      ),
    ]);

  await timeout(ready, 'starting the sandbox frame');
  const [runtimeSource, transpilerSource] = await sources;
  post({ channel, type: 'boot', runtimeSource, transpilerSource });
  await timeout(booted, 'booting the sandbox');

  return {
    request(req) {
      if (req.type === 'env.invoke') return invoke(req);
      if (req.type === 'env.kill')
        unlink(req.envId, { errorType: 'Sandbox.Killed', errorMessage: 'environment stopped', trace: [] });
      return send(req);
    },
    onLog(listener) {
      logListeners.add(listener);
      return () => logListeners.delete(listener);
    },
    onCrash(listener) {
      crashListeners.add(listener);
      return () => crashListeners.delete(listener);
    },
    dispose() {
      window.removeEventListener('message', onMessage);
      const closed: ErrorResponse = {
        errorType: 'Sandbox.Disposed',
        errorMessage: 'sandbox closed',
        trace: [],
      };
      for (const resolve of pending.values()) resolve({ ok: false, error: closed }, []);
      pending.clear();
      for (const envId of [...links.keys()]) unlink(envId, closed);
      iframe.remove();
    },
  };
}

let shared: Promise<SandboxFrame> | null = null;

/** One iframe per page, shared by the playground and every embedded sandbox. */
export function getSandboxFrame(): Promise<SandboxFrame> {
  if (!shared) {
    shared = createSandboxFrame();
    shared.catch(() => {
      shared = null;
    });
  }
  return shared;
}
