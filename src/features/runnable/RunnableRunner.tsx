/**
 * The compact runner under a runnable lesson block (loaded lazily by src/mdx/CodeBlock.tsx on the first Run): the
 * block's function on the page's shared lesson workspace, its test event (editable JSON), the response, cold or
 * warm, and the log lines as Lambda writes them. The code runs as shown: lesson blocks stay read-only (the
 * playground is where code is edited), so what the lesson says about the code is what runs.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Invocation } from '../../sim';
import { LogView, ResultView } from '../playground/SandboxViews';
import type { RunnableBlock } from './blockFunction';
import { resolveEvent } from './events';
import { runBlock } from './runBlock';
import '../playground/playground.css';
import './runnable.css';

export interface RunnableRunnerProps {
  block: RunnableBlock;
  /** What the block is called on the page ("app.py", "Python code"). */
  name: string;
  /** Bumped by the block's Run button: each new value is one more run. */
  runRequest: number;
}

const loadWorkspace = () => import('../../app/workspaces').then((module) => module.getWorkspace('lessons'));

function initialEvent(block: RunnableBlock): string {
  const resolved = resolveEvent(block.spec.event);
  return resolved.ok ? JSON.stringify(resolved.event, null, 2) : '{}';
}

type Phase = 'idle' | 'starting' | 'running';

export default function RunnableRunner({ block, name, runRequest }: RunnableRunnerProps) {
  const id = useId();
  const [eventText, setEventText] = useState(() => initialEvent(block));
  const [invocations, setInvocations] = useState<Invocation[]>([]);
  const [lines, setLines] = useState<string[]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const eventRef = useRef(eventText);
  eventRef.current = eventText;
  const busy = useRef(false);

  const run = useCallback(async () => {
    if (busy.current) return;
    let event: unknown;
    try {
      event = JSON.parse(eventRef.current);
    } catch (error) {
      setProblem(`The test event is not valid JSON: ${(error as Error).message}`);
      return;
    }
    busy.current = true;
    setProblem(null);
    setPhase('starting');
    try {
      const workspace = await loadWorkspace();
      await workspace.ready;
      workspace.live.sync();
      setPhase('running');
      const result = await runBlock(workspace, block, event);
      if (!result.ok) {
        setProblem(result.setupError);
        return;
      }
      setInvocations([result.run.invocation]);
      setLines((previous) => [...previous, ...result.run.logLines]);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      busy.current = false;
      setPhase('idle');
    }
  }, [block]);

  // The block's Run button asks for a run; the first one also opened this runner.
  useEffect(() => {
    if (runRequest > 0) void run();
  }, [runRequest, run]);

  const python = block.language === 'python';
  const status =
    phase === 'starting'
      ? python
        ? 'Starting the sandbox (the first Python run loads the interpreter)…'
        : 'Starting the sandbox…'
      : phase === 'running'
        ? 'Running…'
        : '';
  return (
    <section className="runnable" aria-label={`Run ${name}`}>
      <p className="sbx-muted runnable__note">
        Runs the code above as shown, as a {python ? 'python3.14' : 'nodejs22.x'} function in this page&apos;s
        simulated account.
      </p>
      <label className="runnable__label" htmlFor={`${id}-event`}>
        Test event (JSON)
      </label>
      <textarea
        id={`${id}-event`}
        className="runnable__event"
        value={eventText}
        spellCheck={false}
        rows={Math.min(12, eventText.split('\n').length + 1)}
        onChange={(change) => setEventText(change.target.value)}
      />
      <div className="sbx__actions">
        <button type="button" className="sbx-primary" disabled={phase !== 'idle'} onClick={() => void run()}>
          Run again
        </button>
        <button
          type="button"
          disabled={eventText === initialEvent(block)}
          onClick={() => setEventText(initialEvent(block))}
        >
          Reset event
        </button>
      </div>
      <p className="sbx-muted" role="status">
        {status}
      </p>
      {problem && (
        <p className="sbx-error" role="alert">
          {problem}
        </p>
      )}
      <ResultView invocations={invocations} failure={null} />
      <LogView lines={lines} height="12rem" />
    </section>
  );
}
