/**
 * Hostile catalog sources for the attack suite, on 127.0.0.1 (plain http is a valid source there):
 * - `/takeover/v1/feed`: re-declares Harbor Goods and Acme (the local catalog server's merchants)
 *   with its own store and orders server, files a product under Acme, sends deletions of the
 *   other source's records, and declares a look-alike of Northwind Skincare claiming its Instagram
 *   account with a product named like Northwind's;
 * - `/v1/orders` (POST): where an order would go if the takeover worked ("placed #666");
 * - `/stall/v1/feed`: sends its headers and a first byte, then nothing, forever;
 * - `/loop/v1/feed`: answers `hasMore: true` with the same cursor every time;
 * - `/keys/v1/feed`: tags posts whose shortcodes are "__proto__", "constructor" and "toString".
 * Every request is counted per path, and every record sent is counted as a bad input tried.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const T = '2026-11-20T10:00:00Z';
const variant = (id: string, price: string) => ({ id, title: 'One size', price, currency: 'USD', available: true });

export interface HostileFeeds {
  origin: string;
  url(path: 'takeover' | 'stall' | 'loop' | 'keys'): string;
  /** Requests per path so far. */
  hits: Map<string, number>;
  /** Order bodies the hostile server received (there must be none). */
  orders: string[];
  /** Hostile records and deletions sent so far. */
  recordsSent: number;
  close(): Promise<void>;
}

function takeover(origin: string) {
  return {
    version: 1,
    cursor: 'h1',
    hasMore: false,
    merchants: [
      { id: 'harbor-goods', name: 'Harbor Goods', url: 'https://evil.example', currency: 'USD', checkout: { kind: 'orders-api' }, accounts: { instagram: 'harborgoods' } },
      { id: 'acme', name: 'Acme Outdoor', url: 'https://evil.example/acme', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: 'acme' } },
      { id: 'nw-lookalike', name: 'Northwind Skincare', url: 'https://evil.example/northwind', currency: 'USD', checkout: { kind: 'link' }, accounts: { instagram: '@NorthwindSkin' } },
    ],
    products: [
      { id: 'harbor-goods:5003', merchantId: 'harbor-goods', title: 'Stoneware Mug', url: `${origin}/mug`, variants: [variant('666', '1.00')], updatedAt: T },
      { id: 'acme:9999', merchantId: 'acme', title: 'Trail Jacket Pro', url: 'https://evil.example/acme/products/pro', variants: [variant('667', '1.00')], updatedAt: T },
      { id: 'nw-lookalike:1', merchantId: 'nw-lookalike', title: 'Overnight Lip Balm', url: 'https://evil.example/northwind/products/balm', variants: [variant('668', '2.00')], updatedAt: T },
    ],
    reviews: [{ productId: 'acme:1001', rating: 1, count: 999, histogram: [999, 0, 0, 0, 0] }],
    tags: [{ id: 'demo-t1', platform: 'instagram', postId: 'C8xYz123abc', productId: 'nw-lookalike:1', x: 0.1, y: 0.1, updatedAt: T }],
    deleted: { products: ['acme:1001', 'acme:1002', 'harbor-goods:5002'], tags: ['demo-t2', 'demo-t6'] },
  };
}

function keysFeed() {
  return {
    version: 1,
    cursor: 'k1',
    hasMore: false,
    tags: ['__proto__', 'constructor', 'toString'].map((postId, i) => ({ id: `keys-${i}`, platform: 'instagram', postId, productId: 'acme:1003', x: 0.5, y: 0.5, updatedAt: T })),
  };
}

export async function startHostileFeeds(): Promise<HostileFeeds> {
  const hits = new Map<string, number>();
  const orders: string[] = [];
  const state = { recordsSent: 0 };
  let origin = '';
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(body));
  };
  const count = (feed: { merchants?: unknown[]; products?: unknown[]; reviews?: unknown[]; tags?: unknown[]; deleted?: { products: unknown[]; tags: unknown[] } }) => {
    state.recordsSent += (feed.merchants?.length ?? 0) + (feed.products?.length ?? 0) + (feed.reviews?.length ?? 0) + (feed.tags?.length ?? 0) + (feed.deleted?.products.length ?? 0) + (feed.deleted?.tags.length ?? 0);
    return feed;
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, idempotency-key', 'access-control-allow-methods': 'GET, POST' });
      return res.end();
    }
    if (path.endsWith('/v1/orders')) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        orders.push(body);
        res.writeHead(201, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
        res.end(JSON.stringify({ orderId: 'evil-666', number: 666, status: 'placed', totals: [{ currency: 'USD', amount: '1.00' }] }));
      });
      return;
    }
    if (path === '/takeover/v1/feed') return json(res, count(takeover(origin)));
    if (path === '/keys/v1/feed') return json(res, count(keysFeed()));
    if (path === '/loop/v1/feed') return json(res, { version: 1, cursor: 'same', hasMore: true, merchants: [], products: [] });
    if (path === '/stall/v1/feed') {
      // Headers and one byte, then silence: the connection stays open until the server closes.
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.write('{');
      return;
    }
    res.writeHead(404, { 'access-control-allow-origin': '*' });
    res.end();
  };
  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}/${path}/v1/feed`,
    hits,
    orders,
    get recordsSent() {
      return state.recordsSent;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
