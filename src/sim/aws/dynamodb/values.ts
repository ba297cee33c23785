/**
 * DynamoDB's typed AttributeValue, as the wire carries it (`{ "S": "x" }`, `{ "N": "1.5" }`, binary as base64),
 * with the checks, orderings and sizes DynamoDB applies to it. Stored items keep exactly this shape, numbers in
 * canonical text, so they serialise back without conversion.
 */
import { canonicalNumber, compareNumberTexts, numberProblemMessage, significantDigits } from './numbers';

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] }
  | { L: AttributeValue[] }
  | { M: AttributeMap };

export type AttributeMap = Record<string, AttributeValue>;

export type TypeName = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'SS' | 'NS' | 'BS' | 'L' | 'M';

export const TYPE_NAMES: readonly TypeName[] = ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'];

/** The single type tag of a (validated) value. */
export function typeOf(value: AttributeValue): TypeName {
  for (const key in value) return key as TypeName;
  throw new Error('empty AttributeValue');
}

/** The payload under the type tag. */
export function payloadOf(value: AttributeValue): unknown {
  for (const key in value) return (value as Record<string, unknown>)[key];
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation (messages are DynamoDB's own)

const TYPE_SET = new Set<string>(TYPE_NAMES);

export class AttributeValueError extends Error {}

/**
 * Checks a value from a request and canonicalises its numbers in place (DynamoDB stores "01.50" as "1.5").
 * Returns DynamoDB's ValidationException message, or null.
 */
export function validateAttributeValue(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
  }
  const record = value as Record<string, unknown>;
  let type: string | undefined;
  let count = 0;
  for (const key in record) {
    if (record[key] === undefined || record[key] === null) continue;
    if (!TYPE_SET.has(key)) continue;
    type ??= key;
    count++;
  }
  if (count === 0 || type === undefined) {
    return 'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes';
  }
  if (count > 1) {
    return 'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes';
  }
  // Drop unknown members so the stored value has exactly one key.
  for (const key in record) if (key !== type) delete record[key];
  const payload = record[type];
  switch (type) {
    case 'S':
      return typeof payload === 'string' ? null : serialisationProblem();
    case 'B':
      return validateBase64(payload);
    case 'BOOL':
      return typeof payload === 'boolean' ? null : serialisationProblem();
    case 'NULL':
      if (payload !== true)
        return 'One or more parameter values were invalid: Null attribute value types must have the value of true';
      return null;
    case 'N': {
      if (typeof payload !== 'string') return serialisationProblem();
      const result = canonicalNumber(payload);
      if (!result.ok) return numberProblemMessage(result.problem, payload);
      record.N = result.text;
      return null;
    }
    case 'SS': {
      if (!isStringArray(payload)) return serialisationProblem();
      if (payload.length === 0)
        return 'One or more parameter values were invalid: An string set  may not be empty';
      if (hasDuplicate(payload))
        return `One or more parameter values were invalid: Input collection [${payload.join(', ')}] contains duplicates.`;
      return null;
    }
    case 'NS': {
      if (!isStringArray(payload)) return serialisationProblem();
      if (payload.length === 0)
        return 'One or more parameter values were invalid: An number set  may not be empty';
      for (let i = 0; i < payload.length; i++) {
        const result = canonicalNumber(payload[i]!);
        if (!result.ok) return numberProblemMessage(result.problem, payload[i]!);
        payload[i] = result.text;
      }
      if (hasDuplicate(payload)) return 'Input collection contains duplicates';
      return null;
    }
    case 'BS': {
      if (!isStringArray(payload)) return serialisationProblem();
      if (payload.length === 0)
        return 'One or more parameter values were invalid: Binary sets should not be empty';
      for (const member of payload) {
        const problem = validateBase64(member);
        if (problem) return problem;
      }
      if (hasDuplicate(payload))
        return `One or more parameter values were invalid: Input collection [${payload.join(', ')}]of type BS contains duplicates.`;
      return null;
    }
    case 'L': {
      if (!Array.isArray(payload)) return serialisationProblem();
      for (const member of payload) {
        const problem = validateAttributeValue(member);
        if (problem) return problem;
      }
      return null;
    }
    case 'M': {
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
        return serialisationProblem();
      const map = payload as Record<string, unknown>;
      for (const key in map) {
        const problem = validateAttributeValue(map[key]);
        if (problem) return problem;
      }
      return null;
    }
  }
  return serialisationProblem();
}

function serialisationProblem(): string {
  return 'Supplied AttributeValue has an invalid payload for its datatype';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((member) => typeof member === 'string');
}

function hasDuplicate(values: string[]): boolean {
  if (values.length < 2) return false;
  return new Set(values).size !== values.length;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function validateBase64(value: unknown): string | null {
  if (typeof value !== 'string') return serialisationProblem();
  if (!BASE64.test(value)) return 'Invalid base64 binary value: the value must be base64-encoded';
  return null;
}

/** Validates every attribute of an item (or key) and its names; returns the first problem. */
export function validateAttributeMap(map: unknown): string | null {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return serialisationProblem();
  const record = map as Record<string, unknown>;
  for (const name in record) {
    const problem = validateAttributeValue(record[name]);
    if (problem) return problem;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Binary

/** Raw bytes of a base64 value as a binary string (one char per byte, 0–255): compares and measures cheaply. */
export function binaryString(base64: string): string {
  return atob(base64);
}

export function byteLengthOfBase64(base64: string): number {
  const length = base64.length;
  if (length === 0) return 0;
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (length / 4) * 3 - padding;
}

// ---------------------------------------------------------------------------------------------------------------
// Ordering and equality

/**
 * DynamoDB collates strings by their UTF-8 bytes, which is code-point order. JS compares UTF-16 code units, which
 * differs only between surrogates (U+10000 and up) and U+E000–U+FFFF; shift those units to restore code-point order.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function compareBinary(a: string, b: string): number {
  if (a === b) return 0;
  const x = binaryString(a);
  const y = binaryString(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Orders two scalars of one type (S, N or B), as `<`, BETWEEN, sort keys and key conditions do.
 * Returns null when the values are not comparable (different types, or not a scalar type).
 */
export function compareValues(a: AttributeValue, b: AttributeValue): number | null {
  const type = typeOf(a);
  if (type !== typeOf(b)) return null;
  switch (type) {
    case 'S':
      return compareStrings((a as { S: string }).S, (b as { S: string }).S);
    case 'N':
      return compareNumberTexts((a as { N: string }).N, (b as { N: string }).N);
    case 'B':
      return compareBinary((a as { B: string }).B, (b as { B: string }).B);
    default:
      return null;
  }
}

/** Deep equality as `=` and IN use it: sets compare as sets, numbers by value (stored canonically). */
export function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case 'S':
      return (a as { S: string }).S === (b as { S: string }).S;
    case 'N':
      return compareNumberTexts((a as { N: string }).N, (b as { N: string }).N) === 0;
    case 'B':
      return binaryString((a as { B: string }).B) === binaryString((b as { B: string }).B);
    case 'BOOL':
      return (a as { BOOL: boolean }).BOOL === (b as { BOOL: boolean }).BOOL;
    case 'NULL':
      return true;
    case 'SS':
    case 'NS':
    case 'BS': {
      const x = payloadOf(a) as string[];
      const y = payloadOf(b) as string[];
      if (x.length !== y.length) return false;
      return x.every((member) => y.some((other) => setMemberEqual(type, member, other)));
    }
    case 'L': {
      const x = (a as { L: AttributeValue[] }).L;
      const y = (b as { L: AttributeValue[] }).L;
      return x.length === y.length && x.every((member, i) => valuesEqual(member, y[i]!));
    }
    case 'M': {
      const x = (a as { M: AttributeMap }).M;
      const y = (b as { M: AttributeMap }).M;
      const keys = Object.keys(x);
      if (keys.length !== Object.keys(y).length) return false;
      return keys.every((key) => y[key] !== undefined && valuesEqual(x[key]!, y[key]!));
    }
  }
}

export function setMemberEqual(type: 'SS' | 'NS' | 'BS', a: string, b: string): boolean {
  if (type === 'NS') return compareNumberTexts(a, b) === 0;
  if (type === 'BS') return binaryString(a) === binaryString(b);
  return a === b;
}

// ---------------------------------------------------------------------------------------------------------------
// Sizes ("DynamoDB item sizes and formats" in the developer guide)

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    // A surrogate pair is one code point of 4 bytes: 2 per unit.
    else if (unit >= 0xd800 && unit <= 0xdfff) bytes += 2;
    else bytes += 3;
  }
  return bytes;
}

function numberSize(text: string): number {
  // "1 byte per two significant digits" plus 1 byte.
  return Math.ceil(significantDigits(text) / 2) + 1;
}

/** Size of a value without its attribute name. */
export function valueSize(value: AttributeValue): number {
  const type = typeOf(value);
  switch (type) {
    case 'S':
      return utf8Length((value as { S: string }).S);
    case 'N':
      return numberSize((value as { N: string }).N);
    case 'B':
      return byteLengthOfBase64((value as { B: string }).B);
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (value as { SS: string[] }).SS.reduce((sum, member) => sum + utf8Length(member), 0);
    case 'NS':
      return (value as { NS: string[] }).NS.reduce((sum, member) => sum + numberSize(member), 0);
    case 'BS':
      return (value as { BS: string[] }).BS.reduce((sum, member) => sum + byteLengthOfBase64(member), 0);
    case 'L': {
      // 3 bytes for the list, 1 byte per element.
      let size = 3;
      for (const member of (value as { L: AttributeValue[] }).L) size += 1 + valueSize(member);
      return size;
    }
    case 'M': {
      const map = (value as { M: AttributeMap }).M;
      let size = 3;
      for (const name in map) size += 1 + utf8Length(name) + valueSize(map[name]!);
      return size;
    }
  }
}

/** Size of an item: for each attribute, its name's UTF-8 bytes plus its value's size. */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const name in item) size += utf8Length(name) + valueSize(item[name]!);
  return size;
}

const storedSizes = new WeakMap<AttributeMap, number>();

/** itemSize of a stored item, remembered: stored items never change, and Query and Scan measure every item read. */
export function storedItemSize(item: AttributeMap): number {
  let size = storedSizes.get(item);
  if (size === undefined) {
    size = itemSize(item);
    storedSizes.set(item, size);
  }
  return size;
}

const storedJson = new WeakMap<AttributeMap, string>();

/**
 * An item's JSON, as written on the wire, remembered with it: a Query or Scan page answers with thousands of items,
 * and serialising them one response at a time was most of the page's cost of a large Query. Stored items never
 * change, so the text stays right; it costs about the item's size again in memory. Written the first time a read
 * needs it, not at every write (a burst of PutItems reads nothing back).
 */
export function itemJson(item: AttributeMap): string {
  let json = storedJson.get(item);
  if (json === undefined) {
    json = JSON.stringify(item);
    storedJson.set(item, json);
  }
  return json;
}

/** A deep copy (stored items are never handed out for mutation). */
export function cloneValue<T extends AttributeValue | AttributeMap>(value: T): T {
  return structuredClone(value);
}
