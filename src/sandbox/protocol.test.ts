import { describe, expect, it } from 'vitest';
import {
  byteLength,
  exceedsBytes,
  isFrameMessage,
  isHostMessage,
  isPortEvent,
  payloadTooLargeError,
  randomToken,
  PAYLOAD_LIMIT_BYTES,
} from './protocol';
import { frameDocument } from './host';

describe('protocol', () => {
  const channel = 'c0ffee';

  it('accepts frame messages only on the session channel and with a known shape', () => {
    expect(isFrameMessage({ channel, type: 'reply', id: 3, body: { ok: true } }, channel)).toBe(true);
    expect(isFrameMessage({ channel: 'other', type: 'reply', id: 3, body: { ok: true } }, channel)).toBe(
      false,
    );
    expect(isFrameMessage({ channel, type: 'reply', id: '3', body: {} }, channel)).toBe(false);
    expect(isFrameMessage({ channel, type: 'reply', id: 3 }, channel)).toBe(false);
    expect(isFrameMessage({ channel, type: 'result', id: 3 }, channel)).toBe(false);
    expect(isFrameMessage({ channel, type: 'log', envId: 'e1', line: 'x' }, channel)).toBe(true);
    expect(isFrameMessage({ channel, type: 'log', envId: 'e1' }, channel)).toBe(false);
    expect(isFrameMessage('reply', channel)).toBe(false);
    expect(isFrameMessage(null, channel)).toBe(false);
  });

  it('accepts host messages with a request id, and boot without one', () => {
    expect(isHostMessage({ channel, type: 'env.spawn', id: 1, envId: 'e' }, channel)).toBe(true);
    expect(isHostMessage({ channel, type: 'env.spawn', envId: 'e' }, channel)).toBe(false);
    expect(isHostMessage({ channel, type: 'boot', runtimeSource: '', transpilerSource: '' }, channel)).toBe(
      true,
    );
    expect(isHostMessage({ channel: 'x', type: 'env.kill', id: 1 }, channel)).toBe(false);
    expect(isHostMessage({ channel, type: 'eval', id: 1 }, channel)).toBe(false);
    // Invokes travel on the environment's port, never through the frame.
    expect(isHostMessage({ channel, type: 'env.invoke', id: 1, envId: 'e' }, channel)).toBe(false);
  });

  it('accepts on an environment port only log lines, well-formed results and crashes', () => {
    const error = { errorType: 'Error', errorMessage: 'boom', trace: ['at x'] };
    const result = { t: 'result', id: 4, nonce: 'n', durationMs: 1.5, maxMemoryUsedMb: 64 };
    expect(isPortEvent({ t: 'log', line: 'hello' })).toBe(true);
    expect(isPortEvent({ t: 'log', line: 7 })).toBe(false);
    expect(isPortEvent({ ...result, payload: '{"ok":true}' })).toBe(true);
    expect(isPortEvent({ ...result, error })).toBe(true);
    expect(isPortEvent(result)).toBe(false);
    expect(isPortEvent({ ...result, id: '4', payload: '1' })).toBe(false);
    expect(isPortEvent({ ...result, nonce: undefined, payload: '1' })).toBe(false);
    expect(isPortEvent({ ...result, error: { errorType: 'Error' } })).toBe(false);
    expect(isPortEvent({ t: 'crash', error })).toBe(true);
    expect(isPortEvent({ t: 'crash' })).toBe(false);
    expect(isPortEvent({ t: 'init.done', ok: true, initMs: 1 })).toBe(false);
    expect(isPortEvent('result')).toBe(false);
    expect(isPortEvent(null)).toBe(false);
  });

  it('counts payload bytes as UTF-8, encoding only strings that could exceed the limit', () => {
    expect(byteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(exceedsBytes('a'.repeat(10), 9)).toBe(true);
    expect(exceedsBytes('a'.repeat(9), 9)).toBe(false);
    // Three characters of three bytes each: exactly 9 bytes fit, a tenth byte does not.
    expect(exceedsBytes('€€€', 9)).toBe(false);
    expect(exceedsBytes('€€€a', 9)).toBe(true);
    expect(exceedsBytes('😀😀', 7)).toBe(true);
    expect(exceedsBytes('x'.repeat(PAYLOAD_LIMIT_BYTES.sync + 1), PAYLOAD_LIMIT_BYTES.sync)).toBe(true);
  });

  it('makes unguessable tokens', () => {
    const a = randomToken();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomToken()).not.toBe(a);
  });

  it("rejects oversized payloads with AWS's error", () => {
    expect(PAYLOAD_LIMIT_BYTES.sync).toBe(6291456);
    expect(PAYLOAD_LIMIT_BYTES.async).toBe(1048576);
    expect(payloadTooLargeError('sync')).toMatchObject({
      errorType: 'RequestEntityTooLargeException',
      errorMessage: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    });
    expect(payloadTooLargeError('async').errorMessage).toContain('1048576');
  });

  it('writes the channel token and script URL into the sandboxed document, escaped', () => {
    const html = frameDocument('tok"en', 'https://x.test/a.js?b=1&c=<2>');
    expect(html).toContain('<meta name="coldstart-channel" content="tok&quot;en">');
    expect(html).toContain('<script src="https://x.test/a.js?b=1&amp;c=&lt;2>"></script>');
  });
});
