/**
 * Illustrative memory sweep for a CPU-bound, single-threaded function, as paired horizontal bars:
 * duration falls in proportion to memory up to about one vCPU (1,769 MB), so cost per million
 * stays flat, then duration stops improving and cost climbs. Numbers match the lesson's table;
 * they are not AWS data.
 */
const W = 360;
const ROW_H = 50;
const TOP = 44;

const POINTS = [
  { mb: '128 MB', ms: 2400, cost: 5.0 },
  { mb: '512 MB', ms: 600, cost: 5.0 },
  { mb: '1,024 MB', ms: 300, cost: 5.0 },
  { mb: '1,769 MB', ms: 175, cost: 5.04 },
  { mb: '3,008 MB', ms: 170, cost: 8.32 },
];

const H = TOP + POINTS.length * ROW_H + 52;
const BAR_X = 84;
const BAR_MAX = 200;

export default function MemoryCostCurveDiagram() {
  return (
    <svg
      role="img"
      aria-label="Illustrative memory sweep: duration falls as memory rises while cost stays flat until about one vCPU, then cost rises"
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: 560, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width={W} height={H} rx="10" fill="var(--diagram-bg)" />
      <text x={W / 2} y="24" textAnchor="middle" fontSize="14" fontWeight="700" fill="var(--diagram-fg)">
        Memory sweep (illustrative)
      </text>
      {POINTS.map((p, i) => {
        const y = TOP + i * ROW_H;
        const msW = (p.ms / 2400) * BAR_MAX;
        const costW = (p.cost / 10) * BAR_MAX;
        return (
          <g key={p.mb}>
            <text x="12" y={y + 24} fontSize="12" fontWeight="600" fill="var(--diagram-fg)">
              {p.mb}
            </text>
            <rect x={BAR_X} y={y + 4} width={msW} height="16" rx="3" fill="var(--diagram-code)" />
            <text x={BAR_X + msW + 6} y={y + 17} fontSize="12.5" fill="var(--diagram-fg)">
              {p.ms.toLocaleString('en-US')} ms
            </text>
            <rect x={BAR_X} y={y + 24} width={costW} height="16" rx="3" fill="var(--diagram-accent)" />
            <text x={BAR_X + costW + 6} y={y + 37} fontSize="12.5" fill="var(--diagram-fg)">
              ${p.cost.toFixed(2)}
            </text>
          </g>
        );
      })}
      <g transform={`translate(12, ${H - 36})`}>
        <rect x="0" y="-9" width="18" height="12" rx="2" fill="var(--diagram-code)" />
        <text x="24" y="2" fontSize="12" fill="var(--diagram-fg)">
          average duration
        </text>
        <rect x="0" y="11" width="18" height="12" rx="2" fill="var(--diagram-accent)" />
        <text x="24" y="22" fontSize="12" fill="var(--diagram-fg)">
          compute cost per million invocations (x86)
        </text>
      </g>
    </svg>
  );
}
