/**
 * #/labs/<lab>: a graded lab. Instructions beside the editor on one screen (stacked on small screens); each task
 * shows its status; "Check my work" runs the step's checks on the course page (never in the learner's sandbox)
 * and shows them in the region "Check results"; a step whose required checks pass unlocks the next. Everything
 * the learner types is saved per lab, step and runtime (lab.store.ts) on every keystroke.
 */
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useParams } from '../../app/router';
import { pageTitle } from '../../course/course';
import { loadLabById, type LoadedLab } from '../../course/labs';
import { CodeEditor } from '../editor/CodeEditor';
import { useSettingsStore } from '../progress/settings.store';
import { LockIcon } from '../../ui/icons';
import { Tabs } from '../../ui/Tabs';
import { CheckResults } from './CheckResults';
import { LabStepContext } from './LabComponents';
import { labMdxComponents } from './labMdxComponents';
import {
  answer,
  applySolution,
  backToMine,
  editFile,
  emptyLab,
  isUnlocked,
  recordResults,
  resetStep,
  revealHint,
  useLabStore,
  type FileMap,
  type LabProgress,
} from './lab.store';
import { editableFiles, familyOf, parseEditableFiles, type LabStepDefinition } from './model/labFormat';
import { SolutionDiff } from './SolutionDiff';
import { useLabRunner, type TryItResult } from './useLabRunner';
import { checkSparesFor, warmsUpAhead, type RuntimeState } from './runtimeWarmUp';
import { databaseAhead } from './databaseWarmUp';
import { whenPageSettled } from '../../platform/pageIdle';
import './lab.css';

const AwsResources = lazy(() => import('../console/AwsResources'));

export default function LabPage() {
  const { lab: labId = '' } = useParams();
  const [loaded, setLoaded] = useState<LoadedLab | Error | null>(null);
  useEffect(() => {
    let live = true;
    setLoaded(null);
    loadLabById(labId).then(
      (l) => live && setLoaded(l),
      (e: unknown) => live && setLoaded(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, [labId]);
  useEffect(() => {
    if (loaded && !(loaded instanceof Error)) document.title = pageTitle(loaded.definition.meta.title);
  }, [loaded]);

  if (loaded === null) return <div className="page lesson-body-placeholder">Loading the lab…</div>;
  if (loaded instanceof Error)
    return (
      <div className="page">
        <h1>Lab not found</h1>
        <p>{loaded.message}</p>
        <p>
          <Link to="/labs">See all labs</Link>
        </p>
      </div>
    );
  return <LabWorkspace key={labId} labId={labId} loaded={loaded} />;
}

const now = () => new Date().toISOString();

/** The checks' runtime as the learner reads it (a status line under "Check my work"). */
const RUNTIME_STATE_TEXT: Record<RuntimeState, (runtime: string) => string> = {
  starting: (runtime) => `Starting ${runtime} for the checks…`,
  ready: (runtime) => `${runtime} is ready for the checks.`,
  failed: (runtime) => `${runtime} could not start yet: “Check my work” starts it.`,
};

/** Runtimes every step of the lab has files for (a lab may offer Python before all its steps have it). */
function offeredRuntimes(loaded: LoadedLab): string[] {
  const steps = loaded.definition.steps;
  return loaded.definition.meta.runtimes.filter((r) =>
    steps.every((s) => s.starter[familyOf(r)] && s.solution[familyOf(r)]),
  );
}

function handlerFile(files: FileMap, handler: string | undefined): string {
  const base = handler?.split('.')[0];
  const match = Object.keys(files).find((p) => base && p.replace(/\.(mjs|cjs|js|ts|py)$/, '') === base);
  return match ?? Object.keys(files).find((p) => p !== 'function.json') ?? 'function.json';
}

function languageOf(path: string): 'javascript' | 'typescript' | 'json' | 'python' {
  if (path.endsWith('.py')) return 'python';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.ts')) return 'typescript';
  return 'javascript';
}

function LabWorkspace({ labId, loaded }: { labId: string; loaded: LoadedLab }) {
  const { definition, instructions, checks } = loaded;
  const steps = definition.steps;
  const stepIds = useMemo(() => steps.map((s) => s.id), [steps]);
  const runtimes = useMemo(() => offeredRuntimes(loaded), [loaded]);
  const progress = useLabStore((s) => s.labs[labId]);
  const updateStore = useLabStore((s) => s.update);
  const init = useCallback(
    () => emptyLab(runtimes[0] ?? 'nodejs24.x', stepIds[0]!, now()),
    [runtimes, stepIds],
  );
  const update = useCallback(
    (f: (lab: LabProgress, at: string) => LabProgress) => updateStore(labId, init, f),
    [updateStore, labId, init],
  );

  const runtime =
    progress && runtimes.includes(progress.runtime) ? progress.runtime : (runtimes[0] ?? 'nodejs24.x');
  const family = familyOf(runtime);
  const wanted = progress?.step ?? stepIds[0]!;
  const stepId = stepIds.includes(wanted) && isUnlocked(progress, stepIds, wanted) ? wanted : stepIds[0]!;
  const stepIndex = stepIds.indexOf(stepId);
  const step = steps[stepIndex]!;
  const starterLab = step.starter[family];
  const solutionLab = step.solution[family];
  const starter = useMemo(() => (starterLab ? editableFiles(starterLab) : {}), [starterLab]);
  const solution = useMemo(() => (solutionLab ? editableFiles(solutionLab) : {}), [solutionLab]);
  const stepProgress = progress?.steps[stepId];
  const work = stepProgress?.work[family];
  const files = work?.files ?? starter;
  const results = work?.results ?? null;
  const stale = work?.stale ?? false;
  const complete = stepProgress?.completedAt != null;
  const Instructions = instructions[stepId];

  const runner = useLabRunner();
  const startDatabase = useMemo(() => databaseAhead(steps, stepIndex, runtime), [steps, stepIndex, runtime]);
  useEffect(() => {
    if (!startDatabase) return;
    let live = true;
    void whenPageSettled()
      .then(() => (live ? import('../../platform/sqlEngineWorker') : null))
      .then((engine) => engine?.warmUpPageSqlEngine())
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [startDatabase]);
  const ids = useId();
  // The editor choice is the learner's setting (also on the Progress page), so it is remembered.
  const editorMode = useSettingsStore((s) => s.editorMode);
  const setEditorMode = useSettingsStore((s) => s.setEditorMode);
  const [coarse] = useState(
    () => typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches,
  );
  // On touch devices the plain editor is the default until the learner picks one here.
  const [picked, setPicked] = useState(false);
  const plain = editorMode === 'plain' || (coarse && !picked);
  const parsed = useMemo(() => parseEditableFiles(files), [files]);
  // Python's interpreter takes seconds to download and boot: start it for the checks as soon as a Python step is
  // open (once the page has settled, so it does not compete with the page's own loading). Node.js needs none.
  const warmUpRuntime = warmsUpAhead(runtime);
  // As many interpreters as the function has provisioned environments (the checks start those at once), from the
  // last function.json that parsed: one that does not parse while the learner types keeps the interpreters booted.
  const provisioned = useRef(0);
  if (parsed.ok) provisioned.current = parsed.lab.config.provisioned.reduce((n, p) => n + p.count, 0);
  const spares = checkSparesFor(provisioned.current);
  const { warmUp } = runner;
  useEffect(() => {
    if (!warmUpRuntime) return;
    let live = true;
    void whenPageSettled().then(() => {
      if (live) warmUp(runtime, spares);
    });
    return () => {
      live = false;
    };
  }, [warmUpRuntime, runtime, spares, warmUp]);
  const runtimeState = warmUpRuntime ? runner.runtimeStates[runtime] : undefined;
  const [activeFile, setActiveFile] = useState<string>(() =>
    handlerFile(files, parsed.ok ? parsed.lab.config.handler : undefined),
  );
  const current =
    files[activeFile] !== undefined
      ? activeFile
      : handlerFile(files, parsed.ok ? parsed.lab.config.handler : undefined);
  const [showSolution, setShowSolution] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const nextButton = useRef<HTMLButtonElement>(null);
  // After a passing check, focus moves to "Next step" (announced, and one key away).
  const [focusNext, setFocusNext] = useState(false);
  useEffect(() => {
    if (focusNext && nextButton.current) {
      nextButton.current.focus();
      setFocusNext(false);
    }
  }, [focusNext, complete]);

  const goTo = (id: string) => {
    update((lab, at) => ({ ...lab, step: id, updatedAt: at }));
    setShowSolution(false);
    setNotice(null);
  };

  const onCheck = async () => {
    if (!parsed.ok) {
      setNotice(`Fix function.json first: ${parsed.errors.join(' ')}`);
      return;
    }
    setNotice(null);
    const r = await runner.check({
      runtime,
      lab: parsed.lab,
      checks: checks[stepId] ?? [],
      answers: stepProgress?.answers ?? {},
    });
    update((lab, at) => recordResults(lab, stepId, family, starter, r, at));
    if (r.status === 'pass' && stepIndex < steps.length - 1) setFocusNext(true);
  };

  const stepContext = useMemo(
    () => ({
      results: results?.tests ?? null,
      stale,
      answers: stepProgress?.answers ?? {},
      onAnswer: (questionId: string, value: string) =>
        update((lab, at) => answer(lab, stepId, questionId, value, at)),
      workbench: {
        runtime,
        lab: parsed.ok ? parsed.lab : null,
        runner,
        setMemory: (memoryMb: number) => {
          const text = files['function.json'];
          if (text === undefined) return;
          // Edit the one field in place, so the learner's formatting and key order stay as they wrote them.
          const next = /"memoryMb"\s*:\s*\d+/.test(text)
            ? text.replace(/"memoryMb"\s*:\s*\d+/, `"memoryMb": ${memoryMb}`)
            : text.replace(/^\s*\{/, `{\n  "memoryMb": ${memoryMb},`);
          update((lab, at) => editFile(lab, stepId, family, starter, 'function.json', next, at));
        },
      },
    }),
    [results, stale, stepProgress?.answers, update, stepId, runtime, parsed, runner, files, family, starter],
  );

  return (
    <div className="lab page page-wide">
      <header className="lab__intro">
        <p className="lab__crumbs">
          <Link to="/labs">Labs</Link>
        </p>
        <h1>{definition.meta.title}</h1>
        <p className="lab-muted">
          {definition.meta.description} About {definition.meta.minutes} minutes.
          {definition.meta.lesson && (
            <>
              {' '}
              Background: <Link to={`/lessons/${definition.meta.lesson}`}>the lab lesson</Link>.
            </>
          )}
        </p>
        <div className="lab__controls">
          <label>
            Runtime{' '}
            <select
              value={runtime}
              onChange={(e) => {
                const value = e.target.value;
                update((lab, at) => ({ ...lab, runtime: value, updatedAt: at }));
              }}
            >
              {runtimes.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <span className="lab-muted">Your files are kept for each runtime: switching never loses work.</span>
        </div>
        <nav aria-label="Lab steps" className="lab__steps">
          <ol>
            {steps.map((s, i) => {
              const open = isUnlocked(progress, stepIds, s.id);
              const done = progress?.steps[s.id]?.completedAt != null;
              return (
                <li key={s.id}>
                  <button
                    type="button"
                    aria-current={s.id === stepId ? 'step' : undefined}
                    disabled={!open}
                    onClick={() => goTo(s.id)}
                    className={`lab__step ${done ? 'lab__step--done' : ''}`}
                  >
                    <span aria-hidden="true" className="lab__step-mark">
                      {done ? '✓' : open ? String(i + 1) : <LockIcon />}
                    </span>{' '}
                    {s.meta.title}
                    <span className="visually-hidden">
                      {done ? ' (complete)' : open ? '' : ' (locked: complete the step before it)'}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>
      </header>

      <div className="lab__grid">
        <section className="lab__instructions" aria-labelledby={`${ids}-step`}>
          <h2 id={`${ids}-step`}>
            Step {stepIndex + 1} of {steps.length}: {step.meta.title}
          </h2>
          {step.meta.minutes && <p className="lab-muted">About {step.meta.minutes} minutes.</p>}
          <LabStepContext.Provider value={stepContext}>
            <div className="lab__mdx">
              {Instructions ? <Instructions components={labMdxComponents} /> : null}
            </div>
          </LabStepContext.Provider>

          <div className="lab__check">
            <button
              type="button"
              className="lab-primary"
              onClick={() => void onCheck()}
              disabled={runner.busy === 'checking' || !starterLab}
            >
              Check my work
            </button>
            <button type="button" aria-expanded={showSolution} onClick={() => setShowSolution((v) => !v)}>
              {showSolution ? 'Hide solution' : 'Show solution'}
            </button>
            {work?.mine && (
              <button
                type="button"
                onClick={() => update((lab, at) => backToMine(lab, stepId, family, starter, at))}
              >
                Back to my code
              </button>
            )}
            <button
              type="button"
              onClick={() => {
                update((lab, at) => resetStep(lab, stepId, family, starter, at));
                setNotice('The step is back to its starter files. “Back to my code” brings yours back.');
              }}
            >
              Reset step
            </button>
          </div>
          {runtimeState && (
            <p role="status" className="lab-muted lab__runtime-state" data-state={runtimeState}>
              {RUNTIME_STATE_TEXT[runtimeState](runtime)}
            </p>
          )}
          {notice && (
            <p role="status" className="lab__notice">
              {notice}
            </p>
          )}
          {showSolution && (
            <section className="lab__solution" aria-label="Solution">
              <p>
                The solution, as changes to your files. Applying it keeps your own files: “Back to my code”
                restores them exactly. Using a solution before the step is complete is noted in your score.
              </p>
              <SolutionDiff mine={files} solution={solution} />
              <button
                type="button"
                onClick={() => {
                  update((lab, at) => applySolution(lab, stepId, family, starter, solution, at));
                  setShowSolution(false);
                  setNotice('The solution is in the editor. “Back to my code” restores your files.');
                }}
              >
                Apply solution
              </button>
            </section>
          )}
          <CheckResults
            results={results}
            checks={checks[stepId] ?? []}
            stale={stale}
            hints={stepProgress?.hints ?? {}}
            onHint={(checkId, tiers) => update((lab, at) => revealHint(lab, stepId, checkId, tiers, at))}
            progress={runner.progress}
          />
          {complete && (
            <div className="lab__complete" role="status">
              <p>
                <strong>Step complete.</strong>{' '}
                {stepIndex < steps.length - 1 ? 'The next step is open.' : 'You finished the lab: well done.'}
              </p>
              {stepIndex < steps.length - 1 && (
                <button
                  ref={nextButton}
                  type="button"
                  className="lab-primary"
                  onClick={() => goTo(stepIds[stepIndex + 1]!)}
                >
                  Next step: {steps[stepIndex + 1]!.meta.title}
                </button>
              )}
            </div>
          )}
        </section>

        <section className="lab__work" aria-labelledby={`${ids}-code`}>
          <div className="lab__toolbar">
            <h2 id={`${ids}-code`} className="lab-heading">
              Your function
            </h2>
            <button
              type="button"
              aria-pressed={plain}
              onClick={() => {
                setPicked(true);
                setEditorMode(plain ? 'monaco' : 'plain');
              }}
            >
              Plain text editor
            </button>
          </div>
          <FileEditor
            files={files}
            current={current}
            onSelect={setActiveFile}
            plain={plain}
            onChange={(path, text) =>
              update((lab, at) => editFile(lab, stepId, family, starter, path, text, at))
            }
            onRemove={(path) =>
              update((lab, at) => {
                const rest = { ...files };
                delete rest[path];
                const next = editFile(lab, stepId, family, starter, path, '', at);
                const w = next.steps[stepId]!.work[family]!;
                return {
                  ...next,
                  steps: {
                    ...next.steps,
                    [stepId]: {
                      ...next.steps[stepId]!,
                      work: { ...next.steps[stepId]!.work, [family]: { ...w, files: rest } },
                    },
                  },
                };
              })
            }
          />
          {!parsed.ok && (
            <ul className="lab__errors" aria-label="Problems in function.json">
              {parsed.errors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
          <TryIt step={step} runtime={runtime} files={files} runner={runner} />
          {runner.world && (
            <Suspense fallback={<p className="lab-muted">Loading the AWS resources…</p>}>
              {/* The try-it account: what the function wrote. Checks run in accounts of their own. */}
              <AwsResources account={runner.world.account} headingLevel={3} />
            </Suspense>
          )}
        </section>
      </div>
    </div>
  );
}

function FileEditor({
  files,
  current,
  onSelect,
  onChange,
  onRemove,
  plain,
}: {
  files: FileMap;
  current: string;
  onSelect(path: string): void;
  onChange(path: string, text: string): void;
  onRemove(path: string): void;
  plain: boolean;
}) {
  const paths = Object.keys(files).sort(
    (a, b) => Number(a === 'function.json') - Number(b === 'function.json') || a.localeCompare(b),
  );
  const [newName, setNewName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const ids = useId();
  const add = () => {
    const name = newName.trim().replace(/^\/+/, '');
    if (!/^[\w.-]+(\/[\w.-]+)*$/.test(name) || name.split('/').some((p) => p === '..' || p === '.')) {
      setProblem(
        'Name the file with letters, digits, “.”, “-”, “_” and “/” for folders, e.g. lib/validate.mjs',
      );
      return;
    }
    if (files[name] !== undefined) {
      setProblem(`${name} already exists.`);
      return;
    }
    setProblem(null);
    onChange(name, '');
    onSelect(name);
    setNewName('');
  };
  return (
    <div className="lab-files">
      <Tabs
        label="Files"
        tabs={paths.map((p) => ({ id: p, label: p }))}
        active={current}
        onChange={onSelect}
        className="lab-files__tabs"
      >
        {(path) => (
          <>
            <CodeEditor
              value={files[path] ?? ''}
              onChange={(text) => onChange(path, text)}
              language={languageOf(path)}
              plain={plain}
              label={`Contents of ${path}`}
              path={`/lab/${path}`}
              height="20rem"
            />
            {path !== 'function.json' && paths.filter((p) => p !== 'function.json').length > 1 && (
              <button type="button" className="lab-files__remove" onClick={() => onRemove(path)}>
                Delete {path}
              </button>
            )}
          </>
        )}
      </Tabs>
      <div className="lab-files__new">
        <label htmlFor={`${ids}-new`}>New file</label>
        <input
          id={`${ids}-new`}
          type="text"
          value={newName}
          placeholder="layers/shared/nodejs/node_modules/validate/index.mjs"
          onChange={(e) => setNewName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add();
          }}
          aria-describedby={problem ? `${ids}-problem` : undefined}
        />
        <button type="button" onClick={add}>
          Add file
        </button>
        {problem && (
          <p id={`${ids}-problem`} role="alert" className="lab__errors">
            {problem}
          </p>
        )}
      </div>
    </div>
  );
}

function TryIt({
  step,
  runtime,
  files,
  runner,
}: {
  step: LabStepDefinition;
  runtime: string;
  files: FileMap;
  runner: ReturnType<typeof useLabRunner>;
}) {
  const ids = useId();
  const [event, setEvent] = useState(step.event ?? '{}');
  const [result, setResult] = useState<TryItResult | { error: string } | null>(null);
  useEffect(() => {
    setEvent(step.event ?? '{}');
    setResult(null);
  }, [step]);
  const json = useMemo(() => {
    try {
      return { ok: true as const, value: JSON.parse(event) as unknown };
    } catch (e) {
      return { ok: false as const, error: (e as Error).message };
    }
  }, [event]);
  const go = async () => {
    const parsed = parseEditableFiles(files);
    if (!parsed.ok) return setResult({ error: parsed.errors.join(' ') });
    if (!json.ok) return;
    setResult(await runner.invoke(runtime, parsed.lab, json.value));
  };
  return (
    <section className="lab-try" aria-labelledby={`${ids}-try`}>
      <h3 id={`${ids}-try`} className="lab-heading">
        Try it
      </h3>
      <p className="lab-muted">Invoke your function with a test event. Checks use their own inputs.</p>
      <label htmlFor={`${ids}-event`}>Test event</label>
      <textarea
        id={`${ids}-event`}
        className="lab-try__event"
        value={event}
        spellCheck={false}
        onChange={(e) => setEvent(e.target.value)}
        aria-invalid={!json.ok}
        aria-describedby={!json.ok ? `${ids}-json` : undefined}
        rows={6}
      />
      {!json.ok && (
        <p id={`${ids}-json`} className="lab__errors">
          The test event is not valid JSON: {json.error}
        </p>
      )}
      <button type="button" onClick={() => void go()} disabled={!json.ok || runner.busy === 'invoking'}>
        Invoke
      </button>
      {result && 'error' in result && (
        <p role="alert" className="lab__errors">
          {result.error}
        </p>
      )}
      {result && !('error' in result) && (
        <div className="lab-try__result" role="status">
          <p>
            Status {result.statusCode}
            {result.functionError ? ` · function error (${result.functionError})` : ''} ·{' '}
            {result.coldStart ? 'cold start' : 'warm start'}
          </p>
          <pre className="lab-try__payload" tabIndex={0} aria-label="Response">
            {result.payload}
          </pre>
          <pre className="lab-try__logs" tabIndex={0} aria-label="Log lines">
            {result.logs.join('\n')}
          </pre>
        </div>
      )}
    </section>
  );
}
