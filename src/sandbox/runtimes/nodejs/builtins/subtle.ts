/**
 * A pure-JS subset of Web Crypto's SubtleCrypto for the sandbox's worker: the opaque-origin frame is not a secure
 * context, so its workers have no `crypto.subtle` at all (measured in Chromium: `isSecureContext` false,
 * `crypto.subtle` undefined), while Node.js always has it. Covered, over @noble/hashes: digest (SHA-1, SHA-256,
 * SHA-384, SHA-512), HMAC keys (importKey raw/jwk-free, generateKey, exportKey raw, sign, verify) and deriveBits
 * for PBKDF2 and HKDF. Anything else rejects with NotSupportedError, saying so.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

const HASHES = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;
type HashName = keyof typeof HASHES;

type AlgorithmInput = string | { name: string; hash?: string | { name: string }; [key: string]: unknown };

interface KeyAlgorithm {
  name: 'HMAC' | 'PBKDF2' | 'HKDF';
  hash?: { name: HashName };
  length?: number;
}

/** What learner code sees as a CryptoKey; the key bytes stay in `secrets`. */
export interface SandboxCryptoKey {
  readonly type: 'secret';
  readonly extractable: boolean;
  readonly algorithm: KeyAlgorithm;
  readonly usages: string[];
}

const secrets = new WeakMap<SandboxCryptoKey, Uint8Array>();

function domError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function notSupported(what: string): Error {
  return domError(
    'NotSupportedError',
    `Coldstart sandbox: crypto.subtle ${what} is not available (the sandbox's worker is not a secure context, and only digest, HMAC, PBKDF2 and HKDF are provided)`,
  );
}

function nameOf(algorithm: AlgorithmInput): string {
  return (typeof algorithm === 'string' ? algorithm : algorithm.name).toUpperCase();
}

function hashOf(input: string | { name: string } | undefined): HashName {
  const name = (typeof input === 'string' ? input : (input?.name ?? '')).toUpperCase() as HashName;
  if (!Object.hasOwn(HASHES, name)) throw notSupported(`hash ${String(name)}`);
  return name;
}

function bytesOf(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError("Failed to execute on 'SubtleCrypto': parameter is not of type 'BufferSource'.");
}

/** A fresh ArrayBuffer, as Web Crypto returns. */
function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer;
}

function makeKey(algorithm: KeyAlgorithm, bytes: Uint8Array, extractable: boolean, usages: string[]) {
  const key: SandboxCryptoKey = Object.freeze({
    type: 'secret',
    extractable,
    algorithm,
    usages: [...usages],
  });
  secrets.set(key, bytes.slice());
  return key;
}

function secretOf(key: unknown, usage: string, algorithmName: string): Uint8Array {
  const bytes = secrets.get(key as SandboxCryptoKey);
  if (!bytes)
    throw new TypeError("Failed to execute on 'SubtleCrypto': parameter is not of type 'CryptoKey'.");
  const sandboxKey = key as SandboxCryptoKey;
  if (sandboxKey.algorithm.name !== algorithmName)
    throw domError('InvalidAccessError', 'The requested operation is not valid for the provided key');
  if (!sandboxKey.usages.includes(usage))
    throw domError('InvalidAccessError', `key.usages does not permit this operation`);
  return bytes;
}

export function createSubtleCrypto(getRandomValues: (bytes: Uint8Array) => Uint8Array) {
  const run = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));

  return {
    digest: (algorithm: AlgorithmInput, data: unknown) =>
      run(() => bufferOf(HASHES[hashOf(nameOf(algorithm))](bytesOf(data)))),

    importKey: (
      format: string,
      keyData: unknown,
      algorithm: AlgorithmInput,
      extractable: boolean,
      usages: string[],
    ) =>
      run(() => {
        if (format !== 'raw') throw notSupported(`importKey format ${format}`);
        const name = nameOf(algorithm);
        const bytes = bytesOf(keyData);
        if (name === 'HMAC') {
          const hash = hashOf(typeof algorithm === 'string' ? undefined : algorithm.hash);
          return makeKey(
            { name, hash: { name: hash }, length: bytes.length * 8 },
            bytes,
            extractable,
            usages,
          );
        }
        if (name === 'PBKDF2' || name === 'HKDF') return makeKey({ name }, bytes, false, usages);
        throw notSupported(`importKey for ${name}`);
      }),

    generateKey: (algorithm: AlgorithmInput, extractable: boolean, usages: string[]) =>
      run(() => {
        if (nameOf(algorithm) !== 'HMAC' || typeof algorithm === 'string') throw notSupported('generateKey');
        const hash = hashOf(algorithm.hash);
        const length = typeof algorithm.length === 'number' ? algorithm.length : HASHES[hash].blockLen * 8;
        const bytes = getRandomValues(new Uint8Array(Math.ceil(length / 8)));
        return makeKey({ name: 'HMAC', hash: { name: hash }, length }, bytes, extractable, usages);
      }),

    exportKey: (format: string, key: unknown) =>
      run(() => {
        const bytes = secrets.get(key as SandboxCryptoKey);
        if (!bytes)
          throw new TypeError("Failed to execute 'exportKey': parameter is not of type 'CryptoKey'.");
        if (format !== 'raw') throw notSupported(`exportKey format ${format}`);
        if (!(key as SandboxCryptoKey).extractable)
          throw domError('InvalidAccessError', 'key is not extractable');
        return bufferOf(bytes);
      }),

    sign: (algorithm: AlgorithmInput, key: unknown, data: unknown) =>
      run(() => {
        if (nameOf(algorithm) !== 'HMAC') throw notSupported(`sign with ${nameOf(algorithm)}`);
        const secret = secretOf(key, 'sign', 'HMAC');
        const hash = (key as SandboxCryptoKey).algorithm.hash!.name;
        return bufferOf(hmac(HASHES[hash], secret, bytesOf(data)));
      }),

    verify: (algorithm: AlgorithmInput, key: unknown, signature: unknown, data: unknown) =>
      run(() => {
        if (nameOf(algorithm) !== 'HMAC') throw notSupported(`verify with ${nameOf(algorithm)}`);
        const secret = secretOf(key, 'verify', 'HMAC');
        const hash = (key as SandboxCryptoKey).algorithm.hash!.name;
        const expected = hmac(HASHES[hash], secret, bytesOf(data));
        const given = bytesOf(signature);
        if (given.length !== expected.length) return false;
        let difference = 0;
        for (let index = 0; index < given.length; index++) difference |= given[index]! ^ expected[index]!;
        return difference === 0;
      }),

    deriveBits: (algorithm: AlgorithmInput, key: unknown, length: number) =>
      run(() => {
        if (typeof algorithm === 'string') throw notSupported('deriveBits without parameters');
        const name = nameOf(algorithm);
        if (length % 8 !== 0) throw domError('OperationError', 'length must be a multiple of 8');
        const hash = HASHES[hashOf(algorithm.hash)];
        if (name === 'PBKDF2') {
          const secret = secretOf(key, 'deriveBits', 'PBKDF2');
          return bufferOf(
            pbkdf2(hash, secret, bytesOf(algorithm.salt), {
              c: Number(algorithm.iterations),
              dkLen: length / 8,
            }),
          );
        }
        if (name === 'HKDF') {
          const secret = secretOf(key, 'deriveBits', 'HKDF');
          return bufferOf(hkdf(hash, secret, bytesOf(algorithm.salt), bytesOf(algorithm.info), length / 8));
        }
        throw notSupported(`deriveBits with ${name}`);
      }),

    encrypt: () => Promise.reject(notSupported('encrypt')),
    decrypt: () => Promise.reject(notSupported('decrypt')),
    deriveKey: () => Promise.reject(notSupported('deriveKey')),
    wrapKey: () => Promise.reject(notSupported('wrapKey')),
    unwrapKey: () => Promise.reject(notSupported('unwrapKey')),
  };
}
