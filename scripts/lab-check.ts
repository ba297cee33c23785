/**
 * The CI proof for labs (see src/features/lab/checks/proof.ts), in Node through the in-process runtime host (the
 * same runtime code the browser's workers run). Run by `npm run lab:check` (LAB=<id> for one lab) and by `npm test`
 * through scripts/lab-check.test.ts, under Vite's resolver (the runtime imports Vite virtual modules).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLab, LabFormatError } from '../src/features/lab/model/loadLab.ts';
import type { LabDefinition, LabFiles, RuntimeFamily } from '../src/features/lab/model/labFormat.ts';
import { proveLab, type ProofLine } from '../src/features/lab/checks/proof.ts';
import type { CheckDefinition } from '../src/features/lab/checks/api.ts';
import { createInProcessHost } from '../src/sandbox/testing/inProcessHost.ts';
import { nodePyodideLoader } from '../src/sandbox/testing/nodePyodide.ts';
import { testBundleSource } from '../src/sandbox/sdk/testing/testBundles.ts';

process.env.AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING = '1';

const root = path.resolve(import.meta.dirname, '..');
const labsDir = path.join(root, 'content', 'labs');
/** Wall-time limit of one Python check in the proof (the page allows 20 s). */
const PYTHON_CHECK_TIMEOUT_MS = 120_000;

export function readTree(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) readTree(full, base, out);
    else out[path.relative(base, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

/** Which part of each lab to prove (all of it unless narrowed; `npm run lab:check` takes them from the environment). */
export interface ProofScope {
  /** Step ids, or their leading part (`02` for `02-layer`); empty: every step. */
  steps?: string[];
  /** Runtime families; empty: every family the lab offers. */
  families?: RuntimeFamily[];
  /**
   * `full` (default): every bad variant in every family. `ci` (what `npm test` runs): the same, except a Python bad
   * variant that changes only function.json when a Node.js variant of the same name exists: it proves the check
   * against a configuration change, which the Node.js run already proves, and each Python run costs a second of
   * CPU per environment (an interpreter restore and the learner's boto3 import) where Node.js costs milliseconds.
   * Python starters and solutions, and the Python variants that change code or the layer, always run.
   */
  depth?: 'full' | 'ci';
}

/** What a lab's files hold apart from function.json (the code, the layers). */
function codeOf(files: LabFiles | undefined): string {
  if (!files) return '';
  return JSON.stringify(
    Object.entries(files.files)
      .filter(([name]) => name !== 'function.json')
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** The lab with only what is in scope (a family left out has no solution, so the proof passes over it). */
export function narrow(lab: LabDefinition, scope: ProofScope, leftOut: ProofLine[]): LabDefinition {
  const steps = scope.steps?.length
    ? lab.steps.filter((step) =>
        scope.steps!.some((wanted) => step.id === wanted || step.id.startsWith(`${wanted}-`)),
      )
    : lab.steps;
  const families = scope.families?.length ? scope.families : null;
  const python = lab.meta.runtimes.find((runtime) => runtime.startsWith('python'));
  const inScope = <T>(byFamily: Partial<Record<RuntimeFamily, T>>): Partial<Record<RuntimeFamily, T>> =>
    families
      ? Object.fromEntries(
          Object.entries(byFamily).filter(([family]) => families.includes(family as RuntimeFamily)),
        )
      : byFamily;
  return {
    ...lab,
    steps: steps.map((step) => ({
      ...step,
      starter: inScope(step.starter),
      solution: inScope(step.solution),
      bad: step.bad.map((bad) => {
        const byFamily = inScope(bad.byFamily);
        const variant = byFamily.python;
        const configOnly =
          scope.depth === 'ci' &&
          python !== undefined &&
          variant !== undefined &&
          bad.byFamily.nodejs !== undefined &&
          codeOf(variant) === codeOf(step.solution.python);
        if (!configOnly) return { ...bad, byFamily };
        leftOut.push({
          step: step.id,
          family: 'python',
          runtime: python,
          subject: `bad/${bad.name}`,
          ok: true,
          skipped: true,
          detail:
            'left to the full proof (LAB=<lab>): it changes only function.json, which the nodejs run proves',
        });
        const { python: _python, ...others } = byFamily;
        return { ...bad, byFamily: others };
      }),
    })),
  };
}

/** CPU time of this process, ms: on a machine shared with other jobs it is steadier than wall time. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return Math.round((usage.user + usage.system) / 1000);
}

export async function checkLabs(
  ids: string[],
  scope: ProofScope = {},
): Promise<{ lines: ProofLine[]; problems: string[] }> {
  const problems: string[] = [];
  const lines: ProofLine[] = [];
  const available = fs.existsSync(labsDir)
    ? fs.readdirSync(labsDir).filter((d) => fs.statSync(path.join(labsDir, d)).isDirectory())
    : [];
  // One host per family for every lab, as the page keeps one sandbox: Python's first environment boots the
  // interpreter in full (seconds of CPU) and takes the memory snapshot every later environment restores.
  const hosts = new Map<string, ReturnType<typeof createInProcessHost>>();
  try {
    for (const id of ids.length ? ids : available) {
      const dir = path.join(labsDir, id);
      if (!fs.existsSync(dir)) {
        problems.push(`content/labs/${id}: no such lab (labs: ${available.join(', ') || 'none'})`);
        continue;
      }
      let lab;
      try {
        lab = loadLab(id, readTree(dir));
      } catch (e) {
        problems.push(...(e instanceof LabFormatError ? e.problems : [String(e)]));
        continue;
      }
      const leftOut: ProofLine[] = [];
      lab = narrow(lab, scope, leftOut);
      const checks: Record<string, CheckDefinition[]> = {};
      for (const step of lab.steps) {
        const mod = (await import(pathToFileURL(path.join(dir, step.id, 'check.ts')).href)) as {
          default: CheckDefinition[];
        };
        checks[step.id] = mod.default;
      }
      let cpuBefore = cpuMs();
      const result = await proveLab({
        lab,
        checks,
        hostFor: (family) => {
          if (!hosts.has(family))
            hosts.set(
              family,
              createInProcessHost({
                bundles: testBundleSource(),
                // Python runs in Pyodide in Node, the same runtime code the browser's workers run.
                ...(family === 'python' ? { pyodide: nodePyodideLoader() } : {}),
              }),
            );
          return hosts.get(family)!;
        },
        // Python's checks start interpreters in this one thread (about a second of CPU each), and CI shares two
        // cores among the suite: the page's 20 s per check would measure the machine, not the lab.
        checkTimeoutMs: (family) => (family === 'python' ? PYTHON_CHECK_TIMEOUT_MS : undefined),
        realTime: {
          now: () => performance.now(),
          setTimer: (ms, fn) => setTimeout(fn, ms),
          clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        },
        answersFor: (step) => {
          const file = path.join(dir, step, 'answers.json');
          return fs.existsSync(file)
            ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>)
            : {};
        },
        onLine: (l) => {
          const cpu = cpuMs();
          console.log(
            `${l.ok ? 'ok  ' : 'FAIL'} ${id}/${l.step} ${l.runtime} ${l.subject}${l.ms === undefined ? '' : ` [${l.ms} ms, ${cpu - cpuBefore} ms CPU]`}: ${l.detail}`,
          );
          cpuBefore = cpu;
        },
      });
      for (const line of leftOut)
        console.log(`skip ${id}/${line.step} ${line.runtime} ${line.subject}: ${line.detail}`);
      lines.push(...result, ...leftOut);
    }
  } finally {
    for (const host of hosts.values()) host.dispose();
  }
  return { lines, problems };
}

/**
 * The proof as the test files run it, from the environment: LAB (labs, default all), LAB_STEPS, LAB_FAMILIES
 * (intersected with `families`), LAB_PROOF (`full` or `ci`; default `full` when LAB names labs, else `ci`).
 */
export function proveFromEnvironment(families: RuntimeFamily[]) {
  const list = (name: string) => (process.env[name] ? process.env[name].split(',') : []);
  const labs = list('LAB');
  const wanted = list('LAB_FAMILIES');
  const requested = process.env.LAB_PROOF;
  const chosen = wanted.length ? families.filter((family) => wanted.includes(family)) : families;
  // Only the other file's family was asked for: nothing to prove here.
  if (chosen.length === 0) return Promise.resolve({ lines: [], problems: [] });
  return checkLabs(labs, {
    steps: list('LAB_STEPS'),
    families: chosen,
    depth: requested === 'full' || requested === 'ci' ? requested : labs.length > 0 ? 'full' : 'ci',
  });
}
