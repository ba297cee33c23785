/**
 * PostgreSQL (PGlite) takes seconds to start, so the lab page starts it off the page's thread
 * (src/platform/sqlEngineWorker.ts) once the page has settled (its ~15 MB download must not compete with the
 * page's own loading), when the learner is on a step that uses a database or on one before it: by the time
 * "Check my work" needs the database, it is up. A lab with no database never loads it.
 */
import { familyOf, type LabStepDefinition } from './model/labFormat';

/** Whether the step at `from` or a later one runs a database in its VPC (in the learner's runtime). */
export function databaseAhead(steps: readonly LabStepDefinition[], from: number, runtime: string): boolean {
  const family = familyOf(runtime);
  return steps.slice(Math.max(0, from)).some((step) => {
    const config = (step.solution[family] ?? step.starter[family])?.config;
    return Boolean(config?.vpc?.database);
  });
}
