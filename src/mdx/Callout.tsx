import type { ReactNode } from 'react';

interface CalloutProps {
  type?: 'note' | 'warning';
  title?: string;
  children?: ReactNode;
}

export function Callout({ type = 'note', title, children }: CalloutProps) {
  const kind = type === 'warning' ? 'warning' : 'note';
  const label = kind === 'warning' ? 'Warning' : 'Note';
  return (
    <div className={`callout callout-${kind}`} role="note">
      <p className="callout-title">
        <span className="callout-kind">{label}</span>
        {title ? <span>{title}</span> : null}
      </p>
      <div className="callout-body">{children}</div>
    </div>
  );
}
