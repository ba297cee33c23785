/**
 * <RetryTimeline /> (error-handling lesson): one async event to a handler that always fails, on the real Lambda
 * service. The learner picks MaximumRetryAttempts and where the event ends (on-failure destination or DLQ),
 * sends it, and steps through the tries on the virtual clock (or jumps to the end); the record that reached
 * the SQS queue is shown as the queue holds it.
 */
import { useId, useState } from 'react';
import { FAILING_HANDLER, startAsyncRetry, type AsyncRetrySnapshot, type FailureTarget } from './asyncRetry';
import { formatOffset } from './format';
import { RunButtons, SimulatorCode, SimulatorFrame, SimulatorMessages } from './SimulatorParts';
import { useSimulatorRun } from './useSimulatorRun';

const TARGET_NAMES: Record<FailureTarget, string> = {
  destination: 'On-failure destination (an SQS queue)',
  dlq: 'Dead-letter queue (an SQS queue)',
};

export default function RetryTimeline() {
  const id = useId();
  const [retries, setRetries] = useState(2);
  const [target, setTarget] = useState<FailureTarget>('destination');
  const simulator = useSimulatorRun<AsyncRetrySnapshot>();
  const snapshot = simulator.snapshot;
  const span = Math.max(
    1,
    ...(snapshot?.attempts.map((attempt) => attempt.retryAfterMs ?? attempt.endedAfterMs ?? 0) ?? []),
    snapshot?.record?.deliveredAfterMs ?? 0,
  );
  return (
    <SimulatorFrame
      title="Try it: an asynchronous event that keeps failing"
      busy={simulator.working === 'starting'}
    >
      <p className="simulator__muted">
        The handler below always throws. Send it one event asynchronously and follow Lambda’s internal queue:
        each try, the wait before the next one, and where the event ends when the retries run out. The waits
        are Lambda’s own (about one minute, then about two); “Next step” skips ahead on the course’s virtual
        clock.
      </p>
      <SimulatorCode caption="The failing handler (Node.js 24)" code={FAILING_HANDLER} />
      <div className="simulator__controls">
        <fieldset>
          <legend>Retry attempts (MaximumRetryAttempts)</legend>
          {[0, 1, 2].map((value) => (
            <label key={value}>
              <input
                type="radio"
                name={`${id}-retries`}
                checked={retries === value}
                onChange={() => setRetries(value)}
              />{' '}
              {value}
              {value === 2 ? ' (default)' : ''}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>When the retries run out</legend>
          {(Object.keys(TARGET_NAMES) as FailureTarget[]).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name={`${id}-target`}
                checked={target === value}
                onChange={() => setTarget(value)}
              />{' '}
              {TARGET_NAMES[value]}
            </label>
          ))}
        </fieldset>
      </div>
      <RunButtons
        startLabel="Send the event"
        onStart={() => void simulator.start((world) => startAsyncRetry(world, { retries, target }))}
        nextLabel="Next step"
        onNext={() => void simulator.step()}
        onSkip={() => void simulator.finish()}
        busy={simulator.working !== null}
        started={snapshot !== null}
        done={snapshot?.finished ?? false}
      />
      <SimulatorMessages
        failure={simulator.failure && `The simulator could not start: ${simulator.failure}`}
        status={
          simulator.working === 'starting'
            ? 'Starting the sandbox…'
            : snapshot
              ? statusText(snapshot)
              : 'Nothing sent yet.'
        }
      />
      {snapshot ? (
        <>
          <div className="simulator__track" aria-hidden="true">
            {snapshot.attempts.map((attempt) => (
              <span
                key={attempt.number}
                className="simulator__mark simulator__mark--failed"
                style={{ left: `${(attempt.startedAfterMs / span) * 100}%` }}
              >
                {attempt.number}
              </span>
            ))}
            {snapshot.record ? (
              <span
                className="simulator__mark simulator__mark--end"
                style={{ left: `${(snapshot.record.deliveredAfterMs / span) * 100}%` }}
              >
                {snapshot.record.kind === 'dlq' ? 'DLQ' : 'dest.'}
              </span>
            ) : null}
          </div>
          <ol className="simulator__timeline" aria-label="Retry timeline">
            <li>0.0 s: Lambda accepted the event (202) for {snapshot.functionName}.</li>
            {snapshot.attempts.map((attempt) => (
              <li key={attempt.number}>
                {formatOffset(attempt.startedAfterMs)}: attempt {attempt.number}
                {attempt.endedAfterMs === undefined
                  ? ' running…'
                  : ` failed (${attempt.errorType ?? 'Error'}).`}
                {attempt.retryAfterMs !== undefined && attempt.endedAfterMs !== undefined
                  ? ` Lambda waits ${formatOffset(attempt.retryAfterMs - attempt.endedAfterMs)} before the next try.`
                  : ''}
              </li>
            ))}
            {snapshot.record ? (
              <li>
                {formatOffset(snapshot.record.deliveredAfterMs)}: retries used up;{' '}
                {snapshot.record.kind === 'dlq'
                  ? `the event went to the dead-letter queue ${snapshot.record.queueName}.`
                  : `an invocation record went to the on-failure destination ${snapshot.record.queueName}.`}
              </li>
            ) : null}
          </ol>
          {snapshot.record ? <RecordView snapshot={snapshot} /> : null}
        </>
      ) : null}
    </SimulatorFrame>
  );
}

function statusText(snapshot: AsyncRetrySnapshot): string {
  const tries = snapshot.attempts.length;
  if (snapshot.finished) {
    const where = snapshot.record?.kind === 'dlq' ? 'dead-letter queue' : 'on-failure destination';
    return `Done: ${tries} ${tries === 1 ? 'try' : 'tries'}, then the ${where}. The caller got 202 at once and waited for none of it.`;
  }
  return `Accepted (202). ${tries} ${tries === 1 ? 'try' : 'tries'} so far; Lambda is holding the event in its queue.`;
}

function RecordView({ snapshot }: { snapshot: AsyncRetrySnapshot }) {
  const record = snapshot.record!;
  const attributes = Object.entries(record.attributes);
  return (
    <div className="simulator__record">
      <h4>
        {record.kind === 'dlq'
          ? `The message in ${record.queueName}: the event itself`
          : `The message in ${record.queueName}: the invocation record`}
      </h4>
      <pre tabIndex={0} role="region" aria-label={`Message body in ${record.queueName}`}>
        <code>{JSON.stringify(record.body, null, 2)}</code>
      </pre>
      {attributes.length > 0 ? (
        <>
          <p className="simulator__muted">
            A dead-letter queue gets only the event; the error travels in the message attributes:
          </p>
          <ul aria-label="Message attributes">
            {attributes.map(([name, value]) => (
              <li key={name}>
                <code>{name}</code>: {value}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="simulator__muted">
          A destination gets a record with the request, the response (the error) and the condition
          (RetriesExhausted) with the number of tries.
        </p>
      )}
    </div>
  );
}
