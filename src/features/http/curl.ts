/**
 * The HTTP request panel's client is curl: what the learner fills in becomes the request curl would send (its
 * default headers included: `user-agent: curl/…`, `accept: *\/*`, and `content-type:
 * application/x-www-form-urlencoded` for a body without one, as `curl -d` does), the command line that would send
 * it, and the response as `curl -i` prints it over HTTP/2 (status line, lower-case header names, blank line, body).
 */
import { bodyText, headerValue, type HttpExchange, type HttpRequest } from '../../sim/apigateway';

export const CURL_USER_AGENT = 'curl/8.5.0';

export interface RequestForm {
  method: string;
  /** Path and query after the endpoint: `/items/42?color=red`. */
  path: string;
  /** `Name: value` per line. */
  headers: string;
  body: string;
  /** Sign with SigV4 (`curl --aws-sigv4`), for a function URL whose auth type is AWS_IAM. */
  sign: boolean;
}

export type HeaderParse = { ok: true; headers: Array<[string, string]> } | { ok: false; error: string };

export function parseHeaderLines(text: string): HeaderParse {
  const headers: Array<[string, string]> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
      return { ok: false, error: `Line ${i + 1}: write Name: value (a header name has no spaces).` };
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  return { ok: true, headers };
}

/** The access key the simulated account's learner signs with (signatures are not checked). */
export const LEARNER_ACCESS_KEY = 'AKIACOLDSTARTLEARNER';

function amzDate(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The request curl sends for the form, against an endpoint (`https://…`, no trailing slash needed). */
export function curlRequest(
  form: RequestForm,
  endpoint: string,
  options: { epochMs: number; region: string },
): { ok: true; request: HttpRequest; command: string } | { ok: false; error: string } {
  const parsed = parseHeaderLines(form.headers);
  if (!parsed.ok) return parsed;
  const path =
    form.path.trim() === ''
      ? '/'
      : form.path.trim().startsWith('/')
        ? form.path.trim()
        : `/${form.path.trim()}`;
  if (/\s/.test(path)) return { ok: false, error: 'Path: encode spaces as %20.' };
  const url = endpoint.replace(/\/$/, '') + path;
  const method = form.method.toUpperCase();
  const headers = [...parsed.headers];
  const has = (name: string) => headerValue(headers, name) !== undefined;
  if (!has('user-agent')) headers.push(['user-agent', CURL_USER_AGENT]);
  if (!has('accept')) headers.push(['accept', '*/*']);
  if (form.body !== '' && !has('content-type'))
    headers.push(['content-type', 'application/x-www-form-urlencoded']);
  if (form.sign) {
    const date = amzDate(options.epochMs);
    headers.push(
      ['x-amz-date', date],
      [
        'authorization',
        `AWS4-HMAC-SHA256 Credential=${LEARNER_ACCESS_KEY}/${date.slice(0, 8)}/${options.region}/lambda/aws4_request, ` +
          'SignedHeaders=host;x-amz-date, Signature=(not computed: the simulated account does not check signatures)',
      ],
    );
  }
  return {
    ok: true,
    request: { method, url, headers, body: form.body },
    command: curlCommand(method, url, parsed.headers, form, options.region),
  };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function curlCommand(
  method: string,
  url: string,
  headers: Array<[string, string]>,
  form: RequestForm,
  region: string,
): string {
  const parts = ['curl -i'];
  // curl picks GET, or POST for -d; anything else needs -X.
  if (!(method === 'GET' && form.body === '') && !(method === 'POST' && form.body !== ''))
    parts.push(`-X ${method}`);
  if (form.sign)
    parts.push(
      `--aws-sigv4 ${quote(`aws:amz:${region}:lambda`)} --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`,
    );
  for (const [name, value] of headers) parts.push(`-H ${quote(`${name}: ${value}`)}`);
  if (form.body !== '') parts.push(`-d ${quote(form.body)}`);
  parts.push(quote(url));
  return parts.join(' ');
}

/** The response as `curl -i` prints it (HTTP/2 lower-cases header names), or curl's error. */
export function curlOutput(exchange: HttpExchange): string {
  const response = exchange.response;
  if (!response) {
    const host = /^https:\/\/([^/]+)/.exec(exchange.request.url)?.[1] ?? exchange.request.url;
    return `curl: (6) Could not resolve host: ${host}`;
  }
  const lines = [`HTTP/2 ${response.statusCode}`];
  for (const [name, value] of response.headers) lines.push(`${name.toLowerCase()}: ${value}`);
  return `${lines.join('\n')}\n\n${bodyText(response.body)}`;
}
