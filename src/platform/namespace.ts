/**
 * Saved data is namespaced per course copy: two courses served from one origin (for example
 * `https://user.github.io/course-a/` and `/course-b/`) share one localStorage and one IndexedDB, so every
 * key is prefixed with a namespace derived from where this copy of the course is served.
 *
 * Code above src/platform keeps writing *logical* keys (`coldstart:progress`); the namespaced storage maps
 * them to *physical* keys (`coldstart@/course-a/:progress`). Keys written before namespacing existed are
 * the legacy keys (logical = physical); `migrateLegacy.ts` copies them into the namespace once.
 *
 * Why only the base path and not the course title from content/outline.json: renaming a course would then
 * orphan every learner's progress, while two different courses are already told apart by where they are
 * served. The one case it does not separate (two courses served one after another at the same path, as on
 * a local dev server) only shares progress between copies an instructor runs.
 */
import type { KeyValueStorage } from './storage';

/** Every logical key starts with this; so did every key before namespacing. */
export const LOGICAL_PREFIX = 'coldstart:';
/** The "namespace" of the legacy keys: physical = logical. */
export const LEGACY_NAMESPACE = 'coldstart';
const NAMESPACE_MARK = 'coldstart@';

/**
 * The directory a page is served from, in one canonical spelling: file name dropped
 * (`/a/index.html` → `/a/`), empty segments removed, each segment decoded, lower-cased and re-encoded
 * (`/Course%20A/` and `/course a/` are one course; a `:` or `%2F` in a segment stays encoded so it can
 * never look like a separator).
 */
export function normaliseBasePath(pathname: string): string {
  const directory = pathname.slice(0, pathname.lastIndexOf('/') + 1);
  const segments = directory
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // A malformed escape is kept as written: it is still one stable spelling of this path.
      }
      return encodeURIComponent(decoded.toLowerCase());
    });
  return segments.length ? `/${segments.join('/')}/` : '/';
}

/** `https://user.github.io/course-a/index.html#/x` → `coldstart@/course-a/`. */
export function namespaceForUrl(url: string): string {
  let pathname = '/';
  try {
    pathname = new URL(url).pathname;
  } catch {
    // Not a URL (tests, odd embeds): the root namespace.
  }
  return NAMESPACE_MARK + normaliseBasePath(pathname);
}

function documentBaseUrl(): string {
  if (typeof document !== 'undefined' && document.baseURI) return document.baseURI;
  if (typeof location !== 'undefined') return location.href;
  return 'http://localhost/';
}

let cached: string | null = null;

/**
 * This course copy's namespace, e.g. `coldstart@/course-a/`. Use it to name anything saved outside
 * localStorage too (an IndexedDB database: `${courseNamespace()}:account`), so course copies never share it.
 */
export function courseNamespace(): string {
  cached ??= namespaceForUrl(documentBaseUrl());
  return cached;
}

/** `coldstart:progress` in namespace `coldstart@/a/` → `coldstart@/a/:progress`. */
export function physicalKey(namespace: string, logicalKey: string): string {
  if (!logicalKey.startsWith(LOGICAL_PREFIX)) {
    throw new Error(`saved-data keys start with "${LOGICAL_PREFIX}", not "${logicalKey}"`);
  }
  return namespace + logicalKey.slice(LEGACY_NAMESPACE.length);
}

/** The inverse of physicalKey; null for a key of another namespace (or not ours at all). */
export function logicalKey(namespace: string, physical: string): string | null {
  const prefix = `${namespace}:`;
  return physical.startsWith(prefix) ? LOGICAL_PREFIX + physical.slice(prefix.length) : null;
}

/** Where the migration records that it finished: outside the namespace's key space, so no store sees it. */
export function migrationMarkerKey(namespace: string): string {
  return `${namespace}#migrated`;
}

/** A view of `inner` that holds only this namespace's keys, under their logical names. */
export function createNamespacedStorage(inner: KeyValueStorage, namespace: string): KeyValueStorage {
  return {
    getItem: (key) => inner.getItem(physicalKey(namespace, key)),
    setItem: (key, value) => inner.setItem(physicalKey(namespace, key), value),
    removeItem: (key) => inner.removeItem(physicalKey(namespace, key)),
    keys: () =>
      inner
        .keys()
        .map((key) => logicalKey(namespace, key))
        .filter((key): key is string => key !== null),
  };
}
