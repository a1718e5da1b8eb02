/**
 * POST /v1/orders with an Idempotency-Key header.
 *
 * - Prices come from this server's catalog, never from the client.
 * - One order per (merchant, key): the unique constraint decides between concurrent duplicates;
 *   the loser reads the winner's row. The same key with the same body returns that order (200),
 *   with a different body 409.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db';
import type { StoredVariantJson } from './catalog';
import { HttpError, zodProblems, type Problem } from './http';
import { Contact } from '../utils/checkout/contact';
import { CartLine, Id, PostSource } from '../utils/catalog/model';
import { parseDecimal, toDecimal, totalsByCurrency } from '../utils/platform/money';

export const OrderRequest = z.object({
  merchantId: Id,
  lines: z.array(CartLine.pick({ productId: true, variantId: true, quantity: true })).min(1).max(100),
  contact: Contact,
  source: PostSource.nullish(),
});
export type OrderRequest = z.infer<typeof OrderRequest>;

export const IdempotencyKey = Id;

export interface OrderTotal {
  currency: string;
  /** Decimal string, exact: "258.00". */
  amount: string;
}

export interface OrderResponse {
  orderId: string;
  number: number;
  status: 'received';
  totals: OrderTotal[];
}

interface PricedLine {
  productId: string;
  variantId: string;
  title: string;
  variantTitle: string;
  quantity: number;
  unitPrice: string;
  currency: string;
  unitMinor: number;
}

interface OrderRow extends Record<string, unknown> {
  id: string;
  number: number;
  request_hash: string;
  status: 'received';
  totals: OrderTotal[];
}

export interface PlacedOrder {
  /** True when this request created the order, false when it found the one its key made before. */
  created: boolean;
  order: OrderResponse;
}

function toResponse(row: OrderRow): OrderResponse {
  return { orderId: row.id, number: Number(row.number), status: row.status, totals: row.totals };
}

export async function placeOrder(db: Db, key: string, body: unknown): Promise<PlacedOrder> {
  const parsed = OrderRequest.safeParse(body);
  if (!parsed.success) throw new HttpError(400, 'invalid order', zodProblems(parsed.error));
  const request = parsed.data;
  // zod output lists keys in schema order, so equal requests serialize (and hash) equally.
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');

  const existing = await findOrder(db, request.merchantId, key);
  if (existing) return replay(existing, requestHash);

  const lines = await priceLines(db, request);
  const totals = totalsByCurrency(lines).map(({ currency, minor }) => ({ currency, amount: toDecimal(minor, currency) }));
  const [inserted] = await db.query<OrderRow>(
    `INSERT INTO orders (id, merchant_id, idempotency_key, request_hash, status, lines, totals, contact, source)
     VALUES ($1, $2, $3, $4, 'received', $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb)
     ON CONFLICT (merchant_id, idempotency_key) DO NOTHING
     RETURNING id, number, request_hash, status, totals`,
    [
      randomUUID(),
      request.merchantId,
      key,
      requestHash,
      JSON.stringify(lines.map(({ unitMinor: _, ...line }) => line)),
      JSON.stringify(totals),
      JSON.stringify(request.contact),
      request.source ? JSON.stringify(request.source) : null,
    ],
  );
  if (inserted) return { created: true, order: toResponse(inserted) };
  // A concurrent request with the same key won the insert (PostgreSQL made us wait for its commit).
  const winner = await findOrder(db, request.merchantId, key);
  if (!winner) throw new Error('order vanished after an idempotency-key conflict');
  return replay(winner, requestHash);
}

async function findOrder(db: Db, merchantId: string, key: string): Promise<OrderRow | undefined> {
  const [row] = await db.query<OrderRow>(
    'SELECT id, number, request_hash, status, totals FROM orders WHERE merchant_id = $1 AND idempotency_key = $2',
    [merchantId, key],
  );
  return row;
}

function replay(row: OrderRow, requestHash: string): PlacedOrder {
  if (row.request_hash !== requestHash) {
    throw new HttpError(409, 'this Idempotency-Key was already used for a different order; use a new key for a new order');
  }
  return { created: false, order: toResponse(row) };
}

interface CatalogProduct extends Record<string, unknown> {
  id: string;
  title: string;
  variants: StoredVariantJson[];
}

/** Looks every line up in the catalog; any unknown or unavailable variant refuses the order. */
async function priceLines(db: Db, request: OrderRequest): Promise<PricedLine[]> {
  const [merchant] = await db.query('SELECT 1 FROM merchants WHERE id = $1', [request.merchantId]);
  if (!merchant) throw new HttpError(400, 'invalid order', [{ path: 'merchantId', message: `unknown merchant "${request.merchantId}"` }]);
  const productIds = [...new Set(request.lines.map((line) => line.productId))];
  const rows = await db.query<CatalogProduct>(
    'SELECT id, title, variants FROM products WHERE merchant_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))',
    [request.merchantId, JSON.stringify(productIds)],
  );
  const products = new Map(rows.map((row) => [row.id, row]));
  const problems: Problem[] = [];
  const lines: PricedLine[] = [];
  request.lines.forEach((line, index) => {
    const product = products.get(line.productId);
    const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
    if (!product) problems.push({ path: `lines.${index}.productId`, message: `no product "${line.productId}" at this merchant` });
    else if (!variant) problems.push({ path: `lines.${index}.variantId`, message: `product "${line.productId}" has no variant "${line.variantId}"` });
    else if (!variant.available) problems.push({ path: `lines.${index}.variantId`, message: `"${product.title} ${variant.title}" is not available` });
    else {
      lines.push({
        productId: product.id,
        variantId: variant.id,
        title: product.title,
        variantTitle: variant.title,
        quantity: line.quantity,
        unitPrice: variant.price,
        currency: variant.currency,
        unitMinor: parseDecimal(variant.price, variant.currency),
      });
    }
  });
  if (problems.length > 0) throw new HttpError(400, 'invalid order', problems);
  return lines;
}
