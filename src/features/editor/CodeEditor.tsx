/**
 * The code editor: Monaco (lazy, bundled locally) or a plain <textarea> for small screens and screen
 * readers. Both are named by `label` ("Handler code"), so tests and assistive technology find either.
 */
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { effectiveTheme, watchEffectiveTheme } from '../../platform/documentTheme';
import './editor.css';

const MonacoEditor = lazy(() => import('./MonacoEditor'));

export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

export interface CodeEditorProps {
  value: string;
  onChange(value: string): void;
  language: 'javascript' | 'typescript' | 'json' | 'python';
  plain: boolean;
  label?: string;
  path?: string;
  height?: string;
  marker?: EditorMarker | null;
  onReady?: () => void;
}

function useTheme(): 'light' | 'dark' {
  return useSyncExternalStore(watchEffectiveTheme, effectiveTheme, () => 'light');
}

export function CodeEditor({
  value,
  onChange,
  language,
  plain,
  label = 'Handler code',
  path = '/index.js',
  height = '22rem',
  marker = null,
  onReady,
}: CodeEditorProps) {
  const theme = useTheme();
  useEffect(() => {
    if (plain) onReady?.();
  }, [plain, onReady]);
  return (
    <div className="code-editor">
      {plain ? (
        <textarea
          className="code-editor__plain"
          aria-label={label}
          value={value}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          style={{ height }}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={marker ? true : undefined}
        />
      ) : (
        <Suspense
          fallback={
            <pre
              className="code-editor__placeholder"
              style={{ height }}
              aria-label="Loading the code editor…"
            >
              {value}
            </pre>
          }
        >
          <MonacoEditor
            value={value}
            onChange={onChange}
            language={language}
            label={label}
            path={path}
            height={height}
            marker={marker}
            theme={theme}
            {...(onReady ? { onReady } : {})}
          />
        </Suspense>
      )}
      {marker && (
        <p className="code-editor__marker" role="status">
          Syntax error on line {marker.line}, column {marker.column}: {marker.message}
        </p>
      )}
    </div>
  );
}
