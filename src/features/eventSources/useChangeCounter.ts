/**
 * Re-render a view when any of a few sources report a change, at most once a frame (a mapping draining a queue
 * reports every batch; the view needs only the latest state).
 */
import { useEffect, useState } from 'react';
import { nextFrame } from '../../platform/animationFrame';

export type Subscribe = (listener: () => void) => () => void;

export function useChangeCounter(sources: ReadonlyArray<Subscribe | undefined>): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancel: (() => void) | null = null;
    const bump = () => {
      if (cancel) return;
      cancel = nextFrame(() => {
        cancel = null;
        setVersion((value) => value + 1);
      });
    };
    const offs = sources.map((subscribe) => subscribe?.(bump) ?? (() => {}));
    return () => {
      for (const off of offs) off();
      cancel?.();
    };
    // The sources are stable per workspace; callers pass them in a fresh array each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, sources);
  return version;
}
