/**
 * X-Ray identifiers ("AWS X-Ray segment documents", X-Ray Developer Guide): a trace id is `1-` + the request
 * start time as 8 hex digits of epoch seconds + `-` + 96 random bits as 24 hex digits; segment ids are 64 bits
 * as 16 hex digits. The tracing header travels as `Root=…;Parent=…;Sampled=1` (Lambda sets it in
 * `_X_AMZN_TRACE_ID`, optionally with `Lineage=…`).
 */

export const TRACE_ID = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
export const SEGMENT_ID = /^[0-9a-f]{16}$/;

function hexFromUuid(uuid: string): string {
  return uuid.replace(/-/g, '').toLowerCase();
}

export function traceIdAt(epochMs: number, uuid: string): string {
  const seconds = Math.floor(epochMs / 1000)
    .toString(16)
    .padStart(8, '0')
    .slice(-8);
  return `1-${seconds}-${hexFromUuid(uuid).slice(0, 24)}`;
}

export function segmentIdFrom(uuid: string): string {
  const hex = hexFromUuid(uuid);
  // Take bits from both ends so ids from one generator stay distinct.
  return (hex.slice(0, 8) + hex.slice(-8)).padStart(16, '0');
}

export interface TraceHeader {
  root: string;
  parent?: string;
  sampled?: boolean;
  lineage?: string;
}

export function parseTraceHeader(header: string | undefined): TraceHeader | null {
  if (!header) return null;
  const parts = new Map<string, string>();
  for (const piece of header.split(';')) {
    const eq = piece.indexOf('=');
    if (eq > 0) parts.set(piece.slice(0, eq).trim().toLowerCase(), piece.slice(eq + 1).trim());
  }
  const root = parts.get('root');
  if (!root || !TRACE_ID.test(root)) return null;
  const parsed: TraceHeader = { root };
  const parent = parts.get('parent');
  if (parent && SEGMENT_ID.test(parent)) parsed.parent = parent;
  const sampled = parts.get('sampled');
  if (sampled === '1' || sampled === '0') parsed.sampled = sampled === '1';
  const lineage = parts.get('lineage');
  if (lineage) parsed.lineage = lineage;
  return parsed;
}

export function formatTraceHeader(header: TraceHeader): string {
  let text = `Root=${header.root}`;
  if (header.parent) text += `;Parent=${header.parent}`;
  if (header.sampled !== undefined) text += `;Sampled=${header.sampled ? 1 : 0}`;
  if (header.lineage) text += `;Lineage=${header.lineage}`;
  return text;
}
