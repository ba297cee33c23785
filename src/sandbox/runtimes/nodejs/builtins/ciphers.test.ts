import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCipheriv, createDecipheriv } from './ciphers';

const bytes = (length: number, start = 1) =>
  Uint8Array.from({ length }, (_, index) => (start + index * 13) & 0xff);
const hex = (data: Uint8Array | string) =>
  typeof data === 'string' ? data : Buffer.from(data).toString('hex');
const pieces = (data: Uint8Array) => [data.subarray(0, 5), data.subarray(5, 21), data.subarray(21)];

describe("node:crypto createCipheriv/createDecipheriv (AES) against Node.js's OpenSSL", () => {
  it('every update() and final() returns what Node.js returns, for GCM, CBC and CTR in every key size', () => {
    const plaintext = bytes(70, 3);
    for (const bits of [128, 192, 256])
      for (const mode of ['gcm', 'cbc', 'ctr']) {
        const algorithm = `aes-${bits}-${mode}`;
        const key = bytes(bits / 8, 7);
        const iv = bytes(mode === 'gcm' ? 12 : 16, 9);
        const ours = createCipheriv(algorithm, key, iv);
        const node = nodeCrypto.createCipheriv(algorithm, key, iv);
        if (mode === 'gcm') {
          ours.setAAD(bytes(10));
          (node as nodeCrypto.CipherGCM).setAAD(bytes(10));
        }
        for (const piece of pieces(plaintext))
          expect(hex(ours.update(piece) as Buffer), algorithm).toBe(hex(node.update(piece)));
        expect(hex(ours.final() as Buffer), algorithm).toBe(hex(node.final()));
        if (mode === 'gcm')
          expect(hex(ours.getAuthTag())).toBe(hex((node as nodeCrypto.CipherGCM).getAuthTag()));

        const sealed = (() => {
          const cipher = nodeCrypto.createCipheriv(algorithm, key, iv);
          if (mode === 'gcm') (cipher as nodeCrypto.CipherGCM).setAAD(bytes(10));
          const out = Buffer.concat([cipher.update(plaintext), cipher.final()]);
          return { out, tag: mode === 'gcm' ? (cipher as nodeCrypto.CipherGCM).getAuthTag() : null };
        })();
        const decipher = createDecipheriv(algorithm, key, iv);
        const nodeDecipher = nodeCrypto.createDecipheriv(algorithm, key, iv);
        if (sealed.tag) {
          decipher.setAAD(bytes(10)).setAuthTag(sealed.tag);
          (nodeDecipher as nodeCrypto.DecipherGCM).setAAD(bytes(10)).setAuthTag(sealed.tag);
        }
        for (const piece of pieces(sealed.out))
          expect(hex(decipher.update(piece) as Buffer), `${algorithm} decrypt`).toBe(
            hex(nodeDecipher.update(piece)),
          );
        expect(hex(decipher.final() as Buffer)).toBe(hex(nodeDecipher.final()));
      }
  });

  it('string encodings join as in Node.js (base64 pieces make the base64 of the whole)', () => {
    const key = bytes(32);
    const iv = bytes(16);
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      const ours = createCipheriv('aes-256-ctr', key, iv);
      const node = nodeCrypto.createCipheriv('aes-256-ctr', key, iv);
      const text = 'a handler secret, in pieces';
      const mine =
        ours.update(text.slice(0, 7), 'utf8', encoding) +
        (ours.update(text.slice(7), 'utf8', encoding) as string) +
        ours.final(encoding);
      const theirs =
        node.update(text.slice(0, 7), 'utf8', encoding) +
        node.update(text.slice(7), 'utf8', encoding) +
        node.final(encoding);
      expect(mine).toBe(theirs);
    }
  });

  it('fails as Node.js fails: a wrong tag, bad padding, a wrong key or iv length, an unknown cipher', () => {
    const key = bytes(16);
    const iv = bytes(12);
    const cipher = nodeCrypto.createCipheriv('aes-128-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update('secret'), cipher.final()]);
    const tag = cipher.getAuthTag();
    tag[0]! ^= 1;
    const decipher = createDecipheriv('aes-128-gcm', key, iv).setAuthTag(tag);
    decipher.update(sealed);
    expect(() => decipher.final()).toThrow('Unsupported state or unable to authenticate data');
    // A truncated tag (authTagLength 12) still authenticates.
    const short = nodeCrypto.createCipheriv('aes-128-gcm', key, iv, { authTagLength: 12 });
    const shortSealed = Buffer.concat([short.update('secret'), short.final()]);
    const shortDecipher = createDecipheriv('aes-128-gcm', key, iv).setAuthTag(short.getAuthTag());
    expect(
      Buffer.concat([
        shortDecipher.update(shortSealed) as Buffer,
        shortDecipher.final() as Buffer,
      ]).toString(),
    ).toBe('secret');

    const cbcDecipher = createDecipheriv('aes-128-cbc', key, bytes(16));
    cbcDecipher.update(bytes(32));
    expect(() => cbcDecipher.final()).toThrow('bad decrypt');
    expect(() => createCipheriv('aes-256-gcm', key, iv)).toThrow(
      expect.objectContaining({ code: 'ERR_CRYPTO_INVALID_KEYLEN' }),
    );
    expect(() => createCipheriv('aes-128-cbc', key, iv)).toThrow('Invalid initialization vector');
    expect(() => createCipheriv('des-ede3-cbc', key, iv)).toThrow('Unknown cipher');
    const finished = createCipheriv('aes-128-gcm', key, iv);
    expect(() => finished.getAuthTag()).toThrow('Invalid state');
  });
});
