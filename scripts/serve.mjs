#!/usr/bin/env node
/**
 * A plain static file server for dist/, mounted under a sub-path (default /coldstart/), with NO
 * rewrites: exactly what GitHub Pages, S3 or Netlify do. `npm start` uses it; e2e tests too.
 *   PORT=8080 BASE=/some/course/ DIST=dist node scripts/serve.mjs
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const port = Number(process.env.PORT ?? 4173);
const base = (process.env.BASE ?? '/coldstart/').replace(/\/?$/, '/');
const dist = path.resolve(process.env.DIST ?? 'dist');
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
  '.webmanifest': 'application/manifest+json',
  '.d.ts': 'text/plain',
  '.ttf': 'font/ttf',
  '.zip': 'application/zip',
  '.tar': 'application/x-tar',
};

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`No built site in ${dist}: run "npm run build" first.`);
  process.exit(1);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/' || url.pathname + '/' === base) {
    res.writeHead(302, { location: base });
    return res.end();
  }
  if (!url.pathname.startsWith(base)) return notFound(res);
  let rel = decodeURIComponent(url.pathname.slice(base.length));
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = path.join(dist, rel);
  if (!file.startsWith(dist)) return notFound(res);
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) return notFound(res);
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
      'content-length': st.size,
      'cache-control': 'no-cache',
    });
    fs.createReadStream(file).pipe(res);
  });
});

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('404 Not Found');
}

server.listen(port, '127.0.0.1', () => {
  console.log(`Coldstart is running at http://localhost:${port}${base}`);
});
