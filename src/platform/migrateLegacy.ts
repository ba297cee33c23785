/**
 * One-time copy of the keys saved before namespacing (`coldstart:*`) into this course copy's namespace.
 *
 * Safety rules, in order:
 * - The legacy keys are never changed or removed: another course copy on the same origin read and wrote
 *   the same keys, and it migrates them into its own namespace when it is next opened.
 * - The copy counts only once every copied value has been read back intact and the marker is written;
 *   until then this session keeps reading and writing the legacy keys (nothing is lost if storage is
 *   full half way, and the next visit tries again).
 * - A value already present in the namespace is never overwritten by a legacy one.
 */
import { LOGICAL_PREFIX, migrationMarkerKey, physicalKey } from './namespace';

/** The part of Web Storage the migration needs (a real `Storage` fits). */
export interface RawStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type MigrationOutcome =
  /** Done on an earlier visit. */
  | { status: 'done' }
  /** Copied `keys` legacy values just now (0 when there were none). */
  | { status: 'migrated'; keys: number }
  /** Could not copy (storage full or failing): this session uses the legacy keys; `reason` says why. */
  | { status: 'deferred'; reason: string }
  /** No browser storage at all. */
  | { status: 'unavailable' };

function allKeys(raw: RawStorage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const key = raw.key(i);
    if (key !== null) keys.push(key);
  }
  return keys;
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string } | null;
  if (e?.name === 'QuotaExceededError') return 'browser storage is full';
  return e?.message ? `storage refused a write (${e.message})` : 'storage refused a write';
}

export function migrateLegacyKeys(
  raw: RawStorage,
  namespace: string,
  now: Date = new Date(),
): MigrationOutcome {
  const marker = migrationMarkerKey(namespace);
  try {
    if (raw.getItem(marker) !== null) return { status: 'done' };
  } catch (e) {
    return { status: 'deferred', reason: describe(e) };
  }
  const written: string[] = [];
  const rollBack = () => {
    // Frees what this attempt took, so a full storage is no fuller for the session that follows.
    for (const key of written) {
      try {
        raw.removeItem(key);
      } catch {
        /* a failed removal leaves an unreferenced copy; the legacy value is still the one in use */
      }
    }
  };
  try {
    const legacy = allKeys(raw).filter((key) => key.startsWith(LOGICAL_PREFIX));
    const copied = new Map<string, string>();
    for (const key of legacy) {
      const value = raw.getItem(key);
      const target = physicalKey(namespace, key);
      if (value === null || raw.getItem(target) !== null) continue;
      raw.setItem(target, value);
      written.push(target);
      copied.set(target, value);
    }
    for (const [target, value] of copied) {
      if (raw.getItem(target) !== value) throw new Error(`the copy of ${target} did not read back`);
    }
    raw.setItem(marker, JSON.stringify({ from: LOGICAL_PREFIX, keys: copied.size, at: now.toISOString() }));
    return { status: 'migrated', keys: copied.size };
  } catch (e) {
    rollBack();
    return { status: 'deferred', reason: describe(e) };
  }
}
