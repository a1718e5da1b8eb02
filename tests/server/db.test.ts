import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentSeq } from '../../server/catalog';
import { migrate, openDb } from '../../server/db';
import { MIGRATIONS } from '../../server/schema';
import { seedIfEmpty } from '../../server/seed';
import { onPostgres, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('the database layer', () => {
  it('records applied migrations in schema_version and applies them only once', async () => {
    const versions = await server.db.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
    expect(versions.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect(await migrate(server.db)).toBe(0);
    expect(await migrate(server.db)).toBe(0);
  });

  it('seeds the demo catalog only into an empty database', async () => {
    const seq = await currentSeq(server.db);
    expect(await seedIfEmpty(server.db, server.url)).toBeNull();
    expect(await currentSeq(server.db)).toBe(seq);
  });

  it('rolls a failed transaction back completely', async () => {
    await server.db.query('CREATE TABLE IF NOT EXISTS scratch (id int PRIMARY KEY)');
    await expect(
      server.db.transaction(async (tx) => {
        await tx.query('INSERT INTO scratch (id) VALUES (1)');
        await tx.query('INSERT INTO scratch (id) VALUES (1)'); // duplicate key
      }),
    ).rejects.toThrow();
    expect(await server.db.query('SELECT id FROM scratch')).toEqual([]);
  });

  it('keeps concurrent transactions apart (PGlite has one connection and queues them)', async () => {
    await server.db.query('CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, n int NOT NULL)');
    await server.db.query('INSERT INTO counter VALUES (1, 0) ON CONFLICT DO NOTHING');
    // Read-modify-write with a yield in between: lost updates would show if transactions interleaved.
    await Promise.all(
      Array.from({ length: 25 }, () =>
        server.db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('SELECT n FROM counter WHERE id = 1 FOR UPDATE');
          await new Promise((resolve) => setTimeout(resolve, 1));
          await tx.query('UPDATE counter SET n = $1 WHERE id = 1', [row!.n + 1]);
        }),
      ),
    );
    const [row] = await server.db.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
    expect(row!.n).toBe(25);
  });

  it('passes numbers, booleans, nulls and JSON the same way on both drivers', async () => {
    const [row] = await server.db.query<{ a: number; b: boolean; c: null; d: { x: number[] }; e: string; f: number }>(
      "SELECT $1::int AS a, $2::boolean AS b, $3::text AS c, $4::jsonb AS d, 12.50::numeric(10,2)::text AS e, nextval('change_seq') * 0 + 7 AS f",
      [42, true, null, JSON.stringify({ x: [1, 2] })],
    );
    expect(row).toEqual({ a: 42, b: true, c: null, d: { x: [1, 2] }, e: '12.50', f: 7 });
  });

  it.skipIf(onPostgres)('keeps PGlite data in its folder across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'postcart-pglite-'));
    try {
      const first = await openDb({ dataDir: dir });
      await first.query('CREATE TABLE kept (v text)');
      await first.query("INSERT INTO kept VALUES ('still here')");
      await first.close();
      const second = await openDb({ dataDir: dir });
      expect(await second.query('SELECT v FROM kept')).toEqual([{ v: 'still here' }]);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
