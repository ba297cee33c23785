import { useMemo } from 'react';
import { environmentTable } from '../../sim';
import { eventLabel, layoutStatechart } from './statechartLayout';

export { eventLabel };

interface Props {
  /** Leaf state id of the environment shown, e.g. 'initializing.runtime'; null when none exists yet. */
  current: string | null;
  titleId: string;
}

/** The environment statechart, laid out from environmentMachine's own definition. */
export function Statechart({ current, titleId }: Props) {
  const layout = useMemo(() => layoutStatechart(environmentTable), []);
  const active = new Set<string>();
  if (current) {
    const parts = current.split('.');
    for (let i = 1; i <= parts.length; i++) active.add(parts.slice(0, i).join('.'));
  }
  const next = current ? environmentTable.enabledIn(current) : [];
  const nextEdges = new Set(next.map((t) => `${t.source}→${t.target}`));

  return (
    <svg
      className="lc-chart"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      role="img"
      aria-labelledby={titleId}
      preserveAspectRatio="xMidYMin meet"
    >
      <defs>
        <pattern id="lc-final" width="4" height="4" patternUnits="userSpaceOnUse">
          <path d="M0,4 L4,0" className="lc-hatch" />
        </pattern>
      </defs>
      {layout.boxes
        .filter((b) => b.compound)
        .map((b) => (
          <g key={b.id} className={`lc-node lc-compound${active.has(b.id) ? ' is-active' : ''}`}>
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={8} />
            <text x={b.x + 8} y={b.y + 15} className="lc-node-title">
              {b.label}
            </text>
          </g>
        ))}
      {layout.edges.map((e) => {
        const hot = nextEdges.has(e.id);
        return (
          <g key={e.id} className={`lc-edge${hot ? ' is-next' : ''}`}>
            <path d={e.path} fill="none" />
            <polygon points={e.head} />
            <title>{e.labels.join(', ')}</title>
          </g>
        );
      })}
      {layout.boxes
        .filter((b) => !b.compound)
        .map((b) => (
          <g
            key={b.id}
            className={`lc-node lc-leaf${active.has(b.id) ? ' is-active' : ''}${b.final ? ' is-final' : ''}`}
          >
            <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={b.final ? 17 : 6} />
            <text x={b.x + b.w / 2} y={b.y + b.h / 2 + 4} textAnchor="middle">
              {b.label}
            </text>
            {b.description ? <title>{b.description}</title> : null}
          </g>
        ))}
    </svg>
  );
}
