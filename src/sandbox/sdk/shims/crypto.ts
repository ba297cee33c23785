/**
 * The parts of `node:crypto` Powertools uses: Idempotency hashes the payload with `createHash('md5')` (its default
 * `hashFunction`) and JMESPath's parser draws `randomInt`. Other hash functions are not offered in the sandbox.
 */
import { md5HexOfBytes } from '../../../sim/aws/sqs/md5';

class Md5Hash {
  private readonly parts: Uint8Array[] = [];

  update(data: string | Uint8Array): this {
    this.parts.push(typeof data === 'string' ? new TextEncoder().encode(data) : data);
    return this;
  }

  digest(encoding?: 'hex' | 'base64'): string {
    const total = this.parts.reduce((sum, part) => sum + part.byteLength, 0);
    const bytes = new Uint8Array(total);
    let offset = 0;
    for (const part of this.parts) {
      bytes.set(part, offset);
      offset += part.byteLength;
    }
    const hex = md5HexOfBytes(bytes);
    if (encoding === 'base64') {
      let binary = '';
      for (let index = 0; index < hex.length; index += 2)
        binary += String.fromCharCode(parseInt(hex.slice(index, index + 2), 16));
      return btoa(binary);
    }
    return hex;
  }
}

export function createHash(algorithm: string): Md5Hash {
  if (algorithm.toLowerCase() !== 'md5')
    throw new Error(
      `createHash('${algorithm}') is not available in the course sandbox: use 'md5' (the default).`,
    );
  return new Md5Hash();
}

export function randomInt(minimum: number, maximum?: number): number {
  const [low, high] = maximum === undefined ? [0, minimum] : [minimum, maximum];
  return low + Math.floor(Math.random() * (high - low));
}

export function randomUUID(): string {
  // The runtime worker gives crypto.randomUUID outside secure contexts too (nodejs.worker.ts).
  return crypto.randomUUID();
}

export default { createHash, randomInt, randomUUID };
