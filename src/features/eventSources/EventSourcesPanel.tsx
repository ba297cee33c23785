/**
 * The playground's "Event sources" tab: the account's SQS queues (create one with a dead-letter queue, send
 * messages, watch the counts), and the function's event source mappings — create one for a queue, a DynamoDB
 * stream or a Kinesis stream, enable, disable or delete it, and read its state, last result, recent batches and,
 * for streams, the per-shard timeline. Everything goes through the workspace's mapping manager and the account's
 * model API (src/sim/lambda/eventSources, src/sim/aws/sqs), which answer with Lambda's and SQS's own errors.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Workspace } from '../../app/workspaces';
import type { DynamoDb } from '../../sim/aws/dynamodb';
import type { KinesisService } from '../../sim/aws/kinesis/kinesis';
import type { SqsService } from '../../sim/aws/sqs/sqs';
import type {
  EventSourceMappingInput,
  MappingView,
  StartingPosition,
} from '../../sim/lambda/eventSources/types';
import { MappingCard } from './MappingCard';
import { useChangeCounter } from './useChangeCounter';
import './eventSources.css';

interface SourceOption {
  arn: string;
  label: string;
  kind: 'sqs' | 'dynamodb' | 'kinesis';
}

function sourcesOf(workspace: Workspace): SourceOption[] {
  const sqs = workspace.account.service<SqsService>('sqs');
  const dynamodb = workspace.account.service<DynamoDb>('dynamodb');
  const kinesis = workspace.account.service<KinesisService>('kinesis');
  const out: SourceOption[] = [];
  for (const url of sqs?.listQueues().urls ?? []) {
    const queue = sqs!.queue(url);
    if (queue) out.push({ arn: queue.arn, label: `SQS queue ${queue.name}`, kind: 'sqs' });
  }
  for (const stream of dynamodb?.streams() ?? [])
    out.push({
      arn: stream.arn,
      label: `DynamoDB stream ${stream.arn.split(':table/')[1] ?? stream.arn}`,
      kind: 'dynamodb',
    });
  for (const stream of kinesis?.listStreams() ?? [])
    out.push({ arn: stream.arn, label: `Kinesis stream ${stream.name}`, kind: 'kinesis' });
  return out;
}

export function EventSourcesPanel({
  workspace,
  functionName,
}: {
  workspace: Workspace | null;
  functionName: string;
}) {
  useChangeCounter([
    workspace?.networking.mappings.subscribe.bind(workspace.networking.mappings),
    workspace?.account.subscribe.bind(workspace.account),
    workspace?.service.subscribe.bind(workspace.service),
  ]);
  if (!workspace) return <p className="sbx-muted">Starting the sandbox…</p>;
  const mappings = workspace.networking.mappings.list({ functionName });
  return (
    <div className="esm">
      <QueuesSection workspace={workspace} />
      <CreateMappingForm workspace={workspace} functionName={functionName} />
      <section aria-label="Event source mappings">
        <h3 className="sbx-heading">Event source mappings of {functionName}</h3>
        {mappings.length === 0 ? (
          <p className="sbx-muted">No mappings yet.</p>
        ) : (
          mappings.map((mapping: MappingView) => (
            <MappingCard
              key={mapping.config.uuid}
              mapping={mapping}
              now={workspace.clock.now()}
              sourceLabel={labelOf(mapping.config.eventSourceArn)}
              onToggle={() =>
                workspace.networking.mappings.update(mapping.config.uuid, {
                  enabled: !mapping.config.enabled,
                })
              }
              onDelete={() => workspace.networking.mappings.delete(mapping.config.uuid)}
            />
          ))
        )}
      </section>
    </div>
  );
}

function labelOf(arn: string): string {
  if (arn.startsWith('arn:aws:sqs:')) return `SQS queue ${arn.split(':').pop()}`;
  if (arn.includes(':table/')) return `DynamoDB stream of ${arn.split(':table/')[1]?.split('/')[0]}`;
  return `Kinesis stream ${arn.split(':stream/')[1] ?? arn}`;
}

function QueuesSection({ workspace }: { workspace: Workspace }) {
  const sqs = workspace.account.service<SqsService>('sqs');
  const id = useId();
  const [name, setName] = useState('jobs');
  const [visibility, setVisibility] = useState('30');
  const [withDlq, setWithDlq] = useState(true);
  const [maxReceives, setMaxReceives] = useState('3');
  const [queueError, setQueueError] = useState<string | null>(null);
  const [target, setTarget] = useState('');
  const [bodies, setBodies] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  if (!sqs) return null;
  const queues = sqs
    .listQueues()
    .urls.map((url) => sqs.queue(url))
    .filter((queue) => queue !== undefined);

  const createQueue = (event: FormEvent) => {
    event.preventDefault();
    setQueueError(null);
    try {
      const attributes: Record<string, string> = { VisibilityTimeout: visibility.trim() };
      if (withDlq) {
        const dlq = sqs.queue(`${name}-dlq`) ?? sqs.createQueue(`${name}-dlq`);
        attributes.RedrivePolicy = JSON.stringify({
          deadLetterTargetArn: dlq.arn,
          maxReceiveCount: Number(maxReceives),
        });
      }
      const queue = sqs.createQueue(name.trim(), attributes);
      setTarget(queue.url);
    } catch (error) {
      setQueueError((error as Error).message);
    }
  };

  const send = (event: FormEvent) => {
    event.preventDefault();
    const url = target || queues[0]?.url;
    if (!url) return;
    const lines = bodies.split('\n').filter((line) => line.trim() !== '');
    try {
      for (const line of lines) sqs.sendMessage(url, { messageBody: line });
      setSent(`Sent ${lines.length} message${lines.length === 1 ? '' : 's'} to ${sqs.queue(url)?.name}.`);
    } catch (error) {
      setSent((error as Error).message);
    }
  };

  return (
    <section aria-labelledby={`${id}-queues`}>
      <h3 id={`${id}-queues`} className="sbx-heading">
        Queues
      </h3>
      <form className="esm__form" aria-label="Create queue" onSubmit={createQueue}>
        <label className="playground__field">
          Queue name
          <input type="text" value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="playground__field">
          Visibility timeout (seconds)
          <input
            type="number"
            min={0}
            max={43200}
            value={visibility}
            onChange={(event) => setVisibility(event.target.value)}
          />
        </label>
        <label className="esm__check">
          <input type="checkbox" checked={withDlq} onChange={(event) => setWithDlq(event.target.checked)} />
          Dead-letter queue (name-dlq)
        </label>
        <label className="playground__field">
          Maximum receives
          <input
            type="number"
            min={1}
            max={1000}
            value={maxReceives}
            disabled={!withDlq}
            onChange={(event) => setMaxReceives(event.target.value)}
          />
        </label>
        <button type="submit">Create queue</button>
        {queueError && (
          <p role="alert" className="sbx-error">
            {queueError}
          </p>
        )}
      </form>
      {queues.length > 0 && (
        <>
          <table className="esm__table" aria-label="Queues">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Visible</th>
                <th scope="col">In flight</th>
                <th scope="col">Delayed</th>
                <th scope="col">Messages</th>
              </tr>
            </thead>
            <tbody>
              {queues.map((queue) => {
                const counts = queue.approximateCounts();
                const stored = queue.storedMessages();
                return (
                  <tr key={queue.url}>
                    <th scope="row">
                      {queue.name}
                      {queue.redrive && (
                        <span className="sbx-muted">
                          {' '}
                          → {queue.redrive.deadLetterTargetArn.split(':').pop()} after{' '}
                          {queue.redrive.maxReceiveCount}
                        </span>
                      )}
                    </th>
                    <td>{counts.visible}</td>
                    <td>{counts.inFlight}</td>
                    <td>{counts.delayed}</td>
                    <td>
                      {stored.length === 0
                        ? '—'
                        : stored
                            .slice(0, 5)
                            .map((message) => `${message.body} (received ${message.receiveCount}×)`)
                            .join(', ') + (stored.length > 5 ? `, … ${stored.length - 5} more` : '')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <form className="esm__form" aria-label="Send messages" onSubmit={send}>
            <label className="playground__field">
              Queue
              <select value={target || queues[0]?.url} onChange={(event) => setTarget(event.target.value)}>
                {queues.map((queue) => (
                  <option key={queue.url} value={queue.url}>
                    {queue.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="playground__field">
              Message bodies (one per line)
              <textarea rows={3} value={bodies} onChange={(event) => setBodies(event.target.value)} />
            </label>
            <button type="submit">Send messages</button>
            {sent && (
              <p role="status" className="sbx-muted">
                {sent}
              </p>
            )}
          </form>
        </>
      )}
    </section>
  );
}

function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

function CreateMappingForm({ workspace, functionName }: { workspace: Workspace; functionName: string }) {
  const id = useId();
  const sources = sourcesOf(workspace);
  const [arn, setArn] = useState('');
  const [batchSize, setBatchSize] = useState('10');
  const [windowS, setWindowS] = useState('0');
  const [partial, setPartial] = useState(false);
  const [maximumConcurrency, setMaximumConcurrency] = useState('');
  const [startingPosition, setStartingPosition] = useState<StartingPosition>('TRIM_HORIZON');
  const [bisect, setBisect] = useState(false);
  const [retries, setRetries] = useState('-1');
  const [parallelization, setParallelization] = useState('1');
  const [onFailure, setOnFailure] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const chosen = sources.find((source) => source.arn === arn) ?? sources[0];
  const stream = chosen !== undefined && chosen.kind !== 'sqs';

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const input: EventSourceMappingInput = {
      functionName,
      eventSourceArn: chosen.arn,
      batchSize: Number(batchSize),
      maximumBatchingWindowInSeconds: Number(windowS),
      ...(partial ? { functionResponseTypes: ['ReportBatchItemFailures' as const] } : {}),
    };
    if (!stream) {
      const concurrency = numberOrUndefined(maximumConcurrency);
      if (concurrency !== undefined) input.scalingConfig = { maximumConcurrency: concurrency };
    } else {
      input.startingPosition = startingPosition;
      input.bisectBatchOnFunctionError = bisect;
      input.maximumRetryAttempts = Number(retries);
      input.parallelizationFactor = Number(parallelization);
      if (onFailure) input.destinationConfig = { onFailure: { destination: onFailure } };
    }
    const created = workspace.networking.mappings.create(input);
    setResult(
      created.ok
        ? { ok: true, text: `Created mapping ${created.mapping.config.uuid} (${created.mapping.state}).` }
        : { ok: false, text: `${created.errorType}: ${created.message}` },
    );
  };

  return (
    <section aria-labelledby={`${id}-create`}>
      <h3 id={`${id}-create`} className="sbx-heading">
        Create an event source mapping
      </h3>
      {sources.length === 0 ? (
        <p className="sbx-muted">
          Create a queue above, or a DynamoDB table with a stream or a Kinesis stream from your code, to map
          it.
        </p>
      ) : (
        <form className="esm__form" aria-label="Create event source mapping" onSubmit={create}>
          <label className="playground__field">
            Event source
            <select value={chosen?.arn} onChange={(event) => setArn(event.target.value)}>
              {sources.map((source) => (
                <option key={source.arn} value={source.arn}>
                  {source.label}
                </option>
              ))}
            </select>
          </label>
          <label className="playground__field">
            Batch size
            <input
              type="number"
              min={1}
              value={batchSize}
              onChange={(event) => setBatchSize(event.target.value)}
            />
          </label>
          <label className="playground__field">
            Batching window (seconds)
            <input
              type="number"
              min={0}
              max={300}
              value={windowS}
              onChange={(event) => setWindowS(event.target.value)}
            />
          </label>
          <label className="esm__check">
            <input type="checkbox" checked={partial} onChange={(event) => setPartial(event.target.checked)} />
            Report batch item failures
          </label>
          {!stream ? (
            <label className="playground__field">
              Maximum concurrency (2–1,000, empty: none)
              <input
                type="number"
                min={2}
                max={1000}
                value={maximumConcurrency}
                onChange={(event) => setMaximumConcurrency(event.target.value)}
              />
            </label>
          ) : (
            <>
              <label className="playground__field">
                Starting position
                <select
                  value={startingPosition}
                  onChange={(event) => setStartingPosition(event.target.value as StartingPosition)}
                >
                  <option value="TRIM_HORIZON">TRIM_HORIZON</option>
                  <option value="LATEST">LATEST</option>
                </select>
              </label>
              <label className="esm__check">
                <input
                  type="checkbox"
                  checked={bisect}
                  onChange={(event) => setBisect(event.target.checked)}
                />
                Split batch on error
              </label>
              <label className="playground__field">
                Retry attempts (−1: until the record expires)
                <input
                  type="number"
                  min={-1}
                  max={10000}
                  value={retries}
                  onChange={(event) => setRetries(event.target.value)}
                />
              </label>
              <label className="playground__field">
                Concurrent batches per shard
                <input
                  type="number"
                  min={1}
                  max={10}
                  value={parallelization}
                  onChange={(event) => setParallelization(event.target.value)}
                />
              </label>
              <label className="playground__field">
                On-failure destination
                <select value={onFailure} onChange={(event) => setOnFailure(event.target.value)}>
                  <option value="">None</option>
                  {sources
                    .filter((source) => source.kind === 'sqs')
                    .map((source) => (
                      <option key={source.arn} value={source.arn}>
                        {source.label}
                      </option>
                    ))}
                </select>
              </label>
            </>
          )}
          <button type="submit">Create mapping</button>
          {result && (
            <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'sbx-muted' : 'sbx-error'}>
              {result.text}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
