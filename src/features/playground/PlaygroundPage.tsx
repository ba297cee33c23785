/**
 * #/playground: write a handler, configure the function, invoke it — synchronously or as an Event — and read the
 * response, the exact log lines, destination records and the execution environments. Every invocation runs
 * through the course's one Lambda service (src/sim) on a live virtual clock; the code runs in the sandbox.
 */
import { lazy, Suspense, useCallback, useId, useMemo, useState } from 'react';
import { validateFunctionConfig } from '../../sim';
import { CodeEditor } from '../editor/CodeEditor';
import { createSandboxHost } from '../../sandbox/host/sandboxHost';
import { sandboxAssetUrls } from '../../sandbox/assets';
import { MakePythonOfflineButton } from '../offline/MakePythonOfflineButton';
import { checkJson } from './fixtures';
import { handlerFileName } from './functionSync';
import {
  ConcurrencyPanel,
  ConfigurationPanel,
  ErrorList,
  EventPanel,
  LoggingPanel,
  NumberField,
  SettingsTabs,
  AsyncPanel,
  VersionsPanel,
} from './PlaygroundPanels';
import {
  PLAYGROUND_RUNTIMES,
  STARTER_CODE_JS,
  STARTER_CODE_PY,
  STARTER_CODE_TS,
  defaultHandlerFor,
  isPythonRuntime,
  parseEnvText,
  starterCodeFor,
  usePlaygroundStore,
  type PlaygroundRuntime,
} from './playground.store';
import { shareUrl } from './share';
import { ShareLinkGate } from './ShareLinkGate';
import { DestinationList, EnvironmentList, LogView, ResultView, VirtualClockStatus } from './SandboxViews';
import { useLambdaFunction } from './useLambdaFunction';
import { EventSourcesPanel } from '../eventSources/EventSourcesPanel';
import { VpcPanel } from '../vpc/VpcPanel';
import { HttpRequestPanel } from '../http/HttpRequestPanel';
import './playground.css';

export const PLAYGROUND_FUNCTION = 'my-function';

// For the browser console, the bench (scripts/bench/) and e2e: the page's sandbox host factory and workspaces.
(window as unknown as { coldstartSandbox?: unknown }).coldstartSandbox = { createSandboxHost };
(window as unknown as { coldstartLambda?: unknown }).coldstartLambda = {
  getWorkspace: (id: string) => import('../../app/workspaces').then((m) => m.getWorkspace(id)),
};

// The AWS resources console (src/features/console), loaded with the workspace, never in the first load.
const AwsResources = lazy(() => import('../console/AwsResources'));

/** Python's runtime files (Pyodide's loader, module, wasm and stdlib), for "Make Python available offline". */
function pythonAssetList(): string[] {
  return Object.values(sandboxAssetUrls().assets.python ?? {});
}

const loadWorkspace = () => import('../../app/workspaces').then((m) => m.getWorkspace('playground'));

export default function PlaygroundPage() {
  const s = usePlaygroundStore();
  const [shareNotice, setShareNotice] = useState<string | null>(null);
  const [shareLink, setShareLink] = useState<string>('');
  const [publishNotice, setPublishNotice] = useState<string | null>(null);
  const ids = useId();

  const json = useMemo(() => checkJson(s.event), [s.event]);
  const configErrors = useMemo(() => {
    const v = validateFunctionConfig({
      name: PLAYGROUND_FUNCTION,
      memoryMb: s.config.memoryMb,
      timeoutS: s.config.timeoutS,
      ephemeralStorageMb: s.config.ephemeralStorageMb,
      async: { maxRetryAttempts: s.async.maxRetryAttempts, maxEventAgeS: s.async.maxEventAgeS },
    });
    const errors = v.ok ? [] : [...v.errors];
    if (!/^[^.\s]+\.[A-Za-z_$][\w$]*$/.test(s.config.handler.trim()))
      errors.push('Handler: write file.function, for example index.handler');
    const env = parseEnvText(s.config.envText);
    if (!env.ok) errors.push(`Environment variables: ${env.error}`);
    return errors;
  }, [s.config, s.async]);

  // The sandbox starts once the editor is ready (or on the first Invoke), not alongside Monaco's loading.
  const [editorReady, setEditorReady] = useState(false);
  const onEditorReady = useCallback(() => setEditorReady(true), []);
  const fn = useLambdaFunction(loadWorkspace, PLAYGROUND_FUNCTION, s, { eager: editorReady });
  const { view } = fn;
  const last = view.invocations[view.invocations.length - 1];
  const marker = last?.syntax ?? null;
  const canInvoke = json.ok && configErrors.length === 0;
  const python = isPythonRuntime(s.runtime);
  const fileName = handlerFileName(s.code, s.language, s.runtime, s.config.handler);
  const qualifiers = ['$LATEST', ...s.versions.map((v) => v.version), ...s.aliases.map((a) => a.name)];
  const starter = starterCodeFor(s.runtime, s.language);

  const invoke = (count: number) => {
    if (!json.ok) return;
    void fn.invoke(json.value, count);
  };

  const publish = async () => {
    const version = s.publish(view.virtualNow);
    const errors = await fn.applyNow();
    setPublishNotice(errors.length ? errors.join(' ') : `Published version ${version}.`);
  };

  const share = async () => {
    const link = shareUrl(
      { v: 1, code: s.code, runtime: s.runtime, language: s.language, event: s.event, config: s.config },
      window.location,
    );
    setShareLink(link);
    try {
      await navigator.clipboard.writeText(link);
      setShareNotice('Share link copied to the clipboard.');
    } catch {
      setShareNotice('Copy the share link from the box below.');
    }
  };

  const status = (qualifier: string) => {
    const svc = fn.workspace?.service;
    if (!svc?.hasFunction(PLAYGROUND_FUNCTION)) return null;
    const r = svc.getProvisionedConcurrency(PLAYGROUND_FUNCTION, qualifier);
    return r.ok ? r.status : null;
  };

  return (
    <div className="playground page page-wide">
      <header className="playground__intro">
        <div className="playground__title">
          <h1>Playground</h1>
          <div className="playground__clock">
            <VirtualClockStatus now={view.virtualNow} aheadMs={view.aheadMs} />
            <button
              type="button"
              onClick={() => void fn.fastForward()}
              disabled={view.fastForwarding}
              aria-describedby={`${ids}-ff`}
            >
              Fast-forward
            </button>
            <span id={`${ids}-ff`} className="sbx-muted">
              {view.pending
                ? 'skips to the end of queued work (retries, event age)'
                : 'skips to the next scheduled event'}
            </span>
          </div>
        </div>
        <p className="sbx-muted">
          Your handler runs in an isolated worker that behaves like a Lambda execution environment; routing,
          retries, logs and billing come from the course&apos;s Lambda service. Code durations are measured;
          platform phases are modelled.
        </p>
        {/* Share links open here, never over the learner's own code (ShareLinkGate.tsx). */}
        <ShareLinkGate />
        {shareNotice && (
          <p className="playground__notice" role="status">
            {shareNotice}
          </p>
        )}
      </header>

      <div className="playground__grid">
        <section className="playground__code" aria-labelledby={`${ids}-code`}>
          <div className="playground__toolbar">
            <h2 id={`${ids}-code`} className="sbx-heading">
              Code <span className="sbx-muted">({fileName})</span>
            </h2>
            <label>
              Runtime{' '}
              <select
                value={s.runtime}
                onChange={(e) => {
                  const runtime = e.target.value as PlaygroundRuntime;
                  // Between Node.js and Python the starter and the handler setting change, as in the console;
                  // code the learner wrote stays.
                  const family = isPythonRuntime(runtime) !== isPythonRuntime(s.runtime);
                  const untouched = [STARTER_CODE_JS, STARTER_CODE_TS, STARTER_CODE_PY].includes(s.code);
                  s.set({
                    runtime,
                    ...(family
                      ? {
                          config: { ...s.config, handler: defaultHandlerFor(runtime) },
                          ...(untouched ? { code: starterCodeFor(runtime, s.language) } : {}),
                        }
                      : {}),
                  });
                }}
              >
                {PLAYGROUND_RUNTIMES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            {python && <MakePythonOfflineButton listUrls={pythonAssetList} />}
            <label hidden={python}>
              Language{' '}
              <select
                value={s.language}
                onChange={(e) => {
                  const language = e.target.value as 'javascript' | 'typescript';
                  const untouched = s.code === STARTER_CODE_JS || s.code === STARTER_CODE_TS;
                  s.set({
                    language,
                    ...(untouched
                      ? { code: language === 'typescript' ? STARTER_CODE_TS : STARTER_CODE_JS }
                      : {}),
                  });
                }}
              >
                <option value="javascript">JavaScript</option>
                <option value="typescript">TypeScript</option>
              </select>
            </label>
            <button
              type="button"
              aria-pressed={s.plainEditor}
              onClick={() => s.set({ plainEditor: !s.plainEditor })}
            >
              Plain text editor
            </button>
            <button type="button" onClick={() => s.resetCode()} disabled={s.code === starter}>
              Reset to starter
            </button>
            <button type="button" onClick={() => void share()}>
              Share
            </button>
          </div>
          <CodeEditor
            value={s.code}
            onChange={(code) => s.set({ code })}
            language={python ? 'python' : s.language}
            plain={s.plainEditor}
            path={`/${fileName}`}
            marker={marker}
            onReady={onEditorReady}
            height="22rem"
          />
          {shareLink && (
            <label className="playground__field">
              Share link
              <input type="text" readOnly value={shareLink} onFocus={(e) => e.currentTarget.select()} />
            </label>
          )}
          <SettingsTabs>
            {(panel) => {
              switch (panel) {
                case 'event':
                  return <EventPanel s={s} json={json} />;
                case 'configuration':
                  return <ConfigurationPanel s={s} errors={configErrors} />;
                case 'versions':
                  return <VersionsPanel s={s} onPublish={() => void publish()} notice={publishNotice} />;
                case 'concurrency':
                  return (
                    <ConcurrencyPanel
                      s={s}
                      errors={view.errors.filter((e) => /concurrency/i.test(e))}
                      status={status}
                    />
                  );
                case 'async':
                  return <AsyncPanel s={s} />;
                case 'logging':
                  return <LoggingPanel s={s} />;
                case 'eventSources':
                  return <EventSourcesPanel workspace={fn.workspace} functionName={PLAYGROUND_FUNCTION} />;
                case 'vpc':
                  return <VpcPanel workspace={fn.workspace} functionName={PLAYGROUND_FUNCTION} />;
                case 'http': // hook-in: src/features/http
                  return <HttpRequestPanel fn={fn} functionName={PLAYGROUND_FUNCTION} />;
              }
            }}
          </SettingsTabs>
        </section>

        <section className="playground__output" aria-labelledby={`${ids}-out`}>
          <h2 id={`${ids}-out`} className="visually-hidden">
            Invoke and output
          </h2>
          <div className="playground__actions">
            <label>
              Invocation type{' '}
              <select
                value={s.invocationType}
                onChange={(e) => s.set({ invocationType: e.target.value as 'RequestResponse' | 'Event' })}
              >
                <option value="RequestResponse">RequestResponse</option>
                <option value="Event">Event</option>
              </select>
            </label>
            <label>
              Qualifier{' '}
              <select
                value={qualifiers.includes(s.qualifier) ? s.qualifier : '$LATEST'}
                onChange={(e) => s.set({ qualifier: e.target.value })}
              >
                {qualifiers.map((q) => (
                  <option key={q} value={q}>
                    {q}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="sbx-primary" disabled={!canInvoke} onClick={() => invoke(1)}>
              Invoke
            </button>
            <span className="playground__many">
              <button
                type="button"
                disabled={!canInvoke || Number.isNaN(s.concurrent)}
                onClick={() => invoke(s.concurrent)}
              >
                Invoke N at once
              </button>
              <NumberFieldInline value={s.concurrent} onChange={(concurrent) => s.set({ concurrent })} />
            </span>
            <button type="button" onClick={() => void fn.shutdown()}>
              Shut down environments
            </button>
          </div>
          {!canInvoke && (
            <ErrorList
              errors={[
                ...(json.ok ? [] : ['The test event is not valid JSON (see the Test event tab).']),
                ...configErrors,
              ]}
            />
          )}
          <ErrorList errors={view.errors.filter((e) => !/concurrency/i.test(e))} />
          <ResultView invocations={view.invocations} failure={view.failure} />
          <section aria-labelledby={`${ids}-logs`} className="playground__logs">
            <h3 id={`${ids}-logs`} className="sbx-heading">
              Logs <span className="sbx-muted">(/aws/lambda/{PLAYGROUND_FUNCTION})</span>
            </h3>
            <LogView lines={view.logs} />
          </section>
          <DestinationList invocations={view.invocations} />
          <EnvironmentList environments={view.environments} />
        </section>
      </div>
      {fn.workspace && (
        <Suspense fallback={null}>
          <AwsResources account={fn.workspace.account} persistence={fn.workspace.persistence} exportFileName="playground-account.json" />
        </Suspense>
      )}
    </div>
  );
}

/** The "N" of "Invoke N at once": 2–10, typed freely and checked on commit. */
function NumberFieldInline({ value, onChange }: { value: number; onChange: (n: number) => void }) {
  return (
    <span className="playground__n">
      <NumberField
        label="Number of concurrent invocations"
        min={2}
        max={10}
        value={value}
        onChange={onChange}
      />
    </span>
  );
}
