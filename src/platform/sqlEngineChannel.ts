/**
 * The SQL engine across a message channel: the course page keeps PostgreSQL (PGlite) in a worker of its own, so
 * its WebAssembly compile and initdb (seconds) never block the page, and the simulated database endpoints talk
 * to it through `connectSqlEngine`. The worker answers with `serveSqlEngine`. Requests carry an id and replies are
 * matched to them; a PostgreSQL error crosses as its fields and is thrown again as the same `SqlError`.
 */
import { SqlError, type SqlEngine } from '../sim/database/engine';
import type { PostgresResult } from '../sim/database/protocol';

/** What both ends need: a Worker, the worker's global scope, or a MessagePort. */
export interface SqlEnginePort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start?(): void;
}

export type SqlEngineRequest =
  | { id: number; method: 'run'; schema: string; text: string; params: unknown[] }
  | { id: number; method: 'dropSchema'; schema: string }
  | { id: number; method: 'serverVersion' };

interface CrossedError {
  message: string;
  sql?: { code: string; severity: string; extra: SqlError['extra'] };
}

export type SqlEngineReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: CrossedError };

/** Sent once by the worker: its engine started, or could not. */
export type SqlEngineStatus = { status: 'ready' } | { status: 'failed'; message: string };

/** Sent once by the page, first: how the worker's engine starts (the build's prepared data directory, if any). */
export interface SqlEngineStart {
  start: 'pglite';
  dataDirUrl: string | null;
}

export function isSqlEngineStart(data: unknown): data is SqlEngineStart {
  return typeof data === 'object' && data !== null && (data as { start?: unknown }).start === 'pglite';
}

function isReply(data: unknown): data is SqlEngineReply {
  return typeof data === 'object' && data !== null && 'id' in data && 'ok' in data;
}

function isRequest(data: unknown): data is SqlEngineRequest {
  return typeof data === 'object' && data !== null && 'id' in data && 'method' in data;
}

function crossed(error: unknown): CrossedError {
  if (error instanceof SqlError)
    return {
      message: error.message,
      sql: { code: error.code, severity: error.severity, extra: { ...error.extra } },
    };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The engine at the other end of `port`. */
export function connectSqlEngine(port: SqlEnginePort): SqlEngine {
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let ids = 0;
  port.addEventListener('message', (event) => {
    const data = event.data;
    if (!isReply(data)) return;
    const pending = waiting.get(data.id);
    if (!pending) return;
    waiting.delete(data.id);
    if (data.ok) pending.resolve(data.value);
    else
      pending.reject(
        data.error.sql
          ? new SqlError(
              data.error.message,
              data.error.sql.code,
              data.error.sql.severity,
              data.error.sql.extra,
            )
          : new Error(data.error.message),
      );
  });
  port.start?.();
  const ask = <T>(request: Omit<SqlEngineRequest, 'id'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++ids;
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      port.postMessage({ ...request, id });
    });
  return {
    run: (schema, text, params) =>
      ask<PostgresResult>({ method: 'run', schema, text, params: [...params] } as Omit<
        SqlEngineRequest,
        'id'
      >),
    dropSchema: (schema) => ask<void>({ method: 'dropSchema', schema } as Omit<SqlEngineRequest, 'id'>),
    serverVersion: () => ask<string>({ method: 'serverVersion' }),
  };
}

/** Answers `connectSqlEngine`'s requests with `engine` (each waits until the engine has started). */
export function serveSqlEngine(port: SqlEnginePort, engine: Promise<SqlEngine>): void {
  port.addEventListener('message', (event) => {
    const request = event.data;
    if (!isRequest(request)) return;
    const answer = async (): Promise<unknown> => {
      const started = await engine;
      if (request.method === 'run') return started.run(request.schema, request.text, request.params);
      if (request.method === 'dropSchema') return started.dropSchema(request.schema);
      return started.serverVersion();
    };
    answer().then(
      (value) => port.postMessage({ id: request.id, ok: true, value } satisfies SqlEngineReply),
      (error: unknown) =>
        port.postMessage({ id: request.id, ok: false, error: crossed(error) } satisfies SqlEngineReply),
    );
  });
  port.start?.();
}
