/**
 * Applying an update expression ("Update expressions" in the DynamoDB developer guide). Every operand is read
 * from the item as it was before the update; SET replaces or appends (an index past the end appends, several
 * appends land in index order); REMOVE of list elements uses the original positions and shifts the rest; ADD
 * adds numbers or unions sets; DELETE takes members out of a set and drops the attribute when it empties.
 * The item is never changed in place: containers on a changed path are copied.
 */
import { validationError } from './errors';
import {
  isFunctionNode,
  isPath,
  type DocumentPath,
  type UpdateAction,
  type UpdateValue,
} from './expressions';
import { addDecimals, checkDecimal, formatDecimal, numberProblemMessage, parseDecimal } from './numbers';
import { getPath } from './paths';
import { setMemberEqual, typeOf, type AttributeMap, type AttributeValue } from './values';

const INVALID_PATH = 'The document path provided in the update expression is invalid for update';
const WRONG_TYPE = 'An operand in the update expression has an incorrect data type';
const MISSING_ATTRIBUTE = 'The provided expression refers to an attribute that does not exist in the item';

/**
 * The item after the update. `original` is the stored item (undefined when the update creates it); `start` is
 * what the update begins from (the stored item, or just the key).
 */
export function applyUpdate(
  actions: UpdateAction[],
  original: AttributeMap | undefined,
  start: AttributeMap,
): AttributeMap {
  const sets: Array<{ path: DocumentPath; value: AttributeValue }> = [];
  for (const action of actions) {
    if (action.type === 'set') sets.push({ path: action.path, value: evaluateValue(action.val, original) });
  }
  sets.sort((a, b) => comparePaths(a.path, b.path, 1));
  const removes = actions
    .filter((action): action is Extract<UpdateAction, { type: 'remove' }> => action.type === 'remove')
    .sort((a, b) => comparePaths(a.path, b.path, -1));

  let root: AttributeValue = { M: start };
  for (const { path, value } of sets) root = changeAt(root, path, 0, () => value);
  for (const action of removes) {
    // Positions refer to the list before the update: an index that did not exist then removes nothing now.
    if (
      typeof action.path[action.path.length - 1] === 'number' &&
      getPath(original, action.path) === undefined
    ) {
      root = changeAt(root, action.path, 0, (existing) => existing);
      continue;
    }
    root = changeAt(root, action.path, 0, () => undefined);
  }
  for (const action of actions) {
    if (action.type === 'add') root = changeAt(root, action.path, 0, (existing) => add(existing, action.val));
    else if (action.type === 'delete')
      root = changeAt(root, action.path, 0, (existing) => removeMembers(existing, action.val));
  }
  return (root as { M: AttributeMap }).M;
}

/** Paths in a stable total order; list indexes ascending (direction 1) or descending (direction -1). */
function comparePaths(a: DocumentPath, b: DocumentPath, direction: 1 | -1): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * direction;
    if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : 1;
    return typeof x === 'number' ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Rebuilds the container chain down `path`, calling `change` with the current value at its end. `change`
 * returning undefined removes the member. Every container above the end must exist with the right type.
 */
function changeAt(
  container: AttributeValue | undefined,
  path: DocumentPath,
  depth: number,
  change: (existing: AttributeValue | undefined) => AttributeValue | undefined,
): AttributeValue {
  const step = path[depth]!;
  const last = depth === path.length - 1;
  if (typeof step === 'string') {
    const map = container ? (container as { M?: AttributeMap }).M : undefined;
    if (!map) throw validationError(INVALID_PATH);
    const existing = Object.prototype.hasOwnProperty.call(map, step) ? map[step] : undefined;
    const next = last ? change(existing) : changeAt(existing, path, depth + 1, change);
    if (next === existing) return container!;
    const copy: AttributeMap = { ...map };
    if (next === undefined) delete copy[step];
    else copy[step] = next;
    return { M: copy };
  }
  const list = container ? (container as { L?: AttributeValue[] }).L : undefined;
  if (!list) throw validationError(INVALID_PATH);
  const existing = step < list.length ? list[step] : undefined;
  if (!last && existing === undefined) throw validationError(INVALID_PATH);
  const next = last ? change(existing) : changeAt(existing, path, depth + 1, change);
  if (next === existing) return container!;
  const copy = list.slice();
  if (next === undefined) {
    if (step < copy.length) copy.splice(step, 1);
  } else if (step < copy.length) {
    copy[step] = next;
  } else {
    copy.push(next);
  }
  return { L: copy };
}

function evaluateValue(value: UpdateValue, original: AttributeMap | undefined): AttributeValue {
  if (isPath(value)) {
    const found = getPath(original, value);
    if (found === undefined) throw validationError(MISSING_ATTRIBUTE);
    return found;
  }
  if (isFunctionNode(value)) {
    const args = value.args as [UpdateValue, UpdateValue];
    if (value.name === 'if_not_exists') {
      const existing = getPath(original, args[0] as DocumentPath);
      return existing ?? evaluateValue(args[1], original);
    }
    if (value.name === 'list_append') {
      const first = evaluateValue(args[0], original);
      const second = evaluateValue(args[1], original);
      const a = (first as { L?: AttributeValue[] }).L;
      const b = (second as { L?: AttributeValue[] }).L;
      if (!a || !b) throw validationError(WRONG_TYPE);
      return { L: [...a, ...b] };
    }
    throw validationError(`Invalid function name; function: ${value.name}`);
  }
  const node = value as { type?: unknown; args?: [UpdateValue, UpdateValue] };
  if ((node.type === 'add' || node.type === 'subtract') && node.args) {
    const left = evaluateValue(node.args[0], original);
    const right = evaluateValue(node.args[1], original);
    return arithmetic(left, right, node.type === 'subtract');
  }
  return value as AttributeValue;
}

function arithmetic(left: AttributeValue, right: AttributeValue, subtract: boolean): AttributeValue {
  const a = (left as { N?: string }).N;
  const b = (right as { N?: string }).N;
  if (a === undefined || b === undefined) throw validationError(WRONG_TYPE);
  const result = addDecimals(parseDecimal(a)!, parseDecimal(b)!, subtract);
  const problem = checkDecimal(result);
  if (problem) throw validationError(numberProblemMessage(problem, formatDecimal(result)));
  return { N: formatDecimal(result) };
}

function add(existing: AttributeValue | undefined, value: AttributeValue): AttributeValue {
  const type = typeOf(value);
  if (existing === undefined) return value;
  if (typeOf(existing) !== type) throw validationError(WRONG_TYPE);
  if (type === 'N') return arithmetic(existing, value, false);
  if (type !== 'SS' && type !== 'NS' && type !== 'BS') throw validationError(WRONG_TYPE);
  const current = (existing as Record<string, string[]>)[type]!;
  const additions = (value as Record<string, string[]>)[type]!.filter(
    (member) => !current.some((present) => setMemberEqual(type, present, member)),
  );
  if (additions.length === 0) return existing;
  return { [type]: [...current, ...additions] } as AttributeValue;
}

function removeMembers(
  existing: AttributeValue | undefined,
  value: AttributeValue,
): AttributeValue | undefined {
  if (existing === undefined) return undefined;
  const type = typeOf(value);
  if (typeOf(existing) !== type || (type !== 'SS' && type !== 'NS' && type !== 'BS')) {
    throw validationError(WRONG_TYPE);
  }
  const removals = (value as Record<string, string[]>)[type]!;
  const remaining = (existing as Record<string, string[]>)[type]!.filter(
    (member) => !removals.some((removal) => setMemberEqual(type, member, removal)),
  );
  if (remaining.length === 0) return undefined;
  return { [type]: remaining } as AttributeValue;
}
