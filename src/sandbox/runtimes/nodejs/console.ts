/**
 * `console` as Lambda's Node.js runtime interface client patches it. Each call becomes one structured
 * FunctionLogRecord (level, the text-format message, and in JSON format the fields the client's JSON formatter
 * keeps); the service renders the lines. Facts from the client's LogPatch / logging/formatter:
 *
 * - console.log is console.info; console.trace logs at TRACE (no stack); console.fatal exists.
 * - With the JSON log format, AWS_LAMBDA_LOG_LEVEL turns the methods below that level into no-ops.
 * - JSON format, one argument: it is kept as the `message` value (an Error becomes {errorType, errorMessage,
 *   stackTrace, …own properties}); if that cannot be stringified, `message` is util.format of it.
 *   Several arguments: `message` is util.format of all, and the first Error adds errorType/errorMessage/stackTrace.
 * - console.dir writes to stdout directly (a raw line); assert, count, time and table go through log/warn.
 */
import type { AppLogLevel, FunctionLogRecord } from '../../../sim/lambda/host';
import { cutLogMessage } from '../../limits';
import { format, inspect } from './builtins/core';
import { cleanMessageStacks, cleanStack } from './errors';
import type { NodeVersion } from './versions';

const PRIORITY: Record<AppLogLevel, number> = { TRACE: 1, DEBUG: 2, INFO: 3, WARN: 4, ERROR: 5, FATAL: 6 };

export interface ConsoleOptions {
  write(record: FunctionLogRecord): void;
  epochNow(): number;
  now(): number;
  version: NodeVersion;
}

export interface LogSettings {
  format: 'Text' | 'JSON';
  minLevel: AppLogLevel;
}

function errorFields(error: Error): Record<string, unknown> {
  return {
    errorType: error.constructor?.name ?? 'UnknownError',
    errorMessage: error.message,
    stackTrace: typeof error.stack === 'string' ? cleanStack(error.stack) : [],
  };
}

/** The JSON formatter's replacer: an Error is written as its type, message, stack lines and own properties. */
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return Object.assign(errorFields(value), value);
  return value;
}

/** The fields Lambda's JSON formatter adds after timestamp, level and requestId, as plain JSON data. */
export function jsonLogFields(args: unknown[], searchFromFirst: boolean): Record<string, unknown> {
  if (args.length <= 1) {
    try {
      return JSON.parse(JSON.stringify({ message: args[0] }, errorReplacer)) as Record<string, unknown>;
    } catch {
      return { message: cleanMessageStacks(format(args[0])) };
    }
  }
  const fields: Record<string, unknown> = { message: cleanMessageStacks(format(...args)) };
  for (const arg of searchFromFirst ? args : args.slice(1)) {
    if (arg instanceof Error) {
      Object.assign(fields, errorFields(arg));
      break;
    }
  }
  return fields;
}

function formatDuration(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(3)}s`;
  return `${ms.toFixed(3)}ms`;
}

export function createConsole(options: ConsoleOptions) {
  let settings: LogSettings = { format: 'Text', minLevel: 'TRACE' };
  let indent = '';
  const counts = new Map<string, number>();
  const timers = new Map<string, number>();

  function emit(level: AppLogLevel, args: unknown[]): void {
    if (settings.format === 'JSON' && PRIORITY[level] < PRIORITY[settings.minLevel]) return;
    const text = cleanMessageStacks(format(...args));
    // CloudWatch keeps at most 1 MB of one event: the rest is cut here, and the line says so.
    const message = cutLogMessage(indent ? text.replace(/^/gm, indent) : text);
    const record: FunctionLogRecord = { time: options.epochNow(), level, message };
    if (settings.format === 'JSON')
      record.fields =
        indent || message !== text
          ? { message }
          : jsonLogFields(args, options.version.jsonErrorSearchFromFirst);
    options.write(record);
  }

  function raw(text: string): void {
    options.write({ time: options.epochNow(), level: null, message: cutLogMessage(text) });
  }

  const at =
    (level: AppLogLevel) =>
    (...args: unknown[]) =>
      emit(level, args);

  const console = {
    log: at('INFO'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
    debug: at('DEBUG'),
    trace: at('TRACE'),
    fatal: at('FATAL'),
    dir: (value: unknown, dirOptions?: { depth?: number }) =>
      raw(inspect(value, dirOptions?.depth !== undefined ? { depth: dirOptions.depth } : {})),
    dirxml: (...args: unknown[]) => emit('INFO', args),
    table: (data: unknown) => emit('INFO', [data]),
    assert: (condition: unknown, ...args: unknown[]) => {
      if (condition) return;
      if (typeof args[0] === 'string') emit('WARN', [`Assertion failed: ${args[0]}`, ...args.slice(1)]);
      else emit('WARN', args.length ? ['Assertion failed', ...args] : ['Assertion failed']);
    },
    count: (label = 'default') => {
      const next = (counts.get(String(label)) ?? 0) + 1;
      counts.set(String(label), next);
      emit('INFO', [`${label}: ${next}`]);
    },
    countReset: (label = 'default') => counts.delete(String(label)),
    time: (label = 'default') => {
      timers.set(String(label), options.now());
    },
    timeLog: (label = 'default', ...args: unknown[]) => {
      const start = timers.get(String(label));
      if (start === undefined) return emit('WARN', [`No such label '${label}' for console.timeLog()`]);
      emit('INFO', [`${label}: ${formatDuration(options.now() - start)}`, ...args]);
    },
    timeEnd: (label = 'default') => {
      const start = timers.get(String(label));
      if (start === undefined) return emit('WARN', [`No such label '${label}' for console.timeEnd()`]);
      timers.delete(String(label));
      emit('INFO', [`${label}: ${formatDuration(options.now() - start)}`]);
    },
    group: (...args: unknown[]) => {
      if (args.length) emit('INFO', args);
      indent += '  ';
    },
    groupCollapsed: (...args: unknown[]) => {
      if (args.length) emit('INFO', args);
      indent += '  ';
    },
    groupEnd: () => {
      indent = indent.slice(2);
    },
  };

  return {
    console,
    /** process.stdout.write / process.stderr.write: written as is (a trailing newline ends the record). */
    raw,
    configure(next: LogSettings): void {
      settings = next;
    },
  };
}
