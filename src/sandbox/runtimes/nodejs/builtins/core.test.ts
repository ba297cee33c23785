import { describe, expect, it } from 'vitest';
import { createCrypto, randomUuidFrom } from './core';

describe('node:crypto in the sandbox', () => {
  it('randomUUID gives RFC 9562 version 4 UUIDs even where Web Crypto has no randomUUID (not a secure context)', () => {
    const insecure = { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) } as unknown as Crypto;
    const crypto = createCrypto(insecure);
    const ids = new Set(Array.from({ length: 200 }, () => crypto.randomUUID()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUuidFrom({ getRandomValues: <T,>(a: T) => a } as never)).toBe('00000000-0000-4000-8000-000000000000');
  });
});
