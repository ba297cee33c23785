/**
 * Error shapes of the Node.js runtime interface client: the invoke response `{ errorType, errorMessage, trace }`
 * and the log line the runtime writes for a failure (`Invoke Error \t{…}`, `Uncaught Exception \t{…}`).
 */
import type { ErrorResponse, SyntaxLocation } from '../../../sim/lambda/host';

/**
 * Keeps the frames a learner can act on (their files, layers, the runtime's own modules) and the message line;
 * drops the sandbox's frames (blob: URLs of the worker, or the Node.js files of an in-process test run).
 */
export function cleanStack(stack: string): string[] {
  const lines = stack.split('\n');
  return lines.filter(
    (line, index) =>
      index === 0 || !/^\s+at /.test(line) || /\/var\/task\/|\/opt\/|\/var\/runtime\//.test(line),
  );
}

/**
 * The response shape for any thrown value, by the runtime interface client's rule (checked against
 * aws-lambda-ric 3.3.0 in scripts/oracle): a native error, or an object whose name, message and stack are all
 * non-empty strings, reports its `name` (so a subclass that sets none reports the `Error` it inherits) and its
 * stack split into lines; anything else reports its type as errorType, `String(value)` as the message and an
 * empty trace (`throw {message: 'x'}` → `object`, `[object Object]`).
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (isErrorLike(error)) {
    const trace = cleanStack(error.stack);
    return { errorType: error.name, errorMessage: error.message, trace };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

function isErrorLike(value: unknown): value is Error & { stack: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { name, message, stack } = value as Partial<Record<'name' | 'message' | 'stack', unknown>>;
  if (value instanceof Error) return typeof stack === 'string';
  return (
    Boolean(name && message && stack) && [name, message, stack].every((part) => typeof part === 'string')
  );
}

/**
 * A console message with the sandbox's own frames taken out: an error logged with its stack (util.format) would
 * otherwise show the worker's blob: URLs, or the Node.js files of an in-process run.
 */
export function cleanMessageStacks(message: string): string {
  if (!message.includes('    at ')) return message;
  return message
    .split('\n')
    .filter((line) => !/^\s+at /.test(line) || /\/var\/task\/|\/opt\/|\/var\/runtime\//.test(line))
    .join('\n');
}

/** An error the runtime makes itself; its trace is its stack's lines (a multi-line message spans several). */
export function runtimeError(errorType: string, errorMessage: string, trace?: string[]): ErrorResponse {
  return { errorType, errorMessage, trace: trace ?? `${errorType}: ${errorMessage}`.split('\n') };
}

/**
 * The JSON the runtime appends to a failure's log line in text mode: the error's type, message, own enumerable
 * properties and stack as lines (the runtime interface client's `toFormatted`).
 */
export function formattedError(error: unknown): string {
  const value = error instanceof Error ? error : new Error(String(error));
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(value)) own[key] = (value as unknown as Record<string, unknown>)[key];
  const shaped: Record<string, unknown> = {
    errorType: value.name,
    errorMessage: value.message,
    code: (value as { code?: unknown }).code,
    ...own,
  };
  if (typeof value.stack === 'string') shaped.stack = cleanStack(value.stack);
  try {
    return '\t' + JSON.stringify(shaped);
  } catch {
    const response = toErrorResponse(value);
    return '\t' + JSON.stringify(response);
  }
}

/** The same, for an error the sandbox only knows as a response (a runtime error it made itself). */
export function formattedResponse(error: ErrorResponse): string {
  return (
    '\t' +
    JSON.stringify({ errorType: error.errorType, errorMessage: error.errorMessage, stack: error.trace })
  );
}

/** An Error object carrying a response's type, message and trace (for the JSON log format's error fields). */
export function errorFromResponse(response: ErrorResponse): Error {
  // The runtime's own error classes are named without the `Runtime.` prefix (ImportModuleError, …).
  const className = response.errorType.replace(/^Runtime\./, '');
  const named = { [className]: class extends Error {} }[className] ?? Error;
  const error = new named(response.errorMessage);
  Object.defineProperty(error, 'name', { value: response.errorType, enumerable: false, configurable: true });
  error.stack = response.trace.join('\n');
  return error;
}

/** Sucrase reports syntax errors as `Unexpected token (3:15)` with `loc`, both 1-based (checked: `a b` → 1:3). */
export function syntaxLocationOf(error: unknown, file?: string): SyntaxLocation | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const loc = (error as { loc?: { line?: unknown; column?: unknown } }).loc;
  const message = String((error as { message?: unknown }).message ?? '').replace(/\s*\(\d+:\d+\)\s*$/, '');
  if (loc && typeof loc.line === 'number' && typeof loc.column === 'number')
    return { line: loc.line, column: loc.column, message, ...(file ? { file } : {}) };
  return undefined;
}

export type SerializeResult =
  { ok: true; json: string } | { ok: false; error: ErrorResponse; reason: string };

/**
 * How deep JSON.stringify can nest in Node.js before its stack runs out ("RangeError: Maximum call stack size
 * exceeded"). Measured: Node.js 20.20 with its default stack stringifies 4,174 nested objects or arrays and
 * fails at 4,175; the runtime calls it a few frames deeper. A browser worker's stack goes much further (it
 * stringified 200,000 levels), so the sandbox applies Node's limit itself.
 */
export const NODE_JSON_DEPTH_LIMIT = 4_100;

/** Throws Node's RangeError if `value` nests objects/arrays deeper than NODE_JSON_DEPTH_LIMIT. */
function checkJsonDepth(value: unknown): void {
  const pending: Array<[unknown, number]> = [[value, 1]];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    if (depth > NODE_JSON_DEPTH_LIMIT) throw new RangeError('Maximum call stack size exceeded');
    seen.add(current);
    // toJSON decides what is written; what it returns is checked when stringify calls it (rare: leave it).
    if (typeof (current as { toJSON?: unknown }).toJSON === 'function') continue;
    for (const key of Object.keys(current))
      pending.push([(current as Record<string, unknown>)[key], depth + 1]);
  }
}

/** What the Node.js runtime does with the handler's result: `JSON.stringify(result ?? null)`. */
export function serializeResult(
  value: unknown,
  stringify: typeof JSON.stringify = JSON.stringify,
): SerializeResult {
  try {
    checkJsonDepth(value);
    const json = stringify(value === undefined ? null : value);
    // JSON.stringify(() => 1) is undefined: Lambda sends that as null.
    return { ok: true, json: json === undefined ? 'null' : json };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason,
      error: runtimeError('Runtime.JSONStringifyError', 'Unable to stringify response body'),
    };
  }
}
