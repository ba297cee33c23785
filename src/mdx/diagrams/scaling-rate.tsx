/**
 * Concurrency a single function can reach over its first two minutes of a sudden spike:
 * the current model (+1,000 environments every 10 s) against the pre-2023 model as it
 * applied in the largest Regions (3,000 at once, then +500 per minute). Account limit
 * assumed raised to 10,000 so the curves are not cut off.
 */
const W = 400;
const H = 320;
const PLOT = { x: 56, y: 40, w: 320, h: 190 };
const T_MAX = 120; // seconds
const C_MAX = 10000;

function px(t: number): number {
  return PLOT.x + (t / T_MAX) * PLOT.w;
}
function py(c: number): number {
  return PLOT.y + PLOT.h - (c / C_MAX) * PLOT.h;
}

// Current model: a step of 1,000 every 10 s.
function currentPath(): string {
  let d = `M${px(0)} ${py(1000)}`;
  for (let t = 10; t <= T_MAX; t += 10) {
    const c = Math.min(C_MAX, (t / 10 + 1) * 1000);
    d += ` H${px(t)} V${py(c)}`;
  }
  return d;
}

// Old model (largest Regions): 3,000 immediately, then 500 more per minute.
function oldPath(): string {
  return `M${px(0)} ${py(3000)} H${px(60)} V${py(3500)} H${px(120)} V${py(4000)}`;
}

export default function ScalingRateDiagram() {
  const yTicks = [0, 2500, 5000, 7500, 10000];
  const xTicks = [0, 30, 60, 90, 120];
  return (
    <svg
      role="img"
      aria-label="Line chart: the current model climbs 1,000 every 10 seconds; the old model jumps to 3,000 then adds 500 per minute"
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: 560, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width={W} height={H} rx="10" fill="var(--diagram-bg)" />
      <text x={W / 2} y="24" textAnchor="middle" fontSize="14" fontWeight="600" fill="var(--diagram-fg)">
        One function, sudden spike (account limit 10,000)
      </text>
      {yTicks.map((c) => (
        <g key={c}>
          <line
            x1={PLOT.x}
            x2={PLOT.x + PLOT.w}
            y1={py(c)}
            y2={py(c)}
            stroke="var(--diagram-border)"
            strokeWidth="1"
          />
          <text x={PLOT.x - 6} y={py(c) + 4} textAnchor="end" fontSize="11.5" fill="var(--diagram-fg)">
            {c === 0 ? '0' : `${c / 1000}k`}
          </text>
        </g>
      ))}
      {xTicks.map((t) => (
        <text
          key={t}
          x={px(t)}
          y={PLOT.y + PLOT.h + 18}
          textAnchor="middle"
          fontSize="11.5"
          fill="var(--diagram-fg)"
        >
          {t}s
        </text>
      ))}
      <text
        x={PLOT.x + PLOT.w / 2}
        y={PLOT.y + PLOT.h + 36}
        textAnchor="middle"
        fontSize="12"
        fill="var(--diagram-fg)"
      >
        seconds since the spike began
      </text>
      <path d={oldPath()} fill="none" stroke="var(--diagram-muted)" strokeWidth="3" strokeDasharray="7 5" />
      <path d={currentPath()} fill="none" stroke="var(--diagram-accent)" strokeWidth="3" />
      <g transform={`translate(${PLOT.x}, ${H - 14})`}>
        <line x1="0" x2="24" y1="0" y2="0" stroke="var(--diagram-accent)" strokeWidth="3" />
        <text x="30" y="4" fontSize="12" fill="var(--diagram-fg)">
          Since Nov 2023
        </text>
        <line
          x1="150"
          x2="174"
          y1="0"
          y2="0"
          stroke="var(--diagram-muted)"
          strokeWidth="3"
          strokeDasharray="7 5"
        />
        <text x="180" y="4" fontSize="12" fill="var(--diagram-fg)">
          Old model
        </text>
      </g>
    </svg>
  );
}
