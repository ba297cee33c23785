// Monaco 0.57 ships no types for this module; the one function the editor calls, as monaco-editor defines it.
declare module 'monaco-editor/languages/features/typescript/tsMode' {
  import type { LanguageServiceDefaults } from 'monaco-editor/languages/features/typescript/register';
  export function setupJavaScript(defaults: LanguageServiceDefaults): unknown;
}

// The global "Tab moves focus" switch that Ctrl+M toggles (monaco-editor's own TabFocus object).
declare module 'monaco-editor/editor/browser/config/tabFocus' {
  export const TabFocus: {
    getTabFocusMode(): boolean;
    setTabFocusMode(on: boolean): void;
    onDidChangeTabFocus(listener: (on: boolean) => void): { dispose(): void };
  };
}
