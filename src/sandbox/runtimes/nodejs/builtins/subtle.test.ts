import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSubtleCrypto } from './subtle';

const ours = createSubtleCrypto((bytes) => webcrypto.getRandomValues(bytes));
const node = webcrypto.subtle;
const text = (value: string) => new TextEncoder().encode(value);
const hex = (buffer: ArrayBuffer) => Buffer.from(buffer).toString('hex');

describe('crypto.subtle in the sandbox worker (not a secure context), against Node.js Web Crypto', () => {
  it('digest: SHA-1, SHA-256, SHA-384, SHA-512 on strings of bytes, typed arrays and ArrayBuffers', async () => {
    for (const algorithm of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'])
      for (const data of [text(''), text('abc'), new Uint16Array([1, 2, 3]), text('x'.repeat(500)).buffer]) {
        expect(hex(await ours.digest(algorithm, data))).toBe(hex(await node.digest(algorithm, data)));
        expect(hex(await ours.digest({ name: algorithm }, data))).toBe(
          hex(await node.digest(algorithm, data)),
        );
      }
  });

  it('HMAC: importKey raw, sign and verify give what Node.js gives; a wrong signature fails', async () => {
    for (const hash of ['SHA-1', 'SHA-256', 'SHA-512']) {
      const algorithm = { name: 'HMAC', hash };
      const key = await ours.importKey('raw', text('secret'), algorithm, true, ['sign', 'verify']);
      const nodeKey = await node.importKey('raw', text('secret'), algorithm, true, ['sign', 'verify']);
      const signature = await ours.sign('HMAC', key, text('message'));
      expect(hex(signature)).toBe(hex(await node.sign('HMAC', nodeKey, text('message'))));
      expect(await ours.verify('HMAC', key, signature, text('message'))).toBe(true);
      expect(await ours.verify('HMAC', key, signature, text('other'))).toBe(false);
      expect(hex(await ours.exportKey('raw', key))).toBe(Buffer.from('secret').toString('hex'));
      expect(key.algorithm).toEqual({ name: 'HMAC', hash: { name: hash }, length: 48 });
    }
    const generated = await ours.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    expect(generated.algorithm.length).toBe(512);
    await expect(ours.exportKey('raw', generated)).rejects.toThrow('not extractable');
    await expect(ours.verify('HMAC', generated, new Uint8Array(32), text('m'))).rejects.toThrow('usages');
  });

  it('deriveBits: PBKDF2 and HKDF match Node.js', async () => {
    const salt = text('salt');
    const pbkdf2 = { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 1000 };
    const ourPassword = await ours.importKey('raw', text('password'), 'PBKDF2', false, ['deriveBits']);
    const nodePassword = await node.importKey('raw', text('password'), 'PBKDF2', false, ['deriveBits']);
    expect(hex(await ours.deriveBits(pbkdf2, ourPassword, 256))).toBe(
      hex(await node.deriveBits(pbkdf2, nodePassword, 256)),
    );
    const hkdf = { name: 'HKDF', hash: 'SHA-512', salt, info: text('info') };
    const ourSecret = await ours.importKey('raw', text('input key'), 'HKDF', false, ['deriveBits']);
    const nodeSecret = await node.importKey('raw', text('input key'), 'HKDF', false, ['deriveBits']);
    expect(hex(await ours.deriveBits(hkdf, ourSecret, 384))).toBe(
      hex(await node.deriveBits(hkdf, nodeSecret, 384)),
    );
  });

  it('says clearly what it does not provide', async () => {
    await expect(ours.encrypt()).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(ours.digest('MD5', text('x'))).rejects.toThrow(/not available/);
  });
});
