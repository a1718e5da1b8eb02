/**
 * Price alerts end to end in the background: the router's handlers make the watches, the real
 * sync engine pulls a Postcart feed whose prices the test changes, and every run ends with the
 * alert decision; a fake notifier records what would be shown.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground } from '@/utils/platform/router';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { newSourceState } from '@/utils/sync/source';
import type { Notice } from '@/utils/catalog/alerts';
import type { Fetcher } from '@/utils/platform/http';
import { DAY_MS, HOUR_MS } from '@/utils/catalog/history';
import { english } from '../fixtures';

const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const POPUP = { id: EXT.id, url: `${EXT.origin}/popup.html` };
const CONTENT = { id: EXT.id, url: 'https://www.instagram.com/', tab: { id: 1 } };
const FEED_URL = 'https://feeds.example/v1/feed';

interface FeedVariant {
  id: string;
  price: string;
  available: boolean;
}

/** A Postcart feed whose products the test edits between syncs; `fail` breaks the next request, `failSecondPage` a run's second page. */
function feed() {
  const products = new Map<string, FeedVariant[]>();
  const state = { fail: false, failSecondPage: false, requests: 0 };
  const fetcher: Fetcher = async (url) => {
    state.requests += 1;
    if (state.fail) throw new TypeError('Failed to fetch');
    const since = new URL(url).searchParams.get('since');
    const all = [...products].map(([id, variants]) => ({
      id,
      merchantId: 'acme',
      title: `Item ${id}`,
      url: `https://acme.example/products/${id}`,
      variants: variants.map((v) => ({ ...v, title: `Option ${v.id}`, currency: 'USD' })),
      updatedAt: '2026-11-20T10:00:00Z',
    }));
    // With failSecondPage the run is cut in two: the first page applies, the second fails.
    if (state.failSecondPage && since === 'page-2') throw new TypeError('Failed to fetch');
    const firstPage = state.failSecondPage && since !== 'page-2';
    return new Response(
      JSON.stringify({
        version: 1,
        cursor: firstPage ? 'page-2' : 'end',
        hasMore: firstPage,
        merchants: [{ id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } }],
        products: all,
      }),
      { status: 200 },
    );
  };
  return { products, state, fetcher };
}

describe('price alerts after syncs', () => {
  let db: PostcartDB;
  let clock: number;
  let shown: Notice[];
  let badges: number[];
  let server: ReturnType<typeof feed>;
  let bg: ReturnType<typeof createBackground>;
  let ids = 0;

  const send = async (message: unknown, sender: object = POPUP) => {
    const reply = await bg.handleMessage(message, sender);
    if (!reply.ok) throw new Error(`${reply.error.key} ${reply.error.args.join(' ')}`);
    return reply.data;
  };
  /** One sync of the source; the clock moves on 30 minutes first, as the alarm would. */
  const sync = async () => {
    clock += 30 * 60_000;
    await send({ type: 'sync-now', id: 'acme-feed' });
  };
  const setPrice = (productId: string, price: string, variant = 'a') => {
    const variants = server.products.get(productId)!;
    server.products.set(productId, variants.map((v) => (v.id === variant ? { ...v, price } : v)));
  };
  const watch = (productId: string, rule: unknown, variantId: string | null = 'a') =>
    send({ type: 'save-watch', productId, variantId, watchId: null, rule, trusted: true }, CONTENT);

  beforeEach(async () => {
    db = openDb(`alerts-${Math.random()}`);
    clock = Date.UTC(2026, 10, 1, 9);
    ids = 0;
    shown = [];
    badges = [];
    server = feed();
    server.products.set('acme:1', [{ id: 'a', price: '100.00', available: true }]);
    await db.sources.put(newSourceState({ id: 'acme-feed', kind: 'postcart', url: FEED_URL }));
    bg = createBackground({
      db,
      settings: fakeBrowser.storage.local,
      extensionId: EXT.id,
      extensionOrigin: EXT.origin,
      openTab: async () => undefined,
      fetch: server.fetcher,
      now: () => clock,
      newId: () => `w${++ids}`,
      notifier: {
        show: async (notice) => void shown.push(notice),
        badge: async (count) => void badges.push(count),
      },
    });
    await sync();
  });

  it('sends no notification for 50 syncs of one-cent wobbles', async () => {
    await watch('acme:1', { kind: 'drop-percent', percent: 5 });
    await watch('acme:1', { kind: 'drop-amount', amount: '1.00' });
    await watch('acme:1', { kind: 'target', target: '95.00' });
    for (let i = 0; i < 50; i += 1) {
      setPrice('acme:1', ['99.99', '100.00', '100.01', '100.00'][i % 4]!);
      await sync();
    }
    expect(shown).toEqual([]);
    expect(badges).toEqual([]);
    // The wobble was recorded all the same: the chart shows it.
    const row = await db.priceHistory.get('acme:1');
    expect(row?.variants[0]?.latest).toBe(10000);
  });

  it('sends exactly one notification for one 10 % drop, however many syncs follow', async () => {
    await watch('acme:1', { kind: 'drop-percent', percent: 10 });
    await watch('acme:1', { kind: 'target', target: '95.00' });
    setPrice('acme:1', '90.00');
    for (let i = 0; i < 10; i += 1) await sync();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toEqual({
      id: 'postcart-alert:acme:1',
      productId: 'acme:1',
      title: english('notifyPriceDrop', 'Item acme:1'),
      message: english('notifyPriceDropBody', ['$90.00', '10%', '$100.00']),
    });
    expect(badges).toEqual([1]);
    const records = await db.alerts.toArray();
    expect(records).toHaveLength(1);
    expect(records[0]!.alerts[0]!.items.map((item) => item.watchId).sort()).toEqual(['w1', 'w2']);
  });

  it('never alerts for a rise', async () => {
    await watch('acme:1', { kind: 'drop-percent', percent: 5 });
    setPrice('acme:1', '150.00');
    await sync();
    setPrice('acme:1', '140.00');
    await sync();
    expect(shown).toEqual([]);
  });

  it('sends nothing from a failed or a partial sync; the next complete sync alerts', async () => {
    await watch('acme:1', { kind: 'drop-percent', percent: 10 });
    setPrice('acme:1', '80.00');
    server.state.fail = true;
    await sync();
    expect((await db.sources.get('acme-feed'))?.status).toBe('error');
    server.state.fail = false;
    server.state.failSecondPage = true;
    await sync();
    // The partial run applied the drop: the product shows it, no alert went out.
    expect((await db.products.get('acme:1'))?.variants[0]?.priceMinor).toBe(8000);
    expect(shown).toEqual([]);
    server.state.failSecondPage = false;
    await sync();
    expect(shown.map((n) => n.productId)).toEqual(['acme:1']);
  });

  it('honours a snooze: nothing while snoozed, the alert at the first complete sync after it if still low', async () => {
    const [made] = (await watch('acme:1', { kind: 'drop-percent', percent: 10 })) as { id: string }[];
    await send({ type: 'change-watch', productId: 'acme:1', watchId: made!.id, change: 'day', trusted: true }, CONTENT);
    setPrice('acme:1', '85.00');
    for (let i = 0; i < 40; i += 1) await sync(); // 20 hours
    expect(shown).toEqual([]);
    clock += 5 * HOUR_MS;
    await sync();
    expect(shown.map((n) => n.productId)).toEqual(['acme:1']);
  });

  it('turned off, a watch never alerts; resumed, it does', async () => {
    const [made] = (await watch('acme:1', { kind: 'target', target: '90.00' })) as { id: string }[];
    await send({ type: 'change-watch', productId: 'acme:1', watchId: made!.id, change: 'off', trusted: true });
    setPrice('acme:1', '89.00');
    clock += 8 * DAY_MS;
    await sync();
    expect(shown).toEqual([]);
    await send({ type: 'change-watch', productId: 'acme:1', watchId: made!.id, change: 'resume', trusted: true });
    await sync();
    expect(shown).toHaveLength(1);
  });

  it('tells back in stock for the watched option only', async () => {
    server.products.set('acme:2', [
      { id: 'a', price: '40.00', available: false },
      { id: 'b', price: '40.00', available: false },
    ]);
    await sync();
    await watch('acme:2', { kind: 'back-in-stock' }, 'a');
    server.products.set('acme:2', [
      { id: 'a', price: '40.00', available: false },
      { id: 'b', price: '40.00', available: true },
    ]);
    await sync();
    expect(shown).toEqual([]);
    server.products.set('acme:2', [
      { id: 'a', price: '40.00', available: true },
      { id: 'b', price: '40.00', available: true },
    ]);
    await sync();
    expect(shown).toEqual([
      { id: 'postcart-alert:acme:2', productId: 'acme:2', title: english('notifyBackInStock', 'Item acme:2'), message: english('notifyBackInStockBody', ['Option a', '$40.00']) },
    ]);
  });

  it('sends one digest when more than three products alert at once', async () => {
    for (const id of ['acme:2', 'acme:3', 'acme:4']) server.products.set(id, [{ id: 'a', price: '100.00', available: true }]);
    await sync();
    for (const id of ['acme:1', 'acme:2', 'acme:3', 'acme:4']) await watch(id, { kind: 'drop-percent', percent: 10 });
    for (const id of ['acme:1', 'acme:2', 'acme:3', 'acme:4']) setPrice(id, '50.00');
    await sync();
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ productId: null, title: english('notifyDigest', '4') });
    expect(badges).toEqual([4]);
  });

  it('clears the badge once the popup has shown the alerts', async () => {
    await watch('acme:1', { kind: 'drop-percent', percent: 10 });
    setPrice('acme:1', '90.00');
    await sync();
    const list = (await send({ type: 'list-watches' })) as { watches: { unseen: boolean }[] };
    expect(list.watches.map((w) => w.unseen)).toEqual([true]);
    await send({ type: 'alerts-seen' });
    expect(badges).toEqual([1, 0]);
    const again = (await send({ type: 'list-watches' })) as { watches: { unseen: boolean; alerted: unknown }[] };
    expect(again.watches).toMatchObject([{ unseen: false, alerted: { priceMinor: 9000 } }]);
  });

  it('leaves the watches of another source\'s products to that source\'s runs', async () => {
    await db.sources.put(newSourceState({ id: 'other', kind: 'postcart', url: 'https://other.example/v1/feed' }));
    await watch('acme:1', { kind: 'drop-percent', percent: 10 });
    // The product now belongs to another source: this source's runs do not judge it.
    await db.products.update('acme:1', { sourceId: 'other', variants: [{ id: 'a', title: '', priceMinor: 5000, compareAtMinor: null, currency: 'USD', available: true, sku: null }] });
    server.products.delete('acme:1');
    await sync();
    expect(shown).toEqual([]);
  });
});
