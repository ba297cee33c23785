/**
 * What the sandbox's runtime bundles provide, as data shared by the page (which bundle an init needs), the
 * worker (where each package resolves) and the build (what each bundle registers).
 *
 * - `aws-sdk`: the AWS SDK for JavaScript v3 that the Node.js runtimes ship in /var/runtime/node_modules
 *   ("Lambda runtimes": the Node.js runtimes include SDK v3). Pinned to 3.1164.0.
 * - `powertools`: Powertools for AWS Lambda (TypeScript) 2.35.0, which AWS publishes as a layer: a function gets
 *   it only by attaching the layer (its files sit in /opt/nodejs/node_modules/@aws-lambda-powertools/*).
 *
 * Bundles are large and most functions need neither, so the page hands a bundle's text to an environment only
 * when its init needs it, and the environment evaluates it only on the first `require` of one of its packages.
 */
import type { CodeFile, LayerContent } from '../../sim/lambda/host';
import { POSTGRES_CLIENT_PACKAGE, POSTGRES_CLIENT_SOURCE, POSTGRES_CLIENT_VERSION } from './postgresClient';

export type BundleName = 'aws-sdk' | 'powertools';

/** Packages of the runtime's SDK (require/import names). `util-dynamodb` comes with lib-dynamodb. */
export const SDK_PACKAGES = [
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/util-dynamodb',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-sns',
  '@aws-sdk/client-s3',
  '@aws-sdk/client-eventbridge',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-ssm',
  '@aws-sdk/client-lambda',
] as const;

/**
 * Entry points of the Powertools layer (package or package/subpath). Parameters' AppConfig provider is left out:
 * it needs `@aws-sdk/client-appconfigdata`, which the simulated account does not offer.
 */
export const POWERTOOLS_MODULES = [
  '@aws-lambda-powertools/commons',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/logger/middleware',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/metrics/middleware',
  '@aws-lambda-powertools/tracer',
  '@aws-lambda-powertools/tracer/middleware',
  '@aws-lambda-powertools/parameters',
  '@aws-lambda-powertools/parameters/ssm',
  '@aws-lambda-powertools/parameters/secrets',
  '@aws-lambda-powertools/parameters/dynamodb',
  '@aws-lambda-powertools/idempotency',
  '@aws-lambda-powertools/idempotency/dynamodb',
  '@aws-lambda-powertools/idempotency/middleware',
  '@aws-lambda-powertools/batch',
] as const;

export const POWERTOOLS_VERSION = '2.35.0';

/** The builtin module a runtime's stub files load bundle modules through. */
export const BUNDLE_MODULE = 'coldstart:bundle';

const SDK_NAME = /@aws-sdk\//;
const POWERTOOLS_NAME = /@aws-lambda-powertools\//;
const POWERTOOLS_LAYER_DIRECTORY = 'nodejs/node_modules/@aws-lambda-powertools/';

function mentions(files: readonly CodeFile[], pattern: RegExp): boolean {
  return files.some((file) => pattern.test(file.content));
}

/**
 * The bundles an init needs: the SDK when the function (or a layer) names an `@aws-sdk/` package, Powertools
 * when the function names an `@aws-lambda-powertools/` package and a layer provides it (without the layer the
 * import fails as it does in Lambda). Powertools' own clients come from the SDK bundle, so it brings that too.
 * A name built at run time (`require('@aws-sdk/' + name)`) is not seen: the stub then says so.
 */
export function bundlesNeeded(files: readonly CodeFile[], layers: readonly LayerContent[]): BundleName[] {
  const layerFiles = layers.flatMap((layer) => layer.files);
  const powertoolsLayer = layerFiles.some((file) => file.path.startsWith(POWERTOOLS_LAYER_DIRECTORY));
  const powertools =
    powertoolsLayer &&
    (mentions(files, POWERTOOLS_NAME) ||
      mentions(
        layerFiles.filter((file) => !file.path.startsWith(POWERTOOLS_LAYER_DIRECTORY)),
        POWERTOOLS_NAME,
      ));
  const sdk = powertools || mentions(files, SDK_NAME) || mentions(layerFiles, SDK_NAME);
  return [...(sdk ? (['aws-sdk'] as const) : []), ...(powertools ? (['powertools'] as const) : [])];
}

/** The CommonJS stub a module path resolves to: it hands out the module from its bundle. */
export function stubSource(bundle: BundleName, specifier: string): string {
  return `module.exports = require(${JSON.stringify(BUNDLE_MODULE)}).load(${JSON.stringify(bundle)}, ${JSON.stringify(specifier)});\n`;
}

/** The runtime's own SDK files: one stub per package under /var/runtime/node_modules, by absolute path. */
export function runtimeSdkFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of SDK_PACKAGES) {
    files.set(
      `/var/runtime/node_modules/${name}/package.json`,
      JSON.stringify({
        name,
        version: name === '@aws-sdk/util-dynamodb' ? '3.996.9' : '3.1164.0',
        main: 'index.js',
      }),
    );
    files.set(`/var/runtime/node_modules/${name}/index.js`, stubSource('aws-sdk', name));
  }
  // The course's PostgreSQL client (postgresClient.ts): small plain JavaScript, so no bundle.
  files.set(
    `/var/runtime/node_modules/${POSTGRES_CLIENT_PACKAGE}/package.json`,
    JSON.stringify({ name: POSTGRES_CLIENT_PACKAGE, version: POSTGRES_CLIENT_VERSION, main: 'index.js' }),
  );
  files.set(`/var/runtime/node_modules/${POSTGRES_CLIENT_PACKAGE}/index.js`, POSTGRES_CLIENT_SOURCE);
  return files;
}
