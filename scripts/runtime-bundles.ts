/**
 * Builds the sandbox's runtime bundles (src/sandbox/sdk): the AWS SDK the Node.js runtimes ship and the
 * Powertools layer, as CommonJS files with one entry per package (bundleFormat.ts), so an environment parses
 * only what its code requires. Used by vite.config.ts (an asset per bundle; `virtual:coldstart-runtime-bundles`
 * gives the page their URLs), the dev server (built on first request) and the tests (built once, cached).
 *
 * What the build changes in the packages:
 * - Client defaults as on Lambda: every `@aws-sdk/client-*` browser runtime config is wrapped so a client made
 *   with `{}` takes its region and credentials from the environment and sends over the port
 *   (src/sandbox/sdk/clientDefaults.ts). The browser builds would otherwise answer "Region is missing".
 * - XML: the browser build parses with DOMParser, which workers do not have; the bundle takes the SDK's own
 *   JavaScript parser instead (its Node.js build of the same module).
 * - Powertools takes its AWS clients from the SDK bundle (`require('@aws-sdk/…')` is left to the environment,
 *   so both bundles share one copy of each client class) and Node.js modules it imports from small shims
 *   (src/sandbox/sdk/shims), the X-Ray SDK included.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rolldown, type Plugin as RolldownPlugin } from 'rolldown';
import type { Plugin } from 'vite';
import type { RuntimeBundle } from '../src/sandbox/sdk/bundleFormat.ts';
import { POWERTOOLS_MODULES, SDK_PACKAGES, type BundleName } from '../src/sandbox/sdk/packages.ts';

export const BUNDLE_NAMES: readonly BundleName[] = ['aws-sdk', 'powertools'];
export const RUNTIME_BUNDLES_MODULE = 'virtual:coldstart-runtime-bundles';
const DEV_PREFIX = '/@coldstart-sandbox/bundles/';

const RUNTIME_CONFIG = /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]runtimeConfig\.browser\.js$/;
const RUNTIME_CONFIG_EXPORT = 'export const getRuntimeConfig = (config) => {';
const XML_PARSER_BROWSER = /[\\/]@aws-sdk[\\/]xml-builder[\\/]dist-es[\\/]xml-parser\.browser\.js$/;

/** Node.js modules Powertools imports, and the shim (src/sandbox/sdk/shims) each one becomes. */
const POWERTOOLS_SHIMS: Record<string, string> = {
  'node:console': 'console.ts',
  'node:crypto': 'crypto.ts',
  'node:url': 'url.ts',
  'node:zlib': 'zlib.ts',
  'node:http': 'http.ts',
  'node:https': 'http.ts',
  'node:diagnostics_channel': 'diagnosticsChannel.ts',
  'node:async_hooks': 'asyncHooks.ts',
  'aws-xray-sdk-core': 'xray.ts',
};

function entryName(specifier: string): string {
  return specifier.replace(/^@[^/]+\//, '').replace(/\//g, '__');
}

function coldstartPlugin(root: string, name: BundleName): RolldownPlugin {
  const defaults = path.resolve(root, 'src/sandbox/sdk/clientDefaults.ts');
  const shims = path.resolve(root, 'src/sandbox/sdk/shims');
  return {
    name: 'coldstart-runtime-bundle',
    resolveId(source) {
      if (name === 'powertools' && Object.hasOwn(POWERTOOLS_SHIMS, source))
        return path.join(shims, POWERTOOLS_SHIMS[source]!);
      return null;
    },
    load(id) {
      // Workers have no DOMParser: take the SDK's own JavaScript XML parser (its Node.js build) for S3 and SNS.
      if (XML_PARSER_BROWSER.test(id)) return fs.readFileSync(id.replace(/\.browser\.js$/, '.js'), 'utf8');
      return null;
    },
    transform(code, id) {
      if (!RUNTIME_CONFIG.test(id)) return null;
      if (!code.includes(RUNTIME_CONFIG_EXPORT))
        throw new Error(`runtime bundle: ${id} no longer exports getRuntimeConfig as expected`);
      return [
        code.replace(RUNTIME_CONFIG_EXPORT, 'const getBrowserRuntimeConfig = (config) => {'),
        `import { withColdstartDefaults, withColdstartRuntime } from ${JSON.stringify(defaults)};`,
        'export const getRuntimeConfig = (config) =>',
        '  withColdstartRuntime(getBrowserRuntimeConfig(withColdstartDefaults(config)), config);',
      ].join('\n');
    },
  };
}

export async function buildRuntimeBundle(
  root: string,
  name: BundleName,
  options: { minify?: boolean } = {},
): Promise<RuntimeBundle> {
  const specifiers: readonly string[] = name === 'aws-sdk' ? SDK_PACKAGES : POWERTOOLS_MODULES;
  const input = Object.fromEntries(specifiers.map((specifier) => [entryName(specifier), specifier]));
  const build = await rolldown({
    cwd: root,
    input,
    platform: 'browser',
    resolve: {
      conditionNames: ['browser', 'import', 'module', 'default'],
      mainFields: ['browser', 'module', 'main'],
    },
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
    external: name === 'powertools' ? [/^@aws-sdk\//] : [],
    preserveEntrySignatures: 'strict',
    plugins: [coldstartPlugin(root, name)],
    logLevel: 'warn',
  });
  try {
    const { output } = await build.generate({
      format: 'cjs',
      entryFileNames: '[name].js',
      chunkFileNames: '[name]-[hash].js',
      minify: options.minify ?? true,
    });
    const files: Record<string, string> = {};
    const entries: Record<string, string> = {};
    const byName = new Map(specifiers.map((specifier) => [entryName(specifier), specifier]));
    for (const chunk of output) {
      if (chunk.type !== 'chunk') continue;
      files[chunk.fileName] = chunk.code;
      const specifier = chunk.isEntry ? byName.get(chunk.name) : undefined;
      if (specifier) entries[specifier] = chunk.fileName;
    }
    for (const specifier of specifiers)
      if (!entries[specifier]) throw new Error(`runtime bundle ${name}: no entry for ${specifier}`);
    return { format: 'coldstart-runtime-bundle', version: 1, name, entries, files };
  } finally {
    await build.close();
  }
}

/** What a bundle's build depends on: our sources that go into it and the installed package versions. */
function bundleInputsHash(root: string): string {
  const hash = createHash('sha256');
  const files = [
    path.join(root, 'scripts/runtime-bundles.ts'),
    path.join(root, 'package-lock.json'),
    ...listFiles(path.join(root, 'src/sandbox/sdk')).filter((file) => !file.endsWith('.test.ts')),
  ];
  for (const file of files.sort()) hash.update(file).update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function listFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/**
 * A bundle for tests and scripts (Node.js): built once per change of its inputs and kept in the system's temporary
 * directory, so each vitest worker does not rebuild it.
 */
export async function cachedRuntimeBundle(root: string, name: BundleName): Promise<RuntimeBundle> {
  const directory = path.join(os.tmpdir(), 'coldstart-runtime-bundles');
  const file = path.join(directory, `${name}-${bundleInputsHash(root)}.json`);
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as RuntimeBundle;
  const bundle = await buildRuntimeBundle(root, name);
  fs.mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(temporary, JSON.stringify(bundle));
  fs.renameSync(temporary, file);
  return bundle;
}

/**
 * `virtual:coldstart-runtime-bundles` → `{ 'aws-sdk': url, powertools: url }`. In a build each bundle is an asset
 * (JSON, hashed name, relative URL); under the dev server it is built on its first request.
 */
export function runtimeBundlesPlugin(root: string): Plugin {
  const resolved = `\0${RUNTIME_BUNDLES_MODULE}`;
  let command: 'build' | 'serve' = 'serve';
  const devCache = new Map<BundleName, Promise<string>>();
  return {
    name: 'coldstart-runtime-bundles',
    configResolved(config) {
      command = config.command;
    },
    resolveId(source) {
      return source === RUNTIME_BUNDLES_MODULE ? resolved : null;
    },
    async load(id) {
      if (id !== resolved) return null;
      if (command === 'serve')
        return `export default ${JSON.stringify(
          Object.fromEntries(BUNDLE_NAMES.map((name) => [name, `${DEV_PREFIX}${name}.json`])),
        )};`;
      const lines: string[] = [];
      for (const name of BUNDLE_NAMES) {
        const bundle = await buildRuntimeBundle(root, name);
        const reference = this.emitFile({
          type: 'asset',
          name: `${name}.json`,
          source: JSON.stringify(bundle),
        });
        lines.push(`  ${JSON.stringify(name)}: import.meta.ROLLUP_FILE_URL_${reference},`);
      }
      return `export default {\n${lines.join('\n')}\n};`;
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const pathname = (request.url ?? '').split('?')[0] ?? '';
        const at = pathname.indexOf(DEV_PREFIX);
        if (at < 0) return next();
        const name = pathname.slice(at + DEV_PREFIX.length).replace(/\.json$/, '') as BundleName;
        if (!BUNDLE_NAMES.includes(name)) return next();
        let text = devCache.get(name);
        if (!text) {
          text = buildRuntimeBundle(root, name, { minify: false }).then((bundle) => JSON.stringify(bundle));
          devCache.set(name, text);
          text.catch(() => devCache.delete(name));
        }
        text.then(
          (body) => {
            response.setHeader('Content-Type', 'application/json; charset=utf-8');
            response.setHeader('Cache-Control', 'no-store');
            response.end(body);
          },
          (error: unknown) => {
            response.statusCode = 500;
            response.end(`Coldstart sandbox (dev): could not build the ${name} bundle: ${String(error)}`);
          },
        );
      });
    },
  };
}
