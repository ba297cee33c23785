/**
 * The life of one execution environment: Init (extensions, runtime, function) once, then
 * Invoke and Frozen alternating for warm starts, Reset back to Init after a crash or timeout,
 * and Shutdown when Lambda reclaims an idle environment. Vertical so it reads at 360 px.
 */
const W = 360;
const H = 438;
const COL_X = 64;
const COL_W = 232;
const MID = COL_X + COL_W / 2;

function Down({ y1, y2 }: { y1: number; y2: number }) {
  return (
    <g>
      <line x1={MID} x2={MID} y1={y1} y2={y2 - 7} stroke="var(--diagram-fg)" strokeWidth="2" />
      <path d={`M${MID - 6} ${y2 - 9} L${MID} ${y2} L${MID + 6} ${y2 - 9} Z`} fill="var(--diagram-fg)" />
    </g>
  );
}

interface StepProps {
  y: number;
  title: string;
  detail: string;
  x?: number;
  w?: number;
  h?: number;
  stroke?: string;
}

function Step({
  y,
  title,
  detail,
  x = COL_X,
  w = COL_W,
  h = 46,
  stroke = 'var(--diagram-border)',
}: StepProps) {
  return (
    <g>
      <rect
        x={x}
        y={y}
        width={w}
        height={h}
        rx="8"
        fill="var(--diagram-bg)"
        stroke={stroke}
        strokeWidth="2"
      />
      <text
        x={x + w / 2}
        y={y + 19}
        textAnchor="middle"
        fontSize="14"
        fontWeight="600"
        fill="var(--diagram-fg)"
      >
        {title}
      </text>
      <text x={x + w / 2} y={y + 36} textAnchor="middle" fontSize="13" fill="var(--diagram-muted)">
        {detail}
      </text>
    </g>
  );
}

export default function ExecutionLifecycleDiagram() {
  const initTop = 8;
  const sub = { x: COL_X + 14, w: COL_W - 28, h: 42 };
  const invokeY = 232;
  const frozenY = 310;
  const shutdownY = 388;
  return (
    <svg
      role="img"
      aria-label="Lifecycle of one execution environment: init, invoke, frozen, reset, shutdown"
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: 520, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width={W} height={H} rx="10" fill="var(--diagram-bg)" />
      {/* Init: AWS-managed steps outlined in the AWS colour, your code in the code colour */}
      <rect
        x={COL_X}
        y={initTop}
        width={COL_W}
        height={190}
        rx="10"
        fill="none"
        stroke="var(--diagram-accent)"
        strokeWidth="2"
        strokeDasharray="6 4"
      />
      <text
        x={MID}
        y={initTop + 20}
        textAnchor="middle"
        fontSize="14"
        fontWeight="700"
        fill="var(--diagram-fg)"
      >
        Init (cold start only)
      </text>
      <Step
        y={initTop + 30}
        {...sub}
        title="1. Extensions init"
        detail="monitoring agents start"
        stroke="var(--diagram-aws)"
      />
      <Step
        y={initTop + 82}
        {...sub}
        title="2. Runtime init"
        detail="Node.js or Python boots"
        stroke="var(--diagram-aws)"
      />
      <Step
        y={initTop + 134}
        {...sub}
        title="3. Function init"
        detail="your top-level code runs"
        stroke="var(--diagram-code)"
      />
      <Down y1={initTop + 190} y2={invokeY} />
      <Step y={invokeY} title="Invoke" detail="the handler runs for one event" stroke="var(--diagram-code)" />
      <Down y1={invokeY + 46} y2={frozenY} />
      <Step y={frozenY} title="Frozen" detail="paused; memory and /tmp kept" />
      <Down y1={frozenY + 46} y2={shutdownY} />
      <Step y={shutdownY} title="Shutdown" detail="idle environment reclaimed" />

      {/* Warm loop: Frozen back to Invoke on the right */}
      <path
        d={`M${COL_X + COL_W} ${frozenY + 23} H${COL_X + COL_W + 30} V${invokeY + 23} H${COL_X + COL_W + 8}`}
        fill="none"
        stroke="var(--diagram-accent)"
        strokeWidth="2"
      />
      <path
        d={`M${COL_X + COL_W + 9} ${invokeY + 17} L${COL_X + COL_W} ${invokeY + 23} L${COL_X + COL_W + 9} ${invokeY + 29} Z`}
        fill="var(--diagram-accent)"
      />
      <text
        transform={`translate(${COL_X + COL_W + 46} ${(invokeY + frozenY + 46) / 2}) rotate(90)`}
        textAnchor="middle"
        fontSize="13"
        fill="var(--diagram-fg)"
      >
        next event: warm
      </text>

      {/* Reset: Invoke back to Init on the left after a crash or timeout */}
      <path
        d={`M${COL_X} ${invokeY + 23} H${COL_X - 30} V${initTop + 60} H${COL_X - 8}`}
        fill="none"
        stroke="var(--diagram-aws)"
        strokeWidth="2"
        strokeDasharray="5 4"
      />
      <path
        d={`M${COL_X - 9} ${initTop + 54} L${COL_X} ${initTop + 60} L${COL_X - 9} ${initTop + 66} Z`}
        fill="var(--diagram-aws)"
      />
      <text
        transform={`translate(${COL_X - 44} ${(initTop + 60 + invokeY + 23) / 2}) rotate(-90)`}
        textAnchor="middle"
        fontSize="13"
        fill="var(--diagram-fg)"
      >
        crash or timeout: reset
      </text>
    </svg>
  );
}
