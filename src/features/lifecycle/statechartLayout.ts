/**
 * Lays out the environment statechart from the compiled machine definition: top-level states are ranked by
 * breadth-first distance from the initial state (one row per rank), compound states hold their children in a
 * row, and every declared transition becomes an edge. Nothing here is hand-placed, so the drawing follows the
 * machine when it changes.
 */
import type { CompiledTable, StateInfo, TransitionInfo } from '../../sim';

export interface Box {
  id: string;
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
  compound: boolean;
  final: boolean;
  depth: number;
  description: string | undefined;
}

export interface Edge {
  id: string;
  from: string;
  to: string;
  /** Event labels of every transition this edge stands for (`after:` shown as "after …"). */
  labels: string[];
  transitions: TransitionInfo[];
  path: string;
  labelX: number;
  labelY: number;
  /** The arrow head: tip and the two base corners. */
  head: string;
}

export interface Layout {
  width: number;
  height: number;
  boxes: Box[];
  edges: Edge[];
}

export const LAYOUT = {
  width: 400,
  pad: 4,
  gap: 10,
  rowGap: 40,
  leafH: 32,
  headerH: 22,
  childPad: 5,
} as const;

export function eventLabel(t: TransitionInfo): string {
  const base = t.event.startsWith('after:') ? `after ${t.event.slice(6)}` : t.event;
  return t.guard ? `${base} [${t.guard}]` : base;
}

export function layoutStatechart(table: CompiledTable): Layout {
  const byId = new Map(table.states.map((s) => [s.id, s] as const));
  const top = table.states.filter((s) => s.parent === null);
  const topOf = (id: string): string => {
    let s = byId.get(id);
    while (s && s.parent) s = byId.get(s.parent);
    return s ? s.id : id;
  };

  // Rank top-level states by BFS over transitions between them.
  const rank = new Map<string, number>();
  const start = topOf(table.initial);
  rank.set(start, 0);
  const queue = [start];
  while (queue.length) {
    const cur = queue.shift()!;
    const r = rank.get(cur)!;
    for (const t of table.transitions) {
      if (!t.target || topOf(t.source) !== cur) continue;
      const to = topOf(t.target);
      if (!rank.has(to)) {
        rank.set(to, r + 1);
        queue.push(to);
      }
    }
  }
  let maxRank = Math.max(0, ...rank.values());
  for (const s of top) if (!rank.has(s.id)) rank.set(s.id, ++maxRank);

  const rows: StateInfo[][] = [];
  for (const s of top) (rows[rank.get(s.id)!] ??= []).push(s);

  const boxes: Box[] = [];
  const { width, pad, gap, rowGap, leafH, headerH, childPad } = LAYOUT;
  let y = pad;
  for (const row of rows.filter(Boolean)) {
    const weights = row.map((s) => Math.max(1, s.children.length));
    const total = weights.reduce((a, b) => a + b, 0);
    const avail = width - 2 * pad - gap * (row.length - 1);
    const rowH = row.some((s) => s.children.length > 0) ? headerH + leafH + 2 * childPad : leafH;
    let x = pad;
    row.forEach((s, i) => {
      const w = (avail * weights[i]!) / total;
      const compound = s.children.length > 0;
      boxes.push(box(s, x, y, w, compound ? rowH : leafH, compound));
      if (compound) {
        const n = s.children.length;
        const cw = (w - childPad * (n + 1)) / n;
        s.children.forEach((cid, j) => {
          const c = byId.get(cid)!;
          boxes.push(box(c, x + childPad + j * (cw + childPad), y + headerH, cw, leafH, false));
        });
      }
      x += w + gap;
    });
    y += rowH + rowGap;
  }
  const height = y - rowGap + pad;

  // One edge per (source box, target box); labels collect the events.
  const boxOf = new Map(boxes.map((b) => [b.id, b] as const));
  const grouped = new Map<string, TransitionInfo[]>();
  for (const t of table.transitions) {
    if (!t.target) continue;
    const k = `${t.source}→${t.target}`;
    (grouped.get(k) ?? grouped.set(k, []).get(k)!).push(t);
  }
  const edges: Edge[] = [];
  for (const [k, ts] of grouped) {
    const a = boxOf.get(ts[0]!.source);
    const b = boxOf.get(ts[0]!.target!);
    if (!a || !b) continue;
    const reverse = grouped.has(`${b.id}→${a.id}`);
    edges.push({
      id: k,
      from: a.id,
      to: b.id,
      labels: ts.map(eventLabel),
      transitions: ts,
      ...route(a, b, reverse),
    });
  }
  return { width, height, boxes, edges };
}

function box(s: StateInfo, x: number, y: number, w: number, h: number, compound: boolean): Box {
  return {
    id: s.id,
    label: s.key,
    x,
    y,
    w,
    h,
    compound,
    final: s.type === 'final',
    depth: s.depth,
    description: s.description,
  };
}

function center(b: Box) {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** Where the ray from the centre of `b` towards (tx, ty) leaves the box. */
function exitPoint(b: Box, tx: number, ty: number) {
  const c = center(b);
  const dx = tx - c.x;
  const dy = ty - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx !== 0 ? b.w / 2 / Math.abs(dx) : Infinity;
  const sy = dy !== 0 ? b.h / 2 / Math.abs(dy) : Infinity;
  const s = Math.min(sx, sy);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

function contains(outer: Box, inner: Box) {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.w <= outer.x + outer.w &&
    inner.y + inner.h <= outer.y + outer.h
  );
}

function route(a: Box, b: Box, reverse: boolean) {
  const ca = center(a);
  const cb = center(b);
  // A compound and its own child (e.g. initializing → its first child) connect from the compound's header.
  if (contains(a, b) || contains(b, a)) {
    const outer = contains(a, b) ? a : b;
    const inner = outer === a ? b : a;
    const p1 = { x: inner.x + inner.w / 2, y: outer.y + 4 };
    const p2 = { x: inner.x + inner.w / 2, y: inner.y };
    return finish(p1, p2, { x: p1.x + 12, y: (p1.y + p2.y) / 2 });
  }
  // Bend edges so opposite directions and long jumps do not overlap.
  const dx = cb.x - ca.x;
  const dy = cb.y - ca.y;
  const len = Math.hypot(dx, dy) || 1;
  const bend = (reverse ? 22 : 0) + (Math.abs(dy) > 2 * LAYOUT.rowGap ? 26 : 0);
  const nx = -dy / len;
  const ny = dx / len;
  const mid = { x: (ca.x + cb.x) / 2 + nx * bend, y: (ca.y + cb.y) / 2 + ny * bend };
  const p1 = exitPoint(a, mid.x, mid.y);
  const p2 = exitPoint(b, mid.x, mid.y);
  return finish(p1, p2, mid);
}

function finish(p1: { x: number; y: number }, p2: { x: number; y: number }, ctrl: { x: number; y: number }) {
  // Quadratic curve; the arrow head follows the tangent at the end.
  const tx = p2.x - ctrl.x;
  const ty = p2.y - ctrl.y;
  const tl = Math.hypot(tx, ty) || 1;
  const ux = tx / tl;
  const uy = ty / tl;
  const size = 6;
  const base = { x: p2.x - ux * size, y: p2.y - uy * size };
  const head = [
    `${r(p2.x)},${r(p2.y)}`,
    `${r(base.x - uy * size * 0.6)},${r(base.y + ux * size * 0.6)}`,
    `${r(base.x + uy * size * 0.6)},${r(base.y - ux * size * 0.6)}`,
  ].join(' ');
  const labelX = 0.25 * p1.x + 0.5 * ctrl.x + 0.25 * p2.x;
  const labelY = 0.25 * p1.y + 0.5 * ctrl.y + 0.25 * p2.y;
  return {
    path: `M${r(p1.x)},${r(p1.y)} Q${r(ctrl.x)},${r(ctrl.y)} ${r(base.x)},${r(base.y)}`,
    head,
    labelX,
    labelY,
  };
}

function r(n: number) {
  return Math.round(n * 10) / 10;
}
