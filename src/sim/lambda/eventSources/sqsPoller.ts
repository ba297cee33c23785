/**
 * Lambda's pollers for one SQS event source mapping, on the virtual clock ("Using Lambda with Amazon SQS",
 * services-sqs-configure, services-sqs-scaling, services-sqs-errorhandling):
 *
 * - Batches: up to BatchSize messages (and 6 MB of payload); with MaximumBatchingWindowInSeconds the pollers keep
 *   gathering until the window ends or the batch is full, otherwise a batch is what one poll returns.
 * - Messages of a batch are in flight for the queue's visibility timeout. On success Lambda deletes them; on an
 *   error (or a throttle) it deletes nothing and they become visible again when the timeout ends, are received
 *   again (ApproximateReceiveCount grows) and, with a redrive policy, move to the dead-letter queue on the receive
 *   past maxReceiveCount (the queue does that: src/sim/aws/sqs/queue.ts).
 * - ReportBatchItemFailures: `{"batchItemFailures":[{"itemIdentifier":"<messageId>"}]}` keeps only those; an
 *   invalid response fails the whole batch.
 * - Filters: a message that matches no filter is deleted without invoking.
 * - Scaling: five concurrent batches to start; while messages remain, up to 300 more per minute (modelled as five
 *   more each second), at most 1,000 or ScalingConfig.MaximumConcurrency; back to five when the queue is empty.
 *   A throttled invoke halves the pollers' concurrency (how much Lambda backs off is not documented: illustrative).
 * - FIFO queues: the queue hands out each message group in order and holds a group while any of its messages is in
 *   flight, so a failed batch blocks its groups until it succeeds or its messages move to the DLQ.
 */
import type { Queue, ReceivedMessage } from '../../aws/sqs/queue';
import { sqsEventRecord } from '../../aws/sqs/sqs';
import type { Invocation } from '../types';
import { compileFilters, type RecordFilter } from './filters';
import { invocationProblem, RecentBatches, reportedFailures, type PollerHost } from './host';
import type { BatchRecord, MappingConfig, MappingView } from './types';

/** Lambda's synchronous invoke payload limit: a batch stops growing before it (services-sqs-configure). */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
const INITIAL_CONCURRENCY = 5;
const SCALE_STEP = 5;
const SCALE_INTERVAL_MS = 1_000;
const MAX_CONCURRENCY = 1_000;

interface GatheringBatch {
  messages: ReceivedMessage[];
  bytes: number;
  startedAt: number;
  timerId: number | undefined;
}

export class SqsPoller {
  private filter: RecordFilter;
  private concurrency: number;
  private inFlight = 0;
  private gathering: GatheringBatch | null = null;
  private scaleTimer: number | undefined;
  private pumping = false;
  private again = false;
  private stopped = false;
  readonly recent = new RecentBatches();
  readonly totals = { batches: 0, records: 0, succeeded: 0, failed: 0, filtered: 0, discarded: 0 };
  lastResult = 'No records processed';

  constructor(
    private readonly host: PollerHost,
    private config: MappingConfig,
    private readonly queue: Queue,
  ) {
    this.filter = compileFilters(config.filters);
    this.concurrency = this.floor();
  }

  get queueName(): string {
    return this.queue.name;
  }

  reconfigure(config: MappingConfig): void {
    this.config = config;
    this.filter = compileFilters(config.filters);
    this.concurrency = Math.min(this.concurrency, this.cap());
    this.pump();
  }

  /** Stop polling: batches in flight finish; gathered messages go back when their visibility ends. */
  stop(): void {
    this.stopped = true;
    if (this.gathering?.timerId !== undefined) this.host.clock.cancel(this.gathering.timerId);
    this.gathering = null;
    if (this.scaleTimer !== undefined) this.host.clock.cancel(this.scaleTimer);
    this.scaleTimer = undefined;
  }

  start(): void {
    this.stopped = false;
    this.pump();
  }

  pendingWork(): boolean {
    if (this.inFlight > 0 || this.gathering) return true;
    if (this.stopped) return false;
    const counts = this.queue.approximateCounts();
    return counts.visible + counts.inFlight + counts.delayed > 0;
  }

  view(): Pick<MappingView, 'inFlight' | 'pollerConcurrency' | 'totals' | 'recent' | 'lastProcessingResult'> {
    return {
      inFlight: this.inFlight,
      pollerConcurrency: this.concurrency,
      totals: { ...this.totals },
      recent: this.recent.list(),
      lastProcessingResult: this.lastResult,
    };
  }

  private cap(): number {
    return this.config.maximumConcurrency ?? MAX_CONCURRENCY;
  }

  private floor(): number {
    return Math.min(INITIAL_CONCURRENCY, this.cap());
  }

  /** Receive and invoke while there are messages and free pollers. Re-entrant calls are folded into one loop. */
  pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        this.fill();
      } while (this.again && !this.stopped);
    } finally {
      this.pumping = false;
    }
    this.considerScaling();
  }

  private fill(): void {
    const clock = this.host.clock;
    const windowMs = this.config.maximumBatchingWindowInSeconds * 1000;
    while (this.inFlight < this.concurrency) {
      const batch: GatheringBatch = this.gathering ?? {
        messages: [],
        bytes: 0,
        startedAt: clock.now(),
        timerId: undefined,
      };
      let full = false;
      while (!full) {
        const want = Math.min(10, this.config.batchSize - batch.messages.length);
        const got = this.queue.receiveNow({ maxNumberOfMessages: want });
        if (got.length === 0) break;
        const dropped: ReceivedMessage[] = [];
        for (const received of got) {
          if (!this.filter.empty && !this.filter.matches(this.recordOf(received))) {
            dropped.push(received);
            continue;
          }
          batch.messages.push(received);
          batch.bytes += received.message.body.length + 512;
        }
        if (dropped.length > 0) this.deleteAll(dropped, 'filtered');
        full = batch.messages.length >= this.config.batchSize || batch.bytes >= MAX_PAYLOAD_BYTES;
        // Without a window a batch is what one poll returns.
        if (windowMs === 0) break;
      }
      if (batch.messages.length === 0) {
        this.gathering = null;
        if (batch.timerId !== undefined) clock.cancel(batch.timerId);
        return;
      }
      if (!full && windowMs > 0 && clock.now() < batch.startedAt + windowMs) {
        this.gathering = batch;
        batch.timerId ??= clock.scheduleAt(batch.startedAt + windowMs, () => {
          batch.timerId = undefined;
          if (this.gathering !== batch) return;
          this.gathering = null;
          this.invoke(batch.messages);
          this.pump();
        });
        return;
      }
      if (batch.timerId !== undefined) clock.cancel(batch.timerId);
      this.gathering = null;
      this.invoke(batch.messages);
    }
  }

  private recordOf(received: ReceivedMessage): Record<string, unknown> {
    return sqsEventRecord(this.queue, received, this.host.region) as unknown as Record<string, unknown>;
  }

  private invoke(messages: ReceivedMessage[]): void {
    const records = messages.map((received) => sqsEventRecord(this.queue, received, this.host.region));
    const batch: BatchRecord = this.recent.add({
      at: this.host.clock.now(),
      size: messages.length,
      first: messages[0]!.message.messageId,
      last: messages[messages.length - 1]!.message.messageId,
      attempt: messages.reduce((max, received) => Math.max(max, received.message.receiveCount), 0),
      result: 'in-flight',
    });
    this.inFlight++;
    this.totals.batches++;
    this.totals.records += messages.length;
    this.host.changed(this.config);
    this.host.invoke(this.config, { Records: records }, (invocation) =>
      this.ended(invocation, messages, batch),
    );
  }

  private ended(invocation: Invocation, messages: ReceivedMessage[], batch: BatchRecord): void {
    this.inFlight--;
    batch.endedAt = this.host.clock.now();
    batch.requestId = invocation.requestId;
    const problem = invocationProblem(invocation);
    if (problem) {
      batch.result =
        invocation.outcome === 'throttled'
          ? 'throttled'
          : invocation.response && invocation.response.statusCode >= 400
            ? 'not-invoked'
            : 'error';
      batch.detail = invocation.error?.errorType ?? invocation.throttle?.reason;
      this.totals.failed += messages.length;
      this.lastResult = problem;
      if (invocation.outcome === 'throttled')
        this.concurrency = Math.max(1, Math.floor(this.concurrency / 2));
      // Nothing is deleted: the messages become visible again when their visibility timeout ends.
    } else if (this.config.reportBatchItemFailures) {
      const ids = new Set(messages.map((received) => received.message.messageId));
      const failed = reportedFailures(invocation.response?.payload, ids);
      if (failed === null) {
        batch.result = 'error';
        batch.detail = 'invalid batchItemFailures response: the whole batch failed';
        this.totals.failed += messages.length;
        this.lastResult = 'PROBLEM: Function response is not a valid batch item failure response';
      } else {
        const failedSet = new Set(failed);
        const succeeded = messages.filter((received) => !failedSet.has(received.message.messageId));
        this.deleteAll(succeeded, 'succeeded');
        this.totals.failed += messages.length - succeeded.length;
        batch.result = failedSet.size > 0 ? 'partial' : 'ok';
        if (failedSet.size > 0) batch.detail = `${failedSet.size} of ${messages.length} reported failed`;
        this.lastResult = 'OK';
      }
    } else {
      this.deleteAll(messages, 'succeeded');
      batch.result = 'ok';
      this.lastResult = 'OK';
    }
    this.host.changed(this.config);
    this.pump();
  }

  private deleteAll(messages: readonly ReceivedMessage[], as: 'succeeded' | 'filtered'): void {
    let deleted = 0;
    for (const received of messages) {
      try {
        this.queue.deleteMessage(received.receiptHandle);
        deleted++;
      } catch {
        // The receipt is no longer valid (the message was received again meanwhile): SQS keeps it, as in AWS.
      }
    }
    this.totals[as] += messages.length;
    this.queue.afterDelete(deleted);
  }

  private considerScaling(): void {
    const clock = this.host.clock;
    const backlog = this.queue.approximateCounts().visible;
    if (backlog === 0 && this.inFlight === 0 && !this.gathering) {
      this.concurrency = this.floor();
      return;
    }
    if (this.scaleTimer !== undefined || this.stopped) return;
    if (backlog === 0 || this.concurrency >= this.cap() || this.inFlight < this.concurrency) return;
    this.scaleTimer = clock.schedule(SCALE_INTERVAL_MS, () => {
      this.scaleTimer = undefined;
      if (this.queue.approximateCounts().visible > 0 && this.inFlight >= this.concurrency)
        this.concurrency = Math.min(this.cap(), this.concurrency + SCALE_STEP);
      this.pump();
    });
  }
}
