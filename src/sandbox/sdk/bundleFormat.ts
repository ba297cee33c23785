/**
 * The shape of a built runtime bundle (scripts/runtime-bundles.ts writes it; the page fetches it as JSON and
 * hands it to an environment at init): CommonJS files that `require` each other by relative name, and an entry
 * file per package. An environment evaluates a file only when something requires it, so a function that uses
 * DynamoDB parses the DynamoDB client and the shared core, not all nine clients (measured in Chromium: parsing
 * the whole SDK as one script took 120–370 ms per environment).
 */
import type { BundleName } from './packages';

export interface RuntimeBundle {
  format: 'coldstart-runtime-bundle';
  version: 1;
  name: BundleName;
  /** Package specifier (`@aws-sdk/client-dynamodb`, `@aws-lambda-powertools/idempotency/dynamodb`) → file. */
  entries: Record<string, string>;
  /** File name (`client-dynamodb.js`, `core-1a2b3c.js`) → CommonJS source. */
  files: Record<string, string>;
}

export function isRuntimeBundle(value: unknown): value is RuntimeBundle {
  if (typeof value !== 'object' || value === null) return false;
  const bundle = value as Partial<RuntimeBundle>;
  const isTextMap = (map: unknown) =>
    typeof map === 'object' &&
    map !== null &&
    Object.values(map as Record<string, unknown>).every((item) => typeof item === 'string');
  return (
    bundle.format === 'coldstart-runtime-bundle' &&
    bundle.version === 1 &&
    (bundle.name === 'aws-sdk' || bundle.name === 'powertools') &&
    isTextMap(bundle.entries) &&
    isTextMap(bundle.files)
  );
}
