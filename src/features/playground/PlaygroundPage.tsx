/**
 * #/playground: write a handler, pick a test event, configure the function, invoke it in a real
 * isolated runtime and read the result, the exact log lines and the execution environments.
 */
import { useCallback, useId, useMemo, useState } from 'react';
import { validateFunctionConfig } from '../../sim';
import { CodeEditor } from '../editor/CodeEditor';
import { DEMO_LAYERS } from '../../sandbox/runtime/layers';
import { createSandboxSession, type SandboxConfig } from '../../sandbox/session';
import { getSandboxFrame } from '../../sandbox/host';
import { EVENT_TEMPLATES, checkJson, templateText } from './fixtures';
import {
  parseEnvText,
  STARTER_CODE_JS,
  STARTER_CODE_TS,
  usePlaygroundStore,
  type PlaygroundConfig,
} from './playground.store';
import { shareUrl } from './share';
import { ShareLinkGate } from './ShareLinkGate';
import { EnvironmentList, LogView, ResultView } from './SandboxViews';
import { useSandbox } from './useSandbox';
import './playground.css';

// The session API and the sandbox frame under it, for the browser console and the bench
// (scripts/bench/sandbox.mjs): code run through them lands in the same isolated workers as the playground's.
(window as unknown as { coldstartSandbox?: unknown }).coldstartSandbox = {
  createSandboxSession,
  getSandboxFrame,
};

export function toSandboxConfig(c: PlaygroundConfig, env: Record<string, string>): SandboxConfig {
  return {
    functionName: 'playground-fn',
    memoryMb: c.memoryMb,
    timeoutS: c.timeoutS,
    ephemeralStorageMb: c.ephemeralStorageMb,
    handler: c.handler.trim(),
    environment: env,
    layers: c.layers,
  };
}

export default function PlaygroundPage() {
  const s = usePlaygroundStore();
  const [shareNotice, setShareNotice] = useState<string | null>(null);
  const [shareLink, setShareLink] = useState<string>('');
  const ids = useId();

  const json = useMemo(() => checkJson(s.event), [s.event]);
  const env = useMemo(() => parseEnvText(s.config.envText), [s.config.envText]);
  const configErrors = useMemo(() => {
    const v = validateFunctionConfig({
      name: 'playground-fn',
      memoryMb: s.config.memoryMb,
      timeoutS: s.config.timeoutS,
      ephemeralStorageMb: s.config.ephemeralStorageMb,
    });
    const errors = v.ok ? [] : [...v.errors];
    if (!/^[^.\s]+\.[A-Za-z_$][\w$]*$/.test(s.config.handler.trim()))
      errors.push('Handler: write file.function, for example index.handler');
    if (!env.ok) errors.push(`Environment variables: ${env.error}`);
    return errors;
  }, [s.config, env]);

  const sandboxInput = useMemo(
    () => ({ code: s.code, language: s.language, config: toSandboxConfig(s.config, env.ok ? env.vars : {}) }),
    [s.code, s.language, s.config, env],
  );
  // The sandbox starts once the editor is ready (or on the first Invoke), not alongside Monaco's loading.
  const [editorReady, setEditorReady] = useState(false);
  const onEditorReady = useCallback(() => setEditorReady(true), []);
  const sbx = useSandbox(sandboxInput, { eager: editorReady });
  const last = sbx.results[sbx.results.length - 1];
  const marker = last?.syntax && last.outcome === 'initFailed' ? last.syntax : null;
  const canInvoke = json.ok && configErrors.length === 0;
  const fileName = s.language === 'typescript' ? 'index.ts' : 'index.mjs';

  const invoke = (count: number) => {
    if (!json.ok) return;
    void sbx.run(json.value, count);
  };

  const share = async () => {
    const link = shareUrl(
      { v: 1, code: s.code, runtime: 'nodejs22.x', language: s.language, event: s.event, config: s.config },
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

  return (
    <div className="playground">
      <header className="playground__intro">
        <h1>Playground</h1>
        <p>
          Write a Node.js 22 handler and invoke it. It runs in an isolated Web Worker that behaves like a
          Lambda execution environment: module code runs once per environment, the environment is frozen
          between invokes, timeouts reset it and <code>/tmp</code> survives. Durations of your code are
          measured in this browser; the platform&apos;s own phases are not simulated here.
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
          </div>
          <CodeEditor
            value={s.code}
            onChange={(code) => s.set({ code })}
            language={s.language}
            plain={s.plainEditor}
            path={`/${fileName}`}
            marker={marker}
            onReady={onEditorReady}
          />
        </section>

        <section className="playground__event" aria-labelledby={`${ids}-event`}>
          <h2 id={`${ids}-event`} className="sbx-heading">
            Test event
          </h2>
          <label className="playground__field">
            Event template
            <select
              value={s.templateId}
              onChange={(e) => s.set({ templateId: e.target.value, event: templateText(e.target.value) })}
            >
              {EVENT_TEMPLATES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <textarea
            className="playground__json"
            aria-label="Test event"
            aria-invalid={!json.ok}
            aria-describedby={`${ids}-jsonerr`}
            spellCheck={false}
            value={s.event}
            onChange={(e) => s.set({ event: e.target.value })}
          />
          <p
            id={`${ids}-jsonerr`}
            className={json.ok ? 'sbx-muted' : 'sbx-error'}
            role={json.ok ? undefined : 'alert'}
          >
            {json.ok
              ? 'Valid JSON.'
              : `Invalid JSON at line ${json.problem.line}, column ${json.problem.column}: ${json.problem.message}`}
          </p>
        </section>

        <section className="playground__config" aria-labelledby={`${ids}-config`}>
          <h2 id={`${ids}-config`} className="sbx-heading">
            Configuration
          </h2>
          <div className="playground__fields">
            <NumberField
              label="Memory (MB)"
              min={128}
              max={10240}
              value={s.config.memoryMb}
              onChange={(memoryMb) => s.setConfig({ memoryMb })}
            />
            <NumberField
              label="Timeout (seconds)"
              min={1}
              max={900}
              value={s.config.timeoutS}
              onChange={(timeoutS) => s.setConfig({ timeoutS })}
            />
            <NumberField
              label="Ephemeral storage (MB)"
              min={512}
              max={10240}
              value={s.config.ephemeralStorageMb}
              onChange={(ephemeralStorageMb) => s.setConfig({ ephemeralStorageMb })}
            />
            <label className="playground__field">
              Handler
              <input
                type="text"
                value={s.config.handler}
                onChange={(e) => s.setConfig({ handler: e.target.value })}
              />
            </label>
          </div>
          <label className="playground__field">
            Environment variables (KEY=value, one per line)
            <textarea
              className="playground__env"
              value={s.config.envText}
              spellCheck={false}
              onChange={(e) => s.setConfig({ envText: e.target.value })}
            />
          </label>
          <fieldset className="playground__layers">
            <legend>Layers (/opt/nodejs/node_modules)</legend>
            {Object.values(DEMO_LAYERS).map((layer) => (
              <label key={layer.name}>
                <input
                  type="checkbox"
                  checked={s.config.layers.includes(layer.name)}
                  onChange={(e) =>
                    s.setConfig({
                      layers: e.target.checked
                        ? [...s.config.layers, layer.name]
                        : s.config.layers.filter((l) => l !== layer.name),
                    })
                  }
                />{' '}
                <code>{layer.name}</code>: {layer.description}
              </label>
            ))}
          </fieldset>
          {configErrors.length > 0 && (
            <ul className="sbx-error" role="alert">
              {configErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <div className="playground__actions">
        <button type="button" className="sbx-primary" disabled={!canInvoke} onClick={() => invoke(1)}>
          Invoke
        </button>
        <span className="playground__many">
          <button type="button" disabled={!canInvoke} onClick={() => invoke(s.concurrent)}>
            Invoke N at once
          </button>
          <label>
            N{' '}
            <input
              type="number"
              min={2}
              max={10}
              value={s.concurrent}
              aria-label="Number of concurrent invocations"
              onChange={(e) =>
                s.set({ concurrent: Math.min(10, Math.max(2, Math.floor(Number(e.target.value)) || 2)) })
              }
            />
          </label>
        </span>
        <button type="button" onClick={() => void sbx.reset()}>
          Shut down environments
        </button>
        <button type="button" onClick={() => void share()}>
          Share
        </button>
      </div>
      {shareLink && (
        <label className="playground__field">
          Share link
          <input type="text" readOnly value={shareLink} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}

      <div className="playground__out">
        <ResultView results={sbx.results} running={sbx.running} failure={sbx.failure} />
        <EnvironmentList environments={sbx.environments} />
      </div>
      <section aria-labelledby={`${ids}-logs`}>
        <h2 id={`${ids}-logs`} className="sbx-heading">
          Logs
        </h2>
        <LogView lines={sbx.logs} />
      </section>
    </div>
  );
}

/** A whole-number setting. An empty box is NaN, which the configuration check reports (nothing is lost). */
function NumberField(props: {
  label: string;
  min: number;
  max: number;
  value: number;
  onChange: (value: number) => void;
}) {
  return (
    <label className="playground__field">
      {props.label}
      <input
        type="number"
        min={props.min}
        max={props.max}
        step={1}
        value={Number.isNaN(props.value) ? '' : props.value}
        onChange={(e) => props.onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value))}
      />
    </label>
  );
}
