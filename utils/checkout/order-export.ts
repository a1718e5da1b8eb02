/**
 * The order history as a file the shopper keeps: JSON (everything, amounts as exact decimal
 * strings) or CSV (one row per order line, for a spreadsheet). Contact details never end up in an
 * export (an orders-api order keeps the request it may resend, contact included, only until the
 * store has answered for good; that request is not exported).
 */
import type { Order } from '../catalog/model';
import { toCsv } from '../platform/csv';
import { toDecimal } from '../platform/money';

export type ExportFormat = 'csv' | 'json';

export interface OrderExport {
  filename: string;
  mime: string;
  text: string;
}

export const EXPORT_VERSION = 1;

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

export function ordersToJson(orders: readonly Order[], exportedAt: number): string {
  return JSON.stringify(
    {
      version: EXPORT_VERSION,
      exportedAt: new Date(exportedAt).toISOString(),
      orders: orders.map((order) => ({
        id: order.id,
        createdAt: new Date(order.createdAt).toISOString(),
        merchantId: order.merchantId,
        merchant: order.merchantName,
        checkout: order.checkoutKind,
        status: order.status,
        merchantOrderNumber: order.remote?.number ?? null,
        checkoutUrl: order.checkoutUrl || null,
        totals: order.totals.map((total) => ({ currency: total.currency, amount: toDecimal(total.minor, total.currency) })),
        lines: order.lines.map((line) => ({
          productId: line.productId,
          variantId: line.variantId,
          title: line.title,
          variant: line.variantTitle,
          quantity: line.quantity,
          unitPrice: toDecimal(line.unitMinor, line.currency),
          currency: line.currency,
          post: line.source?.url ?? null,
        })),
        sourcePosts: order.sourcePosts.map((post) => ({ platform: post.platform, postId: post.postId, url: post.url })),
      })),
    },
    null,
    2,
  );
}

export const CSV_COLUMNS = [
  'order_id',
  'created_at',
  'merchant',
  'status',
  'merchant_order_number',
  'product',
  'variant',
  'quantity',
  'unit_price',
  'line_total',
  'currency',
  'post_url',
] as const;

export function ordersToCsv(orders: readonly Order[]): string {
  const rows: (string | number | null)[][] = [[...CSV_COLUMNS]];
  for (const order of orders) {
    for (const line of order.lines) {
      rows.push([
        order.id,
        new Date(order.createdAt).toISOString(),
        order.merchantName,
        order.status,
        order.remote?.number ?? null,
        line.title,
        line.variantTitle,
        line.quantity,
        toDecimal(line.unitMinor, line.currency),
        toDecimal(line.unitMinor * line.quantity, line.currency),
        line.currency,
        line.source?.url ?? null,
      ]);
    }
  }
  return toCsv(rows);
}

export function exportOrders(orders: readonly Order[], format: ExportFormat, now: number): OrderExport {
  const filename = `postcart-orders-${day(now)}.${format}`;
  return format === 'csv'
    ? { filename, mime: 'text/csv;charset=utf-8', text: ordersToCsv(orders) }
    : { filename, mime: 'application/json', text: ordersToJson(orders, now) };
}
