/**
 * Maps virtual time to x so that work stays readable next to long idle gaps: stretches where every environment
 * is only frozen (or nothing happens) are squeezed to a fixed width and labelled with their real length.
 */
import type { Segment } from './explorerSimulation';

export interface Gap {
  x: number;
  w: number;
  ms: number;
}

export interface TimeAxis {
  x(t: number): number;
  width: number;
  gaps: Gap[];
}

export function buildTimeAxis(segments: Segment[], now: number, width: number): TimeAxis {
  const end = (s: Segment) => s.end ?? now;
  const stops = new Set<number>([now]);
  let t0 = now;
  for (const s of segments) {
    stops.add(s.start);
    stops.add(end(s));
    if (s.start < t0) t0 = s.start;
  }
  const times = [...stops].filter((t) => t >= t0).sort((a, b) => a - b);
  const active = segments.filter((s) => s.kind !== 'frozen');
  const intervals: Array<{ a: number; b: number; busy: boolean }> = [];
  let busyTotal = 0;
  for (let i = 0; i + 1 < times.length; i++) {
    const a = times[i]!;
    const b = times[i + 1]!;
    const busy = active.some((s) => s.start < b && end(s) > a);
    intervals.push({ a, b, busy });
    if (busy) busyTotal += b - a;
  }
  // An idle stretch gets at most 12% of the busy time (and at least a visible sliver).
  const cap = Math.max(busyTotal * 0.12, 1);
  const weights = intervals.map((iv) => (iv.busy ? iv.b - iv.a : Math.min(iv.b - iv.a, cap)));
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  const k = width / total;
  const xs: number[] = [0];
  for (const w of weights) xs.push(xs[xs.length - 1]! + w * k);
  const gaps: Gap[] = [];
  intervals.forEach((iv, i) => {
    if (!iv.busy && iv.b - iv.a > cap * 1.5)
      gaps.push({ x: xs[i]!, w: xs[i + 1]! - xs[i]!, ms: iv.b - iv.a });
  });
  return {
    width,
    gaps,
    x(t: number) {
      if (intervals.length === 0) return 0;
      if (t <= times[0]!) return 0;
      // binary search for the interval holding t
      let lo = 0;
      let hi = intervals.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (intervals[mid]!.b < t) lo = mid + 1;
        else hi = mid;
      }
      const iv = intervals[lo]!;
      const f = iv.b > iv.a ? Math.min(1, (t - iv.a) / (iv.b - iv.a)) : 1;
      return xs[lo]! + f * (xs[lo + 1]! - xs[lo]!);
    },
  };
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
