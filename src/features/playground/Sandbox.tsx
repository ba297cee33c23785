/**
 * `<Sandbox preset="counter" | "client-reuse" | "cold-start" />`: a compact editor, Invoke, the
 * result and the logs, embedded in lessons. Runs in the same isolated runtime as the playground.
 */
import { useId, useMemo, useState } from 'react';
import { CodeEditor } from '../editor/CodeEditor';
import { DEFAULT_CONFIG } from '../../sandbox/session';
import { SANDBOX_PRESETS, type SandboxPresetId } from './presets';
import { EnvironmentList, LogView, ResultView } from './SandboxViews';
import { useSandbox } from './useSandbox';
import './playground.css';

export interface SandboxProps {
  preset?: SandboxPresetId | string;
}

export default function Sandbox({ preset = 'counter' }: SandboxProps) {
  const p = SANDBOX_PRESETS[preset as SandboxPresetId];
  const id = useId();
  const [code, setCode] = useState(p?.code ?? '');
  const [plain, setPlain] = useState(true);
  const input = useMemo(
    () => ({
      code,
      language: 'javascript' as const,
      config: { ...DEFAULT_CONFIG, functionName: `lesson-${preset}` },
    }),
    [code, preset],
  );
  const sbx = useSandbox(input, { maxEnvironments: 5, eager: false });
  if (!p) {
    return (
      <p className="sbx-error" role="alert">
        Unknown sandbox preset “{String(preset)}”. Use counter, client-reuse or cold-start.
      </p>
    );
  }
  const last = sbx.results[sbx.results.length - 1];
  const marker = last?.outcome === 'initFailed' && last.syntax ? last.syntax : null;
  return (
    <section className="sbx" aria-labelledby={`${id}-title`}>
      <h3 className="sbx__title" id={`${id}-title`}>
        Try it: {p.title}
      </h3>
      <p className="sbx-muted">{p.intro}</p>
      <div className="sbx__actions">
        <button type="button" aria-pressed={plain} onClick={() => setPlain(!plain)}>
          Plain text editor
        </button>
        {code !== p.code && (
          <button type="button" onClick={() => setCode(p.code)}>
            Restore the example
          </button>
        )}
      </div>
      <CodeEditor
        value={code}
        onChange={setCode}
        language="javascript"
        plain={plain}
        height="15rem"
        marker={marker}
        path={`/${preset}/index.mjs`}
      />
      <div className="sbx__actions">
        <button type="button" className="sbx-primary" onClick={() => void sbx.run(p.event)}>
          Invoke
        </button>
        {p.concurrent && (
          <button type="button" onClick={() => void sbx.run(p.event, p.concurrent)}>
            Invoke {p.concurrent} at once
          </button>
        )}
        <button type="button" onClick={() => void sbx.reset()}>
          Shut down environments
        </button>
      </div>
      <ResultView results={sbx.results} running={sbx.running} failure={sbx.failure} />
      <EnvironmentList environments={sbx.environments} />
      <LogView lines={sbx.logs} height="14rem" />
    </section>
  );
}
