import * as nodeCrypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Buffer } from './core';
import { createHash, createHmac, hash } from './hashes';

describe("node:crypto's createHash and createHmac in the sandbox", () => {
  const inputs = ['', 'hello', 'ünïcödé ✓', 'x'.repeat(1000)];

  it('gives the digests Node.js gives, for every algorithm and output encoding', () => {
    for (const algorithm of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'])
      for (const input of inputs)
        for (const encoding of ['hex', 'base64', 'base64url'] as const)
          expect(createHash(algorithm).update(input).digest(encoding), `${algorithm} ${encoding}`).toBe(
            nodeCrypto.createHash(algorithm).update(input).digest(encoding),
          );
  });

  it('HMACs match Node.js, with string and Buffer keys, chained updates and a Buffer digest', () => {
    for (const algorithm of ['sha1', 'sha256', 'sha512']) {
      const ours = createHmac(algorithm, 'secret').update('a').update(Buffer.from('b')).digest() as Buffer;
      const node = nodeCrypto.createHmac(algorithm, 'secret').update('a').update('b').digest();
      expect(ours.toString('hex')).toBe(node.toString('hex'));
      expect(
        createHmac(algorithm, Buffer.from([1, 2, 3]))
          .update('m')
          .digest('hex'),
      ).toBe(
        nodeCrypto
          .createHmac(algorithm, Buffer.from([1, 2, 3]))
          .update('m')
          .digest('hex'),
      );
    }
    expect(hash('sha256', 'abc')).toBe(nodeCrypto.createHash('sha256').update('abc').digest('hex'));
  });

  it('fails as Node.js fails: an unknown algorithm, a second digest', () => {
    expect(() => createHash('whirlpool-9000')).toThrow('Digest method not supported');
    const once = createHash('sha256').update('x');
    once.digest('hex');
    expect(() => once.digest('hex')).toThrow('Digest already called');
    expect(() => once.update('y')).toThrow('Digest already called');
  });
});
