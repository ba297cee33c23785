/** The Monaco side of CodeEditor: a lazy chunk. */
import { useEffect, useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { configureMonaco, loadLambdaTypes, monaco } from './monacoSetup';
import type { EditorMarker } from './CodeEditor';

configureMonaco();

export interface MonacoEditorProps {
  value: string;
  onChange(value: string): void;
  language: 'javascript' | 'typescript' | 'json';
  label: string;
  /** Model URI path, e.g. /index.ts: TypeScript resolves imports relative to it. */
  path: string;
  height: string;
  marker?: EditorMarker | null;
  theme: 'light' | 'dark';
  onReady?: () => void;
}

let mounts = 0;

export default function MonacoEditor(props: MonacoEditorProps) {
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  // Each mount edits a model of its own (/m3/index.ts): a model disposed on unmount and made again under the same
  // URI with other text (after edits in the plain-text editor) kept the old text's diagnostics in the TypeScript
  // worker. Bare imports such as 'aws-lambda' still resolve, from /node_modules.
  const [mount] = useState(() => ++mounts);
  const modelPath = `/m${mount}${props.path}`;
  const { marker, onReady } = props;

  const applyMarker = () => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      'coldstart',
      marker
        ? [
            {
              severity: monaco.MarkerSeverity.Error,
              message: marker.message,
              startLineNumber: marker.line,
              startColumn: marker.column,
              endLineNumber: marker.line,
              endColumn: model.getLineMaxColumn(Math.min(marker.line, model.getLineCount())),
            },
          ]
        : [],
    );
  };

  useEffect(applyMarker);

  return (
    <Editor
      value={props.value}
      language={props.language}
      path={modelPath}
      height={props.height}
      theme={props.theme === 'dark' ? 'coldstart-dark' : 'coldstart-light'}
      onChange={(v) => props.onChange(v ?? '')}
      loading={<pre className="code-editor__placeholder">{props.value}</pre>}
      onMount={(editor) => {
        editorRef.current = editor;
        applyMarker();
        onReady?.();
        loadLambdaTypes();
      }}
      options={{
        ariaLabel: props.label,
        minimap: { enabled: false },
        fontSize: 14,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 2,
        wordWrap: 'on',
        renderFinalNewline: 'on',
        accessibilitySupport: 'auto',
        // Tab moves focus out of the editor after Ctrl+M, as Monaco documents; keep the default.
      }}
    />
  );
}
