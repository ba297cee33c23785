import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './dialog.css';

export interface DialogAction {
  label: string;
  onSelect(): void;
  /** 'danger' for a choice that overwrites or deletes something. */
  tone?: 'primary' | 'danger';
}

export interface ModalDialogProps {
  title: string;
  description: ReactNode;
  /** More content between the description and the buttons (e.g. a table of what will change). */
  children?: ReactNode;
  /** The choices after Cancel, in reading order. */
  actions: DialogAction[];
  onCancel(): void;
  cancelLabel?: string;
  className?: string;
}

/** Everything Tab may reach inside the dialog (buttons, and scrollable regions made focusable). */
const FOCUSABLE = 'button:not([disabled]), [tabindex="0"]';

/**
 * A modal choice (role="alertdialog"): focus starts on Cancel, the safe choice; Tab stays inside;
 * Escape cancels. The opener is responsible for putting focus back where it was.
 */
export function ModalDialog({
  title,
  description,
  children,
  actions,
  onCancel,
  cancelLabel = 'Cancel',
  className,
}: ModalDialogProps) {
  const titleId = useId();
  const descId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    cancelRef.current?.focus();
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
      return;
    }
    if (e.key !== 'Tab' || !boxRef.current) return;
    const focusable = [...boxRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="confirm-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        ref={boxRef}
        className={className ? `confirm-dialog ${className}` : 'confirm-dialog'}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descId}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        <div id={descId} className="confirm-description">
          {typeof description === 'string' ? <p>{description}</p> : description}
        </div>
        {children}
        <div className="confirm-actions">
          <button ref={cancelRef} type="button" className="button secondary" onClick={onCancel}>
            {cancelLabel}
          </button>
          {actions.map((action) => (
            <button
              key={action.label}
              type="button"
              className={action.tone === 'danger' ? 'button danger' : 'button'}
              onClick={action.onSelect}
            >
              {action.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}

interface ConfirmDialogProps {
  title: string;
  description: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}

/** A yes/no confirmation of something that cannot be undone: Cancel, or the one (danger) action. */
export function ConfirmDialog({ title, description, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <ModalDialog
      title={title}
      description={description}
      actions={[{ label: confirmLabel, onSelect: onConfirm, tone: 'danger' }]}
      onCancel={onCancel}
    />
  );
}
