/**
 * What a workspace (src/app/workspaces.ts) or a lab world adds to its Lambda service and account for event
 * sources and networking, in one call: the ENI attachments of VPC functions (Pending while they are created), the
 * network gate every environment request passes (the VPC hang), and the event source mappings with their pollers.
 *
 * The hook in a workspace is three lines:
 *   const networking = connectWorkspaceNetworking({ clock, service, account });
 *   aws: … return networking.route(caller, request, () => traced(request, awsCaller));
 *   pending: () => service.hasPendingWork() || networking.hasPendingWork(),
 * and `networking.dispose()` with the workspace.
 */
import type { AwsAccount } from '../aws/account';
import type { Clock } from '../clock';
import type { AwsCallerInfo } from '../lambda/executors/worker';
import type { AwsCallRequest, AwsCallResponse } from '../lambda/host';
import type { LambdaService } from '../lambda/LambdaService';
import { EventSourceMappings } from '../lambda/eventSources/EventSourceMappings';
import { VpcAttachments } from './attachments';
import { NetworkGate } from './gate';
import type { SqlEngine } from '../database/engine';
import { sharedPgliteEngine } from '../database/pglite';
import { PostgresHost } from '../database/postgresHost';
import type { VpcNetwork } from './network';

export interface WorkspaceNetworking {
  /** The account's VPC model (the `ec2` service), if the account has one. */
  network(): VpcNetwork | undefined;
  readonly attachments: VpcAttachments;
  readonly gate: NetworkGate;
  readonly mappings: EventSourceMappings;
  /** The PostgreSQL databases behind the VPC's database endpoints (their tables: `databases.query(name, sql)`). */
  readonly databases: PostgresHost;
  /** Sends one environment request through the function's network; `forward` answers AWS endpoints. */
  route(
    caller: AwsCallerInfo,
    request: AwsCallRequest,
    forward: () => Promise<AwsCallResponse>,
  ): Promise<AwsCallResponse>;
  /** Interfaces being created, records waiting, batches in flight (for fast-forward's "idle"). */
  hasPendingWork(): boolean;
  dispose(): void;
}

let workspaces = 0;

export function connectWorkspaceNetworking(options: {
  clock: Clock;
  service: LambdaService;
  account: AwsAccount;
  /** The SQL engine behind database endpoints (default: the page's shared PGlite, started on first query). */
  databaseEngine?: () => Promise<SqlEngine>;
  /** Names this workspace's database schemas: unique per page (default: a counter). */
  namespace?: string;
}): WorkspaceNetworking {
  const { clock, service, account } = options;
  const network = () => account.service<VpcNetwork>('ec2');
  const attachments = new VpcAttachments(service, clock);
  const databases = new PostgresHost({
    engine: options.databaseEngine ?? sharedPgliteEngine,
    namespace: options.namespace ?? `workspace${++workspaces}`,
    network,
  });
  const gate = new NetworkGate({
    clock,
    epochMs: account.epochMs,
    network,
    attachments,
    database: databases.handle,
  });
  const mappings = new EventSourceMappings({ clock, service, account });
  return {
    network,
    attachments,
    gate,
    mappings,
    databases,
    route: (caller, request, forward) => gate.route(caller, request, forward),
    hasPendingWork: () => attachments.hasPendingWork() || mappings.hasPendingWork(),
    dispose() {
      mappings.dispose();
      attachments.dispose();
      // The engine is shared: only this workspace's schemas go (nothing to wait for).
      void databases.dispose().catch(() => undefined);
    },
  };
}
