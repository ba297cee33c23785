/**
 * Feature stores live in lazy chunks, so on the progress page some may not be loaded yet. Export,
 * import and reset load every `src/features/<feature>/<thing>.store.ts` (and the lesson components'
 * `src/mdx/<thing>.store.ts`) first so the registry is complete.
 */
const storeModules = import.meta.glob(['../*/*.store.ts', '../../mdx/*.store.ts']);

export async function loadAllStores(): Promise<void> {
  // A broken feature store must not block exporting everything else.
  await Promise.all(Object.values(storeModules).map((load) => load().catch(() => undefined)));
}
