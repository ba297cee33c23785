import { describe, expect, it } from 'vitest';
import {
  isFrameMessage,
  isHostMessage,
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
