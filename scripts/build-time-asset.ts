/**
 * Assets made at build time in Node.js and kept in the system's temporary directory between builds (a rebuild, the
 * e2e build and the bench's build reuse them): the Python memory snapshot and the lab database's data directory.
 * Each is a virtual module whose default export is the asset's URL in a build, or null under the dev server, when
 * its opt-out variable is "0", or when this machine cannot make it (the site then does the work in the browser).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Plugin } from 'vite';

/** The file `<tmp>/<folder>/<name>`, made by `make` the first time (written under a temporary name, then renamed). */
export async function cachedInTemporaryDirectory<Bytes extends Uint8Array>(
  folder: string,
  name: string,
  make: () => Promise<Bytes>,
): Promise<Bytes | Uint8Array<ArrayBuffer>> {
  const directory = path.join(os.tmpdir(), folder);
  const file = path.join(directory, name);
  if (fs.existsSync(file)) return new Uint8Array(fs.readFileSync(file));
  const made = await make();
  fs.mkdirSync(directory, { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  fs.writeFileSync(temporary, made);
  fs.renameSync(temporary, file);
  return made;
}

export interface BuildTimeAsset {
  /** The plugin's name. */
  plugin: string;
  /** The virtual module's id. */
  module: string;
  /** The environment variable that leaves the asset out when it is "0". */
  optOut: string;
  /** The emitted asset's name (Vite adds a hash). */
  assetName: string;
  /** Makes (or reads from the cache) the asset's bytes. */
  bytes: () => Promise<Uint8Array>;
  /** The build warning when the asset cannot be made: what the site does without it. */
  without: string;
}

export function buildTimeAssetPlugin(asset: BuildTimeAsset): Plugin {
  const resolved = `\0${asset.module}`;
  let command: 'build' | 'serve' = 'serve';
  return {
    name: asset.plugin,
    configResolved(config) {
      command = config.command;
    },
    resolveId(source) {
      return source === asset.module ? resolved : null;
    },
    async load(id) {
      if (id !== resolved) return null;
      if (command === 'serve' || process.env[asset.optOut] === '0') return 'export default null;';
      let source: Uint8Array;
      try {
        source = await asset.bytes();
      } catch (error) {
        // The site works without it, so a machine that cannot make the asset still builds.
        this.warn(`${asset.without}: ${String(error)}`);
        return 'export default null;';
      }
      const reference = this.emitFile({ type: 'asset', name: asset.assetName, source });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
  };
}
