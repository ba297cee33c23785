/**
 * The runtime bundles inside one Node.js environment: the AWS SDK under /var/runtime/node_modules and the
 * Powertools layer's packages under /opt are stub files that ask `coldstart:bundle` for their module; it
 * evaluates the bundle's CommonJS files on first use (bundleFormat.ts), each once per environment, with a host
 * bound to this environment's port and `process.env` (src/sandbox/sdk/bundleHost.ts).
 *
 * A bundle reaches the environment with its init (the page sends the ones the function's files name); a package
 * asked for without its bundle fails with an explanation rather than a half-working client.
 */
import type { AwsCallRequest, AwsCallResponse } from '../../../sim/lambda/host';
import { BUNDLE_HOST_PARAMETER, type SdkHost } from '../../sdk/bundleHost';
import type { RuntimeBundle } from '../../sdk/bundleFormat';
import type { BundleName } from '../../sdk/packages';

export interface RuntimeBundlesOptions {
  evaluate(source: string): unknown;
  send(request: AwsCallRequest): Promise<AwsCallResponse>;
  env: Record<string, string | undefined>;
  /** A Node.js builtin by name (without `node:`), or undefined. */
  builtin(name: string): unknown;
}

interface FileRecord {
  exports: unknown;
}

type Wrapper = (
  exports: unknown,
  require: (specifier: string) => unknown,
  module: { exports: unknown },
  host: SdkHost,
) => void;

const LOCATIONS: Record<BundleName, string> = {
  'aws-sdk': '/var/runtime/node_modules/.coldstart-bundle/aws-sdk',
  powertools: '/opt/nodejs/node_modules/@aws-lambda-powertools/.coldstart-bundle',
};

const TITLES: Record<BundleName, string> = {
  'aws-sdk': 'the AWS SDK',
  powertools: 'Powertools for AWS Lambda',
};

export function createRuntimeBundles(options: RuntimeBundlesOptions) {
  let bundles: Partial<Record<BundleName, RuntimeBundle>> = {};
  let files = new Map<string, FileRecord>();

  const host: SdkHost = {
    send: (request) => options.send(request),
    env: options.env,
    require: (specifier) => external(specifier),
    register: () => {},
  };

  function external(specifier: string): unknown {
    for (const name of Object.keys(bundles) as BundleName[])
      if (bundles[name]?.entries[specifier]) return load(name, specifier);
    const builtin = options.builtin(specifier.startsWith('node:') ? specifier.slice(5) : specifier);
    if (builtin !== undefined) return builtin;
    throw Object.assign(new Error(`Cannot find module '${specifier}'`), { code: 'MODULE_NOT_FOUND' });
  }

  function file(name: BundleName, bundle: RuntimeBundle, fileName: string): unknown {
    const key = `${name}/${fileName}`;
    const cached = files.get(key);
    if (cached) return cached.exports;
    const source = bundle.files[fileName];
    if (source === undefined)
      throw new Error(`Coldstart sandbox: the ${name} bundle has no file ${fileName}`);
    const module = { exports: {} as unknown };
    const record: FileRecord = module;
    files.set(key, record);
    const wrapper = options.evaluate(
      `(function (exports, require, module, ${BUNDLE_HOST_PARAMETER}) {${source}\n})\n//# sourceURL=${LOCATIONS[name]}/${fileName}`,
    ) as Wrapper;
    const require = (specifier: string): unknown =>
      specifier.startsWith('./') ? file(name, bundle, specifier.slice(2)) : external(specifier);
    try {
      wrapper.call(module.exports, module.exports, require, module, host);
    } catch (error) {
      files.delete(key);
      throw error;
    }
    return module.exports;
  }

  function load(name: BundleName, specifier: string): unknown {
    const bundle = bundles[name];
    if (!bundle)
      throw new Error(
        `Coldstart sandbox: ${TITLES[name]} was not loaded into this environment. The page loads it when the ` +
          `function's files name a package of it (such as '${specifier}') in an import or require; a name put ` +
          'together at run time is not seen.',
      );
    const fileName = bundle.entries[specifier];
    if (fileName === undefined)
      throw Object.assign(new Error(`Cannot find module '${specifier}'`), { code: 'MODULE_NOT_FOUND' });
    return file(name, bundle, fileName);
  }

  return {
    /** The `coldstart:bundle` builtin the stub files require. */
    module: { load },
    /** A new init: the bundles it brought, and nothing evaluated yet. */
    reset(next: Readonly<Record<string, RuntimeBundle>> | undefined): void {
      bundles = {};
      for (const [name, bundle] of Object.entries(next ?? {}))
        if (name === 'aws-sdk' || name === 'powertools') bundles[name] = bundle;
      files = new Map();
    },
  };
}
