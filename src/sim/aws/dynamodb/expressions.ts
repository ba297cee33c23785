/**
 * Parsing DynamoDB expressions with the PEG grammars dynalite ships (a well-kept, tested grammar rather than a
 * hand-written one). The parsers resolve `#name` and `:value` placeholders, track which were used and report
 * DynamoDB's semantic messages; this module adds the request-level checks around them and turns a PEG syntax
 * error into DynamoDB's `Syntax error; token: "…", near: "…"` form. The evaluators live in conditions.ts,
 * updates.ts and paths.ts.
 */
import conditionParser from 'dynalite/db/conditionParser.js';
import projectionParser from 'dynalite/db/projectionParser.js';
import updateParser from 'dynalite/db/updateParser.js';
import type { ParserContext, PegSyntaxError } from 'dynalite/db/conditionParser.js';
import { validationError } from './errors';
import { isReservedWord } from './reservedWords';
import { compareValues, validateAttributeValue, type AttributeValue } from './values';

// ---------------------------------------------------------------------------------------------------------------
// AST (the parsers' output shapes)

/** A document path: attribute names and list indexes, placeholders already resolved. */
export type DocumentPath = Array<string | number>;

export interface SizeFunction {
  type: 'function';
  name: 'size';
  args: [Operand];
}

export type Operand = DocumentPath | AttributeValue | SizeFunction;

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type ConditionNode =
  | { type: 'and' | 'or'; args: [ConditionNode, ConditionNode] }
  | { type: 'not'; args: [ConditionNode] }
  | { type: Comparator; args: [Operand, Operand] }
  | { type: 'between'; args: [Operand, Operand, Operand] }
  | { type: 'in'; args: Operand[] }
  | {
      type: 'function';
      name: 'attribute_exists' | 'attribute_not_exists' | 'attribute_type' | 'begins_with' | 'contains';
      args: Operand[];
    };

export type UpdateValue =
  | Operand
  | { type: 'add' | 'subtract'; args: [UpdateValue, UpdateValue] }
  | { type: 'function'; name: 'if_not_exists' | 'list_append'; args: [UpdateValue, UpdateValue] };

export type UpdateAction =
  | { type: 'set'; path: DocumentPath; val: UpdateValue }
  | { type: 'remove'; path: DocumentPath }
  | { type: 'add' | 'delete'; path: DocumentPath; val: AttributeValue };

export function isPath(operand: unknown): operand is DocumentPath {
  return Array.isArray(operand);
}

export function isFunctionNode(
  operand: unknown,
): operand is { type: 'function'; name: string; args: unknown[] } {
  return (
    typeof operand === 'object' && operand !== null && (operand as { type?: unknown }).type === 'function'
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Request-level parsing

export type ExpressionKind =
  | 'UpdateExpression'
  | 'ConditionExpression'
  | 'KeyConditionExpression'
  | 'FilterExpression'
  | 'ProjectionExpression';

export interface ExpressionRequest {
  ConditionExpression?: unknown;
  UpdateExpression?: unknown;
  KeyConditionExpression?: unknown;
  FilterExpression?: unknown;
  ProjectionExpression?: unknown;
  ExpressionAttributeNames?: unknown;
  ExpressionAttributeValues?: unknown;
}

export interface ParsedExpressions {
  update?: UpdateAction[];
  condition?: ConditionNode;
  keyCondition?: ConditionNode;
  filter?: ConditionNode;
  projection?: DocumentPath[];
}

const PARSE_ORDER: readonly ExpressionKind[] = [
  'UpdateExpression',
  'ConditionExpression',
  'KeyConditionExpression',
  'FilterExpression',
  'ProjectionExpression',
];
/** The order DynamoDB names the missing expressions in ("… UpdateExpression and ConditionExpression are null"). */
const VALUE_MESSAGE_ORDER: readonly ExpressionKind[] = [
  'UpdateExpression',
  'ConditionExpression',
  'FilterExpression',
  'KeyConditionExpression',
];

const NAME_KEY = /^#[0-9a-zA-Z_]+$/;
const VALUE_KEY = /^:[0-9a-zA-Z_]+$/;

function compareForParser(_operator: 'GT', left: unknown, right: unknown): boolean {
  const order = compareValues(left as AttributeValue, right as AttributeValue);
  return order !== null && order > 0;
}

/**
 * Validates and parses the expressions of one request (or one transaction item). `kinds` lists the expression
 * parameters this operation accepts, in the order DynamoDB reports problems. Throws ValidationException with
 * DynamoDB's message on the first problem: unknown or unused placeholders, syntax, reserved words, …
 */
export function parseExpressions(
  request: ExpressionRequest,
  kinds: readonly ExpressionKind[],
): ParsedExpressions {
  const present = PARSE_ORDER.filter((kind) => kinds.includes(kind) && request[kind] != null);
  const hasNames =
    request.ExpressionAttributeNames !== undefined && request.ExpressionAttributeNames !== null;
  const hasValues =
    request.ExpressionAttributeValues !== undefined && request.ExpressionAttributeValues !== null;
  if (hasNames && present.length === 0) {
    throw validationError('ExpressionAttributeNames can only be specified when using expressions');
  }
  const valueKinds = VALUE_MESSAGE_ORDER.filter((kind) => kinds.includes(kind));
  if (hasValues && valueKinds.length > 0 && valueKinds.every((kind) => request[kind] == null)) {
    const listed = valueKinds;
    throw validationError(
      `ExpressionAttributeValues can only be specified when using expressions: ${listed.join(' and ')} ${
        listed.length > 1 ? 'are' : 'is'
      } null`,
    );
  }
  if (present.length === 0) return {};

  let names: Record<string, string> = {};
  let values: Record<string, unknown> = {};
  if (hasNames) {
    if (
      typeof request.ExpressionAttributeNames !== 'object' ||
      Array.isArray(request.ExpressionAttributeNames)
    ) {
      throw validationError('ExpressionAttributeNames must be a map');
    }
    names = request.ExpressionAttributeNames as Record<string, string>;
    const keys = Object.keys(names);
    if (keys.length === 0) throw validationError('ExpressionAttributeNames must not be empty');
    for (const key of keys) {
      if (!NAME_KEY.test(key)) {
        throw validationError(`ExpressionAttributeNames contains invalid key: Syntax error; key: "${key}"`);
      }
    }
  }
  if (hasValues) {
    if (
      typeof request.ExpressionAttributeValues !== 'object' ||
      Array.isArray(request.ExpressionAttributeValues)
    ) {
      throw validationError('ExpressionAttributeValues must be a map');
    }
    values = request.ExpressionAttributeValues as Record<string, unknown>;
    const keys = Object.keys(values);
    if (keys.length === 0) throw validationError('ExpressionAttributeValues must not be empty');
    for (const key of keys) {
      if (!VALUE_KEY.test(key)) {
        throw validationError(`ExpressionAttributeValues contains invalid key: Syntax error; key: "${key}"`);
      }
    }
    for (const key of keys) {
      const problem = validateAttributeValue(values[key]);
      if (problem)
        throw validationError(`ExpressionAttributeValues contains invalid value: ${problem} for key ${key}`);
    }
  }

  const unusedNames = new Set(Object.keys(names));
  const unusedValues = new Set(Object.keys(values));
  // Parsing is the costly part of a small request; the same expression with the same placeholders parses to
  // the same tree, so trees are cached by their full input (values canonicalised above).
  const scope = `${JSON.stringify(names)}\u0001${JSON.stringify(values)}`;
  const parsed: ParsedExpressions = {};
  for (const kind of present) {
    const text = request[kind];
    if (typeof text !== 'string') throw validationError(`Invalid ${kind}: The expression must be a string`);
    const outcome = parseCached(kind, text, names, values, scope);
    for (const name of outcome.usedNames) unusedNames.delete(name);
    for (const value of outcome.usedValues) unusedValues.delete(value);
    switch (kind) {
      case 'UpdateExpression':
        parsed.update = (outcome.result as { sections: UpdateAction[] }).sections;
        break;
      case 'ConditionExpression':
        parsed.condition = (outcome.result as { expression: ConditionNode }).expression;
        break;
      case 'KeyConditionExpression':
        parsed.keyCondition = (outcome.result as { expression: ConditionNode }).expression;
        break;
      case 'FilterExpression':
        parsed.filter = (outcome.result as { expression: ConditionNode }).expression;
        break;
      case 'ProjectionExpression':
        parsed.projection = (outcome.result as { paths: DocumentPath[] }).paths;
        break;
    }
  }
  if (unusedNames.size > 0) {
    throw validationError(
      `Value provided in ExpressionAttributeNames unused in expressions: keys: {${[...unusedNames].join(', ')}}`,
    );
  }
  if (unusedValues.size > 0) {
    throw validationError(
      `Value provided in ExpressionAttributeValues unused in expressions: keys: {${[...unusedValues].join(', ')}}`,
    );
  }
  return parsed;
}

interface ParseOutcome {
  result: unknown;
  usedNames: string[];
  usedValues: string[];
}

const CACHE_LIMIT = 512;
/** Inputs longer than this (large values) are parsed each time rather than kept. */
const CACHE_KEY_LIMIT = 4096;
const cache = new Map<string, ParseOutcome>();

const PARSERS: Record<ExpressionKind, Parser> = {
  UpdateExpression: updateParser,
  ConditionExpression: conditionParser,
  KeyConditionExpression: conditionParser,
  FilterExpression: conditionParser,
  ProjectionExpression: projectionParser,
};

function parseCached(
  kind: ExpressionKind,
  text: string,
  names: Record<string, string>,
  values: Record<string, unknown>,
  scope: string,
): ParseOutcome {
  const key = `${kind}\u0000${text}\u0000${scope}`;
  const cacheable = key.length <= CACHE_KEY_LIMIT;
  if (cacheable) {
    const hit = cache.get(key);
    if (hit) return hit;
  }
  const unusedAttrNames: Record<string, true> = {};
  for (const name in names) unusedAttrNames[name] = true;
  const unusedAttrVals: Record<string, true> = {};
  for (const value in values) unusedAttrVals[value] = true;
  const context: ParserContext = {
    attrNames: names,
    attrVals: values,
    unusedAttrNames,
    unusedAttrVals,
    isReserved: isReservedWord,
    compare: compareForParser,
    isKeyCondition: kind === 'KeyConditionExpression',
  };
  const result = run(kind, text, PARSERS[kind], context);
  const outcome: ParseOutcome = {
    result,
    usedNames: Object.keys(names).filter((name) => !(name in unusedAttrNames)),
    usedValues: Object.keys(values).filter((value) => !(value in unusedAttrVals)),
  };
  if (cacheable) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, outcome);
  }
  return outcome;
}

interface Parser {
  parse(input: string, options: { context: ParserContext }): unknown;
}

function run(kind: ExpressionKind, text: string, parser: Parser, context: ParserContext): unknown {
  if (text === '') throw validationError(`Invalid ${kind}: The expression can not be empty;`);
  let result: unknown;
  try {
    result = parser.parse(text, { context });
  } catch (error) {
    if ((error as Error).name === 'SyntaxError' && (error as PegSyntaxError).location) {
      throw validationError(
        `Invalid ${kind}: ${syntaxMessage(text, (error as PegSyntaxError).location.start.offset)}`,
      );
    }
    throw validationError(`Invalid ${kind}: ${(error as Error).message}`);
  }
  if (typeof result === 'string') throw validationError(`Invalid ${kind}: ${result}`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Syntax errors in DynamoDB's words: the offending token and the text from the token before it to the token after

interface Token {
  text: string;
  start: number;
  end: number;
}

const TOKEN = /\s*(<=|>=|<>|[#:]?[A-Za-z0-9_]+|\S)/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = TOKEN.exec(text)) !== null) {
    const value = match[1]!;
    const start = TOKEN.lastIndex - value.length;
    tokens.push({ text: value, start, end: TOKEN.lastIndex });
  }
  return tokens;
}

export function syntaxMessage(text: string, offset: number): string {
  const tokens = tokenize(text);
  let at = tokens.findIndex((token) => token.end > offset);
  if (at === -1) {
    const last = tokens[tokens.length - 1];
    const near = last ? text.slice(last.start) : '';
    return `Syntax error; token: "<EOF>", near: "${near}"`;
  }
  // A failure inside a word (for example `a.` + `1`) belongs to the token that starts there.
  if (tokens[at]!.start > offset && at > 0 && tokens[at - 1]!.end > offset) at--;
  const token = tokens[at]!;
  const from = at > 0 ? tokens[at - 1]!.start : token.start;
  const to = at + 1 < tokens.length ? tokens[at + 1]!.end : token.end;
  return `Syntax error; token: "${token.text}", near: "${text.slice(from, to)}"`;
}
