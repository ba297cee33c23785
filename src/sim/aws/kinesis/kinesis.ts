/**
 * A minimal Amazon Kinesis Data Streams on the virtual clock: streams of shards that split the 128-bit hash key
 * space evenly, records placed by the MD5 of their partition key (or an explicit hash key), per-shard increasing
 * sequence numbers and a 24-hour default retention. Enough for Lambda's Kinesis event source mapping and for
 * handlers that produce records: CreateStream, DeleteStream, DescribeStream, DescribeStreamSummary, ListStreams,
 * ListShards, PutRecord, PutRecords, GetShardIterator and GetRecords, over the AWS JSON 1.1 protocol the SDK uses
 * (`X-Amz-Target: Kinesis_20131202.<Operation>`, blobs as base64, timestamps as epoch seconds).
 *
 * Limits and messages from the Kinesis Data Streams API Reference: a record's data blob is at most 1 MiB, a
 * partition key 1–256 characters, PutRecords at most 500 records and 5 MiB, GetRecords at most 10,000 records,
 * shard iterators expire after 5 minutes. Not modelled: throughput limits (no ProvisionedThroughputExceeded),
 * resharding, enhanced fan-out consumers, encryption, on-demand capacity mode beyond its name.
 */
import { z } from 'zod';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import { AwsServiceError, handleJsonRpc, type JsonInput, type JsonRpcProtocol } from '../jsonRpc';
import type { AccountContext, AwsService } from '../service';
import { md5HexOfBytes } from '../sqs/md5';

export const KINESIS_PROTOCOL: JsonRpcProtocol = { targetPrefix: 'Kinesis_20131202', version: '1.1' };

const MAX_HASH = (1n << 128n) - 1n;
const MAX_DATA_BYTES = 1_048_576;
const MAX_PUT_RECORDS = 500;
const MAX_PUT_RECORDS_BYTES = 5 * 1_048_576;
const MAX_GET_RECORDS = 10_000;
const ITERATOR_LIFETIME_MS = 300_000;
const DEFAULT_RETENTION_HOURS = 24;
const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

export interface KinesisRecord {
  sequenceNumber: string;
  seq: bigint;
  partitionKey: string;
  /** The data blob as base64 (as it travels in JSON and in Lambda's event). */
  data: string;
  /** Virtual ms. */
  arrivalMs: number;
  /** Epoch ms (ApproximateArrivalTimestamp). */
  arrivalEpochMs: number;
}

export interface KinesisShard {
  shardId: string;
  startingHashKey: bigint;
  endingHashKey: bigint;
  startingSequenceNumber: string;
  records: KinesisRecord[];
  nextSequence: bigint;
}

export class KinesisStream {
  deleted = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly shards: KinesisShard[],
    readonly createdEpochMs: number,
    readonly mode: 'PROVISIONED' | 'ON_DEMAND',
    public retentionHours: number,
    private readonly now: () => number,
  ) {}

  shard(shardId: string): KinesisShard | undefined {
    return this.shards.find((shard) => shard.shardId === shardId);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Records past the retention period leave the stream. */
  trim(): void {
    const cutoff = this.now() - this.retentionHours * 3_600_000;
    for (const shard of this.shards) {
      let drop = 0;
      while (drop < shard.records.length && shard.records[drop]!.arrivalMs < cutoff) drop++;
      if (drop > 0) shard.records.splice(0, drop);
    }
  }

  /** The shard whose hash key range holds this hash. */
  shardForHash(hash: bigint): KinesisShard {
    return this.shards.find((shard) => hash >= shard.startingHashKey && hash <= shard.endingHashKey)!;
  }
}

/** Kinesis sequence numbers are long decimal strings that increase per shard; these have 56 digits. */
function sequenceText(shardIndex: number, sequence: bigint): string {
  return `4959${String(shardIndex).padStart(4, '0')}${sequence.toString().padStart(48, '0')}`;
}

function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

function base64Bytes(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    return null;
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary);
}

export function validation(field: string, value: unknown, rule: string): AwsServiceError {
  return new AwsServiceError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${rule}`,
  );
}

function invalidArgument(message: string): AwsServiceError {
  return new AwsServiceError('InvalidArgumentException', message);
}

interface Iterator {
  stream: string;
  shardId: string;
  /** Read records with a sequence above this (null: from the oldest). */
  after: string | null;
  issuedAt: number;
}

export class KinesisService implements AwsService {
  readonly name = 'kinesis';
  private readonly streams = new Map<string, KinesisStream>();
  private readonly operations: Record<string, (input: JsonInput) => unknown>;

  constructor(private readonly ctx: AccountContext) {
    this.operations = {
      CreateStream: (input) => this.createStreamOperation(input),
      DeleteStream: (input) => {
        this.deleteStream(this.requireStream(input).name);
        return {};
      },
      DescribeStream: (input) => ({ StreamDescription: this.describe(this.requireStream(input)) }),
      DescribeStreamSummary: (input) => ({
        StreamDescriptionSummary: this.summary(this.requireStream(input)),
      }),
      ListStreams: () => {
        const streams = this.listStreams();
        return {
          StreamNames: streams.map((stream) => stream.name),
          HasMoreStreams: false,
          StreamSummaries: streams.map((stream) => ({
            StreamName: stream.name,
            StreamARN: stream.arn,
            StreamStatus: 'ACTIVE',
            StreamModeDetails: { StreamMode: stream.mode },
            StreamCreationTimestamp: stream.createdEpochMs / 1000,
          })),
        };
      },
      ListShards: (input) => ({ Shards: this.requireStream(input).shards.map((shard) => shardJson(shard)) }),
      PutRecord: (input) => this.putRecordOperation(input),
      PutRecords: (input) => this.putRecordsOperation(input),
      GetShardIterator: (input) => this.getShardIterator(input),
      GetRecords: (input) => this.getRecords(input),
    };
  }

  handle(req: AwsHttpRequest, _caller: AwsCaller): Promise<AwsHttpResponse> {
    return handleJsonRpc(KINESIS_PROTOCOL, this.operations, req);
  }

  // ---- model API ----------------------------------------------------------------------------------------------

  arnOf(name: string): string {
    return `arn:aws:kinesis:${this.ctx.region}:${this.ctx.accountId}:stream/${name}`;
  }

  listStreams(): KinesisStream[] {
    return [...this.streams.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  stream(nameOrArn: string): KinesisStream | undefined {
    const prefix = `arn:aws:kinesis:${this.ctx.region}:${this.ctx.accountId}:stream/`;
    return this.streams.get(nameOrArn.startsWith(prefix) ? nameOrArn.slice(prefix.length) : nameOrArn);
  }

  createStream(
    name: string,
    shardCount = 1,
    mode: 'PROVISIONED' | 'ON_DEMAND' = 'PROVISIONED',
  ): KinesisStream {
    if (!STREAM_NAME.test(name))
      throw validation('streamName', name, 'Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+');
    if (!Number.isInteger(shardCount) || shardCount < 1)
      throw validation('shardCount', shardCount, 'Member must have value greater than or equal to 1');
    if (shardCount > 500)
      throw new AwsServiceError(
        'LimitExceededException',
        `This request would exceed the shard limit for the account ${this.ctx.accountId} in ${this.ctx.region}. Current shard count for the account: 0. Limit: 500. Number of additional shards that would have resulted from this request: ${shardCount}. Refer to the AWS Service Limits page (https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.`,
      );
    if (this.streams.has(name))
      throw new AwsServiceError(
        'ResourceInUseException',
        `Stream ${name} under account ${this.ctx.accountId} already exists.`,
      );
    const width = (MAX_HASH + 1n) / BigInt(shardCount);
    const shards: KinesisShard[] = [];
    for (let index = 0; index < shardCount; index++) {
      const start = width * BigInt(index);
      shards.push({
        shardId: shardIdOf(index),
        startingHashKey: start,
        endingHashKey: index === shardCount - 1 ? MAX_HASH : start + width - 1n,
        startingSequenceNumber: sequenceText(index, 0n),
        records: [],
        nextSequence: 1n,
      });
    }
    const stream = new KinesisStream(
      name,
      this.arnOf(name),
      shards,
      this.ctx.epochMs + this.ctx.clock.now(),
      mode,
      DEFAULT_RETENTION_HOURS,
      () => this.ctx.clock.now(),
    );
    this.streams.set(name, stream);
    this.ctx.changed({ service: 'kinesis', resource: `stream.${name}`, detail: { action: 'created' } });
    return stream;
  }

  deleteStream(name: string): void {
    const stream = this.streams.get(name);
    if (!stream) throw this.notFound(name);
    stream.deleted = true;
    this.streams.delete(name);
    stream.notify();
    this.ctx.changed({ service: 'kinesis', resource: `stream.${name}`, detail: { action: 'deleted' } });
  }

  /** PutRecord on the model: `data` as bytes or text. */
  putRecord(
    nameOrArn: string,
    input: { data: Uint8Array | string; partitionKey: string; explicitHashKey?: string },
  ): { shardId: string; sequenceNumber: string } {
    const stream = this.stream(nameOrArn);
    if (!stream) throw this.notFound(nameOrArn);
    const bytes = typeof input.data === 'string' ? new TextEncoder().encode(input.data) : input.data;
    const result = this.append(stream, bytes, input.partitionKey, input.explicitHashKey, 'record');
    stream.notify();
    this.ctx.changed({ service: 'kinesis', resource: `stream.${stream.name}.record`, detail: result });
    return result;
  }

  // ---- operations ---------------------------------------------------------------------------------------------

  private notFound(name: string): AwsServiceError {
    const short = name.includes('stream/') ? name.slice(name.lastIndexOf('/') + 1) : name;
    return new AwsServiceError(
      'ResourceNotFoundException',
      `Stream ${short} under account ${this.ctx.accountId} not found.`,
    );
  }

  private requireStream(input: JsonInput): KinesisStream {
    const name = input.StreamName;
    const arn = input.StreamARN;
    if (name === undefined && arn === undefined)
      throw invalidArgument('Either StreamName or StreamARN should be provided.');
    if (name !== undefined && typeof name !== 'string')
      throw new AwsServiceError('SerializationException', 'Expected a string for StreamName.');
    if (arn !== undefined && typeof arn !== 'string')
      throw new AwsServiceError('SerializationException', 'Expected a string for StreamARN.');
    const stream = this.stream((arn as string | undefined) ?? (name as string));
    if (!stream) throw this.notFound((name as string | undefined) ?? (arn as string));
    return stream;
  }

  private createStreamOperation(input: JsonInput): object {
    const name = input.StreamName;
    if (typeof name !== 'string') throw validation('streamName', name, 'Member must not be null');
    const mode =
      (input.StreamModeDetails as { StreamMode?: string } | undefined)?.StreamMode ?? 'PROVISIONED';
    if (mode !== 'PROVISIONED' && mode !== 'ON_DEMAND')
      throw validation(
        'streamModeDetails.streamMode',
        mode,
        'Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]',
      );
    const count = input.ShardCount ?? (mode === 'ON_DEMAND' ? 4 : undefined);
    if (count === undefined) throw invalidArgument('ShardCount is required for PROVISIONED streams.');
    this.createStream(name, count as number, mode);
    return {};
  }

  private append(
    stream: KinesisStream,
    bytes: Uint8Array,
    partitionKey: unknown,
    explicitHashKey: unknown,
    prefix: string,
  ): { shardId: string; sequenceNumber: string } {
    if (typeof partitionKey !== 'string' || partitionKey.length < 1)
      throw validation(
        `${prefix}partitionKey`,
        partitionKey,
        'Member must have length greater than or equal to 1',
      );
    if (partitionKey.length > 256)
      throw validation(
        `${prefix}partitionKey`,
        partitionKey,
        'Member must have length less than or equal to 256',
      );
    if (bytes.byteLength > MAX_DATA_BYTES)
      throw validation(
        `${prefix}data`,
        'java.nio.HeapByteBuffer',
        `Member must have length less than or equal to ${MAX_DATA_BYTES}`,
      );
    let hash: bigint;
    if (explicitHashKey !== undefined) {
      if (
        typeof explicitHashKey !== 'string' ||
        !/^\d{1,39}$/.test(explicitHashKey) ||
        BigInt(explicitHashKey) > MAX_HASH
      )
        throw invalidArgument(
          `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${String(explicitHashKey)}`,
        );
      hash = BigInt(explicitHashKey);
    } else {
      hash = BigInt(`0x${md5HexOfBytes(new TextEncoder().encode(partitionKey))}`);
    }
    const shard = stream.shardForHash(hash);
    const index = stream.shards.indexOf(shard);
    const seq = shard.nextSequence++;
    const now = this.ctx.clock.now();
    const sequenceNumber = sequenceText(index, seq);
    shard.records.push({
      sequenceNumber,
      seq: BigInt(sequenceNumber),
      partitionKey,
      data: bytesToBase64(bytes),
      arrivalMs: now,
      arrivalEpochMs: this.ctx.epochMs + now,
    });
    return { shardId: shard.shardId, sequenceNumber };
  }

  private dataOf(value: unknown, field: string): Uint8Array {
    if (typeof value !== 'string') throw validation(field, value, 'Member must not be null');
    const bytes = base64Bytes(value);
    if (!bytes)
      throw new AwsServiceError('SerializationException', `Base64 encoded data for ${field} is not valid.`);
    return bytes;
  }

  private putRecordOperation(input: JsonInput): object {
    const stream = this.requireStream(input);
    stream.trim();
    const bytes = this.dataOf(input.Data, 'data');
    const result = this.append(stream, bytes, input.PartitionKey, input.ExplicitHashKey, '');
    stream.notify();
    this.ctx.changed({ service: 'kinesis', resource: `stream.${stream.name}.record`, detail: result });
    return { ShardId: result.shardId, SequenceNumber: result.sequenceNumber, EncryptionType: 'NONE' };
  }

  private putRecordsOperation(input: JsonInput): object {
    const stream = this.requireStream(input);
    stream.trim();
    const records = input.Records;
    if (!Array.isArray(records) || records.length < 1)
      throw validation('records', records, 'Member must have length greater than or equal to 1');
    if (records.length > MAX_PUT_RECORDS)
      throw validation(
        'records',
        `[${records.length} records]`,
        `Member must have length less than or equal to ${MAX_PUT_RECORDS}`,
      );
    const prepared = records.map((record, index) => {
      const entry = record as Record<string, unknown>;
      return { entry, bytes: this.dataOf(entry.Data, `records.${index + 1}.member.data`) };
    });
    const total = prepared.reduce(
      (sum, { entry, bytes }) => sum + bytes.byteLength + String(entry.PartitionKey ?? '').length,
      0,
    );
    if (total > MAX_PUT_RECORDS_BYTES) throw invalidArgument(`Records size exceeds 5 MB limit`);
    const results = prepared.map(({ entry, bytes }, index) => {
      const result = this.append(
        stream,
        bytes,
        entry.PartitionKey,
        entry.ExplicitHashKey,
        `records.${index + 1}.member.`,
      );
      return { SequenceNumber: result.sequenceNumber, ShardId: result.shardId };
    });
    stream.notify();
    this.ctx.changed({
      service: 'kinesis',
      resource: `stream.${stream.name}.record`,
      detail: { count: results.length },
    });
    return { FailedRecordCount: 0, Records: results, EncryptionType: 'NONE' };
  }

  private getShardIterator(input: JsonInput): object {
    const stream = this.requireStream(input);
    const shardId = input.ShardId;
    const shard = typeof shardId === 'string' ? stream.shard(shardId) : undefined;
    if (!shard)
      throw new AwsServiceError(
        'ResourceNotFoundException',
        `Shard ${String(shardId)} in stream ${stream.name} under account ${this.ctx.accountId} does not exist`,
      );
    const type = input.ShardIteratorType;
    const sequence = input.StartingSequenceNumber;
    let after: string | null;
    switch (type) {
      case 'TRIM_HORIZON':
        after = null;
        break;
      case 'LATEST':
        after =
          shard.records.length > 0
            ? shard.records[shard.records.length - 1]!.sequenceNumber
            : shard.startingSequenceNumber;
        break;
      case 'AT_SEQUENCE_NUMBER':
      case 'AFTER_SEQUENCE_NUMBER': {
        if (typeof sequence !== 'string' || !/^\d+$/.test(sequence))
          throw invalidArgument(
            `StartingSequenceNumber ${String(sequence)} used in GetShardIterator on shard ${shard.shardId} in stream ${stream.name} under account ${this.ctx.accountId} is invalid.`,
          );
        after = type === 'AT_SEQUENCE_NUMBER' ? String(BigInt(sequence) - 1n) : sequence;
        break;
      }
      case 'AT_TIMESTAMP': {
        const at = input.Timestamp;
        if (typeof at !== 'number')
          throw invalidArgument(
            'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
          );
        const virtual = at * 1000 - this.ctx.epochMs;
        const before = shard.records.filter((record) => record.arrivalMs < virtual);
        after = before.length > 0 ? before[before.length - 1]!.sequenceNumber : null;
        break;
      }
      default:
        throw validation(
          'shardIteratorType',
          type,
          'Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]',
        );
    }
    return {
      ShardIterator: encodeIterator({
        stream: stream.name,
        shardId: shard.shardId,
        after,
        issuedAt: this.ctx.clock.now(),
      }),
    };
  }

  private getRecords(input: JsonInput): object {
    const text = input.ShardIterator;
    const iterator = typeof text === 'string' ? decodeIterator(text) : null;
    if (!iterator) throw invalidArgument(`Invalid ShardIterator.`);
    const limit = input.Limit ?? MAX_GET_RECORDS;
    if (typeof limit !== 'number' || limit < 1 || limit > MAX_GET_RECORDS)
      throw validation('limit', limit, `Member must have value less than or equal to ${MAX_GET_RECORDS}`);
    const now = this.ctx.clock.now();
    if (now - iterator.issuedAt > ITERATOR_LIFETIME_MS)
      throw new AwsServiceError(
        'ExpiredIteratorException',
        `Iterator expired. The iterator was created at time ${new Date(this.ctx.epochMs + iterator.issuedAt).toUTCString()} while right now it is ${new Date(this.ctx.epochMs + now).toUTCString()} which is further in the future than the tolerated delay of ${ITERATOR_LIFETIME_MS} milliseconds.`,
      );
    const stream = this.streams.get(iterator.stream);
    const shard = stream?.shard(iterator.shardId);
    if (!stream || !shard) throw this.notFound(iterator.stream);
    stream.trim();
    const after = iterator.after === null ? null : BigInt(iterator.after);
    const out: KinesisRecord[] = [];
    for (const record of shard.records) {
      if (out.length >= limit) break;
      if (after !== null && record.seq <= after) continue;
      out.push(record);
    }
    const last = out[out.length - 1];
    const newest = shard.records[shard.records.length - 1];
    return {
      Records: out.map((record) => ({
        SequenceNumber: record.sequenceNumber,
        ApproximateArrivalTimestamp: record.arrivalEpochMs / 1000,
        Data: record.data,
        PartitionKey: record.partitionKey,
      })),
      NextShardIterator: encodeIterator({
        stream: stream.name,
        shardId: shard.shardId,
        after: last ? last.sequenceNumber : iterator.after,
        issuedAt: now,
      }),
      MillisBehindLatest:
        newest && last && newest !== last ? Math.max(0, newest.arrivalMs - last.arrivalMs) : 0,
    };
  }

  private describe(stream: KinesisStream): object {
    return {
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: stream.mode },
      Shards: stream.shards.map((shard) => shardJson(shard)),
      HasMoreShards: false,
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: stream.createdEpochMs / 1000,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
    };
  }

  private summary(stream: KinesisStream): object {
    return {
      StreamName: stream.name,
      StreamARN: stream.arn,
      StreamStatus: 'ACTIVE',
      StreamModeDetails: { StreamMode: stream.mode },
      RetentionPeriodHours: stream.retentionHours,
      StreamCreationTimestamp: stream.createdEpochMs / 1000,
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: 'NONE',
      OpenShardCount: stream.shards.length,
      ConsumerCount: 0,
    };
  }

  // ---- persistence --------------------------------------------------------------------------------------------

  snapshot(): unknown {
    const now = this.ctx.clock.now();
    return {
      streams: this.listStreams().map((stream) => ({
        name: stream.name,
        mode: stream.mode,
        createdEpochMs: stream.createdEpochMs,
        retentionHours: stream.retentionHours,
        shards: stream.shards.map((shard) => ({
          shardId: shard.shardId,
          startingHashKey: shard.startingHashKey.toString(),
          endingHashKey: shard.endingHashKey.toString(),
          nextSequence: shard.nextSequence.toString(),
          records: shard.records.map((record) => ({
            sequenceNumber: record.sequenceNumber,
            partitionKey: record.partitionKey,
            data: record.data,
            // Ages, so the records keep them on a restored clock.
            ageMs: now - record.arrivalMs,
            arrivalEpochMs: record.arrivalEpochMs,
          })),
        })),
      })),
    };
  }

  restore(data: unknown): void {
    const parsed = snapshotSchema.parse(data);
    const now = this.ctx.clock.now();
    const streams = new Map<string, KinesisStream>();
    for (const item of parsed.streams) {
      const shards: KinesisShard[] = item.shards.map((shard, index) => ({
        shardId: shard.shardId,
        startingHashKey: BigInt(shard.startingHashKey),
        endingHashKey: BigInt(shard.endingHashKey),
        startingSequenceNumber: sequenceText(index, 0n),
        nextSequence: BigInt(shard.nextSequence),
        records: shard.records.map((record) => ({
          sequenceNumber: record.sequenceNumber,
          seq: BigInt(record.sequenceNumber),
          partitionKey: record.partitionKey,
          data: record.data,
          arrivalMs: now - record.ageMs,
          arrivalEpochMs: record.arrivalEpochMs,
        })),
      }));
      streams.set(
        item.name,
        new KinesisStream(
          item.name,
          this.arnOf(item.name),
          shards,
          item.createdEpochMs,
          item.mode,
          item.retentionHours,
          () => this.ctx.clock.now(),
        ),
      );
    }
    for (const stream of this.streams.values()) {
      stream.deleted = true;
      stream.notify();
    }
    this.streams.clear();
    for (const [name, stream] of streams) this.streams.set(name, stream);
    this.ctx.changed({ service: 'kinesis', resource: 'stream', detail: { action: 'restored' } });
  }

  reset(): void {
    for (const stream of this.streams.values()) {
      stream.deleted = true;
      stream.notify();
    }
    this.streams.clear();
    this.ctx.changed({ service: 'kinesis', resource: 'stream', detail: { action: 'reset' } });
  }
}

const digits = z.string().regex(/^\d+$/);
const snapshotSchema = z.object({
  streams: z.array(
    z.object({
      name: z.string().regex(STREAM_NAME),
      mode: z.enum(['PROVISIONED', 'ON_DEMAND']),
      createdEpochMs: z.number(),
      retentionHours: z.number().int().min(24).max(8760),
      shards: z
        .array(
          z.object({
            shardId: z.string(),
            startingHashKey: digits,
            endingHashKey: digits,
            nextSequence: digits,
            records: z.array(
              z.object({
                sequenceNumber: digits,
                partitionKey: z.string().min(1).max(256),
                data: z.string(),
                ageMs: z.number(),
                arrivalEpochMs: z.number(),
              }),
            ),
          }),
        )
        .min(1),
    }),
  ),
});

function shardJson(shard: KinesisShard): object {
  return {
    ShardId: shard.shardId,
    HashKeyRange: {
      StartingHashKey: shard.startingHashKey.toString(),
      EndingHashKey: shard.endingHashKey.toString(),
    },
    SequenceNumberRange: { StartingSequenceNumber: shard.startingSequenceNumber },
  };
}

function encodeIterator(iterator: Iterator): string {
  return btoa(JSON.stringify(iterator));
}

function decodeIterator(text: string): Iterator | null {
  try {
    const value = JSON.parse(atob(text)) as Partial<Iterator>;
    if (
      typeof value.stream !== 'string' ||
      typeof value.shardId !== 'string' ||
      typeof value.issuedAt !== 'number'
    )
      return null;
    if (value.after !== null && typeof value.after !== 'string') return null;
    return value as Iterator;
  } catch {
    return null;
  }
}

export function createKinesis(ctx: AccountContext): KinesisService {
  return new KinesisService(ctx);
}
