/** A Web Storage lookalike for tests, with switches to make it fail like real browsers do. */
export class FakeWebStorage implements Storage {
  private map = new Map<string, string>();
  failGet: Error | null = null;
  failSet: Error | null = null;
  /** Throw a quota error once the total size would exceed this many characters. */
  quotaChars = Infinity;

  get length(): number {
    return this.map.size;
  }
  key(i: number): string | null {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string): string | null {
    if (this.failGet) throw this.failGet;
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    if (this.failSet) throw this.failSet;
    let size = k.length + v.length;
    for (const [key, val] of this.map) if (key !== k) size += key.length + val.length;
    if (size > this.quotaChars) throw quotaError();
    this.map.set(k, String(v));
  }
  removeItem(k: string): void {
    this.map.delete(k);
  }
  clear(): void {
    this.map.clear();
  }
}

export function quotaError(): Error {
  const e = new Error('The quota has been exceeded.');
  e.name = 'QuotaExceededError';
  return e;
}

export function securityError(): Error {
  const e = new Error('Access is denied for this document.');
  e.name = 'SecurityError';
  return e;
}
