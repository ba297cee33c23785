/**
 * DynamoDB Streams, as Lambda's event source mapping reads them. Each change to a table with a stream becomes a
 * record in exactly the shape of a Lambda DynamoDB event record (`@types/aws-lambda` DynamoDBRecord), on a shard
 * with increasing sequence numbers. Records are kept for 24 hours ("Change data capture for DynamoDB Streams":
 * data retention). One shard per stream here: real streams split into more shards as a table grows, and records
 * for one item always stay in order on one shard, which is what consumers rely on.
 */
import type { Clock } from '../../clock';
import type { AttributeMap } from './values';
import { itemSize } from './values';

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';
export const STREAM_VIEW_TYPES: readonly StreamViewType[] = [
  'KEYS_ONLY',
  'NEW_IMAGE',
  'OLD_IMAGE',
  'NEW_AND_OLD_IMAGES',
];

export interface StreamRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: {
    /** Epoch seconds, as in Lambda's event. */
    ApproximateCreationDateTime: number;
    Keys: AttributeMap;
    NewImage?: AttributeMap;
    OldImage?: AttributeMap;
    SequenceNumber: string;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
  eventSourceARN: string;
  /** Present on deletions made by DynamoDB itself (Time to Live). */
  userIdentity?: { type: 'Service'; principalId: 'dynamodb.amazonaws.com' };
}

export interface ShardDescription {
  shardId: string;
  parentShardId?: string;
  sequenceNumberRange: { startingSequenceNumber: string; endingSequenceNumber?: string };
}

export interface StreamChange {
  keys: AttributeMap;
  oldImage: AttributeMap | undefined;
  newImage: AttributeMap | undefined;
  /** Deleted by TTL rather than by a request. */
  byService?: boolean;
}

export const STREAM_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface StreamState {
  arn: string;
  label: string;
  tableName: string;
  viewType: StreamViewType;
  createdAt: number;
  /** Virtual time the stream was disabled (or its table deleted); it stays readable for 24 hours. */
  disabledAt?: number;
  shardId: string;
  nextSequence: number;
  records: Array<{ at: number; record: StreamRecord }>;
}

export type StreamListener = (record: StreamRecord, shardId: string) => void;

/** The read API event source mappings use: shards, records from a sequence number, and a change subscription. */
export class TableStream {
  private readonly listeners = new Set<StreamListener>();

  constructor(
    readonly state: StreamState,
    private readonly clock: Clock,
    private readonly epochMs: number,
    private readonly region: string,
    private readonly newEventId: () => string,
  ) {}

  get arn(): string {
    return this.state.arn;
  }

  get label(): string {
    return this.state.label;
  }

  get viewType(): StreamViewType {
    return this.state.viewType;
  }

  get tableName(): string {
    return this.state.tableName;
  }

  get status(): 'ENABLED' | 'DISABLED' {
    return this.state.disabledAt === undefined ? 'ENABLED' : 'DISABLED';
  }

  shards(): ShardDescription[] {
    const first =
      this.state.records[0]?.record.dynamodb.SequenceNumber ?? sequenceText(this.state.nextSequence);
    const range: ShardDescription['sequenceNumberRange'] = { startingSequenceNumber: first };
    if (this.state.disabledAt !== undefined && this.state.nextSequence > 1) {
      range.endingSequenceNumber = sequenceText(this.state.nextSequence - 1);
    }
    return [{ shardId: this.state.shardId, sequenceNumberRange: range }];
  }

  /**
   * Records still retained on a shard, oldest first: from `fromSequence` inclusive (AT_SEQUENCE_NUMBER), or
   * after it with `{ after: true }` (AFTER_SEQUENCE_NUMBER), or from the oldest retained (TRIM_HORIZON).
   */
  records(
    shardId: string,
    fromSequence?: string,
    options: { after?: boolean; limit?: number } = {},
  ): StreamRecord[] {
    if (shardId !== this.state.shardId) return [];
    this.trim();
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const from = fromSequence === undefined ? undefined : BigInt(fromSequence);
    const out: StreamRecord[] = [];
    for (const { record } of this.state.records) {
      if (out.length >= limit) break;
      if (from !== undefined) {
        const sequence = BigInt(record.dynamodb.SequenceNumber);
        if (options.after ? sequence <= from : sequence < from) continue;
      }
      out.push(record);
    }
    return out;
  }

  /** Sequence number the next record will get (LATEST starts here). */
  nextSequenceNumber(): string {
    return sequenceText(this.state.nextSequence);
  }

  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  disable(at: number): void {
    if (this.state.disabledAt === undefined) this.state.disabledAt = at;
  }

  /** Expired: disabled more than 24 hours ago. */
  expired(now: number): boolean {
    return this.state.disabledAt !== undefined && now - this.state.disabledAt > STREAM_RETENTION_MS;
  }

  append(change: StreamChange): StreamRecord | undefined {
    if (this.state.disabledAt !== undefined) return undefined;
    const { keys, oldImage, newImage } = change;
    const eventName = oldImage === undefined ? 'INSERT' : newImage === undefined ? 'REMOVE' : 'MODIFY';
    const view = this.state.viewType;
    const dynamodb: StreamRecord['dynamodb'] = {
      ApproximateCreationDateTime: Math.floor((this.epochMs + this.clock.now()) / 1000),
      Keys: keys,
      SequenceNumber: sequenceText(this.state.nextSequence++),
      SizeBytes: 0,
      StreamViewType: view,
    };
    // SizeBytes is the size of the record's key and images (the AWS Lambda guide's sample events add up so).
    let size = itemSize(keys);
    if (newImage && (view === 'NEW_IMAGE' || view === 'NEW_AND_OLD_IMAGES')) {
      dynamodb.NewImage = newImage;
      size += itemSize(newImage);
    }
    if (oldImage && (view === 'OLD_IMAGE' || view === 'NEW_AND_OLD_IMAGES')) {
      dynamodb.OldImage = oldImage;
      size += itemSize(oldImage);
    }
    dynamodb.SizeBytes = size;
    const record: StreamRecord = {
      eventID: this.newEventId().replace(/-/g, ''),
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: this.region,
      dynamodb,
      eventSourceARN: this.state.arn,
    };
    if (change.byService) record.userIdentity = { type: 'Service', principalId: 'dynamodb.amazonaws.com' };
    this.state.records.push({ at: this.clock.now(), record });
    this.trim();
    for (const listener of this.listeners) listener(record, this.state.shardId);
    return record;
  }

  /** Drops records older than 24 hours. */
  trim(): void {
    const cutoff = this.clock.now() - STREAM_RETENTION_MS;
    const records = this.state.records;
    let drop = 0;
    while (drop < records.length && records[drop]!.at < cutoff) drop++;
    if (drop > 0) records.splice(0, drop);
  }
}

/** 21-digit sequence numbers, increasing: the width of real DynamoDB stream sequence numbers. */
function sequenceText(sequence: number): string {
  return (100000000000000000000n + BigInt(sequence)).toString();
}

/** Stream label: the creation time in ISO 8601 without the zone, as DynamoDB labels streams. */
export function streamLabel(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/Z$/, '');
}
