/**
 * The wire between an SDK and the simulated account: one HTTP request in, one HTTP response out, exactly as the
 * SDK would send it to `https://<service>.<region>.amazonaws.com`. Services parse their real protocol from these
 * (AWS JSON 1.0/1.1, query, REST-XML, REST-JSON), so the real `@aws-sdk/client-*` packages and boto3 both work.
 */

export interface AwsHttpRequest {
  method: string;
  /** e.g. `dynamodb.us-east-1.amazonaws.com`, `my-bucket.s3.us-east-1.amazonaws.com`. */
  hostname: string;
  /** Path without the query string, still percent-encoded as sent (e.g. `/my-bucket/a%20b.txt`). */
  path: string;
  query: Record<string, string | string[]>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface AwsHttpResponse {
  statusCode: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Who is calling: a function's environment (X-Ray subsegments, recursive-loop detection), the console or a lab check. */
export type AwsCaller =
  | {
      kind: 'function';
      functionName: string;
      requestId: string;
      /** `_X_AMZN_TRACE_ID` of the invocation, when tracing is on. */
      traceId?: string;
      /** Lambda's recursion counter carried with the invocation's event (loop detection). */
      lineage?: number;
    }
  | { kind: 'console' }
  | { kind: 'check' };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function text(body: Uint8Array): string {
  return decoder.decode(body);
}

export function jsonResponse(statusCode: number, value: unknown, contentType: string): AwsHttpResponse {
  return {
    statusCode,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestIdHeader() },
    body: utf8(JSON.stringify(value)),
  };
}

let counter = 0;
/** A request id for response headers (not security-relevant; deterministic per page). */
export function requestIdHeader(): string {
  counter = (counter + 1) >>> 0;
  const h = counter.toString(16).padStart(8, '0');
  return `${h}-0000-4000-8000-${h.padStart(12, '0')}`;
}
