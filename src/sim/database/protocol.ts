/**
 * The wire between the course's PostgreSQL client libraries (Node.js `coldstart-postgres`, Python
 * `coldstart_postgres`) and the database behind a VPC's private endpoint. There are no sockets in the sandbox, so
 * a client sends each step of a session as one request on the environment's port, exactly as the SDK sends an AWS
 * call, to the database's endpoint name (`<name>.<suffix>.us-east-1.rds.amazonaws.com`): the network gate
 * (src/sim/vpc/gate.ts) decides first whether the function can reach it, so from outside the VPC, or through a
 * security group that does not let it in, the connection attempt never gets an answer.
 *
 *   POST /connect  { user, database }                  → 200 { processId, serverVersion }
 *   POST /query    { text, params }                    → 200 { command, rowCount, rows, fields }
 *                                                       → 400 { error: { message, code, severity, … } }
 *
 * Values travel as JSON: timestamps as ISO strings (clients turn them back into dates by type id), bigint as text
 * (as node-postgres returns int8).
 */

export const POSTGRES_PORT = 5432;

export const POSTGRES_PATHS = { connect: '/connect', query: '/query' } as const;

export interface PostgresField {
  name: string;
  /** The column's type oid (25 text, 23 int4, 1184 timestamptz, …), as node-postgres reports it. */
  dataTypeID: number;
}

export interface PostgresResult {
  /** The command tag's verb: `INSERT`, `SELECT`, `CREATE`, … */
  command: string;
  rowCount: number | null;
  rows: Array<Record<string, unknown>>;
  fields: PostgresField[];
}

/** A server error with PostgreSQL's fields (code is the SQLSTATE, e.g. 42P01 undefined_table). */
export interface PostgresError {
  message: string;
  code: string;
  severity: string;
  detail?: string;
  hint?: string;
  position?: string;
}

export interface PostgresConnectRequest {
  user?: string;
  database?: string;
}

export interface PostgresQueryRequest {
  text: string;
  params?: unknown[];
}

/** The shapes of the type oids clients revive from JSON (the rest arrive as JSON gives them). */
export const TIMESTAMP_TYPE_IDS: readonly number[] = [1082, 1114, 1184];
