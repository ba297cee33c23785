import { DiagramCanvas } from '../DiagramCanvas';
/**
 * Where an asynchronous invocation's outcome can go: destinations get a full invocation record
 * (request and response or error); a dead-letter queue gets only the original event.
 */
const targets = [
  {
    title: 'On-success destination',
    lines: ['SQS, SNS, Lambda or EventBridge', 'Gets: event + function response'],
    color: 'var(--diagram-accent)',
  },
  {
    title: 'On-failure destination',
    lines: ['SQS, SNS, S3, Lambda or EventBridge', 'Gets: event + error type, message, attempts'],
    color: 'var(--diagram-aws)',
  },
  {
    title: 'Dead-letter queue (older)',
    lines: ['SQS queue or SNS topic, failures only', 'Gets: the original event, nothing else'],
    color: 'var(--diagram-muted)',
  },
] as const;

export default function AsyncDestinationsDiagram() {
  return (
    <DiagramCanvas
      label="An asynchronous invocation's result routed to success and failure destinations or a dead-letter queue"
      height={372}
      arrowId="ad-arrow"
    >
      <rect
        x="80"
        y="12"
        width="240"
        height="54"
        rx="8"
        fill="var(--diagram-code)"
        fillOpacity="0.12"
        stroke="var(--diagram-code)"
        strokeWidth="2"
      />
      <text x="200" y="35" textAnchor="middle" fontSize="14" fontWeight="700" fill="var(--diagram-fg)">
        Function (async invoke)
      </text>
      <text x="200" y="54" textAnchor="middle" fontSize="12" fill="var(--diagram-fg)">
        after the last retry, or on success
      </text>
      <line
        x1="200"
        y1="66"
        x2="200"
        y2="104"
        stroke="var(--diagram-fg)"
        strokeWidth="1.8"
        markerEnd="url(#ad-arrow)"
      />
      <text x="210" y="90" fontSize="12" fill="var(--diagram-fg)">
        one record per outcome
      </text>
      {targets.map((t, i) => {
        const y = 108 + i * 86;
        return (
          <g key={t.title}>
            <rect
              x="24"
              y={y}
              width="352"
              height="74"
              rx="8"
              fill={t.color}
              fillOpacity="0.12"
              stroke={t.color}
              strokeWidth="2"
              strokeDasharray={i === 2 ? '6 4' : undefined}
            />
            <text x="38" y={y + 24} fontSize="13.5" fontWeight="700" fill="var(--diagram-fg)">
              {t.title}
            </text>
            {t.lines.map((line, j) => (
              <text key={line} x="38" y={y + 45 + j * 18} fontSize="12" fill="var(--diagram-fg)">
                {line}
              </text>
            ))}
          </g>
        );
      })}
    </DiagramCanvas>
  );
}
