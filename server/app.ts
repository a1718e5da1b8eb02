/**
 * The HTTP surface of the catalog server, as a plain node:http request handler:
 *
 *   GET  /health                  { ok, db, seq }
 *   GET  /v1/feed?since=&limit=   Postcart feed v1 page (ETag, 304)
 *   POST /v1/products|reviews|tags  seller writes (Bearer token)
 *   POST /v1/orders               orders (Idempotency-Key)
 *   GET  /v1/seller               the merchant of a seller token (Bearer token)
 *   POST /v1/events               shoppers' anonymous events, counted per post, product and hour
 *   GET  /v1/stats?from=&to=      a merchant's figures per post and product (Bearer token)
 *   GET  /demo/images/<file>      the demo catalog's images
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from './db';
import { catalogId, currentSeq } from './catalog';
import { recordEvents } from './events';
import { FeedRequestError, etagOf, matchesEtag, parseLimit, parseSince, readFeed } from './feed';
import { HttpError, corsHeaders, preflightHeaders, readJson, sendError, sendJson } from './http';
import { IdempotencyKey, placeOrder } from './orders';
import { StatsRequestError, parsePeriod, readStats } from './stats';
import { merchantForToken } from './tokens';
import { applyOps, applyProductOp, applyReviewOp, applyTagOp, opSchemas, parseOps } from './writes';

export interface AppOptions {
  db: Db;
  /** Origins besides https that seller records may link to: this server's own, for its images. */
  allowedOrigins?: readonly string[];
  /** Folder holding demo/images/ (the project's public/). Without it no images are served. */
  staticRoot?: URL;
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const IMAGE_TYPES: Record<string, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

export async function createApp(options: AppOptions): Promise<Handler> {
  const { db } = options;
  const catalog = await catalogId(db);
  const ops = opSchemas(options.allowedOrigins ?? []);

  async function health(res: ServerResponse): Promise<void> {
    sendJson(res, 200, { ok: true, db: db.kind, seq: await currentSeq(db) });
  }

  async function feed(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let page;
    try {
      const since = parseSince(url.searchParams.get('since'), catalog);
      const limit = parseLimit(url.searchParams.get('limit'));
      page = await readFeed(db, since, limit, catalog);
    } catch (error) {
      if (error instanceof FeedRequestError) throw new HttpError(400, 'bad feed request', { reason: error.message });
      throw error;
    }
    const body = JSON.stringify(page);
    const etag = etagOf(body);
    // no-cache: caches may keep the page but must ask again (cheaply, with If-None-Match).
    const headers = { etag, 'cache-control': 'no-cache' };
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  /** The merchant of the request's bearer token; 401 when there is none or it is unknown. */
  async function seller(req: IncomingMessage): Promise<string> {
    const challenge = { 'www-authenticate': 'Bearer realm="postcart"' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) throw new HttpError(401, 'seller requests need "Authorization: Bearer <token>"', undefined, challenge);
    const merchantId = await merchantForToken(db, match[1]);
    if (!merchantId) throw new HttpError(401, 'unknown seller token', undefined, challenge);
    return merchantId;
  }

  async function write(req: IncomingMessage, res: ServerResponse, kind: 'products' | 'reviews' | 'tags'): Promise<void> {
    const merchantId = await seller(req);
    const body = await readJson(req);
    const results =
      kind === 'products'
        ? await applyOps(db, merchantId, parseOps(body, ops.products), applyProductOp)
        : kind === 'reviews'
          ? await applyOps(db, merchantId, parseOps(body, ops.reviews), applyReviewOp)
          : await applyOps(db, merchantId, parseOps(body, ops.tags), applyTagOp);
    sendJson(res, 200, { merchantId, results });
  }

  /** Who a token belongs to: the extension checks a token with it when a seller connects. */
  async function sellerInfo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const merchantId = await seller(req);
    const [row] = await db.query<{ name: string }>('SELECT name FROM merchants WHERE id = $1', [merchantId]);
    sendJson(res, 200, { merchantId, merchantName: row?.name ?? merchantId }, { 'cache-control': 'no-store' });
  }

  async function events(req: IncomingMessage, res: ServerResponse): Promise<void> {
    sendJson(res, 200, await recordEvents(db, await readJson(req)));
  }

  async function stats(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const merchantId = await seller(req);
    let period;
    try {
      period = parsePeriod(url.searchParams.get('from'), url.searchParams.get('to'));
    } catch (error) {
      if (error instanceof StatsRequestError) throw new HttpError(400, 'bad stats request', { reason: error.message });
      throw error;
    }
    sendJson(res, 200, await readStats(db, merchantId, period), { 'cache-control': 'no-store' });
  }

  async function order(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers['idempotency-key'];
    const key = IdempotencyKey.safeParse(header);
    if (!key.success) throw new HttpError(400, 'orders need an Idempotency-Key header (1 to 200 characters), one per checkout attempt');
    const placed = await placeOrder(db, key.data, await readJson(req));
    sendJson(res, placed.created ? 201 : 200, placed.order);
  }

  async function image(res: ServerResponse, name: string): Promise<void> {
    const type = IMAGE_TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()];
    // One plain file name, no dots up front: nothing outside demo/images can be named.
    if (!options.staticRoot || !type || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/.test(name)) throw new HttpError(404, 'not found');
    let data: Buffer;
    try {
      data = await readFile(new URL(`demo/images/${name}`, options.staticRoot));
    } catch {
      throw new HttpError(404, 'not found');
    }
    // SVG may carry script: a sandbox CSP keeps it inert if someone opens the image as a page.
    res.writeHead(200, {
      'content-type': type,
      'content-length': data.length,
      'cache-control': 'public, max-age=86400',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
    res.end(data);
  }

  /** Routes: path -> method -> action. Unknown path 404, known path with another method 405. */
  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://server.invalid');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, preflightHeaders(req));
      res.end();
      return;
    }
    const routes: Record<string, Record<string, () => Promise<void>>> = {
      '/health': { GET: () => health(res) },
      '/v1/feed': { GET: () => feed(req, res, url) },
      '/v1/products': { POST: () => write(req, res, 'products') },
      '/v1/reviews': { POST: () => write(req, res, 'reviews') },
      '/v1/tags': { POST: () => write(req, res, 'tags') },
      '/v1/orders': { POST: () => order(req, res) },
      '/v1/seller': { GET: () => sellerInfo(req, res) },
      '/v1/events': { POST: () => events(req, res) },
      '/v1/stats': { GET: () => stats(req, res, url) },
    };
    const imageName = /^\/demo\/images\/([^/]+)$/.exec(url.pathname)?.[1];
    const methods = imageName !== undefined ? { GET: () => image(res, decodeURIComponent(imageName)) } : routes[url.pathname];
    if (!methods) throw new HttpError(404, 'not found');
    // HEAD is GET without the body (node drops the body of a HEAD response by itself).
    const action = methods[method] ?? (method === 'HEAD' ? methods.GET : undefined);
    if (!action) throw new HttpError(405, `use ${Object.keys(methods).join(' or ')}`, undefined, { allow: `${Object.keys(methods).join(', ')}, OPTIONS` });
    await action();
  }

  return (req, res) => {
    for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value);
    res.setHeader('x-content-type-options', 'nosniff');
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendError(res, error);
        // A refused oversized body is left unread; the connection closes after the answer.
        if (error.status === 413) req.resume();
        return;
      }
      if (error instanceof URIError) {
        sendError(res, new HttpError(400, 'malformed URL'));
        return;
      }
      // Details stay in the server log; the client learns only that it was not its fault.
      console.error(`${req.method} ${req.url}:`, error);
      sendError(res, new HttpError(500, 'internal error'));
    });
  };
}
