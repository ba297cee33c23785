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

let settled: Promise<void> | null = null;

/** How long after the page first goes idle background work (the offline copy) waits before it starts. */
export const SETTLE_DELAY_MS = 3000;

/**
 * Resolves a few seconds after `whenPageIdle`, at the next idle moment: for background work that must never
 * compete with the page's own loading — the service worker's precache download (~3.5 MB) and the stores it
 * watches. Measured: registering at the first idle moment, while a lesson's body chunk was still arriving,
 * delayed the lesson's largest paint in Lighthouse by up to 0.7 s.
 */
export function whenPageSettled(): Promise<void> {
  settled ??= whenPageIdle().then(
    () =>
      new Promise<void>((done) => {
        setTimeout(() => {
          const ric = (
            window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }
          ).requestIdleCallback;
          if (ric) ric(() => done(), { timeout: 5000 });
          else done();
        }, SETTLE_DELAY_MS);
      }),
  );
  return settled;
}
