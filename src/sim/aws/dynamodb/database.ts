/**
 * The state of one account's DynamoDB: tables by name, streams by ARN (a stream outlives its table and its
 * disabling by 24 hours), transaction tokens for TransactWriteItems idempotency. Operations take a Database.
 */
import type { AccountContext } from '../service';
import { resourceNotFound } from './errors';
import { extractKey } from './keys';
import { tableNameOf } from './requests';
import { streamLabel, TableStream, type StreamViewType } from './streams';
import type { Table } from './table';
import type { AttributeMap } from './values';

const TTL_SWEEP_INTERVAL_MS = 60_000;
const FIVE_YEARS_S = 5 * 365 * 24 * 60 * 60;

export interface TransactionTokenRecord {
  fingerprint: string;
  /** Virtual ms. */
  at: number;
}

export class Database {
  readonly tables = new Map<string, Table>();
  readonly streams = new Map<string, TableStream>();
  readonly transactionTokens = new Map<string, TransactionTokenRecord>();
  private readonly sweeps = new WeakMap<Table, number>();

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
    this.expire(table);
    return table;
  }

  /**
   * Time to Live: DynamoDB deletes expired items in the background, "typically within two days", and until then
   * they still show in reads. Here the sweep runs when the table is used, at most once a virtual minute, and
   * deletes what expired before it; each deletion is a REMOVE stream record from the service itself. Items whose
   * TTL is not a Number, or lies more than five years in the past, are never deleted ("Time to Live").
   */
  expire(table: Table): void {
    const ttl = table.definition.ttl;
    if (!ttl?.enabled) return;
    const now = this.now();
    const last = this.sweeps.get(table);
    if (last !== undefined && now - last < TTL_SWEEP_INTERVAL_MS) return;
    this.sweeps.set(table, now);
    const nowSeconds = this.epochOf(now) / 1000;
    const expired: AttributeMap[] = [];
    for (const item of table.items.values()) {
      const value = (item[ttl.attributeName] as { N?: string } | undefined)?.N;
      if (value === undefined) continue;
      const at = Number(value);
      if (at < nowSeconds && at > nowSeconds - FIVE_YEARS_S) expired.push(item);
    }
    for (const item of expired) {
      const key = extractKey(item, table.schema);
      table.write(key, undefined, { byService: true });
      this.changed(`table.${table.name}.item`, { key, eventName: 'REMOVE', expired: true });
    }
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
