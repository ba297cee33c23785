/** What every simulated AWS service implements, so the account can route, persist and reset it. */
import type { Clock } from '../clock';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from './http';

export interface AccountContext {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  /** Epoch ms of virtual time 0 (timestamps such as LastModified are epochMs + clock.now()). */
  readonly epochMs: number;
  /** Deterministic ids (message ids, version ids): a fresh uuid-shaped string each call. */
  uuid(): string;
  /** Tell views and event sources that something changed (`service` and a free-form detail). */
  changed(change: AccountChange): void;
  /** Other services of the same account (SNS → SQS delivery, EventBridge → SQS targets). */
  service<T extends AwsService>(name: string): T | undefined;
  /** Lambda targets (SNS subscriptions, EventBridge rules, S3 notifications) invoke through this. */
  readonly lambda: LambdaInvoker;
}

export interface AccountChange {
  service: string;
  /** e.g. `table.Orders.item`, `queue.orders.message` — views filter on a prefix. */
  resource: string;
  detail?: unknown;
}

/** The Lambda service as other services see it: asynchronous invokes by function ARN or name. */
export interface LambdaInvoker {
  invokeAsync(
    functionArnOrName: string,
    payload: unknown,
    source: { service: string; lineage?: number },
  ): void;
  exists(functionArnOrName: string): boolean;
}

export interface AwsService {
  /** Signing name and endpoint prefix: `dynamodb`, `sqs`, `sns`, `s3`, `events`, `secretsmanager`, `ssm`, `logs`, `xray`. */
  readonly name: string;
  /** Answers one request of this service's real wire protocol. Long polls (SQS WaitTimeSeconds) resolve on the clock. */
  handle(req: AwsHttpRequest, caller: AwsCaller): AwsHttpResponse | Promise<AwsHttpResponse>;
  /** JSON-safe state for persistence and export (Uint8Array bodies as base64). */
  snapshot(): unknown;
  /** Replace the state from a snapshot; throw (changing nothing) when it is malformed. */
  restore(data: unknown): void;
  reset(): void;
}
