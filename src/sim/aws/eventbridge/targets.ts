/**
 * What a rule hands its targets: the whole event, a constant (`Input`), a part of the event (`InputPath`), or a
 * template filled from the event (`InputTransformer`), as "Transforming target input" in the EventBridge User
 * Guide describes. JSONPath here covers what rules use: `$`, `.name`, `['name']` and `[index]`.
 */
import { AwsServiceError } from '../jsonRpc';

export interface InputTransformer {
  InputPathsMap?: Record<string, string>;
  InputTemplate: string;
}

export interface TargetInput {
  Input?: string;
  InputPath?: string;
  InputTransformer?: InputTransformer;
}

const PATH_STEP = /^(?:\.([A-Za-z0-9_$@-]+)|\['([^']*)'\]|\[(\d+)\])/;

export function validJsonPath(path: string): boolean {
  if (!path.startsWith('$')) return false;
  let rest = path.slice(1);
  while (rest.length > 0) {
    const step = PATH_STEP.exec(rest);
    if (!step) return false;
    rest = rest.slice(step[0].length);
  }
  return true;
}

export function readJsonPath(value: unknown, path: string): unknown {
  let current = value;
  let rest = path.slice(1);
  while (rest.length > 0) {
    const step = PATH_STEP.exec(rest);
    if (!step) return undefined;
    rest = rest.slice(step[0].length);
    if (current === null || typeof current !== 'object') return undefined;
    const key = step[3] !== undefined ? Number(step[3]) : (step[1] ?? step[2]!);
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function fillTemplate(template: string, values: Record<string, unknown>): string {
  let out = '';
  let inString = false;
  for (let index = 0; index < template.length; index++) {
    const char = template[index]!;
    if (char === '\\' && inString) {
      out += char + (template[index + 1] ?? '');
      index++;
      continue;
    }
    if (char === '"') inString = !inString;
    if (char === '<') {
      const close = template.indexOf('>', index);
      const name = close > index ? template.slice(index + 1, close) : '';
      if (name && Object.prototype.hasOwnProperty.call(values, name)) {
        const value = values[name];
        if (inString) {
          const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
          out += JSON.stringify(text).slice(1, -1);
        } else {
          out += JSON.stringify(value ?? null);
        }
        index = close;
        continue;
      }
    }
    out += char;
  }
  return out;
}

/** The target's payload as text (an SQS body) for one event. */
export function targetText(
  target: TargetInput,
  event: Record<string, unknown>,
  rule: { name: string; arn: string },
  ingestionTime: string,
): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(readJsonPath(event, target.InputPath) ?? null);
  if (target.InputTransformer) {
    const values: Record<string, unknown> = {
      'aws.events.rule-arn': rule.arn,
      'aws.events.rule-name': rule.name,
      'aws.events.event.ingestion-time': ingestionTime,
      'aws.events.event': event,
      'aws.events.event.json': event,
    };
    for (const [name, path] of Object.entries(target.InputTransformer.InputPathsMap ?? {})) {
      values[name] = readJsonPath(event, path);
    }
    return fillTemplate(target.InputTransformer.InputTemplate, values);
  }
  return JSON.stringify(event);
}

/** The payload a Lambda target receives: the JSON value of the text when it is JSON, else the text. */
export function targetPayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function validateTargetInput(id: string, target: TargetInput): void {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter(
    (item) => item !== undefined,
  );
  if (given.length > 1) {
    throw new AwsServiceError(
      'ValidationException',
      `Only one of Input, InputPath, or InputTransformer must be provided for target ${id}.`,
    );
  }
  if (target.Input !== undefined) {
    try {
      JSON.parse(target.Input);
    } catch {
      throw new AwsServiceError(
        'ValidationException',
        `Parameter(s) Input for target ${id} is not valid. Input must be valid JSON text.`,
      );
    }
  }
  if (target.InputPath !== undefined && !validJsonPath(target.InputPath)) {
    throw new AwsServiceError('ValidationException', `Parameter(s) InputPath for target ${id} is not valid.`);
  }
  if (target.InputTransformer) {
    if (typeof target.InputTransformer.InputTemplate !== 'string') {
      throw new AwsServiceError(
        'ValidationException',
        `Parameter(s) InputTemplate for target ${id} is not valid.`,
      );
    }
    for (const path of Object.values(target.InputTransformer.InputPathsMap ?? {})) {
      if (typeof path !== 'string' || !validJsonPath(path)) {
        throw new AwsServiceError(
          'ValidationException',
          `Parameter(s) InputPathsMap for target ${id} is not valid.`,
        );
      }
    }
  }
}
