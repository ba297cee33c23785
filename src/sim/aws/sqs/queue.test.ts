/** The SQS model without HTTP: the read API, the poller's direct API, persistence and the clock. */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../clock';
import { AwsAccount } from '../account';
import type { AccountChange } from '../service';
import { md5OfAttributes } from './digest';
import { createSqs, sqsEventRecord, type SqsService } from './sqs';

function setup() {
  const clock = new VirtualClock();
  const account = new AwsAccount({ clock }, [createSqs]);
  const sqs = account.service<SqsService>('sqs')!;
  return { clock, account, sqs };
}

describe('SQS model', () => {
  it('shows messages visible, in flight and delayed with their receive counts', () => {
    const { clock, sqs } = setup();
    const queue = sqs.createQueue('q');
    sqs.sendMessage(queue.url, { messageBody: 'a' });
    sqs.sendMessage(queue.url, { messageBody: 'b' });
    sqs.sendMessage(queue.url, { messageBody: 'c', delaySeconds: 60 });
    const [received] = queue.receiveNow({ maxNumberOfMessages: 1, visibilityTimeout: 10 });
    expect(received!.message.body).toBe('a');
    const views = sqs.messages('q');
    expect(views.map((view) => [view.body, view.state, view.receiveCount])).toEqual([
      ['a', 'inflight', 1],
      ['b', 'visible', 0],
      ['c', 'delayed', 0],
    ]);
    expect(views[0]!.visibleAtMs).toBe(10_000);
    expect(sqs.view(queue)).toMatchObject({ visible: 1, inFlight: 1, delayed: 1, fifo: false });
    clock.advanceBy(10_000);
    expect(sqs.view(queue)).toMatchObject({ visible: 2, inFlight: 0, delayed: 1 });
  });

  it('gives the Lambda poller the same receive, delete and visibility semantics as the HTTP API', async () => {
    const { clock, sqs } = setup();
    const queue = sqs.createQueue('q', { VisibilityTimeout: '30' });
    sqs.sendMessage(queue.url, {
      messageBody: '{"orderId":1}',
      messageAttributes: { kind: { DataType: 'String', StringValue: 'order' } },
    });
    const polled = queue.receive({ maxNumberOfMessages: 10, waitTimeSeconds: 20 });
    const [received] = await polled;
    expect(() => queue.deleteMessage('not-a-handle')).toThrow(/is not a valid receipt handle/);
    queue.changeMessageVisibility(received!.receiptHandle, 0);
    const [again] = queue.receiveNow({ maxNumberOfMessages: 1 });
    expect(again!.message.receiveCount).toBe(2);
    const record = sqsEventRecord(queue, again!, 'us-east-1');
    expect(record).toMatchObject({
      messageId: received!.message.messageId,
      receiptHandle: again!.receiptHandle,
      body: '{"orderId":1}',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:q',
      awsRegion: 'us-east-1',
      md5OfMessageAttributes: md5OfAttributes({ kind: { DataType: 'String', StringValue: 'order' } }),
      messageAttributes: {
        kind: { stringValue: 'order', stringListValues: [], binaryListValues: [], dataType: 'String' },
      },
    });
    expect(record.attributes.ApproximateReceiveCount).toBe('2');
    queue.deleteMessage(again!.receiptHandle);
    clock.advanceBy(60_000);
    expect(queue.approximateCounts()).toEqual({ visible: 0, inFlight: 0, delayed: 0 });
  });

  it('a long poll through the model resolves empty when the wait ends on the clock', async () => {
    const { clock, sqs } = setup();
    const queue = sqs.createQueue('q');
    let result: unknown;
    const polled = queue.receive({ waitTimeSeconds: 5 }).then((messages) => (result = messages));
    expect(queue.pendingReceives()).toBe(1);
    clock.advanceBy(5_000);
    await polled;
    expect(result).toEqual([]);
    expect(queue.pendingReceives()).toBe(0);
  });

  it('announces on the clock when an in-flight message becomes visible again', () => {
    const { clock, account, sqs } = setup();
    const queue = sqs.createQueue('q');
    sqs.sendMessage(queue.url, { messageBody: 'x' });
    queue.receiveNow({ visibilityTimeout: 7 });
    const changes: AccountChange[] = [];
    account.subscribe((change) => changes.push(change));
    clock.advanceBy(6_999);
    expect(changes).toEqual([]);
    clock.advanceBy(1);
    expect(changes).toEqual([
      { service: 'sqs', resource: 'queue.q.message', detail: { action: 'visible', count: 1 } },
    ]);
  });

  it('keeps FIFO messages moved to a dead-letter queue in order, with a fresh retention clock', () => {
    const { clock, sqs } = setup();
    const dlq = sqs.createQueue('dlq.fifo', { FifoQueue: 'true', MessageRetentionPeriod: '120' });
    const queue = sqs.createQueue('src.fifo', {
      FifoQueue: 'true',
      ContentBasedDeduplication: 'true',
      MessageRetentionPeriod: '120',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 1 }),
    });
    sqs.sendMessage(queue.url, { messageBody: 'm1', messageGroupId: 'g' });
    sqs.sendMessage(queue.url, { messageBody: 'm2', messageGroupId: 'g' });
    expect(
      queue.receiveNow({ maxNumberOfMessages: 10, visibilityTimeout: 0 }).map((r) => r.message.body),
    ).toEqual(['m1', 'm2']);
    clock.advanceBy(100_000);
    expect(queue.receiveNow({ maxNumberOfMessages: 10 })).toEqual([]);
    expect(sqs.messages('dlq.fifo').map((message) => message.body)).toEqual(['m1', 'm2']);
    // 100 s in the source queue do not count against the FIFO dead-letter queue's 120 s retention.
    clock.advanceBy(100_000);
    expect(sqs.messages('dlq.fifo')).toHaveLength(2);
    clock.advanceBy(20_000);
    expect(sqs.messages('dlq.fifo')).toHaveLength(0);
  });

  it('round-trips through a snapshot, shifting pending times onto the restoring clock', () => {
    const { sqs } = setup();
    const queue = sqs.createQueue('q', { VisibilityTimeout: '30' });
    const fifo = sqs.createQueue('f.fifo', { FifoQueue: 'true' });
    sqs.sendMessage(queue.url, {
      messageBody: 'in flight',
      messageAttributes: { blob: { DataType: 'Binary', BinaryValue: Uint8Array.of(1, 2, 3) } },
    });
    sqs.sendMessage(queue.url, { messageBody: 'waiting' });
    const [received] = queue.receiveNow();
    sqs.sendMessage(fifo.url, { messageBody: 'once', messageGroupId: 'g', messageDeduplicationId: 'd1' });
    const snapshot = JSON.parse(JSON.stringify(sqs.snapshot()));

    const later = setup();
    later.clock.advanceBy(1_000_000);
    later.sqs.restore(snapshot);
    const restored = later.sqs.queue('q')!;
    expect(later.sqs.messages('q').map((message) => [message.body, message.state])).toEqual([
      ['in flight', 'inflight'],
      ['waiting', 'visible'],
    ]);
    expect(restored.receiveNow().map((r) => r.message.body)).toEqual(['waiting']);
    // The old receipt handle still names the message, and its 30 s visibility runs from the restore.
    restored.changeMessageVisibility(received!.receiptHandle, 10);
    later.clock.advanceBy(10_000);
    const [back] = restored.receiveNow();
    expect(back!.message.body).toBe('in flight');
    expect(Array.from(back!.message.messageAttributes.blob!.BinaryValue!)).toEqual([1, 2, 3]);
    // The deduplication interval survives too.
    const duplicate = later.sqs.sendMessage(later.sqs.queue('f.fifo')!.url, {
      messageBody: 'twice',
      messageGroupId: 'g',
      messageDeduplicationId: 'd1',
    });
    expect(later.sqs.messages('f.fifo').map((message) => message.body)).toEqual(['once']);
    expect(duplicate.sequenceNumber).toBe(later.sqs.messages('f.fifo')[0]!.sequenceNumber);
  });

  it('rejects a malformed snapshot and keeps its queues', () => {
    const { sqs } = setup();
    sqs.createQueue('keep');
    expect(() => sqs.restore({ version: 1, clockNow: 0, queues: [{ name: 'x' }], deletedAt: [] })).toThrow(
      /Not a valid SQS snapshot/,
    );
    expect(sqs.listQueueViews().map((view) => view.name)).toEqual(['keep']);
  });

  it('reset removes every queue and ends long polls', async () => {
    const { sqs } = setup();
    const queue = sqs.createQueue('q');
    const polled = queue.receive({ waitTimeSeconds: 20 });
    sqs.reset();
    expect(await polled).toEqual([]);
    expect(sqs.listQueueViews()).toEqual([]);
  });
});
