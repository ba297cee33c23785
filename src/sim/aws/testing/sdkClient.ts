/**
 * Test helper: the real AWS SDK v3 talking straight to an AwsAccount in the same process (Node), through a
 * smithy HttpHandler. In the browser the same requests travel over an environment's port instead; the account
 * cannot tell the difference. Response bodies are Node Readables so the SDK's stream mixins (S3 GetObject's
 * `transformToString`) work as they do on Lambda.
 */
import { Readable } from 'node:stream';
import { HttpResponse } from '@smithy/core/transport';
import type { HttpRequest } from '@smithy/types';
import type { AwsAccount } from '../account';
import type { AwsCaller } from '../http';

async function bodyBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const chunks: Uint8Array[] = [];
    for await (const c of body as AsyncIterable<Uint8Array | string>)
      chunks.push(typeof c === 'string' ? new TextEncoder().encode(c) : c);
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
  throw new Error(`sdkClient: unsupported request body ${Object.prototype.toString.call(body)}`);
}

export function accountRequestHandler(account: AwsAccount, caller: AwsCaller = { kind: 'check' }) {
  return {
    metadata: { handlerProtocol: 'coldstart/1.1' },
    async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = String(v);
      const query: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(request.query ?? {}))
        if (v !== null && v !== undefined) query[k] = v;
      const res = await account.handle(
        {
          method: request.method,
          hostname: request.hostname,
          path: request.path,
          query,
          headers,
          body: await bodyBytes(request.body),
        },
        caller,
      );
      return {
        response: new HttpResponse({
          statusCode: res.statusCode,
          headers: res.headers,
          body: Readable.from([Buffer.from(res.body)]),
        }),
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs() {
      return {};
    },
    destroy() {},
  };
}

/** Client configuration for tests: fixed region and dummy credentials (the account does not check signatures). */
export function testClientConfig(account: AwsAccount, caller?: AwsCaller) {
  return {
    region: account.region,
    credentials: {
      accessKeyId: 'ASIACOLDSTARTTEST',
      secretAccessKey: 'coldstart',
      sessionToken: 'coldstart',
    },
    requestHandler: accountRequestHandler(account, caller),
    // The account answers at once; no SDK retries are needed unless a test asks for them.
    maxAttempts: 1,
  };
}
