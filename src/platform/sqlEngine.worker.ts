/**
 * The course page's PostgreSQL worker (started by sqlEngineWorker.ts): PGlite starts here, off the page's
 * thread, and answers the page's database endpoints through sqlEngineChannel.ts. The page's first message says
 * where the build's prepared data directory is (scripts/pglite-datadir.ts); the worker fetches it and PGlite
 * starts from it, skipping initdb. Without it (the dev server, a failed download) PGlite runs initdb.
 */
import { createPgliteEngine } from '../sim/database/pglite';
import {
  isSqlEngineStart,
  serveSqlEngine,
  type SqlEnginePort,
  type SqlEngineStart,
  type SqlEngineStatus,
} from './sqlEngineChannel';

const scope = self as unknown as SqlEnginePort;

/** The tarball as PGlite reads it: gzip is recognised by its type (a host may also have decoded it already). */
async function fetchDataDir(url: string | null): Promise<Blob | null> {
  if (!url) return null;
  try {
    const response = await fetch(url);
    if (!response.ok) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
    return new Blob([bytes], gzip ? { type: 'application/gzip' } : {});
  } catch {
    return null;
  }
}

const engine = new Promise<SqlEngineStart>((resolve) => {
  const listener = (event: { data: unknown }) => {
    if (isSqlEngineStart(event.data)) resolve(event.data);
  };
  scope.addEventListener('message', listener);
}).then(async (start) => createPgliteEngine({ dataDir: await fetchDataDir(start.dataDirUrl) }));
serveSqlEngine(scope, engine);
engine.then(
  () => scope.postMessage({ status: 'ready' } satisfies SqlEngineStatus),
  (error: unknown) =>
    scope.postMessage({
      status: 'failed',
      message: error instanceof Error ? error.message : String(error),
    } satisfies SqlEngineStatus),
);
