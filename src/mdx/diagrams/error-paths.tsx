import { DiagramCanvas } from '../DiagramCanvas';
/**
 * The three invocation models side by side (stacked for narrow screens): who holds the event,
 * who retries it, and where it ends up when retries run out.
 */
interface Lane {
  title: string;
  boxes: string[];
  notes: string[];
  color: string;
}

const lanes: Lane[] = [
  {
    title: 'Synchronous',
    boxes: ['API Gateway, ALB, URL, SDK', 'Function'],
    notes: ['The error goes straight back to the caller.', 'Lambda never retries: the caller decides.'],
    color: 'var(--diagram-accent)',
  },
  {
    title: 'Asynchronous',
    boxes: ['S3, SNS, EventBridge', 'Queue', 'Function'],
    notes: ['2 retries by default (~1 min, then ~2 min).', 'Then: on-failure destination or DLQ.'],
    color: 'var(--diagram-aws)',
  },
  {
    title: 'Event source mapping',
    boxes: ['SQS, Kinesis, DynamoDB', 'Poller', 'Function'],
    notes: ['Retries follow the source: SQS redelivers,', 'streams retry until the record expires.'],
    color: 'var(--diagram-code)',
  },
];

const LANE_H = 128;

export default function ErrorPathsDiagram() {
  return (
    <DiagramCanvas
      label="How synchronous, asynchronous and event source mapping invocations handle errors"
      height={lanes.length * LANE_H + 12}
      arrowId="ep-arrow"
    >
      {lanes.map((lane, i) => {
        const y = 8 + i * LANE_H;
        const gap = 18;
        // The source box carries the longest label, so it gets a wider share of the row.
        const weights = lane.boxes.map((_, j) => (j === 0 ? 1.9 : 1));
        const unit = (372 - 20 - gap * (lane.boxes.length - 1)) / weights.reduce((a, b) => a + b, 0);
        const xs = weights.map((_, j) => 24 + weights.slice(0, j).reduce((a, b) => a + b * unit + gap, 0));
        return (
          <g key={lane.title}>
            <rect
              x="14"
              y={y}
              width="372"
              height={LANE_H - 10}
              rx="8"
              fill={lane.color}
              fillOpacity="0.1"
              stroke={lane.color}
              strokeWidth="2"
            />
            <text x="26" y={y + 22} fontSize="14" fontWeight="700" fill="var(--diagram-fg)">
              {lane.title}
            </text>
            {lane.boxes.map((label, j) => {
              const x = xs[j] ?? 24;
              const boxW = (weights[j] ?? 1) * unit;
              return (
                <g key={label}>
                  <rect
                    x={x}
                    y={y + 32}
                    width={boxW}
                    height="34"
                    rx="6"
                    fill="var(--diagram-bg)"
                    stroke="var(--diagram-border)"
                    strokeWidth="1.5"
                  />
                  <text
                    x={x + boxW / 2}
                    y={y + 53}
                    textAnchor="middle"
                    fontSize="11"
                    fill="var(--diagram-fg)"
                  >
                    {label}
                  </text>
                  {j < lane.boxes.length - 1 ? (
                    <line
                      x1={x + boxW + 2}
                      y1={y + 49}
                      x2={x + boxW + gap - 2}
                      y2={y + 49}
                      stroke="var(--diagram-fg)"
                      strokeWidth="1.6"
                      markerEnd="url(#ep-arrow)"
                    />
                  ) : null}
                </g>
              );
            })}
            {lane.notes.map((note, k) => (
              <text key={note} x="26" y={y + 86 + k * 17} fontSize="12" fill="var(--diagram-fg)">
                {note}
              </text>
            ))}
          </g>
        );
      })}
    </DiagramCanvas>
  );
}
