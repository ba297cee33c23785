/**
 * What a code fence's meta string says about running the block: ```` ```python title="app.py" runnable
 * event="sqs-orders" seed="orders" env="TABLE_NAME=orders" ```` . Pure (the MDX pipeline, the page and
 * content:check all read fences through this one parser).
 *
 * - `runnable` (or `runnable="script"`): the block gets a Run button. A handler block runs as a function; a script
 *   (top-level code or an `if __name__ == "__main__":` block) runs once per Run, as `python reserve.py` would.
 * - `event`: a named test event (events.ts) or inline JSON in single quotes: `event='{"id": "42"}'`.
 * - `seed`: resources the account needs first, comma-separated (seeds.ts).
 * - `env`: environment variables, `NAME=value` comma-separated.
 * - `error`: the errorType the block demonstrates (its run must fail with exactly that type).
 * - `handler`: the handler function's name when it is not found by looking.
 * - `layers`: layers to attach, comma-separated: `powertools` (Powertools for AWS Lambda (TypeScript)).
 * - `label`: words that tell two blocks with the same file name apart on one page (`label="orders"`).
 */
export type RunnableKind = 'handler' | 'script';

export interface RunnableSpec {
  kind: RunnableKind;
  /** An event name or inline JSON, as written. */
  event?: string;
  seeds: string[];
  environment: Record<string, string>;
  expectedError?: string;
  handler?: string;
  layers: string[];
}

export interface FenceMeta {
  title?: string;
  label?: string;
  runnable: RunnableSpec | null;
}

const TOKEN = /([A-Za-z][\w-]*)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g;

/** The fence's attributes; a bare word is `true`. */
export function fenceAttributes(raw: string): Map<string, string | true> {
  const attributes = new Map<string, string | true>();
  for (const match of raw.matchAll(TOKEN)) {
    const name = match[1]!;
    const value = match[2] ?? match[3] ?? match[4];
    attributes.set(name, value ?? true);
  }
  return attributes;
}

function list(value: string | true | undefined): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function parseFenceMeta(raw: string | null | undefined): FenceMeta {
  const attributes = fenceAttributes(raw ?? '');
  const title = attributes.get('title');
  const runnable = attributes.get('runnable');
  const meta: FenceMeta = { runnable: null };
  if (typeof title === 'string') meta.title = title;
  const label = attributes.get('label');
  if (typeof label === 'string') meta.label = label;
  if (runnable === undefined) return meta;
  const environment: Record<string, string> = {};
  for (const pair of list(attributes.get('env'))) {
    const at = pair.indexOf('=');
    if (at > 0) environment[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const event = attributes.get('event');
  const error = attributes.get('error');
  const handler = attributes.get('handler');
  meta.runnable = {
    kind: runnable === 'script' ? 'script' : 'handler',
    seeds: list(attributes.get('seed')),
    layers: list(attributes.get('layers')),
    environment,
    ...(typeof event === 'string' ? { event } : {}),
    ...(typeof error === 'string' ? { expectedError: error } : {}),
    ...(typeof handler === 'string' ? { handler } : {}),
  };
  return meta;
}

export type RunnableLanguage = 'python' | 'javascript' | 'typescript';

/** A fenced block with its runnable spec (what the page and content:check run). */
export interface RunnableBlock {
  language: RunnableLanguage;
  /** The fence's title, usually the file name (`app.py`, `index.mjs`). */
  title?: string;
  code: string;
  spec: RunnableSpec;
}

export function isRunnableLanguage(language: string | undefined): language is RunnableLanguage {
  return language === 'python' || language === 'javascript' || language === 'typescript';
}
