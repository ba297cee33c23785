/**
 * <InvocationModels /> (event-sources lesson): one order sent to the same function through an HTTP API
 * (synchronous), EventBridge (asynchronous) and SQS (polling), side by side: who waits, who retries, where a
 * failure ends. Runs on the real service, gateway, EventBridge, async queue, mapping and SQS.
 */
import { useState } from 'react';
import { formatOffset } from './format';
import {
  MODELS_HANDLER,
  POLL_MAX_RECEIVE_COUNT,
  startInvocationModels,
  type InvocationModelsRun,
  type InvocationModelsSnapshot,
  type ModelId,
} from './invocationModels';
import { RunButtons, SimulatorCode, SimulatorFrame, SimulatorMessages } from './SimulatorParts';
import { useSimulatorRun } from './useSimulatorRun';

const MODELS: Array<{ id: ModelId; name: string; door: string; waits: string; retries: string }> = [
  {
    id: 'sync',
    name: 'Synchronous',
    door: 'API Gateway HTTP API, POST /orders',
    waits: 'The client, for the function’s answer',
    retries: 'Nobody in Lambda: the client decides',
  },
  {
    id: 'async',
    name: 'Asynchronous',
    door: 'EventBridge rule on source shop.orders',
    waits: 'Nobody: EventBridge hands the event to Lambda’s queue',
    retries: 'Lambda’s queue: 2 retries (about 1 and 2 minutes later)',
  },
  {
    id: 'poll',
    name: 'Polling',
    door: 'SQS queue with an event source mapping',
    waits: 'Nobody: the message waits in the queue',
    retries: `The queue: the message comes back after the visibility timeout, up to ${POLL_MAX_RECEIVE_COUNT} receives`,
  },
];

export default function InvocationModels() {
  const [fail, setFail] = useState(false);
  const simulator = useSimulatorRun<InvocationModelsSnapshot, InvocationModelsRun>();
  const snapshot = simulator.snapshot;
  return (
    <SimulatorFrame
      title="Try it: one function, three invocation models"
      busy={simulator.working === 'starting'}
    >
      <p className="simulator__muted">
        The same handler gets one order through each front door. Send a good order, then a failing one, and
        compare who waited, who retried and where the order ended.
      </p>
      <SimulatorCode caption="The handler (Node.js 24)" code={MODELS_HANDLER} />
      <div className="simulator__controls">
        <label>
          <input type="checkbox" checked={fail} onChange={(event) => setFail(event.target.checked)} /> Make
          the order fail (the handler throws)
        </label>
      </div>
      <RunButtons
        startLabel="Send the order three ways"
        onStart={() => void simulator.start((world) => startInvocationModels(world, { fail }))}
        onSkip={() => void simulator.finish()}
        busy={simulator.working !== null}
        started={snapshot !== null}
        done={snapshot?.finished ?? false}
      />
      <SimulatorMessages
        failure={simulator.failure}
        status={
          simulator.working === 'starting'
            ? 'Starting the sandbox…'
            : !snapshot
              ? 'Nothing sent yet.'
              : snapshot.finished
                ? `Done: the ${snapshot.failing ? 'failing' : 'good'} order has ended in all three models.`
                : 'On its way: some of the order’s paths are still waiting (retries, visibility timeouts).'
        }
      />
      <div
        className="simulator__table-wrap"
        role="region"
        aria-label="The three models side by side"
        tabIndex={0}
      >
        <table>
          <caption>The three invocation models side by side</caption>
          <thead>
            <tr>
              <td />
              {MODELS.map((model) => (
                <th scope="col" key={model.id}>
                  {model.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Front door</th>
              {MODELS.map((model) => (
                <td key={model.id}>{model.door}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Who waits</th>
              {MODELS.map((model) => (
                <td key={model.id}>{model.waits}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Who retries</th>
              {MODELS.map((model) => (
                <td key={model.id}>{model.retries}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">What the caller got</th>
              {MODELS.map((model) => {
                const view = snapshot?.models[model.id];
                return (
                  <td key={model.id}>
                    {view?.callerGot
                      ? `${view.callerGot} (after ${formatOffset(view.callerWaitedMs ?? 0)})`
                      : snapshot
                        ? 'waiting…'
                        : '—'}
                  </td>
                );
              })}
            </tr>
            <tr>
              <th scope="row">Function invocations</th>
              {MODELS.map((model) => (
                <td key={model.id}>{snapshot ? snapshot.models[model.id].tries : '—'}</td>
              ))}
            </tr>
            <tr>
              <th scope="row">Where the order ended</th>
              {MODELS.map((model) => (
                <td key={model.id}>{snapshot ? (snapshot.models[model.id].ending ?? 'not yet') : '—'}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </SimulatorFrame>
  );
}
