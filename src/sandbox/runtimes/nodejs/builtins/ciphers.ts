/**
 * node:crypto's createCipheriv and createDecipheriv for AES in GCM, CBC and CTR modes (aes-128/192/256-*), over
 * @noble/ciphers: the sandbox's worker has no OpenSSL. As in Node.js, update() returns output as soon as it can
 * (CTR and GCM byte for byte, CBC whole blocks, holding the last one back when decrypting), final() ends it, and
 * the errors are Node's ("Invalid key length", "Invalid initialization vector", "Unsupported state or unable to
 * authenticate data", "bad decrypt"). GCM takes setAAD, getAuthTag and setAuthTag (4, 8, 12 to 16-byte tags).
 */
import { cbc, ctr, gcm } from '@noble/ciphers/aes.js';
import { Buffer } from './core';
import { sameBytes } from './der';

type Encoding = Parameters<Buffer['toString']>[0];
type Mode = 'gcm' | 'cbc' | 'ctr';

const CIPHER = /^aes-(128|192|256)-(gcm|cbc|ctr)$/;
const GCM_TAG_LENGTHS = new Set([4, 8, 12, 13, 14, 15, 16]);

function nodeError(ErrorType: typeof Error, message: string, code: string): Error {
  return Object.assign(new ErrorType(message), { code });
}

function bytesOf(data: unknown, encoding: Encoding | undefined, what: string): Uint8Array {
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw nodeError(
    TypeError,
    `The "${what}" argument must be of type string or an instance of Buffer, TypedArray, or DataView.`,
    'ERR_INVALID_ARG_TYPE',
  );
}

function concat(left: Uint8Array, right: Uint8Array): Uint8Array {
  const out = new Uint8Array(left.length + right.length);
  out.set(left);
  out.set(right, left.length);
  return out;
}

/** The counter block `blocks` after `start` (a 128-bit big-endian sum, as OpenSSL's AES-CTR counts). */
function counterAt(start: Uint8Array, blocks: number): Uint8Array {
  const out = start.slice();
  let carry = blocks;
  for (let index = 15; index >= 0 && carry > 0; index--) {
    const sum = out[index]! + (carry % 256);
    out[index] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum >> 8);
  }
  return out;
}

/**
 * Turns bytes into the caller's output encoding across update()/final() calls: base64 keeps a partial 3-byte
 * group for the next call, as Node's string decoder does, so the pieces join into the encoding of the whole.
 */
class Output {
  private held = new Uint8Array(0);
  constructor() {}

  write(bytes: Uint8Array, encoding: Encoding | undefined, last: boolean): Buffer | string {
    if (encoding === undefined || (encoding as string) === 'buffer') return Buffer.fromBytes(bytes);
    if (encoding !== 'base64' && encoding !== 'base64url') return Buffer.fromBytes(bytes).toString(encoding);
    const all = concat(this.held, bytes);
    const cut = last ? all.length : all.length - (all.length % 3);
    this.held = all.slice(cut);
    return Buffer.fromBytes(all.subarray(0, cut)).toString(encoding);
  }
}

/** The Cipher / Decipher object of node:crypto. */
class AesCipher {
  private readonly output = new Output();
  private finished = false;
  private started = false;
  private autoPadding = true;
  private additionalData: Uint8Array | undefined;
  private authTag: Uint8Array | undefined;
  /** CTR and GCM: the stream position; CBC: the chaining block. */
  private blocksDone = 0;
  private partial: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private chain: Uint8Array<ArrayBufferLike>;
  /** GCM: everything written, for the tag at the end. */
  private written: Uint8Array[] = [];

  constructor(
    private readonly decrypting: boolean,
    private readonly mode: Mode,
    private readonly key: Uint8Array,
    private readonly iv: Uint8Array,
    private readonly tagLength: number,
  ) {
    this.chain = iv.slice();
  }

  /** The CTR keystream's first counter: the iv itself, or for GCM with a 96-bit iv, iv || 2 (J0 + 1). */
  private streamStart(): Uint8Array | null {
    if (this.mode === 'ctr') return this.iv;
    if (this.iv.length !== 12) return null;
    return concat(this.iv, new Uint8Array([0, 0, 0, 2]));
  }

  private stream(data: Uint8Array): Uint8Array {
    const start = this.streamStart()!;
    const input = concat(this.partial, data);
    const out = ctr(this.key, counterAt(start, this.blocksDone)).encrypt(input);
    const whole = Math.floor(input.length / 16);
    this.blocksDone += whole;
    this.partial = input.slice(whole * 16);
    return out.subarray(out.length - data.length);
  }

  private process(data: Uint8Array): Uint8Array {
    if (this.mode === 'gcm') {
      this.written.push(data.slice());
      return this.streamStart() ? this.stream(data) : new Uint8Array(0);
    }
    if (this.mode === 'ctr') return this.stream(data);
    // CBC: whole blocks go now; a decrypting cipher with padding keeps the last block for final().
    const input = concat(this.partial, data);
    let ready = Math.floor(input.length / 16) * 16;
    if (this.decrypting && this.autoPadding && ready === input.length) ready -= 16;
    if (ready <= 0) {
      this.partial = input;
      return new Uint8Array(0);
    }
    const blocks = input.subarray(0, ready);
    this.partial = input.slice(ready);
    const cipher = cbc(this.key, this.chain, { disablePadding: true });
    const out = this.decrypting ? cipher.decrypt(blocks) : cipher.encrypt(blocks);
    this.chain = (this.decrypting ? blocks : out).slice(ready - 16, ready);
    return out;
  }

  private finish(): Uint8Array {
    if (this.mode === 'ctr') return new Uint8Array(0);
    if (this.mode === 'gcm') return this.finishGcm();
    if (!this.autoPadding) {
      if (this.partial.length !== 0)
        throw nodeError(
          Error,
          this.decrypting ? 'wrong final block length' : 'data not multiple of block length',
          this.decrypting
            ? 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH'
            : 'ERR_OSSL_DATA_NOT_MULTIPLE_OF_BLOCK_LENGTH',
        );
      return new Uint8Array(0);
    }
    const cipher = cbc(this.key, this.chain);
    if (!this.decrypting) return cipher.encrypt(this.partial);
    if (this.partial.length !== 16)
      throw nodeError(Error, 'wrong final block length', 'ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH');
    try {
      return cipher.decrypt(this.partial);
    } catch {
      throw nodeError(Error, 'bad decrypt', 'ERR_OSSL_BAD_DECRYPT');
    }
  }

  private finishGcm(): Uint8Array {
    const total = this.written.reduce((size, part) => size + part.length, 0);
    const all = new Uint8Array(total);
    let offset = 0;
    for (const part of this.written) {
      all.set(part, offset);
      offset += part.length;
    }
    const streamed = this.streamStart() !== null;
    if (!this.decrypting) {
      const sealed = gcm(this.key, this.iv, this.additionalData).encrypt(all);
      this.authTag = sealed.slice(total, total + this.tagLength);
      return streamed ? new Uint8Array(0) : sealed.subarray(0, total);
    }
    const unauthenticated = () =>
      nodeError(Error, 'Unsupported state or unable to authenticate data', 'ERR_CRYPTO_GCM_AUTH_FAILED');
    if (!this.authTag) throw unauthenticated();
    if (!streamed) {
      if (this.authTag.length !== 16) throw unauthenticated();
      try {
        return gcm(this.key, this.iv, this.additionalData).decrypt(concat(all, this.authTag));
      } catch {
        throw unauthenticated();
      }
    }
    // The plaintext already went out (as in Node.js): recompute the tag over it and compare the given prefix.
    const plaintext = ctr(this.key, this.streamStart()!).encrypt(all);
    const sealed = gcm(this.key, this.iv, this.additionalData).encrypt(plaintext);
    if (!sameBytes(sealed.subarray(total, total + this.authTag.length), this.authTag))
      throw unauthenticated();
    return new Uint8Array(0);
  }

  update(data: unknown, inputEncoding?: Encoding, outputEncoding?: Encoding): Buffer | string {
    if (this.finished)
      throw nodeError(Error, 'Trying to add data in unsupported state', 'ERR_CRYPTO_INVALID_STATE');
    this.started = true;
    return this.output.write(this.process(bytesOf(data, inputEncoding, 'data')), outputEncoding, false);
  }

  final(outputEncoding?: Encoding): Buffer | string {
    if (this.finished) throw nodeError(Error, 'Unsupported state', 'ERR_CRYPTO_INVALID_STATE');
    this.finished = true;
    return this.output.write(this.finish(), outputEncoding, true);
  }

  setAutoPadding(autoPadding = true): this {
    this.autoPadding = Boolean(autoPadding);
    return this;
  }

  setAAD(buffer: unknown): this {
    if (this.mode !== 'gcm' || this.started)
      throw nodeError(Error, 'Invalid state for operation setAAD', 'ERR_CRYPTO_INVALID_STATE');
    this.additionalData = bytesOf(buffer, undefined, 'buffer').slice();
    return this;
  }

  getAuthTag(): Buffer {
    if (this.decrypting || this.mode !== 'gcm' || !this.finished || !this.authTag)
      throw nodeError(Error, 'Invalid state for operation getAuthTag', 'ERR_CRYPTO_INVALID_STATE');
    return Buffer.fromBytes(this.authTag);
  }

  setAuthTag(tag: unknown): this {
    if (!this.decrypting || this.mode !== 'gcm' || this.finished)
      throw nodeError(Error, 'Invalid state for operation setAuthTag', 'ERR_CRYPTO_INVALID_STATE');
    const bytes = bytesOf(tag, undefined, 'buffer');
    if (!GCM_TAG_LENGTHS.has(bytes.length))
      throw nodeError(
        TypeError,
        `Invalid authentication tag length: ${bytes.length}`,
        'ERR_CRYPTO_INVALID_AUTH_TAG',
      );
    this.authTag = bytes.slice();
    return this;
  }
}

function create(
  decrypting: boolean,
  algorithm: unknown,
  key: unknown,
  iv: unknown,
  options?: { authTagLength?: number },
): AesCipher {
  const match = CIPHER.exec(String(algorithm).toLowerCase());
  if (!match) throw nodeError(Error, 'Unknown cipher', 'ERR_CRYPTO_UNKNOWN_CIPHER');
  const mode = match[2] as Mode;
  const keyBytes = bytesOf(key, undefined, 'key');
  if (keyBytes.length * 8 !== Number(match[1]))
    throw nodeError(RangeError, 'Invalid key length', 'ERR_CRYPTO_INVALID_KEYLEN');
  const ivBytes = bytesOf(iv, undefined, 'iv');
  if (mode === 'gcm' ? ivBytes.length === 0 : ivBytes.length !== 16)
    throw nodeError(TypeError, 'Invalid initialization vector', 'ERR_CRYPTO_INVALID_IV');
  const tagLength = options?.authTagLength ?? 16;
  if (mode === 'gcm' && !GCM_TAG_LENGTHS.has(tagLength))
    throw nodeError(
      TypeError,
      `Invalid authentication tag length: ${tagLength}`,
      'ERR_CRYPTO_INVALID_AUTH_TAG',
    );
  return new AesCipher(decrypting, mode, keyBytes.slice(), ivBytes.slice(), tagLength);
}

export function createCipheriv(
  algorithm: unknown,
  key: unknown,
  iv: unknown,
  options?: { authTagLength?: number },
): AesCipher {
  return create(false, algorithm, key, iv, options);
}

export function createDecipheriv(
  algorithm: unknown,
  key: unknown,
  iv: unknown,
  options?: { authTagLength?: number },
): AesCipher {
  return create(true, algorithm, key, iv, options);
}

export function getCiphers(): string[] {
  return ['128', '192', '256'].flatMap((bits) => ['cbc', 'ctr', 'gcm'].map((mode) => `aes-${bits}-${mode}`));
}
