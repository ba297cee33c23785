/**
 * The page's side of the sandbox iframe: creates it (srcdoc with the frame's script inlined, a random channel
 * token), installs runtimes on demand (fetching their scripts and assets from this origin), sends requests and
 * matches replies by id. Only messages from the iframe's window with this channel's token are considered;
 * replies for unknown or settled ids are ignored. One frame serves the whole page (getSandboxFrame).
 */
import type { CodeRuntimeId, ErrorResponse } from '../../sim/lambda/host';
import { sandboxAssetUrls } from '../assets';
import { frameDocument } from '../frame/document';
import {
  isFrameMessage,
  type FrameMessage,
  type FrameRequest,
  type HostMessage,
  type ReplyBody,
} from '../frame/protocol';
import { randomToken } from '../limits';
import { SANDBOX_RUNTIMES } from '../runtimes';

export interface SandboxFrame {
  request(request: FrameRequest, transfer?: Transferable[]): Promise<ReplyBody>;
  /** Makes `runtime` startable in the frame (once per page; later calls share the first). */
  install(runtime: CodeRuntimeId): Promise<void>;
  onExited(listener: (frameEnvironmentId: string, error: ErrorResponse) => void): () => void;
  dispose(): void;
}

/**
 * Binary assets (Pyodide's wasm, stdlib and the build's gzip memory snapshot, 18 MB together) travel as Blobs,
 * the rest as text. A Blob crosses postMessage as a handle to bytes the browser already holds, where an
 * ArrayBuffer is copied into the message to the out-of-process frame and again to each worker: measured
 * 2026-12-02 in Chromium 156, handing the ArrayBuffers to the frame took 1.6 s of the first Python boot under load.
 */
async function fetchAsset(url: string): Promise<string | Blob> {
  if (!/\.(wasm|zip|gz)(?:[?#]|$)/.test(url)) return fetchText(url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Coldstart sandbox: ${url} answered ${response.status}`);
  return response.blob();
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Coldstart sandbox: could not load ${url} (${response.status})`);
  return response.text();
}

/** Assets a runtime boots without (Python's build-time memory snapshot: it then boots Pyodide in full). */
const OPTIONAL_ASSETS: ReadonlySet<string> = new Set(['builtSnapshot']);

/** A classic script's own top-level bindings must not become globals learner code could reach. */
function wrapClassic(source: string): string {
  return `(function () {\n${source}\n})();`;
}

export async function createSandboxFrame(
  options: { parent?: HTMLElement; timeoutMs?: number } = {},
): Promise<SandboxFrame> {
  const urls = sandboxAssetUrls();
  const channel = randomToken();
  const timeoutMs = options.timeoutMs ?? 15_000;
  const frameScript = await fetchText(urls.frame);

  const iframe = document.createElement('iframe');
  // allow-scripts only: an opaque origin, no same-origin access, no top navigation, no popups, no forms.
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.setAttribute('title', 'Coldstart code sandbox (runs your handler)');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  iframe.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden;';
  iframe.srcdoc = frameDocument(channel, frameScript);

  let nextId = 1;
  const pending = new Map<number, (body: ReplyBody) => void>();
  const exitListeners = new Set<(frameEnvironmentId: string, error: ErrorResponse) => void>();
  const installs = new Map<CodeRuntimeId, Promise<void>>();
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));

  const onMessage = (event: MessageEvent) => {
    if (event.source !== iframe.contentWindow || !isFrameMessage(event.data, channel)) return;
    const message = event.data as FrameMessage;
    if (message.type === 'ready') readyResolve();
    else if (message.type === 'reply') {
      const resolve = pending.get(message.id);
      if (!resolve) return;
      pending.delete(message.id);
      resolve(message.body);
    } else for (const listener of exitListeners) listener(message.envId, message.error);
  };
  window.addEventListener('message', onMessage);
  (options.parent ?? document.body).appendChild(iframe);

  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      ready,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `Coldstart sandbox: starting the sandbox frame took longer than ${timeoutMs / 1000} s`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    window.removeEventListener('message', onMessage);
    iframe.remove();
    throw error;
  } finally {
    clearTimeout(timer);
  }

  function request(body: FrameRequest, transfer: Transferable[] = []): Promise<ReplyBody> {
    const id = nextId++;
    return new Promise<ReplyBody>((resolve) => {
      pending.set(id, resolve);
      const message: HostMessage = { ...body, channel, id };
      iframe.contentWindow?.postMessage(message, '*', transfer);
    });
  }

  async function installNow(runtime: CodeRuntimeId): Promise<void> {
    const descriptor = SANDBOX_RUNTIMES[runtime];
    const scriptUrl = urls.runtimes[descriptor.family];
    if (!descriptor.available || !scriptUrl)
      throw new Error(`Coldstart sandbox: the ${runtime} runtime is not available yet`);
    const assetUrls = urls.assets[descriptor.family] ?? {};
    const [source, ...assetTexts] = await Promise.all([
      fetchText(scriptUrl),
      ...Object.entries(assetUrls).map(([name, url]) =>
        // An optional asset that cannot be fetched is left out (the runtime does without it, only slower).
        OPTIONAL_ASSETS.has(name) ? fetchAsset(url).catch(() => undefined) : fetchAsset(url),
      ),
    ]);
    const assets: Record<string, unknown> = {};
    Object.keys(assetUrls).forEach((name, index) => {
      if (assetTexts[index] !== undefined) assets[name] = assetTexts[index];
    });
    const reply = await request({
      type: 'runtime.install',
      runtime,
      source: descriptor.workerType === 'classic' ? wrapClassic(source ?? '') : (source ?? ''),
      workerType: descriptor.workerType,
      assets,
      spares: descriptor.spares,
    });
    if (!reply.ok) throw new Error(reply.error.errorMessage);
  }

  return {
    request,
    install(runtime) {
      let install = installs.get(runtime);
      if (!install) {
        install = installNow(runtime);
        installs.set(runtime, install);
        install.catch(() => installs.delete(runtime));
      }
      return install;
    },
    onExited(listener) {
      exitListeners.add(listener);
      return () => exitListeners.delete(listener);
    },
    dispose() {
      window.removeEventListener('message', onMessage);
      const closed: ReplyBody = {
        ok: false,
        error: { errorType: 'Sandbox.Disposed', errorMessage: 'sandbox closed', trace: [] },
      };
      for (const resolve of pending.values()) resolve(closed);
      pending.clear();
      iframe.remove();
    },
  };
}

let shared: Promise<SandboxFrame> | null = null;

/** One iframe per page, shared by every EnvironmentHost on it (the playground's, lesson embeds', labs'). */
export function getSandboxFrame(): Promise<SandboxFrame> {
  if (!shared) {
    shared = createSandboxFrame();
    shared.catch(() => {
      shared = null;
    });
  }
  return shared;
}
