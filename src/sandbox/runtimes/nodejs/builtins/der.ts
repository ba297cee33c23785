/**
 * The little DER (ITU-T X.690) and base64url that Web Crypto's key formats need: SubjectPublicKeyInfo (RFC 5280),
 * PKCS #8 PrivateKeyInfo (RFC 5208) with an ECPrivateKey inside (RFC 5915) or an Ed25519 seed (RFC 8410), and the
 * JWK's base64url (RFC 7515, no padding). Only encoding and parsing of structure: no cryptography here.
 */

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  objectIdentifier: 0x06,
  sequence: 0x30,
  contextPublicKey: 0xa1,
} as const;

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return [0x80 | bytes.length, ...bytes];
}

export function element(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const size = contents.reduce((total, part) => total + part.length, 0);
  const header = [tag, ...lengthBytes(size)];
  const out = new Uint8Array(header.length + size);
  out.set(header);
  let offset = header.length;
  for (const part of contents) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function objectIdentifier(dotted: string): Uint8Array {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128))
      groups.unshift(0x80 | (value & 0x7f));
    bytes.push(...groups);
  }
  return element(TAG.objectIdentifier, new Uint8Array(bytes));
}

export function smallInteger(value: number): Uint8Array {
  return element(TAG.integer, new Uint8Array([value]));
}

/** A BIT STRING holding whole bytes (no unused bits). */
export function bitString(bytes: Uint8Array): Uint8Array {
  return element(TAG.bitString, new Uint8Array([0]), bytes);
}

export interface DerElement {
  tag: number;
  /** The content octets, a view into the input. */
  content: Uint8Array;
  /** The whole element, header included. */
  encoded: Uint8Array;
}

export class DerError extends Error {}

/** One element at `offset`; throws DerError on anything malformed or truncated. */
export function readElement(bytes: Uint8Array, offset = 0): DerElement {
  const tag = bytes[offset];
  let first = bytes[offset + 1];
  if (tag === undefined || first === undefined) throw new DerError('truncated');
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported length');
    length = 0;
    for (let index = 0; index < count; index++) {
      first = bytes[offset + 2 + index];
      if (first === undefined) throw new DerError('truncated');
      length = length * 256 + first;
    }
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw new DerError('truncated');
  return {
    tag,
    content: bytes.subarray(offset + header, end),
    encoded: bytes.subarray(offset, end),
  };
}

/** The elements inside a constructed element's content. */
export function childrenOf(content: Uint8Array): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = 0; offset < content.length;) {
    const child = readElement(content, offset);
    children.push(child);
    offset += child.encoded.length;
  }
  return children;
}

/** The single element `bytes` must be, of `tag`. */
export function expectElement(bytes: Uint8Array, tag: number): DerElement {
  const found = readElement(bytes);
  if (found.tag !== tag || found.encoded.length !== bytes.length) throw new DerError('unexpected element');
  return found;
}

export function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index++) difference |= left[index]! ^ right[index]!;
  return difference === 0;
}

/* ---------- base64url (JWK) ---------- */

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: unknown): Uint8Array {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new DerError('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) out[index] = binary.charCodeAt(index);
  return out;
}
