/**
 * The host's side of the runtime bundles: which ones an init needs, and a cache of where they come from (the page
 * fetches them, pageBundles.ts; tests build them, testing/testBundles.ts).
 */
import type { InitRequest } from '../../sim/lambda/host';
import type { RuntimeBundle } from './bundleFormat';
import { bundlesNeeded, type BundleName } from './packages';

export type BundleSource = (name: BundleName) => Promise<RuntimeBundle>;

/** Bundles by name, each loaded once (a failed load is tried again next time). */
export function cachedBundleSource(load: BundleSource): BundleSource {
  const cache = new Map<BundleName, Promise<RuntimeBundle>>();
  return (name) => {
    let bundle = cache.get(name);
    if (!bundle) {
      bundle = load(name);
      cache.set(name, bundle);
      bundle.catch(() => cache.delete(name));
    }
    return bundle;
  };
}

/** What `EnvironmentLink`'s `bundlesFor` hook returns for an init: the bundles its files need, by name. */
export async function bundlesForInit(
  request: InitRequest,
  source: BundleSource,
): Promise<Record<string, RuntimeBundle>> {
  const names = bundlesNeeded(request.files, request.layers);
  const loaded = await Promise.all(names.map((name) => source(name)));
  return Object.fromEntries(names.map((name, index) => [name, loaded[index]!]));
}
