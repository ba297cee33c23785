/**
 * 10,000 SQS messages drained through a function (real code on the in-process Node.js runtime, the page's
 * runtime module) by an event source mapping with batch size 10, on fast-forward, through the whole workspace:
 * the Lambda service, the account's SQS queue, the pollers, the network gate. Prints the wall time.
 */
import { LambdaService, VirtualClock, createWorkerExecutor } from '../../src/sim';
import { AwsAccount } from '../../src/sim/aws/account';
import { ALL_SERVICES } from '../../src/sim/aws/services';
import type { SqsService } from '../../src/sim/aws/sqs/sqs';
import { LiveClock } from '../../src/sim/liveClock';
import { connectWorkspaceNetworking, type WorkspaceNetworking } from '../../src/sim/vpc/workspaceNetworking';
import { createInProcessHost } from '../../src/sandbox/testing/inProcessHost';

/** The workspace's wiring (src/app/workspaces.ts) without the page's bundles and storage. */
function createBenchWorkspace() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock, epochMs: Date.UTC(2026, 11, 1), seed: 1 }, ALL_SERVICES);
  let live: LiveClock | null = null;
  let networking: WorkspaceNetworking | null = null;
  const executor = createWorkerExecutor({
    host: createInProcessHost(),
    sync: () => live?.sync(),
    aws: (caller, request) =>
      networking!.route(caller, request, () =>
        account.handle(request, {
          kind: 'function',
          functionName: caller.functionName,
          requestId: caller.requestId ?? '',
        }),
      ),
  });
  const service = new LambdaService({ clock, executor, logs: true, seed: 1 });
  networking = connectWorkspaceNetworking({ clock, service, account });
  const network = networking;
  live = new LiveClock(
    clock,
    {
      now: () => performance.now(),
      setTimer: (ms, callback) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    { busy: () => executor.busy(), pending: () => service.hasPendingWork() || network.hasPendingWork() },
  );
  live.start();
  return {
    account,
    service,
    live,
    networking,
    dispose() {
      network.dispose();
      live?.dispose();
      executor.dispose?.();
    },
  };
}

const MESSAGES = 10_000;

async function main() {
  const workspace = createBenchWorkspace();
  const sqs = workspace.account.service<SqsService>('sqs')!;
  const queue = sqs.createQueue('bench', { VisibilityTimeout: '30' });
  const created = workspace.service.createFunction({
    name: 'drain',
    runtime: 'nodejs22.x',
    code: {
      handler: 'index.handler',
      files: [
        {
          path: 'index.mjs',
          content:
            'let seen = 0;\nexport const handler = async (event) => { seen += event.Records.length; return { seen }; };\n',
        },
      ],
    },
  });
  if (!created.ok) throw new Error(created.message);
  const mapping = workspace.networking.mappings.create({
    functionName: 'drain',
    eventSourceArn: queue.arn,
    batchSize: 10,
  });
  if (!mapping.ok) throw new Error(mapping.message);
  for (let index = 0; index < MESSAGES; index++)
    sqs.sendMessage(queue.url, { messageBody: `message ${index}` });

  const started = performance.now();
  const result = await workspace.live.fastForward({ maxJumps: 1_000_000 });
  const wallMs = performance.now() - started;
  const view = workspace.networking.mappings.get(mapping.mapping.config.uuid)!;
  const counts = queue.approximateCounts();
  workspace.dispose();
  if (view.totals.succeeded !== MESSAGES || counts.visible + counts.inFlight !== 0)
    throw new Error(`not drained: ${JSON.stringify({ totals: view.totals, counts, result })}`);
  console.log(
    `esm sqs drain: ${MESSAGES.toLocaleString('en-US')} messages, batch size 10, ${view.totals.batches} batches in ${(wallMs / 1000).toFixed(2)} s wall (${(result.skippedMs / 1000).toFixed(0)} s virtual skipped; target ≤ 10 s)`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
