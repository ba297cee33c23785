/**
 * The build's prepared PGlite data directory: PostgreSQL starts from it (no initdb) and behaves as the engine
 * that ran initdb itself: same server, same SQL, same errors with PostgreSQL's fields. A tarball that does not
 * load leaves the engine to run initdb, so the lab database still starts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlError } from '../src/sim/database/engine';
import { createPgliteEngine } from '../src/sim/database/pglite';
import { cachedPgliteDataDir, pgliteDataDirKey } from './pglite-datadir';

const root = path.dirname(import.meta.dirname);

describe('the prepared PGlite data directory', () => {
  it('is a gzip tarball keyed by the installed PGlite build', async () => {
    const tarball = await cachedPgliteDataDir(root);
    expect([tarball[0], tarball[1]]).toEqual([0x1f, 0x8b]);
    expect(pgliteDataDirKey(root)).toMatch(/^[0-9a-f]{16}$/);
    // Made once: the second call reads the same bytes back.
    // (compared as Buffers: a deep equality over 4.5 million elements takes most of a minute)
    expect(Buffer.from(await cachedPgliteDataDir(root)).equals(tarball)).toBe(true);
    // Its first making runs initdb in Node.js: seconds on a quiet machine, minutes on a loaded one.
  }, 300_000);

  it('starts PostgreSQL without initdb and answers SQL as PostgreSQL does', async () => {
    const tarball = await cachedPgliteDataDir(root);
    const engine = await createPgliteEngine({
      dataDir: new Blob([tarball], { type: 'application/gzip' }),
    });
    expect(await engine.serverVersion()).toMatch(/^\d+\.\d+/);
    await engine.run('lab_a', 'CREATE TABLE orders (order_id text PRIMARY KEY, quantity integer)', []);
    const inserted = await engine.run(
      'lab_a',
      'INSERT INTO orders (order_id, quantity) VALUES ($1, $2) RETURNING order_id',
      ['o-1', 2],
    );
    expect(inserted).toMatchObject({ command: 'INSERT', rowCount: 1, rows: [{ order_id: 'o-1' }] });
    const duplicate = await engine
      .run('lab_a', 'INSERT INTO orders (order_id, quantity) VALUES ($1, $2)', ['o-1', 3])
      .catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(SqlError);
    expect(duplicate).toMatchObject({ code: '23505', severity: 'ERROR' });
    // Another schema of the same engine does not see the table.
    const missing = await engine.run('lab_b', 'SELECT * FROM orders', []).catch((error: unknown) => error);
    expect(missing).toMatchObject({ code: '42P01', message: 'relation "orders" does not exist' });
  }, 120_000);
});
