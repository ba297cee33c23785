/**
 * The components a lab's step.mdx may use (the lab allowlist): <Task id>, <Hint>, <Question id>. They read the
 * step's state (results, answers) from LabStepContext, so instructions show each task's status beside its text.
 */
import { createContext, useContext, useId, type ReactNode } from 'react';
import type { CheckResult } from './checks/runner';
import type { LabFiles } from './model/labFormat';
import type { LabRunner } from './useLabRunner';

/** What the measuring components (PerformanceTools.tsx) act on: the learner's function as it is now. */
export interface LabWorkbench {
  runtime: string;
  /** The learner's parsed files, or null while function.json does not parse. */
  lab: LabFiles | null;
  runner: LabRunner;
  /** Set `memoryMb` in the learner's function.json. */
  setMemory(memoryMb: number): void;
}

export interface LabStepContextValue {
  /** The last results on the current files (null before the first check). */
  results: readonly CheckResult[] | null;
  stale: boolean;
  answers: Readonly<Record<string, string>>;
  onAnswer(questionId: string, value: string): void;
  workbench?: LabWorkbench;
}

export const LabStepContext = createContext<LabStepContextValue>({
  results: null,
  stale: false,
  answers: {},
  onAnswer: () => undefined,
});

export type TaskStatus = 'todo' | 'done' | 'failing';

export function taskStatus(results: readonly CheckResult[] | null, taskId: string): TaskStatus {
  const mine = (results ?? []).filter((r) => r.task_id === taskId && r.required);
  if (mine.length === 0) return 'todo';
  return mine.every((r) => r.status === 'pass') ? 'done' : 'failing';
}

const TASK_LABEL: Record<TaskStatus, string> = {
  todo: 'To do',
  done: 'Done',
  failing: 'Not yet',
};

export function Task({ id, children }: { id: string; children?: ReactNode }) {
  const { results, stale } = useContext(LabStepContext);
  const status = taskStatus(results, id);
  return (
    <div className={`lab-task lab-task--${status}`} data-task={id}>
      <p className="lab-task__status">
        <span aria-hidden="true">{status === 'done' ? '✓' : status === 'failing' ? '✗' : '○'}</span>{' '}
        <strong>Task: {TASK_LABEL[status]}</strong>
        {stale && status !== 'todo' && <span className="lab-muted"> (before your latest edits)</span>}
      </p>
      <div className="lab-task__body">{children}</div>
    </div>
  );
}

/** One tier of help: the first <Hint> a nudge, later ones closer to the answer. Closed until asked for. */
export function Hint({ children, title = 'Hint' }: { children?: ReactNode; title?: string }) {
  return (
    <details className="lab-hint">
      <summary>{title}</summary>
      <div>{children}</div>
    </details>
  );
}

/**
 * A question the checks grade (the answer is passed to check.ts as `ctx.answers[id]`). The children are the
 * question; `choices` separates the answers with commas: `<Question id="cold-start" choices="yes,no">`.
 */
export function Question({ id, choices, children }: { id: string; choices: string; children?: ReactNode }) {
  const { answers, onAnswer } = useContext(LabStepContext);
  const name = useId();
  const options = choices
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return (
    <fieldset className="lab-question" aria-labelledby={`${name}-q`}>
      <div id={`${name}-q`} className="lab-question__prompt">
        {children}
      </div>
      <div className="lab-question__choices">
        {options.map((choice) => (
          <label key={choice}>
            <input
              type="radio"
              name={name}
              value={choice}
              checked={answers[id] === choice}
              onChange={() => onAnswer(id, choice)}
            />{' '}
            {choice.charAt(0).toUpperCase() + choice.slice(1)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** What step.mdx may use is listed in labMdxComponents.ts (content:check enforces the same list). */
