/**
 * `coldstart-postgres`: the course's PostgreSQL client for Node.js handlers, with node-postgres's (`pg`) shape —
 * `new Client(config)`, `await client.connect()`, `await client.query(text, values)` → `{ rows, rowCount, command,
 * fields }`, `await client.end()`, a small `Pool` — and its defaults (PGHOST, PGPORT, PGUSER, PGDATABASE; the
 * database defaults to the user name; `connectionTimeoutMillis` 0 waits for ever). There are no sockets in the
 * sandbox: each step of the session is one request on the environment's port (`coldstart:aws`, as the SDK sends
 * AWS calls) to the database's endpoint name, and the page's network gate decides whether it arrives
 * (src/sim/database/protocol.ts). An unreachable endpoint never answers, as a TCP connect to a private address
 * with no path never completes.
 *
 * The module is plain JavaScript installed under /var/runtime/node_modules (packages.ts), so it resolves from
 * any handler like the runtime's SDK does.
 */

/** The modelled TCP, TLS and authentication round trips of a new connection (illustrative). */
export const POSTGRES_CONNECT_MS = 30;

export const POSTGRES_CLIENT_PACKAGE = 'coldstart-postgres';

export const POSTGRES_CLIENT_VERSION = '1.0.0';

export const POSTGRES_CLIENT_SOURCE = `'use strict';
const { send } = require('coldstart:aws');

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CONNECT_MS = ${POSTGRES_CONNECT_MS};
const DATE_TYPES = new Set([1082, 1114, 1184]);

/** A server error, with PostgreSQL's fields (code is the SQLSTATE), as node-postgres reports it. */
class DatabaseError extends Error {
  constructor(fields) {
    super(fields.message || 'database error');
    this.name = 'error';
    this.severity = fields.severity;
    this.code = fields.code;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
  }
}

function parseConnectionString(text) {
  const url = new URL(text);
  const config = { host: url.hostname };
  if (url.port) config.port = Number(url.port);
  if (url.username) config.user = decodeURIComponent(url.username);
  if (url.password) config.password = decodeURIComponent(url.password);
  const database = url.pathname.replace(/^\\//, '');
  if (database) config.database = decodeURIComponent(database);
  return config;
}

function settings(input) {
  const given = typeof input === 'string' ? parseConnectionString(input) : { ...(input || {}) };
  if (given.connectionString) Object.assign(given, parseConnectionString(given.connectionString), given);
  const env = process.env;
  const user = given.user || env.PGUSER || env.USER || 'postgres';
  return {
    host: String(given.host || env.PGHOST || 'localhost').toLowerCase(),
    port: Number(given.port || env.PGPORT || 5432),
    user,
    database: given.database || env.PGDATABASE || user,
    connectionTimeoutMillis: Number(given.connectionTimeoutMillis || 0),
  };
}

function isDatabaseEndpoint(host) {
  return /\\.rds\\.amazonaws\\.com$/.test(host);
}

async function request(config, path, body) {
  if (!isDatabaseEndpoint(config.host)) {
    // Nothing listens on this machine, and no other name resolves inside the course.
    const error =
      config.host === 'localhost' || config.host === '127.0.0.1'
        ? Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:' + config.port), { code: 'ECONNREFUSED' })
        : Object.assign(new Error('getaddrinfo ENOTFOUND ' + config.host), { code: 'ENOTFOUND' });
    throw error;
  }
  const response = await send({
    method: 'POST',
    hostname: config.host,
    path,
    query: {},
    headers: { 'content-type': 'application/json' },
    body: encoder.encode(JSON.stringify(body)),
  });
  const text = decoder.decode(response.body);
  const value = text ? JSON.parse(text) : {};
  if (response.statusCode !== 200) throw new DatabaseError(value.error || { message: text });
  return value;
}

function revive(result) {
  const dates = result.fields.filter((field) => DATE_TYPES.has(field.dataTypeID)).map((field) => field.name);
  if (dates.length > 0)
    for (const row of result.rows)
      for (const name of dates) if (typeof row[name] === 'string') row[name] = new Date(row[name]);
  return { command: result.command, rowCount: result.rowCount, oid: null, rows: result.rows, fields: result.fields };
}

function withCallback(promise, callback) {
  if (typeof callback !== 'function') return promise;
  promise.then((value) => callback(null, value), (error) => callback(error));
  return undefined;
}

class Client {
  constructor(config) {
    const options = settings(config);
    this.host = options.host;
    this.port = options.port;
    this.user = options.user;
    this.database = options.database;
    this.connectionTimeoutMillis = options.connectionTimeoutMillis;
    this.processID = null;
    this._state = 'new';
  }

  connect(callback) {
    return withCallback(this._connect(), callback);
  }

  async _connect() {
    if (this._state !== 'new')
      throw new Error('Client has already been connected. You cannot reuse a client.');
    this._state = 'connecting';
    const attempt = (async () => {
      await new Promise((resolve) => setTimeout(resolve, CONNECT_MS));
      return request(this, '/connect', { user: this.user, database: this.database });
    })();
    let timer;
    const limit =
      this.connectionTimeoutMillis > 0
        ? new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error('Connection terminated due to connection timeout')),
              this.connectionTimeoutMillis,
            );
          })
        : null;
    try {
      const reply = await (limit ? Promise.race([attempt, limit]) : attempt);
      this.processID = reply.processId;
      this._state = 'connected';
    } catch (error) {
      this._state = 'failed';
      throw error;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }

  query(textOrConfig, values, callback) {
    if (typeof values === 'function') {
      callback = values;
      values = undefined;
    }
    const text = typeof textOrConfig === 'string' ? textOrConfig : textOrConfig && textOrConfig.text;
    const params = values || (typeof textOrConfig === 'object' && textOrConfig ? textOrConfig.values : undefined) || [];
    return withCallback(this._query(text, params), callback);
  }

  async _query(text, params) {
    if (this._state === 'ended') throw new Error('Client was closed and is not queryable');
    if (this._state !== 'connected')
      throw new Error('Client is not connected: call await client.connect() first');
    if (typeof text !== 'string') throw new TypeError('Client was passed a null or undefined query');
    const result = await request(this, '/query', { text, params: params.map(toParameter) });
    return revive(result);
  }

  end(callback) {
    this._state = 'ended';
    return withCallback(Promise.resolve(), callback);
  }
}

/** node-postgres's conversion of JavaScript values to query parameters. */
function toParameter(value) {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && !Array.isArray(value)) return JSON.stringify(value);
  return value;
}

/** A pool of one connection at a time per waiting query: enough for a handler. */
class Pool {
  constructor(config) {
    this._config = config;
    this._idle = [];
    this.totalCount = 0;
  }

  async connect() {
    const client = this._idle.pop() || (await this._open());
    client.release = () => {
      this._idle.push(client);
    };
    return client;
  }

  async _open() {
    const client = new Client(this._config);
    await client.connect();
    this.totalCount++;
    return client;
  }

  async query(text, values) {
    const client = await this.connect();
    try {
      return await client.query(text, values);
    } finally {
      client.release();
    }
  }

  async end() {
    for (const client of this._idle.splice(0)) await client.end();
  }
}

async function connect(config) {
  const client = new Client(config);
  await client.connect();
  return client;
}

module.exports = { Client, Pool, DatabaseError, connect };
module.exports.default = module.exports;
`;
