/**
 * The HTTP surface of the catalog server, as a plain node:http request handler:
 *
 *   GET  /health                  { ok, db, seq }
 *   GET  /v1/feed?since=&limit=   Postcart feed v1 page (ETag, 304)
 *   POST /v1/products|reviews|tags  seller writes (Bearer token)
 *   POST /v1/orders               orders (Idempotency-Key)
 *   GET  /v1/seller               the merchant of a seller token (Bearer token)
 *   POST /v1/events               shoppers' anonymous events, counted per post, product and hour
 *   GET  /v1/stats?from=&to=&limit=&cursor=  a merchant's figures per post and product, paged (Bearer token)
 *   GET  /demo/images/<file>      the demo catalog's images
 *
 * Seller pairing (pairing.ts), see server/README.md:
 *   GET  /seller, /seller/*       the seller page (HTML; it signs in with a seller token or the admin secret)
 *   GET  /pair                    where a pairing link lands when opened in a browser
 *   GET  /v1/seller/merchants     the merchants the caller may pair (Bearer token or admin secret)
 *   POST /v1/seller/pairing-codes a short pairing code for a merchant (idem)
 *   GET  /v1/seller/tokens        a merchant's tokens, by public id (idem)
 *   POST /v1/seller/tokens/revoke revokes one (idem)
 *   POST /v1/pairing/redeem       a pairing code for a new seller token (anonymous, guessing-limited)
 *
 * Every POST takes application/json only (415 otherwise). Anonymous clients are limited per
 * address (see limits.ts): requests of any kind, events, orders; 429 with Retry-After past a
 * client's budget, 503 with Retry-After when the server as a whole is busy.
 */
import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from './db';
import { catalogId, currentSeq } from './catalog';
import { EventIngest, MAX_EVENTS, parseBatch } from './events';
import { FeedRequestError, etagOf, matchesEtag, parseLimit, parseSince, readFeed } from './feed';
import { HttpError, corsHeaders, isCleanId, preflightHeaders, readJson, requireJson, sendError, sendJson, zodProblems } from './http';
import { DEFAULT_LIMITS, FailureWindow, RateLimiter, clientAddress, type Limits } from './limits';
import { createPairingCode, formatCode, normalizeCode, redeemPairingCode } from './pairing';
import { IdempotencyKey, placeOrder } from './orders';
import { StatsRequestError, Walks, parseStatsRequest, readStats } from './stats';
import { listSellerTokens, merchantForToken, revokeSellerToken, sha256, tokenOwner } from './tokens';
import { applyOps, applyProductOp, applyReviewOp, applyTagOp, opSchemas, parseOps } from './writes';
import { Id } from '../utils/catalog/model';

export interface AppOptions {
  db: Db;
  /** Origins besides https that seller records may link to: this server's own, for its images. */
  allowedOrigins?: readonly string[];
  /** Folder holding demo/images/ (the project's public/). Without it no images are served. */
  staticRoot?: URL;
  /** Budgets of anonymous clients; what is not given comes from DEFAULT_LIMITS. */
  limits?: Partial<Limits>;
  /**
   * Behind a reverse proxy you run: take the client's address from the last X-Forwarded-For hop.
   * Off by default, since any client can write that header.
   */
  trustProxy?: boolean;
  /** The clock (tests move it); Date.now by default. */
  now?: () => number;
  /**
   * The admin secret (printed at start by main.ts): signs in to the seller page for any merchant.
   * Without it only seller tokens sign in.
   */
  adminSecret?: string;
  /** How clients reach this server, for pairing links; the first allowed origin by default. */
  publicUrl?: string;
  /**
   * 429 and 503 answers wait this long (default 1000 ms, at most MAX_HELD of them at once): a
   * client that retries at once instead of honouring Retry-After is slowed to one try a second
   * per connection, and costs the server a sleeping socket rather than a busy loop.
   */
  refusalDelayMs?: number;
}

/** Refusals held back at once; past that they are answered at once (a held socket costs memory). */
const MAX_HELD = 512;

/** The seller page's files (server/seller/), read once at start. */
const PAGES: Record<string, { file: string; type: string }> = {
  '/seller': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/seller/seller.js': { file: 'seller.js', type: 'text/javascript; charset=utf-8' },
  '/seller/seller.css': { file: 'seller.css', type: 'text/css; charset=utf-8' },
  '/pair': { file: 'pair.html', type: 'text/html; charset=utf-8' },
  '/seller/pair.js': { file: 'pair.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * The pages run only their own files, talk only to this server, and can't be framed (clickjacking)
 * or send a referrer. They hold no secret of their own: whatever they show, they fetch with the
 * Authorization header the seller signs in with, so there is no cookie another site could ride on.
 */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const CodeRequest = z.object({ merchantId: Id.optional() });
const RevokeRequest = z.object({ id: z.string().min(1).max(100), merchantId: Id.optional() });
const RedeemRequest = z.object({
  code: z.string().max(100),
  /** A name for the device, shown on the seller page next to its token ("Chrome on my laptop"). */
  device: z.string().trim().max(100).regex(/^[^\u0000-\u001f\u007f-\u009f]*$/, 'device must be plain text').optional(),
});

/** Who signed in to a seller-console request. */
type Principal = { admin: true } | { admin: false; merchantId: string; tokenId: string };

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
  const now = options.now ?? Date.now;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  // A full batch must fit a fresh budget, or a client could never send one.
  if (limits.eventsPerClient.burst < MAX_EVENTS || limits.eventsGlobal.burst < MAX_EVENTS || limits.maxQueuedEvents < MAX_EVENTS) {
    throw new Error(`event budgets and the queue must hold at least one full batch (${MAX_EVENTS} events)`);
  }
  const trustProxy = options.trustProxy ?? false;
  const requestsPerClient = new RateLimiter(limits.requestsPerClient, now);
  const eventsPerClient = new RateLimiter(limits.eventsPerClient, now);
  const eventsGlobal = new RateLimiter(limits.eventsGlobal, now, 1);
  const ordersPerClient = new RateLimiter(limits.ordersPerClient, now);
  const ingest = new EventIngest(db);
  const walks = new Walks(now);
  const refusalDelayMs = options.refusalDelayMs ?? 1000;
  let held = 0;
  const pairingPerClient = new FailureWindow(limits.pairingFailuresPerClient, limits.pairingWindowMs, now);
  const pairingGlobal = new FailureWindow(limits.pairingFailuresGlobal, limits.pairingWindowMs, now, 1);
  const adminHash = options.adminSecret ? Buffer.from(sha256(options.adminSecret), 'hex') : null;
  const publicUrl = (options.publicUrl ?? options.allowedOrigins?.[0] ?? '').replace(/\/+$/, '');
  const pages = new Map<string, { body: Buffer; type: string }>();
  for (const [path, page] of Object.entries(PAGES)) pages.set(path, { body: await readFile(new URL(`./seller/${page.file}`, import.meta.url)), type: page.type });

  /** 429 for a client over its budget, 503 when the server as a whole is. */
  function refuse(admission: { ok: false; retryAfterSeconds: number }, status: 429 | 503, what: string): never {
    throw new HttpError(status, status === 429 ? `too many ${what} from this address; try again later` : `the server is busy; try again later`, { retryAfterSeconds: admission.retryAfterSeconds }, { 'retry-after': String(admission.retryAfterSeconds) });
  }

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

  const challenge = { 'www-authenticate': 'Bearer realm="postcart"' };

  function bearerToken(req: IncomingMessage): string {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) throw new HttpError(401, 'seller requests need "Authorization: Bearer <token>"', undefined, challenge);
    return match[1];
  }

  /** The merchant of the request's bearer token; 401 when there is none or it is unknown. */
  async function seller(req: IncomingMessage): Promise<string> {
    const merchantId = await merchantForToken(db, bearerToken(req));
    if (!merchantId) throw new HttpError(401, 'unknown seller token', undefined, challenge);
    return merchantId;
  }

  /** A seller token or the admin secret (compared as hashes, in constant time). */
  async function principal(req: IncomingMessage): Promise<Principal> {
    const token = bearerToken(req);
    if (adminHash && timingSafeEqual(Buffer.from(sha256(token), 'hex'), adminHash)) return { admin: true };
    const owner = await tokenOwner(db, token);
    if (!owner) throw new HttpError(401, 'unknown seller token or admin secret', undefined, challenge);
    return { admin: false, ...owner };
  }

  /** The merchant a console request is about: the token's own, or for the admin the one it names. */
  async function merchantFor(who: Principal, requested: string | undefined): Promise<{ id: string; name: string }> {
    const id = who.admin ? requested : (requested ?? who.merchantId);
    if (!id) throw new HttpError(400, 'name the merchant: merchantId');
    if (!who.admin && id !== who.merchantId) throw new HttpError(403, "a seller token speaks only for its own merchant");
    const [row] = await db.query<{ name: string }>('SELECT name FROM merchants WHERE id = $1', [id]);
    if (!row) throw new HttpError(404, `no merchant "${id}"`);
    return { id, name: row.name };
  }

  function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, `invalid ${what}`, zodProblems(parsed.error));
    return parsed.data;
  }

  function page(res: ServerResponse, path: string): void {
    const found = pages.get(path)!;
    res.writeHead(200, { 'content-type': found.type, 'content-length': found.body.length, ...PAGE_HEADERS });
    res.end(found.body);
  }

  async function consoleMerchants(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const who = await principal(req);
    const rows = who.admin
      ? await db.query<{ id: string; name: string }>('SELECT id, name FROM merchants ORDER BY name, id')
      : await db.query<{ id: string; name: string }>('SELECT id, name FROM merchants WHERE id = $1', [who.merchantId]);
    sendJson(res, 200, { admin: who.admin, merchants: rows.map((row) => ({ id: row.id, name: row.name })) }, { 'cache-control': 'no-store' });
  }

  async function pairingCode(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const who = await principal(req);
    const request = parseBody(CodeRequest, await readJson(req), 'pairing code request');
    const merchant = await merchantFor(who, request.merchantId);
    const issued = await createPairingCode(db, merchant.id, now(), limits.pairingCodeTtlMs, limits.pairingCodesPerMerchant);
    sendJson(
      res,
      201,
      {
        code: formatCode(issued.code),
        link: `${publicUrl}/pair#code=${issued.code}`,
        merchantId: merchant.id,
        merchantName: merchant.name,
        expiresAt: issued.expiresAt,
      },
      { 'cache-control': 'no-store' },
    );
  }

  async function tokens(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const who = await principal(req);
    const requested = url.searchParams.get('merchantId') ?? undefined;
    const merchant = await merchantFor(who, requested === '' ? undefined : requested);
    const list = await listSellerTokens(db, merchant.id);
    sendJson(res, 200, { merchantId: merchant.id, tokens: list.map((token) => ({ ...token, current: !who.admin && token.id === who.tokenId })) }, { 'cache-control': 'no-store' });
  }

  async function revoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const who = await principal(req);
    const request = parseBody(RevokeRequest, await readJson(req), 'revoke request');
    const merchant = await merchantFor(who, request.merchantId);
    if (!(await revokeSellerToken(db, merchant.id, request.id))) throw new HttpError(404, `no token "${request.id}" of merchant "${merchant.id}"`);
    sendJson(res, 200, { revoked: request.id, merchantId: merchant.id });
  }

  /**
   * Anonymous, so guessing is what to fear: a locked-out address (or everyone, past the global
   * count) is refused before its code is even looked at, and every well-formed code that does not
   * redeem counts as a wrong try (a malformed one can't be a right guess). The answer never says
   * whether a code existed, expired or was used.
   */
  async function redeem(req: IncomingMessage, res: ServerResponse, client: string): Promise<void> {
    requireJson(req);
    for (const [window, who] of [[pairingPerClient, client], [pairingGlobal, 'all']] as const) {
      const admission = window.check(who);
      if (!admission.ok) {
        throw new HttpError(429, 'too many wrong pairing codes; try again later, or paste a seller token instead', { reason: 'locked', retryAfterSeconds: admission.retryAfterSeconds }, { 'retry-after': String(admission.retryAfterSeconds) });
      }
    }
    const request = parseBody(RedeemRequest, await readJson(req), 'pairing request');
    const code = normalizeCode(request.code);
    if (!code) throw new HttpError(400, 'a pairing code is 8 letters and digits, like ABCD-EFGH', { reason: 'malformed-code' });
    const paired = await redeemPairingCode(db, code, request.device ?? '', now());
    if (!paired) {
      pairingPerClient.fail(client);
      pairingGlobal.fail('all');
      throw new HttpError(400, 'this pairing code is not valid: it may be mistyped, expired or already used', { reason: 'invalid-code' });
    }
    sendJson(res, 201, paired, { 'cache-control': 'no-store' });
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

  /**
   * A batch costs its client as many tokens as it has events, valid or not; an address with
   * nothing left is refused before its body is read. Past the global budget or with too many
   * events waiting to be written, the answer is 503: the extension keeps the batch and retries.
   */
  async function events(req: IncomingMessage, res: ServerResponse, client: string): Promise<void> {
    requireJson(req);
    const before = eventsPerClient.check(client);
    if (!before.ok) refuse(before, 429, 'events');
    const busy = eventsGlobal.check('all');
    if (!busy.ok) refuse(busy, 503, 'events');
    if (ingest.queuedEvents >= limits.maxQueuedEvents) refuse({ ok: false, retryAfterSeconds: 1 }, 503, 'events');
    const body = await readJson(req);
    let batch;
    try {
      batch = parseBatch(body);
    } catch (error) {
      const events = (body as { events?: unknown } | null)?.events;
      eventsPerClient.charge(client, Array.isArray(events) ? Math.max(1, events.length) : 1);
      throw error;
    }
    const cost = batch.events.length;
    const mine = eventsPerClient.take(client, cost);
    if (!mine.ok) refuse(mine, 429, 'events');
    const everyone = eventsGlobal.take('all', cost);
    if (!everyone.ok) refuse(everyone, 503, 'events');
    if (ingest.queuedEvents + cost > limits.maxQueuedEvents) refuse({ ok: false, retryAfterSeconds: 1 }, 503, 'events');
    sendJson(res, 200, await ingest.submit(batch.batchId, batch.events, now()));
  }

  async function stats(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const merchantId = await seller(req);
    let request;
    try {
      request = parseStatsRequest(url.searchParams, now());
    } catch (error) {
      if (error instanceof StatsRequestError) throw new HttpError(400, 'bad stats request', { reason: error.message });
      throw error;
    }
    sendJson(res, 200, await readStats(db, merchantId, request, walks), { 'cache-control': 'no-store' });
  }

  async function order(req: IncomingMessage, res: ServerResponse, client: string): Promise<void> {
    requireJson(req);
    const header = req.headers['idempotency-key'];
    const key = IdempotencyKey.safeParse(header);
    if (!key.success || !isCleanId(key.data)) {
      throw new HttpError(400, 'orders need an Idempotency-Key header (1 to 200 characters, no control characters), one per checkout attempt');
    }
    const admission = ordersPerClient.take(client);
    if (!admission.ok) refuse(admission, 429, 'orders');
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
    const client = clientAddress(req, trustProxy);
    const admission = requestsPerClient.take(client);
    if (!admission.ok) refuse(admission, 429, 'requests');
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
      '/v1/orders': { POST: () => order(req, res, client) },
      '/v1/seller': { GET: () => sellerInfo(req, res) },
      '/v1/events': { POST: () => events(req, res, client) },
      '/v1/stats': { GET: () => stats(req, res, url) },
      '/v1/seller/merchants': { GET: () => consoleMerchants(req, res) },
      '/v1/seller/pairing-codes': { POST: () => pairingCode(req, res) },
      '/v1/seller/tokens': { GET: () => tokens(req, res, url) },
      '/v1/seller/tokens/revoke': { POST: () => revoke(req, res) },
      '/v1/pairing/redeem': { POST: () => redeem(req, res, client) },
    };
    for (const path of pages.keys()) routes[path] = { GET: async () => page(res, path) };
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
        // A refused body (too large, wrong type, over budget) is left unread and drained.
        if (!req.readableEnded) req.resume();
        if ((error.status === 429 || error.status === 503) && refusalDelayMs > 0 && held < MAX_HELD) {
          held++;
          setTimeout(() => {
            held--;
            if (!res.destroyed) sendError(res, error);
          }, refusalDelayMs).unref();
          return;
        }
        sendError(res, error);
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
