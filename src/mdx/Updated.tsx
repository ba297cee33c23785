import type { ReactNode } from 'react';

interface UpdatedProps {
  /** The older claim, as the original material put it. */
  was: string;
  source?: string;
  sourceTitle?: string;
  /** The current fact. */
  children?: ReactNode;
}

/** A correction: what older material said, what is true now, and where that is documented. */
export function Updated({ was, source, sourceTitle, children }: UpdatedProps) {
  return (
    <div className="callout callout-updated" role="note">
      <p className="callout-title">
        <span className="callout-kind">Updated</span>
        <span>This changed since older material was written</span>
      </p>
      <div className="callout-body">
        <p className="updated-was">
          <span className="updated-label">Older claim: </span>
          {was}
        </p>
        <div className="updated-now">
          <span className="updated-label">Current fact: </span>
          {children}
        </div>
        {source ? (
          <p className="updated-source">
            Source:{' '}
            <a href={source} rel="noreferrer">
              {sourceTitle ?? source}
            </a>
          </p>
        ) : null}
      </div>
    </div>
  );
}
