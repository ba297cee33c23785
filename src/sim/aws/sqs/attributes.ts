/**
 * Queue attributes as CreateQueue / SetQueueAttributes take them (strings) and GetQueueAttributes returns them.
 * Ranges and defaults follow the CreateQueue API reference as the pinned SDK documents it (MaximumMessageSize
 * 1,024 – 1,048,576 bytes, default 1 MiB since SQS raised the limit in 2025).
 */
import { AwsServiceError } from '../jsonRpc';
import { invalidAttributeName, invalidAttributeValue, invalidValue } from './errors';
import type { QueueSettings, RedriveTarget } from './queue';

export const DEFAULT_SETTINGS: QueueSettings = {
  delaySeconds: 0,
  maximumMessageSize: 1_048_576,
  messageRetentionPeriod: 345_600,
  receiveMessageWaitTimeSeconds: 0,
  visibilityTimeout: 30,
  sqsManagedSseEnabled: true,
  contentBasedDeduplication: false,
  deduplicationScope: 'queue',
  fifoThroughputLimit: 'perQueue',
};

const INTEGER_RANGES: Record<string, [keyof QueueSettings, number, number]> = {
  DelaySeconds: ['delaySeconds', 0, 900],
  MaximumMessageSize: ['maximumMessageSize', 1024, 1_048_576],
  MessageRetentionPeriod: ['messageRetentionPeriod', 60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: ['receiveMessageWaitTimeSeconds', 0, 20],
  VisibilityTimeout: ['visibilityTimeout', 0, 43_200],
  KmsDataKeyReusePeriodSeconds: ['kmsDataKeyReusePeriodSeconds', 60, 86_400],
};

const FIFO_ONLY = new Set(['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit']);
const SETTABLE = new Set([
  ...Object.keys(INTEGER_RANGES),
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'Policy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
  ...FIFO_ONLY,
]);

export const READABLE_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'DelaySeconds',
  'LastModifiedTimestamp',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'Policy',
  'QueueArn',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'VisibilityTimeout',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
] as const;

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidAttributeValue(name);
}

/** Parses RedrivePolicy; `resolveQueue` checks the target exists and is of the same type. */
export function parseRedrivePolicy(
  value: string,
  fifo: boolean,
  resolveQueue: (arn: string) => { fifo: boolean } | undefined,
): RedriveTarget | undefined {
  if (value === '') return undefined;
  const bad = (reason: string) => invalidValue('RedrivePolicy', value, reason);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw bad('Redrive policy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bad('Redrive policy is not a valid JSON map.');
  const record = parsed as Record<string, unknown>;
  const arn = record.deadLetterTargetArn;
  if (typeof arn !== 'string')
    throw bad('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  const rawCount = record.maxReceiveCount;
  if (rawCount === undefined)
    throw bad('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  const count = typeof rawCount === 'string' ? Number(rawCount) : rawCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw bad(
      `Invalid value for maxReceiveCount: ${String(rawCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  const target = resolveQueue(arn);
  if (!target) throw bad('Dead letter target does not exist.');
  if (target.fifo !== fifo) throw bad('Dead-letter queue must be same type of queue as the source.');
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

/** Applies attribute strings onto settings; unknown names and out-of-range values throw SQS's errors. */
export function applyAttributes(
  settings: QueueSettings,
  attributes: Readonly<Record<string, string>>,
  options: { fifo: boolean; creating: boolean },
): QueueSettings {
  const next: QueueSettings = { ...settings };
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'FifoQueue') {
      if (options.creating) continue; // handled by the caller, which decides the queue type
      throw invalidAttributeName(name);
    }
    if (!SETTABLE.has(name) || (FIFO_ONLY.has(name) && !options.fifo)) throw invalidAttributeName(name);
    const range = INTEGER_RANGES[name];
    if (range) {
      const [key, min, max] = range;
      if (!/^-?\d+$/.test(value)) throw invalidAttributeValue(name);
      const number = Number(value);
      if (number < min || number > max) throw invalidAttributeValue(name);
      (next as unknown as Record<string, number>)[key] = number;
      continue;
    }
    switch (name) {
      case 'RedrivePolicy':
        next.redrivePolicy = value === '' ? undefined : value;
        break;
      case 'RedriveAllowPolicy':
        next.redriveAllowPolicy = value === '' ? undefined : value;
        break;
      case 'Policy':
        next.policy = value === '' ? undefined : value;
        break;
      case 'KmsMasterKeyId':
        next.kmsMasterKeyId = value === '' ? undefined : value;
        break;
      case 'SqsManagedSseEnabled':
        next.sqsManagedSseEnabled = parseBoolean(name, value);
        break;
      case 'ContentBasedDeduplication':
        next.contentBasedDeduplication = parseBoolean(name, value);
        break;
      case 'DeduplicationScope':
        if (value !== 'queue' && value !== 'messageGroup') throw invalidAttributeValue(name);
        next.deduplicationScope = value;
        break;
      case 'FifoThroughputLimit':
        if (value !== 'perQueue' && value !== 'perMessageGroupId') throw invalidAttributeValue(name);
        next.fifoThroughputLimit = value;
        break;
    }
  }
  if (
    next.fifoThroughputLimit === 'perMessageGroupId' &&
    next.deduplicationScope === 'queue' &&
    options.fifo
  ) {
    if (attributes.FifoThroughputLimit !== undefined || attributes.DeduplicationScope !== undefined) {
      throw new AwsServiceError(
        'InvalidAttributeValue',
        'The FifoThroughputLimit attribute can be set to perMessageGroupId only when DeduplicationScope is messageGroup.',
      );
    }
  }
  return next;
}

/** The attribute strings a queue was configured with, for CreateQueue's "same name, same attributes" check. */
export function settingsAsAttributes(settings: QueueSettings, fifo: boolean): Record<string, string> {
  const out: Record<string, string> = {
    DelaySeconds: String(settings.delaySeconds),
    MaximumMessageSize: String(settings.maximumMessageSize),
    MessageRetentionPeriod: String(settings.messageRetentionPeriod),
    ReceiveMessageWaitTimeSeconds: String(settings.receiveMessageWaitTimeSeconds),
    VisibilityTimeout: String(settings.visibilityTimeout),
    SqsManagedSseEnabled: String(settings.sqsManagedSseEnabled),
  };
  if (settings.redrivePolicy !== undefined) out.RedrivePolicy = settings.redrivePolicy;
  if (settings.redriveAllowPolicy !== undefined) out.RedriveAllowPolicy = settings.redriveAllowPolicy;
  if (settings.policy !== undefined) out.Policy = settings.policy;
  if (settings.kmsMasterKeyId !== undefined) out.KmsMasterKeyId = settings.kmsMasterKeyId;
  if (settings.kmsDataKeyReusePeriodSeconds !== undefined)
    out.KmsDataKeyReusePeriodSeconds = String(settings.kmsDataKeyReusePeriodSeconds);
  if (fifo) {
    out.FifoQueue = 'true';
    out.ContentBasedDeduplication = String(settings.contentBasedDeduplication);
    out.DeduplicationScope = settings.deduplicationScope;
    out.FifoThroughputLimit = settings.fifoThroughputLimit;
  }
  return out;
}
