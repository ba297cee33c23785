/**
 * The runtime bundles as the page gets them: fetched from this origin on first need and kept for the page's
 * lifetime (every environment of every workspace shares one copy). Nothing here runs before a function names the
 * SDK or Powertools, so no bundle byte is in a lesson's first load.
 */
import urls from 'virtual:coldstart-runtime-bundles';
import { isRuntimeBundle, type RuntimeBundle } from './bundleFormat';
import { cachedBundleSource, type BundleSource } from './bundleSources';
import type { BundleName } from './packages';

async function fetchBundle(name: BundleName): Promise<RuntimeBundle> {
  const url = new URL(urls[name], document.baseURI).href;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the ${name} bundle (${response.status} from ${url})`);
  const bundle: unknown = await response.json();
  if (!isRuntimeBundle(bundle) || bundle.name !== name)
    throw new Error(`the ${name} bundle at ${url} is not a Coldstart runtime bundle`);
  return bundle;
}

let pageSource: BundleSource | null = null;

/** The page's bundle source. */
export function pageBundleSource(): BundleSource {
  pageSource ??= cachedBundleSource(fetchBundle);
  return pageSource;
}
