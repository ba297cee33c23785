/**
 * Playground workspaces, so that opening a share link never replaces what the learner typed.
 *
 * The playground store (`playground.store.ts`) always holds the *active* workspace's code, event and
 * configuration, so the page needs to know nothing about workspaces. This store (`coldstart:
 * playground-workspaces`) keeps the name of the active one and the content of every other one. Opening a
 * share link while you have code of your own parks it as "My workspace" and opens the shared code as a
 * workspace of its own, "Shared: <date>", with a way back.
 *
 * Every transition is a pure function of (saved workspaces, the playground's current content); the
 * store applies it by first saving the parked content here and only then loading the other content into
 * the playground, so an interruption in between can duplicate a workspace but never lose one.
 */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';
import {
  DEFAULT_PLAYGROUND,
  playgroundSavedSchema,
  STARTER_CODE_JS,
  STARTER_CODE_TS,
  type PlaygroundSaved,
  type SharedState,
} from './playground.store';

export const WORKSPACES_STORE_VERSION = 1;
export const MY_WORKSPACE_ID = 'mine';
export const MY_WORKSPACE_NAME = 'My workspace';
/** Shared workspaces the learner never edited are dropped, oldest first, beyond this many. */
const MAX_UNEDITED_SHARED = 8;

/** What a workspace holds: the parts of the playground a learner writes (not editor preferences). */
export type WorkspaceContent = Pick<PlaygroundSaved, 'code' | 'language' | 'event' | 'templateId' | 'config'> & {
  /** Absent in workspaces saved before runtimes could be chosen. */
  runtime?: PlaygroundSaved['runtime'];
};

export interface WorkspaceInfo {
  id: string;
  name: string;
  createdAt: string;
  /** A shared workspace's content as it was shared (to tell whether the learner changed it); null for mine. */
  original: WorkspaceContent | null;
}

export interface StoredWorkspace extends WorkspaceInfo {
  content: WorkspaceContent;
}

export interface WorkspacesSaved {
  /** The workspace whose content is in the playground store now. */
  active: WorkspaceInfo;
  /** Every other workspace, with its content. */
  others: StoredWorkspace[];
}

const shape = playgroundSavedSchema.shape;
const contentSchema = z.object({
  code: shape.code,
  language: shape.language,
  event: shape.event,
  templateId: shape.templateId,
  config: shape.config,
  runtime: z.optional(shape.runtime),
});
const infoFields = {
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  original: z.nullable(contentSchema),
};
export const workspacesSavedSchema = z.object({
  active: z.object(infoFields),
  others: z.array(z.object({ ...infoFields, content: contentSchema })),
});

export function initialWorkspaces(): WorkspacesSaved {
  return {
    active: { id: MY_WORKSPACE_ID, name: MY_WORKSPACE_NAME, createdAt: '', original: null },
    others: [],
  };
}

export function contentOf(state: WorkspaceContent): WorkspaceContent {
  return {
    code: state.code,
    language: state.language,
    event: state.event,
    templateId: state.templateId,
    config: state.config,
    ...(state.runtime ? { runtime: state.runtime } : {}),
  };
}

export function sharedContent(shared: SharedState): WorkspaceContent {
  return {
    code: shared.code,
    language: shared.language,
    event: shared.event,
    templateId: 'custom',
    config: shared.config,
    runtime: shared.runtime,
  };
}

/** Same code, event and configuration (the template id is only how the event was first picked). */
export function sameContent(a: WorkspaceContent, b: WorkspaceContent): boolean {
  return (
    a.code === b.code &&
    a.language === b.language &&
    a.event === b.event &&
    JSON.stringify(a.config) === JSON.stringify(b.config)
  );
}

/** Nothing of the learner's own: a starter handler with the default event and configuration. */
export function isUntouched(content: WorkspaceContent): boolean {
  return (
    (content.code === STARTER_CODE_JS || content.code === STARTER_CODE_TS) &&
    content.event === DEFAULT_PLAYGROUND.event &&
    JSON.stringify(content.config) === JSON.stringify(DEFAULT_PLAYGROUND.config)
  );
}

function isEditedShared(info: WorkspaceInfo, content: WorkspaceContent): boolean {
  return info.original === null || !sameContent(info.original, content);
}

/** "Shared: 3 Dec 2026, 14:05", with " (2)" etc. when that name is taken. */
export function sharedWorkspaceName(now: Date, taken: readonly string[]): string {
  const when = now.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const base = `Shared: ${when}`;
  let name = base;
  for (let n = 2; taken.includes(name); n++) name = `${base} (${n})`;
  return name;
}

export type OpenShareResult =
  /** The shared code was loaded into the active workspace: the learner had nothing of their own. */
  | { kind: 'loaded'; next: WorkspacesSaved; load: WorkspaceContent }
  /** The learner's code was parked; the shared code opened as a new (or the matching) shared workspace. */
  | { kind: 'opened'; next: WorkspacesSaved; load: WorkspaceContent; name: string; parked: string }
  /** The playground already shows exactly this code. */
  | { kind: 'same' };

/** Pure: what opening a share link does, given the saved workspaces and the playground's content now. */
export function planOpenShare(
  saved: WorkspacesSaved,
  current: WorkspaceContent,
  shared: WorkspaceContent,
  now: Date,
): OpenShareResult {
  if (sameContent(current, shared)) return { kind: 'same' };
  if (saved.active.id === MY_WORKSPACE_ID && isUntouched(current)) {
    return { kind: 'loaded', next: saved, load: shared };
  }
  // Park the active workspace, unless it is a shared one nobody changed (the link still opens it again).
  let others = saved.others;
  if (isEditedShared(saved.active, current)) {
    others = [...others, { ...saved.active, content: current }];
  }
  const existing = others.find((w) => w.original !== null && sameContent(w.original, shared));
  let active: WorkspaceInfo;
  let load = shared;
  if (existing) {
    // The same link opened before: back to that workspace (with any changes made to it) rather than a copy.
    others = others.filter((w) => w !== existing);
    active = {
      id: existing.id,
      name: existing.name,
      createdAt: existing.createdAt,
      original: existing.original,
    };
    load = existing.content;
  } else {
    const taken = [saved.active.name, ...others.map((w) => w.name)];
    active = {
      id: `shared-${now.getTime()}`,
      name: sharedWorkspaceName(now, taken),
      createdAt: now.toISOString(),
      original: shared,
    };
  }
  return {
    kind: 'opened',
    next: { active, others: dropOldUnedited(others) },
    load,
    name: active.name,
    parked: saved.active.name,
  };
}

function dropOldUnedited(others: StoredWorkspace[]): StoredWorkspace[] {
  const unedited = others.filter((w) => !isEditedShared(w, w.content));
  if (unedited.length <= MAX_UNEDITED_SHARED) return others;
  const drop = new Set(
    [...unedited]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .slice(0, unedited.length - MAX_UNEDITED_SHARED),
  );
  return others.filter((w) => !drop.has(w));
}

/** Pure: make workspace `id` active; the active one (with the playground's content now) is parked. */
export function planSwitch(
  saved: WorkspacesSaved,
  current: WorkspaceContent,
  id: string,
): { next: WorkspacesSaved; load: WorkspaceContent } | null {
  const target = saved.others.find((w) => w.id === id);
  if (!target) return null;
  const { content, ...info } = target;
  return {
    next: {
      active: info,
      others: [...saved.others.filter((w) => w !== target), { ...saved.active, content: current }],
    },
    load: content,
  };
}

/** Pure: close the active shared workspace (its content is dropped) and go back to My workspace. */
export function planClose(saved: WorkspacesSaved): { next: WorkspacesSaved; load: WorkspaceContent } | null {
  if (saved.active.id === MY_WORKSPACE_ID) return null;
  const mine = saved.others.find((w) => w.id === MY_WORKSPACE_ID);
  const rest = saved.others.filter((w) => w.id !== MY_WORKSPACE_ID);
  if (!mine) {
    // My workspace was never parked (the link opened on an untouched playground): start it from the starter.
    return {
      next: { active: initialWorkspaces().active, others: rest },
      load: contentOf(DEFAULT_PLAYGROUND),
    };
  }
  const { content, ...info } = mine;
  return { next: { active: info, others: rest }, load: content };
}

/** Whether the active shared workspace differs from what was shared (closing it then asks first). */
export function activeIsEdited(saved: WorkspacesSaved, current: WorkspaceContent): boolean {
  return saved.active.id !== MY_WORKSPACE_ID && isEditedShared(saved.active, current);
}

export function migrateWorkspaces(persisted: unknown, fromVersion: number): WorkspacesSaved {
  if (fromVersion > WORKSPACES_STORE_VERSION)
    throw new Error(`playground workspaces saved by a newer version (${fromVersion})`);
  const parsed = workspacesSavedSchema.safeParse(persisted);
  if (!parsed.success) throw new Error('playground workspaces have the wrong shape');
  return parsed.data;
}

export interface WorkspacesState extends WorkspacesSaved {
  /** Replace the saved workspaces (used by the transitions above, through workspaceActions.ts). */
  save(next: WorkspacesSaved): void;
}

export function createWorkspacesStore(options: { storage?: KeyValueStorage } = {}) {
  return createPersistedStore<WorkspacesState, WorkspacesSaved>(
    {
      name: 'playground-workspaces',
      version: WORKSPACES_STORE_VERSION,
      schema: workspacesSavedSchema,
      migrate: migrateWorkspaces,
      partialize: (s) => ({ active: s.active, others: s.others }),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set) => ({
      ...initialWorkspaces(),
      save: (next) => set({ active: next.active, others: next.others }),
    }),
  );
}

export const useWorkspacesStore = createWorkspacesStore();
