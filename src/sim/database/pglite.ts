/**
 * The course's SQL engine: PGlite (`@electric-sql/pglite`, PostgreSQL 17 compiled to WebAssembly), running on the
 * course page — never in learner code. Its WebAssembly and data files (about 15 MB) load with a dynamic import the
 * first time a database is queried, so no first load carries them. PostgreSQL's start-up (initdb) takes seconds,
 * so the page (and a Node.js test process) creates one engine and shares it: each database endpoint is a schema;
 * the page's engine starts from the build's prepared data directory and skips initdb.
 */
import { SqlError, type SqlEngine } from './engine';
import type { PostgresResult } from './protocol';

interface PgliteResult {
  rows: Array<Record<string, unknown>>;
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

interface PgliteTransaction {
  query(text: string, params?: unknown[]): Promise<PgliteResult>;
  exec(text: string): Promise<PgliteResult[]>;
}

interface PgliteDatabase extends PgliteTransaction {
  transaction<T>(callback: (tx: PgliteTransaction) => Promise<T>): Promise<T>;
}

let shared: Promise<SqlEngine> | null = null;

/**
 * The process's one engine on this thread, started on first use: what Node.js (tests, the CI lab proof) uses.
 * The course page runs the same engine in a worker of its own instead (src/platform/sqlEngineWorker.ts), as
 * PostgreSQL's start-up would block the page for seconds.
 */
export function sharedPgliteEngine(): Promise<SqlEngine> {
  shared ??= createPgliteEngine().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

export interface PgliteEngineOptions {
  /**
   * A data directory PGlite's own initdb wrote (the build's, scripts/pglite-datadir.ts): the engine starts from
   * it instead of running initdb (seconds). If it does not load, the engine runs initdb as without it.
   */
  dataDir?: Blob | null;
}

/** A new PGlite (wasm compile, and initdb unless a data directory is given) behind the SqlEngine seam. */
export async function createPgliteEngine(options: PgliteEngineOptions = {}): Promise<SqlEngine> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (options.dataDir) {
    try {
      const prepared = await PGlite.create({ loadDataDir: options.dataDir });
      return new PgliteEngine(prepared as unknown as PgliteDatabase);
    } catch {
      // A tarball from another PGlite build (or a truncated download): the same engine, from initdb.
    }
  }
  const database = (await PGlite.create()) as unknown as PgliteDatabase;
  return new PgliteEngine(database);
}

/** The command tag's verb, from the statement (PGlite reports rows and affected rows, not the tag). */
function commandOf(text: string): string {
  const statements = text
    .replace(/--[^\n]*/g, '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  const last = statements[statements.length - 1] ?? '';
  return (/^[A-Za-z]+/.exec(last)?.[0] ?? '').toUpperCase();
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function asSqlError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const fields = error as Error & {
    code?: string;
    severity?: string;
    detail?: string;
    hint?: string;
    position?: string;
  };
  if (typeof fields.code !== 'string') return error;
  return new SqlError(fields.message, fields.code, fields.severity ?? 'ERROR', {
    ...(fields.detail ? { detail: fields.detail } : {}),
    ...(fields.hint ? { hint: fields.hint } : {}),
    ...(fields.position ? { position: String(fields.position) } : {}),
  });
}

class PgliteEngine implements SqlEngine {
  private readonly schemas = new Set<string>();
  private version: string | null = null;

  constructor(private readonly database: PgliteDatabase) {}

  async run(schema: string, text: string, params: readonly unknown[]): Promise<PostgresResult> {
    try {
      if (!this.schemas.has(schema)) {
        await this.database.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
        this.schemas.add(schema);
      }
      const result = await this.database.transaction(async (transaction) => {
        // The endpoint's schema is the session's whole world: unqualified names resolve there.
        await transaction.exec(`SET LOCAL search_path TO ${quoteIdentifier(schema)}`);
        if (params.length > 0) return transaction.query(text, [...params]);
        const results = await transaction.exec(text);
        return results[results.length - 1] ?? { rows: [], fields: [] };
      });
      const command = commandOf(text);
      const returnsRows = result.fields.length > 0;
      return {
        command,
        rowCount: returnsRows
          ? result.rows.length
          : (result.affectedRows ?? (command === 'SELECT' ? 0 : null)),
        rows: result.rows,
        fields: result.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
      };
    } catch (error) {
      throw asSqlError(error);
    }
  }

  async dropSchema(schema: string): Promise<void> {
    this.schemas.delete(schema);
    await this.database.exec(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  }

  async serverVersion(): Promise<string> {
    if (this.version === null) {
      const result = await this.database.query('SHOW server_version');
      this.version = String(result.rows[0]?.server_version ?? '17');
    }
    return this.version;
  }
}
