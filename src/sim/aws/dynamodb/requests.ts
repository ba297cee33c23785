/**
 * Request-level checks in DynamoDB's words. Parameter constraints are collected and reported together, as the
 * service does: `2 validation errors detected: Value null at 'tableName' failed to satisfy constraint: Member
 * must not be null; …`.
 */
import { validationError } from './errors';
import { validateAttributeMap, type AttributeMap } from './values';

export type Request = Record<string, unknown>;

const TABLE_NAME = /^[a-zA-Z0-9_.-]+$/;
const TABLE_ARN = /^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/([a-zA-Z0-9_.-]{3,255})$/;

function shown(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'object') return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

export class Constraints {
  private readonly problems: string[] = [];

  private add(value: unknown, path: string, constraint: string): void {
    this.problems.push(
      `Value ${shown(value)} at '${path}' failed to satisfy constraint: Member ${constraint}`,
    );
  }

  notNull(value: unknown, path: string): this {
    if (value === undefined || value === null) this.add(value, path, 'must not be null');
    return this;
  }

  /** Table (or index) names: 3–255 characters of [a-zA-Z0-9_.-]; data-plane calls also take the table's ARN. */
  name(value: unknown, path: string, options: { required?: boolean; arn?: boolean } = {}): this {
    if (value === undefined || value === null) {
      if (options.required !== false) this.add(value, path, 'must not be null');
      return this;
    }
    if (typeof value !== 'string') return this;
    if (options.arn && value.startsWith('arn:')) {
      if (value.length > 1024) this.add(value, path, 'must have length less than or equal to 1024');
      return this;
    }
    if (value.length < 3) this.add(value, path, 'must have length greater than or equal to 3');
    if (value.length > 255) this.add(value, path, 'must have length less than or equal to 255');
    if (!TABLE_NAME.test(value))
      this.add(value, path, 'must satisfy regular expression pattern: [a-zA-Z0-9_.-]+');
    return this;
  }

  oneOf(value: unknown, allowed: readonly string[], path: string): this {
    if (value !== undefined && value !== null && !allowed.includes(value as string)) {
      this.add(value, path, `must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return this;
  }

  atLeast(value: unknown, minimum: number, path: string): this {
    if (typeof value === 'number' && value < minimum) {
      this.add(value, path, `must have value greater than or equal to ${minimum}`);
    }
    return this;
  }

  atMost(value: unknown, maximum: number, path: string): this {
    if (typeof value === 'number' && value > maximum) {
      this.add(value, path, `must have value less than or equal to ${maximum}`);
    }
    return this;
  }

  lengthBetween(value: unknown, minimum: number, maximum: number, path: string): this {
    if (value === undefined || value === null) return this;
    const length = Array.isArray(value)
      ? value.length
      : typeof value === 'object'
        ? Object.keys(value).length
        : String(value).length;
    if (length < minimum) this.add(value, path, `must have length greater than or equal to ${minimum}`);
    if (length > maximum) this.add(value, path, `must have length less than or equal to ${maximum}`);
    return this;
  }

  /** A custom constraint message (for map-valued parameters). */
  custom(value: unknown, path: string, failed: boolean, constraint: string): this {
    if (failed)
      this.problems.push(`Value ${shown(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
    return this;
  }

  check(): void {
    if (this.problems.length === 0) return;
    const count = this.problems.length;
    throw validationError(
      `${count} validation error${count > 1 ? 's' : ''} detected: ${this.problems.slice(0, 10).join('; ')}`,
    );
  }
}

/** The table name a data-plane request names (TableName may be the table's ARN). */
export function tableNameOf(value: unknown): string {
  const text = String(value);
  const arn = TABLE_ARN.exec(text);
  return arn ? arn[1]! : text;
}

export function attributeMapParameter(value: unknown): AttributeMap {
  const problem = validateAttributeMap(value);
  if (problem) throw validationError(problem);
  return value as AttributeMap;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
