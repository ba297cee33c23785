/**
 * The invocation log: every line Lambda would send to CloudWatch Logs, kept as structured records (what happened,
 * when, for which request) and rendered by one formatter in the function's log format. Text format is byte-exact
 * CloudWatch text (the line formats live in ../logs.ts); JSON format follows "Configuring JSON and plain text log
 * formats" and the Telemetry API schema (platform.initStart, platform.start, platform.runtimeDone,
 * platform.report …): https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html and
 * https://docs.aws.amazon.com/lambda/latest/dg/telemetry-schema-reference.html
 *
 * Level filtering applies only in JSON format ("To use log-level filtering, your function must be configured to
 * use the JSON log format": monitoring-cloudwatchlogs-log-level.html). Application records below the function's
 * application log level are dropped (raw output without a level counts as INFO, as Lambda assigns INFO to output
 * whose level is missing); Lambda's own platform events are all INFO-level events, so a system log level of WARN
 * drops them and DEBUG or INFO keeps them.
 */
import type { AppLogLevel } from './host';
import {
  formatEnd,
  formatInitReport,
  formatInitStart,
  formatReport,
  formatStart,
  formatTimeoutLine,
  isoTimestamp,
  runtimeVersionArn,
} from '../logs';
import { RUNTIMES, type RuntimeId } from '../timing';

export type LogFormat = 'Text' | 'JSON';
export type SystemLogLevel = 'DEBUG' | 'INFO' | 'WARN';

export interface LoggingConfig {
  logFormat: LogFormat;
  applicationLogLevel: AppLogLevel;
  systemLogLevel: SystemLogLevel;
}

export const DEFAULT_LOGGING: LoggingConfig = {
  logFormat: 'Text',
  applicationLogLevel: 'INFO',
  systemLogLevel: 'INFO',
};

export const APP_LEVEL_ORDER: Readonly<Record<AppLogLevel, number>> = {
  TRACE: 0,
  DEBUG: 1,
  INFO: 2,
  WARN: 3,
  ERROR: 4,
  FATAL: 5,
};

export type InitPhase = 'init' | 'invoke';
export type InitStatus = 'success' | 'error' | 'timeout';
export type RunStatus = 'success' | 'error' | 'timeout' | 'failure';

interface RecordBase {
  /** Virtual time, ms. */
  time: number;
  /** The function's log format when the record was written (CloudWatch keeps lines as they were sent). */
  logFormat: LogFormat;
  functionName: string;
  /** The version the environment runs (`$LATEST`, `3`). */
  version: string;
  runtime: RuntimeId;
  environmentId: number;
  logStream: string;
}

export interface FunctionRecord extends RecordBase {
  type: 'function';
  /** Undefined during Init (Node.js text format prints `undefined`). */
  requestId: string | undefined;
  level: AppLogLevel | null;
  message: string;
  fields?: Record<string, unknown>;
}

export interface InitStartRecord extends RecordBase {
  type: 'platform.initStart';
  initializationType: 'on-demand' | 'provisioned-concurrency';
  phase: InitPhase;
}

export interface InitReportRecord extends RecordBase {
  type: 'platform.initReport';
  initializationType: 'on-demand' | 'provisioned-concurrency';
  phase: InitPhase;
  status: InitStatus;
  durationMs: number;
  errorType?: string;
}

export interface StartRecord extends RecordBase {
  type: 'platform.start';
  requestId: string;
}

export interface RuntimeDoneRecord extends RecordBase {
  type: 'platform.runtimeDone';
  requestId: string;
  status: RunStatus;
  durationMs: number;
  errorType?: string;
  timeoutS: number;
}

export interface ReportRecord extends RecordBase {
  type: 'platform.report';
  requestId: string;
  status: RunStatus;
  durationMs: number;
  billedMs: number;
  memoryMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  errorType?: string;
  /** The platform's own message when the runtime process died (`Runtime exited with error: exit status 3`). */
  exitMessage?: string;
}

export type LogRecord =
  FunctionRecord | InitStartRecord | InitReportRecord | StartRecord | RuntimeDoneRecord | ReportRecord;

export type LogRecordType = LogRecord['type'];

/** Whether the function's logging configuration lets this record through (JSON format only filters). */
export function passesLevel(record: LogRecord, config: LoggingConfig): boolean {
  if (config.logFormat === 'Text') return true;
  if (record.type === 'function') {
    const level = record.level ?? 'INFO';
    return APP_LEVEL_ORDER[level] >= APP_LEVEL_ORDER[config.applicationLogLevel];
  }
  return config.systemLogLevel !== 'WARN';
}

const PYTHON = /^python/;

/** Python's logging names two levels its own way: `[WARNING]`, `[CRITICAL]` (records carry WARN and FATAL). */
function pythonLevel(level: string): string {
  return level === 'WARN' ? 'WARNING' : level === 'FATAL' ? 'CRITICAL' : level;
}

function functionText(r: FunctionRecord, epochMs: number | undefined): string {
  if (r.level === null) return r.message;
  const ts = isoTimestamp(r.time, epochMs);
  const id = r.requestId ?? 'undefined';
  // Python's preconfigured root logger: `[LEVEL]\t<time>\t<request id>\t<message>`; Node.js: `<time>\t<id>\t<LEVEL>\t…`.
  if (PYTHON.test(r.runtime)) return `[${pythonLevel(r.level)}]\t${ts}\t${id}\t${r.message}`;
  return `${ts}\t${id}\t${r.level}\t${r.message}`;
}

function functionJson(r: FunctionRecord, epochMs: number | undefined): string {
  if (r.level === null) return r.message;
  const timestamp = isoTimestamp(r.time, epochMs);
  const fields = r.fields ?? {};
  const message = 'message' in fields ? fields.message : r.message;
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (k !== 'message') rest[k] = v;
  if (PYTHON.test(r.runtime)) {
    // Python's JSON formatter: timestamp, level, message, logger, requestId, then extra keys.
    return JSON.stringify({
      timestamp,
      level: pythonLevel(r.level),
      message,
      logger: rest.logger ?? 'root',
      ...rest,
      requestId: r.requestId,
    });
  }
  return JSON.stringify({ timestamp, level: r.level, requestId: r.requestId, message, ...rest });
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function platformJson(r: Exclude<LogRecord, FunctionRecord>, epochMs: number | undefined): string {
  const time = isoTimestamp(r.time, epochMs);
  switch (r.type) {
    case 'platform.initStart':
      return JSON.stringify({
        time,
        type: r.type,
        record: {
          initializationType: r.initializationType,
          phase: r.phase,
          runtimeVersion: RUNTIMES[r.runtime].runtimeVersion,
          runtimeVersionArn: runtimeVersionArn(r.runtime),
          functionName: r.functionName,
          functionVersion: r.version,
        },
      });
    case 'platform.initReport':
      return JSON.stringify({
        time,
        type: r.type,
        record: {
          initializationType: r.initializationType,
          phase: r.phase,
          status: r.status,
          ...(r.errorType ? { errorType: r.errorType } : {}),
          metrics: { durationMs: round2(r.durationMs) },
        },
      });
    case 'platform.start':
      return JSON.stringify({ time, type: r.type, record: { requestId: r.requestId, version: r.version } });
    case 'platform.runtimeDone':
      return JSON.stringify({
        time,
        type: r.type,
        record: {
          requestId: r.requestId,
          status: r.status,
          ...(r.errorType ? { errorType: r.errorType } : {}),
          metrics: { durationMs: round2(r.durationMs) },
        },
      });
    case 'platform.report':
      return JSON.stringify({
        time,
        type: r.type,
        record: {
          requestId: r.requestId,
          metrics: {
            durationMs: round2(r.durationMs),
            billedDurationMs: r.billedMs,
            memorySizeMB: r.memoryMb,
            maxMemoryUsedMB: Math.round(r.maxMemoryUsedMb),
            ...(r.initDurationMs !== undefined ? { initDurationMs: round2(r.initDurationMs) } : {}),
          },
          status: r.status,
          ...(r.errorType ? { errorType: r.errorType } : {}),
        },
      });
  }
}

function platformText(r: Exclude<LogRecord, FunctionRecord>, epochMs: number | undefined): string[] {
  switch (r.type) {
    case 'platform.initStart':
      return [formatInitStart(r.runtime)];
    case 'platform.initReport':
      // Text format writes INIT_REPORT only when Init did not succeed.
      return r.status === 'success'
        ? []
        : [formatInitReport({ initDurationMs: r.durationMs, phase: r.phase, status: r.status })];
    case 'platform.start':
      return [formatStart(r.requestId, r.version)];
    case 'platform.runtimeDone':
      return r.status === 'timeout'
        ? [formatTimeoutLine(r.time, r.requestId, r.timeoutS, epochMs), formatEnd(r.requestId)]
        : [formatEnd(r.requestId)];
    case 'platform.report': {
      const lines = [
        formatReport({
          requestId: r.requestId,
          durationMs: r.durationMs,
          billedMs: r.billedMs,
          memoryMb: r.memoryMb,
          maxMemoryUsedMb: r.maxMemoryUsedMb,
          ...(r.initDurationMs !== undefined ? { initDurationMs: r.initDurationMs } : {}),
        }),
      ];
      // The platform's lines when the runtime process died during the invocation follow REPORT.
      if (r.exitMessage && r.errorType)
        lines.push(`RequestId: ${r.requestId} Error: ${r.exitMessage}`, r.errorType);
      return lines;
    }
  }
}

/** The CloudWatch lines one record becomes in its format (0, 1 or more lines). */
export function renderRecord(
  record: LogRecord,
  epochMs?: number,
  format: LogFormat = record.logFormat,
): string[] {
  if (record.type === 'function')
    return [format === 'JSON' ? functionJson(record, epochMs) : functionText(record, epochMs)];
  if (format === 'JSON') {
    // JSON format has no END line: platform.runtimeDone marks the end (and carries a timeout's status).
    return [platformJson(record, epochMs)];
  }
  return platformText(record, epochMs);
}

export interface RenderedLine {
  line: string;
  record: LogRecord;
}

/** Render records in order, each in the format it was written in. */
export function renderRecords(records: readonly LogRecord[], epochMs?: number): RenderedLine[] {
  const out: RenderedLine[] = [];
  for (const record of records) for (const line of renderRecord(record, epochMs)) out.push({ line, record });
  return out;
}

/**
 * A bounded, append-only store of records with listeners. The service writes to it only when someone asked for
 * logs (formatting and storing cost time in the pool's hot path).
 */
export class InvocationLog {
  private store: LogRecord[] = [];
  /** Index of the oldest record kept: older ones are cut off in bulk, not one at a time (a flood of lines). */
  private start = 0;
  private readonly listeners = new Set<(r: LogRecord) => void>();
  private dropped = 0;

  constructor(private readonly capacity = 20_000) {}

  append(record: LogRecord): void {
    this.store.push(record);
    if (this.store.length - this.start > this.capacity) {
      this.start++;
      this.dropped++;
      // Compact once the dead prefix is as long as what is kept: amortised O(1) per record.
      if (this.start >= this.capacity) {
        this.store = this.store.slice(this.start);
        this.start = 0;
      }
    }
    for (const l of this.listeners) l(record);
  }

  records(filter?: { functionName?: string; requestId?: string }): LogRecord[] {
    const kept = this.start === 0 ? this.store : this.store.slice(this.start);
    if (!filter) return kept === this.store ? this.store.slice() : kept;
    return kept.filter(
      (r) =>
        (filter.functionName === undefined || r.functionName === filter.functionName) &&
        (filter.requestId === undefined || ('requestId' in r && r.requestId === filter.requestId)),
    );
  }

  /** Records no longer kept because the store is full. */
  droppedCount(): number {
    return this.dropped;
  }

  subscribe(listener: (r: LogRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.store.length = 0;
    this.start = 0;
  }
}
