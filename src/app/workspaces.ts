/**
 * The one place where a learner's Lambda world is assembled from real adapters: the page's sandbox (a worker per
 * environment), the live clock (virtual time following real time), the Lambda service that routes, logs and
 * bills every invocation, and the simulated AWS account its functions call through the real SDK. A workspace is
 * one such world: the playground has one, lesson embeds share one per page, and each lab will get its own.
 * Loaded lazily: nothing here is in a lesson's first load.
 *
 * The account belongs to the workspace, never to learner code (issue #11): environments reach it only through
 * `aws.call` on their port, it is saved per workspace in IndexedDB (accountPersistence.ts), and no SDK request
 * reaches it before the saved copy is restored. The wiring:
 *
 * - worker executor `aws` → the account's handler, with the calling function and invocation as `AwsCaller`, and
 *   an X-Ray subsegment per call when the invocation is traced;
 * - `account.connectLambda` → async invokes by name or ARN (SNS, EventBridge, S3 notifications);
 *   async destinations and dead-letter queues → the account's queues, topics, functions and buses;
 *   `lambda.us-east-1.amazonaws.com` → the service (the SDK's Lambda client);
 * - the service's log records → CloudWatch Logs (`/aws/lambda/<name>`, a stream per environment, each record as
 *   its CloudWatch line, so Logs Insights and EMF metrics see what the learner sees);
 * - tracing Active → a trace per attempt in X-Ray (lambdaTracing.ts).
 */
import { LambdaService, VirtualClock, createWorkerExecutor, type Executor } from '../sim';
import type { EnvironmentHost } from '../sim/lambda/host';
import { LiveClock, type RealTime } from '../sim/liveClock';
import { AwsAccount } from '../sim/aws/account';
import type { AwsCaller } from '../sim/aws/http';
import { ALL_SERVICES } from '../sim/aws/services';
import { accountDestinations, createLambdaApi, LambdaTracing } from '../sim/aws/lambda';
import { lambdaLogGroupName, type LogsService } from '../sim/aws/logs';
import { tracedHandler, type XRayService } from '../sim/aws/xray';
import { createSandboxHost } from '../sandbox/host/sandboxHost';
import { openAccountStore, type AccountStore } from '../platform/accountStore';
import { pageRealTime, randomSeed } from '../platform/realTime';
import { AccountPersistence } from './accountPersistence';
import { seedWorkspaceAccount } from './accountSeeds';
import { connectWorkspaceNetworking, type WorkspaceNetworking } from '../sim/vpc/workspaceNetworking';
import { asyncSources, type AsyncSources } from '../sim/lambda/eventSources/asyncSources';
import { ApiGateway } from '../sim/apigateway';
import { pageSqlEngine } from '../platform/sqlEngineWorker';

export interface Workspace {
  readonly id: string;
  readonly clock: VirtualClock;
  readonly live: LiveClock;
  readonly service: LambdaService;
  readonly host: EnvironmentHost;
  readonly executor: Executor;
  /** The simulated AWS account of this workspace (us-east-1, 123456789012). */
  readonly account: AwsAccount;
  /** API Gateway and function URLs in front of the service: `apiGateway.request(apiIdOrFunction, { method, path, headers, body })`. */
  readonly apiGateway: ApiGateway;
  /** S3, SNS and EventBridge events reaching functions through the async queue (`asyncSources.recent(name)`). */
  readonly asyncSources: AsyncSources;
  /** Saving, restoring, resetting, exporting and importing the account. */
  readonly persistence: AccountPersistence;
  /** Settles once the saved account is restored (or found missing or unreadable). */
  readonly ready: Promise<void>;
  /** Event source mappings, VPC attachments and the network gate (src/sim/vpc/workspaceNetworking.ts). */
  readonly networking: WorkspaceNetworking;
  dispose(): Promise<void>;
}

export interface WorkspaceOptions {
  /** Where code runs (default: the page's sandbox; tests pass createInProcessHost()). */
  host?: EnvironmentHost & { dispose?(): void | Promise<void> };
  realTime?: RealTime;
  seed?: number;
  /** Epoch ms of virtual time 0 (default: now, so timestamps read like today's). */
  epochMs?: number;
  /** Where the account is saved (default: this course copy's IndexedDB); null: not saved. */
  accountStore?: AccountStore | Promise<AccountStore> | null;
  /** See ServiceOptions.provisionedPreparationMs (default 0: provisioned environments start at once). */
  provisionedPreparationMs?: number;
}

const workspaces = new Map<string, Workspace>();

export function createWorkspace(id: string, options: WorkspaceOptions = {}): Workspace {
  const clock = new VirtualClock();
  const host = options.host ?? createSandboxHost();
  const epochMs = options.epochMs ?? Date.now();
  const seed = options.seed ?? randomSeed();
  const account = new AwsAccount({ clock, epochMs, seed }, ALL_SERVICES);
  const persistence = new AccountPersistence(
    id,
    account,
    options.accountStore === undefined ? openAccountStore() : options.accountStore,
    (accountToSeed) => seedWorkspaceAccount(id, accountToSeed),
  );
  const ready = persistence.ready;
  const xray = account.service<XRayService>('xray')!;
  const traced = tracedHandler(account, xray, () => epochMs + clock.now());

  // The live clock needs the executor and the executor needs the live clock's sync: tie the knot late.
  let live: LiveClock | null = null;
  let tracing: LambdaTracing | null = null;
  let networking: WorkspaceNetworking | null = null;
  const executor = createWorkerExecutor({
    host,
    sync: () => live?.sync(),
    // Booting or restoring an interpreter is the simulator's start-up, not Lambda time (issue 13 item 3).
    holdClock: () => live?.hold() ?? (() => {}),
    traceHeader: ({ requestId }) => tracing?.headerFor(requestId),
    aws: async (caller, request) => {
      await ready;
      // The tracer's own PutTraceSegments is not a call of the function's to record.
      const traceId =
        caller.requestId !== undefined && !request.hostname.startsWith('xray.')
          ? tracing?.headerFor(caller.requestId)
          : undefined;
      const awsCaller: AwsCaller = {
        kind: 'function',
        functionName: caller.functionName,
        requestId: caller.requestId ?? '',
        ...(caller.lineage !== undefined ? { lineage: caller.lineage } : {}), // recursive loop detection (apigw)
        ...(traceId ? { traceId } : {}),
      };
      // The function's network decides first: in a VPC without a route the call never gets an answer.
      return networking
        ? networking.route(caller, request, () => traced(request, awsCaller))
        : traced(request, awsCaller);
    },
  });
  let invoker: AsyncSources | null = null;
  const service = new LambdaService({
    clock,
    executor,
    logs: true,
    seed,
    epochMs,
    ...(options.provisionedPreparationMs
      ? { provisionedPreparationMs: options.provisionedPreparationMs }
      : {}),
    destinations: {
      deliver: (delivery, invocation) => {
        if (invoker) accountDestinations(account, invoker).deliver(delivery, invocation);
      },
    },
  });
  invoker = asyncSources(service); // S3, SNS, EventBridge → the async queue, with lineage (apigw)
  account.connectLambda(invoker);
  // The Lambda API reaches the mappings made just below (created after the account: they poll it).
  account.register(createLambdaApi(service, { mappings: () => networking?.mappings })(account.context));
  tracing = new LambdaTracing(service, xray);
  networking = connectWorkspaceNetworking({ clock, service, account, databaseEngine: pageSqlEngine });
  const network = networking;

  // Every record becomes its CloudWatch line(s) in the function's log group, on the environment's stream.
  const logs = account.service<LogsService>('logs')!;
  const offLogs = service.onLines((record, lines) => {
    if (!record.logStream) return;
    if (lines.length === 0) return;
    const timestamp = epochMs + record.time;
    logs.putLogEvents(
      lambdaLogGroupName(record.functionName),
      record.logStream,
      lines.map((message) => ({ timestamp, message })),
    );
  });

  live = new LiveClock(clock, options.realTime ?? pageRealTime, {
    busy: () => executor.busy(),
    pending: () => service.hasPendingWork() || network.hasPendingWork(),
  });
  live.start();
  const workspace: Workspace = {
    id,
    clock,
    live,
    service,
    host,
    executor,
    account,
    apiGateway: new ApiGateway(service),
    asyncSources: invoker,
    persistence,
    ready,
    networking: network,
    async dispose() {
      workspaces.delete(id);
      offLogs();
      tracing?.dispose();
      network.dispose();
      live?.dispose();
      executor.dispose?.();
      await persistence.dispose();
      await host.dispose?.();
    },
  };
  workspaces.set(id, workspace);
  return workspace;
}

/** The page's workspace with this id, created on first use. */
export function getWorkspace(id: string): Workspace {
  return workspaces.get(id) ?? createWorkspace(id);
}
