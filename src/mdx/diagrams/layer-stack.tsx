/**
 * How a function and its layers are laid out in the execution environment: function code in
 * /var/task, each layer extracted into /opt in order (a later layer wins on a clashing path), and
 * the 5-layer / 250 MB unzipped limits. Vertical SVG so it reads at 360 px.
 */
const W = 360;
const H = 404;

interface Slab {
  label: string;
  detail: string;
  stroke: string;
}

const LAYERS: Slab[] = [
  {
    label: 'Layer 1: shared libraries',
    detail: '/opt/python or /opt/nodejs/node_modules',
    stroke: 'var(--diagram-aws)',
  },
  { label: 'Layer 2: company utilities', detail: 'logging, auth helpers', stroke: 'var(--diagram-aws)' },
  {
    label: 'Layer 3: extension or binary',
    detail: '/opt/extensions, /opt/bin, /opt/lib',
    stroke: 'var(--diagram-aws)',
  },
];

export default function LayerStackDiagram() {
  const x = 28;
  const w = W - 56;
  return (
    <svg
      role="img"
      aria-label="A function's code in /var/task and its layers merged into /opt"
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', maxWidth: 520, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <rect x="0" y="0" width={W} height={H} rx="10" fill="var(--diagram-bg)" />
      <text x={W / 2} y="24" textAnchor="middle" fontSize="14.5" fontWeight="700" fill="var(--diagram-fg)">
        Inside the execution environment
      </text>
      {/* Function code */}
      <rect
        x={x}
        y="38"
        width={w}
        height="52"
        rx="8"
        fill="var(--diagram-bg)"
        stroke="var(--diagram-code)"
        strokeWidth="2.5"
      />
      <text x={x + 14} y="60" fontSize="13.5" fontWeight="600" fill="var(--diagram-fg)">
        Your function code
      </text>
      <text x={x + 14} y="78" fontSize="12.5" fill="var(--diagram-muted)">
        /var/task: handler and its dependencies
      </text>
      {/* /opt with layers */}
      <rect
        x={x - 10}
        y="104"
        width={w + 20}
        height="200"
        rx="10"
        fill="none"
        stroke="var(--diagram-border)"
        strokeWidth="2"
        strokeDasharray="6 4"
      />
      <text x={x} y="124" fontSize="13" fontWeight="600" fill="var(--diagram-fg)">
        /opt: layers extracted in order
      </text>
      {LAYERS.map((layer, i) => {
        const y = 136 + i * 54;
        return (
          <g key={layer.label}>
            <rect
              x={x}
              y={y}
              width={w}
              height="46"
              rx="7"
              fill="var(--diagram-bg)"
              stroke={layer.stroke}
              strokeWidth="2"
            />
            <text x={x + 14} y={y + 19} fontSize="13" fontWeight="600" fill="var(--diagram-fg)">
              {layer.label}
            </text>
            <text x={x + 14} y={y + 36} fontSize="12.5" fill="var(--diagram-muted)">
              {layer.detail}
            </text>
          </g>
        );
      })}
      <text x={x} y="330" fontSize="12.5" fill="var(--diagram-fg)">
        A later layer wins when two share a path.
      </text>
      {/* Limits */}
      <rect
        x={x}
        y="344"
        width={w}
        height="46"
        rx="7"
        fill="none"
        stroke="var(--diagram-accent)"
        strokeWidth="2"
      />
      <text x={x + 14} y="363" fontSize="12.5" fontWeight="600" fill="var(--diagram-fg)">
        Limits: at most 5 layers
      </text>
      <text x={x + 14} y="380" fontSize="12.5" fill="var(--diagram-fg)">
        250 MB unzipped for function + all layers
      </text>
    </svg>
  );
}
