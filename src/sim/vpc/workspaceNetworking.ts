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
import { NetworkGate, type DatabaseHandler } from './gate';
import type { VpcNetwork } from './network';

export interface WorkspaceNetworking {
  /** The account's VPC model (the `ec2` service), if the account has one. */
  network(): VpcNetwork | undefined;
  readonly attachments: VpcAttachments;
  readonly gate: NetworkGate;
  readonly mappings: EventSourceMappings;
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

export function connectWorkspaceNetworking(options: {
  clock: Clock;
  service: LambdaService;
  account: AwsAccount;
  database?: DatabaseHandler;
}): WorkspaceNetworking {
  const { clock, service, account } = options;
  const network = () => account.service<VpcNetwork>('ec2');
  const attachments = new VpcAttachments(service, clock);
  const gate = new NetworkGate({
    clock,
    epochMs: account.epochMs,
    network,
    attachments,
    ...(options.database ? { database: options.database } : {}),
  });
  const mappings = new EventSourceMappings({ clock, service, account });
  return {
    network,
    attachments,
    gate,
    mappings,
    route: (caller, request, forward) => gate.route(caller, request, forward),
    hasPendingWork: () => attachments.hasPendingWork() || mappings.hasPendingWork(),
    dispose() {
      mappings.dispose();
      attachments.dispose();
    },
  };
}
