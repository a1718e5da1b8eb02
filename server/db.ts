/**
 * One small interface over SQL with two implementations: PGlite (PostgreSQL compiled to WASM,
 * in-process) and node-postgres against a PostgreSQL server. Every caller writes plain PostgreSQL
 * with $1 placeholders; the same statements run on both.
 */
import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
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
  /** Which lane it waits in on PGlite (see Priority); PostgreSQL has a pool and ignores it. */
  priority?: Priority;
}

/**
 * PGlite has one connection, so what waits for it goes in lanes, each emptied before the next:
 * 'interactive' (the default: health, feed, writes, orders: quick, and someone waits), 'heavy'
 * (a seller's stats: long scans that may wait a little), 'background' (event writes: nobody waits
 * on them but their own client, and they come in bulk).
 */
export type Priority = 'interactive' | 'heavy' | 'background';
const LANES: Record<Priority, number> = { interactive: 0, heavy: 1, background: 2 };

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Single statements queued in a lane other than 'interactive' (PGlite; PostgreSQL ignores it). */
  at(priority: Priority): Queryable;
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

interface WorkerReply {
  id: number;
  rows?: Row[];
  error?: { message: string; code?: string; detail?: string };
}

/** An error the database reported, with PostgreSQL's code when it gave one. */
export class DbError extends Error {
  override name = 'DbError';
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * PGlite runs in a worker thread (pglite-worker.mjs): PostgreSQL as WebAssembly blocks the thread
 * it runs on, and on the main thread a long statement (a stats page, a batch of events) would stop
 * every other request, /health included.
 *
 * PGlite has a single connection: two transactions must never interleave on it, and a plain query
 * must not slip into someone else's open transaction. Everything goes through one queue of lanes
 * (see Priority): a statement or transaction starts only when the lanes before its own are empty.
 */
class PgliteDb implements Db {
  readonly kind = 'pglite';
  private readonly lanes: (() => void)[][] = [[], [], []];
  private busy = false;
  private nextId = 1;
  private readonly calls = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: Error) => void }>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      const call = this.calls.get(reply.id);
      if (!call) return;
      this.calls.delete(reply.id);
      if (reply.error) call.reject(new DbError(reply.error.message, reply.error.code, reply.error.detail));
      else call.resolve(reply.rows ?? []);
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const call of this.calls.values()) call.reject(error);
      this.calls.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the database worker stopped (exit code ${code})`)));
  }

  static async open(dataDir: string): Promise<PgliteDb> {
    if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
    const db = new PgliteDb(new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir } }));
    try {
      await db.query('SELECT 1');
    } catch (error) {
      await db.worker.terminate();
      throw error;
    }
    return db;
  }

  /** One statement on the worker, outside the queue: callers hold the queue. */
  private send(sql: string, params: readonly SqlParam[]): Promise<Row[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Row[]>((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql, params });
    });
  }

  /** Runs `task` alone on the connection, after what waits in its lane and the lanes before it. */
  private exclusive<T>(task: () => Promise<T>, priority: Priority = 'interactive'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.lanes[LANES[priority]]!.push(() => {
        task().then(resolve, reject).finally(() => {
          this.busy = false;
          this.pump();
        });
      });
      this.pump();
    });
  }

  private pump(): void {
    if (this.busy) return;
    const next = this.lanes.find((lane) => lane.length > 0)?.shift();
    if (!next) return;
    this.busy = true;
    next();
  }

  query<T extends Row = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return this.exclusive(async () => (await this.send(sql, params)) as T[]);
  }

  at(priority: Priority): Queryable {
    return { query: async <T extends Row = Row>(sql: string, params: readonly SqlParam[] = []) => this.exclusive(async () => (await this.send(sql, params)) as T[], priority) };
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    return this.exclusive(async () => {
      // One connection means nobody else can write mid-transaction; the level is kept for parity.
      await this.send(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation.toUpperCase()}` : 'BEGIN', []);
      try {
        const result = await fn({ query: async <R extends Row = Row>(sql: string, params: readonly SqlParam[] = []) => (await this.send(sql, params)) as R[] });
        await this.send('COMMIT', []);
        return result;
      } catch (error) {
        await this.send('ROLLBACK', []).catch(() => undefined);
        throw error;
      }
    }, options.priority);
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      const id = this.nextId++;
      await new Promise<Row[]>((resolve, reject) => {
        this.calls.set(id, { resolve, reject });
        this.worker.postMessage({ id, close: true });
      });
    });
    await this.worker.terminate();
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

  at(): Queryable {
    return this;
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
