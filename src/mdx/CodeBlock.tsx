import { lazy, Suspense, use, useEffect, useMemo, useRef, useState, type ComponentProps } from 'react';
import { copyText } from '../platform/clipboard';
import { languageLabel } from './languages';
import { InTabsContext } from './CodeTabs';
import { WidgetBoundary } from './WidgetBoundary';
// Only the tiny parser module: the block → function code (layers and all) loads with the runner.
import { isRunnableLanguage, type RunnableBlock, type RunnableSpec } from '../features/runnable/fenceMeta';

type PreProps = ComponentProps<'pre'> & {
  'data-language'?: string;
  'data-title'?: string;
  /** Tells two runnable blocks with one file name apart (`label="orders"`). */
  'data-label'?: string;
  /** A `runnable` fence's spec as JSON (scripts/shiki-meta.ts). */
  'data-runnable'?: string;
};

// The runner (and with it the workspace, the SDK and Pyodide) loads on the first Run, never with the lesson.
const RunnableRunner = lazy(() => import('../features/runnable/RunnableRunner'));

function runnableSpec(json: string | undefined): RunnableSpec | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as RunnableSpec;
  } catch {
    return null;
  }
}

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The `pre` override: Shiki's highlighted block plus a file title / language bar and a copy button; a runnable
 * block also gets a Run button that opens its runner underneath.
 */
export function CodeBlock({ 'data-runnable': runnableJson, 'data-label': label, ...props }: PreProps) {
  // Inside CodeTabs the tab already names the language.
  const inTabs = use(InTabsContext);
  const title = props['data-title'];
  const lang = props['data-language'];
  const ref = useRef<HTMLPreElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  const spec = useMemo(() => runnableSpec(runnableJson), [runnableJson]);
  const [runner, setRunner] = useState<{ block: RunnableBlock; runs: number } | null>(null);

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
  const runName = `${title ?? `${languageLabel(lang)} code`}${label ? ` (${label})` : ''}`;
  const canRun = spec !== null && isRunnableLanguage(lang);

  function startRun() {
    if (!spec || !isRunnableLanguage(lang)) return;
    // The code as the page shows it: the block's text, exactly what content:check ran.
    const code = ref.current?.textContent ?? '';
    setRunner((previous) => ({
      block: previous?.block ?? { language: lang, code, spec, ...(title ? { title } : {}) },
      runs: (previous?.runs ?? 0) + 1,
    }));
  }

  return (
    <div className="code-block">
      <div className="code-header">
        {showHeader ? <span className="code-title">{name}</span> : <span />}
        {canRun && (
          <button
            type="button"
            className="copy-button run-button"
            onClick={startRun}
            aria-label={`Run ${runName}`}
          >
            Run
          </button>
        )}
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
      {runner && (
        <WidgetBoundary label="runner">
          <Suspense fallback={<p className="sbx-muted">Loading the runner…</p>}>
            <RunnableRunner block={runner.block} name={runName} runRequest={runner.runs} />
          </Suspense>
        </WidgetBoundary>
      )}
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
