/**
 * Event source mappings as the Lambda API describes them (CreateEventSourceMapping, EventSourceMappingConfiguration:
 * https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html). Field names follow the API in
 * camelCase; `configurationView` renders the API's PascalCase shape for consoles.
 */

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
export type SourceKind = 'sqs' | 'dynamodb' | 'kinesis';

export type MappingState =
  'Creating' | 'Enabling' | 'Enabled' | 'Disabling' | 'Disabled' | 'Updating' | 'Deleting';

export interface EventSourceMappingInput {
  /** A function name, `name:qualifier`, or a function/alias/version ARN. */
  functionName: string;
  eventSourceArn: string;
  enabled?: boolean;
  batchSize?: number;
  maximumBatchingWindowInSeconds?: number;
  /** Streams only. */
  startingPosition?: StartingPosition;
  /** Epoch seconds (Kinesis AT_TIMESTAMP). */
  startingPositionTimestamp?: number;
  functionResponseTypes?: Array<'ReportBatchItemFailures'>;
  filterCriteria?: { filters: Array<{ pattern: string }> };
  /** SQS only: 2–1,000. */
  scalingConfig?: { maximumConcurrency?: number };
  /** Streams only. */
  bisectBatchOnFunctionError?: boolean;
  /** Streams only: −1 (until the record expires, the default) to 10,000. */
  maximumRetryAttempts?: number;
  /** Streams only: −1 (no limit, the default) or 60–604,800. */
  maximumRecordAgeInSeconds?: number;
  /** Streams only: 1–10 concurrent batches per shard. */
  parallelizationFactor?: number;
  /** Streams only: an SQS queue or SNS topic ARN for discarded batches. */
  destinationConfig?: { onFailure?: { destination: string } };
}

/** A mapping's configuration after defaults, as the service keeps it. */
export interface MappingConfig {
  uuid: string;
  kind: SourceKind;
  functionName: string;
  /** The qualifier the mapping invokes (alias or version), if the function name carried one. */
  qualifier: string | undefined;
  functionArn: string;
  eventSourceArn: string;
  enabled: boolean;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  startingPosition: StartingPosition | undefined;
  startingPositionTimestamp: number | undefined;
  reportBatchItemFailures: boolean;
  filters: string[];
  maximumConcurrency: number | undefined;
  bisectBatchOnFunctionError: boolean;
  maximumRetryAttempts: number;
  maximumRecordAgeInSeconds: number;
  parallelizationFactor: number;
  onFailureDestination: string | undefined;
}

/** One batch a mapping handed to the function, for consoles and timelines. */
export interface BatchRecord {
  /** Virtual ms the invocation started. */
  at: number;
  /** Virtual ms it ended (undefined while in flight). */
  endedAt?: number;
  shardId?: string;
  /** Parallelization lane (streams). */
  lane?: number;
  size: number;
  /** First and last sequence numbers (streams) or message ids (SQS). */
  first: string;
  last: string;
  /** Streams: retries of this batch so far (0 = first try). SQS: the highest receive count in it. */
  attempt: number;
  result: BatchResult | 'in-flight';
  requestId?: string;
  /** What failed, in a few words (the function's errorType, "2 of 10 reported failed", …). */
  detail?: string;
}

export type BatchResult =
  'ok' | 'partial' | 'error' | 'throttled' | 'not-invoked' | 'split' | 'discarded' | 'expired';

/** Something a stream mapping did to a shard outside an invocation (a discard, a split, records expiring). */
export interface ShardEvent {
  at: number;
  shardId: string;
  kind: 'split' | 'discarded' | 'expired' | 'retry-scheduled';
  detail: string;
}

export interface MappingView {
  config: MappingConfig;
  state: MappingState;
  stateTransitionReason: string;
  /** LastProcessingResult as the API reports it (streams), or the last batch's outcome (SQS). */
  lastProcessingResult: string;
  /** Virtual ms of the last change of state or configuration. */
  lastModified: number;
  /** Batches in flight now. */
  inFlight: number;
  /** SQS: the number of concurrent batches the pollers currently allow. */
  pollerConcurrency?: number;
  totals: {
    batches: number;
    records: number;
    succeeded: number;
    failed: number;
    filtered: number;
    discarded: number;
  };
  recent: readonly BatchRecord[];
  shards?: readonly ShardView[];
}

export interface ShardView {
  shardId: string;
  /** The last sequence number checkpointed (processed or discarded); undefined before the first. */
  checkpoint: string | undefined;
  /** Records read from the shard and not yet processed (waiting behind a failing batch, or in flight). */
  waiting: number;
  /** The batch blocking this shard: retries so far, and when the next try is due. */
  blocked?: { first: string; attempt: number; nextTryAt?: number };
  /** The shard's recent batches (its timeline), oldest first. */
  batches: readonly BatchRecord[];
  events: readonly ShardEvent[];
}

export type MappingApiError = {
  ok: false;
  errorType:
    | 'InvalidParameterValueException'
    | 'ResourceNotFoundException'
    | 'ResourceConflictException'
    | 'ValidationException';
  message: string;
  statusCode: number;
};
