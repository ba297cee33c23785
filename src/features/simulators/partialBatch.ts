/**
 * An SQS batch with one poison message (error-handling lesson), on the workspace's real service, account and
 * event source mapping. Without ReportBatchItemFailures an error fails the whole batch: every message in it
 * becomes visible again after the visibility timeout, is processed again, and after maxReceiveCount receives
 * the queue's redrive policy moves all of them to the dead-letter queue. With it, the handler names the one
 * message that failed and Lambda deletes the rest
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html). The mapping and the queue decide
 * everything; this file counts what the function received and reads where each message ended.
 */
import type { SqsService } from '../../sim/aws/sqs/sqs';
import type { BatchRecord } from '../../sim/lambda/eventSources/types';
import { runName, type SimulatorWorld } from './simulatorWorld';
import { createRunListeners } from './runListeners';

export const MAX_RECEIVE_COUNT = 3;
export const VISIBILITY_TIMEOUT_S = 30;

export const WHOLE_BATCH_HANDLER = `// One bad message throws, and the whole batch fails with it.
export const handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    if (order.items === undefined) throw new Error(\`order \${order.id} has no items\`);
    console.log('stored order', order.id);
  }
};
`;

export const PARTIAL_BATCH_HANDLER = `// Each message on its own: report the ones that failed (ReportBatchItemFailures).
export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const order = JSON.parse(record.body);
      if (order.items === undefined) throw new Error(\`order \${order.id} has no items\`);
      console.log('stored order', order.id);
    } catch (error) {
      console.log('failed', record.messageId, error.message);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
`;

export const ORDERS = [
  { id: 'order-1', items: 2 },
  { id: 'order-2', items: 1 },
  { id: 'order-3' }, // the poison message: no items
  { id: 'order-4', items: 5 },
  { id: 'order-5', items: 3 },
];

export type MessageWhere = 'processed' | 'queue' | 'dead-letter queue';

export interface MessageFate {
  messageId: string;
  orderId: string;
  poison: boolean;
  /** How many batches the function received it in. */
  deliveries: number;
  /** SQS's receive count (ApproximateReceiveCount) where the message is now; for a deleted message, its last. */
  receiveCount: number;
  where: MessageWhere;
}

export interface PartialBatchSnapshot {
  functionName: string;
  queueName: string;
  deadLetterQueueName: string;
  reportBatchItemFailures: boolean;
  messages: MessageFate[];
  batches: readonly BatchRecord[];
  /** Times the function was invoked with a batch. */
  invocations: number;
}

export interface PartialBatchRun {
  snapshot(): PartialBatchSnapshot;
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

/** A queue with a redrive policy, five orders (one poison) in it, a consumer function and its mapping. */
export function startPartialBatch(
  world: SimulatorWorld,
  options: { reportBatchItemFailures: boolean },
): PartialBatchRun {
  const sqs = world.account.service<SqsService>('sqs');
  if (!sqs) throw new Error('This account has no SQS.');
  const functionName = runName('batch-demo', world);
  const deadLetterQueue = sqs.createQueue(`${functionName}-dlq`);
  const queue = sqs.createQueue(functionName, {
    VisibilityTimeout: String(VISIBILITY_TIMEOUT_S),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: deadLetterQueue.arn,
      maxReceiveCount: MAX_RECEIVE_COUNT,
    }),
  });
  const code = options.reportBatchItemFailures ? PARTIAL_BATCH_HANDLER : WHOLE_BATCH_HANDLER;
  const created = world.service.createFunction({
    name: functionName,
    runtime: 'nodejs24.x',
    timeoutS: 3,
    code: { handler: 'index.handler', files: [{ path: 'index.mjs', content: code }] },
  });
  if (!created.ok) throw new Error(created.message);
  // Sent before the mapping is enabled, so the first poll takes all five in one batch.
  const sent = ORDERS.map((order) => ({
    orderId: order.id,
    poison: order.items === undefined,
    messageId: sqs.sendMessage(queue.url, { messageBody: JSON.stringify(order) }).messageId,
  }));
  const mapping = world.networking.mappings.create({
    functionName,
    eventSourceArn: queue.arn,
    batchSize: 10,
    ...(options.reportBatchItemFailures
      ? { functionResponseTypes: ['ReportBatchItemFailures' as const] }
      : {}),
  });
  if (!mapping.ok) throw new Error(mapping.message);
  const uuid = mapping.mapping.config.uuid;

  const deliveries = new Map<string, number>();
  const lastReceiveCount = new Map<string, number>();
  let invocations = 0;
  const run = createRunListeners();
  const notify = run.notify;
  run.hold(
    world.service.subscribe((event) => {
      if (event.type !== 'invocation.started' || event.invocation.functionName !== functionName) return;
      invocations++;
      const records =
        (event.invocation.payload as { Records?: Array<Record<string, unknown>> }).Records ?? [];
      for (const record of records) {
        const messageId = String(record.messageId);
        deliveries.set(messageId, (deliveries.get(messageId) ?? 0) + 1);
        const attributes = record.attributes as { ApproximateReceiveCount?: string } | undefined;
        lastReceiveCount.set(messageId, Number(attributes?.ApproximateReceiveCount ?? 0));
      }
      notify();
    }),
  );
  run.hold(world.account.subscribe(notify));
  run.hold(world.networking.mappings.subscribe(notify));

  return {
    snapshot() {
      const inQueue = new Map(sqs.messages(queue.url).map((message) => [message.messageId, message]));
      const inDeadLetters = new Map(
        sqs.messages(deadLetterQueue.url).map((message) => [message.messageId, message]),
      );
      return {
        functionName,
        queueName: functionName,
        deadLetterQueueName: `${functionName}-dlq`,
        reportBatchItemFailures: options.reportBatchItemFailures,
        messages: sent.map(({ orderId, poison, messageId }) => {
          const stored = inQueue.get(messageId) ?? inDeadLetters.get(messageId);
          return {
            messageId,
            orderId,
            poison,
            deliveries: deliveries.get(messageId) ?? 0,
            receiveCount: stored?.receiveCount ?? lastReceiveCount.get(messageId) ?? 0,
            where: inDeadLetters.has(messageId)
              ? 'dead-letter queue'
              : inQueue.has(messageId)
                ? 'queue'
                : 'processed',
          };
        }),
        batches: world.networking.mappings.get(uuid)?.recent ?? [],
        invocations,
      };
    },
    subscribe: run.subscribe,
    dispose: run.dispose,
  };
}
