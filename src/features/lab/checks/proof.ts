/**
 * The CI proof for a lab (`npm run lab:check`): for every step and runtime family, the starter fails at least one
 * required check, the solution passes every check, and each bad variant fails exactly the check it names (and
 * passes the others). Runs through the same check runner the lab page uses, on an injected runtime host.
 */
import type { EnvironmentHost } from '../../../sim';
import type { RealTime } from '../../../sim/liveClock';
import { RUNTIME_FAMILIES, type LabDefinition, type LabFiles, type RuntimeFamily } from '../model/labFormat';
import type { CheckDefinition } from './api';
import { runChecks, type StepResults } from './runner';

export interface ProofLine {
  step: string;
  family: RuntimeFamily;
  runtime: string;
  subject: string;
  ok: boolean;
  /** Set when the family could not run here (no host): neither a pass nor a failure of the lab. */
  skipped?: boolean;
  /** Wall time of the check run, in milliseconds (the bench target is at most 3 s a step). */
  ms?: number;
  detail: string;
}

export interface ProofOptions {
  lab: LabDefinition;
  /** check.ts of each step, by step id. */
  checks: Record<string, CheckDefinition[]>;
  /** A runtime host for a family, or null when this machine cannot run it (the proof then skips it). */
  hostFor(family: RuntimeFamily): EnvironmentHost | null;
  realTime: RealTime;
  /** Answers a learner would give to the step's questions (used for starter and solution runs alike). */
  answersFor?(step: string): Record<string, string>;
  onLine?(line: ProofLine): void;
  /** Wall-time limit of one check for a family (runner's RunOptions.checkTimeoutMs); the page's default if unset. */
  checkTimeoutMs?(family: RuntimeFamily): number | undefined;
}

function summary(r: StepResults): string {
  return r.tests
    .map((t) => `${t.status === 'pass' ? '✓' : '✗'} ${t.id}${t.message ? ` (${t.message})` : ''}`)
    .join('; ');
}

export async function proveLab(options: ProofOptions): Promise<ProofLine[]> {
  const lines: ProofLine[] = [];
  const emit = (line: ProofLine) => {
    lines.push(line);
    options.onLine?.(line);
  };
  for (const step of options.lab.steps) {
    const checks = options.checks[step.id];
    for (const family of RUNTIME_FAMILIES) {
      const solution = step.solution[family];
      if (!solution) continue;
      const runtime = options.lab.meta.runtimes.find((r) => (family === 'python') === r.startsWith('python'));
      const base = { step: step.id, family, runtime: runtime ?? '(none)' };
      if (!checks) {
        emit({ ...base, subject: 'check.ts', ok: false, detail: 'no checks loaded' });
        continue;
      }
      const host = options.hostFor(family);
      if (!runtime) {
        emit({
          ...base,
          subject: 'runtime',
          // Files for a runtime the lab does not offer (yet) are work in progress: learners never see them.
          ok: true,
          detail: `skipped: lab.json does not offer a ${family} runtime, so these files are not shown to learners`,
        });
        continue;
      }
      if (!host) {
        // This machine cannot run the family yet (Python in Node): the proof skips it and says so.
        emit({
          ...base,
          subject: 'runtime',
          ok: true,
          skipped: true,
          detail: `skipped: no ${family} host here`,
        });
        continue;
      }
      const timeoutMs = options.checkTimeoutMs?.(family);
      const run = async (lab: LabFiles, answers: Record<string, string> = {}) => {
        const started = options.realTime.now();
        const results = await runChecks({
          checks,
          lab,
          host,
          runtime,
          realTime: options.realTime,
          answers: { ...(options.answersFor?.(step.id) ?? {}), ...answers },
          ...(timeoutMs === undefined ? {} : { checkTimeoutMs: timeoutMs }),
        });
        lastMs = Math.round(options.realTime.now() - started);
        return results;
      };
      let lastMs = 0;
      const starter = step.starter[family]!;
      const s = await run(starter);
      const starterFails = s.tests.some((t) => t.required && t.status !== 'pass');
      emit({
        ...base,
        subject: 'starter',
        ms: lastMs,
        ok: starterFails,
        detail: starterFails ? 'fails as it should' : `passes every required check: ${summary(s)}`,
      });
      const sol = await run(solution);
      const solPasses = sol.tests.every((t) => t.status === 'pass');
      emit({
        ...base,
        subject: 'solution',
        ms: lastMs,
        ok: solPasses,
        detail: solPasses ? 'passes every check' : summary(sol),
      });
      for (const bad of step.bad) {
        const variant = bad.byFamily[family];
        if (!variant) continue;
        const ids = new Set(checks.map((c) => c.id));
        if (!ids.has(bad.meta.fails)) {
          emit({
            ...base,
            subject: `bad/${bad.name}`,
            ok: false,
            detail: `names check "${bad.meta.fails}", which check.ts does not define`,
          });
          continue;
        }
        const r = await run(variant, bad.meta.answers);
        const failing = r.tests.filter((t) => t.status !== 'pass').map((t) => t.id);
        const ok = failing.length === 1 && failing[0] === bad.meta.fails;
        emit({
          ...base,
          subject: `bad/${bad.name}`,
          ms: lastMs,
          ok,
          detail: ok
            ? `fails ${bad.meta.fails} only`
            : `should fail only ${bad.meta.fails}; failing: ${failing.join(', ') || 'none'} — ${summary(r)}`,
        });
      }
    }
  }
  return lines;
}
