/**
 * Which recorded samples the charts show. A run that goes on for an hour would otherwise squeeze into
 * the same width as a two-minute one, and the spike a preset is about would shrink to a sliver. Live,
 * the charts show the last `size` samples; in a replay, a window around the sample being viewed.
 */
export interface SampleWindow {
  /** First sample shown (inclusive). */
  start: number;
  /** One past the last sample shown. */
  end: number;
}

export function chartWindow(length: number, size: number, cursor: number | null): SampleWindow {
  const n = Math.max(1, Math.floor(size));
  if (length <= n) return { start: 0, end: length };
  if (cursor === null) return { start: length - n, end: length };
  const start = Math.min(Math.max(0, cursor - Math.floor(n / 2)), length - n);
  return { start, end: start + n };
}
