/**
 * One Region's concurrency split: the module's example (1,000 total; functions A and B reserve
 * 100 and 200) drawn as a single bar, with the unreserved pool shown as what it really is: 700.
 */
const segments = [
  { label: 'Unreserved, busy', value: 600, color: 'var(--diagram-accent)' },
  { label: 'Unreserved, idle', value: 100, color: 'var(--diagram-muted)' },
  { label: 'Reserved: A', value: 100, color: 'var(--diagram-aws)' },
  { label: 'Reserved: B', value: 200, color: 'var(--diagram-code)' },
] as const;

const X0 = 20;
const WIDTH = 360;
const SCALE = WIDTH / 1000;

// Static data, so the layout is computed once at module load: each segment starts where the previous ones end.
const placed = segments.map((s, i) => ({
  ...s,
  x: X0 + segments.slice(0, i).reduce((sum, prev) => sum + prev.value * SCALE, 0),
  w: s.value * SCALE,
}));

export default function AccountSplitDiagram() {
  return (
    <svg
      role="img"
      aria-label="Account concurrency of 1,000 split into an unreserved pool of 700 and reservations of 100 and 200"
      viewBox="0 0 400 270"
      style={{ width: '100%', maxWidth: 560, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width="400" height="270" rx="10" fill="var(--diagram-bg)" />
      <text x="200" y="28" textAnchor="middle" fontSize="15" fontWeight="600" fill="var(--diagram-fg)">
        Account limit: 1,000 (one Region)
      </text>
      {placed.map((s) => (
        <g key={s.label}>
          <rect
            x={s.x}
            y="48"
            width={s.w}
            height="48"
            fill={s.color}
            fillOpacity="0.22"
            stroke={s.color}
            strokeWidth="2"
          />
          <text
            x={s.x + s.w / 2}
            y="77"
            textAnchor="middle"
            fontSize="13"
            fontWeight="600"
            fill="var(--diagram-fg)"
          >
            {s.value}
          </text>
        </g>
      ))}
      {/* Braces: which part is the shared pool, which part is fenced off. */}
      <path
        d={`M${X0} 106 v8 h${700 * SCALE} v-8`}
        fill="none"
        stroke="var(--diagram-fg)"
        strokeWidth="1.5"
      />
      <text x={X0 + (700 * SCALE) / 2} y="132" textAnchor="middle" fontSize="13" fill="var(--diagram-fg)">
        Unreserved pool: 700
      </text>
      <path
        d={`M${X0 + 700 * SCALE + 2} 106 v8 h${300 * SCALE - 2} v-8`}
        fill="none"
        stroke="var(--diagram-fg)"
        strokeWidth="1.5"
      />
      <text
        x={X0 + 700 * SCALE + (300 * SCALE) / 2}
        y="132"
        textAnchor="middle"
        fontSize="13"
        fill="var(--diagram-fg)"
      >
        Reserved: 300
      </text>
      {placed.map((s, i) => (
        <g
          key={`legend-${s.label}`}
          transform={`translate(${i % 2 === 0 ? 20 : 210}, ${160 + Math.floor(i / 2) * 28})`}
        >
          <rect
            x="0"
            y="-12"
            width="16"
            height="16"
            fill={s.color}
            fillOpacity="0.22"
            stroke={s.color}
            strokeWidth="2"
          />
          <text x="24" y="1" fontSize="13" fill="var(--diagram-fg)">
            {s.label} ({s.value})
          </text>
        </g>
      ))}
      <text x="20" y="232" fontSize="12.5" fill="var(--diagram-fg)">
        Every function without a reservation shares the 700.
      </text>
      <text x="20" y="252" fontSize="12.5" fill="var(--diagram-fg)">
        Lambda always keeps at least 100 unreserved.
      </text>
    </svg>
  );
}
