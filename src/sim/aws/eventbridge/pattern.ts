/**
 * EventBridge event patterns ("Event patterns" and "Content filtering in Amazon EventBridge event patterns" in the
 * EventBridge User Guide): a pattern mirrors the event's structure; each leaf is an array of match values, any of
 * which may match (OR); every field of the pattern must match (AND); fields the pattern does not name are ignored.
 * Leaf values are exact strings, numbers, booleans or null, or one-key objects: prefix, suffix, anything-but
 * (values, prefix, suffix, wildcard, equals-ignore-case), numeric ranges, exists, equals-ignore-case, wildcard and
 * cidr; `$or` takes alternatives at one level. When the event holds an array, a leaf matches if any element does.
 * SNS filter policies use the same grammar (sns/filterPolicy.ts).
 *
 * A pattern is compiled once (PutRule, Subscribe) into closures; matching allocates nothing per field.
 */
import { AwsServiceError } from '../jsonRpc';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type LeafTest = (value: Json) => boolean;

interface Leaf {
  path: string[];
  /** Tests against a present value; any test passing is a match. */
  tests: LeafTest[];
  /** `{"exists": false}` present: an absent field matches. */
  matchesAbsent: boolean;
  /** Only `exists` tests: presence alone decides. */
  existsOnly: boolean;
}

interface Node {
  leaves: Leaf[];
  /** `$or` groups: each is a list of alternative nodes; one per group must match. */
  alternatives: Node[][];
}

export interface CompiledPattern {
  matches(event: unknown): boolean;
}

export class PatternError extends Error {}

function fail(reason: string): never {
  throw new PatternError(reason);
}

const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wildcardTest(pattern: string, ignoreCase = false): (value: string) => boolean {
  if (pattern.includes('**')) fail(`Consecutive wildcard characters at pos ${pattern.indexOf('**') + 1}`);
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '\\' && (pattern[index + 1] === '*' || pattern[index + 1] === '\\')) {
      current += pattern[++index]!;
    } else if (char === '*') {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  const normalise = (text: string) => (ignoreCase ? text.toLowerCase() : text);
  const pieces = parts.map(normalise);
  if (pieces.length === 1) return (value) => normalise(value) === pieces[0];
  return (value) => {
    const text = normalise(value);
    const first = pieces[0]!;
    const last = pieces[pieces.length - 1]!;
    if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last))
      return false;
    let at = first.length;
    const end = text.length - last.length;
    for (let index = 1; index < pieces.length - 1; index++) {
      const found = text.indexOf(pieces[index]!, at);
      if (found < 0 || found + pieces[index]!.length > end) return false;
      at = found + pieces[index]!.length;
    }
    return true;
  };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

function cidrTest(spec: string): LeafTest {
  const [address, bitsText] = spec.split('/');
  const v4 = address !== undefined ? parseIpv4(address) : undefined;
  const v6 = v4 === undefined && address !== undefined ? parseIpv6(address) : undefined;
  const width = v4 !== undefined ? 32 : 128;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if ((v4 === undefined && v6 === undefined) || !Number.isInteger(bits) || bits < 0 || bits > width) {
    fail(`Malformed CIDR, one '/' required`);
  }
  const base = (v4 ?? v6)!;
  const shift = BigInt(width - bits);
  return (value) => {
    if (typeof value !== 'string') return false;
    const parsed = width === 32 ? parseIpv4(value) : parseIpv6(value);
    return parsed !== undefined && parsed >> shift === base >> shift;
  };
}

function stringOrIgnoreCase(operand: Json, operator: string): { text: string; ignoreCase: boolean } {
  if (typeof operand === 'string') return { text: operand, ignoreCase: false };
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (
      keys.length === 1 &&
      keys[0] === 'equals-ignore-case' &&
      typeof operand['equals-ignore-case'] === 'string'
    ) {
      return { text: operand['equals-ignore-case'] as string, ignoreCase: true };
    }
  }
  return fail(`${operator} match pattern must be a string`);
}

function anythingButTest(operand: Json): LeafTest {
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1) fail('Value of anything-but must be an array or single string/number value.');
    const key = keys[0]!;
    const inner = operand[key]!;
    const strings = (Array.isArray(inner) ? inner : [inner]).map((item) =>
      typeof item === 'string'
        ? item
        : fail(`Inside anything but/${key} list, number|start|null|boolean is not supported.`),
    );
    switch (key) {
      case 'prefix':
        return (value) => typeof value === 'string' && !strings.some((prefix) => value.startsWith(prefix));
      case 'suffix':
        return (value) => typeof value === 'string' && !strings.some((suffix) => value.endsWith(suffix));
      case 'equals-ignore-case': {
        const lowered = strings.map((item) => item.toLowerCase());
        return (value) => typeof value === 'string' && !lowered.includes(value.toLowerCase());
      }
      case 'wildcard': {
        const tests = strings.map((item) => wildcardTest(item));
        return (value) => typeof value === 'string' && !tests.some((test) => test(value));
      }
      default:
        return fail(`Unsupported anything-but pattern: ${key}`);
    }
  }
  const excluded = Array.isArray(operand) ? operand : [operand];
  for (const item of excluded) {
    if (typeof item !== 'string' && typeof item !== 'number') {
      fail('Inside anything but list, start|null|boolean is not supported.');
    }
  }
  return (value) =>
    (typeof value === 'string' || typeof value === 'number') && !excluded.some((item) => item === value);
}

function numericTest(operand: Json): LeafTest {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0 || operand.length > 4) {
    fail('Value of numeric must be an array.');
  }
  const checks: Array<(value: number) => boolean> = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator = operand[index];
    const bound = operand[index + 1];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator))
      fail(`Unrecognized numeric range operator: ${String(operator)}`);
    if (typeof bound !== 'number') fail(`Value of ${operator} must be numeric`);
    switch (operator) {
      case '<':
        checks.push((value) => value < bound);
        break;
      case '<=':
        checks.push((value) => value <= bound);
        break;
      case '=':
        checks.push((value) => value === bound);
        break;
      case '>':
        checks.push((value) => value > bound);
        break;
      default:
        checks.push((value) => value >= bound);
    }
  }
  return (value) => typeof value === 'number' && checks.every((check) => check(value));
}

function compileLeaf(path: string[], values: Json[]): Leaf {
  if (values.length === 0) fail(`Empty arrays are not allowed at ${path.join('.')}`);
  const tests: LeafTest[] = [];
  let matchesAbsent = false;
  let existsOnly = true;
  for (const value of values) {
    if (!isPlainObject(value)) {
      existsOnly = false;
      if (Array.isArray(value))
        fail(`Match value must be String, number, true, false, or null at ${path.join('.')}`);
      tests.push(
        typeof value === 'number' ? (candidate) => candidate === value : (candidate) => candidate === value,
      );
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length !== 1) fail(`Only one key allowed in match expression at ${path.join('.')}`);
    const key = keys[0]!;
    const operand = value[key]!;
    if (key !== 'exists') existsOnly = false;
    switch (key) {
      case 'exists':
        if (typeof operand !== 'boolean') fail('exists match pattern must be either true or false.');
        if (operand) tests.push(() => true);
        else matchesAbsent = true;
        break;
      case 'prefix': {
        const { text, ignoreCase } = stringOrIgnoreCase(operand, 'prefix');
        const lowered = text.toLowerCase();
        tests.push(
          (candidate) =>
            typeof candidate === 'string' &&
            (ignoreCase ? candidate.toLowerCase().startsWith(lowered) : candidate.startsWith(text)),
        );
        break;
      }
      case 'suffix': {
        const { text, ignoreCase } = stringOrIgnoreCase(operand, 'suffix');
        const lowered = text.toLowerCase();
        tests.push(
          (candidate) =>
            typeof candidate === 'string' &&
            (ignoreCase ? candidate.toLowerCase().endsWith(lowered) : candidate.endsWith(text)),
        );
        break;
      }
      case 'equals-ignore-case': {
        if (typeof operand !== 'string') fail('equals-ignore-case match pattern must be a string');
        const lowered = operand.toLowerCase();
        tests.push((candidate) => typeof candidate === 'string' && candidate.toLowerCase() === lowered);
        break;
      }
      case 'wildcard': {
        if (typeof operand !== 'string') fail('wildcard match pattern must be a string');
        const test = wildcardTest(operand);
        tests.push((candidate) => typeof candidate === 'string' && test(candidate));
        break;
      }
      case 'anything-but':
        tests.push(anythingButTest(operand));
        break;
      case 'numeric':
        tests.push(numericTest(operand));
        break;
      case 'cidr':
        if (typeof operand !== 'string') fail('cidr match pattern must be a string');
        tests.push(cidrTest(operand));
        break;
      default:
        fail(`Unrecognized match type ${key}`);
    }
  }
  return { path, tests, matchesAbsent, existsOnly };
}

function compileNode(pattern: Record<string, Json>, path: string[]): Node {
  const node: Node = { leaves: [], alternatives: [] };
  const keys = Object.keys(pattern);
  if (keys.length === 0 && path.length === 0) fail('Empty objects are not allowed');
  for (const key of keys) {
    const value = pattern[key]!;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
        fail('Value of $or must be an array of at least two objects');
      }
      node.alternatives.push(
        value.map((alternative) => compileNode(alternative as Record<string, Json>, path)),
      );
    } else if (Array.isArray(value)) {
      node.leaves.push(compileLeaf([...path, key], value));
    } else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0)
        fail(`Empty objects are not allowed at ${[...path, key].join('.')}`);
      const child = compileNode(value, [...path, key]);
      node.leaves.push(...child.leaves);
      node.alternatives.push(...child.alternatives);
    } else {
      fail(`"${key}" must be an object or an array`);
    }
  }
  return node;
}

/** Every value found at `path`, stepping into arrays at any level. */
function collect(value: Json | undefined, path: string[], depth: number, out: Json[]): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) collect(item, path, depth, out);
    return;
  }
  if (depth === path.length) {
    out.push(value);
    return;
  }
  if (!isPlainObject(value)) return;
  collect(value[path[depth]!], path, depth + 1, out);
}

function leafMatches(leaf: Leaf, event: Json): boolean {
  const values: Json[] = [];
  collect(event, leaf.path, 0, values);
  // `exists` is about leaves: an object at the path does not count as the field existing.
  const present = values.filter((value) => !isPlainObject(value));
  if (present.length === 0) return leaf.matchesAbsent;
  if (leaf.existsOnly) return leaf.tests.length > 0;
  for (const value of present) for (const test of leaf.tests) if (test(value)) return true;
  return false;
}

function nodeMatches(node: Node, event: Json): boolean {
  for (const leaf of node.leaves) if (!leafMatches(leaf, event)) return false;
  for (const group of node.alternatives)
    if (!group.some((alternative) => nodeMatches(alternative, event))) return false;
  return true;
}

/** Compiles a pattern (JSON text or value); throws PatternError with EventBridge's reason when it is invalid. */
export function compilePattern(pattern: string | unknown): CompiledPattern {
  let parsed: unknown = pattern;
  if (typeof pattern === 'string') {
    try {
      parsed = JSON.parse(pattern);
    } catch {
      fail('Filter is not an object');
    }
  }
  if (!isPlainObject(parsed)) fail('Filter is not an object');
  const root = compileNode(parsed, []);
  return { matches: (event) => nodeMatches(root, event as Json) };
}

/** EventBridge's error for a bad pattern. */
export function invalidEventPattern(reason: string): AwsServiceError {
  return new AwsServiceError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
}

/** Compiles or throws InvalidEventPatternException. */
export function compileEventPattern(pattern: string): CompiledPattern {
  try {
    return compilePattern(pattern);
  } catch (error) {
    if (error instanceof PatternError) throw invalidEventPattern(error.message);
    throw error;
  }
}
