/**
 * Monaco, bundled locally and slim: the editor API, JavaScript/TypeScript and JSON highlighting, and a few
 * editing features. Workers come from `?worker` imports: no CDN, no AMD loader. Loaded only through React.lazy
 * (MonacoEditor.tsx), so none of this is in the first page load.
 *
 * TypeScript's language service (its worker is ~6.9 MB, 1.5 MB gzip, plus Lambda's types) loads only when it
 * is needed: for a TypeScript model, or in JavaScript when the learner asks for type information (Ctrl+Space,
 * parameter hints, Ctrl+K Ctrl+I). JavaScript otherwise gets Monarch highlighting and word-based suggestions,
 * and the sandbox reports syntax errors itself.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/features/json/register';
// A few editing features people expect (find, suggestions, hover, bracket matching, comments, folding), and
// Ctrl+M (Ctrl+Shift+M on a Mac), which switches Tab between indenting and moving focus.
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode';
// The language services' worker client (monaco-editor/internal/common/workers) registers every editor
// contribution when it loads, after the first editor has fixed the set of services. Two of those contributions
// need services nobody registered by then, and every later editor failed to create them ("depends on UNKNOWN
// service ICodeLensCache / treeViewsDndService"). Registering the two services up front fixes that.
import 'monaco-editor/editor/contrib/codelens/browser/codeLensCache';
import 'monaco-editor/editor/common/services/treeViewsDndService';
// The icon font (folding chevrons, suggestion kinds); CSS is not in the package's exports map.
import '../../../node_modules/monaco-editor/esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
// Constructing the worker is what fetches its chunk; this import is a few bytes.
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { loader } from '@monaco-editor/react';

type TypeScriptFeatures = typeof import('monaco-editor/languages/features/typescript/register');

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    // Only asked for once TypeScript's features are on (loadTypeScriptFeatures).
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};

/** Just enough Node.js typing for handlers: the sandbox's built-ins, not all of @types/node. */
const NODE_AMBIENT = `
declare var process: { env: Record<string, string | undefined>; exit(code?: number): never; version: string; nextTick(fn: (...a: any[]) => void, ...a: any[]): void; hrtime: any; memoryUsage(): any; cwd(): string };
declare var require: (id: string) => any;
declare var module: { exports: any };
declare var exports: any;
declare var __dirname: string;
declare var __filename: string;
declare var Buffer: any;
declare module 'fs' { const fs: any; export = fs; }
declare module 'fs/promises' { const fs: any; export = fs; }
declare module 'node:fs' { const fs: any; export = fs; }
declare module 'node:fs/promises' { const fs: any; export = fs; }
declare module 'path' { const p: any; export = p; }
declare module 'node:path' { const p: any; export = p; }
declare module 'util' { const u: any; export = u; }
declare module 'node:util' { const u: any; export = u; }
declare module 'events' { const e: any; export = e; }
declare module 'node:events' { const e: any; export = e; }
declare module 'crypto' { export function randomUUID(): string; export function randomBytes(n: number): any; const c: any; export default c; }
declare module 'node:crypto' { export function randomUUID(): string; export function randomBytes(n: number): any; const c: any; export default c; }
declare module 'buffer' { export const Buffer: any; }
declare module 'node:buffer' { export const Buffer: any; }
declare module 'os' { const o: any; export = o; }
declare module '@aws-sdk/client-dynamodb' { export const DynamoDBClient: any; export const PutItemCommand: any; export const GetItemCommand: any; export const ScanCommand: any; }
declare module '@aws-sdk/client-s3' { export const S3Client: any; export const PutObjectCommand: any; export const GetObjectCommand: any; }
declare module 'powertools-lite' { export const Logger: any; }
declare module 'shared-utils' { export function json(statusCode: number, body: unknown): any; export function buildLookupTable(n: number): Map<string, number>; }
`;

let configured = false;

export function configureMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  // Monaco's stock themes miss WCAG AA in two places (vs-dark comments #608b4e at 4.2:1, dimmed
  // line numbers at 1.75:1); these themes keep everything else and fix those.
  monaco.editor.defineTheme('coldstart-light', {
    base: 'vs',
    inherit: true,
    rules: [],
    colors: { 'editorLineNumber.dimmedForeground': '#237893' },
  });
  monaco.editor.defineTheme('coldstart-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [{ token: 'comment', foreground: '7fb069' }],
    colors: { 'editorLineNumber.dimmedForeground': '#858585' },
  });
  loader.config({ monaco });
  return monaco;
}

const NO_LANGUAGE_FEATURES = {
  completionItems: false,
  hovers: false,
  documentSymbols: false,
  definitions: false,
  references: false,
  documentHighlights: false,
  rename: false,
  diagnostics: false,
  documentRangeFormattingEdits: false,
  signatureHelp: false,
  onTypeFormattingEdits: false,
  codeActions: false,
  inlayHints: false,
};

let typeScriptFeatures: Promise<TypeScriptFeatures> | null = null;

/**
 * TypeScript's language features, configured for handlers (compiler options, Node.js ambient types, then
 * @types/aws-lambda). Await it before giving a model the `typescript` language: Monaco sets up a language's
 * features when a model first uses it, and only listeners registered by then take part.
 */
export function loadTypeScriptFeatures(): Promise<TypeScriptFeatures> {
  typeScriptFeatures ??= import('monaco-editor/languages/features/typescript/register').then((ts) => {
    const options = {
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      allowJs: true,
      allowNonTsExtensions: true,
      esModuleInterop: true,
      strict: true,
      noEmit: true,
    };
    ts.typescriptDefaults.setCompilerOptions(options);
    ts.javascriptDefaults.setCompilerOptions({ ...options, checkJs: false });
    // JavaScript models made from now on get no TypeScript features unless asked (enableJavaScriptTypeInformation).
    if (!javaScriptTypeInformation) ts.javascriptDefaults.setModeConfiguration(NO_LANGUAGE_FEATURES);
    for (const defaults of [ts.typescriptDefaults, ts.javascriptDefaults])
      defaults.addExtraLib(NODE_AMBIENT, 'file:///node_modules/@types/coldstart-node/index.d.ts');
    void import('./lambdaTypes').then(({ lambdaTypes }) => {
      for (const [path, text] of Object.entries(lambdaTypes))
        for (const defaults of [ts.typescriptDefaults, ts.javascriptDefaults])
          defaults.addExtraLib(text, `file://${path}`);
    });
    return ts;
  });
  return typeScriptFeatures;
}

let javaScriptTypeInformation: Promise<void> | null = null;

/**
 * Turns on TypeScript's completions, hovers and signature help for JavaScript, once, when the learner asks for
 * them. JavaScript models already exist by then, so Monaco will not set the features up by itself: do it here.
 */
export function enableJavaScriptTypeInformation(): Promise<void> {
  javaScriptTypeInformation ??= (async () => {
    const ts = await loadTypeScriptFeatures();
    ts.javascriptDefaults.setModeConfiguration({
      ...NO_LANGUAGE_FEATURES,
      completionItems: true,
      hovers: true,
      signatureHelp: true,
      documentHighlights: true,
      // The sandbox reports JavaScript syntax errors; TypeScript's diagnostics would repeat them.
      diagnostics: false,
    });
    const mode = await import('monaco-editor/languages/features/typescript/tsMode');
    mode.setupJavaScript(ts.javascriptDefaults);
  })();
  return javaScriptTypeInformation;
}

/** True once JavaScript has TypeScript's features (tests and the editor's hint read it). */
export function hasJavaScriptTypeInformation(): boolean {
  return javaScriptTypeInformation !== null;
}

export { monaco };
