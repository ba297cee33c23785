/**
 * Cost and duration against memory, as Lambda Power Tuning charts them: memory sizes along the bottom, duration on
 * the left axis, cost on the right. Every point is keyboard-focusable with its figures as its name, and the same
 * figures are in a table (the chart's text alternative). No animation, so nothing moves under reduced motion.
 */
import { useId, useState } from 'react';
import type { PowerResult } from '../../sim/powerTuning';

const WIDTH = 560;
const HEIGHT = 260;
const PAD = { left: 64, right: 72, top: 16, bottom: 44 };

/** Cost per million invocations reads better than fractions of a cent. */
export function perMillion(costUsd: number): string {
  return `$${(costUsd * 1e6).toFixed(2)}`;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export interface PowerTuningChartProps {
  results: readonly PowerResult[];
  /** Highlighted size (the function's current memory, or the learner's pick). */
  chosenMb?: number | undefined;
  cheapestMb?: number | undefined;
  fastestMb?: number | undefined;
}

export function PowerTuningChart({ results, chosenMb, cheapestMb, fastestMb }: PowerTuningChartProps) {
  const id = useId();
  const [focused, setFocused] = useState<number | null>(null);
  if (results.length === 0) return null;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const maxMs = Math.max(...results.map((r) => r.billedMs)) * 1.1 || 1;
  const maxCost = Math.max(...results.map((r) => r.costUsd)) * 1.1 || 1;
  // Sizes are evenly spaced (as Power Tuning's chart does), not to scale: 128 and 3008 would crowd otherwise.
  const x = (i: number) =>
    PAD.left + (results.length === 1 ? innerW / 2 : (i * innerW) / (results.length - 1));
  const yMs = (ms: number) => PAD.top + innerH - (ms / maxMs) * innerH;
  const yCost = (c: number) => PAD.top + innerH - (c / maxCost) * innerH;
  const line = (f: (r: PowerResult) => number) =>
    results.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${f(r).toFixed(1)}`).join(' ');
  const ticks = [0, 0.5, 1];
  const describe = (r: PowerResult) =>
    `${r.memoryMb} MB: ${formatMs(r.billedMs)} billed, ${perMillion(r.costUsd)} per million invocations` +
    (r.memoryMb === cheapestMb ? ', cheapest' : '') +
    (r.memoryMb === fastestMb ? ', fastest' : '') +
    (r.memoryMb === chosenMb ? ', your choice' : '');
  return (
    <figure className="ptune-chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="group"
        aria-labelledby={`${id}-caption`}
        className="ptune-chart__svg"
      >
        <title>Duration and cost against memory</title>
        {ticks.map((t) => (
          <line
            key={t}
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={PAD.top + innerH * (1 - t)}
            y2={PAD.top + innerH * (1 - t)}
            className="ptune-chart__grid"
          />
        ))}
        {ticks.map((t) => (
          <text
            key={`ms-${t}`}
            x={PAD.left - 6}
            y={PAD.top + innerH * (1 - t) + 4}
            textAnchor="end"
            className="ptune-chart__tick"
          >
            {formatMs(maxMs * t)}
          </text>
        ))}
        {ticks.map((t) => (
          <text
            key={`c-${t}`}
            x={WIDTH - PAD.right + 6}
            y={PAD.top + innerH * (1 - t) + 4}
            className="ptune-chart__tick"
          >
            {perMillion(maxCost * t)}
          </text>
        ))}
        <text
          x={14}
          y={PAD.top + innerH / 2}
          transform={`rotate(-90 14 ${PAD.top + innerH / 2})`}
          textAnchor="middle"
          className="ptune-chart__axis"
        >
          Billed duration (ms)
        </text>
        <text
          x={WIDTH - 10}
          y={PAD.top + innerH / 2}
          transform={`rotate(90 ${WIDTH - 10} ${PAD.top + innerH / 2})`}
          textAnchor="middle"
          className="ptune-chart__axis"
        >
          Cost per million ($)
        </text>
        <text x={PAD.left + innerW / 2} y={HEIGHT - 6} textAnchor="middle" className="ptune-chart__axis">
          Memory (MB)
        </text>
        {results.map((r, i) => (
          <text
            key={`x-${r.memoryMb}`}
            x={x(i)}
            y={PAD.top + innerH + 18}
            textAnchor="middle"
            className="ptune-chart__tick"
          >
            {r.memoryMb}
          </text>
        ))}
        <path d={line((r) => yMs(r.billedMs))} className="ptune-chart__line ptune-chart__line--ms" />
        <path d={line((r) => yCost(r.costUsd))} className="ptune-chart__line ptune-chart__line--cost" />
        {results.map((r, i) => (
          <g
            key={r.memoryMb}
            tabIndex={0}
            role="img"
            aria-label={describe(r)}
            className={`ptune-chart__point ${r.memoryMb === chosenMb ? 'ptune-chart__point--chosen' : ''}`}
            onFocus={() => setFocused(i)}
            onBlur={() => setFocused(null)}
            onMouseEnter={() => setFocused(i)}
            onMouseLeave={() => setFocused(null)}
          >
            <circle cx={x(i)} cy={yMs(r.billedMs)} r={5} className="ptune-chart__dot ptune-chart__dot--ms" />
            <rect
              x={x(i) - 4.5}
              y={yCost(r.costUsd) - 4.5}
              width={9}
              height={9}
              className="ptune-chart__dot ptune-chart__dot--cost"
            />
            {/* A wider invisible target, so the point is easy to hover. */}
            <rect x={x(i) - 16} y={PAD.top} width={32} height={innerH} className="ptune-chart__hit" />
          </g>
        ))}
      </svg>
      <p className="ptune-chart__readout" aria-hidden="true">
        {focused !== null && results[focused]
          ? describe(results[focused])
          : 'Focus or hover a memory size for its figures.'}
      </p>
      <figcaption id={`${id}-caption`}>
        <span className="ptune-key ptune-key--ms" aria-hidden="true">
          ●
        </span>{' '}
        billed duration (left axis),{' '}
        <span className="ptune-key ptune-key--cost" aria-hidden="true">
          ■
        </span>{' '}
        cost per million invocations (right axis), by memory size. The table below has the same figures.
      </figcaption>
      <table className="ptune-table">
        <caption>Power tuning results</caption>
        <thead>
          <tr>
            <th scope="col">Memory</th>
            <th scope="col">Billed duration (trimmed mean)</th>
            <th scope="col">Cost per million invocations</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.memoryMb} className={r.memoryMb === chosenMb ? 'ptune-table__chosen' : undefined}>
              <th scope="row">{r.memoryMb} MB</th>
              <td>{formatMs(r.billedMs)}</td>
              <td>{perMillion(r.costUsd)}</td>
              <td>
                {[
                  r.memoryMb === cheapestMb ? 'cheapest' : '',
                  r.memoryMb === fastestMb ? 'fastest' : '',
                  r.memoryMb === chosenMb ? 'your function' : '',
                  r.errors > 0 ? `${r.errors} errors` : '',
                ]
                  .filter(Boolean)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
