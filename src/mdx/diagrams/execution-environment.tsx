/**
 * What one execution environment gives a function: memory (which also sets the CPU share) and
 * /tmp storage, plus a scale showing how vCPUs grow with memory (1,769 MB ≈ 1 vCPU, up to 6).
 */
const W = 360;
const H = 400;

interface CardProps {
  y: number;
  title: string;
  lines: string[];
  stroke: string;
}

function Card({ y, title, lines, stroke }: CardProps) {
  const h = 38 + lines.length * 17;
  return (
    <g>
      <rect
        x="16"
        y={y}
        width={W - 32}
        height={h}
        rx="8"
        fill="var(--diagram-bg)"
        stroke={stroke}
        strokeWidth="2"
      />
      <text x="30" y={y + 21} fontSize="14" fontWeight="600" fill="var(--diagram-fg)">
        {title}
      </text>
      {lines.map((line, i) => (
        <text key={line} x="30" y={y + 40 + i * 17} fontSize="13.5" fill="var(--diagram-muted)">
          {line}
        </text>
      ))}
    </g>
  );
}

// Memory (MB) to vCPU, proportional: 1,769 MB is one vCPU; capped at 6 vCPUs at 10,240 MB.
const SCALE = { x: 30, y: 330, w: W - 60 };
function sx(mb: number): number {
  return SCALE.x + (mb / 10240) * SCALE.w;
}

export default function ExecutionEnvironmentDiagram() {
  const ticks = [{ mb: 128 }, { mb: 1769 }, { mb: 10240 }];
  return (
    <svg
      role="img"
      aria-label="Execution environment resources: memory, CPU share and /tmp storage"
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: 520, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width={W} height={H} rx="10" fill="var(--diagram-bg)" />
      <text x={W / 2} y="24" textAnchor="middle" fontSize="14.5" fontWeight="700" fill="var(--diagram-fg)">
        One execution environment
      </text>
      <text x={W / 2} y="42" textAnchor="middle" fontSize="13" fill="var(--diagram-muted)">
        a micro-VM serving one request at a time
      </text>
      <Card
        y={56}
        title="Memory: 128 to 10,240 MB"
        lines={['set in 1 MB steps', 'the only compute dial you turn']}
        stroke="var(--diagram-code)"
      />
      <Card
        y={140}
        title="CPU: follows memory"
        lines={['more memory buys a larger CPU share', 'and more network bandwidth']}
        stroke="var(--diagram-aws)"
      />
      <Card
        y={224}
        title="/tmp: 512 to 10,240 MB"
        lines={['kept across warm invokes and resets', 'private to this environment']}
        stroke="var(--diagram-accent)"
      />
      {/* Memory → vCPU scale */}
      <text x={SCALE.x} y={SCALE.y - 6} fontSize="13" fontWeight="600" fill="var(--diagram-fg)">
        Memory to vCPU (proportional)
      </text>
      <rect
        x={SCALE.x}
        y={SCALE.y}
        width={SCALE.w}
        height="12"
        rx="6"
        fill="none"
        stroke="var(--diagram-border)"
      />
      <rect
        x={SCALE.x}
        y={SCALE.y}
        width={sx(1769) - SCALE.x}
        height="12"
        rx="6"
        fill="var(--diagram-accent)"
      />
      {ticks.map((t) => (
        <line
          key={t.mb}
          x1={sx(t.mb)}
          x2={sx(t.mb)}
          y1={SCALE.y + 12}
          y2={SCALE.y + 20}
          stroke="var(--diagram-fg)"
        />
      ))}
      <text x={sx(128)} y={SCALE.y + 34} fontSize="13" fill="var(--diagram-fg)">
        128 MB
      </text>
      <text x={sx(1769) - 4} y={SCALE.y + 52} fontSize="13" fill="var(--diagram-fg)">
        1,769 MB = 1 vCPU
      </text>
      <text x={sx(10240)} y={SCALE.y + 34} textAnchor="end" fontSize="13" fill="var(--diagram-fg)">
        10,240 MB
      </text>
      <text x={sx(10240)} y={SCALE.y + 52} textAnchor="end" fontSize="13" fill="var(--diagram-muted)">
        up to 6 vCPUs
      </text>
    </svg>
  );
}
