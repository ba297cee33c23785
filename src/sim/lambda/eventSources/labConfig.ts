/**
 * Event source mappings as plain data, for lab configurations (function.json's `eventSources` block): each names
 * an account queue (or a table's stream, or a Kinesis stream) by name and the mapping's settings in the Lambda
 * API's words. `mappingInputOf` turns one into CreateEventSourceMapping's input for `EventSourceMappings.create`,
 * which checks it with Lambda's own rules (a queue visibility timeout shorter than the function timeout is
 * refused, batch sizes and windows are bounded, and so on).
 *
 * Example (lab step 4, "a poison message ends in the DLQ"):
 *   "resources": { "queues": [{ "name": "orders-dlq" },
 *                             { "name": "orders", "deadLetter": { "queue": "orders-dlq", "maxReceiveCount": 3 } }] },
 *   "eventSources": [{ "queue": "orders", "batchSize": 10, "reportBatchItemFailures": true }]
 */
import { z } from 'zod';
import type { AwsAccount } from '../../aws/account';
import type { DynamoDb } from '../../aws/dynamodb';
import type { KinesisService } from '../../aws/kinesis/kinesis';
import type { SqsService } from '../../aws/sqs/sqs';
import type { EventSourceMappings } from './EventSourceMappings';
import type { EventSourceMappingInput } from './types';

export const eventSourceBlockSchema = z
  .object({
    /** An SQS queue of the account, by name. */
    queue: z.string().min(1).optional(),
    /** A DynamoDB table whose stream is the source (the table needs a stream). */
    table: z.string().min(1).optional(),
    /** A Kinesis data stream, by name. */
    stream: z.string().min(1).optional(),
    enabled: z.boolean().default(true),
    batchSize: z.number().int().positive().optional(),
    maximumBatchingWindowInSeconds: z.number().int().min(0).max(300).optional(),
    reportBatchItemFailures: z.boolean().default(false),
    /** SQS: the most concurrent invokes the mapping makes. */
    maximumConcurrency: z.number().int().min(2).max(1000).optional(),
    /** Event filtering: each a JSON pattern, as in FilterCriteria. */
    filters: z.array(z.string()).default([]),
    startingPosition: z.enum(['TRIM_HORIZON', 'LATEST']).optional(),
    bisectBatchOnFunctionError: z.boolean().optional(),
    maximumRetryAttempts: z.number().int().min(-1).max(10_000).optional(),
    maximumRecordAgeInSeconds: z.number().int().min(-1).max(604_800).optional(),
    parallelizationFactor: z.number().int().min(1).max(10).optional(),
    /** Streams: a queue of the account, by name, for discarded batches. */
    onFailureQueue: z.string().min(1).optional(),
  })
  .refine((block) => [block.queue, block.table, block.stream].filter(Boolean).length === 1, {
    message: 'Name exactly one of queue, table or stream.',
  });
export type EventSourceBlock = z.infer<typeof eventSourceBlockSchema>;

export interface SourceArns {
  queueArn(name: string): string;
  /** The table's latest stream ARN, if it has one. */
  tableStreamArn(table: string): string | undefined;
  streamArn(name: string): string;
}

/** CreateEventSourceMapping's input for a block; the function name is the lab's function (or `name:alias`). */
export function mappingInputOf(
  functionName: string,
  block: z.input<typeof eventSourceBlockSchema>,
  arns: SourceArns,
): EventSourceMappingInput {
  const parsed = eventSourceBlockSchema.parse(block);
  const eventSourceArn = parsed.queue
    ? arns.queueArn(parsed.queue)
    : parsed.table
      ? (arns.tableStreamArn(parsed.table) ??
        `arn:aws:dynamodb:us-east-1:123456789012:table/${parsed.table}/stream/none`)
      : arns.streamArn(parsed.stream!);
  const stream = !parsed.queue;
  return {
    functionName,
    eventSourceArn,
    enabled: parsed.enabled,
    ...(parsed.batchSize !== undefined ? { batchSize: parsed.batchSize } : {}),
    ...(parsed.maximumBatchingWindowInSeconds !== undefined
      ? { maximumBatchingWindowInSeconds: parsed.maximumBatchingWindowInSeconds }
      : {}),
    ...(parsed.reportBatchItemFailures
      ? { functionResponseTypes: ['ReportBatchItemFailures' as const] }
      : {}),
    ...(parsed.filters.length
      ? { filterCriteria: { filters: parsed.filters.map((pattern) => ({ pattern })) } }
      : {}),
    ...(parsed.maximumConcurrency !== undefined
      ? { scalingConfig: { maximumConcurrency: parsed.maximumConcurrency } }
      : {}),
    ...(stream ? { startingPosition: parsed.startingPosition ?? 'TRIM_HORIZON' } : {}),
    ...(parsed.bisectBatchOnFunctionError !== undefined
      ? { bisectBatchOnFunctionError: parsed.bisectBatchOnFunctionError }
      : {}),
    ...(parsed.maximumRetryAttempts !== undefined
      ? { maximumRetryAttempts: parsed.maximumRetryAttempts }
      : {}),
    ...(parsed.maximumRecordAgeInSeconds !== undefined
      ? { maximumRecordAgeInSeconds: parsed.maximumRecordAgeInSeconds }
      : {}),
    ...(parsed.parallelizationFactor !== undefined
      ? { parallelizationFactor: parsed.parallelizationFactor }
      : {}),
    ...(parsed.onFailureQueue
      ? { destinationConfig: { onFailure: { destination: arns.queueArn(parsed.onFailureQueue) } } }
      : {}),
  };
}

/** Source ARNs from the account itself: queues and streams by name (a table's newest stream). */
export function accountSourceArns(account: AwsAccount): SourceArns {
  return {
    queueArn: (name) =>
      account.service<SqsService>('sqs')?.queue(name)?.arn ??
      `arn:aws:sqs:${account.region}:${account.accountId}:${name}`,
    tableStreamArn: (table) =>
      account
        .service<DynamoDb>('dynamodb')
        ?.streams()
        .filter((stream) => stream.tableName === table)
        .at(-1)?.arn,
    streamArn: (name) =>
      account.service<KinesisService>('kinesis')?.stream(name)?.arn ??
      `arn:aws:kinesis:${account.region}:${account.accountId}:stream/${name}`,
  };
}

/**
 * Creates a lab's mappings for its function after the function exists; returns the Lambda API's refusals
 * (`Event source orders: InvalidParameterValueException: …`) and the blocks' own problems, nothing on success.
 */
export function createLabMappings(
  mappings: EventSourceMappings,
  account: AwsAccount,
  functionName: string,
  blocks: ReadonlyArray<z.input<typeof eventSourceBlockSchema>>,
): string[] {
  const errors: string[] = [];
  const arns = accountSourceArns(account);
  for (const block of blocks) {
    const name = block.queue ?? block.table ?? block.stream ?? '?';
    try {
      const created = mappings.create(mappingInputOf(functionName, block, arns));
      if (!created.ok) errors.push(`Event source ${name}: ${created.errorType}: ${created.message}`);
    } catch (error) {
      errors.push(`Event source ${name}: ${(error as Error).message}`);
    }
  }
  return errors;
}
