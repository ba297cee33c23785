/**
 * node:crypto's createHash and createHmac over @noble/hashes (pure JS, audited): Web Crypto's digest is async and
 * exists only in a secure context, while Node's hashes are synchronous and always there. Algorithms: the ones
 * learners use (md5, sha1, sha224, sha256, sha384, sha512); others fail as Node fails ("Digest method not
 * supported").
 */
import { hmac } from '@noble/hashes/hmac.js';
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { Buffer } from './core';

type Encoding = Parameters<Buffer['toString']>[0];

const ALGORITHMS = { md5, sha1, sha224, sha256, sha384, sha512 } as const;
type HashFunction = (typeof ALGORITHMS)[keyof typeof ALGORITHMS];

function algorithmOf(name: unknown): HashFunction {
  const key = String(name).toLowerCase().replace(/^sha-/, 'sha') as keyof typeof ALGORITHMS;
  const found = Object.hasOwn(ALGORITHMS, key) ? ALGORITHMS[key] : undefined;
  if (!found)
    throw Object.assign(new Error('Digest method not supported'), { code: 'ERR_CRYPTO_INVALID_DIGEST' });
  return found;
}

function bytesOf(data: unknown, encoding?: Encoding): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw Object.assign(
    new TypeError(
      'The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView.',
    ),
    { code: 'ERR_INVALID_ARG_TYPE' },
  );
}

interface Updatable {
  update(data: Uint8Array): unknown;
  digest(): Uint8Array;
}

/** The Hash/Hmac object: update(data[, encoding]) chains, digest([encoding]) once. */
class Digest {
  private finished = false;
  constructor(private readonly state: Updatable) {}

  update(data: unknown, encoding?: Encoding): this {
    if (this.finished)
      throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
    this.state.update(bytesOf(data, encoding));
    return this;
  }

  digest(encoding?: Encoding): Buffer | string {
    if (this.finished)
      throw Object.assign(new Error('Digest already called'), { code: 'ERR_CRYPTO_HASH_FINALIZED' });
    this.finished = true;
    const bytes = Buffer.fromBytes(this.state.digest());
    return encoding === undefined || (encoding as string) === 'buffer' ? bytes : bytes.toString(encoding);
  }
}

export function createHash(algorithm: unknown): Digest {
  return new Digest(algorithmOf(algorithm).create());
}

export function createHmac(algorithm: unknown, key: unknown): Digest {
  return new Digest(hmac.create(algorithmOf(algorithm), bytesOf(key)));
}

/** crypto.hash(algorithm, data[, outputEncoding = 'hex']) (Node.js 21.7+). */
export function hash(algorithm: unknown, data: unknown, outputEncoding: Encoding = 'hex'): Buffer | string {
  return createHash(algorithm).update(data).digest(outputEncoding);
}

export function getHashes(): string[] {
  return Object.keys(ALGORITHMS);
}
