import { describe, expect, it } from 'vitest';
import { compileMachine, environmentTable } from '../../sim';
import { setup } from 'xstate';
import type { AnyStateNode } from 'xstate';
import { layoutStatechart } from './statechartLayout';

describe('statechart layout drawn from the machine definition', () => {
  const layout = layoutStatechart(environmentTable);

  it('has one box per state of environmentMachine and an edge for every transition', () => {
    expect(layout.boxes.map((b) => b.id).sort()).toEqual([...environmentTable.stateIds].sort());
    const drawn = new Set(layout.edges.flatMap((e) => e.transitions));
    expect(environmentTable.transitions.filter((t) => t.target && !drawn.has(t))).toEqual([]);
  });

  it('boxes stay inside the drawing, children inside their parent, siblings do not overlap', () => {
    const byId = new Map(layout.boxes.map((b) => [b.id, b]));
    for (const b of layout.boxes) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(layout.width + 0.001);
      expect(b.y + b.h).toBeLessThanOrEqual(layout.height);
      const parent = environmentTable.states.find((s) => s.id === b.id)!.parent;
      if (parent) {
        const p = byId.get(parent)!;
        expect(b.x).toBeGreaterThanOrEqual(p.x);
        expect(b.x + b.w).toBeLessThanOrEqual(p.x + p.w + 0.001);
      }
    }
    const tops = layout.boxes.filter((b) => b.depth === 1);
    for (const a of tops)
      for (const c of tops)
        if (a !== c)
          expect(a.x + a.w <= c.x || c.x + c.w <= a.x || a.y + a.h <= c.y || c.y + c.h <= a.y).toBe(true);
  });

  it('follows a changed machine: a new state appears without touching the view', () => {
    const m = setup({}).createMachine({
      initial: 'a',
      states: { a: { on: { go: 'b' } }, b: { on: { next: 'c' } }, c: { type: 'final' } },
    });
    const l = layoutStatechart(compileMachine(m.root as AnyStateNode));
    expect(l.boxes.map((b) => b.label)).toEqual(['a', 'b', 'c']);
    expect(l.edges.map((e) => e.labels[0])).toEqual(['go', 'next']);
    // ranks: a above b above c
    expect(l.boxes[0]!.y).toBeLessThan(l.boxes[1]!.y);
    expect(l.boxes[1]!.y).toBeLessThan(l.boxes[2]!.y);
  });
});
