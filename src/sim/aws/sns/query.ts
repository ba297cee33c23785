/**
 * The AWS query protocol as SNS speaks it: a form-encoded POST (`Action=Publish&Version=2010-03-31&…`, lists as
 * `Name.member.N`, maps as `Name.entry.N.key` / `.value`, message attributes as `.entry.N.Name` / `.Value.*`) and
 * XML replies (`<PublishResponse><PublishResult>…</PublishResult><ResponseMetadata>…`), errors as
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
 */
import { requestIdHeader, text, utf8, type AwsHttpRequest, type AwsHttpResponse } from '../http';
import type { AwsServiceError } from '../jsonRpc';

export const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

export class QueryParams {
  private readonly values = new Map<string, string>();

  constructor(body: string, query: Record<string, string | string[]> = {}) {
    for (const [key, value] of Object.entries(query))
      this.values.set(key, Array.isArray(value) ? (value[0] ?? '') : value);
    for (const [key, value] of new URLSearchParams(body)) this.values.set(key, value);
  }

  static fromRequest(req: AwsHttpRequest): QueryParams {
    return new QueryParams(text(req.body), req.query);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** `Prefix.member.N…` as one QueryParams per member, in N order. */
  members(prefix: string): QueryParams[] {
    return this.indexed(`${prefix}.member.`);
  }

  /** `Prefix.entry.N…` as one QueryParams per entry (message attributes: `Name`, `Value.DataType`, …). */
  entries(prefix: string): QueryParams[] {
    return this.indexed(`${prefix}.entry.`);
  }

  /** `Prefix.entry.N.key` / `.value` as a record. */
  map(prefix: string): Record<string, string> | undefined {
    const entries = this.indexed(`${prefix}.entry.`);
    if (entries.length === 0) return undefined;
    const out: Record<string, string> = {};
    for (const entry of entries) {
      const key = entry.get('key');
      if (key !== undefined) out[key] = entry.get('value') ?? '';
    }
    return out;
  }

  /** `Prefix.member.N` string lists. */
  list(prefix: string): string[] {
    const out: Array<[number, string]> = [];
    const start = `${prefix}.member.`;
    for (const [key, value] of this.values) {
      if (key.startsWith(start) && /^\d+$/.test(key.slice(start.length)))
        out.push([Number(key.slice(start.length)), value]);
    }
    return out.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
  }

  private indexed(start: string): QueryParams[] {
    const groups = new Map<number, QueryParams>();
    for (const [key, value] of this.values) {
      if (!key.startsWith(start)) continue;
      const rest = key.slice(start.length);
      const dot = rest.indexOf('.');
      if (dot <= 0) continue;
      const index = Number(rest.slice(0, dot));
      if (!Number.isInteger(index)) continue;
      let group = groups.get(index);
      if (!group) {
        group = new QueryParams('');
        groups.set(index, group);
      }
      group.values.set(rest.slice(dot + 1), value);
    }
    return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group);
  }
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#xD;');
}

/** A value for an XML reply: text, nested elements, a list (`<member>`), a map (`<entry><key/><value/>`). */
export type XmlValue = string | number | boolean | undefined | XmlObject | XmlList | XmlMap;
export interface XmlObject {
  [name: string]: XmlValue;
}
export class XmlList {
  constructor(readonly items: XmlValue[]) {}
}
export class XmlMap {
  constructor(readonly entries: Record<string, string>) {}
}

function render(value: XmlValue): string {
  if (value === undefined) return '';
  if (typeof value !== 'object') return escapeXml(String(value));
  if (value instanceof XmlList) return value.items.map((item) => `<member>${render(item)}</member>`).join('');
  if (value instanceof XmlMap) {
    return Object.entries(value.entries)
      .map(([key, item]) => `<entry><key>${escapeXml(key)}</key><value>${escapeXml(item)}</value></entry>`)
      .join('');
  }
  let out = '';
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined) continue;
    out += `<${name}>${render(item)}</${name}>`;
  }
  return out;
}

export function queryResult(action: string, result: XmlObject | undefined): AwsHttpResponse {
  const requestId = requestIdHeader();
  const inner = result ? `<${action}Result>${render(result)}</${action}Result>` : '';
  return {
    statusCode: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: utf8(
      `<${action}Response xmlns="${SNS_XMLNS}">${inner}<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
    ),
  };
}

export function queryError(error: AwsServiceError): AwsHttpResponse {
  const requestId = requestIdHeader();
  return {
    statusCode: error.statusCode,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body: utf8(
      `<ErrorResponse xmlns="${SNS_XMLNS}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.queryCode)}</Code><Message>${escapeXml(
        error.message,
      )}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    ),
  };
}
