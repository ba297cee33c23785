/**
 * The fields Logs Insights discovers in an event ("Supported logs and discovered fields", CloudWatch Logs
 * User Guide): the system fields @timestamp, @message, @logStream, @log and @ingestionTime for every event;
 * for Lambda log groups the platform fields of text-format REPORT/START/END lines (@type, @requestId,
 * @duration, @billedDuration, @initDuration, @maxMemoryUsed, @memorySize, @xrayTraceId, @xraySegmentId);
 * and the fields of the first JSON object in the message, nested ones in dot notation (`record.metrics.
 * durationMs`, arrays as `items.0.id`), at most 100 per event. JSON-format Lambda logs are plain JSON to
 * Insights: `filter @type = "REPORT"` does not match a `platform.report` record.
 */

export type Value = string | number | boolean | null | undefined;
export type Row = Record<string, Value>;

export interface DiscoverableEvent {
  /** Epoch ms. */
  timestamp: number;
  ingestionTime: number;
  message: string;
  logStream: string;
  logGroup: string;
}

/** Insights extracts at most 100 fields from a JSON log event. */
export const MAX_JSON_FIELDS = 100;

/** Insights reports memory fields of REPORT lines in bytes: MB × 1,000,000 (AWS's own sample query divides
 * `@maxMemoryUsed` by 1000 twice to get MB, "Sample queries", CloudWatch Logs User Guide). */
const BYTES_PER_MB = 1_000_000;

const REPORT_FIELDS: { label: string; field: string; scale: number }[] = [
  { label: 'Duration', field: '@duration', scale: 1 },
  { label: 'Billed Duration', field: '@billedDuration', scale: 1 },
  { label: 'Memory Size', field: '@memorySize', scale: BYTES_PER_MB },
  { label: 'Max Memory Used', field: '@maxMemoryUsed', scale: BYTES_PER_MB },
  { label: 'Init Duration', field: '@initDuration', scale: 1 },
];

const REQUEST_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function discoverLambdaText(message: string, row: Row): void {
  if (message.startsWith('REPORT RequestId: ')) {
    row['@type'] = 'REPORT';
    const parts = message.trimEnd().split('\t');
    row['@requestId'] = parts[0]!.slice('REPORT RequestId: '.length).trim();
    for (const part of parts.slice(1)) {
      const colon = part.indexOf(':');
      if (colon < 0) continue;
      const label = part.slice(0, colon).trim();
      const rest = part.slice(colon + 1).trim();
      const spec = REPORT_FIELDS.find((entry) => entry.label === label);
      if (spec) {
        const value = parseFloat(rest);
        if (Number.isFinite(value)) row[spec.field] = value * spec.scale;
      } else if (label === 'XRAY TraceId') row['@xrayTraceId'] = rest;
      else if (label === 'SegmentId') row['@xraySegmentId'] = rest;
    }
    return;
  }
  const start = /^(START|END) RequestId: (\S+)/.exec(message);
  if (start) {
    row['@type'] = start[1]!;
    row['@requestId'] = start[2]!;
    return;
  }
  // Application lines in text format: `<ISO timestamp>\t<request id>\t<LEVEL>\t<message>`.
  const columns = message.split('\t', 3);
  if (columns.length >= 2 && REQUEST_ID.test(columns[1]!) && /^\d{4}-\d\d-\d\dT/.test(columns[0]!))
    row['@requestId'] = columns[1]!;
}

function flatten(value: unknown, prefix: string, row: Row, budget: { left: number }): void {
  if (budget.left <= 0) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => flatten(item, `${prefix}.${index}`, row, budget));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      // A JSON key that starts with @ is shown with another @ so it cannot shadow a system field.
      const name = prefix === '' ? (key.startsWith('@') ? `@${key}` : key) : `${prefix}.${key}`;
      flatten(inner, name, row, budget);
      if (budget.left <= 0) return;
    }
    return;
  }
  if (prefix === '' || value === null || value === undefined) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    row[prefix] = value;
    budget.left--;
  }
}

/** The first JSON object embedded in a message (the whole message for JSON logs). */
function firstJsonObject(message: string): unknown {
  const open = message.indexOf('{');
  if (open < 0) return undefined;
  const close = message.lastIndexOf('}');
  if (close <= open) return undefined;
  try {
    return JSON.parse(message.slice(open, close + 1));
  } catch {
    return undefined;
  }
}

export function discoverFields(event: DiscoverableEvent, accountId: string): Row {
  const row: Row = {
    '@timestamp': event.timestamp,
    '@ingestionTime': event.ingestionTime,
    '@message': event.message,
    '@logStream': event.logStream,
    '@log': `${accountId}:${event.logGroup}`,
  };
  const json = firstJsonObject(event.message);
  if (json !== undefined && typeof json === 'object' && json !== null) {
    const jsonRow: Row = {};
    flatten(json, '', jsonRow, { left: MAX_JSON_FIELDS });
    for (const [name, value] of Object.entries(jsonRow)) if (!(name in row)) row[name] = value;
  }
  if (event.logGroup.startsWith('/aws/lambda/')) discoverLambdaText(event.message, row);
  return row;
}
