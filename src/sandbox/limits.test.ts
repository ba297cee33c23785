import { describe, expect, it } from 'vitest';
import {
  byteLength,
  exceedsBytes,
  payloadTooLargeError,
  randomToken,
  responseTooLargeError,
  PAYLOAD_LIMIT_BYTES,
  RESPONSE_LIMIT_BYTES,
} from './limits';

describe('limits', () => {
  it('counts payload bytes as UTF-8, encoding only strings that could exceed the limit', () => {
    expect(byteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(exceedsBytes('a'.repeat(10), 9)).toBe(true);
    expect(exceedsBytes('a'.repeat(9), 9)).toBe(false);
    expect(exceedsBytes('€€€', 9)).toBe(false);
    expect(exceedsBytes('€€€a', 9)).toBe(true);
    expect(exceedsBytes('😀😀', 7)).toBe(true);
  });

  it("uses Lambda's figures and wording", () => {
    // Lambda's error names 6,291,556 bytes, 100 more than 6 MiB (its quotas page says "6 MB").
    expect(RESPONSE_LIMIT_BYTES).toBe(6 * 1024 * 1024 + 100);
    expect(responseTooLargeError()).toEqual({
      errorType: 'Function.ResponseSizeTooLarge',
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      trace: [],
    });
    expect(PAYLOAD_LIMIT_BYTES).toEqual({ sync: 6291456, async: 1048576 });
    expect(payloadTooLargeError('async').errorMessage).toBe(
      'Request must be smaller than 1048576 bytes for the InvokeFunction operation',
    );
  });

  it('makes unguessable tokens', () => {
    const token = randomToken();
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(randomToken()).not.toBe(token);
  });
});
