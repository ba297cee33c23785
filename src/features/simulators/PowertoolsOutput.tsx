/**
 * <PowertoolsOutput /> (powertools lesson): one invoke of a handler that uses Powertools' Logger, Metrics and
 * Tracer from the layer, with active tracing, and what the account recorded: the CloudWatch lines, the metrics
 * extracted from the EMF blob, and the X-Ray trace.
 */
import { POWERTOOLS_HANDLER, runPowertools, type PowertoolsOutput as Output } from './powertoolsDemo';
import { SimulatorCode, SimulatorFrame, SimulatorMessages } from './SimulatorParts';
import { useSimulatorAction } from './useSimulatorRun';

export default function PowertoolsOutput() {
  const { result: output, running, failure, run } = useSimulatorAction<Output>();
  return (
    <SimulatorFrame title="Try it: Logger, Metrics and Tracer on a real invoke">
      <p className="simulator__muted">
        This handler uses Powertools for AWS Lambda (TypeScript) from its layer, with active tracing on.
        Invoke it and read what each utility produced, as CloudWatch and X-Ray recorded it.
      </p>
      <SimulatorCode caption="The handler (Node.js 24, Powertools layer)" code={POWERTOOLS_HANDLER} />
      <div className="simulator__actions">
        <button
          type="button"
          className="simulator__primary"
          disabled={running}
          onClick={() => void run(runPowertools)}
        >
          Invoke with Powertools
        </button>
      </div>
      <SimulatorMessages
        failure={failure}
        status={
          running
            ? 'Invoking (the first run loads the Powertools layer)…'
            : output
              ? output.ok
                ? `${output.functionName} returned ${output.response}.`
                : `${output.functionName} failed: ${output.response}`
              : ''
        }
      />
      {output ? (
        <>
          <h4>Logger and Metrics: the function’s CloudWatch lines</h4>
          <pre tabIndex={0} role="region" aria-label="CloudWatch lines" className="simulator__event">
            <code>{output.logLines.join('\n')}</code>
          </pre>
          <p className="simulator__muted">
            Logger’s line is JSON with the Lambda context added (function name, request id, cold start).
            Metrics wrote an embedded metric format (EMF) object; CloudWatch turned it into these metrics:
          </p>
          <ul aria-label="Metrics in namespace Shop">
            {output.metrics.map((metric) => (
              <li key={metric.name}>
                <code>{metric.name}</code>, dimensions{' '}
                {Object.entries(metric.dimensions)
                  .map(([name, value]) => `${name}=${value}`)
                  .join(', ')}
              </li>
            ))}
          </ul>
          <h4>Tracer: the X-Ray trace</h4>
          <ul aria-label="X-Ray trace" className="simulator__trace">
            {output.trace.map((row, index) => (
              <li key={index} style={{ marginLeft: `${row.depth * 1.25}rem` }}>
                {row.name}: {row.durationMs.toFixed(1)} ms
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </SimulatorFrame>
  );
}
