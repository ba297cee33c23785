/**
 * The seam between the simulated database endpoints and a real SQL engine. The course's engine is PGlite
 * (PostgreSQL compiled to WebAssembly, pglite.ts), created once per page and only when a query first needs it;
 * every database endpoint of every workspace is its own schema in it, so endpoints never see each other's tables
 * and a lab check's fresh world starts from an empty database without paying PostgreSQL's start-up again.
 */
import type { PostgresResult } from './protocol';

export interface SqlEngine {
  /** Runs one statement (or, without parameters, several separated by `;`) in `schema`, in one transaction. */
  run(schema: string, text: string, params: readonly unknown[]): Promise<PostgresResult>;
  /** Drops a schema and everything in it. */
  dropSchema(schema: string): Promise<void>;
  /** `SHOW server_version`. */
  serverVersion(): Promise<string>;
}

/** A SQL error as the engine reports it: PostgreSQL's fields. */
export class SqlError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly severity: string,
    readonly extra: { detail?: string; hint?: string; position?: string } = {},
  ) {
    super(message);
    this.name = 'SqlError';
  }
}
