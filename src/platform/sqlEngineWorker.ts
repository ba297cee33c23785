/**
 * The page's SQL engine: PGlite in a dedicated worker (sqlEngine.worker.ts), started once per page and shared by
 * every workspace and every lab check's world (each database endpoint is a schema of it). PostgreSQL's start-up
 * (its WebAssembly compile and initdb) takes seconds: on the page's thread it froze the lab page for all of
 * them, in a worker the page stays responsive and the lab page can start it early, in idle time
 * (`warmUpPageSqlEngine`). The build's prepared data directory (scripts/pglite-datadir.ts) spares it initdb, most
 * of that start-up. Where there are no workers (Node.js: tests and the CI lab proof) or the worker cannot
 * start, the engine runs on this thread as before.
 */
import type { SqlEngine } from '../sim/database/engine';
import { sharedPgliteEngine } from '../sim/database/pglite';
import dataDirUrl from 'virtual:coldstart-pglite-datadir';
import {
  connectSqlEngine,
  type SqlEnginePort,
  type SqlEngineStart,
  type SqlEngineStatus,
} from './sqlEngineChannel';

let shared: Promise<SqlEngine> | null = null;

function isStatus(data: unknown): data is SqlEngineStatus {
  return typeof data === 'object' && data !== null && 'status' in data;
}

/** The performance measure of the engine's start-up, from creating its worker to its first answer being possible. */
export const SQL_ENGINE_START_MEASURE = 'coldstart:sql-engine-start';

function startWorker(): Promise<SqlEngine> {
  const started = performance.now();
  return new Promise<SqlEngine>((resolve, reject) => {
    const worker = new Worker(new URL('./sqlEngine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'coldstart-postgres',
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new Error(`The PostgreSQL worker failed: ${event.message}`));
    });
    worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isStatus(event.data)) return;
      if (event.data.status === 'ready') {
        performance.measure(SQL_ENGINE_START_MEASURE, { start: started });
        resolve(engine);
      }
      else {
        worker.terminate();
        reject(new Error(event.data.message));
      }
    });
    const engine = connectSqlEngine(worker as unknown as SqlEnginePort);
    worker.postMessage({
      start: 'pglite',
      dataDirUrl: dataDirUrl ? new URL(dataDirUrl, document.baseURI).href : null,
    } satisfies SqlEngineStart);
  });
}

async function start(): Promise<SqlEngine> {
  if (typeof Worker === 'undefined') return sharedPgliteEngine();
  try {
    return await startWorker();
  } catch {
    // A page whose workers cannot start still gets its database, on its own thread.
    return sharedPgliteEngine();
  }
}

/** The page's one engine, started on first use (or by `warmUpPageSqlEngine`). */
export function pageSqlEngine(): Promise<SqlEngine> {
  shared ??= start().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

/** Starts the engine now, off the page's thread, so that a later query does not wait for PostgreSQL's start-up. */
export function warmUpPageSqlEngine(): void {
  pageSqlEngine().catch(() => undefined);
}
