import {
  Children,
  cloneElement,
  isValidElement,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { tabLabels } from './languages';

type BlockProps = { 'data-language'?: string; 'data-title'?: string; children?: ReactNode };

interface CodeTabsProps {
  children?: ReactNode;
  /** Accessible name for the tab list. */
  title?: string;
}

/**
 * Variants of one example (Python / Node.js …) as WAI-ARIA tabs: arrow keys move and select,
 * Home/End jump, only the selected tab is in the Tab order.
 */
export function CodeTabs({ children, title }: CodeTabsProps) {
  const blocks = Children.toArray(children).filter((c): c is ReactElement<BlockProps> => isValidElement(c));
  const labels = tabLabels(
    blocks.map((b) => ({ lang: b.props['data-language'], title: b.props['data-title'] })),
  );
  const [selected, setSelected] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();

  function select(i: number) {
    setSelected(i);
    tabs.current[i]?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>) {
    const last = blocks.length - 1;
    const keys: Record<string, number> = {
      ArrowRight: selected === last ? 0 : selected + 1,
      ArrowLeft: selected === 0 ? last : selected - 1,
      Home: 0,
      End: last,
    };
    const target = keys[e.key];
    if (target === undefined) return;
    e.preventDefault();
    select(target);
  }

  return (
    <div className="code-tabs">
      <div role="tablist" aria-label={title ?? 'Code variants'} className="code-tablist">
        {blocks.map((_, i) => (
          <button
            key={i}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${i}`}
            aria-selected={i === selected}
            aria-controls={`${id}-panel-${i}`}
            tabIndex={i === selected ? 0 : -1}
            onClick={() => select(i)}
            onKeyDown={onKeyDown}
          >
            {labels[i]}
          </button>
        ))}
      </div>
      {blocks.map((block, i) => (
        <div
          key={i}
          role="tabpanel"
          id={`${id}-panel-${i}`}
          aria-labelledby={`${id}-tab-${i}`}
          hidden={i !== selected}
        >
          {cloneElement(block, { 'data-in-tabs': 'true' } as Partial<BlockProps>)}
        </div>
      ))}
    </div>
  );
}
