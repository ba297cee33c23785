/**
 * Document paths over items ("Using expressions in DynamoDB: document paths"): reading a nested value and
 * projecting an item onto a set of paths (ProjectionExpression, UPDATED_OLD/UPDATED_NEW). Items are treated as
 * immutable: nothing here changes its input.
 */
import type { DocumentPath } from './expressions';
import type { AttributeMap, AttributeValue } from './values';

/** The value at a path, or undefined when any step is missing or has the wrong type. */
export function getPath(item: AttributeMap | undefined, path: DocumentPath): AttributeValue | undefined {
  if (!item) return undefined;
  let current: AttributeValue | undefined = item[path[0] as string];
  for (let i = 1; i < path.length && current !== undefined; i++) {
    const step = path[i]!;
    if (typeof step === 'number') {
      const list = (current as { L?: AttributeValue[] }).L;
      current = list ? list[step] : undefined;
    } else {
      const map = (current as { M?: AttributeMap }).M;
      current = map && Object.prototype.hasOwnProperty.call(map, step) ? map[step] : undefined;
    }
  }
  return current;
}

/**
 * A projection node: map members by name, list members by source index. Lists in a projection are compacted and
 * keep source order (`l[3], l[1]` gives `[l1, l3]`); paths through one list element merge into one element.
 */
type ProjectionTree = Map<string | number, ProjectionTree | true>;

function buildTree(paths: DocumentPath[]): ProjectionTree {
  const root: ProjectionTree = new Map();
  for (const path of paths) {
    let node = root;
    for (let i = 0; i < path.length; i++) {
      const step = path[i]!;
      if (i === path.length - 1) {
        node.set(step, true);
      } else {
        let child = node.get(step);
        if (child === true) break; // an enclosing path already takes the whole value
        if (!child) {
          child = new Map();
          node.set(step, child);
        }
        node = child;
      }
    }
  }
  return root;
}

function projectValue(value: AttributeValue, tree: ProjectionTree): AttributeValue | undefined {
  const map = (value as { M?: AttributeMap }).M;
  if (map) {
    const out: AttributeMap = {};
    let any = false;
    for (const [step, child] of tree) {
      if (typeof step !== 'string' || !Object.prototype.hasOwnProperty.call(map, step)) continue;
      const projected = child === true ? map[step] : projectValue(map[step]!, child);
      if (projected !== undefined) {
        out[step] = projected;
        any = true;
      }
    }
    return any ? { M: out } : undefined;
  }
  const list = (value as { L?: AttributeValue[] }).L;
  if (list) {
    const indexes = [...tree.keys()]
      .filter((step): step is number => typeof step === 'number')
      .sort((a, b) => a - b);
    const out: AttributeValue[] = [];
    for (const index of indexes) {
      if (index >= list.length) continue;
      const child = tree.get(index)!;
      const projected = child === true ? list[index] : projectValue(list[index]!, child);
      if (projected !== undefined) out.push(projected);
    }
    return out.length > 0 ? { L: out } : undefined;
  }
  return undefined;
}

/** The item reduced to the given paths (missing paths are left out; the spine of nested paths is kept). */
export function projectItem(item: AttributeMap, paths: DocumentPath[]): AttributeMap {
  const tree = buildTree(paths);
  const out: AttributeMap = {};
  for (const [step, child] of tree) {
    if (typeof step !== 'string' || !Object.prototype.hasOwnProperty.call(item, step)) continue;
    const projected = child === true ? item[step] : projectValue(item[step]!, child);
    if (projected !== undefined) out[step] = projected;
  }
  return out;
}

/** Top-level attributes only (index projections, key extraction). */
export function pickAttributes(item: AttributeMap, names: Iterable<string>): AttributeMap {
  const out: AttributeMap = {};
  for (const name of names) {
    const value = item[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function pathText(path: DocumentPath): string {
  let text = '';
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : text === '' ? step : `.${step}`;
  return text;
}
