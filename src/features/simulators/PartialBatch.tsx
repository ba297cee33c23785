/**
 * <PartialBatch /> (error-handling lesson): five orders on an SQS queue, one of them poison, read by an event
 * source mapping on the real service. With and without ReportBatchItemFailures the learner sees which messages
 * came back, how often each was received, and which ended in the dead-letter queue.
 */
import { useState } from 'react';
import {
  MAX_RECEIVE_COUNT,
  PARTIAL_BATCH_HANDLER,
  startPartialBatch,
  VISIBILITY_TIMEOUT_S,
  WHOLE_BATCH_HANDLER,
  type PartialBatchSnapshot,
} from './partialBatch';
import { formatOffset } from './format';
import { RunButtons, SimulatorCode, SimulatorFrame, SimulatorMessages } from './SimulatorParts';
import { useSimulatorRun } from './useSimulatorRun';

const WHERE_TEXT = {
  processed: 'processed and deleted',
  queue: 'back in the queue',
  'dead-letter queue': 'in the dead-letter queue',
} as const;

export default function PartialBatch() {
  const [report, setReport] = useState(false);
  const simulator = useSimulatorRun<PartialBatchSnapshot>();
  const snapshot = simulator.snapshot;
  const finished = snapshot !== null && !simulator.pending && snapshot.invocations > 0;
  const firstBatchAt = snapshot?.batches[0]?.at ?? 0;
  return (
    <SimulatorFrame title="Try it: one poison message in a batch" busy={simulator.working === 'starting'}>
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
      <SimulatorCode
        caption="The consumer handler (Node.js 24)"
        code={report ? PARTIAL_BATCH_HANDLER : WHOLE_BATCH_HANDLER}
      />
      <RunButtons
        startLabel="Send the batch"
        onStart={() =>
          void simulator.start((world) => startPartialBatch(world, { reportBatchItemFailures: report }))
        }
        nextLabel="Next batch"
        onNext={() => void simulator.step()}
        onSkip={() => void simulator.finish()}
        busy={simulator.working !== null}
        started={snapshot !== null}
        done={finished}
      />
      <SimulatorMessages
        failure={simulator.failure && `The simulator could not start: ${simulator.failure}`}
        status={
          simulator.working === 'starting'
            ? 'Starting the sandbox…'
            : snapshot
              ? statusText(snapshot, finished)
              : 'Nothing sent yet.'
        }
      />
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
    </SimulatorFrame>
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
