/**
 * CloudWatch Logs in the console: log groups, a group's newest events, the Logs Insights query box (the
 * service's own engine: fields, filter, stats … by, sort, limit, parse) and the metrics that Embedded Metric
 * Format lines produced, as a small chart with its numbers in a table beside it.
 */
import { useId, useState } from 'react';
import type { AwsAccount } from '../../sim/aws/account';
import type {
  InsightsResult,
  LogEvent,
  LogGroupSummary,
  LogsService,
  MetricSummary,
} from '../../sim/aws/logs';
import { DataTable, Pager, pageOf } from './DataTable';
import { formatBytes, formatTime } from './format';

/** The classic cold-start query over Lambda's text REPORT lines. */
export const COLD_START_QUERY = `filter @type = "REPORT"
| stats count(*) as invocations, count(@initDuration) as coldStarts, avg(@initDuration) as avgInit, max(@duration) as maxDuration by bin(5m)`;

const EVENTS_SHOWN = 200;

export function LogsPanel({ account }: { account: AwsAccount }) {
  const logs = account.service<LogsService>('logs');
  const [selected, setSelected] = useState<string | null>(null);
  if (!logs) return <p className="aws-console__empty">CloudWatch Logs is not part of this account.</p>;
  const groups = logs.listLogGroups();
  const current = groups.some((group) => group.name === selected) ? selected : null;
  return (
    <div className="aws-console__panel">
      <DataTable<LogGroupSummary>
        caption="Log groups"
        rows={groups}
        rowKey={(group) => group.name}
        empty="No log groups yet. Invoke a function: its log goes to /aws/lambda/<name>."
        columns={[
          {
            header: 'Name',
            rowHeader: true,
            cell: (group) => (
              <button
                type="button"
                className="aws-console__link"
                aria-pressed={current === group.name}
                onClick={() => setSelected(group.name)}
              >
                {group.name}
              </button>
            ),
          },
          { header: 'Streams', cell: (group) => group.streamCount },
          { header: 'Events', cell: (group) => group.eventCount },
          { header: 'Stored', cell: (group) => formatBytes(group.storedBytes) },
          { header: 'Last event', cell: (group) => formatTime(group.lastEventTimestamp) },
        ]}
      />
      {current && <GroupEvents key={current} logs={logs} group={current} />}
      <InsightsBox logs={logs} groups={groups.map((group) => group.name)} initialGroup={current} />
      <MetricsView logs={logs} />
    </div>
  );
}

function GroupEvents({ logs, group }: { logs: LogsService; group: string }) {
  const ids = useId();
  const [page, setPage] = useState(0);
  const events = logs.getLogEvents(group, { limit: EVENTS_SHOWN });
  return (
    <section className="aws-console__detail" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>
        Newest events in {group} <span className="aws-console__muted">(up to {EVENTS_SHOWN})</span>
      </h4>
      <DataTable<LogEvent>
        caption={`Events in ${group}`}
        rows={pageOf(events, page)}
        rowKey={(event) => String(event.id)}
        empty="No events."
        columns={[
          { header: 'Timestamp', rowHeader: true, cell: (event) => formatTime(event.timestamp) },
          { header: 'Stream', cell: (event) => event.logStream },
          { header: 'Message', cell: (event) => <code className="aws-console__code">{event.message}</code> },
        ]}
      />
      <Pager label={`Pages of events in ${group}`} page={page} total={events.length} onPage={setPage} />
    </section>
  );
}

function InsightsBox({
  logs,
  groups,
  initialGroup,
}: {
  logs: LogsService;
  groups: string[];
  initialGroup: string | null;
}) {
  const ids = useId();
  const [query, setQuery] = useState(COLD_START_QUERY);
  const [chosen, setChosen] = useState<string[]>([]);
  const [result, setResult] = useState<InsightsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const targets = chosen.filter((group) => groups.includes(group));
  const effective = targets.length > 0 ? targets : initialGroup ? [initialGroup] : groups;
  const run = () => {
    try {
      setResult(logs.query(query, { logGroups: effective, startTime: 0, endTime: Number.MAX_SAFE_INTEGER }));
      setError(null);
    } catch (caught) {
      setResult(null);
      setError((caught as Error).message);
    }
  };
  return (
    <section className="aws-console__detail" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>Logs Insights</h4>
      <form
        className="aws-console__form"
        onSubmit={(event) => {
          event.preventDefault();
          run();
        }}
      >
        <fieldset className="aws-console__wide">
          <legend>Log groups to query (none ticked: {initialGroup ?? 'all'})</legend>
          {groups.length === 0 && <span className="aws-console__muted">No log groups yet.</span>}
          {groups.map((group) => (
            <label key={group} className="aws-console__check">
              <input
                type="checkbox"
                checked={chosen.includes(group)}
                onChange={(event) =>
                  setChosen(
                    event.target.checked ? [...chosen, group] : chosen.filter((name) => name !== group),
                  )
                }
              />{' '}
              {group}
            </label>
          ))}
        </fieldset>
        <label className="aws-console__wide">
          Query
          <textarea
            rows={4}
            spellCheck={false}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              // Ctrl/Cmd+Enter runs the query, as in the CloudWatch console.
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                run();
              }
            }}
          />
        </label>
        <button type="submit" disabled={effective.length === 0}>
          Run query
        </button>
        <button type="button" onClick={() => setQuery(COLD_START_QUERY)}>
          Cold-start query
        </button>
      </form>
      {error && (
        <p role="alert" className="aws-console__error">
          {error}
        </p>
      )}
      {result && (
        <>
          <p role="status" className="aws-console__muted">
            {result.rows.length} rows; {result.statistics.recordsMatched} of{' '}
            {result.statistics.recordsScanned} records matched.
          </p>
          <DataTable<number>
            caption="Query results"
            rows={result.rows.map((_, index) => index)}
            rowKey={(index) => String(index)}
            empty="No results."
            columns={result.columns.map((column, columnIndex) => ({
              header: column,
              rowHeader: columnIndex === 0,
              cell: (index: number) => {
                const value = result.rows[index]![column];
                if (value === undefined || value === null) return '';
                if (result.timeColumns.includes(column) && typeof value === 'number')
                  return formatTime(value);
                return String(value);
              },
            }))}
          />
        </>
      )}
    </section>
  );
}

const CHART_WIDTH = 320;
const CHART_HEIGHT = 80;

function MetricsView({ logs }: { logs: LogsService }) {
  const ids = useId();
  const metrics = logs.metrics.listMetrics();
  const [selected, setSelected] = useState(0);
  if (metrics.length === 0) return null;
  const metric: MetricSummary = metrics[Math.min(selected, metrics.length - 1)]!;
  const end = metric.lastTimestamp + 60_000;
  const points = logs.metrics.query({
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: metric.dimensions,
    startTime: end - 60 * 60_000,
    endTime: end,
    periodMs: 60_000,
    statistic: 'Sum',
  });
  const max = Math.max(1, ...points.map((point) => point.value));
  const first = points[0]?.timestamp ?? end - 60 * 60_000;
  const x = (timestamp: number) => ((timestamp - first) / Math.max(60_000, end - first)) * CHART_WIDTH;
  const y = (value: number) => CHART_HEIGHT - (value / max) * (CHART_HEIGHT - 4);
  const label = `${metric.namespace} ${metric.metricName}`;
  return (
    <section className="aws-console__detail" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>Metrics from Embedded Metric Format</h4>
      <label>
        Metric{' '}
        <select value={selected} onChange={(event) => setSelected(Number(event.target.value))}>
          {metrics.map((summary, index) => (
            <option
              key={`${summary.namespace}/${summary.metricName}/${JSON.stringify(summary.dimensions)}`}
              value={index}
            >
              {summary.namespace} · {summary.metricName}{' '}
              {Object.entries(summary.dimensions)
                .map(([name, value]) => `${name}=${value}`)
                .join(', ')}
            </option>
          ))}
        </select>
      </label>
      <svg
        className="aws-console__chart"
        role="img"
        aria-label={`${label}: sum per minute, highest ${max} ${metric.unit}`}
        viewBox={`0 0 ${CHART_WIDTH} ${CHART_HEIGHT}`}
        width={CHART_WIDTH}
        height={CHART_HEIGHT}
      >
        <polyline
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          points={points.map((point) => `${x(point.timestamp)},${y(point.value)}`).join(' ')}
        />
        {points.map((point) => (
          <circle
            key={point.timestamp}
            cx={x(point.timestamp)}
            cy={y(point.value)}
            r="2.5"
            fill="currentColor"
          />
        ))}
      </svg>
      <DataTable
        caption={`${label} (Sum per minute, ${metric.unit})`}
        rows={points}
        rowKey={(point) => String(point.timestamp)}
        empty="No data points in the last hour of this metric."
        columns={[
          { header: 'Minute', rowHeader: true, cell: (point) => formatTime(point.timestamp) },
          { header: 'Sum', cell: (point) => point.value },
          { header: 'Samples', cell: (point) => point.sampleCount },
        ]}
      />
    </section>
  );
}
