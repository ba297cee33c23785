/**
 * Realistic Lambda log streams for Insights tests: the text format comes from the simulator's own byte-exact
 * formatters (src/sim/logs.ts); the JSON format follows Lambda's JSON log format (application records with
 * timestamp/level/requestId/message, platform records such as `platform.report` with `record.metrics`).
 */
import { formatAppLog, formatEnd, formatReport, formatStart, isoTimestamp } from '../../../logs';
import type { DiscoverableEvent } from './discover';

export const EPOCH = Date.UTC(2026, 10, 26, 12, 0, 0);

export interface FixtureInvocation {
  requestId: string;
  /** Virtual ms of the START line. */
  at: number;
  durationMs: number;
  billedMs: number;
  memoryMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  stream: string;
  message: string;
}

export const INVOCATIONS: FixtureInvocation[] = [
  {
    requestId: '6f1c0a52-8d2e-4b1a-9c33-0a1b2c3d4e01',
    at: 0,
    durationMs: 12.34,
    billedMs: 196,
    memoryMb: 128,
    maxMemoryUsedMb: 67,
    initDurationMs: 183.21,
    stream: '2026/11/26/[$LATEST]aaaa0001',
    message: 'order 1 stored',
  },
  {
    requestId: '6f1c0a52-8d2e-4b1a-9c33-0a1b2c3d4e02',
    at: 60_000,
    durationMs: 3.5,
    billedMs: 4,
    memoryMb: 128,
    maxMemoryUsedMb: 68,
    stream: '2026/11/26/[$LATEST]aaaa0001',
    message: 'order 2 stored',
  },
  {
    requestId: '6f1c0a52-8d2e-4b1a-9c33-0a1b2c3d4e03',
    at: 120_000,
    durationMs: 250.01,
    billedMs: 412,
    memoryMb: 128,
    maxMemoryUsedMb: 90,
    initDurationMs: 161.4,
    stream: '2026/11/26/[$LATEST]bbbb0002',
    message: 'order 3 failed',
  },
  {
    requestId: '6f1c0a52-8d2e-4b1a-9c33-0a1b2c3d4e04',
    at: 400_000,
    durationMs: 8,
    billedMs: 8,
    memoryMb: 128,
    maxMemoryUsedMb: 70,
    stream: '2026/11/26/[$LATEST]aaaa0001',
    message: 'order 4 stored',
  },
];

export const GROUP = '/aws/lambda/orders';

function event(at: number, stream: string, message: string): DiscoverableEvent {
  return {
    timestamp: EPOCH + at,
    ingestionTime: EPOCH + at + 5,
    message,
    logStream: stream,
    logGroup: GROUP,
  };
}

/** START, one application line, END and REPORT per invocation, in the text format. */
export function textEvents(): DiscoverableEvent[] {
  const events: DiscoverableEvent[] = [];
  for (const invocation of INVOCATIONS) {
    const { at, stream, requestId } = invocation;
    const end = at + Math.ceil(invocation.durationMs);
    events.push(event(at, stream, formatStart(requestId)));
    events.push(
      event(
        at + 1,
        stream,
        formatAppLog(
          at + 1,
          requestId,
          invocation.message.includes('failed') ? 'ERROR' : 'INFO',
          invocation.message,
          EPOCH,
        ),
      ),
    );
    events.push(event(end, stream, formatEnd(requestId)));
    const report: Parameters<typeof formatReport>[0] = {
      requestId,
      durationMs: invocation.durationMs,
      billedMs: invocation.billedMs,
      memoryMb: invocation.memoryMb,
      maxMemoryUsedMb: invocation.maxMemoryUsedMb,
    };
    if (invocation.initDurationMs !== undefined) report.initDurationMs = invocation.initDurationMs;
    events.push(event(end, stream, formatReport(report)));
  }
  return events;
}

/** The same invocations in Lambda's JSON log format. */
export function jsonEvents(): DiscoverableEvent[] {
  const events: DiscoverableEvent[] = [];
  for (const invocation of INVOCATIONS) {
    const { at, stream, requestId } = invocation;
    const end = at + Math.ceil(invocation.durationMs);
    if (invocation.initDurationMs !== undefined)
      events.push(
        event(
          at - 200,
          stream,
          JSON.stringify({
            time: isoTimestamp(at - 200, EPOCH),
            type: 'platform.initStart',
            record: {
              initializationType: 'on-demand',
              phase: 'init',
              runtimeVersion: 'nodejs:22.v41',
              runtimeVersionArn: 'arn:aws:lambda:us-east-1::runtime:abc',
              functionName: 'orders',
              functionVersion: '$LATEST',
            },
          }),
        ),
      );
    events.push(
      event(
        at,
        stream,
        JSON.stringify({
          time: isoTimestamp(at, EPOCH),
          type: 'platform.start',
          record: { requestId, version: '$LATEST' },
        }),
      ),
    );
    const level = invocation.message.includes('failed') ? 'ERROR' : 'INFO';
    events.push(
      event(
        at + 1,
        stream,
        JSON.stringify({
          timestamp: isoTimestamp(at + 1, EPOCH),
          level,
          requestId,
          message: invocation.message,
        }),
      ),
    );
    const metrics: Record<string, number> = {
      durationMs: invocation.durationMs,
      billedDurationMs: invocation.billedMs,
      memorySizeMB: invocation.memoryMb,
      maxMemoryUsedMB: invocation.maxMemoryUsedMb,
    };
    if (invocation.initDurationMs !== undefined) metrics.initDurationMs = invocation.initDurationMs;
    events.push(
      event(
        end,
        stream,
        JSON.stringify({
          time: isoTimestamp(end, EPOCH),
          type: 'platform.report',
          record: { requestId, metrics, status: 'success' },
        }),
      ),
    );
  }
  return events;
}

/** Newest first, the order the logs service hands events to the engine. */
export function newestFirst(events: DiscoverableEvent[]): DiscoverableEvent[] {
  return [...events].sort((a, b) => b.timestamp - a.timestamp);
}
