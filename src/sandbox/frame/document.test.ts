import { describe, expect, it } from 'vitest';
import { escapeInlineScript, frameDocument, SANDBOX_CSP } from './document';
import { isFrameMessage, isHostMessage } from './protocol';

describe('the sandbox document', () => {
  it('inlines the frame script (no <script src>) behind a CSP that allows no network', () => {
    const html = frameDocument('tok"en', 'const a = "</script><!-- x"; parent.postMessage(a, "*");');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('<meta name="coldstart-channel" content="tok&quot;en">');
    expect(html).toContain('<script>const a = "<\\/script><\\!-- x"; parent.postMessage(a, "*");</script>');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBe(SANDBOX_CSP);
    const directives = new Map(SANDBOX_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('worker-src')).toEqual(['blob:']);
    // Scripts: this inline one, blob: workers and eval only — no scheme or host that reaches a network.
    expect(
      directives.get('script-src')?.every((source) => source.startsWith("'") || source === 'blob:'),
    ).toBe(true);
    for (const directive of ['img-src', 'font-src', 'media-src', 'object-src', 'frame-src'])
      expect(directives.get(directive)).toEqual(["'none'"]);
  });

  it('escapes only what would end or confuse the script element', () => {
    expect(escapeInlineScript('if (a </SCRIPT> b) x = "<!--";')).toBe('if (a <\\/SCRIPT> b) x = "<\\!--";');
    expect(escapeInlineScript('a < b && c > d')).toBe('a < b && c > d');
  });
});

describe('frame protocol', () => {
  const channel = 'c0ffee';

  it('accepts frame messages only on the channel and with a known shape', () => {
    expect(isFrameMessage({ channel, type: 'reply', id: 3, body: { ok: true } }, channel)).toBe(true);
    expect(isFrameMessage({ channel: 'other', type: 'reply', id: 3, body: { ok: true } }, channel)).toBe(
      false,
    );
    expect(isFrameMessage({ channel, type: 'reply', id: '3', body: {} }, channel)).toBe(false);
    expect(
      isFrameMessage({ channel, type: 'env.exited', envId: 'e', error: { errorType: 'x' } }, channel),
    ).toBe(true);
    expect(isFrameMessage({ channel, type: 'env.exited', error: {} }, channel)).toBe(false);
    expect(isFrameMessage({ channel, type: 'result', id: 3 }, channel)).toBe(false);
    expect(isFrameMessage(null, channel)).toBe(false);
  });

  it('accepts page requests with an id; invokes and inits never go through the frame', () => {
    expect(
      isHostMessage({ channel, id: 1, type: 'env.start', envId: 'e', runtime: 'nodejs22.x' }, channel),
    ).toBe(true);
    expect(isHostMessage({ channel, type: 'env.start', envId: 'e' }, channel)).toBe(false);
    expect(
      isHostMessage({ channel, id: 1, type: 'runtime.install', runtime: 'nodejs22.x', source: '' }, channel),
    ).toBe(true);
    expect(isHostMessage({ channel: 'x', id: 1, type: 'env.stop', envId: 'e' }, channel)).toBe(false);
    expect(isHostMessage({ channel, id: 1, type: 'env.invoke', envId: 'e' }, channel)).toBe(false);
    expect(isHostMessage({ channel, id: 1, type: 'env.init', envId: 'e' }, channel)).toBe(false);
  });

  it('accepts a spares policy only with a whole number of spares and a finite delay (or null)', () => {
    const spares = (extra: Record<string, unknown>) =>
      isHostMessage({ channel, id: 1, type: 'runtime.spares', runtime: 'python3.14', ...extra }, channel);
    expect(spares({ spares: 3, refillDelayMs: 0 })).toBe(true);
    expect(spares({ spares: 3, refillDelayMs: null })).toBe(true);
    expect(spares({ spares: 2.5, refillDelayMs: 0 })).toBe(false);
    expect(spares({ spares: 3, refillDelayMs: Number.POSITIVE_INFINITY })).toBe(false);
    expect(spares({ spares: 3 })).toBe(false);
  });
});
