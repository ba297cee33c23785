/**
 * Stream sources as Lambda's stream pollers see them: shards, records after a checkpoint, and a change signal.
 * One adapter per kind: DynamoDB Streams (src/sim/aws/dynamodb/streams.ts) and Kinesis (src/sim/aws/kinesis).
 * Records carry the Lambda event record exactly as the function receives it.
 */
import type { TableStream } from '../../aws/dynamodb/streams';
import { STREAM_RETENTION_MS } from '../../aws/dynamodb/streams';
import type { KinesisStream } from '../../aws/kinesis/kinesis';

export interface SourceRecord {
  sequenceNumber: string;
  seq: bigint;
  /** Virtual ms the record arrived in the stream. */
  arrivalMs: number;
  /** What keeps records in order across parallel batches: the partition key (Kinesis) or the item key (DynamoDB). */
  key: string;
  /** The record as it appears in the function's event. */
  event: Record<string, unknown>;
}

export interface StreamSource {
  readonly kind: 'dynamodb' | 'kinesis';
  readonly arn: string;
  /** The key of the batch description in an on-failure record. */
  readonly batchInfoKey: 'DDBStreamBatchInfo' | 'KinesisBatchInfo';
  /** How often Lambda polls each shard: four times a second (DynamoDB Streams), once a second (Kinesis). */
  readonly pollIntervalMs: number;
  /** How long the source keeps records (they expire from the stream after it). */
  readonly retentionMs: number;
  alive(): boolean;
  shardIds(): string[];
  /** Records with a sequence number above `after` (from the oldest retained when null), at most `limit`. */
  read(shardId: string, after: bigint | null, limit: number): SourceRecord[];
  /** The newest record's sequence number (LATEST starts after it); null when the shard is empty. */
  lastSequence(shardId: string): bigint | null;
  /** The last record that arrived before virtual time `atMs` (AT_TIMESTAMP starts after it). */
  lastBefore(shardId: string, atMs: number): bigint | null;
  subscribe(listener: () => void): () => void;
}

/** First index whose sequence is above `after` in an array sorted by sequence. */
function firstAfter<T>(items: readonly T[], after: bigint, seqOf: (item: T) => bigint): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (seqOf(items[middle]!) <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function dynamoDbSource(stream: TableStream, now: () => number): StreamSource {
  const entries = () => {
    stream.trim();
    return stream.state.records;
  };
  const seqOf = (entry: { record: { dynamodb: { SequenceNumber: string } } }) =>
    BigInt(entry.record.dynamodb.SequenceNumber);
  return {
    kind: 'dynamodb',
    arn: stream.arn,
    batchInfoKey: 'DDBStreamBatchInfo',
    pollIntervalMs: 250,
    retentionMs: STREAM_RETENTION_MS,
    alive: () => !stream.expired(now()),
    shardIds: () => stream.shards().map((shard) => shard.shardId),
    read(shardId, after, limit) {
      if (shardId !== stream.state.shardId) return [];
      const all = entries();
      const start = after === null ? 0 : firstAfter(all, after, seqOf);
      const out: SourceRecord[] = [];
      for (let index = start; index < all.length && out.length < limit; index++) {
        const { at, record } = all[index]!;
        out.push({
          sequenceNumber: record.dynamodb.SequenceNumber,
          seq: BigInt(record.dynamodb.SequenceNumber),
          arrivalMs: at,
          key: JSON.stringify(record.dynamodb.Keys),
          event: record as unknown as Record<string, unknown>,
        });
      }
      return out;
    },
    lastSequence(shardId) {
      if (shardId !== stream.state.shardId) return null;
      const all = entries();
      return all.length === 0 ? BigInt(stream.nextSequenceNumber()) - 1n : seqOf(all[all.length - 1]!);
    },
    lastBefore(shardId, atMs) {
      if (shardId !== stream.state.shardId) return null;
      let last: bigint | null = null;
      for (const entry of entries()) {
        if (entry.at >= atMs) break;
        last = seqOf(entry);
      }
      return last;
    },
    subscribe: (listener) => stream.subscribe(() => listener()),
  };
}

export function kinesisSource(
  stream: KinesisStream,
  options: { region: string; invokeIdentityArn: string },
): StreamSource {
  return {
    kind: 'kinesis',
    arn: stream.arn,
    batchInfoKey: 'KinesisBatchInfo',
    pollIntervalMs: 1_000,
    get retentionMs() {
      return stream.retentionHours * 3_600_000;
    },
    alive: () => !stream.deleted,
    shardIds: () => stream.shards.map((shard) => shard.shardId),
    read(shardId, after, limit) {
      const shard = stream.shard(shardId);
      if (!shard) return [];
      stream.trim();
      const start = after === null ? 0 : firstAfter(shard.records, after, (record) => record.seq);
      const out: SourceRecord[] = [];
      for (let index = start; index < shard.records.length && out.length < limit; index++) {
        const record = shard.records[index]!;
        out.push({
          sequenceNumber: record.sequenceNumber,
          seq: record.seq,
          arrivalMs: record.arrivalMs,
          key: record.partitionKey,
          // The Kinesis record in Lambda's event ("Using Lambda with Kinesis", example event).
          event: {
            kinesis: {
              kinesisSchemaVersion: '1.0',
              partitionKey: record.partitionKey,
              sequenceNumber: record.sequenceNumber,
              data: record.data,
              approximateArrivalTimestamp: record.arrivalEpochMs / 1000,
            },
            eventSource: 'aws:kinesis',
            eventVersion: '1.0',
            eventID: `${shardId}:${record.sequenceNumber}`,
            eventName: 'aws:kinesis:record',
            invokeIdentityArn: options.invokeIdentityArn,
            awsRegion: options.region,
            eventSourceARN: stream.arn,
          },
        });
      }
      return out;
    },
    lastSequence(shardId) {
      const shard = stream.shard(shardId);
      if (!shard) return null;
      const last = shard.records[shard.records.length - 1];
      return last ? last.seq : null;
    },
    lastBefore(shardId, atMs) {
      const shard = stream.shard(shardId);
      if (!shard) return null;
      let last: bigint | null = null;
      for (const record of shard.records) {
        if (record.arrivalMs >= atMs) break;
        last = record.seq;
      }
      return last;
    },
    subscribe: (listener) => stream.subscribe(listener),
  };
}
