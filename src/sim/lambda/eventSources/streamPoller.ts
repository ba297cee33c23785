/**
 * Lambda's pollers for one stream event source mapping (DynamoDB Streams or Kinesis), on the virtual clock
 * ("Using Lambda with Kinesis", with-ddb, kinesis-on-failure-destination, services-kinesis-batchfailurereporting,
 * "Polling and batching streams"):
 *
 * - Each shard is read in order from the starting position (TRIM_HORIZON, LATEST, AT_TIMESTAMP) and processed in
 *   order: a batch that fails blocks the records behind it on its shard until it succeeds, is discarded (retries
 *   exhausted, records too old) or is bisected out. Other shards go on.
 * - ParallelizationFactor N: up to N batches per shard at once; records with the same partition key (item key for
 *   DynamoDB) stay in order because each key always goes to the same of the N lanes.
 * - MaximumBatchingWindowInSeconds: gather up to BatchSize records for that long before invoking.
 * - Errors: the batch is retried (MaximumRetryAttempts: −1 = until the records expire); BisectBatchOnFunctionError
 *   splits a failed batch in two, each half retried, without using the retry quota; MaximumRecordAgeInSeconds
 *   discards records older than that. A discarded batch's description goes to the on-failure destination.
 *   Throttles and invokes Lambda refuses are retried until the records expire, without counting as retries.
 * - ReportBatchItemFailures: `{"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]}` checkpoints before
 *   the lowest sequence number reported and retries from it; an invalid response fails the whole batch.
 * - Filters: records that match no filter are skipped (checkpointed) without invoking.
 *
 * Retry backoff is not documented: here 1 s, doubling per retry up to 30 s (illustrative).
 */
import type { Invocation } from '../types';
import { compileFilters, type RecordFilter } from './filters';
import { invocationProblem, RecentBatches, reportedFailures, type PollerHost } from './host';
import type { SourceRecord, StreamSource } from './streamSources';
import type { BatchRecord, MappingConfig, MappingView, ShardEvent, ShardView } from './types';

const READ_LIMIT = 10_000;
const EVENTS_PER_SHARD = 100;
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 30_000;
/** Lambda's synchronous payload limit: a batch is cut before it. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

interface Lane {
  index: number;
  /** Records read and not yet processed, in order; the head batch is `pending.slice(0, n)`. */
  pending: Array<SourceRecord & { readAt: number }>;
  inFlight: SourceRecord[] | null;
  /** Failed tries of the head batch (reset when it succeeds or is discarded). */
  retries: number;
  /** Invocations of the head batch, for `approximateInvokeCount`. */
  invokes: number;
  /** Sizes of the sub-batches a bisection left to process, in order. */
  splits: number[];
  nextTryAt: number;
  timerId: number | undefined;
  lastInvocation: Invocation | undefined;
}

interface ShardState {
  shardId: string;
  /** The last sequence number read into the lanes (null: none yet, start from the oldest). */
  readPosition: bigint | null;
  /** Set once the starting position has been resolved. */
  positioned: boolean;
  lanes: Lane[];
  batches: RecentBatches;
  events: ShardEvent[];
  /** The highest sequence number below which everything is processed. */
  checkpoint: string | undefined;
}

export class StreamPoller {
  private filter: RecordFilter;
  private readonly shards = new Map<string, ShardState>();
  private pollTimer: number | undefined;
  private unsubscribe: (() => void) | null = null;
  private stopped = true;
  private inFlight = 0;
  readonly recent = new RecentBatches();
  readonly totals = { batches: 0, records: 0, succeeded: 0, failed: 0, filtered: 0, discarded: 0 };
  lastResult = 'No records processed';

  constructor(
    private readonly host: PollerHost,
    private config: MappingConfig,
    private readonly source: StreamSource,
  ) {
    this.filter = compileFilters(config.filters);
  }

  reconfigure(config: MappingConfig): void {
    const lanesChanged = config.parallelizationFactor !== this.config.parallelizationFactor;
    this.config = config;
    this.filter = compileFilters(config.filters);
    if (lanesChanged) for (const shard of this.shards.values()) this.relane(shard);
    this.schedulePoll(0);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.source.subscribe(() => this.schedulePoll(this.source.pollIntervalMs));
    this.poll();
  }

  /** Stop polling; batches in flight finish and their results are applied. */
  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.pollTimer !== undefined) this.host.clock.cancel(this.pollTimer);
    this.pollTimer = undefined;
    for (const shard of this.shards.values())
      for (const lane of shard.lanes) {
        if (lane.timerId !== undefined) this.host.clock.cancel(lane.timerId);
        lane.timerId = undefined;
      }
  }

  pendingWork(): boolean {
    if (this.inFlight > 0) return true;
    if (this.stopped) return false;
    if (this.pollTimer !== undefined) return true;
    for (const shard of this.shards.values())
      for (const lane of shard.lanes) if (lane.pending.length > 0) return true;
    return false;
  }

  view(): Pick<MappingView, 'inFlight' | 'totals' | 'recent' | 'lastProcessingResult' | 'shards'> {
    const shards: ShardView[] = [];
    for (const shard of this.shards.values()) {
      let waiting = 0;
      let blocked: ShardView['blocked'];
      for (const lane of shard.lanes) {
        waiting += lane.pending.length;
        if (lane.retries > 0 && lane.pending.length > 0 && !blocked)
          blocked = {
            first: lane.pending[0]!.sequenceNumber,
            attempt: lane.retries,
            ...(lane.nextTryAt > this.host.clock.now() ? { nextTryAt: lane.nextTryAt } : {}),
          };
      }
      shards.push({
        shardId: shard.shardId,
        checkpoint: shard.checkpoint,
        waiting,
        ...(blocked ? { blocked } : {}),
        batches: shard.batches.list(),
        events: shard.events.map((event) => ({ ...event })),
      });
    }
    return {
      inFlight: this.inFlight,
      totals: { ...this.totals },
      recent: this.recent.list(),
      lastProcessingResult: this.lastResult,
      shards,
    };
  }

  // ---- reading ------------------------------------------------------------------------------------------------

  private schedulePoll(delayMs: number): void {
    if (this.stopped || this.pollTimer !== undefined) return;
    this.pollTimer = this.host.clock.schedule(delayMs, () => {
      this.pollTimer = undefined;
      this.poll();
    });
  }

  private shardState(shardId: string): ShardState {
    let shard = this.shards.get(shardId);
    if (!shard) {
      shard = {
        shardId,
        readPosition: null,
        positioned: false,
        lanes: [],
        batches: new RecentBatches(),
        events: [],
        checkpoint: undefined,
      };
      this.relane(shard);
      this.shards.set(shardId, shard);
    }
    return shard;
  }

  private relane(shard: ShardState): void {
    const records = shard.lanes.flatMap((lane) => lane.pending).sort((a, b) => (a.seq < b.seq ? -1 : 1));
    const keep = shard.lanes;
    shard.lanes = [];
    for (let index = 0; index < this.config.parallelizationFactor; index++) {
      const old = keep[index];
      shard.lanes.push({
        index,
        pending: [],
        inFlight: old?.inFlight ?? null,
        retries: 0,
        invokes: 0,
        splits: [],
        nextTryAt: 0,
        timerId: undefined,
        lastInvocation: undefined,
      });
    }
    for (const record of records) this.laneOf(shard, record.key).pending.push(record);
  }

  private laneOf(shard: ShardState, key: string): Lane {
    if (shard.lanes.length === 1) return shard.lanes[0]!;
    let hash = 0;
    for (let index = 0; index < key.length; index++) hash = (Math.imul(hash, 31) + key.charCodeAt(index)) | 0;
    return shard.lanes[(hash >>> 0) % shard.lanes.length]!;
  }

  private poll(): void {
    if (this.stopped || !this.source.alive()) return;
    const now = this.host.clock.now();
    for (const shardId of this.source.shardIds()) {
      const shard = this.shardState(shardId);
      if (!shard.positioned) {
        shard.positioned = true;
        const position = this.config.startingPosition;
        if (position === 'LATEST') shard.readPosition = this.source.lastSequence(shardId);
        else if (position === 'AT_TIMESTAMP')
          shard.readPosition = this.source.lastBefore(
            shardId,
            (this.config.startingPositionTimestamp ?? 0) * 1000 - this.host.epochMs,
          );
        if (shard.readPosition !== null) shard.checkpoint = String(shard.readPosition);
      }
      const records = this.source.read(shardId, shard.readPosition, READ_LIMIT);
      if (records.length === 0) continue;
      shard.readPosition = records[records.length - 1]!.seq;
      let filtered = 0;
      for (const record of records) {
        if (!this.filter.empty && !this.filter.matches(record.event)) {
          filtered++;
          continue;
        }
        this.laneOf(shard, record.key).pending.push({ ...record, readAt: now });
      }
      this.totals.filtered += filtered;
      if (records.length === READ_LIMIT) this.schedulePoll(this.source.pollIntervalMs);
      this.updateCheckpoint(shard);
    }
    for (const shard of this.shards.values()) for (const lane of shard.lanes) this.tryLane(shard, lane);
    this.host.changed(this.config);
  }

  // ---- processing ---------------------------------------------------------------------------------------------

  private tryLane(shard: ShardState, lane: Lane): void {
    if (this.stopped || lane.inFlight || lane.pending.length === 0) return;
    const clock = this.host.clock;
    const now = clock.now();
    this.expire(shard, lane);
    if (lane.pending.length === 0) return;
    if (now < lane.nextTryAt) return this.wakeAt(shard, lane, lane.nextTryAt);
    const windowMs = this.config.maximumBatchingWindowInSeconds * 1000;
    const fresh = lane.retries === 0 && lane.splits.length === 0;
    if (fresh && windowMs > 0 && lane.pending.length < this.config.batchSize) {
      const due = lane.pending[0]!.readAt + windowMs;
      if (now < due) return this.wakeAt(shard, lane, due);
    }
    let size = Math.min(lane.splits[0] ?? this.config.batchSize, lane.pending.length);
    size = this.fitPayload(lane, size);
    const batch = lane.pending.slice(0, size);
    lane.inFlight = batch;
    lane.invokes++;
    this.inFlight++;
    this.totals.batches++;
    this.totals.records += batch.length;
    const record: BatchRecord = {
      at: now,
      shardId: shard.shardId,
      lane: lane.index,
      size: batch.length,
      first: batch[0]!.sequenceNumber,
      last: batch[batch.length - 1]!.sequenceNumber,
      attempt: lane.retries,
      result: 'in-flight',
    };
    this.recent.add(record);
    shard.batches.add(record);
    const payload = { Records: batch.map((item) => item.event) };
    this.host.invoke(this.config, payload, (invocation) =>
      this.ended(shard, lane, batch, record, invocation),
    );
  }

  /** Keeps a batch under the invoke payload limit (JSON size of its records). */
  private fitPayload(lane: Lane, size: number): number {
    let bytes = 16;
    for (let index = 0; index < size; index++) {
      bytes += JSON.stringify(lane.pending[index]!.event).length + 1;
      if (bytes > MAX_PAYLOAD_BYTES) return Math.max(1, index);
    }
    return size;
  }

  private wakeAt(shard: ShardState, lane: Lane, at: number): void {
    if (lane.timerId !== undefined) return;
    lane.timerId = this.host.clock.scheduleAt(at, () => {
      lane.timerId = undefined;
      this.tryLane(shard, lane);
      this.host.changed(this.config);
    });
  }

  private ended(
    shard: ShardState,
    lane: Lane,
    batch: SourceRecord[],
    record: BatchRecord,
    invocation: Invocation,
  ): void {
    this.inFlight--;
    lane.inFlight = null;
    lane.lastInvocation = invocation;
    record.endedAt = this.host.clock.now();
    record.requestId = invocation.requestId;
    const problem = invocationProblem(invocation);
    const refused = invocation.outcome === 'throttled' || (invocation.response?.statusCode ?? 200) >= 400;
    if (problem && refused) {
      // Throttled or refused before the function ran: retried until the records expire, not counted.
      record.result = invocation.outcome === 'throttled' ? 'throttled' : 'not-invoked';
      record.detail = invocation.error?.errorType ?? invocation.throttle?.reason;
      this.lastResult = problem;
      lane.invokes--;
      lane.nextTryAt = this.host.clock.now() + FIRST_BACKOFF_MS;
    } else if (problem) {
      record.result = 'error';
      record.detail = invocation.error?.errorType;
      this.lastResult = problem;
      this.failed(shard, lane, batch, invocation);
    } else if (this.config.reportBatchItemFailures) {
      const failed = reportedFailures(
        invocation.response?.payload,
        new Set(batch.map((item) => item.sequenceNumber)),
      );
      if (failed === null) {
        record.result = 'error';
        record.detail = 'invalid batchItemFailures response: the whole batch failed';
        this.lastResult = 'PROBLEM: Function response is not a valid batch item failure response';
        this.failed(shard, lane, batch, invocation);
      } else if (failed.length === 0) {
        record.result = 'ok';
        this.lastResult = 'OK';
        this.commit(shard, lane, batch.length);
      } else {
        // Checkpoint before the lowest sequence number reported, and retry from it.
        const lowest = failed.map((id) => BigInt(id)).reduce((a, b) => (a < b ? a : b));
        const done = batch.findIndex((item) => item.seq === lowest);
        record.result = 'partial';
        record.detail = `retry from ${String(lowest)} (${batch.length - done} of ${batch.length})`;
        this.lastResult = 'OK';
        if (done > 0) {
          this.commit(shard, lane, done, { keepRetries: true });
          if (lane.splits.length > 0) lane.splits[0] = batch.length - done;
        }
        this.failed(shard, lane, batch.slice(done), invocation, { noBisect: true });
      }
    } else {
      record.result = 'ok';
      this.lastResult = 'OK';
      this.commit(shard, lane, batch.length);
    }
    this.tryLane(shard, lane);
    this.host.changed(this.config);
  }

  private commit(
    shard: ShardState,
    lane: Lane,
    count: number,
    options: { keepRetries?: boolean } = {},
  ): void {
    lane.pending.splice(0, count);
    this.totals.succeeded += count;
    if (!options.keepRetries) {
      if (lane.splits.length > 0) lane.splits.shift();
      lane.retries = 0;
      lane.invokes = 0;
      lane.nextTryAt = 0;
    }
    this.updateCheckpoint(shard);
  }

  private failed(
    shard: ShardState,
    lane: Lane,
    batch: SourceRecord[],
    invocation: Invocation,
    options: { noBisect?: boolean } = {},
  ): void {
    const now = this.host.clock.now();
    this.totals.failed += batch.length;
    if (this.config.bisectBatchOnFunctionError && !options.noBisect && batch.length > 1) {
      const first = Math.ceil(batch.length / 2);
      const rest = lane.splits.length > 0 ? lane.splits.slice(1) : [];
      lane.splits = [first, batch.length - first, ...rest];
      lane.invokes = 0;
      this.event(
        shard,
        'split',
        `batch of ${batch.length} from ${batch[0]!.sequenceNumber} split into ${first} + ${batch.length - first}`,
      );
      return;
    }
    lane.retries++;
    const limit = this.config.maximumRetryAttempts;
    if (limit >= 0 && lane.retries > limit) {
      this.discard(shard, lane, batch.length, 'RetryAttemptsExhausted', invocation);
      return;
    }
    lane.nextTryAt = now + Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (lane.retries - 1));
    this.event(
      shard,
      'retry-scheduled',
      `retry ${lane.retries} of the batch from ${batch[0]!.sequenceNumber}`,
    );
  }

  /** Records past MaximumRecordAgeInSeconds, or past the stream's retention, leave the head of the lane. */
  private expire(shard: ShardState, lane: Lane): void {
    const now = this.host.clock.now();
    const maxAge = this.config.maximumRecordAgeInSeconds;
    const limitMs = maxAge >= 0 ? Math.min(maxAge * 1000, this.source.retentionMs) : this.source.retentionMs;
    let count = 0;
    while (count < lane.pending.length && now - lane.pending[count]!.arrivalMs > limitMs) count++;
    if (count > 0) this.discard(shard, lane, count, 'RecordAgeExceeded', lane.lastInvocation);
  }

  private discard(
    shard: ShardState,
    lane: Lane,
    count: number,
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded',
    invocation: Invocation | undefined,
  ): void {
    const records = lane.pending.splice(0, count);
    this.totals.discarded += records.length;
    const first = records[0]!;
    const last = records[records.length - 1]!;
    const iso = (virtualMs: number) => new Date(this.host.epochMs + virtualMs).toISOString();
    const invoked = lane.invokes > 0 && invocation !== undefined;
    const destinationRecord: Record<string, unknown> = {
      requestContext: {
        requestId: invoked ? invocation.requestId : this.host.token(),
        functionArn: this.config.functionArn,
        condition,
        approximateInvokeCount: lane.invokes,
      },
      ...(invoked && invocation.response
        ? {
            responseContext: {
              statusCode: invocation.response.statusCode,
              executedVersion: invocation.response.executedVersion,
              ...(invocation.response.functionError
                ? { functionError: invocation.response.functionError }
                : {}),
            },
          }
        : {}),
      version: '1.0',
      timestamp: iso(this.host.clock.now()),
      [this.source.batchInfoKey]: {
        shardId: shard.shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: iso(first.arrivalMs),
        approximateArrivalOfLastRecord: iso(last.arrivalMs),
        batchSize: records.length,
        streamArn: this.source.arn,
      },
    };
    if (lane.splits.length > 0) {
      lane.splits[0]! -= records.length;
      if (lane.splits[0]! <= 0) lane.splits.shift();
    }
    lane.retries = 0;
    lane.invokes = 0;
    lane.nextTryAt = 0;
    this.event(
      shard,
      condition === 'RecordAgeExceeded' ? 'expired' : 'discarded',
      `${records.length} record${records.length === 1 ? '' : 's'} from ${first.sequenceNumber} discarded (${condition})${this.config.onFailureDestination ? ', sent to the on-failure destination' : ''}`,
    );
    if (this.config.onFailureDestination) this.host.deliverFailure(this.config, destinationRecord);
    this.updateCheckpoint(shard);
  }

  private event(shard: ShardState, kind: ShardEvent['kind'], detail: string): void {
    shard.events.push({ at: this.host.clock.now(), shardId: shard.shardId, kind, detail });
    if (shard.events.length > EVENTS_PER_SHARD)
      shard.events.splice(0, shard.events.length - EVENTS_PER_SHARD);
  }

  private updateCheckpoint(shard: ShardState): void {
    let lowest: bigint | null = null;
    for (const lane of shard.lanes) {
      const head = lane.pending[0];
      if (head && (lowest === null || head.seq < lowest)) lowest = head.seq;
    }
    if (lowest !== null) shard.checkpoint = String(lowest - 1n);
    else if (shard.readPosition !== null) shard.checkpoint = String(shard.readPosition);
  }
}
