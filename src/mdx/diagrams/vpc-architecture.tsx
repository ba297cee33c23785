import { DiagramCanvas } from '../DiagramCanvas';
/**
 * A function attached to a VPC: Hyperplane ENIs in private subnets of two Availability Zones,
 * private resources beside them, and the three ways out — gateway endpoints, interface
 * endpoints and a NAT gateway.
 */
const azs = [
  { x: 26, name: 'AZ a · private subnet', resource: 'RDS primary' },
  { x: 206, name: 'AZ b · private subnet', resource: 'ElastiCache node' },
];

const exits = [
  {
    title: 'Gateway endpoints → S3, DynamoDB',
    note: 'a route in the route table · no charge',
    color: 'var(--diagram-accent)',
  },
  {
    title: 'Interface endpoints → Secrets Manager, SQS',
    note: 'ENIs in your subnets · hourly + per GB',
    color: 'var(--diagram-code)',
  },
  {
    title: 'NAT gateway → internet gateway → internet',
    note: 'in a public subnet · hourly + per GB',
    color: 'var(--diagram-aws)',
  },
];

export default function VpcArchitectureDiagram() {
  return (
    <DiagramCanvas
      label="Lambda connected to two private subnets through Hyperplane ENIs, with endpoints and a NAT gateway for outbound traffic"
      height={480}
      arrowId="vpc-arrow"
    >
      {/* The function itself never lives in your VPC: it reaches in through the ENIs. */}
      <rect
        x="70"
        y="12"
        width="260"
        height="48"
        rx="8"
        fill="var(--diagram-code)"
        fillOpacity="0.12"
        stroke="var(--diagram-code)"
        strokeWidth="2"
      />
      <text x="200" y="32" textAnchor="middle" fontSize="14" fontWeight="700" fill="var(--diagram-fg)">
        Lambda function
      </text>
      <text x="200" y="50" textAnchor="middle" fontSize="11.5" fill="var(--diagram-fg)">
        runs in the Lambda service's network
      </text>
      <line
        x1="160"
        y1="60"
        x2="112"
        y2="138"
        stroke="var(--diagram-fg)"
        strokeWidth="1.6"
        markerEnd="url(#vpc-arrow)"
      />
      <line
        x1="240"
        y1="60"
        x2="288"
        y2="138"
        stroke="var(--diagram-fg)"
        strokeWidth="1.6"
        markerEnd="url(#vpc-arrow)"
      />

      <rect
        x="12"
        y="80"
        width="376"
        height="388"
        rx="10"
        fill="none"
        stroke="var(--diagram-border)"
        strokeWidth="2"
      />
      <text x="24" y="100" fontSize="13" fontWeight="700" fill="var(--diagram-fg)">
        Your VPC
      </text>
      {azs.map((az) => (
        <g key={az.name}>
          <rect
            x={az.x}
            y="110"
            width="168"
            height="150"
            rx="8"
            fill="var(--diagram-muted)"
            fillOpacity="0.08"
            stroke="var(--diagram-muted)"
            strokeWidth="1.5"
            strokeDasharray="6 4"
          />
          <text x={az.x + 10} y="128" fontSize="11.5" fontWeight="600" fill="var(--diagram-fg)">
            {az.name}
          </text>
          <rect
            x={az.x + 14}
            y="140"
            width="140"
            height="40"
            rx="6"
            fill="var(--diagram-bg)"
            stroke="var(--diagram-code)"
            strokeWidth="2"
          />
          <text
            x={az.x + 84}
            y="157"
            textAnchor="middle"
            fontSize="12"
            fontWeight="600"
            fill="var(--diagram-fg)"
          >
            Hyperplane ENI
          </text>
          <text x={az.x + 84} y="173" textAnchor="middle" fontSize="10.5" fill="var(--diagram-fg)">
            shared · security group
          </text>
          <line
            x1={az.x + 84}
            y1="180"
            x2={az.x + 84}
            y2="204"
            stroke="var(--diagram-fg)"
            strokeWidth="1.6"
            markerEnd="url(#vpc-arrow)"
          />
          <rect
            x={az.x + 14}
            y="208"
            width="140"
            height="40"
            rx="6"
            fill="var(--diagram-bg)"
            stroke="var(--diagram-border)"
            strokeWidth="2"
          />
          <text x={az.x + 84} y="233" textAnchor="middle" fontSize="12" fill="var(--diagram-fg)">
            {az.resource}
          </text>
        </g>
      ))}
      <text x="26" y="284" fontSize="12" fontWeight="600" fill="var(--diagram-fg)">
        Ways out of the private subnets:
      </text>
      {exits.map((exit, i) => {
        const y = 294 + i * 56;
        return (
          <g key={exit.title}>
            <rect
              x="26"
              y={y}
              width="348"
              height="46"
              rx="6"
              fill={exit.color}
              fillOpacity="0.12"
              stroke={exit.color}
              strokeWidth="2"
            />
            <text x="38" y={y + 19} fontSize="12" fontWeight="600" fill="var(--diagram-fg)">
              {exit.title}
            </text>
            <text x="38" y={y + 36} fontSize="11" fill="var(--diagram-fg)">
              {exit.note}
            </text>
          </g>
        );
      })}
    </DiagramCanvas>
  );
}
