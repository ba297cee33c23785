/**
 * Offline support for the whole shell (mounted once by the Layout): registers the service worker once the page
 * has settled, shows "A new version is available — reload" when a deployment is waiting, and asks the browser to
 * keep this origin's data once the learner has progress to lose.
 *
 * Reloading loses nothing: every saved store writes to localStorage synchronously inside its `set` (zustand
 * persist over platform/storage.ts), so what is on screen is already on disk when the button is pressed.
 */
import { useEffect, useRef, useState } from 'react';
import type { ServiceWorkerControl } from '../../platform/serviceWorker';
import { browserOfflineServices, type OfflineServices } from './services';
import './offline.css';

export const UPDATE_MESSAGE = 'A new version is available — reload';

/** Asks at most once per page: the browser remembers the answer, and Firefox would otherwise ask again. */
export function createPersistenceRequester(services: Pick<OfflineServices, 'persistentStorage'>) {
  let asked = false;
  return async function requestOnce(): Promise<boolean | null> {
    const storage = services.persistentStorage;
    if (asked || !storage) return null;
    asked = true;
    try {
      if (await storage.isPersisted()) return true;
      return await storage.requestPersistence();
    } catch {
      return false;
    }
  };
}

export function OfflineSupport({ services = browserOfflineServices }: { services?: OfflineServices }) {
  const [waiting, setWaiting] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [reloading, setReloading] = useState(false);
  const control = useRef<ServiceWorkerControl | null>(null);

  useEffect(() => {
    let cancelled = false;
    let stopListening: (() => void) | undefined;
    services.afterPageSettles(() => {
      if (cancelled) return;
      void services.registerServiceWorker().then((registered) => {
        if (cancelled || !registered) return;
        control.current = registered;
        stopListening = registered.onUpdateWaiting(() => setWaiting(true));
      });
    });
    return () => {
      cancelled = true;
      stopListening?.();
    };
  }, [services]);

  useEffect(() => {
    const requestOnce = createPersistenceRequester(services);
    let stop: (() => void) | undefined = undefined;
    stop = services.watchProgressToKeep(() => {
      void requestOnce();
      stop?.();
    });
    return () => stop?.();
  }, [services]);

  const shown = waiting && !dismissed;
  return (
    <div className={shown ? 'update-notice' : undefined}>
      {/* The live region exists from the start, so the message is announced when it appears. */}
      <p role="status" className={shown ? undefined : 'visually-hidden'}>
        {shown ? UPDATE_MESSAGE : null}
      </p>
      {shown ? (
        <>
          <button
            type="button"
            className="button"
            disabled={reloading}
            onClick={() => {
              setReloading(true);
              void control.current?.activateUpdateAndReload();
            }}
          >
            {reloading ? 'Reloading…' : 'Reload'}
          </button>
          <button type="button" className="icon-button" onClick={() => setDismissed(true)}>
            Not now
          </button>
        </>
      ) : null}
    </div>
  );
}
