import { useSyncExternalStore } from 'react';

/**
 * True when the learner asked for less motion: the system setting (prefers-reduced-motion) or the
 * course's own setting (`<html data-reduced-motion="true">`). Animated widgets (explorer, pool) read it.
 */
export function isReducedMotion(): boolean {
  if (typeof document === 'undefined') return false;
  if (document.documentElement.dataset.reducedMotion === 'true') return true;
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

function subscribe(onChange: () => void): () => void {
  const mq = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  mq?.addEventListener?.('change', onChange);
  const mo =
    typeof MutationObserver === 'function' && typeof document !== 'undefined'
      ? new MutationObserver(onChange)
      : null;
  mo?.observe(document.documentElement, { attributes: true, attributeFilter: ['data-reduced-motion'] });
  return () => {
    mq?.removeEventListener?.('change', onChange);
    mo?.disconnect();
  };
}

export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, isReducedMotion, () => false);
}
