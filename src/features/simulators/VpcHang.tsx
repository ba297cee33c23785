/**
 * <VpcHang /> (VPC lesson): a function in the private subnets of a VPC lists DynamoDB tables. Without a way out
 * the call hangs until the function times out; a DynamoDB gateway endpoint or a NAT gateway fixes it, at very
 * different prices. Everything runs on the real service, VPC model and network rule.
 */
import { formatUsd } from '../cost/costForm';
import {
  DYNAMODB_HANDLER,
  NAT_GATEWAY_PRICES,
  natMonthlyUsd,
  startVpcDemo,
  type VpcDemo,
  type VpcDemoSnapshot,
} from './vpcHang';
import { runToEnd } from './simulatorWorld';
import { SimulatorCode, SimulatorFrame, SimulatorMessages } from './SimulatorParts';
import { useSimulatorRun } from './useSimulatorRun';

const WAY_OUT_TEXT = {
  none: 'no way out',
  endpoint: 'gateway endpoint',
  nat: 'NAT gateway',
  'endpoint and nat': 'gateway endpoint and NAT gateway',
} as const;

export default function VpcHang() {
  const simulator = useSimulatorRun<VpcDemoSnapshot, VpcDemo>();
  const snapshot = simulator.snapshot;
  const demo = simulator.run;
  const busy = simulator.working !== null;
  const ready = snapshot?.state === 'Active';
  return (
    <SimulatorFrame title="Try it: a VPC function calls DynamoDB" busy={simulator.working === 'starting'}>
      <p className="simulator__muted">
        The function sits in the private subnets of a VPC with no NAT gateway and no endpoints, and lists the
        account’s DynamoDB tables with the AWS SDK. Invoke it, then give it a way out and invoke again.
      </p>
      <SimulatorCode caption="The handler (Node.js 24, timeout 3 s)" code={DYNAMODB_HANDLER} />
      <div className="simulator__actions">
        <button
          type="button"
          className={snapshot ? undefined : 'simulator__primary'}
          disabled={busy}
          onClick={() =>
            void simulator.start(
              (world) => startVpcDemo(world),
              (world) => runToEnd(world),
            )
          }
        >
          {snapshot ? 'Start again' : 'Create the VPC and the function'}
        </button>
        <button
          type="button"
          className={snapshot ? 'simulator__primary' : undefined}
          disabled={busy || !ready}
          onClick={() => void simulator.act((active) => active.invoke())}
        >
          Invoke
        </button>
      </div>
      <fieldset className="simulator__controls" disabled={!ready || busy}>
        <legend>Ways out of the private subnets</legend>
        <label>
          <input
            type="checkbox"
            checked={snapshot?.endpoint ?? false}
            onChange={(event) => demo?.setEndpoint(event.target.checked)}
          />{' '}
          DynamoDB gateway endpoint (no charge)
        </label>
        <label>
          <input
            type="checkbox"
            checked={snapshot?.nat ?? false}
            onChange={(event) => demo?.setNat(event.target.checked)}
          />{' '}
          NAT gateway (${NAT_GATEWAY_PRICES.perHourUsd.toFixed(3)} an hour, about{' '}
          {formatUsd(natMonthlyUsd(0))} a month, plus ${NAT_GATEWAY_PRICES.perGbUsd.toFixed(3)} per GB)
        </label>
      </fieldset>
      <SimulatorMessages failure={simulator.failure} status={statusText(snapshot, simulator.working)} />
      {snapshot ? (
        <>
          <p>
            From {snapshot.vpcName}’s private subnets, DynamoDB is{' '}
            <strong>{snapshot.dynamodbReachable ? 'reachable' : 'unreachable'}</strong>:{' '}
            {snapshot.dynamodbPath}.
          </p>
          {snapshot.attempts.length > 0 ? (
            <ol className="simulator__timeline" aria-label="Invocations">
              {snapshot.attempts.map((attempt) => (
                <li key={attempt.number}>
                  Invoke {attempt.number}, {WAY_OUT_TEXT[attempt.wayOut]}:{' '}
                  {attempt.state === 'running'
                    ? 'waiting for DynamoDB…'
                    : `${attempt.state} after ${Math.round(attempt.durationMs)} ms. ${attempt.detail}`}
                </li>
              ))}
            </ol>
          ) : null}
        </>
      ) : null}
    </SimulatorFrame>
  );
}

function statusText(snapshot: VpcDemoSnapshot | null, working: string | null): string {
  if (working === 'starting') return 'Creating the VPC, the function and its network interfaces…';
  if (!snapshot) return 'Nothing created yet.';
  if (snapshot.state !== 'Active')
    return `${snapshot.functionName} is ${snapshot.state}: Lambda is creating its network interfaces.`;
  const last = snapshot.attempts[snapshot.attempts.length - 1];
  if (!last)
    return `${snapshot.functionName} is Active in the private subnets (Lambda kept it Pending while it created the network interfaces).`;
  if (last.state === 'running') return 'Invoking: the call to DynamoDB has not been answered yet…';
  if (last.state === 'timed out')
    return 'Timed out: with no route to DynamoDB the request was never answered, so the function waited until its timeout.';
  return last.state === 'succeeded'
    ? `Succeeded through the ${WAY_OUT_TEXT[last.wayOut]}.`
    : `Failed: ${last.detail}`;
}
