/**
 * `npm run server`: the catalog server on 127.0.0.1, on PGlite (server/.data) unless DATABASE_URL
 * names a PostgreSQL server. An empty database gets the demo data (the catalog and Harbor Goods);
 * every start prints a fresh demo seller token per merchant, and the admin secret of the seller
 * page (a fresh one, unless POSTCART_ADMIN_SECRET sets it).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createApp } from './app';
import { DEFAULT_DATA_DIR, openDb } from './db';
import { issueDemoTokens, seedIfEmpty } from './seed';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 8787);
const publicUrl = (process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, '');
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.PGLITE_DIR ?? DEFAULT_DATA_DIR;
const demo = process.env.POSTCART_DEMO !== '0';
const trustProxy = process.env.TRUST_PROXY === '1';
const adminSecret = process.env.POSTCART_ADMIN_SECRET || `pca_${randomBytes(32).toString('base64url')}`;

async function main(): Promise<void> {
  if (adminSecret.length < 24) throw new Error('POSTCART_ADMIN_SECRET must be at least 24 characters');
  const started = performance.now();
  const db = await openDb({ databaseUrl, dataDir });
  console.log(`database: ${databaseUrl ? 'postgres (DATABASE_URL)' : `pglite (${dataDir})`}, ready in ${Math.round(performance.now() - started)} ms`);

  let tokens = new Map<string, string>();
  if (demo) {
    const seeded = await seedIfEmpty(db, publicUrl);
    if (seeded) console.log(`seeded the demo data: ${seeded.merchants} merchants, ${seeded.products} products, ${seeded.reviews} review summaries, ${seeded.tags} tags`);
    tokens = await issueDemoTokens(db);
  }

  const app = await createApp({ db, allowedOrigins: [new URL(publicUrl).origin], staticRoot: new URL('../public/', import.meta.url), trustProxy, adminSecret, publicUrl });
  const server = createServer(app);
  server.keepAliveTimeout = 5000;
  // A client trickling its headers or body (slowloris) is cut off instead of holding a socket.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });

  console.log(`Postcart catalog server on http://${host}:${port}  (feed: ${publicUrl}/v1/feed)`);
  for (const [merchantId, token] of tokens) console.log(`  seller token for ${merchantId}: ${token}`);
  console.log(`  seller page: ${publicUrl}/seller  (sign in with a seller token, or the admin secret${process.env.POSTCART_ADMIN_SECRET ? ' from POSTCART_ADMIN_SECRET' : `: ${adminSecret}`})`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    // Stop taking connections, let requests in flight finish, then close the database cleanly
    // (PGlite flushes its data folder on close).
    server.close(() => {
      db.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error('closing the database failed:', error);
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
    // Keep-alive clients that never go idle must not hold the shutdown forever.
    setTimeout(() => server.closeAllConnections(), 3000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('catalog server failed to start:', error);
  process.exit(1);
});
