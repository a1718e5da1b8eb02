/**
 * One small interface over SQL with two implementations: PGlite (PostgreSQL compiled to WASM,
 * in-process) and node-postgres against a PostgreSQL server. Every caller writes plain PostgreSQL
 * with $1 placeholders; the same statements run on both.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { MIGRATIONS } from './schema';

/**
 * What a statement parameter may be. JSON goes in as a string with a `::jsonb` cast: node-postgres
 * would turn a JS array into a PostgreSQL array, PGlite into JSON, so neither gets objects.
 */
export type SqlParam = string | number | boolean | null;

/** A result row. Callers name the columns they selected with their own row interface. */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
}

export type DbKind = 'pglite' | 'postgres';

export interface TransactionOptions {
  /** Feed reads use 'repeatable read' so all their statements see one snapshot. */
  isolation?: 'read committed' | 'repeatable read';
}

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://... to use a PostgreSQL server; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data folder, or 'memory://' for a throwaway database (tests). */
  dataDir?: string;
  /**
   * PostgreSQL only: keep every table in this schema (created if missing). Lets several test
   * files share one database without seeing each other's rows.
   */
  schema?: string;
}

export const DEFAULT_DATA_DIR = 'server/.data';

/** Opens the database named by the options and applies pending migrations. */
export async function openDb(options: DbOptions = {}): Promise<Db> {
  const db = options.databaseUrl
    ? await PostgresDb.connect(options.databaseUrl, options.schema)
    : await PgliteDb.open(options.dataDir ?? DEFAULT_DATA_DIR);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

// ---------------------------------------------------------------- PGlite

/**
 * PGlite has a single connection: two transactions must never interleave on it, and a plain query
 * must not slip into someone else's open transaction. Everything goes through one promise queue.
 */
class PgliteDb implements Db {
  readonly kind = 'pglite';
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly pglite: PGlite) {}

  static async open(dataDir: string): Promise<PgliteDb> {
    if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
    return new PgliteDb(await PGlite.create(dataDir));
  }

  /** Runs `task` after everything queued before it, whether that succeeded or failed. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.exclusive(async () => (await this.pglite.query<T>(sql, [...params])).rows);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.exclusive(() =>
      this.pglite.transaction(async (tx) => {
        // One connection means nobody else can write mid-transaction; the level is kept for parity.
        if (options.isolation) await tx.query(`SET TRANSACTION ISOLATION LEVEL ${options.isolation.toUpperCase()}`);
        return fn({
          query: async <R extends Row = Row>(sql: string, params: readonly SqlParam[] = []) =>
            (await tx.query<R>(sql, [...params])).rows,
        });
      }),
    );
  }

  close(): Promise<void> {
    return this.exclusive(() => this.pglite.close());
  }
}

// ---------------------------------------------------------------- PostgreSQL server

const INT8_OID = 20;

/** Sequence values and counts arrive as numbers on both drivers (ours stay far below 2^53). */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

class PostgresDb implements Db {
  readonly kind = 'postgres';

  private constructor(private readonly pool: pg.Pool) {}

  static async connect(connectionString: string, schema?: string): Promise<PostgresDb> {
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Bad schema name "${schema}"`);
    if (schema) {
      // Created over a plain connection first: search_path below only applies to an existing schema.
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      } finally {
        await client.end();
      }
    }
    const pool = new pg.Pool({
      connectionString,
      types,
      max: Number(process.env.PG_POOL_MAX ?? 10),
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client losing its server must not crash the process; the next query reconnects.
    pool.on('error', (error) => console.error('postgres pool:', error.message));
    return new PostgresDb(pool);
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, [...params])).rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}` : 'BEGIN');
      const result = await fn({
        query: async <R extends Row = Row>(sql: string, params: readonly SqlParam[] = []) =>
          (await client.query<R>(sql, [...params])).rows,
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

// ---------------------------------------------------------------- migrations

/** Any number: it only has to be the same for every process migrating or writing this database. */
export const MIGRATION_LOCK = 7_160_401;

/**
 * Applies the migrations this database has not seen yet, each in its own transaction together with
 * its schema_version row. The advisory lock makes two servers starting at once take turns.
 */
export async function migrate(db: Db): Promise<number> {
  await db.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  let applied = 0;
  for (const migration of MIGRATIONS) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('SELECT 1 FROM schema_version WHERE version = $1', [migration.version]);
      if (done.length > 0) return;
      // Several statements in one string: run them one by one (prepared statements take one each).
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_version (version) VALUES ($1)', [migration.version]);
      applied++;
    });
  }
  return applied;
}

/** Splits a migration on semicolons at line ends; migrations keep to that (no functions with bodies). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement.length > 0);
}
