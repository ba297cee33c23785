import type { ReactNode } from 'react';

/**
 * The frame the flow diagrams share: a 400-unit-wide SVG that scales to its column, a themed background,
 * and an arrowhead marker (`url(#<arrowId>)`) for their connectors. Ids must be unique per page.
 */
export function DiagramCanvas({
  label,
  height,
  arrowId,
  children,
}: {
  label: string;
  height: number;
  arrowId: string;
  children: ReactNode;
}) {
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 400 ${height}`}
      style={{ width: '100%', maxWidth: 560, height: 'auto', display: 'block', margin: '0 auto' }}
      fontFamily="inherit"
    >
      <defs>
        <marker
          id={arrowId}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0 0 L10 5 L0 10 z" fill="var(--diagram-fg)" />
        </marker>
      </defs>
      <rect x="0" y="0" width="400" height={height} rx="10" fill="var(--diagram-bg)" />
      {children}
    </svg>
  );
}
