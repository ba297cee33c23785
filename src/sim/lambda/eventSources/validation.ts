/**
 * CreateEventSourceMapping / UpdateEventSourceMapping checks, with the Lambda API's limits and messages
 * (API_CreateEventSourceMapping; "Configuring batching behavior", services-sqs-configure, with-kinesis, with-ddb).
 * Messages quoted from AWS are marked; the rest follow the API's constraint wording.
 */
import { compilePattern, PatternError } from '../../aws/eventbridge/pattern';
import type { EventSourceMappingInput, MappingApiError, MappingConfig, SourceKind } from './types';

export const LIMITS = {
  /** Kinesis and DynamoDB Streams: default 100, max 10,000. SQS: default 10, max 10,000 (FIFO 10). */
  batchSize: { min: 1, max: 10_000, streamDefault: 100, sqsDefault: 10, fifoMax: 10 },
  batchingWindowS: { min: 0, max: 300 },
  maximumRetryAttempts: { min: -1, max: 10_000, default: -1 },
  /** −1, or 60 s to 7 days. */
  maximumRecordAgeS: { min: 60, max: 604_800, default: -1 },
  parallelizationFactor: { min: 1, max: 10, default: 1 },
  maximumConcurrency: { min: 2, max: 1_000 },
  /** Filters per mapping (the default quota). */
  filters: 5,
} as const;

export function apiError(
  errorType: MappingApiError['errorType'],
  message: string,
  statusCode = 400,
): MappingApiError {
  return { ok: false, errorType, message, statusCode };
}

function constraint(value: unknown, field: string, rule: string): string {
  return `Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`;
}

/** Which kind of source an ARN names, or null. */
export function sourceKindOf(arn: string): SourceKind | null {
  if (/^arn:aws:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/.test(arn)) return 'sqs';
  if (/^arn:aws:dynamodb:[a-z0-9-]+:\d{12}:table\/[^/]+\/stream\/.+$/.test(arn)) return 'dynamodb';
  if (/^arn:aws:kinesis:[a-z0-9-]+:\d{12}:stream\/[^/]+$/.test(arn)) return 'kinesis';
  return null;
}

/** `name`, `name:qualifier`, `…:function:name[:qualifier]` → name and qualifier. */
export function parseFunctionName(value: string): { name: string; qualifier: string | undefined } | null {
  const arn = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9-_]{1,64})(?::([a-zA-Z0-9-_$]+))?$/.exec(
    value,
  );
  if (arn) return { name: arn[1]!, qualifier: arn[2] };
  const plain = /^([a-zA-Z0-9-_]{1,64})(?::([a-zA-Z0-9-_$]+))?$/.exec(value);
  if (plain) return { name: plain[1]!, qualifier: plain[2] };
  return null;
}

interface Context {
  kind: SourceKind;
  fifo: boolean;
}

/**
 * Checks an input (a full create, or a create merged with an update) and returns the configuration, without the
 * checks that need the account (the source exists, the queue's visibility timeout): the manager does those.
 */
export function validateMapping(
  input: EventSourceMappingInput,
  context: Context,
  identity: { uuid: string; functionArn: string; name: string; qualifier: string | undefined },
): { ok: true; config: MappingConfig } | MappingApiError {
  const { kind, fifo } = context;
  const stream = kind !== 'sqs';
  const errors: string[] = [];
  const batchSize =
    input.batchSize ?? (stream ? LIMITS.batchSize.streamDefault : LIMITS.batchSize.sqsDefault);
  const window = input.maximumBatchingWindowInSeconds ?? 0;
  const retries = input.maximumRetryAttempts ?? LIMITS.maximumRetryAttempts.default;
  const age = input.maximumRecordAgeInSeconds ?? LIMITS.maximumRecordAgeS.default;
  const parallelization = input.parallelizationFactor ?? LIMITS.parallelizationFactor.default;
  const range = (value: number, field: string, min: number, max: number) => {
    if (!Number.isInteger(value)) errors.push(constraint(value, field, 'Member must be a whole number'));
    else if (value < min)
      errors.push(constraint(value, field, `Member must have value greater than or equal to ${min}`));
    else if (value > max)
      errors.push(constraint(value, field, `Member must have value less than or equal to ${max}`));
  };
  range(batchSize, 'batchSize', LIMITS.batchSize.min, LIMITS.batchSize.max);
  range(window, 'maximumBatchingWindowInSeconds', LIMITS.batchingWindowS.min, LIMITS.batchingWindowS.max);
  range(retries, 'maximumRetryAttempts', LIMITS.maximumRetryAttempts.min, LIMITS.maximumRetryAttempts.max);
  range(age, 'maximumRecordAgeInSeconds', -1, LIMITS.maximumRecordAgeS.max);
  range(parallelization, 'parallelizationFactor', 1, LIMITS.parallelizationFactor.max);
  const maximumConcurrency = input.scalingConfig?.maximumConcurrency;
  if (maximumConcurrency !== undefined)
    range(
      maximumConcurrency,
      'scalingConfig.maximumConcurrency',
      LIMITS.maximumConcurrency.min,
      LIMITS.maximumConcurrency.max,
    );
  for (const type of input.functionResponseTypes ?? []) {
    if (type !== 'ReportBatchItemFailures')
      errors.push(
        constraint(
          `[${String(type)}]`,
          'functionResponseTypes',
          'Member must satisfy enum value set: [ReportBatchItemFailures]',
        ),
      );
  }
  if (errors.length > 0)
    return apiError(
      'ValidationException',
      `${errors.length} validation error${errors.length === 1 ? '' : 's'} detected: ${errors.join('; ')}`,
    );

  const invalid = (message: string) => apiError('InvalidParameterValueException', message);
  if (stream) {
    if (input.startingPosition === undefined)
      return invalid('StartingPosition is required for stream event sources.');
    if (input.startingPosition === 'AT_TIMESTAMP' && kind !== 'kinesis')
      return invalid('Unsupported starting position for the event source: AT_TIMESTAMP.');
    if (input.startingPosition === 'AT_TIMESTAMP' && input.startingPositionTimestamp === undefined)
      return invalid('StartingPositionTimestamp must be provided when StartingPosition is AT_TIMESTAMP.');
    if (age !== -1 && age < LIMITS.maximumRecordAgeS.min)
      return apiError(
        'ValidationException',
        `1 validation error detected: ${constraint(age, 'maximumRecordAgeInSeconds', 'Member must have value greater than or equal to 60 or equal to -1')}`,
      );
    const destination = input.destinationConfig?.onFailure?.destination;
    if (destination !== undefined && destination !== '' && !/^arn:aws:(sqs|sns):/.test(destination))
      return invalid('The destination ARN must name an Amazon SQS queue or Amazon SNS topic.');
  } else {
    if (input.startingPosition !== undefined)
      return invalid(
        'Unsupported starting position for the event source: StartingPosition is not valid for Amazon SQS.',
      );
    const streamOnly: Array<[unknown, string]> = [
      [input.bisectBatchOnFunctionError, 'BisectBatchOnFunctionError'],
      [input.maximumRetryAttempts, 'MaximumRetryAttempts'],
      [input.maximumRecordAgeInSeconds, 'MaximumRecordAgeInSeconds'],
      [input.parallelizationFactor, 'ParallelizationFactor'],
      [input.destinationConfig?.onFailure?.destination, 'DestinationConfig'],
    ];
    for (const [value, name] of streamOnly)
      if (value !== undefined) return invalid(`Unsupported parameter for the event source: ${name}.`);
    if (fifo && batchSize > LIMITS.batchSize.fifoMax)
      return invalid('Batch size must be between 1 and 10 for FIFO queues.');
    if (fifo && window > 0)
      return invalid('MaximumBatchingWindowInSeconds is not supported for Amazon SQS FIFO event sources.');
    // Quoted from the API's error (seen in public reports of CreateEventSourceMapping).
    if (batchSize > 10 && window === 0)
      return invalid(
        'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
      );
  }
  if (stream && maximumConcurrency !== undefined)
    return invalid('Unsupported parameter for the event source: ScalingConfig.');

  const filters = input.filterCriteria?.filters ?? [];
  if (filters.length > LIMITS.filters)
    return invalid(`The number of filters exceeds the limit of ${LIMITS.filters}.`);
  for (const filter of filters) {
    try {
      compilePattern(filter.pattern);
    } catch (error) {
      if (error instanceof PatternError)
        return invalid(`Invalid filter pattern definition. ${error.message}`);
      throw error;
    }
  }

  return {
    ok: true,
    config: {
      uuid: identity.uuid,
      kind,
      functionName: identity.name,
      qualifier: identity.qualifier,
      functionArn: identity.functionArn,
      eventSourceArn: input.eventSourceArn,
      enabled: input.enabled ?? true,
      batchSize,
      maximumBatchingWindowInSeconds: window,
      startingPosition: stream ? input.startingPosition : undefined,
      startingPositionTimestamp: input.startingPositionTimestamp,
      reportBatchItemFailures: (input.functionResponseTypes ?? []).includes('ReportBatchItemFailures'),
      filters: filters.map((filter) => filter.pattern),
      maximumConcurrency,
      bisectBatchOnFunctionError: stream ? (input.bisectBatchOnFunctionError ?? false) : false,
      maximumRetryAttempts: stream ? retries : -1,
      maximumRecordAgeInSeconds: stream ? age : -1,
      parallelizationFactor: stream ? parallelization : 1,
      onFailureDestination: stream ? input.destinationConfig?.onFailure?.destination || undefined : undefined,
    },
  };
}

/** The input a configuration came from (for updates: merge a patch over it and validate again). */
export function inputOfConfig(config: MappingConfig): EventSourceMappingInput {
  const input: EventSourceMappingInput = {
    functionName: config.qualifier ? `${config.functionName}:${config.qualifier}` : config.functionName,
    eventSourceArn: config.eventSourceArn,
    enabled: config.enabled,
    batchSize: config.batchSize,
    maximumBatchingWindowInSeconds: config.maximumBatchingWindowInSeconds,
  };
  if (config.reportBatchItemFailures) input.functionResponseTypes = ['ReportBatchItemFailures'];
  if (config.filters.length > 0)
    input.filterCriteria = { filters: config.filters.map((pattern) => ({ pattern })) };
  if (config.maximumConcurrency !== undefined)
    input.scalingConfig = { maximumConcurrency: config.maximumConcurrency };
  if (config.kind !== 'sqs') {
    input.startingPosition = config.startingPosition;
    if (config.startingPositionTimestamp !== undefined)
      input.startingPositionTimestamp = config.startingPositionTimestamp;
    input.bisectBatchOnFunctionError = config.bisectBatchOnFunctionError;
    input.maximumRetryAttempts = config.maximumRetryAttempts;
    input.maximumRecordAgeInSeconds = config.maximumRecordAgeInSeconds;
    input.parallelizationFactor = config.parallelizationFactor;
    if (config.onFailureDestination)
      input.destinationConfig = { onFailure: { destination: config.onFailureDestination } };
  }
  return input;
}
