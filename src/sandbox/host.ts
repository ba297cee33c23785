/**
 * Host side of the sandbox: creates the opaque-origin iframe, boots it, and matches replies to
 * requests by id. Only messages whose source is the iframe's window and that carry this session's
 * random channel token are considered; replies for unknown or settled ids are ignored.
 */
import type { ErrorResponse, FrameMessage, HostMessage, HostRequest, ReplyBody } from './protocol';
import { isFrameMessage, randomToken } from './protocol';
import { sandboxAssetUrls } from './assets';

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
  const pending = new Map<number, (b: ReplyBody) => void>();
  const logListeners = new Set<(envId: string, line: string) => void>();
  const crashListeners = new Set<(envId: string, error: ErrorResponse) => void>();
  let readyResolve!: () => void;
  let bootedResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const booted = new Promise<void>((r) => (bootedResolve = r));

  const post = (m: HostMessage) => iframe.contentWindow?.postMessage(m, '*');

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
        resolve(m.body);
        return;
      }
      case 'log':
        for (const l of logListeners) l(m.envId, m.line);
        return;
      case 'env.crashed':
        for (const l of crashListeners) l(m.envId, m.error);
        return;
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
      const id = nextId++;
      return new Promise<ReplyBody>((resolve) => {
        pending.set(id, resolve);
        post({ ...req, channel, id } as HostMessage);
      });
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
      for (const resolve of pending.values())
        resolve({
          ok: false,
          error: { errorType: 'Sandbox.Disposed', errorMessage: 'sandbox closed', trace: [] },
        });
      pending.clear();
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
