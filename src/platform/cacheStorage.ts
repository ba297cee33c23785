/**
 * Cache Storage, for files the service worker answers from but does not precache (Python's runtime). The
 * service worker owns the precache; the page only fills runtime caches ahead of time, in the same entries the
 * worker's runtime rule reads (same cache name, same absolute URL).
 */

export interface AssetCache {
  has(url: string): Promise<boolean>;
  put(url: string, response: Response): Promise<void>;
}

/** The named cache, or null where Cache Storage is missing (insecure origin, some private modes). */
export async function openAssetCache(name: string): Promise<AssetCache | null> {
  if (typeof caches === 'undefined') return null;
  try {
    const cache = await caches.open(name);
    return {
      has: async (url) => (await cache.match(url)) !== undefined,
      put: (url, response) => cache.put(url, response),
    };
  } catch {
    return null;
  }
}

/** The page's fetch, for code that takes one as a parameter. */
export function browserFetch(input: string): Promise<Response> {
  return fetch(input);
}
