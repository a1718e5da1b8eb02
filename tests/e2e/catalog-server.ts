/**
 * The real catalog server (server/), in the test process, for end-to-end tests: in-memory PGlite,
 * the demo data (incl. Harbor Goods, the orders-api merchant), demo seller tokens. It can be stopped
 * and started again on the same port, and its order answers can be slowed or lost on the way back
 * (the order is committed, the client never hears) to prove retries never order twice.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type Handler } from '../../server/app';
import { openDb, type Db } from '../../server/db';
import { issueDemoTokens, seedIfEmpty } from '../../server/seed';

export type OrderMode = 'normal' | 'lose-answer' | 'slow';

export interface E2ECatalogServer {
  origin: string;
  feedUrl: string;
  db: Db;
  tokens: Map<string, string>;
  /** How POST /v1/orders behaves from now on. */
  setOrderMode(mode: OrderMode, slowMs?: number): void;
  /** Refuses connections (the port is closed) until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
  orderCount(merchantId?: string): Promise<number>;
}

export async function startCatalogServer(): Promise<E2ECatalogServer> {
  const db = await openDb({ dataDir: 'memory://' });
  let app: Handler | undefined;
  let mode: OrderMode = 'normal';
  let slowMs = 1500;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const isOrder = req.method === 'POST' && req.url?.startsWith('/v1/orders');
    if (isOrder && mode === 'lose-answer') {
      // Let the server commit the order, then cut the connection instead of answering.
      res.writeHead = (() => {
        req.socket.destroy();
        return res;
      }) as typeof res.writeHead;
    }
    if (isOrder && mode === 'slow') {
      setTimeout(() => app?.(req, res), slowMs);
      return;
    }
    app?.(req, res);
  };

  let server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  app = await createApp({ db, allowedOrigins: [origin], staticRoot: new URL('../../public/', import.meta.url) });
  await seedIfEmpty(db, origin);
  const tokens = await issueDemoTokens(db);

  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    origin,
    feedUrl: `${origin}/v1/feed`,
    db,
    tokens,
    setOrderMode(next, ms) {
      mode = next;
      if (ms !== undefined) slowMs = ms;
    },
    stop,
    async start() {
      server = createServer(handle);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      if (server.listening) await stop();
      await db.close();
    },
    async orderCount(merchantId) {
      const rows = await db.query<{ n: number }>(
        merchantId ? 'SELECT count(*)::int AS n FROM orders WHERE merchant_id = $1' : 'SELECT count(*)::int AS n FROM orders',
        merchantId ? [merchantId] : [],
      );
      return rows[0]?.n ?? 0;
    },
  };
}
