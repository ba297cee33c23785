/**
 * Object integrity as S3 computes it: the ETag (MD5 hex of a single-part upload) and the flexible checksums
 * (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) the SDK sends in `x-amz-checksum-*` and validates on GetObject.
 * Since the AWS SDK for JavaScript v3 3.729 the SDK sends CRC32 with every PutObject by default, and S3 adds a
 * CRC64NVME checksum to objects uploaded without one ("Checking object integrity in Amazon S3", S3 User Guide).
 * The CRCs are table-driven in pure TypeScript (the SDK's own CRC code must not be bundled into the course page).
 */
import { md5, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
];

export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

function crc32Table(polynomial: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ polynomial : crc >>> 1;
    table[i] = crc >>> 0;
  }
  return table;
}

const CRC32_TABLE = crc32Table(0xedb88320);
const CRC32C_TABLE = crc32Table(0x82f63b78);

function crc32With(table: Uint32Array, bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32(bytes: Uint8Array): number {
  return crc32With(CRC32_TABLE, bytes);
}

export function crc32c(bytes: Uint8Array): number {
  return crc32With(CRC32C_TABLE, bytes);
}

// CRC64/NVME: reflected polynomial 0x9A6C9329AC4BC9B5, init and final xor all ones. Kept as two 32-bit halves
// so a 5 MB object does not cost millions of BigInt operations.
const CRC64_HIGH = new Uint32Array(256);
const CRC64_LOW = new Uint32Array(256);
(function buildCrc64Tables(): void {
  const polyHigh = 0x9a6c9329;
  const polyLow = 0xac4bc9b5;
  for (let i = 0; i < 256; i++) {
    let high = 0;
    let low = i;
    for (let bit = 0; bit < 8; bit++) {
      const carry = low & 1;
      low = ((low >>> 1) | ((high & 1) << 31)) >>> 0;
      high = high >>> 1;
      if (carry) {
        high = (high ^ polyHigh) >>> 0;
        low = (low ^ polyLow) >>> 0;
      }
    }
    CRC64_HIGH[i] = high;
    CRC64_LOW[i] = low;
  }
})();

/** The 8 big-endian bytes of CRC64/NVME. */
export function crc64nvme(bytes: Uint8Array): Uint8Array {
  let high = 0xffffffff;
  let low = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    const index = (low ^ bytes[i]!) & 0xff;
    low = (((low >>> 8) | ((high & 0xff) << 24)) ^ CRC64_LOW[index]!) >>> 0;
    high = ((high >>> 8) ^ CRC64_HIGH[index]!) >>> 0;
  }
  high = (high ^ 0xffffffff) >>> 0;
  low = (low ^ 0xffffffff) >>> 0;
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, high);
  view.setUint32(4, low);
  return out;
}

function uint32Bytes(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0);
  return out;
}

export function checksumBytes(algorithm: ChecksumAlgorithm, bytes: Uint8Array): Uint8Array {
  switch (algorithm) {
    case 'CRC32':
      return uint32Bytes(crc32(bytes));
    case 'CRC32C':
      return uint32Bytes(crc32c(bytes));
    case 'CRC64NVME':
      return crc64nvme(bytes);
    case 'SHA1':
      return sha1(bytes);
    case 'SHA256':
      return sha256(bytes);
  }
}

/** The base64 value S3 puts in `x-amz-checksum-<algorithm>`. */
export function checksumBase64(algorithm: ChecksumAlgorithm, bytes: Uint8Array): string {
  return bytesToBase64(checksumBytes(algorithm, bytes));
}

export function md5Hex(bytes: Uint8Array): string {
  return bytesToHex(md5(bytes));
}

export function md5Base64(bytes: Uint8Array): string {
  return bytesToBase64(md5(bytes));
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out;
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENCODE = new Uint8Array(64).map((_, i) => BASE64_ALPHABET.charCodeAt(i));
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) DECODE[BASE64_ALPHABET.charCodeAt(i)] = i;
const ASCII = new TextDecoder('latin1');

/** Table-driven (btoa over a multi-megabyte binary string is slow in V8). */
export function bytesToBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENCODE[n >>> 18]!;
    out[o++] = ENCODE[(n >>> 12) & 63]!;
    out[o++] = ENCODE[(n >>> 6) & 63]!;
    out[o++] = ENCODE[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = ENCODE[n >>> 18]!;
    out[o++] = ENCODE[(n >>> 12) & 63]!;
    out[o++] = rest === 2 ? ENCODE[(n >>> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return ASCII.decode(out);
}

/** Throws on anything that is not canonical base64. */
export function base64ToBytes(value: string): Uint8Array {
  if (value.length % 4 !== 0) throw new Error('not base64');
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((value.length / 4) * 3 - padding);
  let o = 0;
  const digit = (at: number, allowPad: boolean): number => {
    const code = value.charCodeAt(at);
    if (allowPad && code === 61) return 0;
    const decoded = code < 128 ? DECODE[code]! : -1;
    if (decoded < 0) throw new Error('not base64');
    return decoded;
  };
  const padStart = value.length - padding;
  for (let i = 0; i < value.length; i += 4) {
    const n =
      (digit(i, false) << 18) |
      (digit(i + 1, false) << 12) |
      (digit(i + 2, i + 2 >= padStart) << 6) |
      digit(i + 3, i + 3 >= padStart);
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}
