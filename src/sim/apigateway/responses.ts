/**
 * From the function's result (the Invoke response payload, JSON text) to the HTTP response the client gets.
 *
 * - Format 2.0 (HTTP APIs, function URLs): a result with a `statusCode` is read as `{statusCode, headers, cookies,
 *   body, isBase64Encoded}`; any other valid JSON is the body, with status 200 and `content-type:
 *   application/json`. A bare string is the body itself for an HTTP API ("Lambda function response for format
 *   2.0"), but a function URL sends the JSON text, quotes included ("Invoking Lambda function URLs").
 * - Format 1.0 (REST proxy, HTTP APIs on 1.0): the result must be `{statusCode, headers, multiValueHeaders,
 *   body, isBase64Encoded}` with a string body; anything else is a malformed response, which the gateway turns
 *   into its internal error ("Output format of a Lambda function for proxy integration").
 */
import { base64Decode, utf8 } from './http';

export type Mapped =
  | { ok: true; statusCode: number; headers: Array<[string, string]>; body: Uint8Array }
  /** Why the gateway rejects the result (what its logs would say), for the learner. */
  | { ok: false; reason: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parse(payload: string): { ok: true; value: Json } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(payload) as Json };
  } catch {
    return { ok: false };
  }
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statusOf(value: Json | undefined): number | string {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 100 || value > 599)
    return `statusCode must be a whole number from 100 to 599 (got ${JSON.stringify(value ?? null)})`;
  return value;
}

function scalar(value: Json): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function headersOf(value: Json | undefined, field: string): Array<[string, string]> | string {
  if (value === undefined || value === null) return [];
  if (!isObject(value)) return `${field} must be an object of header names and values`;
  const out: Array<[string, string]> = [];
  for (const [name, v] of Object.entries(value)) {
    const text = scalar(v);
    if (text === null) return `${field}.${name} must be a string, number or boolean`;
    out.push([name, text]);
  }
  return out;
}

function bodyOf(value: Json | undefined, base64: Json | undefined): Uint8Array | string {
  if (value === undefined || value === null) return new Uint8Array();
  if (typeof value !== 'string')
    return `body must be a string (got ${Array.isArray(value) ? 'an array' : typeof value}): return JSON.stringify(...) as the body`;
  if (base64 === true) return base64Decode(value) ?? 'isBase64Encoded is true but body is not base64';
  return utf8(value);
}

/** Payload format 2.0. `site`: an HTTP API or a function URL (they treat a bare string differently). */
export function mapResultV2(payload: string, site: 'http' | 'url'): Mapped {
  const parsed = parse(payload);
  if (!parsed.ok) return { ok: false, reason: 'the result is not valid JSON' };
  const value = parsed.value;
  if (isObject(value) && 'statusCode' in value) {
    const status = statusOf(value.statusCode);
    if (typeof status === 'string') return { ok: false, reason: status };
    const headers = headersOf(value.headers, 'headers');
    if (typeof headers === 'string') return { ok: false, reason: headers };
    const cookies = value.cookies;
    if (
      cookies !== undefined &&
      cookies !== null &&
      !(Array.isArray(cookies) && cookies.every((c) => typeof c === 'string'))
    )
      return { ok: false, reason: 'cookies must be an array of strings' };
    const body = bodyOf(value.body, value.isBase64Encoded);
    if (typeof body === 'string') return { ok: false, reason: body };
    // Each cookie becomes a set-cookie header.
    for (const cookie of (cookies as string[] | null | undefined) ?? []) headers.push(['set-cookie', cookie]);
    return { ok: true, statusCode: status, headers, body };
  }
  const text = typeof value === 'string' && site === 'http' ? value : payload;
  return { ok: true, statusCode: 200, headers: [['content-type', 'application/json']], body: utf8(text) };
}

/**
 * Payload format 1.0. `decodeBase64`: an HTTP API decodes a base64 body; a REST API only when the response's
 * content type is one of its binary media types (otherwise the client receives the base64 text).
 */
export function mapResultV1(
  payload: string,
  decodeBase64: (headers: Array<[string, string]>) => boolean,
): Mapped {
  const parsed = parse(payload);
  if (!parsed.ok) return { ok: false, reason: 'the result is not valid JSON' };
  const value = parsed.value;
  if (!isObject(value)) return { ok: false, reason: 'the result must be an object with statusCode and body' };
  if (!('statusCode' in value)) return { ok: false, reason: 'the result has no statusCode' };
  const status = statusOf(value.statusCode);
  if (typeof status === 'string') return { ok: false, reason: status };
  const single = headersOf(value.headers, 'headers');
  if (typeof single === 'string') return { ok: false, reason: single };
  const multi: Array<[string, string]> = [];
  const multiValue = value.multiValueHeaders;
  if (multiValue !== undefined && multiValue !== null) {
    if (!isObject(multiValue)) return { ok: false, reason: 'multiValueHeaders must be an object of arrays' };
    for (const [name, values] of Object.entries(multiValue)) {
      if (!Array.isArray(values)) return { ok: false, reason: `multiValueHeaders.${name} must be an array` };
      for (const v of values) {
        const text = scalar(v);
        if (text === null)
          return { ok: false, reason: `multiValueHeaders.${name} must hold strings, numbers or booleans` };
        multi.push([name, text]);
      }
    }
  }
  // A name in both: only the multiValueHeaders values are sent.
  const multiNames = new Set(multi.map(([name]) => name.toLowerCase()));
  const headers = [...single.filter(([name]) => !multiNames.has(name.toLowerCase())), ...multi];
  const base64 = value.isBase64Encoded === true && decodeBase64(headers);
  const body = bodyOf(value.body, base64);
  if (typeof body === 'string') return { ok: false, reason: body };
  return { ok: true, statusCode: status, headers, body };
}
