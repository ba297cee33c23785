/**
 * `<Sandbox preset="counter" | "client-reuse" | "cold-start" />`: a compact editor, Invoke, the result and the
 * logs, embedded in lessons. Each embed is one function on the page's shared lesson workspace (the same Lambda
 * service, clock and sandbox as everything else), created on the first Invoke.
 */
import { useId, useMemo, useState } from 'react';
import { CodeEditor } from '../editor/CodeEditor';
import { DEFAULT_PLAYGROUND, type PlaygroundSaved } from './playground.store';
import { SANDBOX_PRESETS, type SandboxPresetId } from './presets';
import { EnvironmentList, LogView, ResultView } from './SandboxViews';
import { handlerFileName } from './functionSync';
import { useLambdaFunction } from './useLambdaFunction';
import './playground.css';

export interface SandboxProps {
  preset?: SandboxPresetId | string;
}

const loadWorkspace = () => import('../../app/workspaces').then((m) => m.getWorkspace('lessons'));

export default function Sandbox({ preset = 'counter' }: SandboxProps) {
  const p = SANDBOX_PRESETS[preset as SandboxPresetId];
  const id = useId();
  const [code, setCode] = useState(p?.code ?? '');
  const [plain, setPlain] = useState(true);
  // Reset keeps what it replaced until the next edit, so going back to the starter never loses work silently.
  const [replaced, setReplaced] = useState<string | null>(null);
  const edit = (next: string) => {
    setReplaced(null);
    setCode(next);
  };
  const definition = useMemo<PlaygroundSaved>(
    () => ({ ...DEFAULT_PLAYGROUND, code, language: 'javascript', runtime: 'nodejs22.x' }),
    [code],
  );
  const fn = useLambdaFunction(loadWorkspace, `lesson-${preset}`, definition, { eager: false });
  if (!p) {
    return (
      <p className="sbx-error" role="alert">
        Unknown sandbox preset “{String(preset)}”. Use counter, client-reuse or cold-start.
      </p>
    );
  }
  const last = fn.view.invocations[fn.view.invocations.length - 1];
  const fileName = handlerFileName(code, 'javascript');
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
        <button
          type="button"
          disabled={code === p.code}
          onClick={() => {
            setReplaced(code);
            setCode(p.code);
          }}
        >
          Reset
        </button>
        {replaced !== null ? (
          <button
            type="button"
            onClick={() => {
              setCode(replaced);
              setReplaced(null);
            }}
          >
            Undo reset
          </button>
        ) : null}
      </div>
      <p role="status" className="sbx-muted">
        {replaced !== null ? 'Back to the starter code. Undo reset brings your version back.' : ''}
      </p>
      <CodeEditor
        value={code}
        onChange={edit}
        language="javascript"
        plain={plain}
        height="15rem"
        marker={last?.syntax ?? null}
        path={`/${preset}/${fileName}`}
      />
      <div className="sbx__actions">
        <button type="button" className="sbx-primary" onClick={() => void fn.invoke(p.event)}>
          Invoke
        </button>
        {p.concurrent && (
          <button type="button" onClick={() => void fn.invoke(p.event, p.concurrent)}>
            Invoke {p.concurrent} at once
          </button>
        )}
        <button type="button" onClick={() => void fn.shutdown()}>
          Shut down environments
        </button>
      </div>
      <ResultView invocations={fn.view.invocations} failure={fn.view.failure} />
      <EnvironmentList environments={fn.view.environments} />
      <LogView lines={fn.view.logs} height="14rem" />
    </section>
  );
}
