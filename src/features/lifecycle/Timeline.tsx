import type { Segment } from './explorerSimulation';
import { buildTimeAxis, formatMs } from './timelineLayout';

interface Props {
  segments: Segment[];
  environments: number[];
  now: number;
}

const WIDTH = 600;
const LANE_H = 16;
const ENV_GAP = 10;

/** Two lanes per environment: what AWS does (platform) and what your code does; billed time underlined. */
export function Timeline({ segments, environments, now }: Props) {
  if (segments.length === 0) {
    return <p className="lc-empty">Nothing has run yet. Press Invoke to start a cold start.</p>;
  }
  const axis = buildTimeAxis(segments, now, WIDTH);
  const rowH = 2 * LANE_H + 6;
  const height = environments.length * (rowH + ENV_GAP);
  const end = (s: Segment) => s.end ?? now;
  const t0 = Math.min(...segments.map((s) => s.start));

  return (
    <div className="lc-timeline">
      <div className="lc-timeline-grid">
        <div className="lc-lane-labels" aria-hidden="true">
          {environments.map((n) => (
            <div key={n} className="lc-lane-group" style={{ height: rowH + ENV_GAP }}>
              <span className="lc-lane-name aws">
                {environments.length > 1 ? `Env ${n} · ` : ''}AWS (platform)
              </span>
              <span className="lc-lane-name code">Your code</span>
            </div>
          ))}
        </div>
        <svg
          className="lc-timeline-svg"
          viewBox={`0 0 ${WIDTH} ${height}`}
          preserveAspectRatio="none"
          aria-hidden="true"
          style={{ height: environments.length * (rowH + ENV_GAP) }}
        >
          {axis.gaps.map((g, i) => (
            <g key={`gap-${i}`} className="lc-gap">
              <rect x={g.x} y={0} width={g.w} height={height} />
            </g>
          ))}
          {segments.map((s) => {
            const row = environments.indexOf(s.env);
            if (row < 0) return null;
            const x1 = axis.x(s.start);
            const x2 = axis.x(end(s));
            const y = row * (rowH + ENV_GAP) + (s.lane === 'aws' ? 0 : LANE_H + 4);
            const w = Math.max(x2 - x1, 1.5);
            return (
              <g
                key={s.id}
                className={`lc-seg lc-seg-${s.lane} lc-kind-${s.kind}${s.billed ? ' is-billed' : ''}`}
              >
                <rect x={x1} y={y} width={w} height={LANE_H - 4} />
                {s.billed ? (
                  <rect className="lc-billed" x={x1} y={y + LANE_H - 3} width={w} height={3} />
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
      <p className="lc-legend">
        <span className="lc-key aws" aria-hidden="true" /> AWS (platform){' '}
        <span className="lc-key code" aria-hidden="true" /> Your code{' '}
        <span className="lc-key frozen" aria-hidden="true" /> Frozen{' '}
        <span className="lc-key billed" aria-hidden="true" /> Billed (on-demand Init has been billed since 1
        August 2025; with provisioned concurrency Init is covered by its own charge). Long idle gaps are
        squeezed
        {axis.gaps.length > 0 ? ` (${axis.gaps.map((g) => formatMs(g.ms)).join(', ')})` : ''}.
      </p>
      <details className="lc-timeline-text">
        <summary>Timeline as text</summary>
        <ol>
          {segments.map((s) => (
            <li key={s.id}>
              Env {s.env}, {s.lane === 'aws' ? 'AWS (platform)' : 'Your code'}: {s.label},{' '}
              {formatMs(s.start - t0)} to {s.end === null ? 'now' : formatMs(s.end - t0)} (
              {formatMs(end(s) - s.start)}){s.billed ? ', billed' : ', not billed'}
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}
