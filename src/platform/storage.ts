/**
 * The only module that touches window.localStorage. Everything else gets a `KeyValueStorage` with
 * logical keys (`coldstart:<name>`); this course copy's namespace is applied here (namespace.ts).
 * When storage is unavailable (private mode, blocked) or full, the course keeps working in memory
 * and says so through the storage status store.
 */
import { createStore } from 'zustand/vanilla';
import { migrateLegacyKeys, type MigrationOutcome } from './migrateLegacy';
import {
  LEGACY_NAMESPACE,
  courseNamespace,
  createNamespacedStorage,
  logicalKey,
  physicalKey,
} from './namespace';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  keys(): string[];
}

export type StorageNotice =
  | { kind: 'corrupt'; key: string; backupKey: string }
  | { kind: 'unavailable' }
  | { kind: 'full'; key: string };

export interface StorageStatus {
  mode: 'persistent' | 'memory';
  notices: StorageNotice[];
}

export const storageStatus = createStore<StorageStatus>(() => ({ mode: 'persistent', notices: [] }));

export function reportStorageNotice(notice: StorageNotice): void {
  const { notices } = storageStatus.getState();
  const same = notices.some((n) => JSON.stringify(n) === JSON.stringify(notice));
  storageStatus.setState({
    notices: same ? notices : [...notices, notice],
    mode: notice.kind === 'corrupt' ? storageStatus.getState().mode : 'memory',
  });
}

export function dismissStorageNotice(index: number): void {
  storageStatus.setState({ notices: storageStatus.getState().notices.filter((_, i) => i !== index) });
}

export function createMemoryStorage(initial: Record<string, string> = {}): KeyValueStorage {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    keys: () => [...map.keys()],
  };
}

export function isQuotaError(e: unknown): boolean {
  if (!(e instanceof Error) && !(typeof e === 'object' && e !== null)) return false;
  const err = e as { name?: string; code?: number };
  return (
    err.name === 'QuotaExceededError' ||
    err.name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    err.code === 22 ||
    err.code === 1014
  );
}

/**
 * Wraps a real Storage: reads and writes go through until it fails; after an unavailable or full
 * error every key is mirrored in memory so nothing the learner did this session is lost.
 */
export function createResilientStorage(getBackend: () => Storage | null): KeyValueStorage {
  const memory = createMemoryStorage();
  const probe = '__coldstart_probe__';
  let backend: Storage | null = null;
  let fullAtStart = false;
  try {
    backend = getBackend();
    if (backend) {
      backend.setItem(probe, '1');
      backend.removeItem(probe);
    }
  } catch (e) {
    // Full already: what is saved stays readable (copied to memory below); only writes stay in memory.
    if (backend && isQuotaError(e)) fullAtStart = true;
    else backend = null;
  }
  if (!backend) reportStorageNotice({ kind: 'unavailable' });
  let inMemory = !backend;
  if (backend && fullAtStart) {
    try {
      for (const k of listKeys(backend)) memory.setItem(k, backend.getItem(k) ?? '');
    } catch {
      /* unreadable as well: start from what memory has */
    }
    inMemory = true;
    reportStorageNotice({ kind: 'full', key: probe });
  }

  return {
    getItem(key) {
      if (inMemory || !backend) return memory.getItem(key);
      try {
        return backend.getItem(key);
      } catch {
        // Storage went away mid-session (e.g. blocked by a policy change): continue from memory.
        inMemory = true;
        reportStorageNotice({ kind: 'unavailable' });
        return memory.getItem(key);
      }
    },
    setItem(key, value) {
      memory.setItem(key, value);
      if (inMemory || !backend) return;
      try {
        backend.setItem(key, value);
      } catch (e) {
        if (isQuotaError(e)) {
          // Keep what fits already on disk; this session continues from memory.
          for (const k of listKeys(backend))
            if (memory.getItem(k) === null) memory.setItem(k, backend.getItem(k) ?? '');
          memory.setItem(key, value);
          inMemory = true;
          reportStorageNotice({ kind: 'full', key });
        } else {
          inMemory = true;
          reportStorageNotice({ kind: 'unavailable' });
        }
      }
    },
    removeItem(key) {
      memory.removeItem(key);
      if (inMemory || !backend) return;
      try {
        backend.removeItem(key);
      } catch {
        /* removal failures leave stale data only */
      }
    },
    keys() {
      if (inMemory || !backend) return memory.keys();
      try {
        return listKeys(backend);
      } catch {
        return memory.keys();
      }
    },
  };
}

function listKeys(s: Storage): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k !== null) out.push(k);
  }
  return out;
}

function browserLocalStorage(): Storage | null {
  return typeof window === 'undefined' ? null : window.localStorage;
}

export interface CourseStorage {
  /** Logical keys (`coldstart:progress`) in, this course copy's physical keys out. */
  storage: KeyValueStorage;
  /** The namespace the physical keys use this session: the course's, or the legacy one while migration waits. */
  physicalNamespace: string;
  migration: MigrationOutcome;
}

/**
 * The course's storage: the legacy keys migrated into `namespace` once (migrateLegacy.ts), then a
 * resilient, namespaced view. Until the migration has been written in full, the session keeps using the
 * legacy keys, so a storage that fills up half way loses nothing.
 */
export function createCourseStorage(getBackend: () => Storage | null, namespace: string): CourseStorage {
  let backend: Storage | null = null;
  try {
    backend = getBackend();
  } catch {
    backend = null;
  }
  const migration: MigrationOutcome = backend
    ? migrateLegacyKeys(backend, namespace)
    : { status: 'unavailable' };
  const physicalNamespace = migration.status === 'deferred' ? LEGACY_NAMESPACE : namespace;
  const resilient = createResilientStorage(() => backend);
  return { storage: createNamespacedStorage(resilient, physicalNamespace), physicalNamespace, migration };
}

const course = createCourseStorage(browserLocalStorage, courseNamespace());

/** The app-wide storage (logical keys). Tests use createMemoryStorage / createCourseStorage with fakes instead. */
export const appStorage: KeyValueStorage = course.storage;

/** What became of the legacy keys when this page loaded (the progress page reports a deferred migration). */
export const storageMigration: MigrationOutcome = course.migration;

/** The key in window.localStorage under which appStorage keeps `logical` this session (tests, devtools). */
export function appStorageKey(logical: string): string {
  return physicalKey(course.physicalNamespace, logical);
}

/**
 * Subscribe to changes another tab made to one of this course copy's keys; the listener gets the logical
 * key. Returns an unsubscribe function.
 */
export function onStorageChangedElsewhere(listener: (key: string) => void): () => void {
  if (typeof window === 'undefined') return () => {};
  const handler = (e: StorageEvent) => {
    try {
      if (!e.key || e.storageArea !== window.localStorage) return;
      const key = logicalKey(course.physicalNamespace, e.key);
      if (key !== null) listener(key);
    } catch {
      /* storage blocked: there is nothing to follow */
    }
  };
  window.addEventListener('storage', handler);
  return () => window.removeEventListener('storage', handler);
}
