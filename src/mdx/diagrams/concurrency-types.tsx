/** The three kinds of concurrency, one row each: what it is, what it guarantees, what it costs. */
const rows = [
  {
    title: 'Unreserved',
    color: 'var(--diagram-accent)',
    lines: ['Shared by every function without a reservation.', 'First come, first served. No extra charge.'],
  },
  {
    title: 'Reserved',
    color: 'var(--diagram-aws)',
    lines: [
      'Carved out for one function: its floor and its ceiling.',
      'Nobody else can use it. No extra charge.',
    ],
  },
  {
    title: 'Provisioned',
    color: 'var(--diagram-code)',
    lines: [
      'Environments initialised ahead of traffic: no cold start',
      'while they last. Billed for every second enabled.',
    ],
  },
] as const;

export default function ConcurrencyTypesDiagram() {
  return (
    <svg
      role="img"
      aria-label="Unreserved, reserved and provisioned concurrency compared"
      viewBox="0 0 400 300"
      style={{ width: '100%', maxWidth: 560, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width="400" height="300" rx="10" fill="var(--diagram-bg)" />
      {rows.map((r, i) => {
        const y = 14 + i * 94;
        return (
          <g key={r.title}>
            <rect
              x="14"
              y={y}
              width="372"
              height="80"
              rx="8"
              fill={r.color}
              fillOpacity="0.12"
              stroke={r.color}
              strokeWidth="2"
            />
            <text x="28" y={y + 24} fontSize="15" fontWeight="700" fill="var(--diagram-fg)">
              {r.title}
            </text>
            {r.lines.map((line, j) => (
              <text key={line} x="28" y={y + 46 + j * 19} fontSize="12.5" fill="var(--diagram-fg)">
                {line}
              </text>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
