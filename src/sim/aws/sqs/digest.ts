/**
 * The digests SQS returns with every message. The SDK checks MD5OfMessageBody on SendMessage(Batch) and
 * MD5OfBody on ReceiveMessage, so these must match byte for byte. The attribute digest follows "Calculating the
 * MD5 message digest for message attributes" (SQS Developer Guide, sqs-message-metadata): attributes sorted by
 * name; for each, the 4-byte big-endian length and UTF-8 bytes of the name and of the data type, one transport
 * byte (1 for String and Number, 2 for Binary), then the length and bytes of the value.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { md5HexOfBytes } from './md5';
import { utf8Length } from '../../text';

export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

const encoder = new TextEncoder();

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

export function md5Hex(value: string | Uint8Array): string {
  return md5HexOfBytes(typeof value === 'string' ? encoder.encode(value) : value);
}

/** Content-based deduplication: the SHA-256 of the body (attributes are not part of it). */
export function sha256Hex(value: string): string {
  return hex(sha256(encoder.encode(value)));
}

function isBinaryType(dataType: string): boolean {
  return dataType === 'Binary' || dataType.startsWith('Binary.');
}

export function md5OfAttributes(
  attributes: Readonly<Record<string, MessageAttributeValue>>,
): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Uint8Array[] = [];
  let total = 0;
  const add = (bytes: Uint8Array, withLength: boolean) => {
    if (withLength) {
      const length = new Uint8Array(4);
      new DataView(length.buffer).setUint32(0, bytes.byteLength, false);
      parts.push(length);
      total += 4;
    }
    parts.push(bytes);
    total += bytes.byteLength;
  };
  for (const name of names) {
    const attribute = attributes[name]!;
    add(encoder.encode(name), true);
    add(encoder.encode(attribute.DataType), true);
    const binary = isBinaryType(attribute.DataType);
    add(Uint8Array.of(binary ? 2 : 1), false);
    add(
      binary ? (attribute.BinaryValue ?? new Uint8Array()) : encoder.encode(attribute.StringValue ?? ''),
      true,
    );
  }
  const joined = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return md5Hex(joined);
}

export { utf8Length };

/** Bytes a message counts against MaximumMessageSize: body plus each attribute's name, type and value. */
export function messageSize(
  body: string,
  attributes: Readonly<Record<string, MessageAttributeValue>>,
): number {
  let size = utf8Length(body);
  for (const name in attributes) {
    const attribute = attributes[name]!;
    size += utf8Length(name) + utf8Length(attribute.DataType);
    size += isBinaryType(attribute.DataType)
      ? (attribute.BinaryValue?.byteLength ?? 0)
      : utf8Length(attribute.StringValue ?? '');
  }
  return size;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  }
  return btoa(binary);
}

export function base64ToBytes(value: string): Uint8Array {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export { isBinaryType };
