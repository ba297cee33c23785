/**
 * Runtime bundles for tests and scripts in Node.js: built from the installed packages with the same build as the
 * site (scripts/runtime-bundles.ts), once per change of their inputs, and cached in the system's temporary
 * directory. The first build takes a few seconds.
 */
import path from 'node:path';
import { cachedRuntimeBundle } from '../../../../scripts/runtime-bundles';
import { cachedBundleSource, type BundleSource } from '../bundleSources';

const ROOT = path.resolve(import.meta.dirname, '../../../..');

let source: BundleSource | null = null;

export function testBundleSource(): BundleSource {
  source ??= cachedBundleSource((name) => cachedRuntimeBundle(ROOT, name));
  return source;
}
