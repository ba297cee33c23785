import { DiagramCanvas } from '../DiagramCanvas';
/**
 * Provisioned concurrency on an alias: five environments initialised before traffic arrives
 * take requests first; anything beyond them spills over to on-demand environments, which
 * may need a cold start.
 */
const warm = [1, 2, 3, 4, 5];

export default function ProvisionedPoolDiagram() {
  return (
    <DiagramCanvas
      label="Requests reach an alias with five provisioned environments; overflow goes to on-demand environments"
      height={340}
      arrowId="pc-arrow"
    >
      {/* Incoming traffic and the alias it targets. */}
      <rect
        x="110"
        y="12"
        width="180"
        height="46"
        rx="8"
        fill="none"
        stroke="var(--diagram-border)"
        strokeWidth="2"
      />
      <text x="200" y="32" textAnchor="middle" fontSize="13.5" fontWeight="600" fill="var(--diagram-fg)">
        Requests to alias "live"
      </text>
      <text x="200" y="50" textAnchor="middle" fontSize="12" fill="var(--diagram-fg)">
        (points at version 7)
      </text>
      <line
        x1="200"
        y1="58"
        x2="200"
        y2="84"
        stroke="var(--diagram-fg)"
        strokeWidth="1.8"
        markerEnd="url(#pc-arrow)"
      />
      {/* Provisioned pool. */}
      <rect
        x="14"
        y="88"
        width="372"
        height="128"
        rx="10"
        fill="var(--diagram-code)"
        fillOpacity="0.1"
        stroke="var(--diagram-code)"
        strokeWidth="2"
      />
      <text x="28" y="110" fontSize="13.5" fontWeight="700" fill="var(--diagram-fg)">
        Provisioned concurrency = 5 (used first)
      </text>
      {warm.map((n, i) => (
        <g key={n}>
          <rect
            x={28 + i * 70}
            y="122"
            width="60"
            height="52"
            rx="6"
            fill="var(--diagram-bg)"
            stroke="var(--diagram-code)"
            strokeWidth="2"
          />
          <text
            x={58 + i * 70}
            y="144"
            textAnchor="middle"
            fontSize="12"
            fontWeight="600"
            fill="var(--diagram-fg)"
          >
            env {n}
          </text>
          <text x={58 + i * 70} y="162" textAnchor="middle" fontSize="11" fill="var(--diagram-fg)">
            initialised
          </text>
        </g>
      ))}
      <text x="28" y="200" fontSize="12" fill="var(--diagram-fg)">
        Init already ran ahead of time: no cold start here.
      </text>
      <line
        x1="200"
        y1="216"
        x2="200"
        y2="244"
        stroke="var(--diagram-fg)"
        strokeWidth="1.8"
        strokeDasharray="5 4"
        markerEnd="url(#pc-arrow)"
      />
      <text x="210" y="235" fontSize="12" fill="var(--diagram-fg)">
        request 6 and beyond
      </text>
      {/* On-demand overflow. */}
      <rect
        x="14"
        y="248"
        width="372"
        height="80"
        rx="10"
        fill="var(--diagram-accent)"
        fillOpacity="0.1"
        stroke="var(--diagram-accent)"
        strokeWidth="2"
      />
      <text x="28" y="270" fontSize="13.5" fontWeight="700" fill="var(--diagram-fg)">
        On-demand environments (spillover)
      </text>
      <text x="28" y="291" fontSize="12" fill="var(--diagram-fg)">
        Drawn from reserved or unreserved concurrency.
      </text>
      <text x="28" y="310" fontSize="12" fill="var(--diagram-fg)">
        A new one pays a cold start, as usual.
      </text>
    </DiagramCanvas>
  );
}
