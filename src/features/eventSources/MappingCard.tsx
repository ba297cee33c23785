/**
 * One event source mapping: its state and last result, totals, the most recent batches and, for a stream, each
 * shard's timeline — its batches in order, the batch blocking it and what was discarded or split.
 */
import { useId } from 'react';
import type { BatchRecord, MappingView, ShardView } from '../../sim/lambda/eventSources/types';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `attempt` is a stream batch's retries so far, or the highest receive count in an SQS batch. */
function batchText(batch: BatchRecord, sqs = false): string {
  const range = batch.first === batch.last ? batch.first : `${batch.first} … ${batch.last}`;
  const attempt = sqs
    ? batch.attempt > 1
      ? `, received ${batch.attempt}×`
      : ''
    : batch.attempt > 0
      ? `, attempt ${batch.attempt + 1}`
      : '';
  return `${seconds(batch.at)}: ${batch.size} record${batch.size === 1 ? '' : 's'} (${range}${attempt}) — ${batch.result}${batch.detail ? `: ${batch.detail}` : ''}`;
}

export function MappingCard({
  mapping,
  sourceLabel,
  now,
  onToggle,
  onDelete,
}: {
  mapping: MappingView;
  sourceLabel: string;
  now: number;
  onToggle: () => void;
  onDelete: () => void;
}) {
  const id = useId();
  const { config, totals } = mapping;
  const settled = mapping.state === 'Enabled' || mapping.state === 'Disabled';
  const good = mapping.state === 'Enabled';
  return (
    <article className="esm__mapping" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>
        {sourceLabel} → {config.functionName}
        {config.qualifier ? `:${config.qualifier}` : ''}
      </h4>
      <dl className="esm__facts">
        <dt>State</dt>
        <dd>
          <span className={`sbx-badge ${good ? 'sbx-badge--ok' : ''}`} data-testid="mapping-state">
            {mapping.state}
          </span>
          {mapping.stateTransitionReason !== 'USER_INITIATED' && (
            <span className="sbx-muted"> {mapping.stateTransitionReason}</span>
          )}
        </dd>
        <dt>Last result</dt>
        <dd data-testid="mapping-last-result">{mapping.lastProcessingResult}</dd>
        <dt>Batch size</dt>
        <dd>
          {config.batchSize}, window {config.maximumBatchingWindowInSeconds} s
          {config.reportBatchItemFailures ? ', partial batch responses' : ''}
          {config.maximumConcurrency !== undefined
            ? `, maximum concurrency ${config.maximumConcurrency}`
            : ''}
        </dd>
        <dt>Processed</dt>
        <dd>
          {totals.batches} batches, {totals.records} records: {totals.succeeded} succeeded, {totals.failed}{' '}
          failed
          {totals.filtered ? `, ${totals.filtered} filtered out` : ''}
          {totals.discarded ? `, ${totals.discarded} discarded` : ''}; {mapping.inFlight} in flight
          {mapping.pollerConcurrency !== undefined ? ` (pollers allow ${mapping.pollerConcurrency})` : ''}
        </dd>
      </dl>
      <div className="esm__buttons">
        <button type="button" disabled={!settled} onClick={onToggle}>
          {config.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" disabled={mapping.state === 'Deleting'} onClick={onDelete}>
          Delete mapping
        </button>
      </div>
      {mapping.shards ? (
        mapping.shards.map((shard) => <ShardTimeline key={shard.shardId} shard={shard} now={now} />)
      ) : (
        <RecentBatches batches={mapping.recent} />
      )}
    </article>
  );
}

function RecentBatches({ batches }: { batches: readonly BatchRecord[] }) {
  if (batches.length === 0) return <p className="sbx-muted">No batches yet.</p>;
  return (
    <ol className="esm__batches" aria-label="Recent batches" reversed>
      {[...batches]
        .slice(-10)
        .reverse()
        .map((batch, index) => (
          <li
            key={`${batch.at}-${batch.first}-${index}`}
            className={`esm__batch esm__batch--${batch.result}`}
          >
            {batchText(batch, true)}
          </li>
        ))}
    </ol>
  );
}

function ShardTimeline({ shard, now }: { shard: ShardView; now: number }) {
  const id = useId();
  return (
    <section className="esm__shard" aria-labelledby={`${id}-shard`}>
      <h5 id={`${id}-shard`}>Shard {shard.shardId}</h5>
      <p className="sbx-muted">
        Checkpoint {shard.checkpoint ?? 'none yet'}; {shard.waiting} record{shard.waiting === 1 ? '' : 's'}{' '}
        waiting
        {shard.blocked
          ? `; blocked by the batch from ${shard.blocked.first} (retry ${shard.blocked.attempt}${
              shard.blocked.nextTryAt !== undefined
                ? `, next try in ${seconds(Math.max(0, shard.blocked.nextTryAt - now))}`
                : ''
            })`
          : ''}
      </p>
      <ol className="esm__timeline" aria-label={`Timeline of shard ${shard.shardId}`}>
        {shard.batches.slice(-20).map((batch, index) => (
          <li key={`${batch.at}-${index}`} className={`esm__batch esm__batch--${batch.result}`}>
            {batchText(batch)}
          </li>
        ))}
        {shard.events.slice(-10).map((event, index) => (
          <li key={`event-${event.at}-${index}`} className={`esm__batch esm__batch--${event.kind}`}>
            {seconds(event.at)}: {event.kind} — {event.detail}
          </li>
        ))}
      </ol>
    </section>
  );
}
