/**
 * Which lessons the learner has visited and completed, and where they left off.
 * Saved under `coldstart:progress` (version 2). Two tabs fold their maps together key by key.
 */
import * as s from '../../platform/shape';
import { createPersistedStore, resetPersistedStore } from '../../platform/persist';

/** Dates recorded before version 2 are unknown; this marks them. */
export const UNKNOWN_DATE = '1970-01-01T00:00:00.000Z';

export interface ProgressSaved {
  /** slug → ISO time of the latest visit. */
  visited: Record<string, string>;
  /** slug → ISO time it was marked complete. */
  completed: Record<string, string>;
  /** slug → ISO time it was un-marked, so another tab's older "complete" does not bring it back. */
  uncompleted: Record<string, string>;
  lastLesson: string | null;
  lastHeading: string | null;
  /** ISO time the last position changed (decides which tab's position wins). */
  lastAt: string | null;
}

export interface ProgressState extends ProgressSaved {
  markVisited(slug: string, heading?: string | null): void;
  markCompleted(slug: string, done: boolean): void;
  reset(): void;
}

const slugMap = s.record(s.isoDate());

export const progressSavedSchema = s.object<ProgressSaved>({
  visited: slugMap,
  completed: slugMap,
  uncompleted: slugMap,
  lastLesson: s.nullable(s.string()),
  lastHeading: s.nullable(s.string()),
  lastAt: s.nullable(s.isoDate()),
});

/** Version 1 (before dates): plain slug lists and the last lesson. */
export const progressV1Schema = s.object<{ completed: string[]; visited?: string[]; last?: string | null }>({
  completed: s.array(s.string()),
  visited: s.optional(s.array(s.string())),
  last: s.optional(s.nullable(s.string())),
});

export const PROGRESS_VERSION = 2;

export function emptyProgress(): ProgressSaved {
  return { visited: {}, completed: {}, uncompleted: {}, lastLesson: null, lastHeading: null, lastAt: null };
}

/** Pure. v1 `{ completed: string[], visited?: string[], last?: string }` → v2 maps with unknown dates. */
export function migrateProgress(persisted: unknown, fromVersion: number): ProgressSaved {
  if (fromVersion !== 1) throw new Error(`unknown progress version ${fromVersion}`);
  const parsed = progressV1Schema.safeParse(persisted);
  if (!parsed.success) throw new Error('version 1 progress has the wrong shape');
  const v1 = parsed.data;
  const out = emptyProgress();
  // A completed lesson was necessarily visited; v1 did not always record both.
  for (const slug of [...(v1.visited ?? []), ...v1.completed]) out.visited[slug] = UNKNOWN_DATE;
  for (const slug of v1.completed) out.completed[slug] = UNKNOWN_DATE;
  out.lastLesson = v1.last ?? null;
  out.lastAt = v1.last ? UNKNOWN_DATE : null;
  return out;
}

const later = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a >= b ? a : b;

/**
 * Pure and symmetric: what two tabs know together. Visits union (latest date); completion is decided
 * per lesson by the latest event, complete or un-complete; the most recent position wins.
 */
export function mergeProgress(a: ProgressSaved, b: ProgressSaved): ProgressSaved {
  const out = emptyProgress();
  for (const slug of new Set([...Object.keys(a.visited), ...Object.keys(b.visited)])) {
    out.visited[slug] = later(a.visited[slug], b.visited[slug])!;
  }
  const slugs = new Set([
    ...Object.keys(a.completed),
    ...Object.keys(b.completed),
    ...Object.keys(a.uncompleted),
    ...Object.keys(b.uncompleted),
  ]);
  for (const slug of slugs) {
    const done = later(a.completed[slug], b.completed[slug]);
    const undone = later(a.uncompleted[slug], b.uncompleted[slug]);
    // Ties go to "complete": losing a completion is worse than keeping one.
    if (done !== undefined && (undone === undefined || done >= undone)) out.completed[slug] = done;
    else if (undone !== undefined) out.uncompleted[slug] = undone;
  }
  const aLast = a.lastAt ?? '';
  const bLast = b.lastAt ?? '';
  const pos = aLast > bLast || (aLast === bLast && a.lastLesson !== null) ? a : b;
  out.lastLesson = pos.lastLesson;
  out.lastHeading = pos.lastHeading;
  out.lastAt = pos.lastAt;
  return out;
}

function pickSaved(s: ProgressSaved): ProgressSaved {
  return {
    visited: s.visited,
    completed: s.completed,
    uncompleted: s.uncompleted,
    lastLesson: s.lastLesson,
    lastHeading: s.lastHeading,
    lastAt: s.lastAt,
  };
}

const now = () => new Date().toISOString();

export const useProgressStore = createPersistedStore<ProgressState, ProgressSaved>(
  {
    name: 'progress',
    version: PROGRESS_VERSION,
    schema: progressSavedSchema,
    migrate: migrateProgress,
    partialize: pickSaved,
    mergeSaved: mergeProgress,
  },
  (set) => ({
    ...emptyProgress(),
    markVisited(slug, heading = null) {
      const at = now();
      set((s) => ({
        visited: { ...s.visited, [slug]: at },
        lastLesson: slug,
        lastHeading: heading,
        lastAt: at,
      }));
    },
    markCompleted(slug, done) {
      const at = now();
      set((s) => {
        const completed = { ...s.completed };
        const uncompleted = { ...s.uncompleted };
        if (done) {
          completed[slug] = at;
          delete uncompleted[slug];
        } else {
          if (!(slug in completed)) return {};
          delete completed[slug];
          uncompleted[slug] = at;
        }
        return {
          completed,
          uncompleted,
          visited: done ? { ...s.visited, [slug]: s.visited[slug] ?? at } : s.visited,
        };
      });
    },
    reset() {
      // Through the registry: a reset bumps the epoch so other tabs take it instead of merging it away.
      resetPersistedStore('progress');
    },
  }),
);

export function isCompleted(state: Pick<ProgressSaved, 'completed'>, slug: string): boolean {
  return slug in state.completed;
}
