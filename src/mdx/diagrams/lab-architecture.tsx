import { DiagramCanvas } from '../DiagramCanvas';
/**
 * What the five lab steps add up to, top to bottom, each box tagged with the step that adds it.
 */
const boxes = [
  {
    step: 1,
    title: 'HTTP API (API Gateway)',
    note: 'GET /hello and POST /orders',
    color: 'var(--diagram-aws)',
  },
  {
    step: 1,
    title: 'Lambda function',
    note: 'python3.14 or nodejs24.x, alias "live"',
    color: 'var(--diagram-code)',
  },
  { step: 2, title: 'Layer with dependencies', note: 'mounted under /opt', color: 'var(--diagram-code)' },
  {
    step: 3,
    title: 'VPC: two private subnets',
    note: 'gateway endpoint to DynamoDB, no NAT',
    color: 'var(--diagram-accent)',
  },
  {
    step: 4,
    title: 'Failure queue, JSON logs, X-Ray',
    note: 'on-failure destination for async calls',
    color: 'var(--diagram-aws)',
  },
  {
    step: 5,
    title: 'Provisioned concurrency',
    note: 'measured before and after, then removed',
    color: 'var(--diagram-accent)',
  },
] as const;

const ROW = 62;

export default function LabArchitectureDiagram() {
  const height = boxes.length * ROW + 20;
  return (
    <DiagramCanvas
      label="The lab's architecture built up over five steps"
      height={height}
      arrowId="lab-arrow"
    >
      {boxes.map((b, i) => {
        const y = 12 + i * ROW;
        return (
          <g key={b.title}>
            <circle
              cx="32"
              cy={y + 22}
              r="15"
              fill="var(--diagram-bg)"
              stroke="var(--diagram-fg)"
              strokeWidth="1.8"
            />
            <text
              x="32"
              y={y + 27}
              textAnchor="middle"
              fontSize="13"
              fontWeight="700"
              fill="var(--diagram-fg)"
            >
              {b.step}
            </text>
            <rect
              x="60"
              y={y}
              width="326"
              height="44"
              rx="8"
              fill={b.color}
              fillOpacity="0.12"
              stroke={b.color}
              strokeWidth="2"
            />
            <text x="74" y={y + 19} fontSize="13" fontWeight="700" fill="var(--diagram-fg)">
              {b.title}
            </text>
            <text x="74" y={y + 36} fontSize="11.5" fill="var(--diagram-fg)">
              {b.note}
            </text>
            {i < boxes.length - 1 ? (
              <line
                x1="223"
                y1={y + 44}
                x2="223"
                y2={y + ROW - 2}
                stroke="var(--diagram-fg)"
                strokeWidth="1.6"
                markerEnd="url(#lab-arrow)"
              />
            ) : null}
          </g>
        );
      })}
    </DiagramCanvas>
  );
}
