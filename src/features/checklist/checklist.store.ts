/** Saved checklist ticks, one list per checklist id. Pure transitions, wired to createPersistedStore. */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';

export const CHECKLIST_STORE_VERSION = 1;

export interface ChecklistEntry {
  /** Ticked item ids, in the order they were ticked. */
  ticked: string[];
  updatedAt: string;
}

export interface ChecklistSaved {
  lists: Record<string, ChecklistEntry>;
}

export const checklistEntrySchema = z.object({ ticked: z.array(z.string()), updatedAt: z.string() });
export const checklistSavedSchema = z.object({ lists: z.record(z.string(), checklistEntrySchema) });

export function setTick(
  entry: ChecklistEntry | undefined,
  itemId: string,
  on: boolean,
  now: string,
): ChecklistEntry {
  const ticked = (entry?.ticked ?? []).filter((id) => id !== itemId);
  if (on) ticked.push(itemId);
  return { ticked, updatedAt: now };
}

/** Pure: version 1 is the first shape, so older values are salvaged list by list. */
export function migrateChecklistState(persisted: unknown, fromVersion: number): ChecklistSaved {
  if (fromVersion > CHECKLIST_STORE_VERSION)
    throw new Error(`checklist saved by a newer version (${fromVersion})`);
  const lists: Record<string, ChecklistEntry> = {};
  const raw = (persisted as { lists?: unknown } | null)?.lists;
  if (typeof raw === 'object' && raw !== null) {
    for (const [id, value] of Object.entries(raw)) {
      const parsed = checklistEntrySchema.safeParse(value);
      if (parsed.success) lists[id] = parsed.data;
    }
  }
  return { lists };
}

/** Pure cross-tab merge: per list, the most recent change wins; lists only one tab has are kept. */
export function mergeChecklistSaved(saved: ChecklistSaved, mine: ChecklistSaved): ChecklistSaved {
  const lists = { ...mine.lists };
  for (const [id, entry] of Object.entries(saved.lists)) {
    const ours = lists[id];
    if (!ours || entry.updatedAt >= ours.updatedAt) lists[id] = entry;
  }
  return { lists };
}

export interface ChecklistState extends ChecklistSaved {
  tick(listId: string, itemId: string, on: boolean): void;
  clear(listId: string): void;
}

export function createChecklistStore(options: { storage?: KeyValueStorage; now?: () => string } = {}) {
  const now = options.now ?? (() => new Date().toISOString());
  return createPersistedStore<ChecklistState, ChecklistSaved>(
    {
      name: 'checklist',
      version: CHECKLIST_STORE_VERSION,
      schema: checklistSavedSchema,
      migrate: migrateChecklistState,
      mergeSaved: mergeChecklistSaved,
      partialize: (s) => ({ lists: s.lists }),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set) => ({
      lists: {},
      tick: (listId, itemId, on) =>
        set((s) => ({ lists: { ...s.lists, [listId]: setTick(s.lists[listId], itemId, on, now()) } })),
      clear: (listId) => set((s) => ({ lists: { ...s.lists, [listId]: { ticked: [], updatedAt: now() } } })),
    }),
  );
}

export const useChecklistStore = createChecklistStore();
