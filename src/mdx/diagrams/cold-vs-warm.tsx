/**
 * A cold start against a warm start as two timelines. Widths are illustrative: AWS publishes
 * no per-step timings, so the picture shows order and who owns each step, not durations.
 */
const W = 360;
const H = 318;

interface Seg {
  label: string;
  owner: 'aws' | 'code';
  grow: number;
}

const COLD: Seg[] = [
  { label: 'Fetch code', owner: 'aws', grow: 1 },
  { label: 'Start env', owner: 'aws', grow: 1 },
  { label: 'Ext + runtime', owner: 'aws', grow: 1.2 },
  { label: 'Your init', owner: 'code', grow: 1.1 },
];

function Row({ y, segs, x0, width }: { y: number; segs: Seg[]; x0: number; width: number }) {
  const total = segs.reduce((s, x) => s + x.grow, 0);
  // Left edge of each segment: the running sum of the widths before it.
  const widths = segs.map((s) => (s.grow / total) * width);
  const lefts = widths.map((_, i) => x0 + widths.slice(0, i).reduce((a, b) => a + b, 0));
  return (
    <g>
      {segs.map((s, i) => {
        const x = lefts[i] ?? x0;
        const w = widths[i] ?? 0;
        return (
          <g key={s.label}>
            <rect
              x={x + 1}
              y={y}
              width={w - 2}
              height="40"
              rx="6"
              fill="var(--diagram-bg)"
              stroke={s.owner === 'aws' ? 'var(--diagram-aws)' : 'var(--diagram-code)'}
              strokeWidth="2"
            />
            <text x={x + w / 2} y={y + 24} textAnchor="middle" fontSize="11.5" fill="var(--diagram-fg)">
              {s.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function Handler({ x, y, w }: { x: number; y: number; w: number }) {
  return (
    <g>
      <rect
        x={x}
        y={y}
        width={w}
        height="40"
        rx="6"
        fill="var(--diagram-bg)"
        stroke="var(--diagram-code)"
        strokeWidth="3"
      />
      <text
        x={x + w / 2}
        y={y + 24}
        textAnchor="middle"
        fontSize="12"
        fontWeight="600"
        fill="var(--diagram-fg)"
      >
        Handler
      </text>
    </g>
  );
}

export default function ColdVsWarmDiagram() {
  return (
    <svg
      role="img"
      aria-label="Timelines of a cold start and a warm start"
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: 560, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width={W} height={H} rx="10" fill="var(--diagram-bg)" />
      <text x="12" y="26" fontSize="14" fontWeight="700" fill="var(--diagram-fg)">
        Cold start: a new environment
      </text>
      <Row y={38} segs={COLD} x0={12} width={W - 24} />
      <Handler x={W - 112} y={86} w={100} />
      <path d={`M${W - 62} 80 V84`} stroke="var(--diagram-fg)" />
      <text x="12" y="112" fontSize="12" fill="var(--diagram-muted)">
        then the first event runs
      </text>
      <line x1="12" x2={W - 12} y1="146" y2="146" stroke="var(--diagram-border)" strokeDasharray="4 4" />
      <text x="12" y="174" fontSize="14" fontWeight="700" fill="var(--diagram-fg)">
        Warm start: environment reused
      </text>
      <rect
        x="12"
        y="186"
        width={W - 136}
        height="40"
        rx="6"
        fill="none"
        stroke="var(--diagram-border)"
        strokeDasharray="5 4"
      />
      <text x={12 + (W - 136) / 2} y="210" textAnchor="middle" fontSize="12" fill="var(--diagram-muted)">
        skipped: already initialised
      </text>
      <Handler x={W - 112} y={186} w={100} />
      {/* Legend */}
      <rect
        x="12"
        y="250"
        width="16"
        height="12"
        rx="3"
        fill="none"
        stroke="var(--diagram-aws)"
        strokeWidth="2"
      />
      <text x="34" y="261" fontSize="12" fill="var(--diagram-fg)">
        run by AWS
      </text>
      <rect
        x="130"
        y="250"
        width="16"
        height="12"
        rx="3"
        fill="none"
        stroke="var(--diagram-code)"
        strokeWidth="2"
      />
      <text x="152" y="261" fontSize="12" fill="var(--diagram-fg)">
        your code
      </text>
      <text x="12" y="290" fontSize="12" fill="var(--diagram-muted)">
        Widths are illustrative, not measured.
      </text>
      <text x="12" y="307" fontSize="12" fill="var(--diagram-muted)">
        Init and handler time are both billed.
      </text>
    </svg>
  );
}
