/**
 * The browser side of offline support, behind one small interface so OfflineSupport's tests pass fakes.
 * `browserOfflineServices` is the real one: the service worker, StorageManager.persist() and the stores.
 */
import { whenPageSettled } from '../../platform/pageIdle';
import { registerServiceWorker, type ServiceWorkerControl } from '../../platform/serviceWorker';
import { browserPersistentStorage, type PersistentStorageRequest } from '../../platform/storagePersistence';
import { watchProgressToKeep } from './progressToKeep';

export interface OfflineServices {
  /** Runs the task once the page has loaded and gone idle. */
  afterPageSettles(task: () => void): void;
  registerServiceWorker(): Promise<ServiceWorkerControl | null>;
  persistentStorage: PersistentStorageRequest | null;
  /** Calls back whenever there is progress worth keeping; returns an unsubscribe function. */
  watchProgressToKeep(listener: () => void): () => void;
}

export const browserOfflineServices: OfflineServices = {
  // After the first paint and the lesson's own chunks: the precache download must not compete with them.
  afterPageSettles: (task) => void whenPageSettled().then(task),
  // Vite's dev server has no sw.js (and a stale worker would fight hot reload): production builds only.
  registerServiceWorker: () => (import.meta.env.PROD ? registerServiceWorker() : Promise.resolve(null)),
  persistentStorage: browserPersistentStorage(),
  watchProgressToKeep,
};
