/**
 * A pure-JS SubtleCrypto for the sandbox's worker: the opaque-origin frame is not a secure context, so its
 * workers have no `crypto.subtle` at all (measured in Chromium: `isSecureContext` false, `crypto.subtle`
 * undefined), while Node.js always has it. Over audited libraries (@noble/hashes, @noble/ciphers, @noble/curves;
 * no cryptography is written here), following the W3C Web Cryptography API's rules for parameters, usages and
 * errors (https://w3c.github.io/webcrypto/):
 * - digest: SHA-1, SHA-256, SHA-384, SHA-512;
 * - HMAC (sign, verify), PBKDF2 and HKDF (deriveBits, deriveKey);
 * - AES-GCM (128-bit tags), AES-CBC, AES-CTR (encrypt, decrypt) and AES-KW (wrapKey, unwrapKey);
 * - ECDSA (P-256, P-384, P-521; signatures are Web Crypto's raw r||s, not DER), ECDH (deriveBits, deriveKey);
 * - Ed25519 (sign, verify);
 * - keys: generateKey, importKey and exportKey in raw, jwk, spki and pkcs8 where Web Crypto allows each.
 * Anything else rejects with NotSupportedError naming what is missing; errors carry Web Crypto's names
 * (OperationError, InvalidAccessError, DataError, SyntaxError, NotSupportedError).
 */
import { aeskw, cbc, ctr, gcm } from '@noble/ciphers/aes.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import {
  bitString,
  childrenOf,
  element,
  expectElement,
  fromBase64Url,
  objectIdentifier,
  sameBytes,
  smallInteger,
  TAG,
  toBase64Url,
} from './der';

const HASHES = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;
type HashName = keyof typeof HASHES;

const CURVES = {
  'P-256': { curve: p256, size: 32, oid: '1.2.840.10045.3.1.7' },
  'P-384': { curve: p384, size: 48, oid: '1.3.132.0.34' },
  'P-521': { curve: p521, size: 66, oid: '1.3.132.0.35' },
} as const;
type CurveName = keyof typeof CURVES;
const EC_PUBLIC_KEY_OID = '1.2.840.10045.2.1';
const ED25519_OID = '1.3.101.112';

type AlgorithmInput = string | { name: string; [key: string]: unknown };
type KeyType = 'secret' | 'public' | 'private';

/** The key's `algorithm` as Web Crypto reports it. */
interface KeyAlgorithm {
  name: string;
  hash?: { name: HashName };
  length?: number;
  namedCurve?: CurveName;
}

/** What learner code sees as a CryptoKey; the key bytes stay in `materials`. */
export interface SandboxCryptoKey {
  readonly type: KeyType;
  readonly extractable: boolean;
  readonly algorithm: KeyAlgorithm;
  readonly usages: string[];
}

interface SandboxKeyPair {
  publicKey: SandboxCryptoKey;
  privateKey: SandboxCryptoKey;
}

/** A secret key's bytes; a private key's scalar (or Ed25519 seed) and public point; a public key's point. */
interface KeyMaterial {
  secret?: Uint8Array;
  publicKey?: Uint8Array;
}

const materials = new WeakMap<SandboxCryptoKey, KeyMaterial>();

/** The usages each kind of key may have (Web Crypto's "supported usages" per algorithm). */
const SECRET_USAGES: Record<string, readonly string[]> = {
  'AES-GCM': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  'AES-CBC': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  'AES-CTR': ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  'AES-KW': ['wrapKey', 'unwrapKey'],
  HMAC: ['sign', 'verify'],
  PBKDF2: ['deriveKey', 'deriveBits'],
  HKDF: ['deriveKey', 'deriveBits'],
};
const ASYMMETRIC_USAGES: Record<string, { public: readonly string[]; private: readonly string[] }> = {
  ECDSA: { public: ['verify'], private: ['sign'] },
  ECDH: { public: [], private: ['deriveKey', 'deriveBits'] },
  ED25519: { public: ['verify'], private: ['sign'] },
};
const WEB_CRYPTO_ERRORS = new Set([
  'DataError',
  'SyntaxError',
  'NotSupportedError',
  'InvalidAccessError',
  'OperationError',
]);
const AES = new Set(['AES-GCM', 'AES-CBC', 'AES-CTR', 'AES-KW']);
/** Web Crypto's spelling of each name (names are matched case-insensitively). */
const CANONICAL: Record<string, string> = { ED25519: 'Ed25519' };

function domError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function notSupported(what: string): Error {
  return domError(
    'NotSupportedError',
    `Coldstart sandbox: crypto.subtle ${what} is not available (the sandbox's worker is not a secure context; ` +
      'provided: digest, HMAC, PBKDF2, HKDF, AES-GCM, AES-CBC, AES-CTR, AES-KW, ECDSA, ECDH and Ed25519)',
  );
}

function dataError(algorithm: string, what: string): Error {
  return domError('DataError', `${algorithm}: ${what}`);
}

function nameOf(algorithm: AlgorithmInput): string {
  const name = (typeof algorithm === 'string' ? algorithm : String(algorithm?.name)).toUpperCase();
  return CANONICAL[name] ?? name;
}

function hashOf(input: unknown): HashName {
  const raw = typeof input === 'string' ? input : (input as { name?: unknown } | undefined)?.name;
  const name = String(raw ?? '').toUpperCase() as HashName;
  if (!Object.hasOwn(HASHES, name)) throw notSupported(`hash ${String(raw)}`);
  return name;
}

function curveOf(algorithmName: string, input: unknown): CurveName {
  const name = String(input) as CurveName;
  if (!Object.hasOwn(CURVES, name)) throw notSupported(`${algorithmName} on curve ${String(input)}`);
  return name;
}

function parameters(algorithm: AlgorithmInput): Record<string, unknown> {
  return typeof algorithm === 'string' ? {} : algorithm;
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

function checkUsages(algorithm: string, usages: unknown, allowed: readonly string[]): string[] {
  if (!Array.isArray(usages))
    throw new TypeError("Failed to execute on 'SubtleCrypto': usages is not a sequence");
  for (const usage of usages)
    if (!allowed.includes(usage))
      throw domError('SyntaxError', `Unsupported key usage for an ${algorithm} key: ${String(usage)}`);
  return [...new Set(usages as string[])];
}

function makeKey(
  type: KeyType,
  algorithm: KeyAlgorithm,
  material: KeyMaterial,
  extractable: boolean,
  usages: string[],
): SandboxCryptoKey {
  if (type !== 'public' && usages.length === 0)
    throw domError('SyntaxError', `Usages cannot be empty when creating an ${algorithm.name} ${type} key.`);
  const key: SandboxCryptoKey = Object.freeze({
    type,
    extractable: Boolean(extractable),
    algorithm: Object.freeze({ ...algorithm }),
    usages: [...usages],
  });
  materials.set(key, {
    secret: material.secret?.slice(),
    publicKey: material.publicKey?.slice(),
  });
  return key;
}

function materialOf(key: unknown): KeyMaterial {
  const material = materials.get(key as SandboxCryptoKey);
  if (!material)
    throw new TypeError("Failed to execute on 'SubtleCrypto': parameter is not of type 'CryptoKey'.");
  return material;
}

/** The key, checked against the operation's algorithm and usage (InvalidAccessError as Web Crypto throws). */
function keyFor(key: unknown, usage: string, algorithmName: string): SandboxCryptoKey & KeyMaterial {
  const material = materialOf(key);
  const sandboxKey = key as SandboxCryptoKey;
  if (sandboxKey.algorithm.name !== algorithmName)
    throw domError(
      'InvalidAccessError',
      `The requested operation is not valid for the provided key: ${algorithmName} was asked of an ${sandboxKey.algorithm.name} key`,
    );
  if (!sandboxKey.usages.includes(usage))
    throw domError(
      'InvalidAccessError',
      `key.usages does not permit this operation: the ${algorithmName} key has no "${usage}" usage`,
    );
  return Object.assign(Object.create(null) as object, sandboxKey, material) as SandboxCryptoKey & KeyMaterial;
}

/* ---------- AES ---------- */

function aesLength(algorithm: string, bytes: Uint8Array): number {
  if (![16, 24, 32].includes(bytes.length))
    throw dataError(algorithm, `the key must be 128, 192 or 256 bits long, not ${bytes.length * 8}`);
  return bytes.length * 8;
}

function exactBytes(algorithm: string, field: string, value: unknown, length: number): Uint8Array {
  const bytes = bytesOf(value);
  if (bytes.length !== length)
    throw domError(
      'OperationError',
      `${algorithm}: ${field} must be ${length} bytes long, not ${bytes.length}`,
    );
  return bytes;
}

/**
 * AES-CTR with Web Crypto's `length`: only the rightmost `length` bits of the counter block count, wrapping to zero
 * without carrying into the nonce. @noble/ciphers counts on all 128 bits, so the data is cut where those bits wrap.
 */
function aesCtr(
  secret: Uint8Array,
  counterBlock: Uint8Array,
  counterBits: number,
  data: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(data.length);
  const block = counterBlock.slice();
  const mask = (1n << BigInt(counterBits)) - 1n;
  const blockValue = () => block.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
  for (let offset = 0; offset < data.length;) {
    const value = blockValue();
    const untilWrap = mask - (value & mask) + 1n;
    const blocks = BigInt(Math.ceil((data.length - offset) / 16));
    const take = blocks <= untilWrap ? data.length - offset : Number(untilWrap) * 16;
    out.set(ctr(secret, block.slice()).encrypt(data.subarray(offset, offset + take)), offset);
    offset += take;
    // The counter's bits wrapped to zero; the nonce's bits stay as they were.
    let next = value & ~mask;
    for (let index = 15; index >= 0; index--) {
      block[index] = Number(next & 0xffn);
      next >>= 8n;
    }
  }
  return out;
}

function aesCipher(direction: 'encrypt' | 'decrypt', algorithm: AlgorithmInput, key: unknown, data: unknown) {
  const name = nameOf(algorithm);
  const options = parameters(algorithm);
  if (!AES.has(name) || name === 'AES-KW') throw notSupported(`${direction} with ${name}`);
  const { secret } = keyFor(key, direction, name);
  const input = bytesOf(data);
  if (name === 'AES-GCM') {
    const tagLength = options.tagLength === undefined ? 128 : Number(options.tagLength);
    if (![32, 64, 96, 104, 112, 120, 128].includes(tagLength))
      throw domError('OperationError', `AES-GCM: tagLength ${tagLength} is not a valid tag length`);
    if (tagLength !== 128) throw notSupported(`AES-GCM with a ${tagLength}-bit tag (only 128-bit tags)`);
    const iv = bytesOf(options.iv);
    if (iv.length === 0) throw domError('OperationError', 'AES-GCM: the iv must not be empty');
    const additionalData = options.additionalData === undefined ? undefined : bytesOf(options.additionalData);
    const cipher = gcm(secret!, iv, additionalData);
    if (direction === 'encrypt') return cipher.encrypt(input);
    if (input.length < 16)
      throw domError('OperationError', 'AES-GCM: the data is shorter than its 128-bit authentication tag');
    try {
      return cipher.decrypt(input);
    } catch {
      throw domError(
        'OperationError',
        'AES-GCM decryption failed: the authentication tag does not match (wrong key, iv or additionalData, or altered data)',
      );
    }
  }
  if (name === 'AES-CBC') {
    const iv = exactBytes(name, 'iv', options.iv, 16);
    const cipher = cbc(secret!, iv);
    if (direction === 'encrypt') return cipher.encrypt(input);
    try {
      return cipher.decrypt(input);
    } catch {
      throw domError(
        'OperationError',
        'AES-CBC decryption failed: the data is not a whole number of blocks or its PKCS#7 padding is wrong (wrong key or iv?)',
      );
    }
  }
  const counter = exactBytes(name, 'counter', options.counter, 16);
  const counterBits = Number(options.length);
  if (!Number.isInteger(counterBits) || counterBits < 1 || counterBits > 128)
    throw domError('OperationError', 'AES-CTR: length must be between 1 and 128 bits');
  // Node.js and Chromium refuse data that would reuse a counter value (more blocks than the length bits count).
  if (BigInt(Math.ceil(input.length / 16)) > 1n << BigInt(counterBits))
    throw domError(
      'OperationError',
      `AES-CTR: the data needs more blocks than a ${counterBits}-bit counter counts`,
    );
  return aesCtr(secret!, counter, counterBits, input);
}

/* ---------- elliptic curves ---------- */

interface CurveKeys {
  /** The uncompressed point of a private scalar (or an Ed25519 public key of its seed). */
  publicOf(secret: Uint8Array): Uint8Array;
  /** The public key as stored: any valid encoding in, the uncompressed point (or 32 bytes) out. */
  normalisePublic(bytes: Uint8Array): Uint8Array;
  randomSecret(): Uint8Array;
  size: number;
}

function curveKeys(algorithm: KeyAlgorithm): CurveKeys {
  if (algorithm.name === 'Ed25519')
    return {
      publicOf: (secret) => ed25519.getPublicKey(secret),
      normalisePublic: (bytes) => {
        ed25519.Point.fromBytes(bytes);
        return bytes;
      },
      randomSecret: () => ed25519.utils.randomSecretKey(),
      size: 32,
    };
  const { curve, size } = CURVES[algorithm.namedCurve!];
  return {
    publicOf: (secret) => curve.getPublicKey(secret, false),
    normalisePublic: (bytes) => curve.Point.fromBytes(bytes).toBytes(false),
    randomSecret: () => curve.utils.randomSecretKey(),
    size,
  };
}

function asymmetricAlgorithm(name: string, options: Record<string, unknown>): KeyAlgorithm {
  if (name === 'Ed25519') return { name };
  return { name, namedCurve: curveOf(name, options.namedCurve) };
}

function algorithmIdentifier(algorithm: KeyAlgorithm): Uint8Array {
  if (algorithm.name === 'Ed25519') return element(TAG.sequence, objectIdentifier(ED25519_OID));
  return element(
    TAG.sequence,
    objectIdentifier(EC_PUBLIC_KEY_OID),
    objectIdentifier(CURVES[algorithm.namedCurve!].oid),
  );
}

function spkiOf(algorithm: KeyAlgorithm, publicKey: Uint8Array): Uint8Array {
  return element(TAG.sequence, algorithmIdentifier(algorithm), bitString(publicKey));
}

/** PKCS #8 as Node.js and browsers export it: ECPrivateKey (RFC 5915) with its public key, or the Ed25519 seed. */
function pkcs8Of(algorithm: KeyAlgorithm, secret: Uint8Array, publicKey: Uint8Array): Uint8Array {
  const privateKey =
    algorithm.name === 'Ed25519'
      ? element(TAG.octetString, secret)
      : element(
          TAG.sequence,
          smallInteger(1),
          element(TAG.octetString, secret),
          element(TAG.contextPublicKey, bitString(publicKey)),
        );
  return element(
    TAG.sequence,
    smallInteger(0),
    algorithmIdentifier(algorithm),
    element(TAG.octetString, privateKey),
  );
}

function checkAlgorithmIdentifier(algorithm: KeyAlgorithm, encoded: Uint8Array) {
  if (!sameBytes(encoded, algorithmIdentifier(algorithm)))
    throw dataError(
      algorithm.name,
      `the key is not an ${algorithm.name} key${algorithm.namedCurve ? ` on ${algorithm.namedCurve}` : ''}`,
    );
}

function readSpki(algorithm: KeyAlgorithm, bytes: Uint8Array): Uint8Array {
  const [identifier, key] = childrenOf(expectElement(bytes, TAG.sequence).content);
  if (!identifier || !key || key.tag !== TAG.bitString || key.content[0] !== 0)
    throw dataError(algorithm.name, 'not a SubjectPublicKeyInfo');
  checkAlgorithmIdentifier(algorithm, identifier.encoded);
  return key.content.subarray(1);
}

function readPkcs8(algorithm: KeyAlgorithm, bytes: Uint8Array): KeyMaterial {
  const [version, identifier, wrapped] = childrenOf(expectElement(bytes, TAG.sequence).content);
  if (!version || !identifier || !wrapped || wrapped.tag !== TAG.octetString)
    throw dataError(algorithm.name, 'not a PKCS #8 PrivateKeyInfo');
  checkAlgorithmIdentifier(algorithm, identifier.encoded);
  if (algorithm.name === 'Ed25519') {
    const seed = expectElement(wrapped.content, TAG.octetString).content;
    if (seed.length !== 32) throw dataError(algorithm.name, 'the private key must be 32 bytes');
    return { secret: seed, publicKey: ed25519.getPublicKey(seed) };
  }
  const [innerVersion, scalar, ...optional] = childrenOf(
    expectElement(wrapped.content, TAG.sequence).content,
  );
  const size = CURVES[algorithm.namedCurve!].size;
  if (!innerVersion || !scalar || scalar.tag !== TAG.octetString || scalar.content.length !== size)
    throw dataError(algorithm.name, 'not an ECPrivateKey');
  const computed = curveKeys(algorithm).publicOf(scalar.content);
  const given = optional.find((part) => part.tag === TAG.contextPublicKey);
  if (given) {
    const point = expectElement(given.content, TAG.bitString).content.subarray(1);
    if (!sameBytes(curveKeys(algorithm).normalisePublic(point), computed))
      throw dataError(algorithm.name, 'the public key does not belong to the private key');
  }
  return { secret: scalar.content, publicKey: computed };
}

interface JsonWebKey {
  kty?: string;
  crv?: string;
  alg?: string;
  k?: string;
  x?: string;
  y?: string;
  d?: string;
  ext?: boolean;
  key_ops?: string[];
  [member: string]: unknown;
}

function checkJwk(name: string, jwk: JsonWebKey, kty: string, extractable: boolean, usages: string[]) {
  if (typeof jwk !== 'object' || jwk === null) throw new TypeError('The key data is not a JSON Web Key');
  if (jwk.kty !== kty) throw dataError(name, `a JSON Web Key of kty "${kty}" was expected, not "${jwk.kty}"`);
  if (jwk.ext === false && extractable)
    throw dataError(name, 'the JSON Web Key is not extractable (ext is false) but extractable was asked');
  if (Array.isArray(jwk.key_ops))
    for (const usage of usages)
      if (!jwk.key_ops.includes(usage))
        throw dataError(name, `the JSON Web Key's key_ops do not allow "${usage}"`);
}

/** The JWK `alg` of a secret key, as Web Crypto writes and checks it. */
function jwkAlgOf(algorithm: KeyAlgorithm): string | undefined {
  if (algorithm.name === 'HMAC') return `HS${algorithm.hash!.name.slice(4)}`;
  if (AES.has(algorithm.name)) return `A${algorithm.length}${algorithm.name.slice(4)}`;
  return undefined;
}

function importAsymmetric(
  format: string,
  keyData: unknown,
  algorithm: KeyAlgorithm,
  extractable: boolean,
  usages: string[],
): SandboxCryptoKey {
  const allowed = ASYMMETRIC_USAGES[algorithm.name.toUpperCase()]!;
  const keys = curveKeys(algorithm);
  const publicKey = (material: Uint8Array) => {
    try {
      return keys.normalisePublic(material);
    } catch {
      throw dataError(algorithm.name, 'the public key is not a valid point');
    }
  };
  if (format === 'raw')
    return makeKey(
      'public',
      algorithm,
      { publicKey: publicKey(bytesOf(keyData)) },
      extractable,
      checkUsages(algorithm.name, usages, allowed.public),
    );
  if (format === 'spki')
    return makeKey(
      'public',
      algorithm,
      { publicKey: publicKey(readSpki(algorithm, bytesOf(keyData))) },
      extractable,
      checkUsages(algorithm.name, usages, allowed.public),
    );
  if (format === 'pkcs8')
    return makeKey(
      'private',
      algorithm,
      readPkcs8(algorithm, bytesOf(keyData)),
      extractable,
      checkUsages(algorithm.name, usages, allowed.private),
    );
  if (format !== 'jwk') throw notSupported(`importKey format ${format}`);
  const jwk = keyData as JsonWebKey;
  const isPrivate = jwk?.d !== undefined;
  const checked = checkUsages(algorithm.name, usages, isPrivate ? allowed.private : allowed.public);
  const crv = algorithm.name === 'Ed25519' ? 'Ed25519' : algorithm.namedCurve;
  checkJwk(algorithm.name, jwk, algorithm.name === 'Ed25519' ? 'OKP' : 'EC', extractable, checked);
  if (jwk.crv !== crv)
    throw dataError(algorithm.name, `the JSON Web Key's crv is "${jwk.crv}", not "${crv}"`);
  if (algorithm.name === 'Ed25519' && jwk.alg !== undefined && jwk.alg !== 'Ed25519' && jwk.alg !== 'EdDSA')
    throw dataError(algorithm.name, `the JSON Web Key's alg is "${jwk.alg}", not "Ed25519"`);
  const point =
    algorithm.name === 'Ed25519'
      ? publicKey(fromBase64Url(jwk.x))
      : publicKey(new Uint8Array([4, ...fromBase64Url(jwk.x), ...fromBase64Url(jwk.y)]));
  if (!isPrivate) return makeKey('public', algorithm, { publicKey: point }, extractable, checked);
  const secret = fromBase64Url(jwk.d);
  if (secret.length !== keys.size) throw dataError(algorithm.name, `d must be ${keys.size} bytes`);
  if (!sameBytes(keys.publicOf(secret), point))
    throw dataError(algorithm.name, 'the public key does not belong to the private key');
  return makeKey('private', algorithm, { secret, publicKey: point }, extractable, checked);
}

function importSecret(
  format: string,
  keyData: unknown,
  name: string,
  options: Record<string, unknown>,
  extractable: boolean,
  usages: string[],
): SandboxCryptoKey {
  const checked = checkUsages(name, usages, SECRET_USAGES[name]!);
  let bytes: Uint8Array;
  if (format === 'raw') bytes = bytesOf(keyData);
  else if (format === 'jwk' && name !== 'PBKDF2' && name !== 'HKDF') {
    checkJwk(name, keyData as JsonWebKey, 'oct', extractable, checked);
    bytes = fromBase64Url((keyData as JsonWebKey).k);
  } else throw notSupported(`importKey format ${format} for ${name}`);
  let algorithm: KeyAlgorithm;
  if (name === 'HMAC') {
    const length = options.length === undefined ? bytes.length * 8 : Number(options.length);
    if (length === 0 || length > bytes.length * 8 || length <= (bytes.length - 1) * 8)
      throw dataError(name, `length ${length} does not fit a key of ${bytes.length} bytes`);
    algorithm = { name, hash: { name: hashOf(options.hash) }, length };
  } else if (AES.has(name)) algorithm = { name, length: aesLength(name, bytes) };
  else {
    if (extractable) throw domError('SyntaxError', `${name} keys cannot be extractable`);
    algorithm = { name };
  }
  const expectedAlg = jwkAlgOf(algorithm);
  const jwkAlg = format === 'jwk' ? (keyData as JsonWebKey).alg : undefined;
  if (jwkAlg !== undefined && jwkAlg !== expectedAlg)
    throw dataError(name, `the JSON Web Key's alg is "${jwkAlg}", not "${expectedAlg}"`);
  return makeKey('secret', algorithm, { secret: bytes }, extractable, checked);
}

function exportKeyData(format: string, key: unknown): ArrayBuffer | JsonWebKey {
  const material = materialOf(key);
  const { algorithm, type, extractable, usages } = key as SandboxCryptoKey;
  if (!extractable) throw domError('InvalidAccessError', `The ${algorithm.name} key is not extractable`);
  const wrongType = () =>
    domError('InvalidAccessError', `An ${algorithm.name} ${type} key cannot be exported as ${format}`);
  if (type === 'secret') {
    if (format === 'raw') return bufferOf(material.secret!);
    if (format !== 'jwk') throw wrongType();
    return {
      key_ops: [...usages],
      ext: true,
      kty: 'oct',
      k: toBase64Url(material.secret!),
      alg: jwkAlgOf(algorithm),
    };
  }
  const publicKey = material.publicKey!;
  if (format === 'raw' || format === 'spki') {
    if (type !== 'public') throw wrongType();
    return bufferOf(format === 'raw' ? publicKey : spkiOf(algorithm, publicKey));
  }
  if (format === 'pkcs8') {
    if (type !== 'private') throw wrongType();
    return bufferOf(pkcs8Of(algorithm, material.secret!, publicKey));
  }
  if (format !== 'jwk') throw notSupported(`exportKey format ${format}`);
  const jwk: JsonWebKey = { key_ops: [...usages], ext: true };
  if (algorithm.name === 'Ed25519')
    // The 2025 Web Crypto draft (and Node.js) write alg "Ed25519".
    Object.assign(jwk, { crv: 'Ed25519', x: toBase64Url(publicKey), kty: 'OKP', alg: 'Ed25519' });
  else {
    const size = CURVES[algorithm.namedCurve!].size;
    Object.assign(jwk, {
      crv: algorithm.namedCurve,
      x: toBase64Url(publicKey.subarray(1, 1 + size)),
      y: toBase64Url(publicKey.subarray(1 + size)),
      kty: 'EC',
    });
  }
  if (type === 'private') jwk.d = toBase64Url(material.secret!);
  return jwk;
}

/** The bits a key of `derivedKeyType` needs, for deriveKey. */
function keyLengthOf(derivedKeyType: AlgorithmInput): number {
  const name = nameOf(derivedKeyType);
  const options = parameters(derivedKeyType);
  if (AES.has(name)) {
    const length = Number(options.length);
    if (![128, 192, 256].includes(length))
      throw domError(
        'OperationError',
        `${name}: length must be 128, 192 or 256, not ${String(options.length)}`,
      );
    return length;
  }
  if (name === 'HMAC')
    return options.length === undefined ? HASHES[hashOf(options.hash)].blockLen * 8 : Number(options.length);
  throw notSupported(`deriveKey of an ${name} key`);
}

function truncateBits(bytes: Uint8Array, length: number | null | undefined, algorithm: string): Uint8Array {
  if (length === null || length === undefined) return bytes;
  if (length > bytes.length * 8)
    throw domError(
      'OperationError',
      `${algorithm}: length ${length} is longer than the ${bytes.length * 8}-bit secret`,
    );
  const out = bytes.slice(0, Math.ceil(length / 8));
  if (length % 8 !== 0) out[out.length - 1]! &= 0xff << (8 - (length % 8));
  return out;
}

export function createSubtleCrypto(getRandomValues: (bytes: Uint8Array) => Uint8Array) {
  const run = <T>(work: () => T): Promise<T> => new Promise((resolve) => resolve(work()));

  function importKey(
    format: string,
    keyData: unknown,
    algorithm: AlgorithmInput,
    extractable: boolean,
    usages: string[],
  ): SandboxCryptoKey {
    const name = nameOf(algorithm);
    const options = parameters(algorithm);
    try {
      if (Object.hasOwn(ASYMMETRIC_USAGES, name.toUpperCase()))
        return importAsymmetric(format, keyData, asymmetricAlgorithm(name, options), extractable, usages);
      if (Object.hasOwn(SECRET_USAGES, name))
        return importSecret(format, keyData, name, options, extractable, usages);
    } catch (error) {
      // Malformed bytes or base64url surface as Web Crypto's DataError, not as a parser's own error.
      if (error instanceof TypeError || WEB_CRYPTO_ERRORS.has((error as Error)?.name)) throw error;
      throw dataError(name, `the ${format} key data is malformed`);
    }
    throw notSupported(`importKey for ${name}`);
  }

  function generateKey(
    algorithm: AlgorithmInput,
    extractable: boolean,
    usages: string[],
  ): SandboxCryptoKey | SandboxKeyPair {
    const name = nameOf(algorithm);
    const options = parameters(algorithm);
    if (Object.hasOwn(ASYMMETRIC_USAGES, name.toUpperCase())) {
      const allowed = ASYMMETRIC_USAGES[name.toUpperCase()]!;
      const keyAlgorithm = asymmetricAlgorithm(name, options);
      const checked = checkUsages(name, usages, [...allowed.public, ...allowed.private]);
      const keys = curveKeys(keyAlgorithm);
      const secret = keys.randomSecret();
      const publicKey = keys.publicOf(secret);
      return {
        publicKey: makeKey(
          'public',
          keyAlgorithm,
          { publicKey },
          true,
          checked.filter((usage) => allowed.public.includes(usage)),
        ),
        privateKey: makeKey(
          'private',
          keyAlgorithm,
          { secret, publicKey },
          extractable,
          checked.filter((usage) => allowed.private.includes(usage)),
        ),
      };
    }
    if (name === 'HMAC' || AES.has(name)) {
      const checked = checkUsages(name, usages, SECRET_USAGES[name]!);
      const length = keyLengthOf(algorithm);
      if (name === 'HMAC' && (!Number.isInteger(length) || length <= 0))
        throw domError('OperationError', `HMAC: length ${length} is not a valid key length`);
      const bytes = getRandomValues(new Uint8Array(Math.ceil(length / 8)));
      const keyAlgorithm: KeyAlgorithm =
        name === 'HMAC' ? { name, hash: { name: hashOf(options.hash) }, length } : { name, length };
      return makeKey('secret', keyAlgorithm, { secret: bytes }, extractable, checked);
    }
    throw notSupported(`generateKey for ${name}`);
  }

  function encrypt(algorithm: AlgorithmInput, key: unknown, data: unknown): Uint8Array {
    return aesCipher('encrypt', algorithm, key, data);
  }

  function decrypt(algorithm: AlgorithmInput, key: unknown, data: unknown): Uint8Array {
    return aesCipher('decrypt', algorithm, key, data);
  }

  function sign(algorithm: AlgorithmInput, key: unknown, data: unknown): Uint8Array {
    const name = nameOf(algorithm);
    const message = bytesOf(data);
    if (name === 'HMAC') {
      const { secret, algorithm: keyAlgorithm } = keyFor(key, 'sign', name);
      return hmac(HASHES[keyAlgorithm.hash!.name], secret!, message);
    }
    if (name === 'ECDSA') {
      const { secret, algorithm: keyAlgorithm, type } = keyFor(key, 'sign', name);
      if (type !== 'private') throw domError('InvalidAccessError', 'ECDSA signs with a private key');
      const digest = HASHES[hashOf(parameters(algorithm).hash)](message);
      // Web Crypto's ECDSA signature is r||s, each the curve's size (not DER); any s is valid, as in Node.js.
      return CURVES[keyAlgorithm.namedCurve!].curve.sign(digest, secret!, { prehash: false, lowS: false });
    }
    if (name === 'Ed25519') {
      const { secret, type } = keyFor(key, 'sign', name);
      if (type !== 'private') throw domError('InvalidAccessError', 'Ed25519 signs with a private key');
      return ed25519.sign(message, secret!);
    }
    throw notSupported(`sign with ${name}`);
  }

  function verify(algorithm: AlgorithmInput, key: unknown, signature: unknown, data: unknown): boolean {
    const name = nameOf(algorithm);
    const message = bytesOf(data);
    const given = bytesOf(signature);
    if (name === 'HMAC') {
      const { secret, algorithm: keyAlgorithm } = keyFor(key, 'verify', name);
      return sameBytes(given, hmac(HASHES[keyAlgorithm.hash!.name], secret!, message));
    }
    if (name === 'ECDSA' || name === 'Ed25519') {
      const { publicKey, algorithm: keyAlgorithm, type } = keyFor(key, 'verify', name);
      if (type !== 'public') throw domError('InvalidAccessError', `${name} verifies with a public key`);
      try {
        if (name === 'Ed25519') return given.length === 64 && ed25519.verify(given, message, publicKey!);
        const { curve, size } = CURVES[keyAlgorithm.namedCurve!];
        if (given.length !== 2 * size) return false;
        const digest = HASHES[hashOf(parameters(algorithm).hash)](message);
        return curve.verify(given, digest, publicKey!, { prehash: false, lowS: false });
      } catch (error) {
        if (error instanceof Error && error.name === 'NotSupportedError') throw error;
        return false;
      }
    }
    throw notSupported(`verify with ${name}`);
  }

  function deriveBits(
    algorithm: AlgorithmInput,
    key: unknown,
    length: number | null | undefined,
    usage = 'deriveBits',
  ): Uint8Array {
    const name = nameOf(algorithm);
    const options = parameters(algorithm);
    if (name === 'ECDH') {
      const { secret, algorithm: keyAlgorithm, type } = keyFor(key, usage, name);
      if (type !== 'private') throw domError('InvalidAccessError', 'ECDH derives with a private key');
      const peer = options.public as SandboxCryptoKey | undefined;
      const peerMaterial = materialOf(peer);
      if (peer!.type !== 'public' || peer!.algorithm.name !== 'ECDH')
        throw domError('InvalidAccessError', 'ECDH: algorithm.public must be an ECDH public key');
      if (peer!.algorithm.namedCurve !== keyAlgorithm.namedCurve)
        throw domError('InvalidAccessError', 'ECDH: the public key is on another curve');
      // The shared secret is the x coordinate of the shared point (RFC 6090 / SEC 1), without its prefix byte.
      const point = CURVES[keyAlgorithm.namedCurve!].curve.getSharedSecret(
        secret!,
        peerMaterial.publicKey!,
        true,
      );
      return truncateBits(point.subarray(1), length, name);
    }
    if (name !== 'PBKDF2' && name !== 'HKDF') throw notSupported(`deriveBits with ${name}`);
    if (typeof length !== 'number' || length % 8 !== 0)
      throw domError('OperationError', `${name}: length must be a multiple of 8`);
    const hash = HASHES[hashOf(options.hash)];
    const { secret } = keyFor(key, usage, name);
    if (name === 'PBKDF2') {
      const iterations = Number(options.iterations);
      if (!(iterations > 0)) throw domError('OperationError', 'PBKDF2: iterations must be more than 0');
      return pbkdf2(hash, secret!, bytesOf(options.salt), { c: iterations, dkLen: length / 8 });
    }
    return hkdf(hash, secret!, bytesOf(options.salt), bytesOf(options.info), length / 8);
  }

  /** The bytes wrapKey encrypts: the exported key, or a JWK as UTF-8 JSON. */
  function wrap(
    format: string,
    key: unknown,
    wrappingKey: unknown,
    wrapAlgorithm: AlgorithmInput,
  ): Uint8Array {
    const exported = exportKeyData(format, key);
    const bytes =
      exported instanceof ArrayBuffer
        ? new Uint8Array(exported)
        : new TextEncoder().encode(JSON.stringify(exported));
    if (nameOf(wrapAlgorithm) === 'AES-KW') {
      const { secret } = keyFor(wrappingKey, 'wrapKey', 'AES-KW');
      if (bytes.length % 8 !== 0)
        throw domError('OperationError', 'AES-KW wraps only whole multiples of 8 bytes');
      return aeskw(secret!).encrypt(bytes);
    }
    return aesCipher('encrypt', wrapAlgorithm, asUsage(wrappingKey, 'wrapKey', 'encrypt'), bytes);
  }

  function unwrap(
    format: string,
    wrapped: unknown,
    unwrappingKey: unknown,
    unwrapAlgorithm: AlgorithmInput,
    unwrappedKeyAlgorithm: AlgorithmInput,
    extractable: boolean,
    usages: string[],
  ): SandboxCryptoKey {
    let bytes: Uint8Array;
    if (nameOf(unwrapAlgorithm) === 'AES-KW') {
      const { secret } = keyFor(unwrappingKey, 'unwrapKey', 'AES-KW');
      try {
        bytes = aeskw(secret!).decrypt(bytesOf(wrapped));
      } catch {
        throw domError('OperationError', 'AES-KW unwrapping failed: the integrity check does not match');
      }
    } else
      bytes = aesCipher('decrypt', unwrapAlgorithm, asUsage(unwrappingKey, 'unwrapKey', 'decrypt'), wrapped);
    let keyData: unknown = bytes;
    if (format === 'jwk') {
      try {
        keyData = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw dataError(nameOf(unwrappedKeyAlgorithm), 'the unwrapped data is not a JSON Web Key');
      }
    }
    return importKey(format, keyData, unwrappedKeyAlgorithm, extractable, usages);
  }

  /**
   * A stand-in key with `usage` checked and swapped for the cipher's own: wrapKey needs the "wrapKey" usage, not
   * "encrypt", on the same key material.
   */
  function asUsage(key: unknown, usage: string, cipherUsage: string): SandboxCryptoKey {
    const material = materialOf(key);
    const sandboxKey = key as SandboxCryptoKey;
    if (!sandboxKey.usages.includes(usage))
      throw domError(
        'InvalidAccessError',
        `key.usages does not permit this operation: the key has no "${usage}" usage`,
      );
    const stand: SandboxCryptoKey = { ...sandboxKey, usages: [cipherUsage] };
    materials.set(stand, material);
    return stand;
  }

  return {
    digest: (algorithm: AlgorithmInput, data: unknown) =>
      run(() => bufferOf(HASHES[hashOf(nameOf(algorithm))](bytesOf(data)))),
    importKey: (
      format: string,
      keyData: unknown,
      algorithm: AlgorithmInput,
      extractable: boolean,
      usages: string[],
    ) => run(() => importKey(format, keyData, algorithm, extractable, usages)),
    generateKey: (algorithm: AlgorithmInput, extractable: boolean, usages: string[]) =>
      run(() => generateKey(algorithm, extractable, usages)),
    exportKey: (format: string, key: unknown) => run(() => exportKeyData(format, key)),
    encrypt: (algorithm: AlgorithmInput, key: unknown, data: unknown) =>
      run(() => bufferOf(encrypt(algorithm, key, data))),
    decrypt: (algorithm: AlgorithmInput, key: unknown, data: unknown) =>
      run(() => bufferOf(decrypt(algorithm, key, data))),
    sign: (algorithm: AlgorithmInput, key: unknown, data: unknown) =>
      run(() => bufferOf(sign(algorithm, key, data))),
    verify: (algorithm: AlgorithmInput, key: unknown, signature: unknown, data: unknown) =>
      run(() => verify(algorithm, key, signature, data)),
    deriveBits: (algorithm: AlgorithmInput, key: unknown, length?: number | null) =>
      run(() => bufferOf(deriveBits(algorithm, key, length))),
    deriveKey: (
      algorithm: AlgorithmInput,
      baseKey: unknown,
      derivedKeyType: AlgorithmInput,
      extractable: boolean,
      usages: string[],
    ) =>
      run(() => {
        const bits = deriveBits(algorithm, baseKey, keyLengthOf(derivedKeyType), 'deriveKey');
        return importKey('raw', bits, derivedKeyType, extractable, usages);
      }),
    wrapKey: (format: string, key: unknown, wrappingKey: unknown, wrapAlgorithm: AlgorithmInput) =>
      run(() => bufferOf(wrap(format, key, wrappingKey, wrapAlgorithm))),
    unwrapKey: (
      format: string,
      wrappedKey: unknown,
      unwrappingKey: unknown,
      unwrapAlgorithm: AlgorithmInput,
      unwrappedKeyAlgorithm: AlgorithmInput,
      extractable: boolean,
      usages: string[],
    ) =>
      run(() =>
        unwrap(
          format,
          wrappedKey,
          unwrappingKey,
          unwrapAlgorithm,
          unwrappedKeyAlgorithm,
          extractable,
          usages,
        ),
      ),
  };
}
