/**
 * Everything a learner does in a lab, saved (`coldstart:labs`): per lab the runtime they chose and the step they
 * are on; per step and runtime family their files (function.json included), the files they had before applying a
 * solution ("Back to my code"), the last check results; per step their answers, hint tiers revealed, how many
 * times they checked, whether the first check passed, the best score and when the step was completed.
 *
 * Transitions are pure functions of (entry, input, now), tested on their own; the store wires them to zustand
 * through createPersistedStore (corruption handling, cross-tab sync, export and import with progress).
 */
import { z } from 'zod/mini';
import { createPersistedStore } from '../../platform/persist';
import type { KeyValueStorage } from '../../platform/storage';
import type { RuntimeFamily } from './model/labFormat';
import type { StepResults } from './checks/runner';

export const LAB_STORE_VERSION = 1;

export type FileMap = Record<string, string>;

export interface StepWork {
  files: FileMap;
  /** The learner's own files while a solution is applied; null otherwise. */
  mine: FileMap | null;
  /** The last "Check my work" on these files. */
  results: StepResults | null;
  /** The files `results` were computed on changed since (the results are stale). */
  stale: boolean;
}

export interface StepProgress {
  work: Partial<Record<RuntimeFamily, StepWork>>;
  /** Question id → the learner's answer. */
  answers: Record<string, string>;
  /** Check id → how many hint tiers are revealed. */
  hints: Record<string, number>;
  /** "Check my work" runs. */
  checks: number;
  /** Whether the first run passed every required check (null before the first run). */
  firstTry: boolean | null;
  /** Best share of check weight passed, 0–1. */
  best: number;
  /** When every required check first passed. */
  completedAt: string | null;
  /** A solution was applied before the step was complete. */
  solutionUsed: boolean;
}

export interface LabProgress {
  runtime: string;
  step: string;
  steps: Record<string, StepProgress>;
  updatedAt: string;
}

export interface LabSaved {
  labs: Record<string, LabProgress>;
}

const fileMapSchema = z.record(z.string(), z.string());
const statusSchema = z.enum(['pass', 'fail', 'error']);
const resultsSchema = z.object({
  version: z.literal(3),
  status: statusSchema,
  message: z.nullable(z.string()),
  score: z.number(),
  tests: z.array(
    z.object({
      name: z.string(),
      status: statusSchema,
      message: z.nullable(z.string()),
      output: z.nullable(z.string()),
      task_id: z.nullable(z.string()),
      id: z.string(),
      required: z.boolean(),
      weight: z.number(),
    }),
  ),
});
const workSchema = z.object({
  files: fileMapSchema,
  mine: z.nullable(fileMapSchema),
  results: z.nullable(resultsSchema),
  stale: z.boolean(),
});
const stepSchema = z.object({
  work: z.partialRecord(z.enum(['nodejs', 'python']), workSchema),
  answers: z.record(z.string(), z.string()),
  hints: z.record(z.string(), z.number()),
  checks: z.number(),
  firstTry: z.nullable(z.boolean()),
  best: z.number(),
  completedAt: z.nullable(z.string()),
  solutionUsed: z.boolean(),
});
const labSchema = z.object({
  runtime: z.string(),
  step: z.string(),
  steps: z.record(z.string(), stepSchema),
  updatedAt: z.string(),
});
export const labSavedSchema = z.object({ labs: z.record(z.string(), labSchema) });

export function emptyStep(): StepProgress {
  return {
    work: {},
    answers: {},
    hints: {},
    checks: 0,
    firstTry: null,
    best: 0,
    completedAt: null,
    solutionUsed: false,
  };
}

export function emptyLab(runtime: string, step: string, now: string): LabProgress {
  return { runtime, step, steps: {}, updatedAt: now };
}

function withStep(
  lab: LabProgress,
  stepId: string,
  f: (s: StepProgress) => StepProgress,
  now: string,
): LabProgress {
  return { ...lab, steps: { ...lab.steps, [stepId]: f(lab.steps[stepId] ?? emptyStep()) }, updatedAt: now };
}

function withWork(
  step: StepProgress,
  family: RuntimeFamily,
  starter: FileMap,
  f: (w: StepWork) => StepWork,
): StepProgress {
  const work = step.work[family] ?? { files: starter, mine: null, results: null, stale: false };
  return { ...step, work: { ...step.work, [family]: f(work) } };
}

/** The learner typed: one file's new text. Applying a solution and then editing keeps "Back to my code". */
export function editFile(
  lab: LabProgress,
  stepId: string,
  family: RuntimeFamily,
  starter: FileMap,
  path: string,
  text: string,
  now: string,
): LabProgress {
  return withStep(
    lab,
    stepId,
    (s) =>
      withWork(s, family, starter, (w) =>
        w.files[path] === text ? w : { ...w, files: { ...w.files, [path]: text }, stale: w.results !== null },
      ),
    now,
  );
}

/** One "Check my work": results saved, first try, best score and completion recorded. */
export function recordResults(
  lab: LabProgress,
  stepId: string,
  family: RuntimeFamily,
  starter: FileMap,
  results: StepResults,
  now: string,
): LabProgress {
  return withStep(
    lab,
    stepId,
    (s) => {
      const passed = results.status === 'pass';
      const next = withWork(s, family, starter, (w) => ({ ...w, results, stale: false }));
      return {
        ...next,
        checks: s.checks + 1,
        firstTry: s.firstTry ?? passed,
        best: Math.max(s.best, results.score),
        completedAt: s.completedAt ?? (passed ? now : null),
      };
    },
    now,
  );
}

/** "Apply solution": the learner's files are kept aside (unless a solution is already applied). */
export function applySolution(
  lab: LabProgress,
  stepId: string,
  family: RuntimeFamily,
  starter: FileMap,
  solution: FileMap,
  now: string,
): LabProgress {
  return withStep(
    lab,
    stepId,
    (s) => ({
      ...withWork(s, family, starter, (w) => ({
        ...w,
        mine: w.mine ?? w.files,
        files: { ...solution },
        stale: w.results !== null,
      })),
      solutionUsed: s.solutionUsed || s.completedAt === null,
    }),
    now,
  );
}

/** "Back to my code": the files from before the solution, exactly. */
export function backToMine(
  lab: LabProgress,
  stepId: string,
  family: RuntimeFamily,
  starter: FileMap,
  now: string,
) {
  return withStep(
    lab,
    stepId,
    (s) =>
      withWork(s, family, starter, (w) =>
        w.mine ? { ...w, files: w.mine, mine: null, stale: w.results !== null } : w,
      ),
    now,
  );
}

/** "Reset step": back to the starter; the learner's files are kept as "Back to my code". */
export function resetStep(
  lab: LabProgress,
  stepId: string,
  family: RuntimeFamily,
  starter: FileMap,
  now: string,
) {
  return withStep(
    lab,
    stepId,
    (s) =>
      withWork(s, family, starter, (w) => ({
        ...w,
        mine: w.mine ?? w.files,
        files: { ...starter },
        stale: w.results !== null,
      })),
    now,
  );
}

export function revealHint(lab: LabProgress, stepId: string, checkId: string, tiers: number, now: string) {
  return withStep(
    lab,
    stepId,
    (s) => ({ ...s, hints: { ...s.hints, [checkId]: Math.min(tiers, (s.hints[checkId] ?? 0) + 1) } }),
    now,
  );
}

export function answer(lab: LabProgress, stepId: string, questionId: string, value: string, now: string) {
  return withStep(lab, stepId, (s) => ({ ...s, answers: { ...s.answers, [questionId]: value } }), now);
}

/** A step is open when it is the first or the step before it is complete. */
export function isUnlocked(
  lab: LabProgress | undefined,
  stepIds: readonly string[],
  stepId: string,
): boolean {
  const i = stepIds.indexOf(stepId);
  if (i <= 0) return i === 0;
  return lab?.steps[stepIds[i - 1]!]?.completedAt != null;
}

export interface LabScore {
  completed: number;
  steps: number;
  /** Mean best share of check weight over all steps, 0–1. */
  weight: number;
  firstTries: number;
  hintsUsed: number;
  solutionsUsed: number;
}

export function labScore(lab: LabProgress | undefined, stepIds: readonly string[]): LabScore {
  const steps = stepIds.map((id) => lab?.steps[id]);
  const n = stepIds.length;
  return {
    completed: steps.filter((s) => s?.completedAt).length,
    steps: n,
    weight: n === 0 ? 0 : steps.reduce((sum, s) => sum + (s?.best ?? 0), 0) / n,
    firstTries: steps.filter((s) => s?.firstTry === true).length,
    hintsUsed: steps.reduce((sum, s) => sum + Object.values(s?.hints ?? {}).reduce((a, b) => a + b, 0), 0),
    solutionsUsed: steps.filter((s) => s?.solutionUsed).length,
  };
}

/** Pure: version 1 is the first shape; older or damaged values are salvaged lab by lab. */
export function migrateLabState(persisted: unknown, fromVersion: number): LabSaved {
  if (fromVersion > LAB_STORE_VERSION) throw new Error(`labs saved by a newer version (${fromVersion})`);
  const labs: Record<string, LabProgress> = {};
  const raw = (persisted as { labs?: unknown } | null)?.labs;
  if (typeof raw === 'object' && raw !== null) {
    for (const [id, value] of Object.entries(raw)) {
      const parsed = labSchema.safeParse(value);
      if (parsed.success) labs[id] = parsed.data as LabProgress;
    }
  }
  return { labs };
}

/** Pure cross-tab merge: per lab, the most recent change wins; labs only one tab has are kept. */
export function mergeLabSaved(saved: LabSaved, mine: LabSaved): LabSaved {
  const labs = { ...mine.labs };
  for (const [id, lab] of Object.entries(saved.labs)) {
    const ours = labs[id];
    if (!ours || lab.updatedAt >= ours.updatedAt) labs[id] = lab;
  }
  return { labs };
}

export interface LabState extends LabSaved {
  /** Apply a pure transition to one lab (created with `init` when missing). */
  update(labId: string, init: () => LabProgress, f: (lab: LabProgress, now: string) => LabProgress): void;
}

export function createLabStore(options: { storage?: KeyValueStorage; now?: () => string } = {}) {
  const now = options.now ?? (() => new Date().toISOString());
  return createPersistedStore<LabState, LabSaved>(
    {
      name: 'labs',
      version: LAB_STORE_VERSION,
      schema: labSavedSchema,
      migrate: migrateLabState,
      mergeSaved: mergeLabSaved,
      partialize: (s) => ({ labs: s.labs }),
      ...(options.storage ? { storage: options.storage } : {}),
    },
    (set) => ({
      labs: {},
      update: (labId, init, f) =>
        set((s) => ({ labs: { ...s.labs, [labId]: f(s.labs[labId] ?? init(), now()) } })),
    }),
  );
}

export const useLabStore = createLabStore();
