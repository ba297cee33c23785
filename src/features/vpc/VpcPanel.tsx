/**
 * The playground's "VPC" tab: the account's lab VPC as a diagram (availability zones, public and private subnets,
 * route tables, the internet and NAT gateways, endpoints, the function's network interfaces), the controls a
 * learner uses to break and fix it (put the function in private or public subnets, add a NAT gateway, add gateway
 * endpoints), what the function can reach from where it is (the same rule the calls go through, reachability.ts),
 * and its recent connections — the ones that hung included.
 */
import { useId, useReducer, useState } from 'react';
import type { Workspace } from '../../app/workspaces';
import type { EndpointService, RouteTable, VpcNetwork } from '../../sim/vpc/network';
import {
  findLabVpc,
  labEndpoint,
  labNatGateway,
  labVpcConfig,
  setLabEndpoint,
  setLabNat,
} from '../../sim/vpc/labConfig';
import { createLabVpc, type LabVpc } from '../../sim/vpc/presets';
import { reach, type Destination } from '../../sim/vpc/reachability';
import { useChangeCounter } from '../eventSources/useChangeCounter';
import './vpc.css';

const DESTINATIONS: Array<{ label: string; destination: Destination }> = [
  {
    label: 'DynamoDB',
    destination: { kind: 'aws', service: 'dynamodb', hostname: 'dynamodb.us-east-1.amazonaws.com' },
  },
  { label: 'S3', destination: { kind: 'aws', service: 's3', hostname: 's3.us-east-1.amazonaws.com' } },
  { label: 'SQS', destination: { kind: 'aws', service: 'sqs', hostname: 'sqs.us-east-1.amazonaws.com' } },
  { label: 'The internet (api.example.com)', destination: { kind: 'internet', hostname: 'api.example.com' } },
];

type Placement = 'none' | 'private' | 'public';

function placementOf(lab: LabVpc | undefined, subnetIds: readonly string[] | undefined): Placement {
  if (!lab || !subnetIds || subnetIds.length === 0) return 'none';
  return subnetIds.every((id) => lab.publicSubnets.some((subnet) => subnet.subnetId === id))
    ? 'public'
    : 'private';
}

export function VpcPanel({ workspace, functionName }: { workspace: Workspace | null; functionName: string }) {
  useChangeCounter([
    workspace?.account.subscribe.bind(workspace.account),
    workspace?.service.subscribe.bind(workspace.service),
    workspace?.networking.attachments.subscribe.bind(workspace.networking.attachments),
    workspace?.networking.gate.subscribe.bind(workspace.networking.gate),
    workspace?.live.subscribe.bind(workspace.live),
  ]);
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  // The sources above re-render at most once a frame; a control the learner just used re-renders in the same event,
  // so a controlled checkbox or radio never snaps back for a frame (and a click's state is visible at once).
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  if (!workspace) return <p className="sbx-muted">Starting the sandbox…</p>;
  const network = workspace.networking.network();
  if (!network) return <p className="sbx-muted">This account has no VPC model.</p>;
  const lab = findLabVpc(network);
  const service = workspace.service;
  const exists = service.hasFunction(functionName);
  const config = exists ? service.getFunction(functionName)!.vpcConfig : null;
  const status = exists ? service.functionStatus(functionName) : null;
  const placement = placementOf(lab, config?.subnetIds);
  const pendingUntil = workspace.networking.attachments.pendingUntil(functionName);
  const attached = workspace.networking.attachments.attachedConfig(functionName);

  const act = (action: () => void) => {
    setProblem(null);
    try {
      action();
    } catch (error) {
      setProblem((error as Error).message);
    }
    rerender();
  };

  const place = (next: Placement) =>
    act(() => {
      if (!lab) return;
      const result = service.updateFunction(functionName, { vpcConfig: labVpcConfig(lab, next) });
      if (!result.ok) setProblem(result.message);
    });

  return (
    <div className="vpc">
      {!lab ? (
        <p>
          <button type="button" onClick={() => act(() => createLabVpc(network))}>
            Create lab VPC
          </button>{' '}
          <span className="sbx-muted">
            Two availability zones with a public and a private subnet each, an internet gateway, no NAT
            gateway and no endpoints.
          </span>
        </p>
      ) : (
        <>
          <fieldset className="pg-fieldset">
            <legend>Function network</legend>
            {(['none', 'private', 'public'] as const).map((value) => (
              <label key={value} className="vpc__radio">
                <input
                  type="radio"
                  name={`${id}-placement`}
                  checked={placement === value}
                  disabled={!exists}
                  onChange={() => place(value)}
                />
                {value === 'none'
                  ? "No VPC (Lambda's own network)"
                  : value === 'private'
                    ? 'Private subnets of lab-vpc'
                    : 'Public subnets of lab-vpc'}
              </label>
            ))}
            <p role="status" className="sbx-muted" data-testid="function-network-state">
              {!exists
                ? 'The function is created when the sandbox starts.'
                : pendingUntil !== undefined
                  ? `State ${status!.state}, last update ${status!.lastUpdateStatus}: creating network interfaces (${Math.max(
                      0,
                      Math.ceil((pendingUntil - workspace.clock.now()) / 1000),
                    )} s left; Fast-forward skips the wait).`
                  : `State ${status!.state}, last update ${status!.lastUpdateStatus}.`}
            </p>
          </fieldset>
          <div className="vpc__controls">
            <label className="vpc__check">
              <input
                type="checkbox"
                checked={labNatGateway(network, lab) !== undefined}
                onChange={(event) => act(() => setLabNat(network, lab, event.target.checked))}
              />
              NAT gateway for the private subnets
            </label>
            {(['dynamodb', 's3'] as EndpointService[]).map((endpointService) => (
              <label key={endpointService} className="vpc__check">
                <input
                  type="checkbox"
                  checked={labEndpoint(network, lab, endpointService) !== undefined}
                  onChange={(event) =>
                    act(() => setLabEndpoint(network, lab, endpointService, event.target.checked))
                  }
                />
                {endpointService === 'dynamodb' ? 'DynamoDB' : 'S3'} gateway endpoint
              </label>
            ))}
          </div>
          {problem && (
            <p role="alert" className="sbx-error">
              {problem}
            </p>
          )}
          <VpcDiagram
            network={network}
            lab={lab}
            functionName={functionName}
            attachedSubnets={attached?.subnetIds ?? []}
          />
        </>
      )}
      <table className="vpc__table" aria-label={`What ${functionName} can reach`}>
        <thead>
          <tr>
            <th scope="col">Destination</th>
            <th scope="col">From {functionName}</th>
          </tr>
        </thead>
        <tbody>
          {DESTINATIONS.map(({ label, destination }) => {
            const result = reach(network, attached, destination);
            return (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className={result.ok ? 'vpc__ok' : 'vpc__bad'}>
                  {result.ok ? `Reachable: ${result.via}` : `Hangs: ${result.reason}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Connections workspace={workspace} />
    </div>
  );
}

function routeText(table: RouteTable | undefined): string[] {
  return (table?.routes ?? []).map((route) => {
    const target = route.target.kind === 'local' ? 'local' : route.target.id;
    return `${route.destination} → ${target}`;
  });
}

function VpcDiagram({
  network,
  lab,
  functionName,
  attachedSubnets,
}: {
  network: VpcNetwork;
  lab: LabVpc;
  functionName: string;
  attachedSubnets: readonly string[];
}) {
  const state = network.view();
  const zones = [
    ...new Set([...lab.publicSubnets, ...lab.privateSubnets].map((subnet) => subnet.availabilityZone)),
  ].sort();
  const endpoints = state.endpoints.filter((endpoint) => endpoint.vpcId === lab.vpc.vpcId);
  // The database's private endpoint sits in the private subnets it was created in (one address per zone).
  const databases = state.databases.filter((database) => database.vpcId === lab.vpc.vpcId);
  const nats = state.natGateways.filter((nat) =>
    [...lab.publicSubnets].some((subnet) => subnet.subnetId === nat.subnetId),
  );
  return (
    <figure className="vpc__diagram" aria-label={`Diagram of ${lab.vpc.name}`}>
      <div className="vpc__outside">
        <div className="vpc__node vpc__node--internet">Internet</div>
        <div className="vpc__node vpc__node--aws">AWS services (DynamoDB, S3, SQS, …)</div>
      </div>
      <div className="vpc__box">
        <div className="vpc__box-title">
          {lab.vpc.name} <span className="sbx-muted">{lab.vpc.cidrBlock}</span>
          <span className="vpc__node vpc__node--igw">Internet gateway {lab.internetGatewayId}</span>
        </div>
        <div className="vpc__zones">
          {zones.map((zone) => (
            <section key={zone} className="vpc__zone" aria-label={`Availability zone ${zone}`}>
              <h5>{zone}</h5>
              {[...lab.publicSubnets, ...lab.privateSubnets]
                .filter((subnet) => subnet.availabilityZone === zone)
                .map((subnet) => {
                  const isPublic = lab.publicSubnets.includes(subnet);
                  const table = network.routeTableOf(subnet.subnetId);
                  const nat = nats.find((item) => item.subnetId === subnet.subnetId);
                  const hasFunction = attachedSubnets.includes(subnet.subnetId);
                  return (
                    <div
                      key={subnet.subnetId}
                      className={`vpc__subnet ${isPublic ? 'vpc__subnet--public' : 'vpc__subnet--private'}`}
                      role="group"
                      aria-label={`Subnet ${subnet.name}`}
                    >
                      <div>
                        <strong>{subnet.name}</strong> <span className="sbx-muted">{subnet.cidrBlock}</span>{' '}
                        <span className="sbx-badge">{isPublic ? 'public' : 'private'}</span>
                      </div>
                      <ul className="vpc__routes" aria-label={`Routes of ${subnet.name}`}>
                        {routeText(table).map((line) => (
                          <li key={line}>{line}</li>
                        ))}
                      </ul>
                      {nat && (
                        <div className="vpc__node vpc__node--nat">
                          NAT gateway {nat.natGatewayId} ({nat.publicIp})
                        </div>
                      )}
                      {hasFunction && (
                        <div className="vpc__node vpc__node--eni">λ {functionName} (network interface)</div>
                      )}
                      {databases
                        .filter((database) => database.subnetIds.includes(subnet.subnetId))
                        .map((database) => (
                          <div key={database.id} className="vpc__node vpc__node--database">
                            PostgreSQL {database.name}: {database.hostname}:{database.port} (
                            {database.securityGroupIds
                              .map((id) => network.securityGroup(id)?.name ?? id)
                              .join(', ')}
                            )
                          </div>
                        ))}
                    </div>
                  );
                })}
            </section>
          ))}
        </div>
        {endpoints.length > 0 && (
          <ul className="vpc__endpoints" aria-label="Endpoints">
            {endpoints.map((endpoint) => (
              <li key={endpoint.vpcEndpointId} className="vpc__node vpc__node--endpoint">
                {endpoint.type} endpoint {endpoint.serviceName} ({endpoint.vpcEndpointId})
              </li>
            ))}
          </ul>
        )}
      </div>
      <figcaption className="sbx-muted">
        Public subnets route 0.0.0.0/0 to the internet gateway; private subnets reach outside the VPC only
        through a NAT gateway or an endpoint.
      </figcaption>
    </figure>
  );
}

function Connections({ workspace }: { workspace: Workspace }) {
  const connections = workspace.networking.gate.connections().slice(-8).reverse();
  if (connections.length === 0) return null;
  return (
    <section aria-label="Recent connections">
      <h4 className="sbx-heading">Recent connections</h4>
      <ul className="vpc__connections">
        {connections.map((connection, index) => (
          <li key={`${connection.at}-${index}`} className={connection.result.ok ? 'vpc__ok' : 'vpc__bad'}>
            {(connection.at / 1000).toFixed(1)} s {connection.functionName} → {connection.hostname}:{' '}
            {connection.result.ok
              ? `connected via ${connection.result.via}`
              : `no answer (${connection.result.reason})`}
          </li>
        ))}
      </ul>
    </section>
  );
}
