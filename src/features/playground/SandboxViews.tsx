/** Presentational pieces shared by the playground page and the compact lesson embed. */
import { useEffect, useRef } from 'react';
import type { EnvironmentInfo, InvokeResult } from '../../sandbox/session';

export function ResultView({
  results,
  running,
  failure,
}: {
  results: InvokeResult[];
  running: number;
  failure: string | null;
}) {
  const last = results[results.length - 1];
  return (
    <section className="sbx-result" aria-label="Result" aria-live="polite">
      <h3 className="sbx-heading">Result</h3>
      {failure && <p className="sbx-error">{failure}</p>}
      {running > 0 && (
        <p className="sbx-muted">Running {running === 1 ? 'the invocation' : `${running} invocations`}…</p>
      )}
      {!last && running === 0 && !failure && (
        <p className="sbx-muted">Invoke the function to see its response here.</p>
      )}
      {results.length > 1 && (
        <p className="sbx-muted">
          {results.length} invocations: {results.filter((r) => r.cold).length} cold,{' '}
          {results.filter((r) => !r.cold && r.outcome !== 'rejected').length} warm,{' '}
          {new Set(results.map((r) => r.environmentId).filter(Boolean)).size} environments.
        </p>
      )}
      {last && (
        <div>
          <p className="sbx-status">
            <span className={`sbx-badge sbx-badge--${last.outcome === 'success' ? 'ok' : 'bad'}`}>
              {statusText(last)}
            </span>{' '}
            {last.cold ? (
              <span className="sbx-badge sbx-badge--cold">Cold start</span>
            ) : (
              last.outcome !== 'rejected' && <span className="sbx-badge sbx-badge--warm">Warm</span>
            )}{' '}
            {last.report && (
              <span className="sbx-muted">
                Duration {last.report.durationMs.toFixed(2)} ms
                {last.report.initDurationMs !== undefined && (
                  <> · Init {last.report.initDurationMs.toFixed(2)} ms</>
                )}{' '}
                · Billed {last.report.billedMs} ms
              </span>
            )}
          </p>
          <pre className="sbx-pre">{formatPayload(last)}</pre>
        </div>
      )}
    </section>
  );
}

function statusText(r: InvokeResult): string {
  switch (r.outcome) {
    case 'success':
      return 'Succeeded';
    case 'error':
      return `Function error: ${r.error?.errorType ?? ''}`;
    case 'timeout':
      return 'Timed out';
    case 'crash':
      return `Runtime crashed: ${r.error?.errorType ?? ''}`;
    case 'initFailed':
      return `Init failed: ${r.error?.errorType ?? ''}`;
    case 'rejected':
      return `Rejected (${r.statusCode}): ${r.error?.errorType ?? ''}`;
  }
}

function formatPayload(r: InvokeResult): string {
  if (r.outcome === 'success') return JSON.stringify(r.response, null, 2);
  if (r.error) return JSON.stringify(r.error, null, 2);
  return r.payload ?? '';
}

export function LogView({ lines, height }: { lines: string[]; height?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);
  return (
    <div
      ref={ref}
      className="sbx-logs"
      role="log"
      aria-label="Logs"
      tabIndex={0}
      style={height ? { maxHeight: height } : undefined}
    >
      {lines.length === 0 ? (
        <p className="sbx-muted">Log lines appear here exactly as Lambda writes them to CloudWatch Logs.</p>
      ) : (
        lines.map((line, i) => (
          <div key={i} className={`sbx-logline ${lineClass(line)}`}>
            {line}
          </div>
        ))
      )}
    </div>
  );
}

function lineClass(line: string): string {
  if (/^(START|END|REPORT|INIT_START|INIT_REPORT)\b/.test(line)) return 'sbx-logline--platform';
  if (/\tERROR\t|Task timed out/.test(line)) return 'sbx-logline--error';
  if (/\tWARN\t/.test(line)) return 'sbx-logline--warn';
  return '';
}

const STATUS_TEXT: Record<EnvironmentInfo['status'], string> = {
  cold: 'cold (needs Init)',
  initializing: 'initializing',
  busy: 'busy',
  warm: 'warm (frozen, idle)',
  resetting: 'resetting',
  shutdown: 'shut down',
};

export function EnvironmentList({ environments }: { environments: EnvironmentInfo[] }) {
  return (
    <section className="sbx-envs" aria-label="Execution environments">
      <h3 className="sbx-heading">Execution environments</h3>
      {environments.length === 0 ? (
        <p className="sbx-muted">None yet: the first invoke creates one (a cold start).</p>
      ) : (
        <ul>
          {environments.map((e, i) => (
            <li key={e.id} className={`sbx-env sbx-env--${e.status}`}>
              <strong>Environment {i + 1}</strong>: {STATUS_TEXT[e.status]} · {e.invocations} invocation
              {e.invocations === 1 ? '' : 's'} served · {e.inits} init{e.inits === 1 ? '' : 's'}
              {e.resets > 0 && (
                <>
                  {' '}
                  · {e.resets} reset{e.resets === 1 ? '' : 's'}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
