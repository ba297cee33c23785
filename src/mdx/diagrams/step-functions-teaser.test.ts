import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface State {
  Type: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Choices?: { Next: string }[];
  Catch?: { Next: string }[];
}

/** The ASL example of the next-module lesson, read from its ```json fence. */
function lessonStateMachine(): { StartAt: string; States: Record<string, State> } {
  const lesson = fs.readFileSync(
    path.resolve(import.meta.dirname, '../../../content/lessons/next-module.mdx'),
    'utf8',
  );
  const fence = /```json title="order\.asl\.json"\n([\s\S]*?)\n```/.exec(lesson);
  if (!fence) throw new Error('order.asl.json not found in next-module.mdx');
  return JSON.parse(fence[1]!);
}

describe('the next-module state machine and its diagram', () => {
  it('has the two end states the diagram draws: one Succeed and one Fail', () => {
    const types = Object.values(lessonStateMachine().States).map((s) => s.Type);
    expect(types.filter((t) => t === 'Succeed')).toHaveLength(1);
    expect(types.filter((t) => t === 'Fail')).toHaveLength(1);
    // Five working states: validate, choice, charge, ship, notify.
    expect(types.filter((t) => t === 'Task' || t === 'Choice')).toHaveLength(5);
  });

  it('every transition names a state that exists, and ShipOrder leads to the Succeed state', () => {
    const { StartAt, States } = lessonStateMachine();
    const targets = [StartAt];
    for (const state of Object.values(States)) {
      if (state.Next) targets.push(state.Next);
      if (state.Default) targets.push(state.Default);
      for (const rule of [...(state.Choices ?? []), ...(state.Catch ?? [])]) targets.push(rule.Next);
    }
    for (const target of targets) expect(Object.keys(States)).toContain(target);
    expect(States[States.ShipOrder!.Next!]!.Type).toBe('Succeed');
  });
});
