/**
 * Key conditions of a Query: which partition, and which range of sort keys. DynamoDB accepts only `=` on the
 * partition key and one of `=`, `<`, `<=`, `>`, `>=`, BETWEEN or begins_with on the sort key, and says why
 * otherwise.
 */
import { validationError } from './errors';
import { isFunctionNode, isPath, type ConditionNode, type DocumentPath, type Operand } from './expressions';
import { comparableOf, type KeySchema } from './keys';
import type { IndexEntry, SortedIndex } from './sortedIndex';
import { binaryString, compareValues, typeOf, type AttributeValue } from './values';

export type SortOperator = 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | 'BETWEEN' | 'BEGINS_WITH';

export interface KeyCondition {
  partition: AttributeValue;
  sort?: { operator: SortOperator; values: AttributeValue[] };
}

const FLIPPED: Record<string, string> = { '=': '=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const OPERATOR_NAMES: Record<string, SortOperator> = {
  '=': 'EQ',
  '<': 'LT',
  '<=': 'LE',
  '>': 'GT',
  '>=': 'GE',
  between: 'BETWEEN',
  begins_with: 'BEGINS_WITH',
};

function collectKeyConditions(
  node: ConditionNode,
  into: Map<string, { operator: SortOperator; values: AttributeValue[] }>,
): void {
  if (node.type === 'or' || node.type === 'not' || node.type === 'in' || node.type === '<>') {
    throw validationError(`Invalid operator used in KeyConditionExpression: ${node.type.toUpperCase()}`);
  }
  if (node.type === 'and') {
    collectKeyConditions(node.args[0], into);
    collectKeyConditions(node.args[1], into);
    return;
  }
  if (node.type === 'function' && node.name !== 'begins_with') {
    throw validationError(`Invalid operator used in KeyConditionExpression: ${node.name}`);
  }
  const args = node.args as Operand[];
  if (args.some((arg) => isFunctionNode(arg))) {
    throw validationError('KeyConditionExpressions cannot contain nested operations');
  }
  if ((node.type === 'between' || node.type === 'function') && !isPath(args[0])) {
    const name = node.type === 'between' ? 'BETWEEN' : 'begins_with';
    throw validationError(
      `Invalid condition in KeyConditionExpression: ${name} operator must have the key attribute as its first operand`,
    );
  }
  const pathPositions = args
    .map((arg, position) => (isPath(arg) ? position : -1))
    .filter((position) => position >= 0);
  if (pathPositions.length > 1) {
    throw validationError(
      'Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition',
    );
  }
  if (pathPositions.length === 0) {
    throw validationError('Invalid condition in KeyConditionExpression: No key attribute specified');
  }
  const position = pathPositions[0]!;
  const path = args[position] as DocumentPath;
  if (path.length > 1)
    throw validationError('KeyConditionExpressions cannot have conditions on nested attributes');
  const name = path[0] as string;
  if (into.has(name))
    throw validationError('KeyConditionExpressions must only contain one condition per key');
  let type: string = node.type === 'function' ? 'begins_with' : node.type;
  if (position !== 0) type = FLIPPED[type]!;
  const values = args.filter((_, index) => index !== position) as AttributeValue[];
  into.set(name, { operator: OPERATOR_NAMES[type]!, values });
}

export function keyCondition(
  source: ConditionNode | Map<string, { operator: string; values: AttributeValue[] }>,
  schema: KeySchema,
): KeyCondition {
  let conditions = new Map<string, { operator: SortOperator; values: AttributeValue[] }>();
  if (source instanceof Map)
    conditions = source as Map<string, { operator: SortOperator; values: AttributeValue[] }>;
  else collectKeyConditions(source, conditions);
  if (conditions.size !== 1 && conditions.size !== 2)
    throw validationError('Conditions can be of length 1 or 2 only');
  const attributes = schema.sort ? [schema.partition, schema.sort] : [schema.partition];
  attributes.forEach((attribute, position) => {
    const partition = position === 0;
    if (partition && !schema.sort && conditions.size > 1)
      throw validationError('Query key condition not supported');
    const condition = conditions.get(attribute.name);
    if (!condition) {
      if (partition || conditions.size > 1) {
        throw validationError(`Query condition missed key schema element: ${attribute.name}`);
      }
      return;
    }
    if (condition.values.some((value) => typeOf(value) !== attribute.type)) {
      throw validationError(
        'One or more parameter values were invalid: Condition parameter type does not match schema type',
      );
    }
    if (partition && condition.operator !== 'EQ') throw validationError('Query key condition not supported');
  });
  const sort = schema.sort ? conditions.get(schema.sort.name) : undefined;
  return { partition: conditions.get(schema.partition.name)!.values[0]!, sort };
}

export function sortMatches(value: AttributeValue, condition: NonNullable<KeyCondition['sort']>): boolean {
  const [first, second] = condition.values;
  const order = compareValues(value, first!);
  if (order === null) return false;
  switch (condition.operator) {
    case 'EQ':
      return order === 0;
    case 'LT':
      return order < 0;
    case 'LE':
      return order <= 0;
    case 'GT':
      return order > 0;
    case 'GE':
      return order >= 0;
    case 'BETWEEN': {
      const upper = compareValues(value, second!);
      return order >= 0 && upper !== null && upper <= 0;
    }
    case 'BEGINS_WITH':
      if (typeOf(value) === 'S') return (value as { S: string }).S.startsWith((first as { S: string }).S);
      return binaryString((value as { B: string }).B).startsWith(binaryString((first as { B: string }).B));
  }
}

/** [start, end) of the entries a sort-key condition selects. */
export function sortRange(
  index: SortedIndex,
  entries: readonly IndexEntry[],
  condition: KeyCondition['sort'],
): [number, number] {
  if (!condition || !index.schema.sort) return [0, entries.length];
  const type = index.schema.sort.type;
  const first = comparableOf(condition.values[0]!, type);
  switch (condition.operator) {
    case 'EQ':
      return [index.sortBound(entries, first, false), index.sortBound(entries, first, true)];
    case 'LT':
      return [0, index.sortBound(entries, first, false)];
    case 'LE':
      return [0, index.sortBound(entries, first, true)];
    case 'GT':
      return [index.sortBound(entries, first, true), entries.length];
    case 'GE':
      return [index.sortBound(entries, first, false), entries.length];
    case 'BETWEEN':
      return [
        index.sortBound(entries, first, false),
        index.sortBound(entries, comparableOf(condition.values[1]!, type), true),
      ];
    case 'BEGINS_WITH': {
      const start = index.sortBound(entries, first, false);
      const prefix = first as string;
      let end = start;
      while (end < entries.length && (entries[end]!.sort as string).startsWith(prefix)) end++;
      return [start, end];
    }
  }
}
