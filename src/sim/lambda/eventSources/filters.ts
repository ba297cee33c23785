/**
 * Event filtering ("Control which events Lambda sends to your function": lambda/latest/dg/invocation-eventfiltering
 * .html). Filters use EventBridge's pattern grammar (shared with src/sim/aws/eventbridge/pattern.ts) over the record
 * as the function would receive it, except that an SQS `body` and a Kinesis `data` are matched as the JSON they
 * hold when they hold JSON. A record passes when any filter matches. Records that pass no filter are dropped:
 * SQS deletes the message, streams move past the record.
 */
import { compilePattern, type CompiledPattern } from '../../aws/eventbridge/pattern';

export interface RecordFilter {
  /** No filters: everything passes. */
  readonly empty: boolean;
  matches(record: Record<string, unknown>): boolean;
}

function parsedJson(text: string): unknown {
  const first = text.trimStart()[0];
  // Only objects are matched structurally; anything else is compared as the plain string it is.
  if (first !== '{') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function decodeBase64(data: string): string {
  try {
    const binary = atob(data);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return new TextDecoder().decode(bytes);
  } catch {
    return data;
  }
}

/** The view of a record that filters see. */
function filterable(record: Record<string, unknown>): Record<string, unknown> {
  if (typeof record.body === 'string') return { ...record, body: parsedJson(record.body) };
  const kinesis = record.kinesis as Record<string, unknown> | undefined;
  if (kinesis && typeof kinesis.data === 'string')
    return { ...record, kinesis: { ...kinesis, data: parsedJson(decodeBase64(kinesis.data)) } };
  return record;
}

export function compileFilters(patterns: readonly string[]): RecordFilter {
  const compiled: CompiledPattern[] = patterns.map((pattern) => compilePattern(pattern));
  if (compiled.length === 0) return { empty: true, matches: () => true };
  return {
    empty: false,
    matches(record) {
      const view = filterable(record);
      return compiled.some((pattern) => pattern.matches(view));
    },
  };
}
