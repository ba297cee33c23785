/**
 * Sizes and tokens shared by every side of the sandbox (page, frame, worker). Pure: no DOM, no timers.
 */
import type { ErrorResponse } from '../sim/lambda/host';

/**
 * The largest response Lambda returns: "6 MB" on the quotas page, 6,291,556 bytes in the error Lambda writes
 * (`Function.ResponseSizeTooLarge`, "Response payload size exceeded maximum allowed payload size (6291556
 * bytes)."), counted on the serialised JSON.
 */
export const RESPONSE_LIMIT_BYTES = 6_291_556;

/** Request payload limits of the Invoke API (the service checks them before anything runs). */
export const PAYLOAD_LIMIT_BYTES = { sync: 6 * 1024 * 1024, async: 1024 * 1024 } as const;

/**
 * An `aws.call` from an environment: the largest request body the host accepts, and how many calls one
 * environment may have waiting for a reply at once (a runaway loop must not queue unbounded work in the page).
 */
export const AWS_CALL_BODY_LIMIT_BYTES = 6 * 1024 * 1024;
export const AWS_CALLS_IN_FLIGHT_LIMIT = 64;

/** Log records a runtime posts in one port message at most (a flood becomes a few large messages, not many). */
export const LOG_BATCH_LIMIT = 1000;

const utf8 = new TextEncoder();

/** UTF-8 size of a string, as the Invoke API counts it. */
export function byteLength(text: string): number {
  return utf8.encode(text).byteLength;
}

/** Whether a string's UTF-8 size exceeds `limit`, encoding only when it could (a UTF-16 unit is ≤ 3 bytes). */
export function exceedsBytes(text: string, limit: number): boolean {
  if (text.length * 3 <= limit) return false;
  return byteLength(text) > limit;
}

/** Lambda's error when the function's serialised response is larger than RESPONSE_LIMIT_BYTES. */
export function responseTooLargeError(): ErrorResponse {
  return {
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT_BYTES} bytes).`,
    trace: [],
  };
}

/** AWS's error for an oversized request payload (`RequestEntityTooLargeException`, HTTP 413). */
export function payloadTooLargeError(type: 'sync' | 'async'): ErrorResponse {
  const limit = PAYLOAD_LIMIT_BYTES[type];
  return {
    errorType: 'RequestEntityTooLargeException',
    errorMessage: `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
    trace: [],
  };
}

const HEX = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

/** A hard-to-guess token (128 random bits as 32 hex digits): channel ids and per-invocation nonces. */
export function randomToken(crypto: Pick<Crypto, 'getRandomValues'> = globalThis.crypto): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let token = '';
  for (const value of bytes) token += HEX[value];
  return token;
}
