/**
 * The HTTP side of API Gateway and function URLs, as plain data: the request a client sends (method, URL,
 * headers in order, body text), the response it gets back (status, headers in order, body bytes), and the small
 * helpers both sides need — URL and query parsing, header lookups, base64, the timestamps API Gateway writes.
 */

/** What a client (the HTTP request panel, a lab check) sends. */
export interface HttpRequest {
  method: string;
  /** `https://<id>.execute-api.us-east-1.amazonaws.com/items/42?color=red` or a function URL. */
  url: string;
  /** In the order sent; names as typed. */
  headers: Array<[string, string]>;
  /** Request body as text ('' = none). */
  body: string;
}

export interface HttpResponse {
  statusCode: number;
  /** In the order the gateway sends them (names as the gateway or the function wrote them). */
  headers: Array<[string, string]>;
  body: Uint8Array;
}

export interface ParsedUrl {
  host: string;
  /** Path as sent, still percent-encoded, always starting with `/`. */
  rawPath: string;
  /** Without the `?`. */
  rawQueryString: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function bodyText(body: Uint8Array): string {
  return decoder.decode(body);
}

export function parseUrl(url: string): ParsedUrl | null {
  const match = /^https:\/\/([^/?#]+)([^?#]*)(?:\?([^#]*))?/i.exec(url.trim());
  if (!match) return null;
  return { host: match[1]!.toLowerCase(), rawPath: match[2] || '/', rawQueryString: match[3] ?? '' };
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function decodePathSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `a=1&a=2&b` → [['a','1'],['a','2'],['b','']] (form decoding, as API Gateway does). */
export function parseQuery(raw: string): Array<[string, string]> {
  if (raw === '') return [];
  const out: Array<[string, string]> = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    out.push(
      eq < 0
        ? [decodeComponent(part), '']
        : [decodeComponent(part.slice(0, eq)), decodeComponent(part.slice(eq + 1))],
    );
  }
  return out;
}

/** The first value of a header, by case-insensitive name. */
export function headerValue(headers: ReadonlyArray<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of headers) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** Content types API Gateway and function URLs pass as text; anything else is binary and arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type === '' ||
    type.startsWith('text/') ||
    type.endsWith('/json') ||
    type.endsWith('+json') ||
    type.endsWith('/xml') ||
    type.endsWith('+xml') ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'application/javascript' ||
    type === 'application/graphql'
  );
}

export function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(binary);
}

/** Null when the text is not base64. */
export function base64Decode(text: string): Uint8Array | null {
  const clean = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return null;
  try {
    const binary = atob(clean);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`: the request time API Gateway writes into events (CLF style, UTC). */
export function clfTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** The `date` response header (IMF-fixdate). */
export function httpDate(epochMs: number): string {
  return new Date(epochMs).toUTCString();
}
