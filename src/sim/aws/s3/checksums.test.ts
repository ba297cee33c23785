import { describe, expect, it } from 'vitest';
import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { base64ToBytes, bytesToHex, checksumBase64, crc32, crc32c, crc64nvme, md5Hex } from './checksums';

const check = new TextEncoder().encode('123456789');

async function sdkDigest(Algorithm: typeof Crc32 | typeof Crc32c | typeof Crc64Nvme, bytes: Uint8Array) {
  const hash = new Algorithm();
  hash.update(bytes);
  return Buffer.from(await hash.digest()).toString('base64');
}

describe('checksums', () => {
  it('match the published check values for "123456789"', () => {
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32c(check)).toBe(0xe3069283);
    expect(bytesToHex(crc64nvme(check))).toBe('ae8b14860a799888');
    expect(md5Hex(check)).toBe('25f9e794323b453885f5181f1b624d0b');
  });

  it('agree with the SDK’s own implementations on a larger body', async () => {
    const body = new Uint8Array(100_003);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31 + (i >> 7)) & 0xff;
    expect(checksumBase64('CRC32', body)).toBe(await sdkDigest(Crc32, body));
    expect(checksumBase64('CRC32C', body)).toBe(await sdkDigest(Crc32c, body));
    expect(checksumBase64('CRC64NVME', body)).toBe(await sdkDigest(Crc64Nvme, body));
  });

  it('rejects malformed base64', () => {
    expect(() => base64ToBytes('abc')).toThrow();
    expect(() => base64ToBytes('ab!=')).toThrow();
    expect(Array.from(base64ToBytes('AAE='))).toEqual([0, 1]);
  });
});

describe('base64', () => {
  it('matches the platform encoder for every tail length and round-trips', async () => {
    const { base64ToBytes: decode, bytesToBase64: encode } = await import('./checksums');
    for (let length = 0; length < 70; length++) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 37 + length) & 0xff);
      const expected = Buffer.from(bytes).toString('base64');
      expect(encode(bytes), String(length)).toBe(expected);
      expect(Array.from(decode(expected))).toEqual(Array.from(bytes));
    }
    expect(() => decode('AA=A')).toThrow();
    expect(() => decode('AAA\u00e9')).toThrow();
  });
});
