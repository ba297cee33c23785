import { useEffect, useState, type RefObject } from 'react';
import { whenPageIdle } from '../platform/pageIdle';

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
