/**
 * The simulated X-Ray service: a trace store shaped like X-Ray's segment documents, the seams the Lambda
 * service calls (begin an invocation's trace, record each AWS call made through the SDK, end the invocation
 * with its phase timings), and the read side the console draws (trace summaries, a waterfall, a service map).
 *
 * A traced Lambda invocation is two segments ("Visualize Lambda function invocations using AWS X-Ray",
 * Lambda Developer Guide): the Lambda service's (origin `AWS::Lambda`) and the function's (origin
 * `AWS::Lambda::Function`) with `Initialization` (cold starts only), `Invocation` and `Overhead` subsegments.
 * AWS calls appear as subsegments of `Invocation` with `namespace: "aws"`. In AWS they appear only when the
 * SDK client is instrumented (X-Ray SDK, Powertools Tracer, ADOT); which calls to record is the caller's choice.
 */
import { z } from 'zod';
import type { AwsCaller, AwsHttpRequest, AwsHttpResponse } from '../http';
import type { AccountContext, AwsService } from '../service';
import { formatTraceHeader, parseTraceHeader, segmentIdFrom, traceIdAt, TRACE_ID } from './ids';
import { handleXRayRequest } from './protocol';

/** Traces kept (oldest dropped first): the simulation's cap. */
export const MAX_TRACES = 1000;

export type Annotations = Record<string, string | number | boolean>;

export interface Cause {
  exceptions: { id?: string; type?: string; message?: string; remote?: boolean }[];
}

/** A (sub)segment as in X-Ray's segment documents; times are epoch seconds. */
export interface Subsegment {
  id: string;
  name: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  namespace?: 'aws' | 'remote';
  origin?: string;
  error?: boolean;
  fault?: boolean;
  throttle?: boolean;
  cause?: Cause;
  http?: {
    request?: { method?: string; url?: string };
    response?: { status?: number; content_length?: number };
  };
  aws?: Record<string, unknown>;
  annotations?: Annotations;
  metadata?: Record<string, Record<string, unknown>>;
  subsegments?: Subsegment[];
}

export interface Segment extends Subsegment {
  trace_id: string;
  parent_id?: string;
  resource_arn?: string;
}

export interface Trace {
  id: string;
  segments: Segment[];
}

export interface BeginInvocationInput {
  functionName: string;
  functionArn?: string;
  requestId: string;
  /** Epoch ms the Lambda service received the request (default now). */
  receivedAt?: number;
  /** The caller's tracing header (SQS/SNS/another function): the invocation joins that trace. */
  upstreamTraceHeader?: string;
}

export interface InvocationTrace {
  traceId: string;
  /** What the function sees in `_X_AMZN_TRACE_ID`. */
  header: string;
  serviceSegmentId: string;
  functionSegmentId: string;
}

export interface EndInvocationInput {
  /** Epoch ms of the phases; `initStart`/`initEnd` only on a cold start. */
  initStart?: number;
  initEnd?: number;
  invokeStart: number;
  invokeEnd: number;
  /** End of the whole request including Overhead (≥ invokeEnd). */
  end: number;
  /** A function error, timeout or crash (`Sandbox.Timedout`, `TypeError`…): a fault on the function segment. */
  functionError?: { type: string; message: string };
  /** Status the Lambda service answered with (200; 429 for a throttle). */
  statusCode?: number;
  annotations?: Annotations;
  metadata?: Record<string, Record<string, unknown>>;
}

export interface AwsCallRecord {
  /** The invocation's `_X_AMZN_TRACE_ID`. */
  traceHeader: string;
  /** X-Ray's name for the service: `DynamoDB`, `SQS`, `S3`, `SNS`, `Lambda`, `Secrets Manager`, `SSM`… */
  service: string;
  operation: string;
  /** Epoch ms. */
  start: number;
  end: number;
  httpStatus: number;
  requestId?: string;
  /** Resource fields X-Ray records (`table_name`, `queue_url`, `bucket_name`, `key`, `function_name`…). */
  resource?: Record<string, string | string[]>;
  errorType?: string;
  errorMessage?: string;
  region?: string;
  /**
   * The subsegment an instrumented client named in the request's own `X-Amzn-Trace-Id` (Powertools Tracer's
   * `captureAWSv3Client`): the call is shown under it once the tracer's document for it arrives.
   */
  parentSubsegmentId?: string;
}

export type TraceStatus = 'ok' | 'error' | 'fault' | 'throttle';

export interface TraceSummary {
  id: string;
  /** Epoch ms. */
  startTime: number;
  durationMs: number;
  entryPoint: string;
  status: TraceStatus;
  hasError: boolean;
  hasFault: boolean;
  hasThrottle: boolean;
  httpStatus?: number;
  inProgress: boolean;
  /** Downstream service names seen in the trace. */
  services: string[];
  annotations: Annotations;
}

export interface WaterfallRow {
  id: string;
  parentId?: string;
  name: string;
  kind: 'segment' | 'subsegment';
  origin?: string;
  namespace?: string;
  depth: number;
  /** Milliseconds from the start of the trace. */
  startOffsetMs: number;
  endOffsetMs: number;
  durationMs: number;
  status: TraceStatus;
  inProgress: boolean;
  httpStatus?: number;
  operation?: string;
  resource?: string;
  errorType?: string;
  errorMessage?: string;
  annotations?: Annotations;
}

export interface ServiceMapStats {
  count: number;
  okCount: number;
  errorCount: number;
  faultCount: number;
  throttleCount: number;
  averageLatencyMs: number;
}

export interface ServiceMapNode {
  id: string;
  name: string;
  type: string;
  stats: ServiceMapStats;
}

export interface ServiceMapEdge extends ServiceMapStats {
  source: string;
  target: string;
}

export interface ServiceMap {
  nodes: ServiceMapNode[];
  edges: ServiceMapEdge[];
}

/** Inferred node types for downstream AWS services, as the X-Ray console names them. */
const NODE_TYPES: Record<string, string> = {
  DynamoDB: 'AWS::DynamoDB::Table',
  SQS: 'AWS::SQS::Queue',
  S3: 'AWS::S3::Bucket',
  SNS: 'AWS::SNS',
  Lambda: 'AWS::Lambda',
  'Secrets Manager': 'AWS::SecretsManager',
  SSM: 'AWS::SSM',
  EventBridge: 'AWS::Events',
  'CloudWatch Logs': 'AWS::Logs',
};

const seconds = (epochMs: number) => epochMs / 1000;
const millis = (epochSeconds: number) => Math.round(epochSeconds * 1_000_000) / 1000;

function statusOf(entity: Subsegment): TraceStatus {
  if (entity.fault) return 'fault';
  if (entity.throttle) return 'throttle';
  if (entity.error) return 'error';
  return 'ok';
}

function walk(
  entity: Subsegment,
  visit: (entity: Subsegment, parent: Subsegment | null, depth: number) => void,
  depth = 0,
  parent: Subsegment | null = null,
): void {
  visit(entity, parent, depth);
  for (const child of entity.subsegments ?? []) walk(child, visit, depth + 1, entity);
}

/**
 * Calls an instrumented client made under a tracer subsegment go into that subsegment, in time order; one whose
 * subsegment never arrived (not closed, or sent after the end) stays directly under Invocation.
 */
function nestCalls(pending: Pending): void {
  if (pending.nestedCalls.size === 0) return;
  const byId = new Map<string, Subsegment>();
  for (const call of pending.calls) walk(call, (entity) => byId.set(entity.id, entity));
  for (const [parentId, calls] of pending.nestedCalls) {
    const parent = byId.get(parentId);
    if (parent) {
      parent.subsegments = [...(parent.subsegments ?? []), ...calls].sort(
        (a, b) => a.start_time - b.start_time,
      );
    } else pending.calls.push(...calls);
  }
  pending.calls.sort((a, b) => a.start_time - b.start_time);
  pending.nestedCalls.clear();
}

function resourceName(entity: Subsegment): string | undefined {
  const aws = entity.aws ?? {};
  for (const field of [
    'table_name',
    'bucket_name',
    'function_name',
    'topic_arn',
    'secret_id',
    'parameter_name',
  ]) {
    const value = aws[field];
    if (typeof value === 'string') return field === 'topic_arn' ? value.split(':').pop() : value;
  }
  if (typeof aws.queue_url === 'string') return aws.queue_url.split('/').pop();
  const names = aws.resource_names;
  if (Array.isArray(names) && typeof names[0] === 'string') return names.join(', ');
  return undefined;
}

interface Pending {
  trace: InvocationTrace;
  functionName: string;
  functionArn?: string;
  requestId: string;
  receivedAt: number;
  parentId?: string;
  calls: Subsegment[];
  /** Calls recorded under a subsegment of the function's own tracer, by that subsegment's id. */
  nestedCalls: Map<string, Subsegment[]>;
}

export class XRayService implements AwsService {
  readonly name = 'xray';
  private traces = new Map<string, Trace>();
  /** Trace ids in arrival order, for dropping the oldest (Map deletions at the front degrade its iterator). */
  private order: string[] = [];
  private orderHead = 0;
  private pending = new Map<string, Pending>();

  constructor(readonly ctx: AccountContext) {}

  epochNow(): number {
    return this.ctx.epochMs + this.ctx.clock.now();
  }

  handle(req: AwsHttpRequest, caller: AwsCaller): AwsHttpResponse {
    return handleXRayRequest(this, req, caller);
  }

  private newSegmentId(): string {
    return segmentIdFrom(this.ctx.uuid());
  }

  // --- the Lambda service's seams ----------------------------------------------------------------------

  /** Start tracing an invocation: returns the trace id and the header the function's environment gets. */
  beginInvocation(input: BeginInvocationInput): InvocationTrace {
    const receivedAt = input.receivedAt ?? this.epochNow();
    const upstream = parseTraceHeader(input.upstreamTraceHeader);
    const traceId = upstream?.root ?? traceIdAt(receivedAt, this.ctx.uuid());
    const serviceSegmentId = this.newSegmentId();
    const functionSegmentId = this.newSegmentId();
    const trace: InvocationTrace = {
      traceId,
      header: formatTraceHeader({ root: traceId, parent: functionSegmentId, sampled: true }),
      serviceSegmentId,
      functionSegmentId,
    };
    const pending: Pending = {
      trace,
      functionName: input.functionName,
      requestId: input.requestId,
      receivedAt,
      calls: [],
      nestedCalls: new Map(),
    };
    if (input.functionArn) pending.functionArn = input.functionArn;
    if (upstream?.parent) pending.parentId = upstream.parent;
    this.pending.set(functionSegmentId, pending);
    // The Lambda service segment is visible as in progress until the invocation ends.
    this.store(traceId, [this.serviceSegment(pending, { end: undefined })]);
    this.ctx.changed({
      service: 'xray',
      resource: `trace.${traceId}`,
      detail: { action: 'started', functionName: input.functionName },
    });
    return trace;
  }

  /**
   * Record one AWS call made by traced code, under the invocation whose `_X_AMZN_TRACE_ID` it carried.
   * Returns false when the header names no invocation in progress (the call is then not recorded).
   */
  recordAwsCall(call: AwsCallRecord): boolean {
    const header = parseTraceHeader(call.traceHeader);
    if (!header?.parent) return false;
    const subsegment: Subsegment = {
      id: this.newSegmentId(),
      name: call.service,
      start_time: seconds(call.start),
      end_time: seconds(Math.max(call.end, call.start)),
      namespace: 'aws',
      http: { response: { status: call.httpStatus } },
      aws: {
        operation: call.operation,
        region: call.region ?? this.ctx.region,
        retries: 0,
        ...(call.requestId ? { request_id: call.requestId } : {}),
        ...(call.resource ?? {}),
      },
    };
    if (call.httpStatus === 429) subsegment.throttle = true;
    if (call.httpStatus >= 400 && call.httpStatus < 500) subsegment.error = true;
    if (call.httpStatus >= 500) subsegment.fault = true;
    if (call.errorType || call.errorMessage)
      subsegment.cause = {
        exceptions: [
          {
            id: this.newSegmentId(),
            ...(call.errorType ? { type: call.errorType } : {}),
            ...(call.errorMessage ? { message: call.errorMessage } : {}),
            remote: true,
          },
        ],
      };
    const pending = this.pending.get(header.parent);
    if (pending && pending.trace.traceId === header.root) {
      const under = call.parentSubsegmentId;
      if (under && under !== header.parent) {
        const list = pending.nestedCalls.get(under) ?? [];
        list.push(subsegment);
        pending.nestedCalls.set(under, list);
      } else pending.calls.push(subsegment);
    } else {
      // The invocation already ended (a call still running at the end): attach to its function segment.
      const trace = this.traces.get(header.root);
      const functionSegment = trace?.segments.find((segment) => segment.id === header.parent);
      if (!functionSegment) return false;
      (functionSegment.subsegments ??= []).push(subsegment);
    }
    this.ctx.changed({
      service: 'xray',
      resource: `trace.${header.root}`,
      detail: { action: 'call', service: call.service, operation: call.operation },
    });
    return true;
  }

  /** Finish an invocation's trace with its phase timings (the trace id, header or handle from beginInvocation). */
  endInvocation(handle: InvocationTrace | string, timing: EndInvocationInput): Trace | undefined {
    const functionSegmentId =
      typeof handle === 'string'
        ? (parseTraceHeader(handle)?.parent ?? this.findPendingByTrace(handle))
        : handle.functionSegmentId;
    const pending = functionSegmentId ? this.pending.get(functionSegmentId) : undefined;
    if (!pending) return undefined;
    this.pending.delete(functionSegmentId!);
    const { trace } = pending;
    const end = Math.max(timing.end, timing.invokeEnd);
    const functionStart = timing.initStart ?? timing.invokeStart;
    const subsegments: Subsegment[] = [];
    if (timing.initStart !== undefined && timing.initEnd !== undefined)
      subsegments.push({
        id: this.newSegmentId(),
        name: 'Initialization',
        start_time: seconds(timing.initStart),
        end_time: seconds(timing.initEnd),
      });
    const invocation: Subsegment = {
      id: this.newSegmentId(),
      name: 'Invocation',
      start_time: seconds(timing.invokeStart),
      end_time: seconds(timing.invokeEnd),
    };
    nestCalls(pending);
    if (pending.calls.length > 0) invocation.subsegments = pending.calls;
    if (timing.functionError) {
      invocation.fault = true;
      invocation.cause = {
        exceptions: [
          { id: this.newSegmentId(), type: timing.functionError.type, message: timing.functionError.message },
        ],
      };
    }
    subsegments.push(invocation);
    if (end > timing.invokeEnd)
      subsegments.push({
        id: this.newSegmentId(),
        name: 'Overhead',
        start_time: seconds(timing.invokeEnd),
        end_time: seconds(end),
      });

    const functionSegment: Segment = {
      id: trace.functionSegmentId,
      trace_id: trace.traceId,
      parent_id: trace.serviceSegmentId,
      name: pending.functionName,
      origin: 'AWS::Lambda::Function',
      start_time: seconds(functionStart),
      end_time: seconds(end),
      aws: {
        ...(pending.functionArn ? { function_arn: pending.functionArn } : {}),
        resource_names: [pending.functionName],
        account_id: this.ctx.accountId,
      },
      subsegments,
    };
    if (pending.functionArn) functionSegment.resource_arn = pending.functionArn;
    if (timing.functionError) {
      functionSegment.fault = true;
      functionSegment.cause = {
        exceptions: [
          { id: this.newSegmentId(), type: timing.functionError.type, message: timing.functionError.message },
        ],
      };
    }
    if (timing.annotations) functionSegment.annotations = { ...timing.annotations };
    if (timing.metadata) functionSegment.metadata = structuredClone(timing.metadata);
    const serviceSegment = this.serviceSegment(pending, { end, statusCode: timing.statusCode ?? 200 });
    this.store(trace.traceId, [serviceSegment, functionSegment]);
    this.ctx.changed({
      service: 'xray',
      resource: `trace.${trace.traceId}`,
      detail: { action: 'ended', functionName: pending.functionName },
    });
    return this.traces.get(trace.traceId);
  }

  /** A throttled request never reaches a function: only the Lambda service segment, answered 429. */
  recordThrottle(input: BeginInvocationInput): string {
    const trace = this.beginInvocation(input);
    const pending = this.pending.get(trace.functionSegmentId)!;
    this.pending.delete(trace.functionSegmentId);
    this.store(trace.traceId, [this.serviceSegment(pending, { end: pending.receivedAt, statusCode: 429 })]);
    this.ctx.changed({
      service: 'xray',
      resource: `trace.${trace.traceId}`,
      detail: { action: 'throttled', functionName: input.functionName },
    });
    return trace.traceId;
  }

  private findPendingByTrace(traceId: string): string | undefined {
    for (const [id, pending] of this.pending) if (pending.trace.traceId === traceId) return id;
    return undefined;
  }

  private serviceSegment(
    pending: Pending,
    options: { end: number | undefined; statusCode?: number },
  ): Segment {
    const segment: Segment = {
      id: pending.trace.serviceSegmentId,
      trace_id: pending.trace.traceId,
      name: pending.functionName,
      origin: 'AWS::Lambda',
      start_time: seconds(pending.receivedAt),
      aws: { request_id: pending.requestId },
    };
    if (pending.parentId) segment.parent_id = pending.parentId;
    if (pending.functionArn) segment.resource_arn = pending.functionArn;
    if (options.end === undefined) segment.in_progress = true;
    else {
      segment.end_time = seconds(options.end);
      segment.http = { response: { status: options.statusCode ?? 200 } };
      if (options.statusCode === 429) segment.throttle = segment.error = true;
      else if ((options.statusCode ?? 200) >= 500) segment.fault = true;
      else if ((options.statusCode ?? 200) >= 400) segment.error = true;
    }
    return segment;
  }

  /** Segment documents as the X-Ray SDK / Powertools Tracer send them to the daemon (PutTraceSegments). */
  putSegmentDocuments(documents: readonly string[]): {
    unprocessed: { id?: string; errorCode: string; message: string }[];
  } {
    const unprocessed: { id?: string; errorCode: string; message: string }[] = [];
    for (const document of documents) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(document);
      } catch {
        unprocessed.push({ errorCode: 'InvalidJson', message: 'Segment document is not valid JSON' });
        continue;
      }
      const result = SEGMENT_DOCUMENT.safeParse(parsed);
      if (!result.success) {
        unprocessed.push({
          ...(typeof (parsed as { id?: unknown }).id === 'string'
            ? { id: (parsed as { id: string }).id }
            : {}),
          errorCode: 'InvalidSegment',
          message: result.error.issues[0]?.message ?? 'invalid',
        });
        continue;
      }
      const segment = result.data as Segment & { type?: string };
      if (segment.type === 'subsegment') {
        // An independently sent subsegment (the X-Ray SDK in Lambda sends them with the function segment as
        // parent): attach it to its parent if the parent is known.
        const { trace_id: _trace, parent_id: _parent, type: _type, ...subsegment } = segment;
        const pendingParent = this.pending.get(segment.parent_id ?? '');
        if (pendingParent && pendingParent.trace.traceId === segment.trace_id) {
          pendingParent.calls.push(subsegment);
          continue;
        }
        const trace = this.traces.get(segment.trace_id);
        let attached = false;
        for (const root of trace?.segments ?? [])
          walk(root, (entity) => {
            if (!attached && entity.id === segment.parent_id) {
              (entity.subsegments ??= []).push(subsegment);
              attached = true;
            }
          });
        if (!attached)
          unprocessed.push({
            id: segment.id,
            errorCode: 'UnknownParent',
            message: 'No segment with this parent_id',
          });
        continue;
      }
      // A segment from the function's own tracer (facade ids match the function segment): merge subsegments.
      const pending = this.pending.get(segment.parent_id ?? '') ?? this.pending.get(segment.id);
      if (pending && segment.trace_id === pending.trace.traceId) {
        pending.calls.push(...(segment.subsegments ?? []));
        continue;
      }
      this.store(segment.trace_id, [segment]);
    }
    if (documents.length > unprocessed.length) this.ctx.changed({ service: 'xray', resource: 'trace' });
    return { unprocessed };
  }

  private store(traceId: string, segments: Segment[]): void {
    let trace = this.traces.get(traceId);
    if (!trace) {
      trace = { id: traceId, segments: [] };
      this.traces.set(traceId, trace);
      this.order.push(traceId);
      while (this.traces.size > MAX_TRACES && this.orderHead < this.order.length)
        this.traces.delete(this.order[this.orderHead++]!);
      if (this.orderHead > 1024) {
        this.order = this.order.slice(this.orderHead);
        this.orderHead = 0;
      }
    }
    for (const segment of segments) {
      const index = trace.segments.findIndex((existing) => existing.id === segment.id);
      if (index >= 0) trace.segments[index] = segment;
      else trace.segments.push(segment);
    }
  }

  // --- reading -----------------------------------------------------------------------------------------

  trace(id: string): Trace | undefined {
    return this.traces.get(id);
  }

  private bounds(trace: Trace): { start: number; end: number; inProgress: boolean } {
    let start = Infinity;
    let end = -Infinity;
    let inProgress = false;
    for (const segment of trace.segments)
      walk(segment, (entity) => {
        start = Math.min(start, entity.start_time);
        if (entity.end_time !== undefined) end = Math.max(end, entity.end_time);
        if (entity.in_progress) inProgress = true;
      });
    if (end < start) end = start;
    return { start, end, inProgress };
  }

  /** Newest first; optionally only traces that started in [startTime, endTime) (epoch ms) or touched a function. */
  listTraces(filter: { startTime?: number; endTime?: number; functionName?: string } = {}): TraceSummary[] {
    const summaries: TraceSummary[] = [];
    for (const trace of this.traces.values()) {
      const { start, end, inProgress } = this.bounds(trace);
      const startMs = millis(start);
      if (filter.startTime !== undefined && startMs < filter.startTime) continue;
      if (filter.endTime !== undefined && startMs >= filter.endTime) continue;
      if (
        filter.functionName !== undefined &&
        !trace.segments.some((segment) => segment.name === filter.functionName)
      )
        continue;
      let hasError = false;
      let hasFault = false;
      let hasThrottle = false;
      const services = new Set<string>();
      const annotations: Annotations = {};
      for (const segment of trace.segments)
        walk(segment, (entity) => {
          hasError ||= entity.error === true;
          hasFault ||= entity.fault === true;
          hasThrottle ||= entity.throttle === true;
          if (entity.namespace === 'aws' || entity.namespace === 'remote') services.add(entity.name);
          Object.assign(annotations, entity.annotations ?? {});
        });
      const root =
        [...trace.segments]
          .sort((a, b) => a.start_time - b.start_time)
          .find((segment) => !segment.parent_id) ?? trace.segments[0]!;
      const summary: TraceSummary = {
        id: trace.id,
        startTime: startMs,
        durationMs: millis(end) - startMs,
        entryPoint: root.name,
        status: hasFault ? 'fault' : hasThrottle ? 'throttle' : hasError ? 'error' : 'ok',
        hasError,
        hasFault,
        hasThrottle,
        inProgress,
        services: [...services].sort(),
        annotations,
      };
      const status = root.http?.response?.status;
      if (status !== undefined) summary.httpStatus = status;
      summaries.push(summary);
    }
    return summaries.sort((a, b) => b.startTime - a.startTime);
  }

  /** A trace as timeline rows: segments by start time, each followed by its subsegments, depth-first. */
  waterfall(traceId: string): WaterfallRow[] {
    const trace = this.traces.get(traceId);
    if (!trace) return [];
    const { start } = this.bounds(trace);
    const rows: WaterfallRow[] = [];
    const segments = [...trace.segments].sort((a, b) => a.start_time - b.start_time);
    for (const segment of segments)
      walk(segment, (entity, parent, depth) => {
        const end = entity.end_time ?? entity.start_time;
        const row: WaterfallRow = {
          id: entity.id,
          name: entity.name,
          kind: parent ? 'subsegment' : 'segment',
          depth,
          startOffsetMs: millis(entity.start_time) - millis(start),
          endOffsetMs: millis(end) - millis(start),
          durationMs: millis(end) - millis(entity.start_time),
          status: statusOf(entity),
          inProgress: entity.in_progress === true,
        };
        const parentId = parent?.id ?? (entity as Segment).parent_id;
        if (parentId) row.parentId = parentId;
        if (entity.origin) row.origin = entity.origin;
        if (entity.namespace) row.namespace = entity.namespace;
        const status = entity.http?.response?.status;
        if (status !== undefined) row.httpStatus = status;
        if (typeof entity.aws?.operation === 'string') row.operation = entity.aws.operation;
        const resource = entity.namespace ? resourceName(entity) : undefined;
        if (resource) row.resource = resource;
        const exception = entity.cause?.exceptions[0];
        if (exception?.type) row.errorType = exception.type;
        if (exception?.message) row.errorMessage = exception.message;
        if (entity.annotations) row.annotations = { ...entity.annotations };
        rows.push(row);
      });
    return rows;
  }

  /** Nodes and edges of the calls seen in traces that started in the window (epoch ms). */
  serviceMap(filter: { startTime?: number; endTime?: number } = {}): ServiceMap {
    interface Tally {
      count: number;
      ok: number;
      error: number;
      fault: number;
      throttle: number;
      latency: number;
    }
    const nodes = new Map<string, { name: string; type: string; tally: Tally }>();
    const edges = new Map<string, Tally & { source: string; target: string }>();
    const empty = (): Tally => ({ count: 0, ok: 0, error: 0, fault: 0, throttle: 0, latency: 0 });
    const count = (tally: Tally, entity: Subsegment) => {
      tally.count++;
      const status = statusOf(entity);
      if (status === 'ok') tally.ok++;
      else if (status === 'error') tally.error++;
      else if (status === 'fault') tally.fault++;
      else {
        tally.throttle++;
        tally.error++;
      }
      tally.latency +=
        entity.end_time !== undefined ? millis(entity.end_time) - millis(entity.start_time) : 0;
    };
    const node = (id: string, name: string, type: string) => {
      let entry = nodes.get(id);
      if (!entry) nodes.set(id, (entry = { name, type, tally: empty() }));
      return entry;
    };
    const edge = (source: string, target: string, entity: Subsegment) => {
      const key = `${source}→${target}`;
      let entry = edges.get(key);
      if (!entry) edges.set(key, (entry = { source, target, ...empty() }));
      count(entry, entity);
    };
    const nodeIdOf = (segment: Segment) => `${segment.origin ?? 'service'}:${segment.name}`;
    const windowed = this.listTraces(filter)
      .map((summary) => this.traces.get(summary.id)!)
      .filter((trace) => trace.segments.every((segment) => !segment.in_progress));
    for (const trace of windowed) {
      // Which node owns every (sub)segment id, so a segment's parent_id names the calling node.
      const owner = new Map<string, string>();
      for (const segment of trace.segments)
        walk(segment, (entity) => owner.set(entity.id, nodeIdOf(segment)));
      const calledSubsegments = new Set(
        trace.segments.map((segment) => segment.parent_id).filter((id): id is string => id !== undefined),
      );
      for (const segment of trace.segments) {
        const id = nodeIdOf(segment);
        count(node(id, segment.name, segment.origin ?? 'service').tally, segment);
        const caller = segment.parent_id ? owner.get(segment.parent_id) : undefined;
        if (caller) edge(caller, id, segment);
        else if (!segment.parent_id || !owner.has(segment.parent_id)) {
          node('client', 'Client', 'client');
          edge('client', id, segment);
        }
        walk(segment, (entity) => {
          if (entity === segment || (entity.namespace !== 'aws' && entity.namespace !== 'remote')) return;
          // A call whose callee is traced itself (Lambda → Lambda) is drawn to the callee's own node.
          if (calledSubsegments.has(entity.id)) return;
          const type = NODE_TYPES[entity.name] ?? `AWS::${entity.name.replace(/\s+/g, '')}`;
          const name = resourceName(entity) ?? entity.name;
          const target = `${type}:${name}`;
          count(node(target, name, type).tally, entity);
          edge(id, target, entity);
        });
      }
    }
    const stats = (tally: Tally): ServiceMapStats => ({
      count: tally.count,
      okCount: tally.ok,
      errorCount: tally.error,
      faultCount: tally.fault,
      throttleCount: tally.throttle,
      averageLatencyMs: tally.count ? tally.latency / tally.count : 0,
    });
    return {
      nodes: [...nodes.entries()].map(([id, entry]) => ({
        id,
        name: entry.name,
        type: entry.type,
        stats: stats(entry.tally),
      })),
      edges: [...edges.values()].map((entry) => ({
        source: entry.source,
        target: entry.target,
        ...stats(entry),
      })),
    };
  }

  // --- persistence -------------------------------------------------------------------------------------

  /** Completed and in-progress traces; invocations still running are not resumable after a restore. */
  snapshot(): { traces: Trace[] } {
    return { traces: [...this.traces.values()].map((trace) => structuredClone(trace)) };
  }

  restore(data: unknown): void {
    const parsed = XRAY_SNAPSHOT.safeParse(data);
    if (!parsed.success)
      throw new Error(`Bad X-Ray snapshot: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    this.traces = new Map(parsed.data.traces.map((trace) => [trace.id, trace as Trace]));
    this.order = [...this.traces.keys()];
    this.orderHead = 0;
    this.pending.clear();
    this.ctx.changed({ service: 'xray', resource: '*' });
  }

  reset(): void {
    this.traces.clear();
    this.order = [];
    this.orderHead = 0;
    this.pending.clear();
    this.ctx.changed({ service: 'xray', resource: '*' });
  }
}

const ENTITY_ID = /^[0-9a-f]{16}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a (sub)segment tree by hand: a recursive zod schema is an order of magnitude slower, and a restore
 * of 1,000 traces happens on every page load. Returns the first problem found, or null.
 */
function entityProblem(value: unknown, path: string): string | null {
  if (!isRecord(value)) return `${path} is not an object`;
  if (typeof value.id !== 'string' || !ENTITY_ID.test(value.id)) return `${path}.id must be 16 hex digits`;
  if (typeof value.name !== 'string' || value.name.length === 0 || value.name.length > 200)
    return `${path}.name must be 1 to 200 characters`;
  if (typeof value.start_time !== 'number' || !Number.isFinite(value.start_time))
    return `${path}.start_time must be a number`;
  if (
    value.end_time !== undefined &&
    (typeof value.end_time !== 'number' || !Number.isFinite(value.end_time))
  )
    return `${path}.end_time must be a number`;
  if (value.end_time === undefined && value.in_progress !== true)
    return `${path} needs end_time or in_progress`;
  for (const flag of ['in_progress', 'error', 'fault', 'throttle'])
    if (value[flag] !== undefined && typeof value[flag] !== 'boolean')
      return `${path}.${flag} must be a boolean`;
  if (value.namespace !== undefined && value.namespace !== 'aws' && value.namespace !== 'remote')
    return `${path}.namespace must be aws or remote`;
  for (const field of ['origin', 'trace_id', 'parent_id', 'resource_arn'])
    if (value[field] !== undefined && typeof value[field] !== 'string')
      return `${path}.${field} must be a string`;
  for (const field of ['aws', 'http', 'metadata', 'cause'])
    if (value[field] !== undefined && !isRecord(value[field])) return `${path}.${field} must be an object`;
  if (isRecord(value.cause) && !Array.isArray(value.cause.exceptions))
    return `${path}.cause.exceptions must be a list`;
  if (value.annotations !== undefined) {
    if (!isRecord(value.annotations)) return `${path}.annotations must be an object`;
    for (const annotation of Object.values(value.annotations))
      if (!['string', 'number', 'boolean'].includes(typeof annotation))
        return `${path}.annotations values must be strings, numbers or booleans`;
  }
  if (value.subsegments !== undefined) {
    if (!Array.isArray(value.subsegments)) return `${path}.subsegments must be a list`;
    for (let i = 0; i < value.subsegments.length; i++) {
      const problem = entityProblem(value.subsegments[i], `${path}.subsegments[${i}]`);
      if (problem) return problem;
    }
  }
  return null;
}

const SEGMENT_DOCUMENT = z.custom<Segment & { type?: 'subsegment' }>((value) => {
  if (entityProblem(value, 'segment') !== null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.trace_id === 'string' &&
    TRACE_ID.test(record.trace_id) &&
    (record.type === undefined || record.type === 'subsegment')
  );
}, 'not a valid X-Ray segment document (id, name, trace_id, start_time and end_time or in_progress)');

const XRAY_SNAPSHOT = z.object({
  traces: z
    .array(z.object({ id: z.string().regex(TRACE_ID), segments: z.array(SEGMENT_DOCUMENT) }))
    .max(MAX_TRACES),
});

export function createXRay(ctx: AccountContext): XRayService {
  return new XRayService(ctx);
}
