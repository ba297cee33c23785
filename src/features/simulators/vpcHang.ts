/**
 * The hang without an endpoint (VPC lesson): a function in the private subnets of a VPC calls DynamoDB through
 * the real SDK. With no route out the call never gets an answer and the function times out; a DynamoDB gateway
 * endpoint (free) or a NAT gateway (charged by the hour and by the GB) gives it a way, and the same call
 * succeeds. The VPC model, the network gate and the Lambda service decide every outcome; this file builds the
 * VPC, switches the two ways out and records what each invoke did.
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html,
 * https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-ddb.html)
 */
import type { Invocation } from '../../sim';
import type { FunctionStateName } from '../../sim/lambda/functionStatus';
import {
  findLabVpc,
  labEndpoint,
  labNatGateway,
  labVpcConfig,
  setLabEndpoint,
  setLabNat,
} from '../../sim/vpc/labConfig';
import type { VpcNetwork } from '../../sim/vpc/network';
import { createLabVpc, type LabVpc } from '../../sim/vpc/presets';
import { reach } from '../../sim/vpc/reachability';
import { runName, type SimulatorWorld } from './simulatorWorld';
import { createRunListeners } from './runListeners';

/**
 * us-east-1 NAT gateway prices (aws.amazon.com/vpc/pricing: per NAT gateway-hour and per GB processed; gateway
 * endpoints for S3 and DynamoDB carry no charge). Not Lambda prices, so they stay with this demonstration.
 */
export const NAT_GATEWAY_PRICES = { perHourUsd: 0.045, perGbUsd: 0.045 } as const;
const HOURS_PER_MONTH = 730;

/** One NAT gateway for a month, with `gigabytes` through it. */
export function natMonthlyUsd(gigabytes: number): number {
  return NAT_GATEWAY_PRICES.perHourUsd * HOURS_PER_MONTH + NAT_GATEWAY_PRICES.perGbUsd * gigabytes;
}

export const DYNAMODB_HANDLER = `import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

const dynamodb = new DynamoDBClient({}); // once per environment

export const handler = async () => {
  const started = Date.now();
  const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
  return { tables: TableNames.length, tookMs: Date.now() - started };
};
`;

export type WayOut = 'none' | 'endpoint' | 'nat' | 'endpoint and nat';

export interface VpcAttempt {
  number: number;
  wayOut: WayOut;
  state: 'running' | 'succeeded' | 'timed out' | 'failed';
  /** What the invoke returned: the response, or the error type and message. */
  detail: string;
  durationMs: number;
}

export interface VpcDemoSnapshot {
  functionName: string;
  vpcName: string;
  state: FunctionStateName;
  endpoint: boolean;
  nat: boolean;
  /** The network rule's answer for DynamoDB from the function's subnets, in words. */
  dynamodbPath: string;
  dynamodbReachable: boolean;
  attempts: VpcAttempt[];
}

export interface VpcDemo {
  snapshot(): VpcDemoSnapshot;
  setEndpoint(enabled: boolean): void;
  setNat(enabled: boolean): void;
  /** One synchronous invoke; resolves when it ended. */
  invoke(): Promise<VpcAttempt>;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

const VPC_NAME = 'demo';

/**
 * The demo VPC (two zones, private subnets, no NAT, no endpoints) and a function in its private subnets. Lambda
 * keeps the function Pending while it creates the network interfaces; fast-forward to get past it.
 */
export function startVpcDemo(world: SimulatorWorld, options: { timeoutS?: number } = {}): VpcDemo {
  const network = world.networking.network();
  if (!network) throw new Error('This account has no VPC model.');
  const lab = findLabVpc(network, VPC_NAME) ?? createLabVpc(network, { name: VPC_NAME, database: false });
  // Each run starts from the broken network: no endpoint, no NAT.
  setLabEndpoint(network, lab, 'dynamodb', false);
  setLabNat(network, lab, false);
  const functionName = runName('vpc-demo', world);
  const vpcConfig = labVpcConfig(lab, 'private')!;
  const created = world.service.createFunction({
    name: functionName,
    runtime: 'nodejs24.x',
    timeoutS: options.timeoutS ?? 3,
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: DYNAMODB_HANDLER }] },
    vpcConfig,
  });
  if (!created.ok) throw new Error(created.message);

  const run = createRunListeners();
  const notify = run.notify;
  run.hold(world.account.subscribe(notify));
  run.hold(world.service.subscribe(notify));
  run.hold(world.networking.attachments.subscribe(notify));
  const attempts: Array<{ attempt: VpcAttempt; invocation: Invocation }> = [];

  const current = (): LabVpc => findLabVpc(network, VPC_NAME) ?? lab;
  const wayOut = (): WayOut => {
    const endpoint = labEndpoint(network, current(), 'dynamodb') !== undefined;
    const nat = labNatGateway(network, current()) !== undefined;
    if (endpoint && nat) return 'endpoint and nat';
    if (endpoint) return 'endpoint';
    return nat ? 'nat' : 'none';
  };

  return {
    snapshot() {
      const path = reach(network as VpcNetwork, vpcConfig, {
        kind: 'aws',
        service: 'dynamodb',
        hostname: 'dynamodb.us-east-1.amazonaws.com',
      });
      const way = wayOut();
      return {
        functionName,
        vpcName: `${VPC_NAME}-vpc`,
        state: world.service.functionStatus(functionName).state,
        endpoint: way === 'endpoint' || way === 'endpoint and nat',
        nat: way === 'nat' || way === 'endpoint and nat',
        dynamodbPath: path.ok ? path.via : path.reason,
        dynamodbReachable: path.ok,
        attempts: attempts.map(({ attempt, invocation }) => ({ ...attempt, ...describe(invocation) })),
      };
    },
    setEndpoint(enabled) {
      setLabEndpoint(network, current(), 'dynamodb', enabled);
      notify();
    },
    setNat(enabled) {
      setLabNat(network, current(), enabled);
      notify();
    },
    async invoke() {
      const invocation = world.service.invoke(functionName, { type: 'sync', payload: {} });
      const attempt: VpcAttempt = {
        number: attempts.length + 1,
        wayOut: wayOut(),
        state: 'running',
        detail: '',
        durationMs: 0,
      };
      attempts.push({ attempt, invocation });
      notify();
      await invocation.done();
      notify();
      return { ...attempt, ...describe(invocation) };
    },
    subscribe: run.subscribe,
    dispose: run.dispose,
  };
}

function describe(invocation: Invocation): Pick<VpcAttempt, 'state' | 'detail' | 'durationMs'> {
  if (invocation.outcome === undefined) return { state: 'running', detail: '', durationMs: 0 };
  const durationMs = invocation.durationMs;
  if (invocation.outcome === 'success')
    return { state: 'succeeded', detail: invocation.response?.payload ?? '', durationMs };
  const error = invocation.error;
  const text = error ? `${error.errorType}: ${error.errorMessage}` : (invocation.response?.payload ?? '');
  return {
    state: error?.errorType === 'Sandbox.Timedout' ? 'timed out' : 'failed',
    detail: text,
    durationMs,
  };
}
