/**
 * <Checklist id groups /> in lessons: native checkboxes grouped in fieldsets; ticks are saved per
 * checklist id, so the same list remembers its state across reloads and tabs.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useChecklistStore } from './checklist.store';
import { validateChecklist, type ChecklistGroup } from './checklistSpec';
import './checklist.css';

export interface ChecklistProps {
  id?: string;
  groups?: ChecklistGroup[];
}

const NO_TICKS: string[] = [];

export default function Checklist({ id, groups }: ChecklistProps) {
  const problems = validateChecklist(id, groups);
  if (problems.length > 0 || !id || !groups) {
    return (
      <div className="checklist-error" role="alert">
        <p>
          <span aria-hidden="true">⚠ </span>
          <strong>This checklist could not be shown.</strong>
        </p>
        <ul>
          {problems.map((p) => (
            <li key={p}>
              <code>{p}</code>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return <ChecklistView id={id} groups={groups} />;
}

function ChecklistView({ id, groups }: { id: string; groups: ChecklistGroup[] }) {
  const uid = useId();
  const ticked = useChecklistStore((s) => s.lists[id]?.ticked ?? NO_TICKS);
  const tick = useChecklistStore((s) => s.tick);
  const clear = useChecklistStore((s) => s.clear);
  const [confirming, setConfirming] = useState(false);
  const [focusTarget, setFocusTarget] = useState<'cancel' | 'clear' | 'first' | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const clearRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusTarget === 'cancel') cancelRef.current?.focus();
    if (focusTarget === 'clear') clearRef.current?.focus();
    if (focusTarget === 'first')
      rootRef.current?.querySelector<HTMLInputElement>('input[type="checkbox"]')?.focus();
    if (focusTarget) setFocusTarget(null);
  }, [focusTarget]);

  const tickedSet = new Set(ticked);
  const allIds = groups.flatMap((g) => g.items.map((i) => i.id));
  // Ticks of items a later edit removed stay saved but do not count.
  const done = allIds.filter((i) => tickedSet.has(i)).length;
  const total = allIds.length;
  const progressId = `${uid}-progress`;
  const questionId = `${uid}-confirm`;

  return (
    <div className="checklist" ref={rootRef}>
      <div className="checklist-summary">
        <p id={progressId} className="checklist-progress" aria-live="polite">
          {done === total ? <span aria-hidden="true">✓ </span> : null}
          {done} of {total} done
        </p>
        <progress value={done} max={total} aria-labelledby={progressId} />
      </div>

      {groups.map((g, gi) => {
        const groupDone = g.items.filter((i) => tickedSet.has(i.id)).length;
        return (
          <fieldset key={`${gi}-${g.title}`} className="checklist-group">
            <legend>
              {g.title}{' '}
              <span className="checklist-count">
                ({groupDone} of {g.items.length})
              </span>
            </legend>
            <ul>
              {g.items.map((item) => {
                const inputId = `${uid}-${item.id}`;
                const on = tickedSet.has(item.id);
                return (
                  <li key={item.id} className={on ? 'is-done' : undefined}>
                    <input
                      id={inputId}
                      type="checkbox"
                      checked={on}
                      onChange={(e) => tick(id, item.id, e.target.checked)}
                    />
                    <label htmlFor={inputId}>{item.text}</label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}

      <div className="checklist-actions">
        {!confirming ? (
          <button
            type="button"
            ref={clearRef}
            className="checklist-button"
            disabled={done === 0}
            onClick={() => {
              setConfirming(true);
              setFocusTarget('cancel');
            }}
          >
            Clear all
          </button>
        ) : (
          <div
            className="checklist-confirm"
            role="group"
            aria-labelledby={questionId}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setConfirming(false);
                setFocusTarget('clear');
              }
            }}
          >
            <p id={questionId}>
              Clear all {done} {done === 1 ? 'tick' : 'ticks'}? This cannot be undone.
            </p>
            <button
              type="button"
              className="checklist-button checklist-danger"
              aria-describedby={questionId}
              onClick={() => {
                clear(id);
                setConfirming(false);
                setFocusTarget('first');
              }}
            >
              Yes, clear all
            </button>
            <button
              type="button"
              ref={cancelRef}
              className="checklist-button"
              aria-describedby={questionId}
              onClick={() => {
                setConfirming(false);
                setFocusTarget('clear');
              }}
            >
              Cancel
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
