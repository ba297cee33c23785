/**
 * The one place that touches requestAnimationFrame. Views get a loop they can stop; tests and
 * non-browser environments fall back to a ~60 Hz timer.
 */
export type FrameCallback = (nowMs: number) => void;

export interface FrameLoop {
  stop(): void;
}

/** Calls `onFrame` once per display frame with a high-resolution timestamp, until stopped. */
export function startFrameLoop(onFrame: FrameCallback): FrameLoop {
  let stopped = false;
  let id: number | ReturnType<typeof setTimeout> = 0;
  const hasRaf = typeof requestAnimationFrame === 'function';
  const tick = (now: number) => {
    if (stopped) return;
    onFrame(now);
    if (!stopped) schedule();
  };
  const schedule = () => {
    id = hasRaf ? requestAnimationFrame(tick) : setTimeout(() => tick(performance.now()), 16);
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (hasRaf) cancelAnimationFrame(id as number);
      else clearTimeout(id as ReturnType<typeof setTimeout>);
    },
  };
}

/** Runs `cb` once on the next frame; returns a cancel function. */
export function nextFrame(cb: FrameCallback): () => void {
  const loop = startFrameLoop((now) => {
    loop.stop();
    cb(now);
  });
  return () => loop.stop();
}
