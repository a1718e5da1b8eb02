import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground } from '@/utils/platform/router';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { newSourceState } from '@/utils/sync/source';
import { refused } from '../fixtures';

const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const OPTIONS = { id: EXT.id, url: `${EXT.origin}/options.html` };
const CONTENT = { id: EXT.id, url: 'https://www.instagram.com/', tab: { id: 1 } };

const STATS = { merchantId: 'acme', from: '2026-11-01', to: '2026-11-01', posts: [], products: [] };

describe('the seller-stats request', () => {
  let db: PostcartDB;
  let answer: () => Promise<Response>;
  const calls: string[] = [];

  beforeEach(async () => {
    db = openDb(`stats-bg-${Math.random()}`);
    await db.sources.put({
      ...newSourceState({ id: 'postcart-1', kind: 'postcart', url: 'http://127.0.0.1:8787/v1/feed' }),
      seller: { token: 'pct_secret', merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 1 },
    });
    calls.length = 0;
    answer = async () => new Response(JSON.stringify(STATS), { status: 200 });
  });

  const background = () =>
    createBackground({
      db,
      settings: fakeBrowser.storage.local,
      extensionId: EXT.id,
      extensionOrigin: EXT.origin,
      openTab: async () => undefined,
      fetch: async (url) => {
        calls.push(url);
        return answer();
      },
    });

  it("answers an extension page with the merchant's figures, fetched with the stored token", async () => {
    const reply = await background().handleMessage({ type: 'seller-stats', sourceId: 'postcart-1', from: '2026-11-01', to: '2026-11-01' }, OPTIONS);
    expect(reply).toEqual({ ok: true, data: STATS });
    expect(calls).toEqual(['http://127.0.0.1:8787/v1/stats?from=2026-11-01&to=2026-11-01']);
  });

  it('refuses content scripts: the figures are the seller’s business', async () => {
    const reply = await background().handleMessage({ type: 'seller-stats', sourceId: 'postcart-1', from: '2026-11-01', to: '2026-11-01' }, CONTENT);
    expect(reply).toEqual(refused('errNotFromPage'));
    expect(calls).toEqual([]);
  });

  it('refuses malformed dates before asking anyone', async () => {
    const reply = await background().handleMessage({ type: 'seller-stats', sourceId: 'postcart-1', from: 'last week', to: '2026-11-01' }, OPTIONS);
    expect(reply).toEqual(refused('errMalformedMessage'));
    expect(calls).toEqual([]);
  });

  it('explains in words why the figures could not be read', async () => {
    answer = async () => new Response('{"error":"unknown seller token"}', { status: 401 });
    const unauthorized = await background().handleMessage({ type: 'seller-stats', sourceId: 'postcart-1', from: '2026-11-01', to: '2026-11-01' }, OPTIONS);
    expect(unauthorized).toEqual(refused('statsUnauthorized', '127.0.0.1:8787'));
    const gone = await background().handleMessage({ type: 'seller-stats', sourceId: 'nope', from: '2026-11-01', to: '2026-11-01' }, OPTIONS);
    expect(gone).toEqual(refused('statsNotConnected'));
  });
});
