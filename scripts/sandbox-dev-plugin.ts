/**
 * `npm run dev` support for the sandbox. The built site loads the sandbox's entries (the frame's script, each
 * runtime family's worker script, the transpiler) as self-contained scripts: the page fetches their text,
 * inlines the frame's into the iframe's srcdoc and hands the others to the frame, which makes blob workers of
 * them. The dev server would serve them as ES modules with imports, which none of them can use. This plugin
 * serves each entry, in dev only, as one classic script bundled on demand (again after a file under
 * src/sandbox changes).
 */
import path from 'node:path';
import { build, type Plugin } from 'vite';

export const SANDBOX_DEV_PREFIX = '/@coldstart-sandbox/';

export const SANDBOX_ENTRIES = {
  'frame.js': 'src/sandbox/frame/frame.ts',
  'nodejs.js': 'src/sandbox/runtimes/nodejs/nodejs.worker.ts',
  'transpiler.js': 'src/sandbox/runtimes/nodejs/transpiler.worker.ts',
  'python.js': 'src/sandbox/runtimes/python/python.worker.ts',
} as const;

export type SandboxScript = keyof typeof SANDBOX_ENTRIES;

/** Bundles one entry and everything it imports into a classic script (an IIFE: no import or export left). */
export async function bundleClassicScript(root: string, entry: string): Promise<string> {
  const result = await build({
    root,
    configFile: false,
    logLevel: 'silent',
    mode: 'development',
    define: { 'process.env.NODE_ENV': '"development"' },
    build: {
      write: false,
      minify: false,
      sourcemap: 'inline',
      target: 'es2022',
      lib: { entry: path.resolve(root, entry), formats: ['iife'], name: '__coldstartSandboxEntry' },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs)
    if ('output' in out)
      for (const chunk of out.output) if (chunk.type === 'chunk' && chunk.isEntry) return chunk.code;
  throw new Error(`Coldstart sandbox (dev): bundling ${entry} produced no script`);
}

export function sandboxDevPlugin(root: string): Plugin {
  const cache = new Map<SandboxScript, Promise<string>>();
  const sandboxDir = path.join(root, 'src', 'sandbox') + path.sep;
  return {
    name: 'coldstart-sandbox-dev',
    apply: 'serve',
    configureServer(server) {
      const invalidate = (file: string) => {
        if (path.resolve(file).startsWith(sandboxDir)) cache.clear();
      };
      server.watcher.on('change', invalidate);
      server.watcher.on('add', invalidate);
      server.middlewares.use((req, res, next) => {
        const pathname = (req.url ?? '').split('?')[0] ?? '';
        const at = pathname.indexOf(SANDBOX_DEV_PREFIX);
        if (at < 0) return next();
        const name = pathname.slice(at + SANDBOX_DEV_PREFIX.length);
        if (!Object.hasOwn(SANDBOX_ENTRIES, name)) return next();
        const script = name as SandboxScript;
        let code = cache.get(script);
        if (!code) {
          code = bundleClassicScript(root, SANDBOX_ENTRIES[script]);
          cache.set(script, code);
          code.catch(() => cache.delete(script));
        }
        code.then(
          (text) => {
            res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
            res.setHeader('Cache-Control', 'no-store');
            res.end(text);
          },
          (error: unknown) => {
            server.config.logger.error(String(error));
            res.statusCode = 500;
            res.setHeader('Content-Type', 'text/plain; charset=utf-8');
            res.end(`Coldstart sandbox (dev): could not bundle ${script}: ${String(error)}`);
          },
        );
      });
    },
  };
}
