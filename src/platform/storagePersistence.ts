/**
 * `navigator.storage.persist()`: asks the browser not to evict this origin's data (saved progress, the offline
 * copy of the course) under storage pressure. Chromium decides silently from engagement; Firefox asks the
 * learner, which is why the course asks only once there is progress worth keeping.
 */

export interface PersistentStorageRequest {
  /** True when the browser already keeps this origin's data. */
  isPersisted(): Promise<boolean>;
  /** Asks; true when granted. */
  requestPersistence(): Promise<boolean>;
}

/** The browser's StorageManager, or null where it has no persist() (old browsers, some embedded views). */
export function browserPersistentStorage(): PersistentStorageRequest | null {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.persist !== 'function') return null;
  const storage = navigator.storage;
  return {
    isPersisted: () =>
      typeof storage.persisted === 'function' ? storage.persisted() : Promise.resolve(false),
    requestPersistence: () => storage.persist(),
  };
}
