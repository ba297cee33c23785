/**
 * The legacy (pre-expression) parameters, still accepted by DynamoDB: AttributesToGet, Expected,
 * ConditionalOperator, AttributeUpdates, KeyConditions, QueryFilter and ScanFilter ("Legacy conditional
 * parameters" in the DynamoDB developer guide). They are translated into the same trees the expression parsers
 * produce, so one evaluator serves both; AttributeUpdates keeps its own rules (ADD appends to lists).
 */
import { validationError } from './errors';
import type { ConditionNode, DocumentPath, Operand } from './expressions';
import { addDecimals, checkDecimal, formatDecimal, numberProblemMessage, parseDecimal } from './numbers';
import type { Request } from './requests';
import {
  compareValues,
  setMemberEqual,
  typeOf,
  validateAttributeValue,
  type AttributeMap,
  type AttributeValue,
} from './values';

export type LegacyOperator =
  | 'EQ'
  | 'NE'
  | 'LE'
  | 'LT'
  | 'GE'
  | 'GT'
  | 'NOT_NULL'
  | 'NULL'
  | 'CONTAINS'
  | 'NOT_CONTAINS'
  | 'BEGINS_WITH'
  | 'IN'
  | 'BETWEEN';

const OPERATORS: readonly LegacyOperator[] = [
  'EQ',
  'NE',
  'LE',
  'LT',
  'GE',
  'GT',
  'NOT_NULL',
  'NULL',
  'CONTAINS',
  'NOT_CONTAINS',
  'BEGINS_WITH',
  'IN',
  'BETWEEN',
];

/** How many values each operator takes ([minimum, maximum]). */
const ARITY: Record<LegacyOperator, [number, number]> = {
  EQ: [1, 1],
  NE: [1, 1],
  LE: [1, 1],
  LT: [1, 1],
  GE: [1, 1],
  GT: [1, 1],
  NOT_NULL: [0, 0],
  NULL: [0, 0],
  CONTAINS: [1, 1],
  NOT_CONTAINS: [1, 1],
  BEGINS_WITH: [1, 1],
  IN: [1, Number.POSITIVE_INFINITY],
  BETWEEN: [2, 2],
};

/** The value types each operator accepts. */
const TYPES: Partial<Record<LegacyOperator, readonly string[]>> = {
  EQ: ['S', 'N', 'B', 'SS', 'NS', 'BS', 'L', 'M', 'BOOL', 'NULL'],
  NE: ['S', 'N', 'B', 'SS', 'NS', 'BS', 'L', 'M', 'BOOL', 'NULL'],
  LE: ['S', 'N', 'B'],
  LT: ['S', 'N', 'B'],
  GE: ['S', 'N', 'B'],
  GT: ['S', 'N', 'B'],
  CONTAINS: ['S', 'N', 'B'],
  NOT_CONTAINS: ['S', 'N', 'B'],
  BEGINS_WITH: ['S', 'B'],
  IN: ['S', 'N', 'B'],
  BETWEEN: ['S', 'N', 'B'],
};

/** Expression and legacy parameters exclude each other. */
export function checkParameterMix(
  request: Request,
  expressions: readonly string[],
  legacy: readonly string[],
): void {
  const usedExpressions = expressions.filter((name) => request[name] !== undefined && request[name] !== null);
  if (usedExpressions.length === 0) return;
  // KeyConditions may accompany other expressions as long as KeyConditionExpression is absent.
  const considered =
    request.KeyConditions != null && request.KeyConditionExpression == null
      ? legacy.filter((name) => name !== 'KeyConditions')
      : legacy;
  const usedLegacy = considered.filter((name) => request[name] !== undefined && request[name] !== null);
  if (usedLegacy.length > 0) {
    throw validationError(
      `Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {${usedLegacy.join(', ')}} Expression parameters: {${usedExpressions.join(', ')}}`,
    );
  }
}

/** AttributesToGet: top-level attribute names. */
export function legacyProjection(value: unknown): DocumentPath[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw validationError(
      `1 validation error detected: Value '${JSON.stringify(value)}' at 'attributesToGet' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  const names = value.map(String);
  const duplicate = names.find((name, position) => names.indexOf(name) !== position);
  if (duplicate !== undefined) {
    throw validationError(
      `One or more parameter values were invalid: Duplicate value in attribute name: ${duplicate}`,
    );
  }
  return names.map((name) => [name]);
}

interface LegacyCondition {
  operator: LegacyOperator;
  values: AttributeValue[];
}

function checkCondition(raw: Record<string, unknown>): LegacyCondition {
  const operator = raw.ComparisonOperator as LegacyOperator;
  if (!OPERATORS.includes(operator)) {
    throw validationError(
      `1 validation error detected: Value '${String(operator)}' at 'comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [${OPERATORS.join(', ')}]`,
    );
  }
  const values = (Array.isArray(raw.AttributeValueList) ? raw.AttributeValueList : []) as AttributeValue[];
  for (const value of values) {
    const problem = validateAttributeValue(value);
    if (problem) throw validationError(problem);
  }
  const [minimum, maximum] = ARITY[operator];
  if (values.length < minimum || values.length > maximum) {
    throw validationError(
      `One or more parameter values were invalid: Invalid number of argument(s) for the ${operator} ComparisonOperator`,
    );
  }
  if (values.length > 0) {
    const type = typeOf(values[0]!);
    if (values.some((value) => typeOf(value) !== type)) {
      throw validationError(
        'One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type',
      );
    }
    const allowed = TYPES[operator];
    if (allowed && !allowed.includes(type)) {
      throw validationError(
        `One or more parameter values were invalid: ComparisonOperator ${operator} is not valid for ${type} AttributeValue type`,
      );
    }
  }
  if (operator === 'BETWEEN' && (compareValues(values[0]!, values[1]!) ?? 0) > 0) {
    throw validationError(
      'The BETWEEN condition was provided a range where the lower bound is greater than the upper bound',
    );
  }
  return { operator, values };
}

function conditionNode(name: string, { operator, values }: LegacyCondition): ConditionNode {
  const path: Operand = [name];
  switch (operator) {
    case 'EQ':
      return { type: '=', args: [path, values[0]!] };
    case 'NE':
      return { type: '<>', args: [path, values[0]!] };
    case 'LE':
      return { type: '<=', args: [path, values[0]!] };
    case 'LT':
      return { type: '<', args: [path, values[0]!] };
    case 'GE':
      return { type: '>=', args: [path, values[0]!] };
    case 'GT':
      return { type: '>', args: [path, values[0]!] };
    case 'NOT_NULL':
      return { type: 'function', name: 'attribute_exists', args: [path] };
    case 'NULL':
      return { type: 'function', name: 'attribute_not_exists', args: [path] };
    case 'CONTAINS':
      return { type: 'function', name: 'contains', args: [path, values[0]!] };
    case 'NOT_CONTAINS':
      return { type: 'not', args: [{ type: 'function', name: 'contains', args: [path, values[0]!] }] };
    case 'BEGINS_WITH':
      return { type: 'function', name: 'begins_with', args: [path, values[0]!] };
    case 'IN':
      return { type: 'in', args: [path, ...values] };
    case 'BETWEEN':
      return { type: 'between', args: [path, values[0]!, values[1]!] };
  }
}

function combine(nodes: ConditionNode[], operator: unknown): ConditionNode | undefined {
  if (nodes.length === 0) return undefined;
  if (operator !== undefined && operator !== 'AND' && operator !== 'OR') {
    throw validationError(
      `1 validation error detected: Value '${String(operator)}' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [AND, OR]`,
    );
  }
  const type = operator === 'OR' ? 'or' : 'and';
  return nodes.reduce((left, right) => ({ type, args: [left, right] }));
}

function checkOperatorAlone(conditions: unknown, operator: unknown): void {
  if (operator !== undefined && operator !== null && (conditions === undefined || conditions === null)) {
    throw validationError(
      'One or more parameter values were invalid: ConditionalOperator can only be used when Filter or Expected has two or more elements',
    );
  }
}

/** QueryFilter or ScanFilter with ConditionalOperator. */
export function legacyFilter(filter: unknown, operator: unknown): ConditionNode | undefined {
  checkOperatorAlone(filter, operator);
  if (filter === undefined || filter === null) return undefined;
  const nodes = Object.entries(filter as Record<string, Record<string, unknown>>).map(([name, raw]) =>
    conditionNode(name, checkCondition(raw)),
  );
  return combine(nodes, operator ?? undefined);
}

/** Expected with ConditionalOperator: Exists/Value pairs or comparison conditions per attribute. */
export function legacyExpected(expected: unknown, operator: unknown): ConditionNode | undefined {
  checkOperatorAlone(expected, operator);
  if (expected === undefined || expected === null) return undefined;
  const nodes: ConditionNode[] = [];
  for (const [name, raw] of Object.entries(expected as Record<string, Record<string, unknown>>)) {
    const hasList = raw.AttributeValueList !== undefined;
    const hasValue = raw.Value !== undefined;
    if (hasList && hasValue) {
      throw validationError(
        `One or more parameter values were invalid: Value and AttributeValueList cannot be used together for Attribute: ${name}`,
      );
    }
    if (raw.ComparisonOperator !== undefined) {
      if (raw.Exists !== undefined) {
        throw validationError(
          `One or more parameter values were invalid: Exists and ComparisonOperator cannot be used together for Attribute: ${name}`,
        );
      }
      const list = hasValue ? [raw.Value] : raw.AttributeValueList;
      nodes.push(
        conditionNode(
          name,
          checkCondition({ ComparisonOperator: raw.ComparisonOperator, AttributeValueList: list }),
        ),
      );
      continue;
    }
    if (hasList) {
      throw validationError(
        `One or more parameter values were invalid: AttributeValueList can only be used with a ComparisonOperator for Attribute: ${name}`,
      );
    }
    const exists = raw.Exists === undefined || raw.Exists === true;
    if (exists && !hasValue) {
      throw validationError(
        `One or more parameter values were invalid: Value must be provided when Exists is ${raw.Exists === undefined ? 'null' : 'true'} for Attribute: ${name}`,
      );
    }
    if (!exists && hasValue) {
      throw validationError(
        `One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: ${name}`,
      );
    }
    if (!exists) {
      nodes.push({ type: 'function', name: 'attribute_not_exists', args: [[name]] });
      continue;
    }
    const problem = validateAttributeValue(raw.Value);
    if (problem) throw validationError(problem);
    nodes.push({ type: '=', args: [[name], raw.Value as AttributeValue] });
  }
  return combine(nodes, operator ?? undefined);
}

/** KeyConditions as the key-condition map Query works with. */
export function legacyKeyConditions(
  value: unknown,
): Map<string, { operator: string; values: AttributeValue[] }> {
  const out = new Map<string, { operator: string; values: AttributeValue[] }>();
  for (const [name, raw] of Object.entries(value as Record<string, Record<string, unknown>>)) {
    const condition = checkCondition(raw);
    if (!['EQ', 'LE', 'LT', 'GE', 'GT', 'BEGINS_WITH', 'BETWEEN'].includes(condition.operator)) {
      throw validationError('Attempted conditional constraint is not an indexable operation');
    }
    out.set(name, condition);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// AttributeUpdates

export type AttributeUpdates = Record<string, { Action?: 'PUT' | 'ADD' | 'DELETE'; Value?: AttributeValue }>;

export function checkAttributeUpdates(value: unknown): AttributeUpdates {
  const updates = value as AttributeUpdates;
  for (const [name, update] of Object.entries(updates)) {
    const action = update.Action ?? 'PUT';
    if (!['PUT', 'ADD', 'DELETE'].includes(action)) {
      throw validationError(
        `1 validation error detected: Value '${String(action)}' at 'attributeUpdates.${name}.member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]`,
      );
    }
    if (update.Value !== undefined) {
      const problem = validateAttributeValue(update.Value);
      if (problem) throw validationError(problem);
    }
    if ((action === 'PUT' || action === 'ADD') && update.Value === undefined) {
      throw validationError(
        `One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified: ${name}`,
      );
    }
    if (
      action === 'DELETE' &&
      update.Value !== undefined &&
      !['SS', 'NS', 'BS'].includes(typeOf(update.Value))
    ) {
      throw validationError(
        `One or more parameter values were invalid: DELETE action with value is not supported for the type ${typeOf(update.Value)}`,
      );
    }
    if (action === 'ADD' && !['N', 'SS', 'NS', 'BS', 'L'].includes(typeOf(update.Value!))) {
      throw validationError(
        `One or more parameter values were invalid: ADD action is not supported for the type ${typeOf(update.Value!)}`,
      );
    }
  }
  return updates;
}

const TYPE_MISMATCH = 'Type mismatch for attribute to update';

/** PUT replaces; ADD adds numbers, unions sets and appends lists; DELETE removes the attribute or set members. */
export function applyAttributeUpdates(updates: AttributeUpdates, start: AttributeMap): AttributeMap {
  const item: AttributeMap = { ...start };
  for (const [name, update] of Object.entries(updates)) {
    const existing = item[name];
    const value = update.Value;
    switch (update.Action ?? 'PUT') {
      case 'PUT':
        item[name] = value!;
        break;
      case 'DELETE': {
        if (value === undefined) {
          delete item[name];
          break;
        }
        if (existing === undefined) break;
        const type = typeOf(value) as 'SS' | 'NS' | 'BS';
        if (typeOf(existing) !== type) throw validationError(TYPE_MISMATCH);
        const removals = (value as Record<string, string[]>)[type]!;
        const remaining = (existing as Record<string, string[]>)[type]!.filter(
          (member) => !removals.some((removal) => setMemberEqual(type, member, removal)),
        );
        if (remaining.length === 0) delete item[name];
        else item[name] = { [type]: remaining } as AttributeValue;
        break;
      }
      case 'ADD': {
        const type = typeOf(value!);
        if (existing === undefined) {
          item[name] = value!;
          break;
        }
        if (typeOf(existing) !== type) throw validationError(TYPE_MISMATCH);
        if (type === 'N') {
          const result = addDecimals(
            parseDecimal((existing as { N: string }).N)!,
            parseDecimal((value as { N: string }).N)!,
          );
          const problem = checkDecimal(result);
          if (problem) throw validationError(numberProblemMessage(problem, formatDecimal(result)));
          item[name] = { N: formatDecimal(result) };
        } else if (type === 'L') {
          item[name] = {
            L: [...(existing as { L: AttributeValue[] }).L, ...(value as { L: AttributeValue[] }).L],
          };
        } else {
          const setType = type as 'SS' | 'NS' | 'BS';
          const current = (existing as Record<string, string[]>)[setType]!;
          const additions = (value as Record<string, string[]>)[setType]!.filter(
            (member) => !current.some((present) => setMemberEqual(setType, present, member)),
          );
          item[name] = { [setType]: [...current, ...additions] } as AttributeValue;
        }
        break;
      }
    }
  }
  return item;
}
