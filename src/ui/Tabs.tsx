/**
 * WAI-ARIA tabs (automatic activation): Left/Right move between tabs, Home/End jump, only the selected tab is in
 * the Tab order, and each panel is labelled by its tab. Controlled when `active` is given, otherwise it keeps its
 * own state. Only the active panel's content is rendered.
 */
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './tabs.css';

export interface TabSpec<Id extends string> {
  id: Id;
  label: ReactNode;
}

export interface TabsProps<Id extends string> {
  /** The tab list's accessible name. */
  label: string;
  tabs: ReadonlyArray<TabSpec<Id>>;
  active?: Id;
  onChange?: (id: Id) => void;
  className?: string;
  children: (id: Id) => ReactNode;
}

export function Tabs<Id extends string>({ label, tabs, active, onChange, className, children }: TabsProps<Id>) {
  const [own, setOwn] = useState<Id>(tabs[0]!.id);
  const current = tabs.some((t) => t.id === (active ?? own)) ? (active ?? own) : tabs[0]!.id;
  const base = useId();
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const select = (id: Id) => {
    setOwn(id);
    onChange?.(id);
  };
  const onKey = (e: KeyboardEvent, index: number) => {
    const n = tabs.length;
    let target: number;
    if (e.key === 'ArrowRight') target = (index + 1) % n;
    else if (e.key === 'ArrowLeft') target = (index - 1 + n) % n;
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = n - 1;
    else return;
    e.preventDefault();
    select(tabs[target]!.id);
    refs.current[target]?.focus();
  };
  return (
    <div className={`ui-tabs ${className ?? ''}`}>
      <div role="tablist" aria-label={label} className="ui-tablist">
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={current === t.id}
            aria-controls={`${base}-panel-${t.id}`}
            tabIndex={current === t.id ? 0 : -1}
            onClick={() => select(t.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`${base}-panel-${t.id}`}
          aria-labelledby={`${base}-tab-${t.id}`}
          hidden={current !== t.id}
          tabIndex={0}
          className="ui-tabpanel"
        >
          {current === t.id ? children(t.id) : null}
        </div>
      ))}
    </div>
  );
}
