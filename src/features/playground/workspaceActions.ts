/**
 * The workspace transitions (workspaces.store.ts) applied to the two stores: the parked content is saved
 * in the workspaces store first, and only then is the other content loaded into the playground.
 */
import { usePlaygroundStore, type SharedState } from './playground.store';
import {
  contentOf,
  planClose,
  planOpenShare,
  planSwitch,
  sharedContent,
  useWorkspacesStore,
  type WorkspaceContent,
  type WorkspacesSaved,
} from './workspaces.store';

function currentContent(): WorkspaceContent {
  return contentOf(usePlaygroundStore.getState());
}

function savedWorkspaces(): WorkspacesSaved {
  const { active, others } = useWorkspacesStore.getState();
  return { active, others };
}

function apply(next: WorkspacesSaved, load: WorkspaceContent): void {
  useWorkspacesStore.getState().save(next);
  usePlaygroundStore.getState().set(load);
}

export type OpenSharedOutcome =
  { kind: 'loaded' } | { kind: 'opened'; name: string; parked: string } | { kind: 'same' };

/** Opens a share link's state without losing the playground's current content. */
export function openSharedCode(shared: SharedState, now: Date = new Date()): OpenSharedOutcome {
  const plan = planOpenShare(savedWorkspaces(), currentContent(), sharedContent(shared), now);
  if (plan.kind === 'same') return plan;
  apply(plan.next, plan.load);
  return plan.kind === 'loaded'
    ? { kind: 'loaded' }
    : { kind: 'opened', name: plan.name, parked: plan.parked };
}

export function switchWorkspace(id: string): boolean {
  const plan = planSwitch(savedWorkspaces(), currentContent(), id);
  if (!plan) return false;
  apply(plan.next, plan.load);
  return true;
}

export function closeSharedWorkspace(): boolean {
  const plan = planClose(savedWorkspaces());
  if (!plan) return false;
  apply(plan.next, plan.load);
  return true;
}
