import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground } from '@/utils/platform/router';
import { flushEvents, flushIfFull, queueReportedEvents, recordCheckoutEvents, reportEvents } from '@/utils/analytics/events';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import type { CartLine, StoredProduct } from '@/utils/catalog/model';
import { writeSettings } from '@/utils/platform/settings';
import { newSourceState } from '@/utils/sync/source';
import { FakeCatalogServer } from '../fake-catalog-server';
import { cleanPostUrl } from '@/utils/platform/urls';
import { refused } from '../fixtures';
import { MAX_QUEUED_EVENTS, QueuedEvent, WireEvent, type ReportedEvent } from '@/utils/analytics/schema';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const settings = fakeBrowser.storage.local;

function product(id: string, sourceId: string): StoredProduct {
  return {
    id, merchantId: 'acme', title: id, url: `https://acme.example/${id}`, images: [], brand: null, gtin: null, description: '',
    variants: [{ id: 'v1', title: 'One', priceMinor: 12900, compareAtMinor: null, currency: 'USD', available: true, sku: null }],
    updatedAt: '2026-11-20T10:00:00Z', sourceId, urlKey: null,
  };
}

const impression = (productId: string, extra: Partial<ReportedEvent> = {}): ReportedEvent => ({ type: 'impression', platform: 'instagram', postId: 'C8xYz123abc', productId, ...extra });

async function queued(db: PostcartDB): Promise<QueuedEvent[]> {
  return (await db.events.orderBy('at').toArray()).map((row) => QueuedEvent.parse(row));
}

describe('anonymous events', () => {
  let db: PostcartDB;
  let server: FakeCatalogServer;
  let ids: number;
  const deps = () => ({ db, settings, fetch: server.fetch, now: () => NOW, random: () => 0.5, newId: () => `batch-${++ids}` });

  beforeEach(async () => {
    db = openDb(`events-${Math.random()}`);
    server = new FakeCatalogServer();
    ids = 0;
    await db.sources.bulkPut([
      newSourceState({ id: 'cat', kind: 'postcart', url: 'https://cat.example/v1/feed' }),
      newSourceState({ id: 'demo', kind: 'postcart', url: 'chrome-extension://ext/demo-catalog.json' }),
      newSourceState({ id: 'shop', kind: 'shopify', url: 'https://shop.example', currency: 'USD', merchant: { id: 's', name: 'S' } }),
    ]);
    await db.products.bulkPut([product('cat:1', 'cat'), product('demo:1', 'demo'), product('shop:1', 'shop')]);
    // The user said yes (the default is no: see the consent tests below).
    await writeSettings(settings, { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: true, consentAsked: true });
  });

  it('are queued only for products of a Postcart catalog server, stamped by the background, with the post link cleaned', async () => {
    const count = await queueReportedEvents(
      db,
      settings,
      [
        impression('cat:1', { postUrl: 'https://www.instagram.com/p/C8xYz123abc/?igsh=abc&utm_source=x#frag' }),
        impression('demo:1'),
        impression('shop:1'),
        impression('unknown'),
        { type: 'add-to-cart', platform: 'tiktok', postId: '7300000000000000000', productId: 'cat:1', quantity: 2, postUrl: 'http://www.tiktok.com/@a/video/1' },
      ],
      NOW,
    );
    expect(count).toBe(2);
    const rows = await queued(db);
    expect(rows.map((r) => r.event)).toEqual([
      { type: 'impression', platform: 'instagram', postId: 'C8xYz123abc', productId: 'cat:1', postUrl: 'https://www.instagram.com/p/C8xYz123abc/', at: '2026-11-22T10:00:00.000Z' },
      { type: 'add-to-cart', platform: 'tiktok', postId: '7300000000000000000', productId: 'cat:1', quantity: 2, at: '2026-11-22T10:00:00.000Z' },
    ]);
    expect(rows.every((r) => r.sourceId === 'cat' && r.batchId === null)).toBe(true);
    expect(cleanPostUrl('javascript:alert(1)')).toBeUndefined();
    expect(cleanPostUrl('https://user:pw@www.instagram.com/p/x/')).toBeUndefined();
  });

  it('record checkouts of lines that came from posts, valued exactly, and nothing personal', async () => {
    const line = (id: string, source: CartLine['source']): CartLine => ({
      id, productId: 'cat:1', variantId: 'v1', merchantId: 'acme', quantity: 3, unitMinor: 12900, currency: 'USD', title: 'T', variantTitle: 'V', image: null, source, addedAt: NOW,
    });
    const count = await recordCheckoutEvents(db, [line('a', { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' }), line('b', null)], NOW, settings);
    expect(count).toBe(1);
    const [row] = await queued(db);
    expect(row!.event).toEqual({
      type: 'checkout', platform: 'instagram', postId: 'C8xYz123abc', productId: 'cat:1', postUrl: 'https://www.instagram.com/p/C8xYz123abc/', at: '2026-11-22T10:00:00.000Z', quantity: 3, value: { amount: '387.00', currency: 'USD' },
    });
    expect(Object.keys(row!.event).sort()).toEqual(['at', 'platform', 'postId', 'postUrl', 'productId', 'quantity', 'type', 'value']);
  });

  it('stay off when the user switches them off: nothing queued, and what was queued is never sent', async () => {
    await queueReportedEvents(db, settings, [impression('cat:1')], NOW);
    await writeSettings(settings, { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false });
    expect(await queueReportedEvents(db, settings, [impression('cat:1')], NOW)).toBe(0);
    expect(await recordCheckoutEvents(db, [], NOW, settings)).toBe(0);
    expect(await flushEvents(deps())).toMatchObject({ sent: 0, dropped: 1 });
    expect(await db.events.count()).toBe(0);
    expect(server.requests).toEqual([]);
  });

  it(`keep at most ${MAX_QUEUED_EVENTS} in the queue, dropping the oldest`, async () => {
    await db.events.bulkAdd(Array.from({ length: MAX_QUEUED_EVENTS }, (_, i) => ({ at: NOW - 100_000 + i, sourceId: 'cat', batchId: null, event: { ...impression('cat:1', { postId: `old${i}` }), at: new Date(NOW).toISOString() } })));
    await queueReportedEvents(db, settings, Array.from({ length: 10 }, (_, i) => impression('cat:1', { postId: `new${i}` })), NOW);
    const rows = await queued(db);
    expect(rows).toHaveLength(MAX_QUEUED_EVENTS);
    expect(rows[0]!.event.postId).toBe('old10');
    expect(rows.at(-1)!.event.postId).toBe('new9');
  });

  it('go out in batches of at most 500 to the events address of their server, each with its own batch id', async () => {
    await queueReportedEvents(db, settings, Array.from({ length: 50 }, () => impression('cat:1')), NOW);
    for (let i = 0; i < 23; i++) await queueReportedEvents(db, settings, Array.from({ length: 50 }, () => impression('cat:1')), NOW + i);
    expect(await db.events.count()).toBe(1200);
    expect(await flushEvents(deps())).toEqual({ sent: 1200, dropped: 0, failed: 0 });
    expect(server.requests.map((r) => [r.url, (r.body as { batchId: string }).batchId, (r.body as { events: unknown[] }).events.length])).toEqual([
      ['https://cat.example/v1/events', 'batch-1', 500],
      ['https://cat.example/v1/events', 'batch-2', 500],
      ['https://cat.example/v1/events', 'batch-3', 200],
    ]);
    // No credentials of any kind, and every event is what the server takes.
    expect(server.requests.every((r) => r.authorization === null)).toBe(true);
    for (const events of server.batches.values()) for (const event of events) WireEvent.parse(event);
    expect(await db.events.count()).toBe(0);
  });

  it('resend the same batch id after a failed attempt, so the server counts them once', async () => {
    await queueReportedEvents(db, settings, Array.from({ length: 3 }, () => impression('cat:1')), NOW);
    // The server counted the batch but the answer was lost.
    server.loseNextAnswer = true;
    expect(await flushEvents(deps())).toMatchObject({ sent: 0, failed: 3 });
    expect(new Set((await queued(db)).map((r) => r.batchId))).toEqual(new Set(['batch-1']));
    // Newer events wait for their own batch; the retry sends the first batch as it was.
    await queueReportedEvents(db, settings, [impression('cat:1', { postId: 'later' })], NOW);
    expect(await flushEvents(deps(), { force: true })).toMatchObject({ failed: 0 });
    const sent = server.requests.map((r) => (r.body as { batchId: string; events: unknown[] }));
    expect(server.batches.size).toBe(2);
    expect(sent.map((b) => [b.batchId, b.events.length])).toEqual([
      ['batch-1', 3],
      ['batch-1', 3],
      ['batch-2', 1],
    ]);
    expect(await db.events.count()).toBe(0);
  });

  it('back off after a failure and drop events whose server is gone or refuses them', async () => {
    await queueReportedEvents(db, settings, [impression('cat:1')], NOW);
    server.mode = 'error';
    expect(await flushEvents(deps())).toMatchObject({ failed: 1 });
    const asked = server.requests.length;
    expect(await flushEvents(deps())).toMatchObject({ sent: 0, failed: 0 });
    expect(server.requests.length).toBe(asked);

    const refusing = async () => new Response(JSON.stringify({ error: 'invalid events' }), { status: 400 });
    expect(await flushEvents({ ...deps(), fetch: refusing }, { force: true })).toMatchObject({ dropped: 1 });
    await queueReportedEvents(db, settings, [impression('cat:1')], NOW);
    await db.sources.delete('cat');
    expect(await flushEvents(deps(), { force: true })).toMatchObject({ dropped: 1 });
    expect(await db.events.count()).toBe(0);
  });

  it('are neither queued nor sent until the user said yes', async () => {
    await writeSettings(settings, { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false, consentAsked: false });
    expect(await reportEvents(deps(), [impression('cat:1')])).toEqual({ queued: 0 });
    // What an older version queued while "on" by default is dropped, not sent.
    await db.events.add({ at: NOW, sourceId: 'cat', batchId: null, event: { type: 'impression', platform: 'instagram', postId: 'p', productId: 'cat:1', at: new Date(NOW).toISOString() } });
    expect(await flushEvents(deps(), { force: true })).toMatchObject({ sent: 0, dropped: 1 });
    expect(server.requests).toEqual([]);
  });

  it('go out only while the browser’s data collection permission is granted (Firefox)', async () => {
    let granted = false;
    const withPermission = () => ({ ...deps(), permitted: async () => granted });
    expect(await reportEvents(withPermission(), [impression('cat:1')])).toEqual({ queued: 0 });
    granted = true;
    expect(await reportEvents(withPermission(), [impression('cat:1')])).toEqual({ queued: 1 });
    // Taken back in the add-ons manager before the batch went: dropped, never sent.
    granted = false;
    expect(await flushEvents(withPermission(), { force: true })).toMatchObject({ sent: 0, dropped: 1 });
    expect(server.requests).toEqual([]);
  });

  it('are sent at once when 50 are waiting', async () => {
    await queueReportedEvents(db, settings, Array.from({ length: 49 }, () => impression('cat:1')), NOW);
    expect(await flushIfFull(deps())).toBeNull();
    await queueReportedEvents(db, settings, [impression('cat:1')], NOW);
    expect(await flushIfFull(deps())).toMatchObject({ sent: 50 });
  });

  it('come from content scripts through a validated, capped request', async () => {
    const bg = createBackground({
      db, settings, extensionId: 'ext', extensionOrigin: 'chrome-extension://ext', openTab: async () => undefined, fetch: server.fetch, now: () => NOW,
    });
    const content = { id: 'ext', url: 'https://www.instagram.com/', tab: { id: 1 } };
    const report = (events: unknown[]) => bg.handleMessage({ type: 'report-events', events }, content);
    expect(await report([impression('cat:1'), impression('shop:1')])).toEqual({ ok: true, data: { queued: 1 } });
    expect(await report(Array.from({ length: 51 }, () => impression('cat:1')))).toEqual(refused('errMalformedMessage'));
    expect(await report([{ ...impression('cat:1'), type: 'checkout' }])).toEqual(refused('errMalformedMessage'));
    expect(await report([{ ...impression('cat:1'), value: { amount: '1.00', currency: 'USD' }, contact: 'ana@example.com' }])).toEqual({ ok: true, data: { queued: 1 } });
    // Unknown fields (a page trying to smuggle data) are not kept.
    expect((await queued(db)).every((row) => !('contact' in row.event) && !('value' in row.event))).toBe(true);
  });
});
