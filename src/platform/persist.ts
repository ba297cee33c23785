/**
 * One way to make a saved store: zustand `persist` with a versioned, pure `migrate`, a zod schema
 * that the saved state must pass, corruption handling (bad value kept under a backup key, a notice,
 * a clean start) and a registry used by export / import / reset.
 */
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand';
import { persist, type PersistOptions, type PersistStorage, type StorageValue } from 'zustand/middleware';
import type { ZodType } from 'zod';
import { appStorage, reportStorageNotice, onStorageChangedElsewhere, type KeyValueStorage } from './storage';

export const STORAGE_PREFIX = 'coldstart:';

export interface PersistedStoreSpec<T extends object, P = Partial<T>> {
  /** Short name; saved under `coldstart:<name>`. */
  name: string;
  version: number;
  /** Pure: (saved state of `fromVersion`) → state of `version`. Throw to reject. */
  migrate?: (persisted: unknown, fromVersion: number) => P;
  /** What is saved. Defaults to the whole state minus functions. */
  partialize?: (state: T) => P;
  /** Shape of the saved (partialized) state at the current version. */
  schema: ZodType<P>;
  storage?: KeyValueStorage;
  /** Set false for stores that should not follow other tabs (rare). */
  syncTabs?: boolean;
}

export interface RegisteredStore {
  name: string;
  key: string;
  version: number;
  schema: ZodType<unknown>;
  /** The saved part of the current state. */
  snapshot(): unknown;
  /** Replace the saved part (already validated) and write it. */
  replace(saved: unknown): void;
  reset(): void;
}

const registry = new Map<string, RegisteredStore>();

export function registeredStores(): RegisteredStore[] {
  return [...registry.values()];
}

export function backupKeyFor(key: string, now = Date.now()): string {
  return `${key}:backup:${now}`;
}

/** A PersistStorage that never throws on bad data: it backs it up, reports it, and starts clean. */
export function createSafePersistStorage<P>(backend: KeyValueStorage): PersistStorage<P> {
  return {
    getItem(key): StorageValue<P> | null {
      const raw = backend.getItem(key);
      if (raw === null) return null;
      try {
        const value = JSON.parse(raw) as unknown;
        if (
          typeof value !== 'object' ||
          value === null ||
          !('state' in value) ||
          typeof (value as { version?: unknown }).version !== 'number'
        ) {
          throw new Error('not a saved store');
        }
        return value as StorageValue<P>;
      } catch {
        quarantine(backend, key, raw);
        return null;
      }
    },
    setItem(key, value) {
      backend.setItem(key, JSON.stringify(value));
    },
    removeItem(key) {
      backend.removeItem(key);
    },
  };
}

function quarantine(backend: KeyValueStorage, key: string, raw: string): void {
  const backupKey = backupKeyFor(key);
  backend.setItem(backupKey, raw);
  backend.removeItem(key);
  reportStorageNotice({ kind: 'corrupt', key, backupKey });
}

function defaultPartialize<T extends object>(state: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) if (typeof v !== 'function') out[k] = v;
  return out as Partial<T>;
}

export function createPersistedStore<T extends object, P = Partial<T>>(
  spec: PersistedStoreSpec<T, P>,
  initializer: StateCreator<T, [], []>,
): UseBoundStore<StoreApi<T>> & { persist: { rehydrate(): Promise<void> | void } } {
  const backend = spec.storage ?? appStorage;
  const key = STORAGE_PREFIX + spec.name;
  const storage = createSafePersistStorage<P>(backend);
  const partialize = spec.partialize ?? (defaultPartialize as unknown as (s: T) => P);

  const options: PersistOptions<T, P> = {
    name: key,
    version: spec.version,
    storage,
    partialize,
    migrate: (persisted, fromVersion) => {
      if (fromVersion > spec.version) throw new Error(`saved by a newer version (${fromVersion})`);
      if (!spec.migrate) throw new Error(`no migration from version ${fromVersion}`);
      return spec.migrate(persisted, fromVersion) as unknown as T;
    },
    merge: (persisted, current) => {
      if (persisted === undefined || persisted === null) return current;
      const parsed = spec.schema.safeParse(persisted);
      if (!parsed.success) {
        const raw = backend.getItem(key);
        if (raw !== null) quarantine(backend, key, raw);
        return current;
      }
      return { ...current, ...(parsed.data as object) };
    },
    onRehydrateStorage: () => (_state, error) => {
      if (error) {
        // A migration threw: keep the bad value, start clean, tell the learner.
        const raw = backend.getItem(key);
        if (raw !== null) quarantine(backend, key, raw);
      }
    },
  };

  const useStore = create<T>()(persist(initializer, options) as StateCreator<T, [], []>) as UseBoundStore<
    StoreApi<T>
  > & { persist: { rehydrate(): Promise<void> | void; clearStorage(): void; getOptions(): unknown } };

  const initial = useStore.getState();
  registry.set(spec.name, {
    name: spec.name,
    key,
    version: spec.version,
    schema: spec.schema as ZodType<unknown>,
    snapshot: () => partialize(useStore.getState()),
    replace: (saved) => useStore.setState(saved as Partial<T>),
    reset: () => useStore.setState({ ...initial }, true),
  });

  if (spec.syncTabs !== false) {
    onStorageChangedElsewhere((changed) => {
      if (changed === key) void useStore.persist.rehydrate();
    });
  }
  return useStore;
}
