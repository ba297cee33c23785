import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAYGROUND, STARTER_CODE_TS } from './playground.store';
import {
  activeIsEdited,
  contentOf,
  initialWorkspaces,
  isUntouched,
  MY_WORKSPACE_ID,
  planClose,
  planOpenShare,
  planSwitch,
  sharedWorkspaceName,
  workspacesSavedSchema,
  type WorkspaceContent,
  type WorkspacesSaved,
} from './workspaces.store';

const starter = contentOf(DEFAULT_PLAYGROUND);
const mine: WorkspaceContent = { ...starter, code: 'export const handler = async () => "mine";\n' };
const shared: WorkspaceContent = { ...starter, code: 'export const handler = async () => "shared";\n' };
const sharedB: WorkspaceContent = { ...starter, code: 'export const handler = async () => "shared B";\n' };
const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 14, minute));

function opened(saved: WorkspacesSaved, current: WorkspaceContent, incoming: WorkspaceContent, minute = 5) {
  const plan = planOpenShare(saved, current, incoming, at(minute));
  if (plan.kind !== 'opened') throw new Error(`expected a new workspace, got ${plan.kind}`);
  return plan;
}

describe('opening a share link', () => {
  it('an untouched playground (starter code, default event and settings) simply takes the shared code', () => {
    expect(isUntouched(starter)).toBe(true);
    expect(isUntouched({ ...starter, code: STARTER_CODE_TS })).toBe(true);
    expect(isUntouched({ ...starter, event: '{"typed": true}' })).toBe(false);
    expect(isUntouched({ ...starter, config: { ...starter.config, memoryMb: 256 } })).toBe(false);
    const plan = planOpenShare(initialWorkspaces(), starter, shared, at(5));
    expect(plan).toEqual({ kind: 'loaded', next: initialWorkspaces(), load: shared });
  });

  it('the learner’s own code is parked as My workspace and the shared code opens in “Shared: <date>”', () => {
    const plan = opened(initialWorkspaces(), mine, shared);
    expect(plan.load).toEqual(shared);
    expect(plan.parked).toBe('My workspace');
    expect(plan.name).toBe(sharedWorkspaceName(at(5), []));
    expect(plan.name).toMatch(/^Shared: /);
    expect(plan.next.active).toMatchObject({ name: plan.name, original: shared });
    expect(plan.next.others).toEqual([
      { id: MY_WORKSPACE_ID, name: 'My workspace', createdAt: '', original: null, content: mine },
    ]);
    // What is saved must pass the store's schema (it is written as it is).
    expect(workspacesSavedSchema.safeParse(plan.next).success).toBe(true);
  });

  it('a link holding exactly the playground’s code changes nothing', () => {
    expect(planOpenShare(initialWorkspaces(), mine, mine, at(5))).toEqual({ kind: 'same' });
  });

  it('opening the same link again returns to its workspace, with the changes made there, instead of a copy', () => {
    const first = opened(initialWorkspaces(), mine, shared);
    const edited = { ...shared, code: `${shared.code}// my note\n` };
    const second = opened(first.next, edited, sharedB, 6);
    const again = opened(second.next, sharedB, shared, 7);
    expect(again.name).toBe(first.name);
    expect(again.load).toEqual(edited);
    expect(again.next.others.map((w) => w.name)).toEqual(['My workspace']);
  });

  it('a shared workspace left unchanged is not parked when another link opens (the link reopens it)', () => {
    const first = opened(initialWorkspaces(), mine, shared);
    const second = opened(first.next, shared, sharedB, 6);
    expect(second.next.others.map((w) => w.id)).toEqual([MY_WORKSPACE_ID]);
    expect(second.parked).toBe(first.name);
  });

  it('names taken the same minute get a number', () => {
    expect(sharedWorkspaceName(at(5), [sharedWorkspaceName(at(5), [])])).toMatch(/ \(2\)$/);
  });
});

describe('switching and closing', () => {
  it('switching parks the active workspace with its current content and loads the other one', () => {
    const first = opened(initialWorkspaces(), mine, shared);
    const edited = { ...shared, code: 'edited shared' };
    const back = planSwitch(first.next, edited, MY_WORKSPACE_ID)!;
    expect(back.load).toEqual(mine);
    expect(back.next.active.id).toBe(MY_WORKSPACE_ID);
    expect(back.next.others).toEqual([{ ...first.next.active, content: edited }]);
    const there = planSwitch(back.next, { ...mine, code: 'mine, later' }, first.next.active.id)!;
    expect(there.load).toEqual(edited);
    expect(there.next.others[0]).toMatchObject({ id: MY_WORKSPACE_ID, content: { code: 'mine, later' } });
    expect(planSwitch(back.next, mine, 'no-such-workspace')).toBeNull();
  });

  it('closing the active shared workspace returns to My workspace; it asks first only when it was changed', () => {
    const first = opened(initialWorkspaces(), mine, shared);
    expect(activeIsEdited(first.next, shared)).toBe(false);
    expect(activeIsEdited(first.next, { ...shared, event: '{"x":1}' })).toBe(true);
    const closed = planClose(first.next)!;
    expect(closed.load).toEqual(mine);
    expect(closed.next).toEqual(initialWorkspaces());
    expect(planClose(initialWorkspaces())).toBeNull();
    expect(activeIsEdited(initialWorkspaces(), mine)).toBe(false);
  });

  it('only the most recent unchanged shared workspaces are kept (oldest dropped first); changed ones never are', () => {
    let saved = initialWorkspaces();
    let current = mine;
    for (let i = 0; i < 12; i++) {
      const incoming = { ...shared, code: `shared ${i}` };
      const plan = opened(saved, current, incoming, i);
      // Switch back to mine each time; the first shared workspace is changed before that, the others not.
      const back = planSwitch(
        plan.next,
        i === 0 ? { ...incoming, code: 'shared 0, changed' } : incoming,
        MY_WORKSPACE_ID,
      )!;
      saved = back.next;
      current = back.load;
    }
    expect(saved.others.map((w) => w.content.code)).toEqual([
      'shared 0, changed',
      ...[3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => `shared ${i}`),
    ]);
    expect(current).toEqual(mine);
    expect(saved.active.id).toBe(MY_WORKSPACE_ID);
  });
});
