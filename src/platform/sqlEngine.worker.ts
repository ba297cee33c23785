/**
 * The course page's PostgreSQL worker (started by sqlEngineWorker.ts): PGlite starts here, off the page's
 * thread, and answers the page's database endpoints through sqlEngineChannel.ts.
 */
import { createPgliteEngine } from '../sim/database/pglite';
import { serveSqlEngine, type SqlEnginePort, type SqlEngineStatus } from './sqlEngineChannel';

const scope = self as unknown as SqlEnginePort;
const engine = createPgliteEngine();
serveSqlEngine(scope, engine);
engine.then(
  () => scope.postMessage({ status: 'ready' } satisfies SqlEngineStatus),
  (error: unknown) =>
    scope.postMessage({
      status: 'failed',
      message: error instanceof Error ? error.message : String(error),
    } satisfies SqlEngineStatus),
);
