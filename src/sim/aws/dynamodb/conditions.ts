/**
 * Evaluating condition and filter expressions over an item ("Condition and filter expressions, operators, and
 * functions" in the DynamoDB developer guide). A missing attribute makes a comparison false (and `<>` true);
 * `<`, `<=`, `>`, `>=` and BETWEEN compare only two values of one scalar type (S, N or B), strings by UTF-8
 * bytes, numbers exactly; `size()` counts UTF-16 code units of a string, bytes of a binary, members of a set,
 * list or map.
 */
import { isFunctionNode, isPath, type ConditionNode, type Operand } from './expressions';
import { getPath } from './paths';
import {
  binaryString,
  byteLengthOfBase64,
  compareValues,
  setMemberEqual,
  typeOf,
  valuesEqual,
  type AttributeMap,
  type AttributeValue,
} from './values';

export function evaluateCondition(node: ConditionNode, item: AttributeMap | undefined): boolean {
  switch (node.type) {
    case 'and':
      return evaluateCondition(node.args[0], item) && evaluateCondition(node.args[1], item);
    case 'or':
      return evaluateCondition(node.args[0], item) || evaluateCondition(node.args[1], item);
    case 'not':
      return !evaluateCondition(node.args[0], item);
    case '=': {
      const left = resolveOperand(node.args[0], item);
      const right = resolveOperand(node.args[1], item);
      return left !== undefined && right !== undefined && valuesEqual(left, right);
    }
    case '<>': {
      const left = resolveOperand(node.args[0], item);
      const right = resolveOperand(node.args[1], item);
      return !(left !== undefined && right !== undefined && valuesEqual(left, right));
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const order = orderOf(resolveOperand(node.args[0], item), resolveOperand(node.args[1], item));
      if (order === null) return false;
      if (node.type === '<') return order < 0;
      if (node.type === '<=') return order <= 0;
      if (node.type === '>') return order > 0;
      return order >= 0;
    }
    case 'between': {
      const value = resolveOperand(node.args[0], item);
      const low = orderOf(value, resolveOperand(node.args[1], item));
      const high = orderOf(value, resolveOperand(node.args[2], item));
      return low !== null && high !== null && low >= 0 && high <= 0;
    }
    case 'in': {
      const value = resolveOperand(node.args[0]!, item);
      if (value === undefined) return false;
      for (let i = 1; i < node.args.length; i++) {
        const candidate = resolveOperand(node.args[i] as Operand, item);
        if (candidate !== undefined && valuesEqual(value, candidate)) return true;
      }
      return false;
    }
    case 'function':
      return evaluateFunction(node.name, node.args, item);
  }
}

function orderOf(left: AttributeValue | undefined, right: AttributeValue | undefined): number | null {
  if (left === undefined || right === undefined) return null;
  return compareValues(left, right);
}

export function resolveOperand(operand: Operand, item: AttributeMap | undefined): AttributeValue | undefined {
  if (isPath(operand)) return getPath(item, operand);
  if (isFunctionNode(operand)) return sizeOf(resolveOperand(operand.args[0] as Operand, item));
  return operand;
}

function sizeOf(value: AttributeValue | undefined): AttributeValue | undefined {
  if (value === undefined) return undefined;
  switch (typeOf(value)) {
    case 'S':
      return { N: String((value as { S: string }).S.length) };
    case 'B':
      return { N: String(byteLengthOfBase64((value as { B: string }).B)) };
    case 'SS':
      return { N: String((value as { SS: string[] }).SS.length) };
    case 'NS':
      return { N: String((value as { NS: string[] }).NS.length) };
    case 'BS':
      return { N: String((value as { BS: string[] }).BS.length) };
    case 'L':
      return { N: String((value as { L: AttributeValue[] }).L.length) };
    case 'M':
      return { N: String(Object.keys((value as { M: AttributeMap }).M).length) };
    default:
      // Numbers, booleans and nulls have no size: the comparison that uses it is false.
      return undefined;
  }
}

function evaluateFunction(name: string, args: Operand[], item: AttributeMap | undefined): boolean {
  switch (name) {
    case 'attribute_exists':
      return resolveOperand(args[0]!, item) !== undefined;
    case 'attribute_not_exists':
      return resolveOperand(args[0]!, item) === undefined;
    case 'attribute_type': {
      const value = resolveOperand(args[0]!, item);
      const type = resolveOperand(args[1]!, item) as { S?: string } | undefined;
      return value !== undefined && type?.S !== undefined && typeOf(value) === type.S;
    }
    case 'begins_with': {
      const value = resolveOperand(args[0]!, item);
      const prefix = resolveOperand(args[1]!, item);
      if (value === undefined || prefix === undefined) return false;
      const valueType = typeOf(value);
      if (valueType !== typeOf(prefix)) return false;
      if (valueType === 'S') return (value as { S: string }).S.startsWith((prefix as { S: string }).S);
      if (valueType === 'B')
        return binaryString((value as { B: string }).B).startsWith(binaryString((prefix as { B: string }).B));
      return false;
    }
    case 'contains':
      return contains(resolveOperand(args[0]!, item), resolveOperand(args[1]!, item));
  }
  return false;
}

function contains(haystack: AttributeValue | undefined, needle: AttributeValue | undefined): boolean {
  if (haystack === undefined || needle === undefined) return false;
  const haystackType = typeOf(haystack);
  const needleType = typeOf(needle);
  switch (haystackType) {
    case 'S':
      return needleType === 'S' && (haystack as { S: string }).S.includes((needle as { S: string }).S);
    case 'B':
      return (
        needleType === 'B' &&
        binaryString((haystack as { B: string }).B).includes(binaryString((needle as { B: string }).B))
      );
    case 'SS':
    case 'NS':
    case 'BS': {
      if (needleType !== haystackType.slice(0, 1)) return false;
      const member = (needle as Record<string, string>)[needleType]!;
      return (haystack as Record<string, string[]>)[haystackType]!.some((candidate) =>
        setMemberEqual(haystackType, candidate, member),
      );
    }
    case 'L':
      return (haystack as { L: AttributeValue[] }).L.some((element) => valuesEqual(element, needle));
    default:
      return false;
  }
}
