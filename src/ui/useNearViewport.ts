import { useEffect, useState, type RefObject } from 'react';

let idle: Promise<void> | null = null;

/**
 * Resolves once the page has loaded and the browser has had an idle moment. Widgets far below the
 * fold still load then, so find-in-page, landmark navigation in screen readers, and a reload that
 * restores a scroll position all see the whole lesson, without competing with the first paint.
 */
function whenPageIdle(): Promise<void> {
  if (idle) return idle;
  idle = new Promise<void>((done) => {
    const resolve = () => {
      // The bench splits first-load JS from deferred widget JS at this mark.
      performance.mark('coldstart:deferred-widgets');
      done();
    };
    const afterLoad = () => {
      const ric = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number })
        .requestIdleCallback;
      if (ric) ric(() => resolve(), { timeout: 2500 });
      else setTimeout(resolve, 1200);
    };
    if (document.readyState === 'complete') afterLoad();
    else window.addEventListener('load', afterLoad, { once: true });
  });
  return idle;
}

/**
 * True once the element comes within `margin` of the viewport or the page has gone idle after
 * loading (and stays true). Widgets and diagrams use it so their chunks never delay the first paint.
 * Without IntersectionObserver (old browsers, jsdom) everything counts as near.
 */
export function useNearViewport(ref: RefObject<Element | null>, margin = '800px'): boolean {
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    let cancelled = false;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: `${margin} 0px ${margin} 0px` },
    );
    observer.observe(el);
    void whenPageIdle().then(() => {
      if (!cancelled) setNear(true);
    });
    return () => {
      cancelled = true;
      observer.disconnect();
    };
  }, [ref, margin, near]);
  return near;
}
