import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSubtleCrypto } from './subtle';

// Typed as the platform's SubtleCrypto: the sandbox's must be usable wherever learner code expects that one.
const ours = createSubtleCrypto((bytes) => webcrypto.getRandomValues(bytes)) as unknown as SubtleCrypto;
const node = webcrypto.subtle as unknown as SubtleCrypto;
const text = (value: string) => new TextEncoder().encode(value);
const hex = (buffer: ArrayBuffer) => Buffer.from(buffer).toString('hex');
const bytes = (length: number, start = 1) =>
  Uint8Array.from({ length }, (_, index) => (start + index * 7) & 0xff);

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
      expect(await ours.exportKey('jwk', key)).toEqual(await node.exportKey('jwk', nodeKey));
      expect(key.algorithm).toEqual({ name: 'HMAC', hash: { name: hash }, length: 48 });
    }
    const generated = await ours.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    expect((generated.algorithm as HmacKeyAlgorithm).length).toBe(512);
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

  it('AES-GCM, AES-CBC and AES-CTR with a fixed key and iv encrypt byte for byte as Node.js, and decrypt what it encrypts', async () => {
    const plaintexts = [text(''), text('hello, Lambda'), bytes(16), bytes(1000, 3)];
    for (const length of [128, 192, 256]) {
      const raw = bytes(length / 8, 9);
      const cases: AlgorithmIdentifier[] = [
        { name: 'AES-GCM', iv: bytes(12, 5) } as AesGcmParams,
        { name: 'AES-GCM', iv: bytes(16, 2), additionalData: text('header') } as AesGcmParams,
        { name: 'AES-CBC', iv: bytes(16, 4) } as AesCbcParams,
        { name: 'AES-CTR', counter: bytes(16, 6), length: 64 } as AesCtrParams,
      ];
      for (const algorithm of cases) {
        const name = (algorithm as Algorithm).name;
        const key = await ours.importKey('raw', raw, name, true, ['encrypt', 'decrypt']);
        const nodeKey = await node.importKey('raw', raw, name, true, ['encrypt', 'decrypt']);
        expect(key.algorithm).toEqual({ name, length });
        for (const plaintext of plaintexts) {
          const sealed = await ours.encrypt(algorithm, key, plaintext);
          expect(hex(sealed), `${name}-${length}`).toBe(
            hex(await node.encrypt(algorithm, nodeKey, plaintext)),
          );
          expect(
            hex(await ours.decrypt(algorithm, key, await node.encrypt(algorithm, nodeKey, plaintext))),
          ).toBe(Buffer.from(plaintext).toString('hex'));
        }
      }
    }
  });

  it("AES-CTR's counter wraps within its length bits without carrying into the nonce, as Node.js does", async () => {
    const raw = bytes(16);
    const counter = new Uint8Array(16).fill(0xab);
    counter.fill(0xff, 15); // the last counter byte is one block away from wrapping
    const key = await ours.importKey('raw', raw, 'AES-CTR', false, ['encrypt']);
    const nodeKey = await node.importKey('raw', raw, 'AES-CTR', false, ['encrypt']);
    const data = bytes(16 * 20 + 5);
    for (const length of [8, 5, 128]) {
      const algorithm = { name: 'AES-CTR', counter, length };
      expect(hex(await ours.encrypt(algorithm, key, data)), `length ${length}`).toBe(
        hex(await node.encrypt(algorithm, nodeKey, data)),
      );
    }
    // 21 blocks cannot be counted by 4 bits without repeating a counter: both refuse.
    const tooShort = { name: 'AES-CTR', counter, length: 4 };
    await expect(node.encrypt(tooShort, nodeKey, data)).rejects.toMatchObject({ name: 'OperationError' });
    await expect(ours.encrypt(tooShort, key, data)).rejects.toMatchObject({ name: 'OperationError' });
  });

  it("AES errors are Web Crypto's: OperationError on a bad tag or padding, InvalidAccessError on a wrong usage or algorithm", async () => {
    const raw = bytes(32);
    const gcmKey = await ours.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    const algorithm = { name: 'AES-GCM', iv: bytes(12) };
    const sealed = new Uint8Array(await ours.encrypt(algorithm, gcmKey, text('secret')));
    sealed[sealed.length - 1]! ^= 1;
    await expect(ours.decrypt(algorithm, gcmKey, sealed)).rejects.toMatchObject({
      name: 'OperationError',
      message: expect.stringContaining('AES-GCM'),
    });
    const cbcKey = await ours.importKey('raw', raw, 'AES-CBC', false, ['decrypt']);
    await expect(ours.decrypt({ name: 'AES-CBC', iv: bytes(16) }, cbcKey, bytes(32))).rejects.toMatchObject({
      name: 'OperationError',
      message: expect.stringContaining('AES-CBC'),
    });
    await expect(ours.encrypt({ name: 'AES-CBC', iv: bytes(16) }, cbcKey, text('x'))).rejects.toMatchObject({
      name: 'InvalidAccessError',
      message: expect.stringContaining('"encrypt"'),
    });
    await expect(
      ours.encrypt({ name: 'AES-CTR', counter: bytes(16), length: 64 }, gcmKey, text('x')),
    ).rejects.toMatchObject({ name: 'InvalidAccessError' });
    await expect(ours.importKey('raw', raw, 'AES-GCM', false, ['sign'])).rejects.toMatchObject({
      name: 'SyntaxError',
    });
    await expect(ours.importKey('raw', bytes(20), 'AES-GCM', false, ['encrypt'])).rejects.toMatchObject({
      name: 'DataError',
    });
  });

  it('AES keys: generateKey, and JWK import/export round trips equal to Node.js', async () => {
    const generated = await ours.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    expect((generated as CryptoKey).algorithm).toEqual({ name: 'AES-GCM', length: 256 });
    expect((await ours.exportKey('raw', generated as CryptoKey)).byteLength).toBe(32);
    for (const name of ['AES-GCM', 'AES-CBC', 'AES-CTR', 'AES-KW']) {
      const usages: KeyUsage[] = name === 'AES-KW' ? ['wrapKey', 'unwrapKey'] : ['encrypt', 'decrypt'];
      const nodeKey = await node.importKey('raw', bytes(16), name, true, usages);
      const jwk = await node.exportKey('jwk', nodeKey);
      const key = await ours.importKey('jwk', jwk, name, true, usages);
      expect(await ours.exportKey('jwk', key)).toEqual(jwk);
      expect(hex(await ours.exportKey('raw', key))).toBe(Buffer.from(bytes(16)).toString('hex'));
    }
    const jwk = await node.exportKey(
      'jwk',
      await node.importKey('raw', bytes(16), 'AES-GCM', true, ['encrypt']),
    );
    await expect(ours.importKey('jwk', jwk, 'AES-CBC', true, ['encrypt'])).rejects.toMatchObject({
      name: 'DataError',
    });
  });

  it('wrapKey and unwrapKey with AES-KW and AES-GCM give what Node.js gives', async () => {
    const kek = bytes(32, 11);
    const wrapping = await ours.importKey('raw', kek, 'AES-KW', false, ['wrapKey', 'unwrapKey']);
    const nodeWrapping = await node.importKey('raw', kek, 'AES-KW', false, ['wrapKey', 'unwrapKey']);
    const inner = await ours.importKey('raw', bytes(16), 'AES-GCM', true, ['encrypt']);
    const nodeInner = await node.importKey('raw', bytes(16), 'AES-GCM', true, ['encrypt']);
    const wrapped = await ours.wrapKey('raw', inner, wrapping, 'AES-KW');
    expect(hex(wrapped)).toBe(hex(await node.wrapKey('raw', nodeInner, nodeWrapping, 'AES-KW')));
    const unwrapped = await ours.unwrapKey('raw', wrapped, wrapping, 'AES-KW', 'AES-GCM', true, ['encrypt']);
    expect(hex(await ours.exportKey('raw', unwrapped))).toBe(Buffer.from(bytes(16)).toString('hex'));

    const gcmParams = { name: 'AES-GCM', iv: bytes(12) };
    const gcmWrapping = await ours.importKey('raw', kek, 'AES-GCM', false, ['wrapKey', 'unwrapKey']);
    const nodeGcmWrapping = await node.importKey('raw', kek, 'AES-GCM', false, ['wrapKey', 'unwrapKey']);
    const nodeWrapped = await node.wrapKey('jwk', nodeInner, nodeGcmWrapping, gcmParams);
    const fromNode = await ours.unwrapKey('jwk', nodeWrapped, gcmWrapping, gcmParams, 'AES-GCM', true, [
      'encrypt',
    ]);
    expect(await ours.exportKey('jwk', fromNode)).toEqual(await node.exportKey('jwk', nodeInner));
    await expect(ours.wrapKey('raw', inner, gcmWrapping, 'AES-KW')).rejects.toMatchObject({
      name: 'InvalidAccessError',
    });
  });

  for (const [namedCurve, hash] of [
    ['P-256', 'SHA-256'],
    ['P-384', 'SHA-384'],
    ['P-256', 'SHA-512'],
  ] as const) {
    it(`ECDSA on ${namedCurve} with ${hash}: raw r||s signatures verify both ways; spki, pkcs8, raw and jwk match Node.js`, async () => {
      const algorithm = { name: 'ECDSA', namedCurve };
      const nodePair = await node.generateKey(algorithm, true, ['sign', 'verify']);
      const pkcs8 = await node.exportKey('pkcs8', nodePair.privateKey);
      const spki = await node.exportKey('spki', nodePair.publicKey);
      const privateKey = await ours.importKey('pkcs8', pkcs8, algorithm, true, ['sign']);
      const publicKey = await ours.importKey('spki', spki, algorithm, true, ['verify']);
      expect(privateKey.algorithm).toEqual(algorithm);
      expect(publicKey.type).toBe('public');
      expect(hex(await ours.exportKey('pkcs8', privateKey))).toBe(hex(pkcs8));
      expect(hex(await ours.exportKey('spki', publicKey))).toBe(hex(spki));
      expect(hex(await ours.exportKey('raw', publicKey))).toBe(
        hex(await node.exportKey('raw', nodePair.publicKey)),
      );
      expect(await ours.exportKey('jwk', privateKey)).toEqual(
        await node.exportKey('jwk', nodePair.privateKey),
      );
      expect(await ours.exportKey('jwk', publicKey)).toEqual(await node.exportKey('jwk', nodePair.publicKey));

      const parameters = { name: 'ECDSA', hash };
      const message = text('an event from API Gateway');
      const ourSignature = await ours.sign(parameters, privateKey, message);
      expect(ourSignature.byteLength).toBe(namedCurve === 'P-256' ? 64 : 96);
      expect(await node.verify(parameters, nodePair.publicKey, ourSignature, message)).toBe(true);
      const nodeSignature = await node.sign(parameters, nodePair.privateKey, message);
      expect(await ours.verify(parameters, publicKey, nodeSignature, message)).toBe(true);
      expect(await ours.verify(parameters, publicKey, nodeSignature, text('another event'))).toBe(false);
      expect(await ours.verify(parameters, publicKey, nodeSignature.slice(1), message)).toBe(false);

      const fromJwk = await ours.importKey(
        'jwk',
        await node.exportKey('jwk', nodePair.privateKey),
        algorithm,
        false,
        ['sign'],
      );
      expect(
        await node.verify(
          parameters,
          nodePair.publicKey,
          await ours.sign(parameters, fromJwk, message),
          message,
        ),
      ).toBe(true);
      const fromRaw = await ours.importKey(
        'raw',
        await node.exportKey('raw', nodePair.publicKey),
        algorithm,
        true,
        ['verify'],
      );
      expect(await ours.verify(parameters, fromRaw, nodeSignature, message)).toBe(true);
    });
  }

  it('ECDSA keys made here: generateKey splits the usages; exports Node.js imports; wrong keys are refused', async () => {
    const algorithm = { name: 'ECDSA', namedCurve: 'P-384' };
    const pair = (await ours.generateKey(algorithm, false, ['sign', 'verify'])) as CryptoKeyPair;
    expect(pair.privateKey.usages).toEqual(['sign']);
    expect(pair.publicKey.usages).toEqual(['verify']);
    expect(pair.publicKey.extractable).toBe(true);
    await expect(ours.exportKey('pkcs8', pair.privateKey)).rejects.toMatchObject({
      name: 'InvalidAccessError',
    });
    const nodePublic = await node.importKey(
      'spki',
      await ours.exportKey('spki', pair.publicKey),
      algorithm,
      true,
      ['verify'],
    );
    const parameters = { name: 'ECDSA', hash: 'SHA-256' };
    const signature = await ours.sign(parameters, pair.privateKey, text('m'));
    expect(await node.verify(parameters, nodePublic, signature, text('m'))).toBe(true);
    await expect(ours.sign(parameters, pair.publicKey, text('m'))).rejects.toMatchObject({
      name: 'InvalidAccessError',
    });
    await expect(ours.exportKey('raw', pair.privateKey)).rejects.toMatchObject({
      name: 'InvalidAccessError',
    });
    await expect(
      ours.importKey(
        'spki',
        await ours.exportKey('spki', pair.publicKey),
        { name: 'ECDSA', namedCurve: 'P-256' },
        true,
        ['verify'],
      ),
    ).rejects.toMatchObject({ name: 'DataError' });
    await expect(ours.importKey('pkcs8', bytes(40), algorithm, true, ['sign'])).rejects.toMatchObject({
      name: 'DataError',
    });
    await expect(
      ours.generateKey({ name: 'ECDSA', namedCurve: 'secp256k1' }, true, ['sign']),
    ).rejects.toMatchObject({
      name: 'NotSupportedError',
      message: expect.stringContaining('secp256k1'),
    });
  });

  for (const namedCurve of ['P-256', 'P-384']) {
    it(`ECDH on ${namedCurve}: the shared secret equals Node.js's both ways; deriveKey makes a working AES key`, async () => {
      const algorithm = { name: 'ECDH', namedCurve };
      const nodePair = await node.generateKey(algorithm, true, ['deriveBits']);
      const ourPair = (await ours.generateKey(algorithm, true, ['deriveBits', 'deriveKey'])) as CryptoKeyPair;
      expect(ourPair.publicKey.usages).toEqual([]);
      const ourPublicInNode = await node.importKey(
        'raw',
        await ours.exportKey('raw', ourPair.publicKey),
        algorithm,
        true,
        [],
      );
      const nodePublicHere = await ours.importKey(
        'spki',
        await node.exportKey('spki', nodePair.publicKey),
        algorithm,
        true,
        [],
      );
      const size = namedCurve === 'P-256' ? 256 : 384;
      const ourSecret = await ours.deriveBits(
        { name: 'ECDH', public: nodePublicHere },
        ourPair.privateKey,
        size,
      );
      const nodeSecret = await node.deriveBits(
        { name: 'ECDH', public: ourPublicInNode },
        nodePair.privateKey,
        size,
      );
      expect(hex(ourSecret)).toBe(hex(nodeSecret));
      expect(
        hex(await ours.deriveBits({ name: 'ECDH', public: nodePublicHere }, ourPair.privateKey, 128)),
      ).toBe(hex(nodeSecret).slice(0, 32));
      await expect(
        ours.deriveBits({ name: 'ECDH', public: nodePublicHere }, ourPair.privateKey, size + 8),
      ).rejects.toMatchObject({ name: 'OperationError' });

      const derived = await ours.deriveKey(
        { name: 'ECDH', public: nodePublicHere },
        ourPair.privateKey,
        { name: 'AES-GCM', length: 256 },
        true,
        ['encrypt'],
      );
      expect(hex(await ours.exportKey('raw', derived))).toBe(hex(nodeSecret).slice(0, 64));
      const jwk = await node.exportKey('jwk', nodePair.privateKey);
      const imported = await ours.importKey('jwk', jwk, algorithm, true, ['deriveBits']);
      expect(await ours.exportKey('jwk', imported)).toEqual(jwk);
    });
  }

  it('Ed25519: signatures are byte for byte those of Node.js (deterministic); keys round-trip in every format', async () => {
    const nodePair = (await node.generateKey('Ed25519', true, ['sign', 'verify'])) as CryptoKeyPair;
    const pkcs8 = await node.exportKey('pkcs8', nodePair.privateKey);
    const privateKey = await ours.importKey('pkcs8', pkcs8, 'Ed25519', true, ['sign']);
    const publicKey = await ours.importKey(
      'raw',
      await node.exportKey('raw', nodePair.publicKey),
      'Ed25519',
      true,
      ['verify'],
    );
    expect(privateKey.algorithm).toEqual({ name: 'Ed25519' });
    const message = text('deterministic');
    const signature = await ours.sign('Ed25519', privateKey, message);
    expect(hex(signature)).toBe(hex(await node.sign('Ed25519', nodePair.privateKey, message)));
    expect(await ours.verify('Ed25519', publicKey, signature, message)).toBe(true);
    expect(await ours.verify('Ed25519', publicKey, signature, text('other'))).toBe(false);
    expect(hex(await ours.exportKey('pkcs8', privateKey))).toBe(hex(pkcs8));
    expect(hex(await ours.exportKey('spki', publicKey))).toBe(
      hex(await node.exportKey('spki', nodePair.publicKey)),
    );
    expect(await ours.exportKey('jwk', privateKey)).toEqual(await node.exportKey('jwk', nodePair.privateKey));
    expect(await ours.exportKey('jwk', publicKey)).toEqual(await node.exportKey('jwk', nodePair.publicKey));
  });

  it('says clearly what it does not provide', async () => {
    await expect(ours.encrypt({ name: 'RSA-OAEP' }, {} as CryptoKey, text('x'))).rejects.toMatchObject({
      name: 'NotSupportedError',
      message: expect.stringContaining('RSA-OAEP'),
    });
    await expect(
      ours.generateKey({ name: 'RSASSA-PKCS1-v1_5' } as Algorithm, true, ['sign']),
    ).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(ours.digest('MD5', text('x'))).rejects.toThrow(/not available/);
  });
});
