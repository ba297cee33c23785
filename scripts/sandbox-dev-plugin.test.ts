import vm from 'node:vm';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createServer } from 'vite';
import { bundleClassicScript, sandboxDevPlugin, SANDBOX_DEV_PREFIX } from './sandbox-dev-plugin';
import { escapeInlineScript } from '../src/sandbox/frame/document';

const root = new URL('..', import.meta.url).pathname;

describe('sandbox dev plugin', () => {
  it('bundles the runtime into one classic script that defines no module syntax', async () => {
    const code = await bundleClassicScript(root, 'src/sandbox/runtimes/nodejs/nodejs.worker.ts');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    // Compiles as a classic script (what `new Worker(blobUrl)` and a plain <script src> need).
    expect(() => new vm.Script(code)).not.toThrow();
    // The runtime's own pieces are inlined, not imported.
    expect(code).toContain('network requests to other origins are blocked');
    expect(code).toContain('FreezableScheduler');
  }, 60_000);

  it('serves the frame script under the dev prefix, inlinable into the srcdoc, and leaves other URLs alone', async () => {
    const server = await createServer({
      root,
      configFile: false,
      logLevel: 'silent',
      plugins: [sandboxDevPlugin(root)],
      server: { port: 0, strictPort: false, hmr: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    await server.listen();
    try {
      const { port } = server.httpServer!.address() as AddressInfo;
      const res = await fetch(`http://localhost:${port}${SANDBOX_DEV_PREFIX}frame.js`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/javascript');
      const text = await res.text();
      expect(() => new vm.Script(text)).not.toThrow();
      // Escaped for an inline <script>, it is still the same program.
      expect(() => new vm.Script(escapeInlineScript(text))).not.toThrow();
      expect(escapeInlineScript(text)).not.toMatch(/<\/script|<!--/i);
      expect(text).toContain('coldstart-channel');
      const other = await fetch(`http://localhost:${port}${SANDBOX_DEV_PREFIX}secrets.js`);
      expect(await other.text()).not.toContain('coldstart-channel');
    } finally {
      await server.close();
    }
  }, 60_000);
});
