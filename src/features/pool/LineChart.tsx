import { useEffect, useId, useRef } from 'react';
import { readPalette } from './palette';

export interface ChartSeries {
  label: string;
  values: readonly number[];
  /** A palette key: which theme colour draws this series. */
  colour: 'accent' | 'warn' | 'danger' | 'ok' | 'provisioned' | 'fg' | 'muted';
  dashed?: boolean;
  /**
   * A reference line (a limit): drawn, but the y axis is scaled to the data; a reference above the data's
   * range is drawn along the top edge and its legend says it is above the chart.
   */
  reference?: boolean;
}

export interface LineChartProps {
  title: string;
  /** What the chart says right now, as text (visible, and the accessible description). */
  reading: string;
  series: readonly ChartSeries[];
  /** Simulated time of the first and last sample shown (x axis labels), in seconds. */
  timeRange: readonly [number, number];
  /** How a time is written on the x axis. */
  formatTime?: (seconds: number) => string;
  /** Index of the sample being viewed when scrubbing (a marker line); omit when live. */
  cursor?: number;
  /** Axis label format (short: the axis has about 40 px). */
  format?: (v: number) => string;
  /** Minimum top of the y axis. */
  minMax?: number;
  /** Fixed top of the y axis (e.g. 100 for percentages). */
  fixedMax?: number;
}

const HEIGHT = 110;

/** 1, 2 or 5 × a power of ten at or above v: round axis tops. */
export function niceCeil(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** Short axis labels: 950, 1.2k, 25k. */
export function compact(v: number): string {
  if (v >= 1000) return `${Number((v / 1000).toFixed(v >= 10_000 ? 0 : 1))}k`;
  return String(Number(v.toFixed(v < 10 ? 2 : 0)));
}

/**
 * The top of the y axis: fitted to the data series (a round number just above their maximum), unless
 * fixed. Reference lines (limits) do not stretch it: a limit of 1,000 over a curve near 50 would flatten
 * the curve onto the axis. A reference within the fitted range is simply drawn where it is.
 */
export function chartTop(
  series: readonly ChartSeries[],
  options: { minMax?: number; fixedMax?: number } = {},
): number {
  if (options.fixedMax !== undefined) return options.fixedMax;
  let max = options.minMax ?? 1;
  for (const s of series) if (!s.reference) for (const v of s.values) if (v > max) max = v;
  return niceCeil(max * 1.05);
}

/** Whether a reference series goes above the top of the chart (its latest value, which is what is drawn). */
function aboveChart(s: ChartSeries, top: number): boolean {
  return s.reference === true && s.values.length > 0 && Math.max(...s.values) > top;
}

/** Legend numbers have room for the full figure: 1,000 rather than 1k. */
function fmtFull(v: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A small canvas line chart. Redraws only when its props change (the parent throttles that). */
export function LineChart({
  title,
  reading,
  series,
  timeRange,
  formatTime = (t) => `${Math.round(t).toLocaleString('en-US')} s`,
  cursor,
  format,
  minMax = 1,
  fixedMax,
}: LineChartProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const ids = useId();
  const top = chartTop(series, { minMax, fixedMax });
  const fmt = format ?? compact;

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    const width = Math.max(120, canvas.clientWidth || 300);
    if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(HEIGHT * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const p = readPalette(canvas);
    ctx.fillStyle = p.surface;
    ctx.fillRect(0, 0, width, HEIGHT);

    const n = Math.max(2, ...series.map((s) => s.values.length));
    const max = top;
    const left = 44;
    const topPx = 6;
    const bottom = HEIGHT - 6;
    const plotW = width - left - 4;
    const x = (i: number) => left + (i / (n - 1)) * plotW;
    // Values above the top (an off-scale limit) are drawn along the top edge.
    const y = (v: number) => bottom - (Math.min(v, max) / max) * (bottom - topPx);

    // Axes (their labels are HTML, below, so they follow the theme and can be read by tests).
    ctx.strokeStyle = p.border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, topPx);
    ctx.lineTo(left, bottom);
    ctx.lineTo(width - 4, bottom);
    ctx.stroke();

    for (const s of series) {
      if (s.values.length < 1) continue;
      ctx.strokeStyle = p[s.colour];
      ctx.lineWidth = 1.5;
      ctx.setLineDash(s.dashed ? [4, 3] : []);
      ctx.beginPath();
      s.values.forEach((v, i) => (i === 0 ? ctx.moveTo(x(i), y(v)) : ctx.lineTo(x(i), y(v))));
      ctx.stroke();
    }
    ctx.setLineDash([]);
    if (cursor !== undefined) {
      ctx.strokeStyle = p.fg;
      ctx.beginPath();
      ctx.moveTo(x(cursor), topPx);
      ctx.lineTo(x(cursor), bottom);
      ctx.stroke();
    }
  }, [series, cursor, top]);

  return (
    <figure className="pool-chart" aria-labelledby={`${ids}-title`} aria-describedby={`${ids}-reading`}>
      <figcaption>
        <strong id={`${ids}-title`}>{title}</strong>{' '}
        <span id={`${ids}-reading`} className="pool-chart-reading">
          {reading}
        </span>
      </figcaption>
      <div className="pool-chart-plot">
        <canvas ref={ref} aria-hidden="true" style={{ width: '100%', height: HEIGHT, display: 'block' }} />
        <span className="pool-chart-y pool-chart-y-top" aria-hidden="true" data-testid="chart-y-max">
          {fmt(top)}
        </span>
        <span className="pool-chart-y pool-chart-y-zero" aria-hidden="true">
          {fmt(0)}
        </span>
      </div>
      <p className="pool-chart-x" aria-hidden="true" data-testid="chart-x-range">
        <span>{formatTime(timeRange[0])}</span>
        <span className="visually-hidden"> – </span>
        <span>{formatTime(timeRange[1])}</span>
      </p>
      <ul className="pool-chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <span className={`pool-swatch pool-swatch-${s.colour}${s.dashed ? ' pool-swatch-dashed' : ''}`} />
            {s.label}
            {aboveChart(s, top) ? ` (${(format ?? fmtFull)(Math.max(...s.values))}, above the chart)` : ''}
          </li>
        ))}
      </ul>
    </figure>
  );
}
