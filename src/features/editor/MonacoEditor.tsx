/** The Monaco side of CodeEditor: a lazy chunk. */
import { useEffect, useId, useRef, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import { TabFocus } from 'monaco-editor/editor/browser/config/tabFocus';
import {
  configureMonaco,
  enableJavaScriptTypeInformation,
  loadTypeScriptFeatures,
  monaco,
} from './monacoSetup';
import type { EditorMarker } from './CodeEditor';
import { EscapeThenTab, focusNeighbour } from './focusNeighbour';
import { tabHint } from './tabHint';

configureMonaco();

export interface MonacoEditorProps {
  value: string;
  onChange(value: string): void;
  language: 'javascript' | 'typescript' | 'json' | 'python';
  label: string;
  /** Model URI path, e.g. /index.ts: TypeScript resolves imports relative to it. */
  path: string;
  height: string;
  marker?: EditorMarker | null;
  theme: 'light' | 'dark';
  onReady?: () => void;
}

let mounts = 0;

/** Keys that ask for type information; in JavaScript each first turns TypeScript's features on. */
const TYPE_INFORMATION_COMMANDS = [
  { keys: monaco.KeyMod.CtrlCmd | monaco.KeyCode.Space, action: 'editor.action.triggerSuggest' },
  {
    keys: monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Space,
    action: 'editor.action.triggerParameterHints',
  },
  {
    keys: monaco.KeyMod.chord(
      monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyK,
      monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyI,
    ),
    action: 'editor.action.showHover',
  },
];

function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

/** TypeScript's features must be registered before a model takes the `typescript` language. */
function useLanguageReady(language: MonacoEditorProps['language']): MonacoEditorProps['language'] {
  const [typeScriptReady, setTypeScriptReady] = useState(false);
  useEffect(() => {
    if (language !== 'typescript' || typeScriptReady) return;
    let cancelled = false;
    void loadTypeScriptFeatures().then(() => {
      if (!cancelled) setTypeScriptReady(true);
    });
    return () => {
      cancelled = true;
    };
  }, [language, typeScriptReady]);
  // JavaScript highlighting stands in for the moment the TypeScript features take to arrive.
  return language === 'typescript' && !typeScriptReady ? 'javascript' : language;
}

export default function MonacoEditor(props: MonacoEditorProps) {
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  // Each mount edits a model of its own (/m3/index.ts): a model disposed on unmount and made again under the same
  // URI with other text (after edits in the plain-text editor) kept the old text's diagnostics in the TypeScript
  // worker. Bare imports such as 'aws-lambda' still resolve, from /node_modules.
  const [mount] = useState(() => ++mounts);
  const modelPath = `/m${mount}${props.path}`;
  const { marker, onReady } = props;
  const language = useLanguageReady(props.language);
  const languageRef = useRef(language);
  languageRef.current = language;
  const hintId = useId();
  const [tabMovesFocus, setTabMovesFocus] = useState(() => TabFocus.getTabFocusMode());
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const subscription = TabFocus.onDidChangeTabFocus((on: boolean) => setTabMovesFocus(on));
    return () => subscription.dispose();
  }, []);

  // Escape, then Tab (or Shift+Tab), leaves the editor: the way out of the Tab trap without a mode switch.
  // Capture phase on the wrapper, so this runs before Monaco's own Tab handling.
  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    const escapeThenTab = new EscapeThenTab();
    const onKeyDown = (event: KeyboardEvent) => {
      if (!escapeThenTab.shouldLeave(event)) return;
      event.preventDefault();
      event.stopPropagation();
      focusNeighbour(element, event.shiftKey ? 'previous' : 'next');
    };
    element.addEventListener('keydown', onKeyDown, true);
    return () => element.removeEventListener('keydown', onKeyDown, true);
  }, []);

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
    <div className="code-editor__monaco" ref={wrapper}>
      <Editor
        value={props.value}
        language={language}
        path={modelPath}
        height={props.height}
        theme={props.theme === 'dark' ? 'coldstart-dark' : 'coldstart-light'}
        onChange={(v) => props.onChange(v ?? '')}
        loading={<pre className="code-editor__placeholder">{props.value}</pre>}
        onMount={(editor) => {
          editorRef.current = editor;
          // Monaco's text box (an EditContext element, or a textarea where that API is missing) is what assistive
          // technology focuses: point it at the visible hint.
          editor
            .getDomNode()
            ?.querySelectorAll('[role="textbox"], textarea')
            .forEach((element) => element.setAttribute('aria-describedby', hintId));
          for (const { keys, action } of TYPE_INFORMATION_COMMANDS) {
            editor.addCommand(keys, () => {
              const run = () => editor.trigger('keyboard', action, {});
              if (languageRef.current === 'javascript') void enableJavaScriptTypeInformation().then(run);
              else run();
            });
          }
          applyMarker();
          onReady?.();
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
        }}
      />
      <p className="code-editor__hint" id={hintId}>
        {tabHint({ mac: isMac(), tabMovesFocus })}
      </p>
    </div>
  );
}
