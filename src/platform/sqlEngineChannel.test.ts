import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { SqlError, type SqlEngine } from '../sim/database/engine';
import { connectSqlEngine, serveSqlEngine, type SqlEnginePort } from './sqlEngineChannel';

/** Node's MessagePort speaks `on('message', value)`; the channel expects the DOM's `{ data }` events. */
function asPort(port: MessagePort): SqlEnginePort {
  return {
    postMessage: (message) => port.postMessage(message),
    addEventListener: (_type, listener) => port.on('message', (data: unknown) => listener({ data })),
  };
}

/** An engine that remembers what it was asked and fails on a statement it does not know. */
function fakeEngine(log: string[]): SqlEngine {
  return {
    async run(schema, text, params) {
      log.push(`${schema}: ${text} ${JSON.stringify(params)}`);
      if (text.startsWith('SELEC '))
        throw new SqlError('syntax error at or near "SELEC"', '42601', 'ERROR', { position: '1' });
      if (text === 'boom') throw new Error('engine crashed');
      return {
        command: 'SELECT',
        rowCount: 1,
        rows: [{ n: 1n, when: new Date(0) }],
        fields: [{ name: 'n', dataTypeID: 20 }],
      };
    },
    async dropSchema(schema) {
      log.push(`drop ${schema}`);
    },
    async serverVersion() {
      return '17.5';
    },
  };
}

describe('the SQL engine across a message channel (the page ⇄ its PostgreSQL worker)', () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const channel of channels.splice(0)) {
      channel.port1.close();
      channel.port2.close();
    }
  });

  function connected(engine: Promise<SqlEngine>) {
    const channel = new MessageChannel();
    channels.push(channel);
    serveSqlEngine(asPort(channel.port2), engine);
    return connectSqlEngine(asPort(channel.port1));
  }

  it('runs statements in a schema with their parameters and hands back rows that JSON cannot carry', async () => {
    const log: string[] = [];
    const engine = connected(Promise.resolve(fakeEngine(log)));
    const result = await engine.run('ws_a__db', 'SELECT $1::int AS n', [7]);
    expect(result.rows).toEqual([{ n: 1n, when: new Date(0) }]);
    expect(result.fields).toEqual([{ name: 'n', dataTypeID: 20 }]);
    expect(await engine.serverVersion()).toBe('17.5');
    await engine.dropSchema('ws_a__db');
    expect(log).toEqual(['ws_a__db: SELECT $1::int AS n [7]', 'drop ws_a__db']);
  });

  it('throws a PostgreSQL error as the SqlError the endpoint turns into its wire error', async () => {
    const engine = connected(Promise.resolve(fakeEngine([])));
    const error = await engine.run('s', 'SELEC 1', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect(error).toMatchObject({ code: '42601', severity: 'ERROR', extra: { position: '1' } });
    const crash = await engine.run('s', 'boom', []).catch((e: unknown) => e);
    expect(crash).not.toBeInstanceOf(SqlError);
    expect((crash as Error).message).toBe('engine crashed');
  });

  it('holds requests until the engine has started, then answers each one its own reply', async () => {
    let start!: (engine: SqlEngine) => void;
    const engine = connected(new Promise<SqlEngine>((resolve) => (start = resolve)));
    const versions = Promise.all([engine.serverVersion(), engine.run('s', 'SELECT 1', [])]);
    start(fakeEngine([]));
    const [version, result] = await versions;
    expect(version).toBe('17.5');
    expect(result.rowCount).toBe(1);
  });

  it('reports an engine that could not start to every request', async () => {
    const failed = Promise.reject(new Error('wasm failed to compile'));
    // The worker reports the failure too (its status message), so the rejection is handled there.
    failed.catch(() => undefined);
    const engine = connected(failed);
    await expect(engine.serverVersion()).rejects.toThrow('wasm failed to compile');
  });
});
