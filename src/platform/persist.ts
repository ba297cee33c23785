/**
 * One way to make a saved store: zustand `persist` with a versioned, pure `migrate`, a schema that
 * the saved state must pass, corruption handling (bad value kept under a backup key, a notice, a
 * clean start), cross-tab sync and a registry used by export / import / reset.
 *
 * Schemas may be classic `zod` or `zod/mini` (browser code should use mini): only `safeParse` is used.
 *
 * Cross-tab model: every saved value carries an `epoch`. Ordinary changes keep the epoch, and another
 * tab folds them in with the store's `mergeSaved` (default: take the saved value). A reset or an
 * import bumps the epoch so it wins over the other tab's state instead of being merged away.
 */
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand';
import { persist, type PersistOptions, type PersistStorage, type StorageValue } from 'zustand/middleware';
import { appStorage, reportStorageNotice, onStorageChangedElsewhere, type KeyValueStorage } from './storage';
import { LOGICAL_PREFIX } from './namespace';

/** Logical prefix of every saved key; the storage maps it into this course copy's namespace (namespace.ts). */
export const STORAGE_PREFIX = LOGICAL_PREFIX;
const BACKUP_MARK = ':backup:';

/** The part of a zod (classic or mini) schema we rely on. */
export interface SavedSchema<P> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: P }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface PersistedStoreSpec<T extends object, P = Partial<T>> {
  /** Short name; saved under the logical key `coldstart:<name>` (namespaced by the storage). */
  name: string;
  /** Integer ≥ 1. Bump it when the saved shape changes, and teach `migrate` the old shape. */
  version: number;
  /** Pure: (saved state of `fromVersion`) → state of `version`. Throw to reject. */
  migrate?: (persisted: unknown, fromVersion: number) => P;
  /** What is saved. Defaults to the whole state minus functions. */
  partialize?: (state: T) => P;
  /** Shape of the saved (partialized) state at the current version. */
  schema: SavedSchema<P>;
  /**
   * Pure: fold a value another tab saved (same epoch) into this tab's saved part. Default: the other
   * tab's value wins. Progress maps use a union so two tabs never erase each other's work.
   */
  mergeSaved?: (saved: P, current: P) => P;
  storage?: KeyValueStorage;
  /** Set false for stores that should not follow other tabs (rare). */
  syncTabs?: boolean;
}

export type ParseResult = { ok: true; state: unknown } | { ok: false; error: string };

export interface RegisteredStore {
  name: string;
  key: string;
  version: number;
  /** The saved part of the current state. */
  snapshot(): unknown;
  /** Migrate (older versions) and validate a saved value without touching the store. */
  parse(state: unknown, version: number): ParseResult;
  /** Replace the saved part with an already parsed value and write it; wins over other tabs. */
  replace(saved: unknown): void;
  /** Back to the initial state, written; wins over other tabs. */
  reset(): void;
  /**
   * How merging an imported value works: 'combine' folds it in with the store's `mergeSaved` (what two
   * tabs do); 'fill' takes it only while this store is still at its start, and keeps the learner's own
   * value otherwise (a store with one value, such as settings or the playground, cannot be unioned).
   */
  mergeKind: 'combine' | 'fill';
  /** Pure: the saved part after merging an already parsed value into the current one. Writes nothing. */
  mergeWith(saved: unknown): unknown;
  /** True while the saved part equals the initial state. */
  isInitial(): boolean;
}

interface Envelope<P> extends StorageValue<P> {
  epoch?: number;
}

const registry = new Map<string, RegisteredStore>();

export function registeredStores(): RegisteredStore[] {
  return [...registry.values()];
}

/** Reset one saved store through the registry, so the reset also wins in other open tabs. */
export function resetPersistedStore(name: string): void {
  registry.get(name)?.reset();
}

export function backupKeyFor(key: string, now = Date.now()): string {
  return `${key}${BACKUP_MARK}${now}`;
}

export function isBackupKey(key: string): boolean {
  return key.startsWith(STORAGE_PREFIX) && key.includes(BACKUP_MARK);
}

/** `coldstart:progress:backup:1700000000000` → { store: 'progress', savedAt: Date }. */
export function describeBackupKey(key: string): { store: string; savedAt: Date } | null {
  if (!isBackupKey(key)) return null;
  const rest = key.slice(STORAGE_PREFIX.length);
  const at = rest.lastIndexOf(BACKUP_MARK);
  const ms = Number(rest.slice(at + BACKUP_MARK.length));
  return { store: rest.slice(0, at), savedAt: new Date(Number.isFinite(ms) ? ms : 0) };
}

/** Reads `{ state, version, epoch? }`; anything else is null. Never throws. */
export function readEnvelope(raw: string | null): Envelope<unknown> | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const v = value as Record<string, unknown>;
    if (!('state' in v) || typeof v.version !== 'number' || !Number.isInteger(v.version)) return null;
    if (v.epoch !== undefined && (typeof v.epoch !== 'number' || !Number.isInteger(v.epoch))) return null;
    return v as unknown as Envelope<unknown>;
  } catch {
    return null;
  }
}

/** A PersistStorage that never throws on bad data: it backs it up, reports it, and starts clean. */
export function createSafePersistStorage<P>(backend: KeyValueStorage): PersistStorage<P> {
  return {
    getItem(key): StorageValue<P> | null {
      const raw = backend.getItem(key);
      if (raw === null) return null;
      const value = readEnvelope(raw);
      if (!value) {
        quarantine(backend, key, raw);
        return null;
      }
      return value as StorageValue<P>;
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
  let backupKey = backupKeyFor(key);
  // Two bad values within the same millisecond must not overwrite each other's backup.
  for (let n = 1; backend.getItem(backupKey) !== null; n++) backupKey = backupKeyFor(key, Date.now() + n);
  backend.setItem(backupKey, raw);
  backend.removeItem(key);
  reportStorageNotice({ kind: 'corrupt', key, backupKey });
}

function defaultPartialize<T extends object>(state: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) if (typeof v !== 'function') out[k] = v;
  return out as Partial<T>;
}

function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  const first = issues[0];
  if (!first) return 'invalid value';
  const field = first.path.map(String).join('.') || '(whole value)';
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `field "${field}": ${first.message}${more}`;
}

/** Pure: migrate a saved value of `fromVersion` to the spec's version and validate it. */
export function parseSavedState<P>(
  spec: Pick<PersistedStoreSpec<object, P>, 'version' | 'migrate' | 'schema'>,
  state: unknown,
  fromVersion: number,
): ParseResult {
  if (!Number.isInteger(fromVersion) || fromVersion < 0)
    return { ok: false, error: `bad version ${fromVersion}` };
  if (fromVersion > spec.version) {
    return {
      ok: false,
      error: `saved by a newer version of Coldstart (version ${fromVersion}, this one reads up to ${spec.version})`,
    };
  }
  let migrated = state;
  if (fromVersion < spec.version) {
    if (!spec.migrate) return { ok: false, error: `no migration from version ${fromVersion}` };
    try {
      migrated = spec.migrate(state, fromVersion);
    } catch (e) {
      return { ok: false, error: `could not upgrade from version ${fromVersion}: ${(e as Error).message}` };
    }
  }
  const parsed = spec.schema.safeParse(migrated);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error.issues) };
  return { ok: true, state: parsed.data };
}

export type PersistedStore<T> = UseBoundStore<StoreApi<T>> & {
  persist: { rehydrate(): Promise<void>; hasHydrated(): boolean };
};

export function createPersistedStore<T extends object, P = Partial<T>>(
  spec: PersistedStoreSpec<T, P>,
  initializer: StateCreator<T, [], []>,
): PersistedStore<T> {
  const backend = spec.storage ?? appStorage;
  const key = STORAGE_PREFIX + spec.name;
  const safe = createSafePersistStorage<P>(backend);
  const partialize = spec.partialize ?? (defaultPartialize as unknown as (s: T) => P);

  // Epoch of the value this tab last read or wrote; see the header comment.
  let epoch = 0;
  let readEpoch = 0;
  let hydratedOnce = false;
  let crossTabMergeDiffers = false;

  const storage: PersistStorage<P> = {
    getItem(name) {
      const value = safe.getItem(name) as Envelope<P> | null;
      readEpoch = value?.epoch ?? 0;
      return value;
    },
    setItem(name, value) {
      safe.setItem(name, { ...value, epoch } as Envelope<P>);
    },
    removeItem: (name) => safe.removeItem(name),
  };

  const options: PersistOptions<T, P> = {
    name: key,
    version: spec.version,
    storage,
    partialize,
    migrate: (persisted, fromVersion) => {
      const result = parseSavedState(spec, persisted, fromVersion);
      if (!result.ok) throw new Error(result.error);
      return result.state as P;
    },
    merge: (persisted, current) => {
      crossTabMergeDiffers = false;
      if (persisted === undefined || persisted === null) return current;
      const parsed = spec.schema.safeParse(persisted);
      if (!parsed.success) {
        const raw = backend.getItem(key);
        if (raw !== null) quarantine(backend, key, raw);
        return current;
      }
      const saved = parsed.data;
      if (!hydratedOnce || readEpoch > epoch) {
        // First load, or another tab reset/imported: its value replaces ours.
        epoch = readEpoch;
        return { ...current, ...saved };
      }
      if (readEpoch < epoch) {
        // The other tab has not seen our reset/import yet; ours stands and is written back.
        crossTabMergeDiffers = true;
        return current;
      }
      const mine = partialize(current);
      const merged = spec.mergeSaved ? spec.mergeSaved(saved, mine) : saved;
      crossTabMergeDiffers = JSON.stringify(merged) !== JSON.stringify(saved);
      return { ...current, ...merged };
    },
    onRehydrateStorage: () => (_state, error) => {
      const first = !hydratedOnce;
      hydratedOnce = true;
      if (error) {
        // A migration threw or the value came from a newer version: keep it, start clean, say so.
        crossTabMergeDiffers = false;
        const raw = backend.getItem(key);
        if (raw !== null) quarantine(backend, key, raw);
        return;
      }
      // After folding in another tab's value, write the union back so both tabs converge.
      if (!first && crossTabMergeDiffers) {
        crossTabMergeDiffers = false;
        store.setState({});
      }
    },
  };

  // `store` is only read by the callback above after creation (never during the first hydration).
  const store = create<T>()(persist(initializer, options) as StateCreator<T, [], []>) as PersistedStore<T>;
  hydratedOnce = true;

  // The initializer's state, not the hydrated one: reset must not bring saved data back.
  const initial = store.getInitialState();
  const bumpEpoch = () => {
    const onDisk = readEnvelope(backend.getItem(key))?.epoch ?? 0;
    epoch = Math.max(epoch, onDisk) + 1;
  };
  const isInitial = () =>
    JSON.stringify(partialize(store.getState())) === JSON.stringify(partialize(initial));
  registry.set(spec.name, {
    name: spec.name,
    key,
    version: spec.version,
    mergeKind: spec.mergeSaved ? 'combine' : 'fill',
    mergeWith: (saved) => {
      const mine = partialize(store.getState());
      if (spec.mergeSaved) return spec.mergeSaved(saved as P, mine);
      return isInitial() ? saved : mine;
    },
    isInitial,
    snapshot: () => partialize(store.getState()),
    parse: (state, version) => parseSavedState(spec, state, version),
    replace: (saved) => {
      bumpEpoch();
      store.setState({ ...(saved as object) } as Partial<T>);
    },
    reset: () => {
      bumpEpoch();
      store.setState({ ...initial }, true);
    },
  });

  if (spec.syncTabs !== false) {
    onStorageChangedElsewhere((changed) => {
      if (changed !== key) return;
      const env = readEnvelope(backend.getItem(key));
      // A tab running a newer Coldstart wrote this: leave its value alone rather than back it up.
      if (env && (env.version ?? 0) > spec.version) return;
      void store.persist.rehydrate();
    });
  }
  return store;
}
