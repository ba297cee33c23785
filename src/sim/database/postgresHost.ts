/**
 * A workspace's PostgreSQL databases: what answers the requests the network gate lets through to a database
 * endpoint (gate.ts's `DatabaseHandler`), and what checks and the console use to look inside. Each endpoint of
 * the workspace's VPC model is a schema of the shared engine named after the workspace and the endpoint, dropped
 * with the workspace. Authentication is not modelled: any user name is accepted; the database name must be the
 * instance's (`postgres`, RDS's default when none is given at creation).
 */
import { utf8, text, type AwsHttpRequest, type AwsHttpResponse } from '../aws/http';
import type { DatabaseEndpoint, VpcNetwork } from '../vpc/network';
import { SqlError, type SqlEngine } from './engine';
import {
  POSTGRES_PATHS,
  type PostgresConnectRequest,
  type PostgresError,
  type PostgresQueryRequest,
  type PostgresResult,
} from './protocol';

export const DEFAULT_DATABASE_NAME = 'postgres';

export interface PostgresHostOptions {
  /** The shared engine, started on first use (pglite.ts in the page; tests pass the same). */
  engine: () => Promise<SqlEngine>;
  /** Unique per page: the workspace id. */
  namespace: string;
  network: () => VpcNetwork | undefined;
}

function schemaPart(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '_');
}

/** JSON for values PostgreSQL hands back that JSON has no word for. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array)
    return `\\x${[...value].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  return value;
}

function reply(statusCode: number, value: unknown): AwsHttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: utf8(JSON.stringify(value, replacer)),
  };
}

function errorBody(error: SqlError): { error: PostgresError } {
  return {
    error: {
      message: error.message,
      code: error.code,
      severity: error.severity,
      ...error.extra,
    },
  };
}

export class PostgresHost {
  private readonly used = new Set<string>();
  private processIds = 0;
  private disposed = false;

  constructor(private readonly options: PostgresHostOptions) {}

  /** The schema holding an endpoint's tables. */
  schemaOf(database: DatabaseEndpoint): string {
    return `ws_${schemaPart(this.options.namespace)}__${schemaPart(database.name)}`;
  }

  private endpoint(databaseId: string): DatabaseEndpoint | undefined {
    return this.options
      .network()
      ?.view()
      .databases.find((item) => item.id === databaseId || item.name === databaseId);
  }

  /** Runs SQL in a database by id or name, as the console or a check would (throws SqlError). */
  async query(databaseId: string, sql: string, params: readonly unknown[] = []): Promise<PostgresResult> {
    const database = this.endpoint(databaseId);
    if (!database) throw new Error(`No database ${databaseId} in this account`);
    const schema = this.schemaOf(database);
    this.used.add(schema);
    const engine = await this.options.engine();
    const result = await engine.run(schema, sql, params);
    return JSON.parse(JSON.stringify(result, replacer)) as PostgresResult;
  }

  /** The gate's handler: one request of a client's session. */
  readonly handle = async (databaseId: string, request: AwsHttpRequest): Promise<AwsHttpResponse> => {
    const database = this.endpoint(databaseId);
    if (!database || this.disposed)
      throw new Error(`connect ECONNREFUSED ${request.hostname}:${database?.port ?? 5432}`);
    let body: unknown;
    try {
      body = JSON.parse(text(request.body) || '{}');
    } catch {
      return reply(400, {
        error: { message: 'invalid frontend message', code: '08P01', severity: 'FATAL' },
      });
    }
    if (request.path === POSTGRES_PATHS.connect) {
      const connect = body as PostgresConnectRequest;
      const name = connect.database ?? DEFAULT_DATABASE_NAME;
      if (name !== DEFAULT_DATABASE_NAME)
        return reply(400, {
          error: { message: `database "${name}" does not exist`, code: '3D000', severity: 'FATAL' },
        });
      const engine = await this.options.engine();
      return reply(200, { processId: 1000 + ++this.processIds, serverVersion: await engine.serverVersion() });
    }
    if (request.path === POSTGRES_PATHS.query) {
      const query = body as PostgresQueryRequest;
      if (typeof query.text !== 'string')
        return reply(400, { error: { message: 'a query needs text', code: '08P01', severity: 'ERROR' } });
      try {
        return reply(200, await this.query(database.id, query.text, query.params ?? []));
      } catch (error) {
        if (error instanceof SqlError) return reply(400, errorBody(error));
        throw error;
      }
    }
    return reply(404, {
      error: { message: `unknown request ${request.path}`, code: '08P01', severity: 'FATAL' },
    });
  };

  /**
   * Starts the engine now (PostgreSQL's start-up takes seconds): call it when a database appears, so that a
   * function's first query does not spend its timeout waiting for the page.
   */
  async warmUp(): Promise<void> {
    await this.options.engine();
  }

  /** Drops the workspace's schemas (the engine outlives the workspace). */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.used.size === 0) return;
    const engine = await this.options.engine();
    for (const schema of this.used) await engine.dropSchema(schema);
    this.used.clear();
  }
}
