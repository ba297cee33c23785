import { describe, expect, it } from 'vitest';
import { compressToEncodedURIComponent } from 'lz-string';
import { decodeShare, encodeShare, shareUrl } from './share';
import { DEFAULT_PLAYGROUND, parseEnvText } from './playground.store';

const state = {
  v: 1 as const,
  code: 'exports.handler = async () => "ünïcode ✓";\n',
  runtime: 'nodejs22.x' as const,
  language: 'javascript' as const,
  event: '{"a": 1}',
  config: DEFAULT_PLAYGROUND.config,
};

describe('share links', () => {
  it('round-trip code, runtime, event and configuration through the URL', () => {
    const url = shareUrl(state, { origin: 'https://host.example', pathname: '/some/course/', search: '' });
    expect(url.startsWith('https://host.example/some/course/#/playground?s=')).toBe(true);
    const token = url.split('?s=')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9+\-$]+$/);
    expect(decodeShare(token)).toEqual({ ok: true, state });
    expect(encodeShare(state)).toBe(token);
  });

  it('explains damaged or foreign links instead of loading them', () => {
    expect(decodeShare('%%%')).toMatchObject({ ok: false });
    expect(decodeShare(compressToEncodedURIComponent('not json'))).toEqual({
      ok: false,
      error: expect.stringContaining('not JSON'),
    });
    expect(decodeShare(compressToEncodedURIComponent(JSON.stringify({ v: 2, code: 1 })))).toEqual({
      ok: false,
      error: expect.stringContaining('different version'),
    });
  });
});

describe('environment variables', () => {
  it('parses KEY=value lines and refuses reserved or malformed keys', () => {
    expect(parseEnvText('STAGE=dev\n# comment\n\nTABLE = orders=v2')).toEqual({
      ok: true,
      vars: { STAGE: 'dev', TABLE: 'orders=v2' },
    });
    expect(parseEnvText('AWS_REGION=x')).toMatchObject({
      ok: false,
      error: expect.stringContaining('reserved'),
    });
    expect(parseEnvText('ok=1\n1BAD=2')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Line 2'),
    });
  });
});
