/**
 * The state of one account's DynamoDB: tables by name, streams by ARN (a stream outlives its table and its
 * disabling by 24 hours), transaction tokens for TransactWriteItems idempotency. Operations take a Database.
 */
import type { AccountContext } from '../service';
import { resourceNotFound } from './errors';
import { tableNameOf } from './requests';
import { streamLabel, TableStream, type StreamViewType } from './streams';
import type { Table } from './table';

export interface TransactionTokenRecord {
  fingerprint: string;
  /** Virtual ms. */
  at: number;
}

export class Database {
  readonly tables = new Map<string, Table>();
  readonly streams = new Map<string, TableStream>();
  readonly transactionTokens = new Map<string, TransactionTokenRecord>();

  constructor(readonly context: AccountContext) {}

  /** Virtual now. */
  now(): number {
    return this.context.clock.now();
  }

  /** Wall-clock epoch ms for a virtual time. */
  epochOf(virtualMs: number): number {
    return this.context.epochMs + virtualMs;
  }

  /** The table a data-plane request names; ResourceNotFoundException otherwise. */
  table(nameOrArn: unknown): Table {
    const table = this.tables.get(tableNameOf(nameOrArn));
    if (!table) throw resourceNotFound();
    return table;
  }

  tableArn(name: string): string {
    return `arn:aws:dynamodb:${this.context.region}:${this.context.accountId}:table/${name}`;
  }

  changed(resource: string, detail?: unknown): void {
    this.context.changed({ service: 'dynamodb', resource, detail });
  }

  /** A new stream for a table, with a label unique among that table's streams. */
  openStream(table: Table, viewType: StreamViewType): TableStream {
    let at = this.epochOf(this.now());
    let label = streamLabel(at);
    while (this.streams.has(`${this.tableArn(table.name)}/stream/${label}`)) label = streamLabel(++at);
    const arn = `${this.tableArn(table.name)}/stream/${label}`;
    const stream = new TableStream(
      {
        arn,
        label,
        tableName: table.name,
        viewType,
        createdAt: this.now(),
        shardId: `shardId-${String(at).padStart(20, '0')}-${this.context.uuid().replace(/-/g, '').slice(0, 8)}`,
        nextSequence: 1,
        records: [],
      },
      this.context.clock,
      this.context.epochMs,
      this.context.region,
      () => this.context.uuid(),
    );
    this.attachStreamNotifications(stream);
    this.streams.set(arn, stream);
    table.stream = stream;
    table.definition.stream = { viewType, arn, label };
    table.definition.latestStream = { arn, label };
    return stream;
  }

  attachStreamNotifications(stream: TableStream): void {
    stream.subscribe((record, shardId) =>
      this.changed(`table.${stream.tableName}.stream`, {
        streamArn: stream.arn,
        shardId,
        sequenceNumber: record.dynamodb.SequenceNumber,
      }),
    );
  }

  /** Streams disabled more than 24 hours ago are gone. */
  pruneStreams(): void {
    const now = this.now();
    for (const [arn, stream] of this.streams) if (stream.expired(now)) this.streams.delete(arn);
  }
}
