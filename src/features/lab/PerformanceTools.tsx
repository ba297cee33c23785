/**
 * The lab components for measuring: <LoadTest>, <QueryAnswer id> and <PowerTuning>. They act on the learner's
 * try-it function (the page's LabStepContext workbench), never on a check's world, and what the checks need from
 * them (the query text, the power-tuning figures) goes into the step's answers.
 */
import { useContext, useId, useMemo, useState } from 'react';
import type { InsightsResult } from '../../sim/aws/logs';
import {
  summarise,
  type PowerResult,
  type PowerTuningReport,
  type PowerTuningSummary,
} from '../../sim/powerTuning';
import { PowerTuning as PowerTuningWidget } from '../powertuning/PowerTuning';
import { httpApiEvent } from './checks/events';
import { LabStepContext } from './LabComponents';
import type { LoadTestResult } from './loadTest';

interface RequestProps {
  /** The HTTP request each invocation sends (default `GET /`). */
  method?: string;
  path?: string;
  body?: string;
}

function NotReady({ problem }: { problem: string }) {
  return <p className="lab-muted">{problem}</p>;
}

interface LoadTestRun extends LoadTestResult {
  run: number;
  target: string;
}

export function LoadTest({ method = 'GET', path = '/', body }: RequestProps) {
  const { workbench } = useContext(LabStepContext);
  const id = useId();
  const [requests, setRequests] = useState(200);
  const [seconds, setSeconds] = useState(60);
  const [spike, setSpike] = useState(10);
  const [target, setTarget] = useState('$LATEST');
  const [runs, setRuns] = useState<LoadTestRun[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const aliases = workbench?.lab?.config.aliases.map((a) => a.name) ?? [];
  const targets = ['$LATEST', ...aliases];
  const chosen = targets.includes(target) ? target : '$LATEST';
  const go = async () => {
    if (!workbench?.lab) return;
    setError(null);
    setProgress('Starting…');
    try {
      const r = await workbench.runner.loadTest(
        workbench.runtime,
        workbench.lab,
        {
          requests,
          durationMs: seconds * 1000,
          spike,
          ...(chosen !== '$LATEST' ? { qualifier: chosen } : {}),
          request: () => ({ method, path, ...(body !== undefined ? { body } : {}) }),
        },
        (done, total) => setProgress(`${done} of ${total} requests answered`),
      );
      setRuns((list) =>
        [...list, { ...r, run: (list[list.length - 1]?.run ?? 0) + 1, target: chosen }].slice(-4),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  };
  const last = runs[runs.length - 1];
  return (
    <section className="lab-load" aria-label="Load test">
      <h3 className="lab-heading">Load test</h3>
      {!workbench?.lab ? (
        <NotReady problem="Fix function.json first: the load test deploys your function as it is." />
      ) : (
        <>
          <div className="lab-load__controls">
            <label htmlFor={`${id}-n`}>Requests</label>
            <input
              id={`${id}-n`}
              type="number"
              min={1}
              max={1000}
              value={requests}
              onChange={(e) => setRequests(Math.min(1000, Math.max(1, Number(e.target.value) || 1)))}
            />
            <label htmlFor={`${id}-s`}>Over (virtual seconds)</label>
            <input
              id={`${id}-s`}
              type="number"
              min={1}
              max={3600}
              value={seconds}
              onChange={(e) => setSeconds(Math.min(3600, Math.max(1, Number(e.target.value) || 1)))}
            />
            <label htmlFor={`${id}-k`}>Spike (requests at once)</label>
            <input
              id={`${id}-k`}
              type="number"
              min={0}
              max={200}
              value={spike}
              onChange={(e) => setSpike(Math.min(200, Math.max(0, Number(e.target.value) || 0)))}
            />
            <label htmlFor={`${id}-t`}>Through</label>
            <select id={`${id}-t`} value={chosen} onChange={(e) => setTarget(e.target.value)}>
              {targets.map((t) => (
                <option key={t} value={t}>
                  {t === '$LATEST' ? '$LATEST (no alias)' : `alias ${t}`}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="lab-primary"
            disabled={progress !== null || workbench.runner.busy !== null}
            onClick={() => void go()}
          >
            Run load test
          </button>
          <p role="status" className="lab-muted">
            {progress ??
              (last
                ? `Run ${last.run} through ${last.target}: ${last.coldStarts} cold starts, p50 ${last.p50Ms.toFixed(1)} ms, p99 ${last.p99Ms.toFixed(1)} ms, ${last.errors} errors (${(last.virtualMs / 1000).toFixed(0)} virtual seconds in ${(last.wallMs / 1000).toFixed(1)} s)`
                : '')}
          </p>
          {error && (
            <p role="alert" className="lab__errors">
              {error}
            </p>
          )}
          {runs.length > 0 && (
            <table className="lab-load__table">
              <caption>Load test runs</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Through</th>
                  <th scope="col">Requests</th>
                  <th scope="col">Cold starts</th>
                  <th scope="col">p50</th>
                  <th scope="col">p99</th>
                  <th scope="col">Errors</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.run}>
                    <th scope="row">{r.run}</th>
                    <td>{r.target}</td>
                    <td>{r.requests.length}</td>
                    <td>{r.coldStarts}</td>
                    <td>{r.p50Ms.toFixed(1)} ms</td>
                    <td>{r.p99Ms.toFixed(1)} ms</td>
                    <td>{r.errors}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="lab-muted">
            Latency is API Gateway&apos;s view on the virtual clock: your code&apos;s measured time plus
            modelled init on a cold start.
          </p>
        </>
      )}
    </section>
  );
}

/** A Logs Insights query the checks grade (`ctx.answers[id]`), with a button to try it on the try-it logs. */
export function QueryAnswer({ id }: { id: string }) {
  const { answers, onAnswer, workbench } = useContext(LabStepContext);
  const ids = useId();
  const query = answers[id] ?? '';
  const [result, setResult] = useState<InsightsResult | { error: string } | null>(null);
  const run = async () => {
    if (!workbench?.lab) return;
    try {
      setResult(await workbench.runner.insights(workbench.runtime, workbench.lab, query));
    } catch (e) {
      setResult({ error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <div className="lab-query">
      <label htmlFor={`${ids}-q`}>Logs Insights query</label>
      <textarea
        id={`${ids}-q`}
        className="lab-query__text"
        value={query}
        spellCheck={false}
        rows={3}
        placeholder="filter … | stats …"
        onChange={(e) => onAnswer(id, e.target.value)}
      />
      <button type="button" disabled={!query.trim() || !workbench?.lab} onClick={() => void run()}>
        Run query on my logs
      </button>
      <p className="lab-muted">
        Runs over your try-it function&apos;s log group (run the load test first to have logs). The check runs
        it on its own run.
      </p>
      {result && 'error' in result && (
        <p role="alert" className="lab__errors">
          {result.error}
        </p>
      )}
      {result && !('error' in result) && (
        <div role="region" aria-label="Query results" className="lab-query__results" tabIndex={0}>
          {result.rows.length === 0 ? (
            <p className="lab-muted">No rows: the query matched nothing in these logs.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  {result.columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.rows.slice(0, 20).map((row, i) => (
                  <tr key={i}>
                    {result.columns.map((c) => (
                      <td key={c}>{String(row[c] ?? '')}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </div>
  );
}

/** Stored figures back into results the chart can draw (the samples stay with the run that made them). */
function fromSummary(raw: string | undefined): PowerResult[] | null {
  if (!raw) return null;
  try {
    const list = JSON.parse(raw) as PowerTuningSummary[];
    if (!Array.isArray(list) || list.length === 0) return null;
    return list.map((s) => ({ ...s, durationMs: s.billedMs, samples: [], errors: 0 }));
  } catch {
    return null;
  }
}

/** The power tuning of the learner's function; its figures become the answer `power-tuning` for the check. */
export function PowerTuning({ method = 'GET', path = '/', body }: RequestProps) {
  const { answers, onAnswer, workbench } = useContext(LabStepContext);
  const initial = useMemo<PowerTuningReport | null>(() => {
    const results = fromSummary(answers['power-tuning']);
    if (!results) return null;
    const cheapest = results.reduce((a, b) => (b.costUsd < a.costUsd ? b : a));
    const fastest = results.reduce((a, b) => (b.billedMs < a.billedMs ? b : a));
    return { results, cheapest, fastest, balanced: cheapest, balancedWeight: 0.5, architecture: 'x86_64' };
    // Only the first render: later runs replace it in the widget's own state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (!workbench?.lab)
    return <NotReady problem="Fix function.json first: power tuning deploys your function as it is." />;
  const { lab, runtime, runner } = workbench;
  const payload = httpApiEvent(method, path, body !== undefined ? { body } : {});
  return (
    <PowerTuningWidget
      initial={initial}
      currentMb={lab.config.memoryMb}
      disabled={runner.busy !== null}
      run={(options) => runner.tune(runtime, lab, { payload, ...options })}
      onReport={(report) => onAnswer('power-tuning', JSON.stringify(summarise(report)))}
      onChoose={workbench.setMemory}
    />
  );
}
