import { useEffect, useRef } from 'react';
import { readPalette } from './palette';

export interface ChartSeries {
  label: string;
  values: readonly number[];
  /** A palette key: which theme colour draws this series. */
  colour: 'accent' | 'warn' | 'danger' | 'ok' | 'provisioned' | 'fg' | 'muted';
  dashed?: boolean;
}

export interface LineChartProps {
  title: string;
  /** What the chart says right now, as text (visible, and the accessible description). */
  reading: string;
  series: readonly ChartSeries[];
  /** Seconds of simulated time per sample (x axis labels). */
  secondsPerSample: number;
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

/** A small canvas line chart. Redraws only when its props change (the parent throttles that). */
export function LineChart({
  title,
  reading,
  series,
  secondsPerSample,
  cursor,
  format,
  minMax = 1,
  fixedMax,
}: LineChartProps) {
  const ref = useRef<HTMLCanvasElement>(null);

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
    let max = minMax;
    for (const s of series) for (const v of s.values) if (v > max) max = v;
    max = fixedMax ?? niceCeil(max * 1.05);
    const left = 44;
    const top = 6;
    const bottom = HEIGHT - 16;
    const plotW = width - left - 4;
    const x = (i: number) => left + (i / (n - 1)) * plotW;
    const y = (v: number) => bottom - (v / max) * (bottom - top);

    // Axes and labels.
    ctx.strokeStyle = p.border;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(left, top);
    ctx.lineTo(left, bottom);
    ctx.lineTo(width - 4, bottom);
    ctx.stroke();
    ctx.fillStyle = p.muted;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const fmt = format ?? compact;
    ctx.fillText(fmt(max), left - 4, top + 4);
    ctx.fillText(fmt(0), left - 4, bottom);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('0 s', left, HEIGHT - 3);
    ctx.textAlign = 'right';
    ctx.fillText(
      `${Math.round((n - 1) * secondsPerSample).toLocaleString('en-US')} s`,
      width - 4,
      HEIGHT - 3,
    );

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
      ctx.moveTo(x(cursor), top);
      ctx.lineTo(x(cursor), bottom);
      ctx.stroke();
    }
  }, [series, secondsPerSample, cursor, format, minMax, fixedMax]);

  return (
    <figure className="pool-chart">
      <figcaption>
        <strong>{title}</strong> <span className="pool-chart-reading">{reading}</span>
      </figcaption>
      <canvas ref={ref} aria-hidden="true" style={{ width: '100%', height: HEIGHT, display: 'block' }} />
      <ul className="pool-chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <span className={`pool-swatch pool-swatch-${s.colour}${s.dashed ? ' pool-swatch-dashed' : ''}`} />
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
