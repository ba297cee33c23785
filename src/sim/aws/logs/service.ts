/**
 * The simulated CloudWatch Logs service: log groups (Lambda's are `/aws/lambda/<function>`) with streams and
 * events, retention, an ingest seam the Lambda service calls for every invocation log line, the read API the
 * console uses (newest first, filter patterns), Logs Insights queries, and metrics extracted from Embedded
 * Metric Format events. The JSON 1.1 wire protocol (`Logs_20140328.*`) is in protocol.ts.
 */
import { z } from 'zod';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import type { AccountContext, AwsService } from '../service';
import { utf8Length } from '../../text';
import { parseEmf } from './emf';
import { compileFilterPattern } from './filterPattern';
import type { Row } from './insights/discover';
import { runQuery, type InsightsResult } from './insights/engine';
import { MetricsStore } from './metrics';
import { handleLogsRequest } from './protocol';

/** Events kept per log group (newest kept): the simulation's cap, not an AWS limit. */
export const MAX_EVENTS_PER_GROUP = 10_000;
/**
 * How far a group may grow past the cap before it is trimmed back to it. Trimming one event per call moved the
 * whole array each time: a handler logging a million lines spent seconds of the page's main thread on it.
 */
export const EVICTION_SLACK = 1_000;

/** Largest event CloudWatch Logs accepts: 1 MB including 26 bytes of overhead per event ("CloudWatch Logs quotas"). */
export const MAX_EVENT_BYTES = 1_048_576 - 26;

/** The retention settings PutRetentionPolicy accepts. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const DAY_MS = 86_400_000;
/** PutLogEvents rejects events more than 14 days old or more than 2 hours in the future. */
const TOO_OLD_MS = 14 * DAY_MS;
const TOO_NEW_MS = 2 * 3_600_000;

export class LogsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Lambda's stream name: `YYYY/MM/DD/[<version>]<32 hex environment id>`. */
export function lambdaLogStreamName(epochMs: number, version: string, environmentHex: string): string {
  const day = new Date(epochMs).toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[${version}]${environmentHex}`;
}

export interface InputLogEvent {
  /** Epoch ms (`ctx.epochMs + clock.now()` for virtual time). */
  timestamp: number;
  message: string;
}

export interface LogEvent {
  id: number;
  timestamp: number;
  ingestionTime: number;
  message: string;
  logStream: string;
  logGroup: string;
  /** Insights' discovered fields and UTF-8 size, computed on first query (not persisted). */
  fields?: Row;
  bytes?: number;
}

export interface LogGroupSummary {
  name: string;
  arn: string;
  createdAt: number;
  retentionInDays?: number;
  storedBytes: number;
  eventCount: number;
  streamCount: number;
  lastEventTimestamp?: number;
}

export interface LogStreamSummary {
  name: string;
  createdAt: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  eventCount: number;
  storedBytes: number;
}

export interface PutResult {
  accepted: number;
  tooOld: number;
  tooNew: number;
  expired: number;
}

export interface EventQuery {
  /** One stream, or several (`streams`); all streams when neither is given. */
  stream?: string;
  streams?: string[];
  streamPrefix?: string;
  /** Epoch ms, inclusive. */
  startTime?: number;
  /** Epoch ms, exclusive… as FilterLogEvents treats endTime. */
  endTime?: number;
  filterPattern?: string;
  limit?: number;
  /** Default newest first, as the console shows events. */
  order?: 'newestFirst' | 'oldestFirst';
}

export interface InsightsQueryInput {
  logGroups: string[];
  /** Epoch ms. */
  startTime: number;
  endTime: number;
  limit?: number;
}

interface StreamState {
  name: string;
  createdAt: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  eventCount: number;
  storedBytes: number;
}

interface GroupState {
  name: string;
  createdAt: number;
  retentionInDays?: number;
  streams: Map<string, StreamState>;
  /** Sorted by (timestamp, id). */
  events: LogEvent[];
  storedBytes: number;
}

function truncate(message: string): string {
  if (message.length * 3 <= MAX_EVENT_BYTES) return message;
  const bytes = new TextEncoder().encode(message);
  if (bytes.byteLength <= MAX_EVENT_BYTES) return message;
  return new TextDecoder().decode(bytes.subarray(0, MAX_EVENT_BYTES)).replace(/\uFFFD$/, '');
}

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

export class LogsService implements AwsService {
  readonly name = 'logs';
  readonly metrics = new MetricsStore();
  /** StartQuery results by query id (queries complete at once; not persisted). */
  readonly startedQueries = new Map<string, { result: InsightsResult; logGroups: string[] }>();
  private groups = new Map<string, GroupState>();
  private nextId = 1;
  /** EMF events that broke the specification, newest last (for the console). */
  private emfErrors: { at: number; logGroup: string; reason: string }[] = [];

  constructor(readonly ctx: AccountContext) {}

  epochNow(): number {
    return this.ctx.epochMs + Math.floor(this.ctx.clock.now());
  }

  handle(req: AwsHttpRequest, caller: AwsCaller): AwsHttpResponse {
    return handleLogsRequest(this, req, caller);
  }

  groupArn(name: string): string {
    return `arn:aws:logs:${this.ctx.region}:${this.ctx.accountId}:log-group:${name}`;
  }

  // --- groups and streams ------------------------------------------------------------------------------

  private requireGroup(name: string): GroupState {
    const group = this.groups.get(name);
    if (!group) throw new LogsError('ResourceNotFoundException', 'The specified log group does not exist.');
    return group;
  }

  createLogGroup(name: string): void {
    if (!GROUP_NAME.test(name))
      throw new LogsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
      );
    if (this.groups.has(name))
      throw new LogsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    this.groups.set(name, {
      name,
      createdAt: this.epochNow(),
      streams: new Map(),
      events: [],
      storedBytes: 0,
    });
    this.ctx.changed({ service: 'logs', resource: `logGroup.${name}`, detail: { action: 'created' } });
  }

  deleteLogGroup(name: string): void {
    this.requireGroup(name);
    this.groups.delete(name);
    this.ctx.changed({ service: 'logs', resource: `logGroup.${name}`, detail: { action: 'deleted' } });
  }

  createLogStream(group: string, stream: string): void {
    const state = this.requireGroup(group);
    if (!STREAM_NAME.test(stream))
      throw new LogsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${stream}' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*`,
      );
    if (state.streams.has(stream))
      throw new LogsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
    state.streams.set(stream, { name: stream, createdAt: this.epochNow(), eventCount: 0, storedBytes: 0 });
    this.ctx.changed({
      service: 'logs',
      resource: `logGroup.${group}.stream`,
      detail: { stream, action: 'created' },
    });
  }

  deleteLogStream(group: string, stream: string): void {
    const state = this.requireGroup(group);
    if (!state.streams.delete(stream))
      throw new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    state.events = state.events.filter((event) => event.logStream !== stream);
    state.storedBytes = state.events.reduce((total, event) => total + utf8Length(event.message), 0);
    this.ctx.changed({
      service: 'logs',
      resource: `logGroup.${group}.stream`,
      detail: { stream, action: 'deleted' },
    });
  }

  putRetentionPolicy(group: string, days: number): void {
    const state = this.requireGroup(group);
    if (!(RETENTION_DAYS as readonly number[]).includes(days))
      throw new LogsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
      );
    state.retentionInDays = days;
    this.prune(state);
    this.ctx.changed({
      service: 'logs',
      resource: `logGroup.${group}`,
      detail: { action: 'retention', days },
    });
  }

  deleteRetentionPolicy(group: string): void {
    const state = this.requireGroup(group);
    delete state.retentionInDays;
    this.ctx.changed({
      service: 'logs',
      resource: `logGroup.${group}`,
      detail: { action: 'retention', days: null },
    });
  }

  hasLogGroup(name: string): boolean {
    return this.groups.has(name);
  }

  hasLogStream(group: string, stream: string): boolean {
    return this.groups.get(group)?.streams.has(stream) ?? false;
  }

  // --- ingest ------------------------------------------------------------------------------------------

  /**
   * The seam the Lambda service calls: append events to a stream, creating the group and stream the way
   * Lambda does on first write. Events outside CloudWatch's time window are rejected and counted.
   */
  putLogEvents(group: string, stream: string, events: readonly InputLogEvent[]): PutResult {
    if (!this.groups.has(group)) this.createLogGroup(group);
    const state = this.groups.get(group)!;
    if (!state.streams.has(stream)) this.createLogStream(group, stream);
    return this.append(state, stream, events);
  }

  /** Append to an existing group and stream (the PutLogEvents API, which does not create them). */
  appendLogEvents(group: string, stream: string, events: readonly InputLogEvent[]): PutResult {
    const state = this.requireGroup(group);
    if (!state.streams.has(stream))
      throw new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    return this.append(state, stream, events);
  }

  private append(state: GroupState, streamName: string, events: readonly InputLogEvent[]): PutResult {
    const now = this.epochNow();
    const stream = state.streams.get(streamName)!;
    const result: PutResult = { accepted: 0, tooOld: 0, tooNew: 0, expired: 0 };
    const retentionCutoff =
      state.retentionInDays !== undefined ? now - state.retentionInDays * DAY_MS : -Infinity;
    for (const input of events) {
      if (input.timestamp < now - TOO_OLD_MS) {
        result.tooOld++;
        continue;
      }
      if (input.timestamp > now + TOO_NEW_MS) {
        result.tooNew++;
        continue;
      }
      if (input.timestamp < retentionCutoff) {
        result.expired++;
        continue;
      }
      const message = truncate(input.message);
      const event: LogEvent = {
        id: this.nextId++,
        timestamp: input.timestamp,
        ingestionTime: now,
        message,
        logStream: streamName,
        logGroup: state.name,
      };
      this.insert(state, event);
      stream.eventCount++;
      const bytes = utf8Length(message);
      stream.storedBytes += bytes;
      state.storedBytes += bytes;
      if (stream.firstEventTimestamp === undefined || event.timestamp < stream.firstEventTimestamp)
        stream.firstEventTimestamp = event.timestamp;
      if (stream.lastEventTimestamp === undefined || event.timestamp > stream.lastEventTimestamp)
        stream.lastEventTimestamp = event.timestamp;
      stream.lastIngestionTime = now;
      result.accepted++;
      this.extractMetrics(state.name, message);
    }
    if (state.events.length > MAX_EVENTS_PER_GROUP + EVICTION_SLACK)
      this.evict(state, state.events.length - MAX_EVENTS_PER_GROUP);
    this.prune(state);
    if (result.accepted > 0)
      this.ctx.changed({
        service: 'logs',
        resource: `logGroup.${state.name}.events`,
        detail: { stream: streamName, count: result.accepted },
      });
    return result;
  }

  private insert(state: GroupState, event: LogEvent): void {
    const events = state.events;
    let at = events.length;
    while (at > 0 && events[at - 1]!.timestamp > event.timestamp) at--;
    if (at === events.length) events.push(event);
    else events.splice(at, 0, event);
  }

  private evict(state: GroupState, count: number): void {
    const removed = state.events.splice(0, count);
    for (const event of removed) this.forget(state, event);
  }

  private forget(state: GroupState, event: LogEvent): void {
    const stream = state.streams.get(event.logStream);
    const bytes = utf8Length(event.message);
    state.storedBytes -= bytes;
    if (stream) {
      stream.eventCount--;
      stream.storedBytes -= bytes;
    }
  }

  /** Drop events older than the retention period (CloudWatch deletes them in the background). */
  private prune(state: GroupState): void {
    if (state.retentionInDays === undefined) return;
    const cutoff = this.epochNow() - state.retentionInDays * DAY_MS;
    let count = 0;
    while (count < state.events.length && state.events[count]!.timestamp < cutoff) count++;
    if (count > 0) this.evict(state, count);
  }

  private extractMetrics(group: string, message: string): void {
    if (!message.includes('"_aws"')) return;
    const parsed = parseEmf(message);
    if (parsed.kind === 'metrics') {
      if (parsed.data.length === 0) return;
      this.metrics.put(parsed.data);
      const namespaces = [...new Set(parsed.data.map((datum) => datum.namespace))];
      this.ctx.changed({ service: 'logs', resource: 'metrics', detail: { namespaces } });
    } else if (parsed.kind === 'invalid') {
      this.emfErrors.push({ at: this.epochNow(), logGroup: group, reason: parsed.reason });
      if (this.emfErrors.length > 100) this.emfErrors.shift();
    }
  }

  emfRejections(): readonly { at: number; logGroup: string; reason: string }[] {
    return this.emfErrors;
  }

  // --- reading -----------------------------------------------------------------------------------------

  listLogGroups(prefix = ''): LogGroupSummary[] {
    return [...this.groups.values()]
      .filter((group) => group.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((group) => {
        this.prune(group);
        const summary: LogGroupSummary = {
          name: group.name,
          arn: this.groupArn(group.name),
          createdAt: group.createdAt,
          storedBytes: group.storedBytes,
          eventCount: group.events.length,
          streamCount: group.streams.size,
        };
        if (group.retentionInDays !== undefined) summary.retentionInDays = group.retentionInDays;
        const last = group.events[group.events.length - 1];
        if (last) summary.lastEventTimestamp = last.timestamp;
        return summary;
      });
  }

  listLogStreams(
    group: string,
    options: { prefix?: string; orderBy?: 'LogStreamName' | 'LastEventTime'; descending?: boolean } = {},
  ): LogStreamSummary[] {
    const state = this.requireGroup(group);
    this.prune(state);
    const streams = [...state.streams.values()].filter((stream) =>
      stream.name.startsWith(options.prefix ?? ''),
    );
    const orderBy = options.orderBy ?? 'LastEventTime';
    const descending = options.descending ?? orderBy === 'LastEventTime';
    streams.sort((a, b) => {
      const order =
        orderBy === 'LogStreamName'
          ? a.name < b.name
            ? -1
            : a.name > b.name
              ? 1
              : 0
          : (a.lastEventTimestamp ?? a.createdAt) - (b.lastEventTimestamp ?? b.createdAt);
      return descending ? -order : order;
    });
    return streams.map((stream) => ({ ...stream }));
  }

  /** Events of a group (optionally one stream), newest first unless asked otherwise. */
  getLogEvents(group: string, query: EventQuery = {}): LogEvent[] {
    const state = this.requireGroup(group);
    this.prune(state);
    const matcher = compileFilterPattern(query.filterPattern);
    const streams =
      query.stream !== undefined ? new Set([query.stream]) : query.streams ? new Set(query.streams) : null;
    if (query.stream !== undefined && !state.streams.has(query.stream))
      throw new LogsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const limit = query.limit ?? Infinity;
    const out: LogEvent[] = [];
    const newestFirst = (query.order ?? 'newestFirst') === 'newestFirst';
    const events = state.events;
    for (let i = 0; i < events.length && out.length < limit; i++) {
      const event = events[newestFirst ? events.length - 1 - i : i]!;
      if (streams && !streams.has(event.logStream)) continue;
      if (query.streamPrefix !== undefined && !event.logStream.startsWith(query.streamPrefix)) continue;
      if (query.startTime !== undefined && event.timestamp < query.startTime) continue;
      if (query.endTime !== undefined && event.timestamp >= query.endTime) continue;
      if (!matcher(event.message)) continue;
      out.push({
        id: event.id,
        timestamp: event.timestamp,
        ingestionTime: event.ingestionTime,
        message: event.message,
        logStream: event.logStream,
        logGroup: event.logGroup,
      });
    }
    return out;
  }

  /** Run a Logs Insights query over the groups and time range (throws InsightsQueryError on bad syntax). */
  query(queryString: string, input: InsightsQueryInput): InsightsResult {
    const selected: LogEvent[] = [];
    for (const name of input.logGroups) {
      const state = this.requireGroup(name);
      this.prune(state);
      for (const event of state.events)
        if (event.timestamp >= input.startTime && event.timestamp <= input.endTime) selected.push(event);
    }
    selected.sort((a, b) => b.timestamp - a.timestamp || b.id - a.id);
    const options: Parameters<typeof runQuery>[2] = { accountId: this.ctx.accountId };
    if (input.limit !== undefined) options.limit = input.limit;
    return runQuery(queryString, selected, options);
  }

  // --- persistence -------------------------------------------------------------------------------------

  snapshot(): LogsSnapshot {
    return {
      nextId: this.nextId,
      groups: [...this.groups.values()].map((group) => ({
        name: group.name,
        createdAt: group.createdAt,
        ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
        streams: [...group.streams.values()].map((stream) => ({ ...stream })),
        events: group.events.map(
          (event) =>
            [event.id, event.timestamp, event.ingestionTime, event.logStream, event.message] as [
              number,
              number,
              number,
              string,
              string,
            ],
        ),
      })),
      metrics: this.metrics.snapshot(),
    };
  }

  restore(data: unknown): void {
    const parsed = LOGS_SNAPSHOT.safeParse(data);
    if (!parsed.success)
      throw new Error(`Bad CloudWatch Logs snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const metrics = MetricsStore.parse(parsed.data.metrics);
    const groups = new Map<string, GroupState>();
    for (const group of parsed.data.groups) {
      const streams = new Map<string, StreamState>();
      for (const stream of group.streams) {
        const state: StreamState = {
          name: stream.name,
          createdAt: stream.createdAt,
          eventCount: stream.eventCount,
          storedBytes: stream.storedBytes,
        };
        if (stream.firstEventTimestamp !== undefined) state.firstEventTimestamp = stream.firstEventTimestamp;
        if (stream.lastEventTimestamp !== undefined) state.lastEventTimestamp = stream.lastEventTimestamp;
        if (stream.lastIngestionTime !== undefined) state.lastIngestionTime = stream.lastIngestionTime;
        streams.set(stream.name, state);
      }
      const events: LogEvent[] = group.events.map(([id, timestamp, ingestionTime, logStream, message]) => {
        if (!streams.has(logStream))
          throw new Error(`Bad CloudWatch Logs snapshot: event in unknown stream ${logStream}`);
        return { id, timestamp, ingestionTime, logStream, message, logGroup: group.name };
      });
      events.sort((a, b) => a.timestamp - b.timestamp || a.id - b.id);
      const state: GroupState = {
        name: group.name,
        createdAt: group.createdAt,
        streams,
        events,
        storedBytes: events.reduce((total, event) => total + utf8Length(event.message), 0),
      };
      if (group.retentionInDays !== undefined) state.retentionInDays = group.retentionInDays;
      groups.set(group.name, state);
    }
    this.groups = groups;
    this.nextId = parsed.data.nextId;
    this.metrics.replace(metrics);
    this.emfErrors = [];
    this.ctx.changed({ service: 'logs', resource: '*' });
  }

  reset(): void {
    this.groups.clear();
    this.startedQueries.clear();
    this.nextId = 1;
    this.metrics.clear();
    this.emfErrors = [];
    this.ctx.changed({ service: 'logs', resource: '*' });
  }
}

const LOGS_SNAPSHOT = z.object({
  nextId: z.number().int().positive(),
  groups: z.array(
    z.object({
      name: z.string().regex(GROUP_NAME),
      createdAt: z.number(),
      retentionInDays: z
        .number()
        .refine((days) => (RETENTION_DAYS as readonly number[]).includes(days), 'invalid retentionInDays')
        .optional(),
      streams: z.array(
        z.object({
          name: z.string().min(1),
          createdAt: z.number(),
          firstEventTimestamp: z.number().optional(),
          lastEventTimestamp: z.number().optional(),
          lastIngestionTime: z.number().optional(),
          eventCount: z.number().int().nonnegative(),
          storedBytes: z.number().nonnegative(),
        }),
      ),
      events: z
        .array(z.tuple([z.number().int(), z.number(), z.number(), z.string(), z.string()]))
        .max(MAX_EVENTS_PER_GROUP),
    }),
  ),
  metrics: z.unknown(),
});

export type LogsSnapshot = z.infer<typeof LOGS_SNAPSHOT>;

export function createLogs(ctx: AccountContext): LogsService {
  return new LogsService(ctx);
}
