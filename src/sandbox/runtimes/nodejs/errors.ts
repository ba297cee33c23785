import type { ErrorResponse, SyntaxLocation } from '../protocol';

/** The Node.js runtime's error shape: `{ errorType, errorMessage, trace }`. */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof Error || (typeof err === 'object' && err !== null && 'message' in err)) {
    const e = err as Error;
    const errorType = e.name && e.name !== 'Error' ? e.name : (e.constructor?.name ?? 'Error');
    const trace = typeof e.stack === 'string' ? cleanStack(e.stack) : [`${errorType}: ${e.message}`];
    return { errorType, errorMessage: String(e.message), trace };
  }
  // `throw "text"` and friends: Lambda reports the value's type as the error type.
  return { errorType: typeof err, errorMessage: String(err), trace: [] };
}

/** Keeps the learner's frames and drops the sandbox's own ones (blob: URLs, eval wrappers). */
export function cleanStack(stack: string): string[] {
  const lines = stack.split('\n');
  return lines.filter((l, i) => i === 0 || !/blob:|<anonymous>|coldstart-runtime/.test(l));
}

export function runtimeError(errorType: string, errorMessage: string, trace?: string[]): ErrorResponse {
  return { errorType, errorMessage, trace: trace ?? [`${errorType}: ${errorMessage}`] };
}

/** Sucrase reports syntax errors as `Unexpected token (3:14)`. */
export function syntaxLocationOf(err: unknown): SyntaxLocation | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const loc = (err as { loc?: { line?: unknown; column?: unknown } }).loc;
  const message = String((err as { message?: unknown }).message ?? '').replace(/\s*\(\d+:\d+\)\s*$/, '');
  if (loc && typeof loc.line === 'number' && typeof loc.column === 'number')
    return { line: loc.line, column: loc.column + 1, message };
  return undefined;
}

export type SerializeResult =
  { ok: true; json: string } | { ok: false; error: ErrorResponse; reason: string };

/** What the Node.js runtime does with the handler's result: `JSON.stringify(result ?? null)`. */
export function serializeResult(
  value: unknown,
  stringify: typeof JSON.stringify = JSON.stringify,
): SerializeResult {
  try {
    const json = stringify(value === undefined ? null : value);
    // JSON.stringify(() => 1) is undefined: Lambda sends that as null.
    return { ok: true, json: json === undefined ? 'null' : json };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      reason,
      error: runtimeError('Runtime.JSONStringifyError', 'Unable to stringify response body'),
    };
  }
}
