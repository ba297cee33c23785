/** Small, pure formatting helpers the console panels share. */
import type { AttributeMap, AttributeValue } from '../../sim/aws/dynamodb';

/** An attribute value as one short line, the way the DynamoDB console's table view shows it. */
export function formatAttribute(value: AttributeValue | undefined): string {
  if (value === undefined) return '';
  if ('S' in value) return value.S;
  if ('N' in value) return value.N;
  if ('B' in value) return `Binary (${value.B.length} base64 chars)`;
  if ('BOOL' in value) return String(value.BOOL);
  if ('NULL' in value) return 'null';
  if ('SS' in value) return `[${value.SS.join(', ')}]`;
  if ('NS' in value) return `[${value.NS.join(', ')}]`;
  if ('BS' in value) return `Binary set (${value.BS.length})`;
  if ('L' in value) return `List (${value.L.length})`;
  return `Map (${Object.keys(value.M).length})`;
}

/** Every attribute name across a page of items, key attributes first, then in first-seen order. */
export function attributeColumns(keyNames: readonly string[], items: readonly AttributeMap[]): string[] {
  const columns = [...keyNames];
  for (const item of items)
    for (const name of Object.keys(item)) if (!columns.includes(name)) columns.push(name);
  return columns;
}

/** Epoch ms as the AWS console's UTC form: `2026-12-01 13:15:01.123`. */
export function formatTime(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '—';
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The last part of an ARN or queue URL, for a short label. */
export function shortName(arnOrUrl: string): string {
  const parts = arnOrUrl.split(/[:/]/);
  return parts[parts.length - 1] ?? arnOrUrl;
}
