/**
 * The environment machine's transitions, compiled once at module load by walking the state nodes. The explorer
 * draws its statechart from this and the fast service model takes its steps from it, so the XState definition
 * stays the only description of the lifecycle.
 */
import type { AnyStateNode, AnyMachineSnapshot } from 'xstate';
import { environmentMachine } from './environment.machine';

export interface StateInfo {
  /** Dot path, e.g. 'initializing.runtime'. */
  id: string;
  key: string;
  parent: string | null;
  depth: number;
  type: 'atomic' | 'compound' | 'final' | 'parallel' | 'history';
  children: string[];
  description: string | undefined;
  /** Leaf reached when this state is entered (itself when atomic). */
  entryLeaf: string;
}

export interface TransitionInfo {
  source: string;
  /** Event type, or `after:<delayName>` for delayed transitions. */
  event: string;
  /** The event type XState uses internally (e.g. `xstate.after.initLimit.environment.initializing`). */
  xstateEvent: string;
  /** Leaf state ids entered (targets resolved through `initial`). Empty for targetless transitions. */
  targets: string[];
  /** The declared target (may be a compound state). */
  target: string | null;
  guard: string | null;
  actions: string[];
}

function nodeId(node: AnyStateNode): string {
  return node.path.join('.');
}

function nameOf(x: unknown): string | null {
  if (x == null) return null;
  if (typeof x === 'string') return x;
  if (typeof x === 'object' && 'type' in (x as object)) return String((x as { type: unknown }).type);
  if (typeof x === 'function') return (x as { name?: string }).name || 'inline';
  return String(x);
}

function entryLeafOf(node: AnyStateNode): AnyStateNode {
  let n = node;
  while (n.type === 'compound') {
    const init = n.initial?.target?.[0];
    if (!init) break;
    n = init;
  }
  return n;
}

export interface CompiledTable {
  states: StateInfo[];
  transitions: TransitionInfo[];
  stateIds: string[];
  leafIds: string[];
  /** Transitions available in `stateId` for `event`, own first then inherited from ancestors (XState order). */
  lookup(stateId: string, event: string): TransitionInfo[];
  /** Every transition declared in `stateId` or an ancestor (what is enabled while there). */
  enabledIn(stateId: string): TransitionInfo[];
  initial: string;
}

export function compileMachine(root: AnyStateNode): CompiledTable {
  const states: StateInfo[] = [];
  const transitions: TransitionInfo[] = [];
  const byState = new Map<string, TransitionInfo[]>();

  const visit = (node: AnyStateNode, depth: number) => {
    const id = nodeId(node);
    if (depth > 0) {
      states.push({
        id,
        key: node.key,
        parent: depth > 1 ? nodeId(node.parent!) : null,
        depth,
        type: node.type,
        children: Object.values(node.states).map((c) => nodeId(c as AnyStateNode)),
        description: node.description,
        entryLeaf: nodeId(entryLeafOf(node)),
      });
    }
    const own: TransitionInfo[] = [];
    const delayed = new Set<unknown>(node.after);
    for (const t of node.after) {
      own.push(toInfo(id, `after:${nameOf(t.delay)}`, t));
    }
    for (const [eventType, defs] of Object.entries(node.on)) {
      for (const t of defs as AnyStateNode['on'][string]) {
        if (delayed.has(t) || eventType.startsWith('xstate.after')) continue;
        own.push(toInfo(id, eventType, t));
      }
    }
    byState.set(id, own);
    transitions.push(...own);
    for (const child of Object.values(node.states)) visit(child as AnyStateNode, depth + 1);
  };

  const toInfo = (source: string, event: string, t: AnyStateNode['on'][string][number]): TransitionInfo => {
    const targets = (t.target ?? []) as AnyStateNode[];
    const declared = targets[0];
    return {
      source,
      event,
      xstateEvent: t.eventType,
      target: declared ? nodeId(declared) : null,
      targets: targets.map((n) => nodeId(entryLeafOf(n))),
      guard: nameOf(t.guard),
      actions: (t.actions ?? []).map((a: unknown) => nameOf(a) ?? 'inline'),
    };
  };

  visit(root, 0);
  const ids = states.map((s) => s.id);
  const parentOf = new Map(states.map((s) => [s.id, s.parent] as const));

  const ancestry = (stateId: string): string[] => {
    const chain: string[] = [];
    let cur: string | null | undefined = stateId;
    while (cur) {
      chain.push(cur);
      cur = parentOf.get(cur);
    }
    chain.push(''); // root
    return chain;
  };

  return {
    states,
    transitions,
    stateIds: ids,
    leafIds: states.filter((s) => s.type === 'atomic' || s.type === 'final').map((s) => s.id),
    initial: nodeId(entryLeafOf(root)),
    lookup(stateId, event) {
      const out: TransitionInfo[] = [];
      for (const s of ancestry(stateId))
        for (const t of byState.get(s) ?? []) if (t.event === event) out.push(t);
      return out;
    },
    enabledIn(stateId) {
      return ancestry(stateId).flatMap((s) => byState.get(s) ?? []);
    },
  };
}

export const environmentTable: CompiledTable = compileMachine(environmentMachine.root as AnyStateNode);

/** Back-compat name from the README. */
export const environmentTransitions = environmentTable;

/** Leaf state id of a snapshot, e.g. 'initializing.runtime'. */
export function stateIdOf(snapshot: AnyMachineSnapshot): string {
  const parts: string[] = [];
  let v: unknown = snapshot.value;
  while (v && typeof v === 'object') {
    const [k, inner] = Object.entries(v as Record<string, unknown>)[0]!;
    parts.push(k);
    v = inner;
  }
  if (typeof v === 'string') parts.push(v);
  return parts.join('.');
}

/**
 * Resolve one step the fast path wants to take; throws at module load if the machine no longer has it. `guard`
 * picks among guarded alternatives (null = the unguarded fallback).
 */
export function requireTransition(
  table: CompiledTable,
  source: string,
  event: string,
  guard: string | null = null,
): TransitionInfo {
  const found = table.lookup(source, event).find((t) => t.guard === guard);
  if (!found || found.targets.length === 0) {
    throw new Error(
      `environmentMachine has no transition ${source} --${event}${guard ? ` [${guard}]` : ''}-->`,
    );
  }
  return found;
}
