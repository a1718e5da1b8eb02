/**
 * Cart changes and checkout, as the background runs them. Money moves here, so every step is
 * either one Dexie transaction or safe to repeat:
 * - a checkout attempt has one idempotency key; asking again with it answers with the same order;
 * - the cart lines of an order leave the cart in the transaction that records the order;
 * - an orders-api request is recorded (with its exact body) before it is sent, so a retry, a closed
 *   popup or a restarted worker resends the same body with the same Idempotency-Key, and the
 *   merchant's server answers with the one order it made.
 */
import { z } from 'zod';
import type { PostcartDB } from '../catalog/db';
import { returnToCart } from '../cart/actions';
import { checkableLines, lineDetails, primarySource, sourcePosts } from '../cart/cart';
import { buildShopifyPermalink, productLinkUrl } from './shopify-permalink';
import type { Contact } from './contact';
import { Order, type CartLine, type StoredMerchant } from '../catalog/model';
import { parseDecimal, totalsByCurrency } from '../platform/money';
import { reason, UserError, type Reason } from '../platform/errors';
import { exchange, HttpError, readText, type Fetcher } from '../platform/http';
import { isSourceUrl, originOf } from '../platform/urls';
import { DEMO_SOURCE_ID } from '../sync/ownership';

export interface OrderDeps {
  db: PostcartDB;
  /** Opens a page; `active: false` keeps the popup open while several merchants check out. */
  openTab: (url: string, options: { active: boolean }) => Promise<void>;
  fetch: Fetcher;
  now: () => number;
  newId: () => string;
  /** The shopper's UI locale, suggested to stores that have no locale of their own. */
  locale?: string;
  /** Called with the lines of a checkout once it is recorded (anonymous "checkout started" events). */
  onCheckoutStarted?: (lines: readonly CartLine[]) => Promise<void>;
}

/** How long an orders-api request may take before it counts as failed (and can be retried). */
const ORDER_TIMEOUT_MS = 20_000;
const MAX_LINK_TABS = 5;

// ---------------------------------------------------------------- checkout

export interface CheckoutInput {
  merchantId: string;
  contact: Contact;
  idempotencyKey: string;
  /** Several merchants in one go: pages open behind the popup so it can go on with the next one. */
  inBackground: boolean;
}

/**
 * Where a merchant with the orders-api checkout takes orders: the `…/v1/orders` beside the feed of
 * the Postcart source that declared the merchant (only that source can write the merchant row,
 * sync/ownership.ts), on that source's own origin. The bundled demo catalog has no server.
 */
export async function ordersEndpoint(db: PostcartDB, merchant: StoredMerchant): Promise<string> {
  const source = await db.sources.get(merchant.sourceId);
  if (!source || source.kind !== 'postcart' || source.id === DEMO_SOURCE_ID || !isSourceUrl(source.url)) {
    throw new UserError('errOrdersNeedServer', [merchant.name]);
  }
  // The feed lives at …/v1/feed; orders are its sibling.
  const endpoint = new URL('orders', source.url);
  if (originOf(endpoint) !== originOf(new URL(source.url))) throw new UserError('errOrdersNeedServer', [merchant.name]);
  return endpoint.href;
}

/** Body of POST /v1/orders: what to order, never prices (the merchant's server prices it). */
function orderRequestBody(merchantId: string, lines: readonly CartLine[], contact: Contact): string {
  return JSON.stringify({
    merchantId,
    lines: lines.map((line) => ({ productId: line.productId, variantId: line.variantId, quantity: line.quantity })),
    contact,
    source: primarySource(lines),
  });
}

/**
 * Runs one merchant's checkout. With a key seen before it answers with that attempt's order (and
 * resends it when it is an orders-api order that has not got through yet).
 */
export async function checkout(deps: OrderDeps, input: CheckoutInput): Promise<Order> {
  const { db } = deps;
  const { order, isNew } = await db.transaction('rw', [db.cart, db.orders, db.merchants, db.products, db.sources], async () => {
    const existing = await db.orders.where('idempotencyKey').equals(input.idempotencyKey).first();
    if (existing) return { order: Order.parse(existing), isNew: false };
    const merchant = await db.merchants.get(input.merchantId);
    if (!merchant) throw new UserError('errStoreGone');
    const lines = await db.cart.where('merchantId').equals(merchant.id).toArray();
    if (lines.length === 0) throw new UserError('errNothingForStore');
    const products = await db.products.bulkGet(lines.map((line) => line.productId));
    const details = lineDetails(lines, products);
    // The shopper sees new prices in the cart and accepts them first; never charge a surprise.
    if (lines.some((line) => details[line.id]?.state === 'price-changed')) throw new UserError('errCartPricesChanged');
    // Unavailable lines stay in the cart (visible, marked); the rest checks out.
    const ready = checkableLines(lines, details);
    if (ready.length === 0) throw new UserError('errNothingAvailable');

    const base = {
      id: deps.newId(),
      idempotencyKey: input.idempotencyKey,
      merchantId: merchant.id,
      merchantName: merchant.name,
      checkoutKind: merchant.checkout.kind,
      lines: ready,
      totals: totalsByCurrency(ready),
      createdAt: deps.now(),
      updatedAt: deps.now(),
      sourcePosts: sourcePosts(ready),
    };
    let order: Order;
    if (merchant.checkout.kind === 'orders-api') {
      const url = await ordersEndpoint(db, merchant);
      order = Order.parse({
        ...base,
        status: 'pending',
        checkoutUrl: '',
        request: { url, body: orderRequestBody(merchant.id, ready, input.contact) },
      });
    } else if (merchant.checkout.kind === 'shopify-permalink') {
      const checkoutUrl = buildShopifyPermalink({
        storeUrl: merchant.url,
        lines: ready.map((line) => ({ variantId: line.variantId, quantity: line.quantity })),
        contact: input.contact,
        source: primarySource(ready),
        locale: deps.locale,
      });
      order = Order.parse({ ...base, status: 'handed-off', checkoutUrl });
    } else {
      // `link`: each product's own page, where the shopper buys it.
      const urlOf = new Map(products.filter((product) => product !== undefined).map((product) => [product.id, product.url]));
      const productUrls = ready.map((line) => urlOf.get(line.productId)).filter((url): url is string => !!url);
      const urls = [...new Set(productUrls)].map((url) => productLinkUrl(url));
      order = Order.parse({ ...base, status: 'handed-off', checkoutUrl: urls[0] ?? productLinkUrl(merchant.url), extraUrls: urls.slice(1) });
    }
    await db.orders.add(order);
    await db.cart.bulkDelete(ready.map((line) => line.id));
    return { order, isNew: true };
  });

  if (isNew) {
    await deps.onCheckoutStarted?.(order.lines).catch((error: unknown) => console.warn('[postcart] checkout event not recorded', error));
    // Opened after the commit: a worker killed in between leaves the order in history, where
    // "open again" reaches the same page; opening first could hand off twice.
    if (order.status === 'handed-off') {
      const urls = [order.checkoutUrl, ...order.extraUrls].slice(0, MAX_LINK_TABS);
      for (const [index, url] of urls.entries()) {
        await deps.openTab(url, { active: !input.inBackground && index === urls.length - 1 });
      }
    }
  }
  if (order.status === 'pending' || order.status === 'failed') return submitOrder(deps, order.id);
  return order;
}

// ---------------------------------------------------------------- orders-api

/** The merchant server's answer to POST /v1/orders (server/orders.ts). */
const RemoteOrder = z.object({
  orderId: z.string().min(1).max(200),
  number: z.number().int(),
  status: z.string().max(100),
  totals: z.array(z.object({ currency: z.string().regex(/^[A-Z]{3}$/), amount: z.string() })),
});
const RemoteError = z.object({
  error: z.string().max(500),
  details: z.array(z.object({ path: z.string().optional(), message: z.string().max(500) })).optional(),
});

type Outcome =
  | { kind: 'placed'; remote: z.infer<typeof RemoteOrder> }
  | { kind: 'rejected'; reason: Reason }
  | { kind: 'failed'; reason: Reason };

/** The answer's JSON, or null when it is empty or not JSON (then its status alone decides). */
async function jsonOf(response: Response, url: string): Promise<unknown> {
  try {
    return JSON.parse(await readText(response, url, { maxBytes: 1_000_000 }));
  } catch {
    return null;
  }
}

async function postOrder(deps: OrderDeps, order: Order): Promise<Outcome> {
  const request = order.request;
  if (!request) return { kind: 'failed', reason: reason('errOrderLost') };
  let answer: Awaited<ReturnType<typeof exchange>>;
  try {
    answer = await exchange(deps.fetch, request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': order.idempotencyKey },
      body: request.body,
      headersTimeoutMs: ORDER_TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return { kind: 'failed', reason: reason(error.key === 'errHttpTimeout' ? 'errOrderTimeout' : 'errOrderUnreachable') };
  }
  const { response, outcome } = answer;
  const body = await jsonOf(response, request.url);
  if (outcome === 'done') {
    const remote = RemoteOrder.safeParse(body);
    // 2xx with a body we cannot read: the order may exist; resending with the key finds out.
    return remote.success ? { kind: 'placed', remote: remote.data } : { kind: 'failed', reason: reason('errOrderUnreadable') };
  }
  if (outcome === 'retry') return { kind: 'failed', reason: reason('errOrderServer') };
  // The server looked at this order and said no; sending it again would not change that. Its own
  // words (which product, which field) are kept for the shopper.
  const parsed = RemoteError.safeParse(body);
  return parsed.success
    ? { kind: 'rejected', reason: reason('errOrderRefusedSaying', [parsed.data.error, ...(parsed.data.details ?? []).map((detail) => detail.message)].join(': ')) }
    : { kind: 'rejected', reason: reason('errOrderRefused', response.status) };
}

const inFlight = new Map<string, Promise<Order>>();

/**
 * Sends (or resends) a pending or failed orders-api order and records the answer. Concurrent calls
 * for one order share one request.
 */
export function submitOrder(deps: OrderDeps, orderId: string): Promise<Order> {
  const running = inFlight.get(orderId);
  if (running) return running;
  const work = (async () => {
    const { db } = deps;
    const stored = await db.orders.get(orderId);
    if (!stored) throw new UserError('errOrderGone');
    const order = Order.parse(stored);
    if (order.status !== 'pending' && order.status !== 'failed') return order;
    await db.orders.update(order.id, { status: 'pending', attempts: order.attempts + 1, updatedAt: deps.now() });
    const outcome = await postOrder(deps, order);
    return db.transaction('rw', [db.orders, db.cart], async () => {
      const current = Order.parse(await db.orders.get(order.id));
      let next: Order;
      if (outcome.kind === 'placed') {
        const totals = outcome.remote.totals.flatMap(({ currency, amount }) => {
          try {
            return [{ currency, minor: parseDecimal(amount, currency) }];
          } catch {
            return [];
          }
        });
        next = {
          ...current,
          status: 'placed',
          remote: { orderId: outcome.remote.orderId, number: outcome.remote.number, status: outcome.remote.status },
          // The merchant's server priced it: its totals are what the shopper pays.
          totals: totals.length > 0 ? totals : current.totals,
          error: null,
          request: null,
          updatedAt: deps.now(),
        };
      } else if (outcome.kind === 'rejected') {
        next = { ...current, status: 'rejected', error: outcome.reason, request: null, updatedAt: deps.now() };
        // Never lose a cart: what the store refused goes back to be fixed and tried again.
        await returnToCart(db, current.lines);
      } else {
        next = { ...current, status: 'failed', error: outcome.reason, updatedAt: deps.now() };
      }
      await db.orders.put(next);
      return next;
    });
  })().finally(() => inFlight.delete(orderId));
  inFlight.set(orderId, work);
  return work;
}

/** At worker start: orders cut off mid-request are resent (same key, so never placed twice). */
export async function resumePendingOrders(deps: OrderDeps): Promise<Order[]> {
  const pending = await deps.db.orders.where('status').equals('pending').toArray();
  return Promise.all(pending.map((order) => submitOrder(deps, order.id)));
}

/** Every order, newest first; rows written by older versions get today's defaults. */
export async function readOrders(db: PostcartDB): Promise<Order[]> {
  const rows = await db.orders.orderBy('createdAt').reverse().toArray();
  return rows.flatMap((row) => {
    const parsed = Order.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}
