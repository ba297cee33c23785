/**
 * Platform log lines, byte for byte in the formats Lambda writes to CloudWatch Logs (see lambda-facts.md).
 * Fields in REPORT / INIT_START / INIT_REPORT are separated by a single TAB; `Init Duration` is the last REPORT field
 * and only appears on a cold start.
 */
import { hash32 } from './random';
import { RUNTIMES, type RuntimeId } from './timing';

/** Virtual time 0 is shown as this instant (a fixed date keeps lessons and tests stable). */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 10, 26, 12, 0, 0, 0);

export const DEFAULT_REGION = 'us-east-1';

let lastIsoMs = Number.NaN;
let lastIso = '';

export function isoTimestamp(atMs: number, epochMs: number = DEFAULT_EPOCH_MS): string {
  // A flood of lines shares a millisecond: the last answer is kept (formatting a Date is the costly part).
  const ms = epochMs + Math.floor(atMs);
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

function ms2(x: number): string {
  return x.toFixed(2);
}

/** Billed duration: rounded up to the next 1 ms; on-demand functions are billed for INIT since 1 Aug 2025. */
export function billedDurationMs(
  durationMs: number,
  initMs = 0,
  options: { initBilled?: boolean } = {},
): number {
  const total = durationMs + (options.initBilled === false ? 0 : initMs);
  // Guard against float noise such as 12.000000000001 being billed as 13 ms.
  return Math.max(1, Math.ceil(total - 1e-9));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0').slice(-width);
}

/** Runtime version ARN shown in INIT_START (a deterministic 64-hex digest per runtime; illustrative). */
export function runtimeVersionArn(runtime: RuntimeId, region: string = DEFAULT_REGION): string {
  let digest = '';
  for (let i = 0; i < 8; i++) digest += hex(hash32(i, hashString(runtime)), 8);
  return `arn:aws:lambda:${region}::runtime:${digest}`;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function formatInitStart(runtime: RuntimeId, region: string = DEFAULT_REGION): string {
  return `INIT_START Runtime Version: ${RUNTIMES[runtime].runtimeVersion}\tRuntime Version ARN: ${runtimeVersionArn(runtime, region)}`;
}

export function formatStart(requestId: string, version = '$LATEST'): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function formatEnd(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  billedMs: number;
  memoryMb: number;
  maxMemoryUsedMb: number;
  /** Present only on a cold start. */
  initDurationMs?: number;
}

export function formatReport(f: ReportFields): string {
  let line =
    `REPORT RequestId: ${f.requestId}\tDuration: ${ms2(f.durationMs)} ms\tBilled Duration: ${f.billedMs} ms` +
    `\tMemory Size: ${f.memoryMb} MB\tMax Memory Used: ${Math.round(f.maxMemoryUsedMb)} MB`;
  if (f.initDurationMs !== undefined) line += `\tInit Duration: ${ms2(f.initDurationMs)} ms`;
  return line;
}

export interface InitReportFields {
  initDurationMs: number;
  phase: 'init' | 'invoke';
  status: 'timeout' | 'error';
}

export function formatInitReport(f: InitReportFields): string {
  return `INIT_REPORT Init Duration: ${ms2(f.initDurationMs)} ms\tPhase: ${f.phase}\tStatus: ${f.status}`;
}

export function formatTimeoutSeconds(timeoutS: number): string {
  return timeoutS.toFixed(2);
}

/** Lambda's one wording of a timeout, used by the log line, the error payload and the environment machine. */
export function timeoutMessage(timeoutS: number): string {
  return `Task timed out after ${formatTimeoutSeconds(timeoutS)} seconds`;
}

export function formatTimeoutLine(
  atMs: number,
  requestId: string,
  timeoutS: number,
  epochMs?: number,
): string {
  return `${isoTimestamp(atMs, epochMs)} ${requestId} ${timeoutMessage(timeoutS)}`;
}

export type AppLogLevel = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG';

export function formatAppLog(
  atMs: number,
  requestId: string,
  level: AppLogLevel,
  message: string,
  epochMs?: number,
): string {
  return `${isoTimestamp(atMs, epochMs)}\t${requestId}\t${level}\t${message}`;
}

/** The synchronous invoke response body after a timeout. */
export function timeoutErrorResponse(requestId: string, timeoutS: number): string {
  return JSON.stringify({
    errorType: 'Sandbox.Timedout',
    errorMessage: `RequestId: ${requestId} Error: ${timeoutMessage(timeoutS)}`,
  });
}

/** Deterministic request ids in the uuid-v4 shape: xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx. */
export function createRequestIdGenerator(seed: number): (seq: number) => string {
  const s = seed >>> 0;
  return (seq: number) => {
    const a = hash32(seq, s);
    const b = hash32(seq, s ^ 0x51ed270b);
    const c = hash32(seq, s ^ 0x2545f491);
    const d = hash32(seq, s ^ 0x6c8e9cf5);
    const h = hex(a, 8) + hex(b, 8) + hex(c, 8) + hex(d, 8);
    const variant = '89ab'[(c >>> 30) & 3]!;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}
