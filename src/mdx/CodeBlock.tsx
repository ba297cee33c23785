import { use, useEffect, useRef, useState, type ComponentProps } from 'react';
import { copyText } from '../platform/clipboard';
import { languageLabel } from './languages';
import { InTabsContext } from './CodeTabs';

type PreProps = ComponentProps<'pre'> & {
  'data-language'?: string;
  'data-title'?: string;
};

type CopyState = 'idle' | 'copied' | 'failed';

/** The `pre` override: Shiki's highlighted block plus a file title / language bar and a copy button. */
export function CodeBlock(props: PreProps) {
  // Inside CodeTabs the tab already names the language.
  const inTabs = use(InTabsContext);
  const title = props['data-title'];
  const lang = props['data-language'];
  const ref = useRef<HTMLPreElement>(null);
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    const ok = await copyText(ref.current?.textContent ?? '');
    setState(ok ? 'copied' : 'failed');
  }

  const showHeader = Boolean(title) || (!inTabs && Boolean(lang));
  const name = title ?? (inTabs ? undefined : lang ? languageLabel(lang) : undefined);
  return (
    <div className="code-block">
      <div className="code-header">
        {showHeader ? <span className="code-title">{name}</span> : <span />}
        <button
          type="button"
          className="copy-button"
          onClick={copy}
          aria-label={name ? `Copy ${name} code` : 'Copy code'}
        >
          {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
        </button>
      </div>
      <pre ref={ref} {...props} />
      <span className="visually-hidden" role="status">
        {state === 'copied'
          ? 'Copied to clipboard'
          : state === 'failed'
            ? 'Could not copy: select the code and copy it by hand.'
            : ''}
      </span>
    </div>
  );
}
