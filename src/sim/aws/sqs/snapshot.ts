/**
 * SQS persistence: JSON-safe queues and messages (binary attribute values as base64), validated with zod on the
 * way back. Scheduling times are stored with the clock reading they belong to and shifted onto the clock that
 * restores them, so a message in flight for 20 more seconds is still in flight for 20 seconds after a reload;
 * timestamps that AWS reports (SentTimestamp…) stay as they were.
 */
import { z } from 'zod';
import { Queue, type StoredMessage } from './queue';
import { base64ToBytes, bytesToBase64, type MessageAttributeValue } from './digest';
import type { SqsService } from './sqs';

const attributeSchema = z.object({
  DataType: z.string(),
  StringValue: z.string().optional(),
  BinaryValue: z.string().optional(),
});

const messageSchema = z.object({
  messageId: z.string(),
  body: z.string(),
  messageAttributes: z.record(z.string(), attributeSchema),
  systemAttributes: z.record(z.string(), attributeSchema),
  md5OfBody: z.string(),
  md5OfMessageAttributes: z.string().optional(),
  md5OfMessageSystemAttributes: z.string().optional(),
  senderId: z.string(),
  lineage: z.number().int().nonnegative().optional(),
  sentTimestamp: z.number(),
  firstReceiveTimestamp: z.number().optional(),
  receiveCount: z.number().int().nonnegative(),
  enqueuedAt: z.number(),
  groupId: z.string().optional(),
  deduplicationId: z.string().optional(),
  sequenceNumber: z.string().optional(),
  deadLetterQueueSourceArn: z.string().optional(),
  state: z.enum(['delayed', 'visible', 'inflight']),
  readyAt: z.number(),
  receivedAt: z.number().optional(),
  receiptHandle: z.string().optional(),
  handles: z.array(z.string()),
});

const queueSchema = z.object({
  name: z.string().min(1),
  fifo: z.boolean(),
  createdTimestamp: z.number(),
  lastModifiedTimestamp: z.number(),
  settings: z.object({
    delaySeconds: z.number().int().min(0).max(900),
    maximumMessageSize: z.number().int().min(1024).max(1_048_576),
    messageRetentionPeriod: z.number().int().min(60).max(1_209_600),
    receiveMessageWaitTimeSeconds: z.number().int().min(0).max(20),
    visibilityTimeout: z.number().int().min(0).max(43_200),
    redrivePolicy: z.string().optional(),
    redriveAllowPolicy: z.string().optional(),
    policy: z.string().optional(),
    kmsMasterKeyId: z.string().optional(),
    kmsDataKeyReusePeriodSeconds: z.number().int().optional(),
    sqsManagedSseEnabled: z.boolean(),
    contentBasedDeduplication: z.boolean(),
    deduplicationScope: z.enum(['queue', 'messageGroup']),
    fifoThroughputLimit: z.enum(['perQueue', 'perMessageGroupId']),
  }),
  redrive: z
    .object({ deadLetterTargetArn: z.string(), maxReceiveCount: z.number().int().min(1).max(1000) })
    .optional(),
  tags: z.record(z.string(), z.string()),
  lastPurgeAt: z.number().optional(),
  sequence: z.string().regex(/^\d+$/),
  receiveSerial: z.number().int().nonnegative(),
  messages: z.array(messageSchema),
  dedup: z.array(
    z.object({
      key: z.string(),
      messageId: z.string(),
      sequenceNumber: z.string().optional(),
      expiresAt: z.number(),
    }),
  ),
});

export const sqsSnapshotSchema = z.object({
  version: z.literal(1),
  clockNow: z.number(),
  queues: z.array(queueSchema),
  deletedAt: z.array(z.tuple([z.string(), z.number()])),
});

export type SqsSnapshot = z.infer<typeof sqsSnapshotSchema>;

function attributesOut(attributes: Record<string, MessageAttributeValue>) {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      {
        DataType: value.DataType,
        ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined ? { BinaryValue: bytesToBase64(value.BinaryValue) } : {}),
      },
    ]),
  );
}

function attributesIn(
  attributes: Record<string, z.infer<typeof attributeSchema>>,
): Record<string, MessageAttributeValue> {
  return Object.fromEntries(
    Object.entries(attributes).map(([name, value]) => [
      name,
      {
        DataType: value.DataType,
        ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
        ...(value.BinaryValue !== undefined ? { BinaryValue: base64ToBytes(value.BinaryValue) } : {}),
      },
    ]),
  );
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

export function snapshotSqs(sqs: SqsService): SqsSnapshot {
  return {
    version: 1,
    clockNow: sqs.ctx.clock.now(),
    queues: sqs.allQueues().map((queue) => ({
      name: queue.name,
      fifo: queue.fifo,
      createdTimestamp: queue.createdTimestamp,
      lastModifiedTimestamp: queue.lastModifiedTimestamp,
      settings: withoutUndefined({ ...queue.settings }),
      ...(queue.redrive ? { redrive: { ...queue.redrive } } : {}),
      tags: { ...queue.tags },
      ...(queue.lastPurgeAt !== undefined ? { lastPurgeAt: queue.lastPurgeAt } : {}),
      sequence: queue.nextSequence.toString(),
      receiveSerial: queue.receiveSerialNumber,
      messages: queue.snapshotMessages().map((message) =>
        withoutUndefined({
          messageId: message.messageId,
          body: message.body,
          messageAttributes: attributesOut(message.messageAttributes),
          systemAttributes: attributesOut(message.systemAttributes),
          md5OfBody: message.md5OfBody,
          md5OfMessageAttributes: message.md5OfMessageAttributes,
          md5OfMessageSystemAttributes: message.md5OfMessageSystemAttributes,
          senderId: message.senderId,
          lineage: message.lineage,
          sentTimestamp: message.sentTimestamp,
          firstReceiveTimestamp: message.firstReceiveTimestamp,
          receiveCount: message.receiveCount,
          enqueuedAt: message.enqueuedAt,
          groupId: message.groupId,
          deduplicationId: message.deduplicationId,
          sequenceNumber: message.sequenceNumber,
          deadLetterQueueSourceArn: message.deadLetterQueueSourceArn,
          state: message.state,
          readyAt: message.readyAt,
          receivedAt: message.receivedAt,
          receiptHandle: message.receiptHandle,
          handles: [...message.handles],
        }),
      ),
      dedup: queue.snapshotDedup().map((entry) => withoutUndefined({ ...entry })),
    })),
    deletedAt: [...sqs.deletedQueueTimes()],
  };
}

/** Validates first, then replaces every queue; throws without changing anything on bad data. */
export function restoreSqs(sqs: SqsService, data: unknown): void {
  const parsed = sqsSnapshotSchema.safeParse(data);
  if (!parsed.success)
    throw new Error(`Not a valid SQS snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  const snapshot = parsed.data;
  const shift = sqs.ctx.clock.now() - snapshot.clockNow;
  const names = new Set<string>();
  for (const queue of snapshot.queues) {
    if (names.has(queue.name))
      throw new Error(`Not a valid SQS snapshot: queue ${queue.name} appears twice.`);
    names.add(queue.name);
  }
  const queues = snapshot.queues.map((saved) => {
    const queue = new Queue(sqs.queueHost, {
      name: saved.name,
      url: sqs.queueUrl(saved.name),
      arn: sqs.queueArnOf(saved.name),
      fifo: saved.fifo,
      settings: { ...saved.settings },
      redrive: saved.redrive ? { ...saved.redrive } : undefined,
      tags: { ...saved.tags },
      createdTimestamp: saved.createdTimestamp,
      lastModifiedTimestamp: saved.lastModifiedTimestamp,
      sequence: BigInt(saved.sequence),
      lastPurgeAt: saved.lastPurgeAt !== undefined ? saved.lastPurgeAt + shift : undefined,
    });
    for (const message of saved.messages) {
      const stored: StoredMessage = {
        ...message,
        messageAttributes: attributesIn(message.messageAttributes),
        systemAttributes: attributesIn(message.systemAttributes),
        enqueuedAt: message.enqueuedAt + shift,
        readyAt: message.readyAt + shift,
        receivedAt: message.receivedAt !== undefined ? message.receivedAt + shift : undefined,
        handles: [...message.handles],
        token: 0,
        deleted: false,
      };
      queue.restoreMessage(stored);
    }
    queue.restoreDedup(saved.dedup.map((entry) => ({ ...entry, expiresAt: entry.expiresAt + shift })));
    return { queue, receiveSerial: saved.receiveSerial };
  });
  sqs.replaceQueues(
    queues.map((entry) => entry.queue),
    new Map(snapshot.deletedAt.map(([name, at]) => [name, at + shift])),
  );
  for (const { queue, receiveSerial } of queues) queue.resume(receiveSerial);
}
