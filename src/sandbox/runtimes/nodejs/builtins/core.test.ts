import { describe, expect, it } from 'vitest';
import { createCrypto, createRandomUuid, randomUuidFrom, UUID_ENTROPY_CACHE } from './core';

describe('node:crypto in the sandbox', () => {
  it('randomUUID gives RFC 9562 version 4 UUIDs even where Web Crypto has no randomUUID (not a secure context)', () => {
    const insecure = {
      getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto),
    } as unknown as Crypto;
    const crypto = createCrypto(insecure);
    const ids = new Set(Array.from({ length: 200 }, () => crypto.randomUUID()));
    expect(ids.size).toBe(200);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUuidFrom({ getRandomValues: <T>(a: T) => a } as never)).toBe(
      '00000000-0000-4000-8000-000000000000',
    );
  });
});

describe('randomUUID entropy cache', () => {
  it('draws random data for 128 UUIDs at once and uses each 16 bytes once, as Node does', () => {
    let draws = 0;
    let next = 0;
    const counting = {
      getRandomValues: <T extends ArrayBufferView>(array: T) => {
        draws++;
        const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
        for (let index = 0; index < bytes.length; index++) bytes[index] = next++ & 0xff;
        return array;
      },
    };
    const randomUuid = createRandomUuid(counting);
    const ids = Array.from({ length: UUID_ENTROPY_CACHE + 1 }, () => randomUuid());
    expect(draws).toBe(2);
    expect(ids[0]).toBe('00010203-0405-4607-8809-0a0b0c0d0e0f');
    expect(ids[1]).toBe('10111213-1415-4617-9819-1a1b1c1d1e1f');
    // The 129th UUID comes from the second draw: the bytes after the first 2,048.
    expect(ids[UUID_ENTROPY_CACHE]).toBe('00010203-0405-4607-8809-0a0b0c0d0e0f');
    const real = createRandomUuid(globalThis.crypto);
    const many = Array.from({ length: 3 * UUID_ENTROPY_CACHE }, () => real());
    expect(new Set(many).size).toBe(many.length);
    for (const id of many)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
