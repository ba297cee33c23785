/**
 * One handler file split into its two kinds of code: module-level init code that runs once per
 * execution environment, and the handler body that runs once per event. Three events on a warm
 * environment show the ratio.
 */
const W = 360;
const H = 296;

export default function InitVsHandlerDiagram() {
  const events = [0, 1, 2];
  return (
    <svg
      role="img"
      aria-label="Init code runs once per environment; handler code runs once per event"
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: 520, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width={W} height={H} rx="10" fill="var(--diagram-bg)" />
      <text x="16" y="24" fontSize="14" fontWeight="700" fill="var(--diagram-fg)">
        One file, two kinds of code
      </text>
      {/* The file */}
      <rect
        x="16"
        y="36"
        width={W - 32}
        height="122"
        rx="8"
        fill="none"
        stroke="var(--diagram-border)"
        strokeWidth="2"
      />
      <rect
        x="28"
        y="48"
        width={W - 56}
        height="44"
        rx="6"
        fill="none"
        stroke="var(--diagram-aws)"
        strokeWidth="2"
      />
      <text x="40" y="66" fontSize="13" fontWeight="600" fill="var(--diagram-fg)">
        Init code (module level)
      </text>
      <text x="40" y="83" fontSize="13" fill="var(--diagram-muted)">
        imports, SDK clients, config: once
      </text>
      <rect
        x="28"
        y="100"
        width={W - 56}
        height="44"
        rx="6"
        fill="none"
        stroke="var(--diagram-code)"
        strokeWidth="2"
      />
      <text x="40" y="118" fontSize="13" fontWeight="600" fill="var(--diagram-fg)">
        Handler body
      </text>
      <text x="40" y="135" fontSize="13" fill="var(--diagram-muted)">
        parse, validate, respond: every event
      </text>
      {/* Timeline of one environment */}
      <text x="16" y="186" fontSize="13" fontWeight="600" fill="var(--diagram-fg)">
        One environment over time
      </text>
      <rect
        x="16"
        y="198"
        width="84"
        height="36"
        rx="6"
        fill="none"
        stroke="var(--diagram-aws)"
        strokeWidth="2"
      />
      <text x="58" y="221" textAnchor="middle" fontSize="13" fill="var(--diagram-fg)">
        init
      </text>
      {events.map((i) => (
        <g key={i}>
          <rect
            x={108 + i * 82}
            y="198"
            width="74"
            height="36"
            rx="6"
            fill="none"
            stroke="var(--diagram-code)"
            strokeWidth="2"
          />
          <text x={145 + i * 82} y="221" textAnchor="middle" fontSize="13" fill="var(--diagram-fg)">
            event {i + 1}
          </text>
        </g>
      ))}
      <text x="16" y="260" fontSize="13" fill="var(--diagram-muted)">
        Event 1 is the cold start; events 2 and 3 reuse
      </text>
      <text x="16" y="277" fontSize="13" fill="var(--diagram-muted)">
        the clients that init created.
      </text>
    </svg>
  );
}
