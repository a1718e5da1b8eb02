import { describe, expect, it } from 'vitest';
import { exportOrders, ordersToCsv, ordersToJson } from '@/utils/checkout/order-export';
import { csvCell } from '@/utils/platform/csv';
import type { Order } from '@/utils/catalog/model';

const order: Order = {
  id: 'o1',
  idempotencyKey: 'k1',
  merchantId: 'kumo',
  merchantName: 'Kumo, "Tea" Works',
  checkoutKind: 'orders-api',
  lines: [
    {
      id: 'kumo:1|41', productId: 'kumo:1', variantId: '41', merchantId: 'kumo', quantity: 3, unitMinor: 1800, currency: 'JPY',
      title: '=HYPERLINK("http://evil")', variantTitle: '100 g', image: null,
      source: { platform: 'tiktok', postId: '7301', url: 'https://www.tiktok.com/@kumotea/video/7301' }, addedAt: 1,
    },
    {
      id: 'kumo:2|42', productId: 'kumo:2', variantId: '42', merchantId: 'kumo', quantity: 1, unitMinor: 1250, currency: 'USD',
      title: 'Whisk\nbamboo', variantTitle: '', image: null, source: null, addedAt: 2,
    },
  ],
  totals: [{ currency: 'JPY', minor: 5400 }, { currency: 'USD', minor: 1250 }],
  createdAt: Date.UTC(2026, 10, 20, 9, 30),
  status: 'placed',
  checkoutUrl: '',
  extraUrls: [],
  sourcePosts: [{ platform: 'tiktok', postId: '7301', url: 'https://www.tiktok.com/@kumotea/video/7301' }],
  remote: { orderId: 'r1', number: 1007, status: 'received' },
  error: null,
  attempts: 1,
  request: null,
  updatedAt: null,
};

describe('order history export', () => {
  it('writes one CSV row per line with exact amounts in each currency’s digits', () => {
    const rows = ordersToCsv([order]).split('\r\n');
    expect(rows[0]).toBe('order_id,created_at,merchant,status,merchant_order_number,product,variant,quantity,unit_price,line_total,currency,post_url');
    expect(rows[1]).toBe(`o1,2026-11-20T09:30:00.000Z,"Kumo, ""Tea"" Works",placed,1007,"'=HYPERLINK(""http://evil"")",100 g,3,1800,5400,JPY,https://www.tiktok.com/@kumotea/video/7301`);
    expect(rows[2]).toBe(`o1,2026-11-20T09:30:00.000Z,"Kumo, ""Tea"" Works",placed,1007,"Whisk\nbamboo",,1,12.50,12.50,USD,`);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('plain')).toBe('plain');
  });

  it('exports JSON with decimal strings, the store’s order number and the source posts, and no contact details', () => {
    const data = JSON.parse(ordersToJson([order], Date.UTC(2026, 10, 22)));
    expect(data).toMatchObject({
      version: 1,
      exportedAt: '2026-11-22T00:00:00.000Z',
      orders: [{ merchant: 'Kumo, "Tea" Works', merchantOrderNumber: 1007, totals: [{ currency: 'JPY', amount: '5400' }, { currency: 'USD', amount: '12.50' }] }],
    });
    expect(data.orders[0].lines[1]).toEqual({ productId: 'kumo:2', variantId: '42', title: 'Whisk\nbamboo', variant: '', quantity: 1, unitPrice: '12.50', currency: 'USD', post: null });
    expect(JSON.stringify(data)).not.toMatch(/email|address/);
  });

  it('names the file after the day and the format', () => {
    expect(exportOrders([], 'json', Date.UTC(2026, 0, 5))).toMatchObject({ filename: 'postcart-orders-2026-01-05.json', mime: 'application/json' });
    expect(exportOrders([], 'csv', Date.UTC(2026, 0, 5)).text).toBe(
      'order_id,created_at,merchant,status,merchant_order_number,product,variant,quantity,unit_price,line_total,currency,post_url\r\n',
    );
  });
});
