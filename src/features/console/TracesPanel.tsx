/**
 * X-Ray in the console: recent traces, one trace as a waterfall (segments and subsegments as bars on a shared
 * time axis, each bar also read out as text), and the service map as a list of the calls seen between nodes.
 */
import { useId, useState } from 'react';
import type { AwsAccount } from '../../sim/aws/account';
import type { TraceSummary, WaterfallRow, XRayService } from '../../sim/aws/xray';
import { DataTable, Pager, pageOf } from './DataTable';
import { formatTime } from './format';

export function TracesPanel({ account }: { account: AwsAccount }) {
  const xray = account.service<XRayService>('xray');
  const [selected, setSelected] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  if (!xray) return <p className="aws-console__empty">X-Ray is not part of this account.</p>;
  const traces = xray.listTraces();
  const current = traces.some((trace) => trace.id === selected) ? selected : null;
  return (
    <div className="aws-console__panel">
      <DataTable<TraceSummary>
        caption="Traces"
        rows={pageOf(traces, page)}
        rowKey={(trace) => trace.id}
        empty="No traces yet. Set Tracing to Active on a function and invoke it."
        columns={[
          {
            header: 'Trace ID',
            rowHeader: true,
            cell: (trace) => (
              <button
                type="button"
                className="aws-console__link"
                aria-pressed={current === trace.id}
                onClick={() => setSelected(trace.id)}
              >
                {trace.id}
              </button>
            ),
          },
          { header: 'Entry point', cell: (trace) => trace.entryPoint },
          { header: 'Started', cell: (trace) => formatTime(trace.startTime) },
          { header: 'Duration', cell: (trace) => `${trace.durationMs.toFixed(1)} ms` },
          { header: 'Status', cell: (trace) => (trace.inProgress ? 'In progress' : trace.status) },
          { header: 'Calls', cell: (trace) => trace.services.join(', ') || '—' },
        ]}
      />
      <Pager label="Pages of traces" page={page} total={traces.length} onPage={setPage} />
      {current && <Waterfall key={current} rows={xray.waterfall(current)} traceId={current} />}
      <ServiceMapView xray={xray} />
    </div>
  );
}

function describeRow(row: WaterfallRow): string {
  const call = [row.operation, row.resource].filter(Boolean).join(' ');
  return `${row.name}${call ? ` (${call})` : ''}: starts at ${row.startOffsetMs.toFixed(1)} ms, takes ${row.durationMs.toFixed(1)} ms${
    row.status === 'ok' ? '' : `, ${row.status}`
  }${row.errorMessage ? ` — ${row.errorMessage}` : ''}`;
}

function Waterfall({ rows, traceId }: { rows: WaterfallRow[]; traceId: string }) {
  const ids = useId();
  const total = Math.max(1, ...rows.map((row) => row.endOffsetMs));
  return (
    <section className="aws-console__detail" aria-labelledby={`${ids}-title`}>
      <h4 id={`${ids}-title`}>Trace {traceId}</h4>
      <ol className="aws-console__waterfall" aria-label="Segments and subsegments">
        {rows.map((row) => (
          <li key={row.id} className={`aws-console__span aws-console__span--${row.status}`}>
            <span className="aws-console__span-name" style={{ paddingInlineStart: `${row.depth * 1.25}rem` }}>
              {row.name}
              {row.operation ? <span className="aws-console__muted"> {row.operation}</span> : null}
            </span>
            <span className="aws-console__span-track" aria-hidden="true">
              <span
                className="aws-console__span-bar"
                style={{
                  insetInlineStart: `${(row.startOffsetMs / total) * 100}%`,
                  width: `${Math.max(0.5, (row.durationMs / total) * 100)}%`,
                }}
              />
            </span>
            <span className="visually-hidden">{describeRow(row)}</span>
            <span className="aws-console__span-time" aria-hidden="true">
              {row.durationMs.toFixed(1)} ms
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function ServiceMapView({ xray }: { xray: XRayService }) {
  const map = xray.serviceMap();
  if (map.nodes.length === 0) return null;
  const name = (id: string) => map.nodes.find((node) => node.id === id)?.name ?? id;
  return (
    <DataTable
      caption="Service map: calls between services"
      rows={map.edges}
      rowKey={(edge) => `${edge.source}→${edge.target}`}
      empty="No calls between services yet."
      columns={[
        { header: 'From', rowHeader: true, cell: (edge) => name(edge.source) },
        {
          header: 'To',
          cell: (edge) =>
            `${name(edge.target)} (${map.nodes.find((node) => node.id === edge.target)?.type ?? ''})`,
        },
        { header: 'Calls', cell: (edge) => edge.count },
        { header: 'Errors and faults', cell: (edge) => edge.errorCount + edge.faultCount },
        { header: 'Average latency', cell: (edge) => `${edge.averageLatencyMs.toFixed(1)} ms` },
      ]}
    />
  );
}
