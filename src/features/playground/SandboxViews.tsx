/** Presentational pieces shared by the playground page and the compact lesson embed. */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EnvironmentView, Invocation } from '../../sim';

/** One invocation as the Invoke API would answer it, plus what the platform reported about it. */
function statusOf(inv: Invocation): { text: string; ok: boolean } {
  const r = inv.response;
  if (inv.type === 'async') {
    if (inv.outcome === undefined)
      return {
        text: inv.attempts === 0 ? '202 Accepted — queued' : `202 Accepted — attempt ${inv.attempts} ran, more to come`,
        ok: true,
      };
    const last =
      inv.outcome === 'success'
        ? 'succeeded'
        : inv.outcome === 'destination'
          ? inv.lastResult === 'success'
            ? 'succeeded → on-success destination'
            : 'failed → on-failure destination'
          : inv.outcome === 'dlq'
            ? 'failed → dead-letter queue'
            : inv.outcome === 'throttled'
              ? 'throttled'
              : 'failed, event discarded';
    return {
      text: `202 · ${inv.attempts} attempt${inv.attempts === 1 ? '' : 's'}, ${last}`,
      ok: inv.lastResult === 'success',
    };
  }
  if (inv.outcome === undefined) return { text: 'Running…', ok: true };
  if (inv.outcome === 'throttled') return { text: `429 ${inv.throttle?.errorType}: ${inv.throttle?.message}`, ok: false };
  if (!r) return { text: inv.outcome, ok: false };
  if (r.statusCode !== 200) return { text: `${r.statusCode} ${inv.error?.errorType ?? ''}`, ok: false };
  if (r.functionError) {
    const kind = inv.lastResult === 'timeout' ? 'Timed out' : inv.lastResult === 'crash' ? 'Runtime crashed' : 'Function error';
    return { text: `200 · ${kind}: ${inv.error?.errorType ?? ''}`, ok: false };
  }
  return { text: '200 · Succeeded', ok: true };
}

/** Past this, a response is shown as it came (indenting a 6 MB body would only slow the page). */
const PRETTY_LIMIT_CHARS = 256 * 1024;
/** Past this nesting, indentation grows with the square of the depth: a deep result is shown as it came. */
const PRETTY_DEPTH_LIMIT = 64;
/** What the result view shows of one body at most; the rest is counted, not rendered. */
const SHOWN_LIMIT_CHARS = 64 * 1024;

function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (inString) {
      if (unit === 0x5c) index++;
      else if (unit === 0x22) inString = false;
    } else if (unit === 0x22) inString = true;
    else if (unit === 0x7b || unit === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (unit === 0x7d || unit === 0x5d) depth--;
  }
  return deepest;
}

function pretty(payload: string): string {
  let text = payload;
  if (payload.length <= PRETTY_LIMIT_CHARS && nestingDepth(payload) <= PRETTY_DEPTH_LIMIT) {
    try {
      text = JSON.stringify(JSON.parse(payload), null, 2);
    } catch {
      text = payload;
    }
  }
  if (text.length <= SHOWN_LIMIT_CHARS) return text;
  return `${text.slice(0, SHOWN_LIMIT_CHARS)}\n… (${(text.length - SHOWN_LIMIT_CHARS).toLocaleString('en-US')} more characters not shown)`;
}

export function ResultView({ invocations, failure }: { invocations: Invocation[]; failure: string | null }) {
  const last = invocations[invocations.length - 1];
  const settled = invocations.filter((i) => i.outcome !== undefined && i.outcome !== 'throttled');
  return (
    <section className="sbx-result" aria-label="Result" aria-live="polite">
      <h3 className="sbx-heading">Result</h3>
      {failure && <p className="sbx-error">{failure}</p>}
      {!last && !failure && <p className="sbx-muted">Invoke the function to see its response here.</p>}
      {invocations.length > 1 && (
        <p className="sbx-muted">
          {invocations.length} invocations: {settled.filter((r) => r.coldStart).length} cold,{' '}
          {settled.filter((r) => !r.coldStart).length} warm,{' '}
          {invocations.filter((i) => i.outcome === 'throttled').length} throttled,{' '}
          {new Set(settled.map((r) => r.environmentId)).size} environments.
        </p>
      )}
      {last && <InvocationDetail inv={last} />}
    </section>
  );
}

function InvocationDetail({ inv }: { inv: Invocation }) {
  const status = statusOf(inv);
  const done = inv.outcome !== undefined;
  return (
    <div>
      <p className="sbx-status">
        <span className={`sbx-badge sbx-badge--${status.ok ? 'ok' : 'bad'}`}>{status.text}</span>{' '}
        {inv.attempts > 0 && inv.lastResult !== undefined && (
          <span className={`sbx-badge sbx-badge--${inv.coldStart ? 'cold' : 'warm'}`}>
            {inv.coldStart ? 'Cold start' : 'Warm'}
          </span>
        )}{' '}
        {inv.lastResult !== undefined && (
          <span className="sbx-muted">
            Duration {inv.durationMs.toFixed(2)} ms
            {inv.coldStart && inv.initMs > 0 && <> · Init {inv.initMs.toFixed(2)} ms</>} · Billed {inv.billedMs} ms ·
            Version {inv.executedVersion}
          </span>
        )}
      </p>
      <p className="sbx-muted sbx-reqid">
        Request ID <code>{inv.requestId}</code>
      </p>
      {inv.type === 'sync' && done && inv.response && <pre className="sbx-pre">{pretty(inv.response.payload)}</pre>}
      {inv.type === 'async' && inv.response && (
        <>
          <p className="sbx-muted">Last attempt&apos;s response (the caller never sees it for an Event invoke):</p>
          <pre className="sbx-pre">{pretty(inv.response.payload)}</pre>
        </>
      )}
    </div>
  );
}

/** What left Lambda for destinations and the dead-letter queue, exactly as Lambda writes it. */
export function DestinationList({ invocations }: { invocations: Invocation[] }) {
  const deliveries = invocations.flatMap((inv) => (inv.deliveries ?? []).map((d) => ({ inv, d })));
  if (deliveries.length === 0) return null;
  return (
    <section className="sbx-destinations" aria-label="Destination records">
      <h3 className="sbx-heading">Destination records</h3>
      <ul>
        {deliveries.map(({ inv, d }, i) => (
          <li key={`${inv.seq}-${i}`}>
            <p className="sbx-muted">
              {d.kind === 'dlq'
                ? 'Dead-letter queue message (the event as the body, with attributes)'
                : d.kind === 'onFailure'
                  ? 'On-failure destination record'
                  : 'On-success destination record'}{' '}
              → <code>{d.target}</code>
            </p>
            <pre className="sbx-pre">{JSON.stringify(d.kind === 'dlq' ? d.message : d.body, null, 2)}</pre>
          </li>
        ))}
      </ul>
    </section>
  );
}

const ROW_PX = 20;
const OVERSCAN = 40;

/**
 * CloudWatch lines, newest at the bottom. Only the rows in view (plus a margin) are in the DOM, so a flood of
 * log lines costs the page no more than a screenful; it sticks to the bottom unless the reader scrolls up.
 */
export function LogView({ lines, height }: { lines: readonly string[]; height?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [range, setRange] = useState({ top: 0, height: 400, stick: true });
  const count = lines.length;
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && range.stick) el.scrollTop = el.scrollHeight;
  }, [count, range.stick]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => {
      const stick = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_PX * 2;
      setRange({ top: el.scrollTop, height: el.clientHeight, stick });
    };
    onScroll();
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => el.removeEventListener('scroll', onScroll);
  }, []);
  const first = Math.max(0, Math.floor(range.top / ROW_PX) - OVERSCAN);
  const last = Math.min(count, Math.ceil((range.top + range.height) / ROW_PX) + OVERSCAN);
  const shown = range.stick ? lines.slice(Math.max(0, count - (last - first)), count) : lines.slice(first, last);
  const start = range.stick ? Math.max(0, count - shown.length) : first;
  return (
    <div
      ref={ref}
      className="sbx-logs"
      role="log"
      aria-label="Logs"
      tabIndex={0}
      style={height ? { maxHeight: height } : undefined}
    >
      {count === 0 ? (
        <p className="sbx-muted">Log lines appear here exactly as Lambda writes them to CloudWatch Logs.</p>
      ) : (
        <div style={{ paddingTop: start * ROW_PX, paddingBottom: (count - start - shown.length) * ROW_PX }}>
          {shown.map((line, i) => (
            <div key={start + i} className={`sbx-logline ${lineClass(line)}`}>
              {shownLine(line)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** A row shows this much of a line: laying out a 1 MB line would stall the page (the service keeps it whole). */
const LINE_SHOWN_CHARS = 8 * 1024;

function shownLine(line: string): string {
  if (line.length <= LINE_SHOWN_CHARS) return line;
  return `${line.slice(0, LINE_SHOWN_CHARS)} … (${(line.length - LINE_SHOWN_CHARS).toLocaleString('en-US')} more characters not shown)`;
}

function lineClass(line: string): string {
  if (line.length > LINE_SHOWN_CHARS) line = line.slice(0, LINE_SHOWN_CHARS);
  if (/^(START|END|REPORT|INIT_START|INIT_REPORT)\b|^\{"time":/.test(line)) return 'sbx-logline--platform';
  if (/\tERROR\t|Task timed out|"level":"ERROR"/.test(line)) return 'sbx-logline--error';
  if (/\tWARN\t|"level":"WARN"/.test(line)) return 'sbx-logline--warn';
  return '';
}

function environmentStatus(e: EnvironmentView): string {
  if (e.state === 'frozen') return e.needsInit ? 'frozen, needs Init (reset)' : 'warm (frozen, idle)';
  if (e.state.startsWith('invoking')) return 'busy';
  if (e.state === 'starting' || e.state.startsWith('initializing')) return 'initializing';
  if (e.state === 'resetting') return 'resetting';
  if (e.state === 'shuttingDown') return 'shutting down';
  return e.state;
}

export function EnvironmentList({ environments }: { environments: EnvironmentView[] }) {
  return (
    <section className="sbx-envs" aria-label="Execution environments">
      <h3 className="sbx-heading">Execution environments</h3>
      {environments.length === 0 ? (
        <p className="sbx-muted">None yet: the first invoke creates one (a cold start).</p>
      ) : (
        <ul>
          {environments.map((e, i) => (
            <li key={e.id} className="sbx-env">
              <strong>Environment {i + 1}</strong>
              {e.provisioned ? ' (provisioned)' : ''}: {environmentStatus(e)} · version {e.version} ·{' '}
              {e.invocations} invocation{e.invocations === 1 ? '' : 's'} served · {e.inits} init
              {e.inits === 1 ? '' : 's'}
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

function formatAhead(ms: number): string {
  if (ms < 1000) return '';
  const s = Math.round(ms / 1000);
  if (s < 120) return ` (${s} s ahead of real time)`;
  const m = Math.round(s / 60);
  if (m < 120) return ` (${m} min ahead of real time)`;
  return ` (${(m / 60).toFixed(1)} h ahead of real time)`;
}

/** "Virtual clock: 12:03:41 (+2 min)" — the service's time, which jumps when you fast-forward. */
export function VirtualClockStatus({ now, aheadMs }: { now: number; aheadMs: number }) {
  const d = new Date(now);
  const time = d.toISOString().slice(11, 19);
  return (
    <p className="sbx-clock" role="status" aria-label="Virtual clock" aria-live="off">
      Virtual clock {time} UTC{formatAhead(aheadMs)}
    </p>
  );
}
