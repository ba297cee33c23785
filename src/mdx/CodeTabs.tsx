import {
  Children,
  createContext,
  Fragment,
  isValidElement,
  useId,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactElement,
  type ReactNode,
} from 'react';
import { languageLabel, preferredTabIndex, tabLabels } from './languages';
import { useCodeLanguageStore } from './codeLanguage.store';

type BlockProps = { 'data-language'?: string; 'data-title'?: string; children?: ReactNode };

interface CodeTabsProps {
  children?: ReactNode;
  /** Accessible name for the tab list. */
  title?: string;
}

/** Tells a code block that its tab already names the language, so its own header does not repeat it. */
export const InTabsContext = createContext(false);

/**
 * The code blocks among the children. MDX (with Shiki) hands each fenced block over wrapped in a
 * Fragment, so fragments are looked through rather than treated as blocks.
 */
function codeBlocks(children: ReactNode): ReactElement<BlockProps>[] {
  const blocks: ReactElement<BlockProps>[] = [];
  Children.forEach(children, (child) => {
    if (!isValidElement<{ children?: ReactNode }>(child)) return;
    if (child.type === Fragment) blocks.push(...codeBlocks(child.props.children));
    else blocks.push(child as ReactElement<BlockProps>);
  });
  return blocks;
}

/**
 * Variants of one example (Python / Node.js …) as WAI-ARIA tabs: arrow keys move and select,
 * Home/End jump, only the selected tab is in the Tab order. The chosen language is shared by every
 * tab set and remembered between visits.
 */
export function CodeTabs({ children, title }: CodeTabsProps) {
  const blocks = codeBlocks(children);
  const described = blocks.map((b) => ({ lang: b.props['data-language'], title: b.props['data-title'] }));
  const labels = tabLabels(described);
  const languages = described.map((b) => languageLabel(b.lang));
  const preferred = useCodeLanguageStore((s) => s.language);
  const choose = useCodeLanguageStore((s) => s.choose);
  // The tab picked here, when the shared preference alone cannot say which (two tabs in one language).
  const [picked, setPicked] = useState<number | null>(null);
  const selected =
    picked !== null && picked < blocks.length && languages[picked] === preferred
      ? picked
      : preferredTabIndex(languages, preferred);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();

  function select(index: number) {
    const language = languages[index];
    setPicked(index);
    if (language) choose(language);
    tabs.current[index]?.focus();
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, current: number) {
    const last = blocks.length - 1;
    const keys: Record<string, number> = {
      ArrowRight: current === last ? 0 : current + 1,
      ArrowLeft: current === 0 ? last : current - 1,
      Home: 0,
      End: last,
    };
    const target = keys[event.key];
    if (target === undefined) return;
    event.preventDefault();
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
            onKeyDown={(event) => onKeyDown(event, i)}
          >
            {labels[i]}
          </button>
        ))}
      </div>
      <InTabsContext value={true}>
        {blocks.map((block, i) => (
          <div
            key={i}
            role="tabpanel"
            id={`${id}-panel-${i}`}
            aria-labelledby={`${id}-tab-${i}`}
            hidden={i !== selected}
          >
            {block}
          </div>
        ))}
      </InTabsContext>
    </div>
  );
}
