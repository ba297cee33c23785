/**
 * The network between a function's environments and everything they call: each request an environment sends (an
 * AWS SDK call, a `fetch` to the course internet, a query to the VPC's database) is checked against the
 * function's attached network (attachments.ts) with the one rule in reachability.ts. A request with a path goes on
 * to the account, the course internet or the database; one without a path never gets an answer — the connection
 * attempt hangs, as it does in a VPC with no route, until the function times out and its environment is stopped.
 *
 * The worker executor's `aws` option is where this plugs in (src/app/workspaces.ts):
 *   aws: gate.wrap((caller, request) => account.handle(request, callerOf(caller)))
 */
import { AwsAccount } from '../aws/account';
import type { AwsHttpRequest, AwsHttpResponse } from '../aws/http';
import type { Clock } from '../clock';
import type { AwsCallerInfo } from '../lambda/executors/worker';
import type { AwsCallRequest, AwsCallResponse } from '../lambda/host';
import type { VpcAttachments } from './attachments';
import { answerCourseInternet, isCourseInternetHost } from './internet';
import type { VpcNetwork } from './network';
import { reach, type Destination, type Reach } from './reachability';

export interface ConnectionRecord {
  at: number;
  functionName: string;
  requestId: string | undefined;
  hostname: string;
  destination: Destination['kind'] | 'unknown';
  result: Reach;
}

/** Answers the VPC's database endpoints (the lab's PostgreSQL): see database.ts. */
export type DatabaseHandler = (databaseId: string, request: AwsHttpRequest) => Promise<AwsHttpResponse>;

export interface NetworkGateOptions {
  clock: Clock;
  epochMs: number;
  /** The account's VPC model (the `ec2` service), if the account has one. */
  network: () => VpcNetwork | undefined;
  attachments: VpcAttachments;
  database?: DatabaseHandler;
}

type Forward = (caller: AwsCallerInfo, request: AwsCallRequest) => Promise<AwsCallResponse>;

const RECENT = 50;

export class NetworkGate {
  private readonly recent: ConnectionRecord[] = [];
  private readonly listeners = new Set<() => void>();
  /** Requests waiting for a connection that will never be made (for views and tests). */
  hanging = 0;

  constructor(private readonly options: NetworkGateOptions) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  connections(): readonly ConnectionRecord[] {
    return [...this.recent];
  }

  /** What a request is for: an AWS endpoint, the course internet, or a database in a VPC. */
  classify(hostname: string): Destination | null {
    const host = hostname.toLowerCase();
    if (isCourseInternetHost(host)) return { kind: 'internet', hostname: host };
    const database = this.options.network()?.databaseByHost(host);
    if (database) return { kind: 'database', hostname: host, port: database.port, id: database.id };
    const service = AwsAccount.serviceOf(host);
    if (service) return { kind: 'aws', service, hostname: host };
    return null;
  }

  /** Wraps the account's request path with the network rule. */
  wrap(forward: Forward): Forward {
    return (caller, request) => this.send(caller, request, forward);
  }

  /** One request through the rule; `forward` answers it when the destination is an AWS endpoint. */
  route(
    caller: AwsCallerInfo,
    request: AwsCallRequest,
    forward: () => Promise<AwsCallResponse>,
  ): Promise<AwsCallResponse> {
    return this.send(caller, request, () => forward());
  }

  private send(caller: AwsCallerInfo, request: AwsCallRequest, forward: Forward): Promise<AwsCallResponse> {
    const destination = this.classify(request.hostname);
    const network = this.options.network();
    if (!destination || isXrayDaemonDelivery(destination, request)) return forward(caller, request);
    const vpcConfig = this.options.attachments.attachedConfig(caller.functionName);
    const result: Reach =
      network || destination.kind !== 'database'
        ? network
          ? reach(network, vpcConfig, destination, (count) => pickByRequest(caller.requestId, count))
          : reach(emptyNetwork, vpcConfig, destination)
        : { ok: false, reason: 'no VPC model' };
    this.record({
      at: this.options.clock.now(),
      functionName: caller.functionName,
      requestId: caller.requestId,
      hostname: request.hostname,
      destination: destination.kind,
      result,
    });
    if (!result.ok) {
      this.hanging++;
      // No path: nothing ever answers. The function's timeout stops the environment, which drops the call. The
      // executor learns that this environment now waits without running code (a clock may skip to the timeout).
      caller.neverAnswered?.();
      return new Promise<AwsCallResponse>(() => {});
    }
    if (destination.kind === 'internet')
      return Promise.resolve(
        answerCourseInternet(request, {
          sourceIp: result.sourceIp,
          nowEpochMs: this.options.epochMs + this.options.clock.now(),
        }),
      );
    if (destination.kind === 'database') {
      const handler = this.options.database;
      if (!handler)
        return Promise.reject(new Error(`connect ECONNREFUSED ${destination.hostname}:${destination.port}`));
      return handler(destination.id, request);
    }
    return forward(caller, request);
  }

  private record(connection: ConnectionRecord): void {
    this.recent.push(connection);
    if (this.recent.length > RECENT) this.recent.splice(0, this.recent.length - RECENT);
    for (const listener of this.listeners) listener();
  }
}

/**
 * Trace segments from the X-Ray SDK (Powertools Tracer, in both languages) reach X-Ray through the daemon, which
 * Lambda runs beside the function on a link-local address (AWS_XRAY_DAEMON_ADDRESS, 169.254.79.129:2000), so
 * tracing works from a VPC without a NAT gateway or an X-Ray endpoint ("Using AWS Lambda with AWS X-Ray"). The
 * sandbox's tracers send their documents as PutTraceSegments (POST /TraceSegments); those skip the VPC rule. Any
 * other X-Ray API call from a VPC function needs a route like every AWS call.
 */
function isXrayDaemonDelivery(destination: Destination, request: AwsCallRequest): boolean {
  return (
    destination.kind === 'aws' &&
    destination.service === 'xray' &&
    request.method === 'POST' &&
    request.path === '/TraceSegments'
  );
}

/** A function in several subnets uses one per connection: the same request always picks the same one. */
function pickByRequest(requestId: string | undefined, count: number): number {
  let hash = 0;
  for (const char of requestId ?? '') hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return (hash >>> 0) % count;
}

/** Functions outside any VPC need no model; one inside needs its subnets to exist. */
const emptyNetwork = {
  subnet: () => undefined,
  routeTableOf: () => undefined,
  securityGroup: () => undefined,
  natGateway: () => undefined,
  internetGateway: () => undefined,
  view: () => ({
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    natGateways: [],
    endpoints: [],
    securityGroups: [],
    databases: [],
  }),
} as unknown as VpcNetwork;

export function createNetworkGate(options: NetworkGateOptions): NetworkGate {
  return new NetworkGate(options);
}
