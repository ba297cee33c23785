/**
 * <PartialBatch /> (error-handling lesson): five orders on an SQS queue, one of them poison, read by an event
 * source mapping on the real service. With and without ReportBatchItemFailures the learner sees which messages
 * came back, how often each was received, and which ended in the dead-letter queue.
 */
import { useId, useState } from 'react';
import {
  MAX_RECEIVE_COUNT,
  PARTIAL_BATCH_HANDLER,
  startPartialBatch,
  VISIBILITY_TIMEOUT_S,
  WHOLE_BATCH_HANDLER,
  type PartialBatchSnapshot,
} from './partialBatch';
import { formatOffset } from './format';
import { useSimulatorRun } from './useSimulatorRun';
import './simulators.css';

const WHERE_TEXT = {
  processed: 'processed and deleted',
  queue: 'back in the queue',
  'dead-letter queue': 'in the dead-letter queue',
} as const;

export default function PartialBatch() {
  const id = useId();
  const [report, setReport] = useState(false);
  const simulator = useSimulatorRun<PartialBatchSnapshot>();
  const snapshot = simulator.snapshot;
  const busy = simulator.working !== null;
  const finished = snapshot !== null && !simulator.pending && snapshot.invocations > 0;
  const firstBatchAt = snapshot?.batches[0]?.at ?? 0;
  return (
    <section
      className="simulator"
      aria-labelledby={`${id}-title`}
      aria-busy={simulator.working === 'starting'}
    >
      <h3 className="simulator__title" id={`${id}-title`}>
        Try it: one poison message in a batch
      </h3>
      <p className="simulator__muted">
        Five orders wait on a queue whose redrive policy moves a message to a dead-letter queue after{' '}
        {MAX_RECEIVE_COUNT} receives (visibility timeout {VISIBILITY_TIMEOUT_S} s). Order 3 has no items, so
        the handler cannot process it. Run the batch both ways and compare what happens to the other four.
      </p>
      <div className="simulator__controls">
        <label>
          <input type="checkbox" checked={report} onChange={(event) => setReport(event.target.checked)} />{' '}
          ReportBatchItemFailures (the handler reports the failed message)
        </label>
      </div>
      <figure className="simulator__code">
        <figcaption>The consumer handler (Node.js 24)</figcaption>
        <pre tabIndex={0}>
          <code>{report ? PARTIAL_BATCH_HANDLER : WHOLE_BATCH_HANDLER}</code>
        </pre>
      </figure>
      <div className="simulator__actions">
        <button
          type="button"
          className="simulator__primary"
          disabled={busy}
          onClick={() =>
            void simulator.start((world) => startPartialBatch(world, { reportBatchItemFailures: report }))
          }
        >
          Send the batch
        </button>
        <button type="button" disabled={busy || !snapshot || finished} onClick={() => void simulator.step()}>
          Next batch
        </button>
        <button
          type="button"
          disabled={busy || !snapshot || finished}
          onClick={() => void simulator.finish()}
        >
          Skip to the end
        </button>
      </div>
      {simulator.failure ? (
        <p role="alert" className="simulator__error">
          The simulator could not start: {simulator.failure}
        </p>
      ) : null}
      <div role="status" className="simulator__status">
        {simulator.working === 'starting'
          ? 'Starting the sandbox…'
          : snapshot
            ? statusText(snapshot, finished)
            : 'Nothing sent yet.'}
      </div>
      {snapshot ? (
        <>
          <div
            className="simulator__table-wrap"
            role="region"
            aria-label="Messages of the batch"
            tabIndex={0}
          >
            <table>
              <caption>
                Messages of {snapshot.queueName}
                {snapshot.reportBatchItemFailures
                  ? ' (ReportBatchItemFailures on)'
                  : ' (ReportBatchItemFailures off)'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Times the function got it</th>
                  <th scope="col">Receive count</th>
                  <th scope="col">Where it is now</th>
                </tr>
              </thead>
              <tbody>
                {snapshot.messages.map((message) => (
                  <tr key={message.messageId}>
                    <th scope="row">
                      {message.orderId}
                      {message.poison ? ' (poison)' : ''}
                    </th>
                    <td>{message.deliveries}</td>
                    <td>{message.receiveCount}</td>
                    <td>{WHERE_TEXT[message.where]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ol className="simulator__timeline" aria-label="Batches">
            {snapshot.batches.map((batch, index) => (
              <li key={index}>
                {formatOffset(batch.at - firstBatchAt)}: batch of {batch.size}, {batchResult(batch.result)}
                {batch.detail ? ` (${batch.detail})` : ''}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}

function batchResult(result: string): string {
  switch (result) {
    case 'ok':
      return 'succeeded';
    case 'partial':
      return 'partly failed';
    case 'error':
      return 'failed';
    case 'in-flight':
      return 'running';
    default:
      return result;
  }
}

function statusText(snapshot: PartialBatchSnapshot, finished: boolean): string {
  const dead = snapshot.messages.filter((message) => message.where === 'dead-letter queue').length;
  const processed = snapshot.messages.filter((message) => message.where === 'processed').length;
  if (!finished)
    return `${snapshot.invocations} ${snapshot.invocations === 1 ? 'batch' : 'batches'} so far; the mapping is polling ${snapshot.queueName}.`;
  return `Done after ${snapshot.invocations} batches: ${processed} processed, ${dead} in the dead-letter queue.`;
}
