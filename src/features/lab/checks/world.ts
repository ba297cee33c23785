/**
 * A fresh, isolated world for one run of a step's checks: its own clock, Lambda service, simulated account and
 * runtime host, with the learner's function deployed from their files and function.json. Checks never see the
 * learner's sandbox or playground state, so code cannot fake a pass, and every run starts from the same account.
 * Pure TypeScript over injected effects (the host, real time): the lab page passes the page's sandbox host, the
 * CI runner (scripts/lab-check.ts) an in-process host.
 */
import {
  type LambdaService,
  type VirtualClock,
  type CodeFile,
  type EnvironmentHost,
  type FunctionConfigInput,
  type LayerContent,
  type LayerConfig,
} from '../../../sim';
import type { LiveClock, RealTime } from '../../../sim/liveClock';
import { ACCOUNT_ID, REGION, type AwsAccount } from '../../../sim/aws/account';
import { createWorkspace, type Workspace } from '../../../app/workspaces';
import { applyVpcBlock, type VpcBlockInput } from '../../../sim/vpc/labConfig';
import type { WorkspaceNetworking } from '../../../sim/vpc/workspaceNetworking';
import type { VpcConfig } from '../../../sim/config';
import { createLabMappings } from '../../../sim/lambda/eventSources/labConfig';
import type { ApiGateway } from '../../../sim/apigateway';
import type { DynamoDb } from '../../../sim/aws/dynamodb';
import type { SqsService } from '../../../sim/aws/sqs/sqs';
import { DEMO_LAYER_CONTENTS } from '../../../sandbox/runtimes/nodejs/layers';
import { PYTHON_POWERTOOLS_LAYER } from '../../../sandbox/runtimes/python/layers/powertools/pythonPowertoolsLayer';
import type { LabFiles, LabFunctionConfig } from '../model/labFormat';

export const LAB_FUNCTION = 'orders';

export interface LabWorld {
  clock: VirtualClock;
  live: LiveClock;
  service: LambdaService;
  account: AwsAccount;
  host: EnvironmentHost;
  functionName: string;
  /** Problems deploying the learner's function (the Lambda API's own messages). */
  deployErrors: string[];
  /** API Gateway and function URLs in front of the service (the function's `api` block creates one). */
  apiGateway: ApiGateway;
  /** The VPC model, the network gate (connection records) and the VPC's PostgreSQL databases. */
  networking: WorkspaceNetworking;
  /** SDK calls the world's environments made so far (power tuning models their wait; see src/sim/powerTuning.ts). */
  awsCalls(): number;
  /**
   * Wall time (ms) during which at least one of the world's environments was starting or initialising: the
   * sandbox's boot and the runtime's init, not the check's own work (the runner's time limit leaves it out).
   */
  startupWallMs(): number;
  /** Environments the world started so far. */
  environmentsStarted(): number;
  dispose(): Promise<void>;
}

/** Plain JSON to a DynamoDB item (S, N, BOOL, NULL, L, M), as the DocumentClient marshals it. */
export function toAttributeValue(v: unknown): Record<string, unknown> {
  if (v === null || v === undefined) return { NULL: true };
  if (typeof v === 'string') return { S: v };
  if (typeof v === 'number') return { N: String(v) };
  if (typeof v === 'boolean') return { BOOL: v };
  if (Array.isArray(v)) return { L: v.map(toAttributeValue) };
  return {
    M: Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, toAttributeValue(x)]),
    ),
  };
}

export function fromAttributeValue(v: Record<string, unknown>): unknown {
  if ('S' in v) return v.S;
  if ('N' in v) return Number(v.N);
  if ('BOOL' in v) return v.BOOL;
  if ('NULL' in v) return null;
  if ('L' in v) return (v.L as Record<string, unknown>[]).map(fromAttributeValue);
  if ('M' in v)
    return Object.fromEntries(
      Object.entries(v.M as Record<string, Record<string, unknown>>).map(([k, x]) => [
        k,
        fromAttributeValue(x),
      ]),
    );
  if ('SS' in v) return v.SS;
  if ('NS' in v) return (v.NS as string[]).map(Number);
  return v;
}

const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`;

/** Split the learner's files into the deployment package and the layers under `layers/<name>/`. */
export function packageOf(files: Record<string, string>): { code: CodeFile[]; layers: LayerContent[] } {
  const code: CodeFile[] = [];
  const layers = new Map<string, CodeFile[]>();
  for (const [path, content] of Object.entries(files)) {
    const m = /^layers\/([^/]+)\/(.+)$/.exec(path);
    if (m) {
      const list = layers.get(m[1]!) ?? [];
      list.push({ path: m[2]!, content });
      layers.set(m[1]!, list);
    } else code.push({ path, content });
  }
  return {
    code,
    layers: [...layers].map(([name, list]) => ({
      arn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:layer:${name}:1`,
      name,
      version: 1,
      files: list,
    })),
  };
}

const bytes = (files: Array<{ content: string }>) =>
  files.reduce((n, f) => n + new TextEncoder().encode(f.content).byteLength, 0);

/** The CreateFunction input for a learner's files and function.json. */
export function functionInputOf(
  runtime: string,
  lab: LabFiles,
  vpcConfig?: VpcConfig | null,
): FunctionConfigInput {
  const c: LabFunctionConfig = lab.config;
  const { code, layers } = packageOf(lab.files);
  const layerConfigs: LayerConfig[] = c.layers.map((name) => {
    const own = layers.find((l) => l.name === name);
    const demo = [...DEMO_LAYER_CONTENTS, PYTHON_POWERTOOLS_LAYER].find((l) => l.name === name);
    const content = own ?? demo;
    return {
      name,
      unzippedMb: content ? bytes(content.files) / (1024 * 1024) : 0,
      ...(content ? { content } : {}),
    };
  });
  return {
    name: LAB_FUNCTION,
    runtime: runtime as FunctionConfigInput['runtime'],
    memoryMb: c.memoryMb,
    timeoutS: c.timeoutS,
    environment: c.environment,
    packageMb: bytes(code) / (1024 * 1024),
    layers: layerConfigs,
    code: { handler: c.handler, files: code },
    logging: {
      logFormat: c.logging.format,
      applicationLogLevel: c.logging.applicationLogLevel,
      systemLogLevel: c.logging.systemLogLevel,
    },
    tracing: c.tracing,
    ...(vpcConfig ? { vpcConfig } : {}),
    ...(c.async
      ? {
          async: {
            maxRetryAttempts: c.async.maxRetryAttempts,
            maxEventAgeS: c.async.maxEventAgeS,
            onFailure: c.async.onFailure ? queueArn(c.async.onFailure) : false,
            onSuccess: c.async.onSuccess ? queueArn(c.async.onSuccess) : false,
            dlq: c.async.deadLetterQueue ? queueArn(c.async.deadLetterQueue) : false,
          },
        }
      : {}),
  };
}

export interface WorldOptions {
  host: EnvironmentHost;
  realTime: RealTime;
  runtime: string;
  lab: LabFiles;
  seed?: number;
  epochMs?: number;
  /**
   * Virtual time before provisioned environments are created (ServiceOptions.provisionedPreparationMs). The
   * checks' worlds wait as AWS does (runner.ts), so a check that only reads the configuration starts none; the
   * try-it world starts them at once, as a learner presses "Run load test" right after changing function.json.
   */
  provisionedPreparationMs?: number;
}

let worlds = 0;

/** Wall time with at least one environment starting or initialising (see LabWorld.startupWallMs). */
class StartupTimer {
  private inFlight = 0;
  private since = 0;
  private total = 0;

  constructor(private readonly now: () => number) {}

  /** Environments started (each start is one sandbox process: a worker, a Pyodide interpreter for Python). */
  starts = 0;

  track<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight++ === 0) this.since = this.now();
    const done = () => {
      if (--this.inFlight === 0) this.total += this.now() - this.since;
    };
    let started: Promise<T>;
    try {
      started = work();
    } catch (error) {
      done();
      throw error;
    }
    return started.finally(done);
  }

  wallMs(): number {
    return this.total + (this.inFlight > 0 ? this.now() - this.since : 0);
  }
}

/**
 * A host the workspace may not dispose: the page's (or the CI runner's) host outlives every check's world. Checks
 * run one after another, so each world's executor takes the host's AWS handler in turn.
 */
function borrowed(host: EnvironmentHost, counter: { calls: number }, startup: StartupTimer): EnvironmentHost {
  return {
    start: (id, runtime) => {
      startup.starts++;
      return startup.track(() => host.start(id, runtime));
    },
    init: (id, request) => startup.track(() => host.init(id, request)),
    invoke: (id, request) => host.invoke(id, request),
    stop: (id, options) => host.stop(id, options),
    onLog: (listener) => host.onLog(listener),
    onCrash: (listener) => host.onCrash(listener),
    setAwsHandler: (handler) =>
      host.setAwsHandler(
        handler
          ? (id, request) => {
              counter.calls++;
              return handler(id, request);
            }
          : null,
      ),
    ...(host.tmp ? { tmp: (id: string) => host.tmp!(id) } : {}),
  };
}

/** The world is a workspace (src/app/workspaces.ts) with an unsaved account and the learner's function in it. */
export async function createLabWorld(options: WorldOptions): Promise<LabWorld> {
  const counter = { calls: 0 };
  const startup = new StartupTimer(() => options.realTime.now());
  const workspace = createWorkspace(`lab-check-${++worlds}`, {
    host: borrowed(options.host, counter, startup),
    realTime: options.realTime,
    seed: options.seed ?? 2026,
    epochMs: options.epochMs ?? Date.UTC(2026, 11, 1, 9),
    accountStore: null,
    ...(options.provisionedPreparationMs
      ? { provisionedPreparationMs: options.provisionedPreparationMs }
      : {}),
  });
  await workspace.ready;
  // A call with no route can only end at the function's timeout: the checks do not wait for it in wall time.
  workspace.live.skipWhileStalled(() => workspace.executor.stalled?.() ?? false);
  const deployed = deploy(workspace, options.runtime, options.lab);
  const deployErrors = deployed.errors;
  for (const statement of deployed.databaseSetup) {
    try {
      await workspace.networking.databases.query(deployed.databaseId, statement);
    } catch (e) {
      deployErrors.push(`Database setup: ${(e as Error).message}`);
    }
  }
  if (deployed.databaseId) await workspace.networking.databases.warmUp();
  // A function in a VPC is Pending while Lambda creates its network interfaces: the learner's was deployed a
  // while ago, so the checks start once they exist. Its versions, aliases and provisioned concurrency come after
  // (Lambda publishes an Active function): provisioned environments then prepare and initialise while the check
  // runs, and a check that only reads the configuration does not wait for them.
  await settleNetwork(workspace.live, workspace.networking, LAB_FUNCTION);
  if (workspace.service.hasFunction(LAB_FUNCTION))
    deployErrors.push(...configureVersions(workspace, options.lab));
  const api = options.lab.config.api;
  if (api && workspace.service.hasFunction(LAB_FUNCTION)) {
    const common = {
      name: `${LAB_FUNCTION}-api`,
      functionName: LAB_FUNCTION,
      ...(api.qualifier ? { qualifier: api.qualifier } : {}),
    };
    const created =
      api.type === 'url'
        ? workspace.apiGateway.createFunctionUrl({
            functionName: LAB_FUNCTION,
            authType: 'NONE',
            ...(api.qualifier ? { qualifier: api.qualifier } : {}),
          })
        : api.type === 'rest'
          ? workspace.apiGateway.createRestApi({
              ...common,
              stage: 'prod',
              routes: api.routes.length ? api.routes : ['ANY /{proxy+}'],
            })
          : workspace.apiGateway.createHttpApi({
              ...common,
              routes: api.routes.length ? api.routes : ['$default'],
            });
    if (!created.ok) deployErrors.push(`API: ${created.message}`);
  }
  return {
    clock: workspace.clock,
    live: workspace.live,
    service: workspace.service,
    account: workspace.account,
    host: options.host,
    functionName: LAB_FUNCTION,
    deployErrors,
    apiGateway: workspace.apiGateway,
    networking: workspace.networking,
    awsCalls: () => counter.calls,
    startupWallMs: () => startup.wallMs(),
    environmentsStarted: () => startup.starts,
    dispose: () => workspace.dispose(),
  };
}

/** Lets virtual time run until the function's network interfaces exist (nothing when it has no VPC). */
export async function settleNetwork(
  live: LiveClock,
  networking: WorkspaceNetworking,
  functionName: string,
): Promise<void> {
  for (let step = 0; step < 100; step++) {
    const readyAt = networking.attachments.pendingUntil(functionName);
    if (readyAt === undefined) return;
    const result = await live.fastForward({ until: 'next', maxMs: Math.max(1, readyAt - live.clock.now()) });
    if (result.reason !== 'next' && live.clock.now() < readyAt) live.clock.advanceTo(readyAt);
  }
}

/** A function.json `vpc` block built in the world's VPC model: the VpcConfig to give the function. */
export function labVpcOf(
  networking: WorkspaceNetworking,
  block: VpcBlockInput | undefined,
): { vpcConfig: VpcConfig | null; errors: string[]; databaseSetup: string[]; database: string } {
  const network = networking.network();
  if (!block || !network) return { vpcConfig: null, errors: [], databaseSetup: [], database: '' };
  try {
    const applied = applyVpcBlock(network, block);
    return {
      vpcConfig: applied.vpcConfig,
      errors: [],
      databaseSetup: applied.databaseSetup,
      database: applied.lab.database?.id ?? '',
    };
  } catch (e) {
    return { vpcConfig: null, errors: [`VPC: ${(e as Error).message}`], databaseSetup: [], database: '' };
  }
}

function deploy(
  workspace: Workspace,
  runtime: string,
  lab: LabFiles,
): { errors: string[]; databaseSetup: string[]; databaseId: string } {
  const { service, account } = workspace;
  const errors: string[] = [];
  const c = lab.config;
  // Account resources first: the function's init may read them.
  const dynamodb = account.service<DynamoDb>('dynamodb');
  for (const t of c.resources.tables) {
    dynamodb?.call('CreateTable', {
      TableName: t.name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: t.partitionKey, AttributeType: 'S' },
        ...(t.sortKey ? [{ AttributeName: t.sortKey, AttributeType: 'S' }] : []),
      ],
      KeySchema: [
        { AttributeName: t.partitionKey, KeyType: 'HASH' },
        ...(t.sortKey ? [{ AttributeName: t.sortKey, KeyType: 'RANGE' }] : []),
      ],
    });
    for (const item of t.items)
      dynamodb?.call('PutItem', {
        TableName: t.name,
        Item: (toAttributeValue(item) as { M: Record<string, unknown> }).M,
      });
  }
  const sqs = account.service<SqsService>('sqs');
  for (const q of [...c.resources.queues].sort((a, b) => Number(!!a.deadLetter) - Number(!!b.deadLetter))) {
    const attributes: Record<string, string> = {};
    if (q.visibilityTimeoutS !== undefined) attributes.VisibilityTimeout = String(q.visibilityTimeoutS);
    if (q.deadLetter)
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: queueArn(q.deadLetter.queue),
        maxReceiveCount: q.deadLetter.maxReceiveCount,
      });
    try {
      sqs?.createQueue(q.name, attributes);
    } catch (e) {
      errors.push(`Queue ${q.name}: ${(e as Error).message}`);
    }
  }

  const vpc = labVpcOf(workspace.networking, c.vpc);
  errors.push(...vpc.errors);
  const databaseSetup = vpc.databaseSetup;
  const databaseId = vpc.database;
  const created = service.createFunction(functionInputOf(runtime, lab, vpc.vpcConfig));
  if (!created.ok) return { errors: [...errors, created.message], databaseSetup, databaseId };
  errors.push(...createLabMappings(workspace.networking.mappings, account, LAB_FUNCTION, c.eventSources));
  return { errors, databaseSetup, databaseId };
}

/** The function's published version, aliases, reserved and provisioned concurrency: the Lambda API's messages. */
function configureVersions(workspace: Workspace, lab: LabFiles): string[] {
  const { service } = workspace;
  const c = lab.config;
  const errors: string[] = [];
  if (c.publish) {
    const v = service.publishVersion(LAB_FUNCTION);
    if (!v.ok) errors.push(v.message);
  }
  for (const a of c.aliases) {
    const r = service.createAlias(LAB_FUNCTION, a.name, a.version);
    if (!r.ok) errors.push(`Alias ${a.name}: ${r.message}`);
  }
  if (c.reservedConcurrency !== undefined) {
    const r = service.putFunctionConcurrency(LAB_FUNCTION, c.reservedConcurrency);
    if (!r.ok) errors.push(`Reserved concurrency: ${r.error}`);
  }
  for (const p of c.provisioned) {
    const r = service.putProvisionedConcurrency(LAB_FUNCTION, p.qualifier, p.count);
    if (!r.ok) errors.push(`Provisioned concurrency on ${p.qualifier}: ${r.message}`);
  }
  return errors;
}
