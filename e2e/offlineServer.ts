/**
 * A static server for the offline specs, inside the test process: the offline tests need to switch the
 * network off for real (close the server, so nothing can answer) and to deploy a "new version" (change sw.js)
 * without touching the build the other specs share. Serves like scripts/serve.mjs: a sub-path, no rewrites.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
};

export const OFFLINE_BASE = '/offline/course/';

/** The build the e2e run uses (playwright.config.ts: E2E_DIST, default dist/). */
export function builtSite(): string {
  return path.resolve(process.env.E2E_DIST ?? 'dist');
}

export interface SiteServer {
  /** http://127.0.0.1:<port>/offline/course/ */
  url: string;
  /** Paths (below the base) requested so far. */
  requests: string[];
  /** Closes the server and every open connection: from now on nothing answers at this address. */
  goOffline(): Promise<void>;
}

export async function serveSite(dist: string): Promise<SiteServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(OFFLINE_BASE)) {
      res.writeHead(404).end();
      return;
    }
    let relative = decodeURIComponent(url.pathname.slice(OFFLINE_BASE.length));
    requests.push(relative);
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = path.join(dist, relative);
    if (!file.startsWith(dist) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${OFFLINE_BASE}`,
    requests,
    goOffline: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A private copy of the build, for a test that deploys a new version into it. */
export function copyOfSite(dist: string): { directory: string; remove(): void } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'coldstart-site-'));
  fs.cpSync(dist, directory, { recursive: true });
  return { directory, remove: () => fs.rmSync(directory, { recursive: true, force: true }) };
}
