/**
 * The only code that talks to the service worker (through workbox-window, loaded on demand so it is not in
 * the first page load). The course asks for three things: "tell me when a new version waits", "switch to it
 * and reload", and "look for a new version now". src/features/offline/ builds on this interface; its tests
 * pass a fake.
 */

export interface ServiceWorkerControl {
  /** Called once a new version has installed and waits for this page to accept it. */
  onUpdateWaiting(listener: () => void): () => void;
  /** Activates the waiting version and reloads this page once that version controls it. */
  activateUpdateAndReload(): Promise<void>;
  /** Asks the server for a newer sw.js (the browser also checks on navigations). */
  checkForUpdate(): Promise<void>;
}

export interface RegisterOptions {
  /** sw.js, resolved against the page: dist/ may be served from any sub-path. */
  scriptUrl?: string;
}

function supported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && window.isSecureContext;
}

/**
 * Registers sw.js and returns its control, or null where service workers are unavailable (insecure origin,
 * private modes that block them, the dev server, old browsers). The course works without one, online.
 */
export async function registerServiceWorker(
  options: RegisterOptions = {},
): Promise<ServiceWorkerControl | null> {
  if (!supported()) return null;
  const scriptUrl = options.scriptUrl ?? new URL('sw.js', document.baseURI).href;
  const { Workbox } = await import('workbox-window');
  const workbox = new Workbox(scriptUrl, { scope: new URL('./', scriptUrl).pathname });
  const listeners = new Set<() => void>();
  let waiting = false;
  const announce = () => {
    waiting = true;
    listeners.forEach((listener) => listener());
  };
  // `waiting` covers an update found by this page and one left waiting by an earlier visit or another tab.
  workbox.addEventListener('waiting', announce);

  let registration: ServiceWorkerRegistration | undefined;
  try {
    // `immediate`: the caller already waited for the page to load and go idle.
    registration = await workbox.register({ immediate: true });
  } catch {
    return null;
  }

  // A tab left open for days still hears about deployments: look again whenever it comes back into view.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void workbox.update().catch(() => undefined);
  });

  return {
    onUpdateWaiting(listener) {
      listeners.add(listener);
      if (waiting || registration?.waiting) listener();
      return () => listeners.delete(listener);
    },
    async activateUpdateAndReload() {
      const current = registration ?? (await navigator.serviceWorker.getRegistration(scriptUrl));
      if (!current?.waiting) {
        // Another tab already switched to the new version: this page only needs to load it.
        window.location.reload();
        return;
      }
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), {
        once: true,
      });
      workbox.messageSkipWaiting();
    },
    async checkForUpdate() {
      await workbox.update();
    },
  };
}
