import { DiagramCanvas } from '../DiagramCanvas';
/**
 * The order workflow of next-module's ASL: five working states (a task, a choice, a retried payment
 * task, shipping, a notification) and its two end states, OrderShipped (Succeed) and
 * OrderNotFulfilled (Fail). Drawn top to bottom so it reads on a phone.
 */
function State({
  x,
  y,
  w,
  title,
  kind,
  accent,
}: {
  x: number;
  y: number;
  w: number;
  title: string;
  kind: string;
  accent: string;
}) {
  return (
    <g>
      <rect
        x={x}
        y={y}
        width={w}
        height="46"
        rx="10"
        fill={accent}
        fillOpacity="0.12"
        stroke={accent}
        strokeWidth="2"
      />
      <text
        x={x + w / 2}
        y={y + 20}
        textAnchor="middle"
        fontSize="13"
        fontWeight="700"
        fill="var(--diagram-fg)"
      >
        {title}
      </text>
      <text x={x + w / 2} y={y + 37} textAnchor="middle" fontSize="11" fill="var(--diagram-fg)">
        {kind}
      </text>
    </g>
  );
}

function Arrow({
  x1,
  y1,
  x2,
  y2,
  label,
}: {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label?: string;
}) {
  return (
    <g>
      <line
        x1={x1}
        y1={y1}
        x2={x2}
        y2={y2}
        stroke="var(--diagram-fg)"
        strokeWidth="1.6"
        markerEnd="url(#sf-arrow)"
      />
      {label ? (
        <text x={(x1 + x2) / 2 + 6} y={(y1 + y2) / 2 + 4} fontSize="11.5" fill="var(--diagram-fg)">
          {label}
        </text>
      ) : null}
    </g>
  );
}

export default function StepFunctionsTeaserDiagram() {
  return (
    <DiagramCanvas
      label="An order workflow: validate, check stock, then charge and ship or notify out of stock"
      height={420}
      arrowId="sf-arrow"
    >
      <circle cx="200" cy="22" r="10" fill="var(--diagram-fg)" />
      <Arrow x1={200} y1={32} x2={200} y2={52} />
      <State
        x={110}
        y={54}
        w={180}
        title="Validate order"
        kind="Task · Lambda"
        accent="var(--diagram-code)"
      />
      <Arrow x1={200} y1={100} x2={200} y2={122} />
      {/* The choice state drawn as a diamond. */}
      <polygon
        points="200,124 262,154 200,184 138,154"
        fill="var(--diagram-aws)"
        fillOpacity="0.12"
        stroke="var(--diagram-aws)"
        strokeWidth="2"
      />
      <text x="200" y="151" textAnchor="middle" fontSize="12" fontWeight="700" fill="var(--diagram-fg)">
        In stock?
      </text>
      <text x="200" y="166" textAnchor="middle" fontSize="10.5" fill="var(--diagram-fg)">
        Choice
      </text>
      <Arrow x1={162} y1={172} x2={105} y2={222} label="yes" />
      <Arrow x1={238} y1={172} x2={295} y2={222} label="no" />
      <State
        x={20}
        y={224}
        w={170}
        title="Charge payment"
        kind="Task · Retry 3×, Catch"
        accent="var(--diagram-code)"
      />
      <State
        x={210}
        y={224}
        w={170}
        title="Notify customer"
        kind="Task · SNS, no Lambda"
        accent="var(--diagram-accent)"
      />
      <Arrow x1={105} y1={270} x2={105} y2={300} />
      <State x={20} y={302} w={170} title="Ship order" kind="Task · Lambda" accent="var(--diagram-code)" />
      <Arrow x1={105} y1={348} x2={105} y2={374} />
      <Arrow x1={295} y1={270} x2={295} y2={374} />
      <rect
        x="55"
        y="376"
        width="100"
        height="32"
        rx="16"
        fill="none"
        stroke="var(--diagram-fg)"
        strokeWidth="2"
      />
      <text x="105" y="397" textAnchor="middle" fontSize="12" fontWeight="600" fill="var(--diagram-fg)">
        Succeed
      </text>
      <rect
        x="245"
        y="376"
        width="100"
        height="32"
        rx="16"
        fill="none"
        stroke="var(--diagram-fg)"
        strokeWidth="2"
      />
      <text x="295" y="397" textAnchor="middle" fontSize="12" fontWeight="600" fill="var(--diagram-fg)">
        Fail
      </text>
    </DiagramCanvas>
  );
}
