let idle: Promise<void> | null = null;

/**
 * Resolves once the page has loaded and the browser has had an idle moment. Work that is not needed for the
 * first paint waits for it: widgets far below the fold, the service worker's registration and precache.
 * The bench splits first-load JS from deferred JS at the `coldstart:deferred-widgets` mark set here.
 */
export function whenPageIdle(): Promise<void> {
  if (idle) return idle;
  idle = new Promise<void>((done) => {
    const resolve = () => {
      performance.mark('coldstart:deferred-widgets');
      done();
    };
    const afterLoad = () => {
      const ric = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number })
        .requestIdleCallback;
      // Safari has no requestIdleCallback: a short delay after load serves the same purpose there.
      if (ric) ric(() => resolve(), { timeout: 2500 });
      else setTimeout(resolve, 1200);
    };
    if (document.readyState === 'complete') afterLoad();
    else window.addEventListener('load', afterLoad, { once: true });
  });
  return idle;
}
