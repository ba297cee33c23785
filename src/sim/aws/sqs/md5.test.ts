import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5HexOfBytes } from './md5';

describe('md5HexOfBytes', () => {
  it('matches RFC 1321 test vectors', () => {
    const encoder = new TextEncoder();
    expect(md5HexOfBytes(encoder.encode(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5HexOfBytes(encoder.encode('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5HexOfBytes(encoder.encode('message digest'))).toBe('f96b697d7cb7938d525a2f31aaf161d0');
  });

  it('agrees with node:crypto on every length around the block and padding boundaries', () => {
    for (let length = 0; length < 200; length++) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + length) & 0xff);
      expect(md5HexOfBytes(bytes)).toBe(createHash('md5').update(bytes).digest('hex'));
    }
    const big = Uint8Array.from({ length: 1_048_577 }, (_, index) => index & 0xff);
    expect(md5HexOfBytes(big)).toBe(createHash('md5').update(big).digest('hex'));
  });
});
