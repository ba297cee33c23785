/**
 * What the differential tests compare, reduced to what both runtimes can agree on: V8's column numbers differ
 * once sucrase has rewritten a module, and the runtime's own frames are its implementation, so a trace is kept as
 * its first line plus the learner's file:line locations. Everything else is compared exactly.
 */
import type { ErrorResponse, FunctionLogRecord, InvokeResult } from '../../src/sim/lambda/host';
import type { OracleInvocation, OracleLog } from './oracle';

export interface ComparableError {
  errorType: unknown;
  errorMessage: unknown;
  trace: { head: string | undefined; locations: string[] };
}

export type ComparableOutcome =
  { kind: 'response'; body: string } | { kind: 'error'; error: ComparableError } | { kind: 'none' };

export interface ComparableLog {
  level: string | null;
  message: string;
}

/** `/var/task/index.mjs:12` for every frame in the learner's files (file:// or not, any column). */
function taskLocations(lines: readonly string[]): string[] {
  const locations: string[] = [];
  for (const line of lines.slice(1)) {
    const match = /(\/var\/task\/[^:()\s]+):(\d+)/.exec(line);
    if (match) locations.push(`${match[1]}:${match[2]}`);
  }
  return locations;
}

export function comparableTrace(lines: unknown): ComparableError['trace'] {
  const list = Array.isArray(lines) ? lines.map(String) : [];
  return { head: list[0], locations: taskLocations(list) };
}

export function comparableError(body: Record<string, unknown> | ErrorResponse): ComparableError {
  return {
    errorType: body.errorType,
    errorMessage: body.errorMessage,
    trace: comparableTrace(body.trace),
  };
}

export function oracleOutcome(invocation: OracleInvocation | undefined): ComparableOutcome {
  const outcome = invocation?.outcome;
  if (!outcome) return { kind: 'none' };
  if (outcome.kind === 'response') return outcome;
  return { kind: 'error', error: comparableError(outcome.body) };
}

export function sandboxOutcome(result: InvokeResult): ComparableOutcome {
  if (result.outcome === 'success') return { kind: 'response', body: result.payload };
  if (result.outcome === 'error') return { kind: 'error', error: comparableError(result.error) };
  return { kind: 'none' };
}

/**
 * A failure's log line (`Invoke Error \t{…}`, `Uncaught Exception \t{…}`) carries the error as JSON with its
 * stack: compared like a trace. Other messages as they are.
 */
export function comparableMessage(message: string): string {
  const match = /^([A-Za-z ]+) \t(\{[\s\S]*\})$/.exec(message);
  if (!match)
    // An error logged with its stack (util.format): the learner's frames as file:line, the runtime's dropped.
    return message
      .split('\n')
      .flatMap((line) => {
        if (!/^\s+at /.test(line)) return [line];
        const location = /(\/var\/task\/[^:()\s]+):(\d+)/.exec(line);
        return location ? [`    at ${location[1]}:${location[2]}`] : [];
      })
      .join('\n');
  const fields = JSON.parse(match[2]!) as Record<string, unknown>;
  const { stack, ...rest } = fields;
  return `${match[1]} \t${JSON.stringify({ ...rest, stack: comparableTrace(stack) })}`;
}

export function oracleLogs(logs: readonly OracleLog[]): ComparableLog[] {
  return logs.map((log) => ({ level: log.level, message: comparableMessage(log.message) }));
}

export function sandboxLogs(records: readonly FunctionLogRecord[]): ComparableLog[] {
  return records.map((record) => ({
    level: record.level,
    message: comparableMessage(record.message.replace(/\n$/, '')),
  }));
}
