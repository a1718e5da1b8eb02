import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { OutboxTag, type StoredProduct, type StoredTag } from '@/utils/catalog/model';
import { TagConflict } from '@/utils/seller/model';
import { MAX_OPS_PER_REQUEST, publishOutbox, readPublishState, sellerStatus, TOKEN_REJECTED, WAITING_FOR_CONNECTION } from '@/utils/seller/publish';
import { newSourceState, type SourceState } from '@/utils/sync/source';
import { FakeCatalogServer } from '../fake-catalog-server';
import { because } from '../fixtures';

const T0 = 1_800_000_000_000;

function product(id: string, merchantId: string, sourceId: string): StoredProduct {
  return {
    id,
    merchantId,
    title: `Product ${id}`,
    url: `https://${merchantId}.example/products/${id}`,
    images: [],
    brand: null,
    gtin: null,
    description: '',
    variants: [{ id: 'v1', title: 'One', priceMinor: 1000, compareAtMinor: null, currency: 'USD', available: true, sku: null }],
    updatedAt: '2026-11-20T10:00:00Z',
    sourceId,
    urlKey: null,
  };
}

function source(id: string, url: string, token: string | null): SourceState {
  return { ...newSourceState({ id, kind: 'postcart', url }), seller: token ? { token, merchantId: 'acme', merchantName: 'Acme', connectedAt: T0 } : null };
}

function localTag(id: string, productId: string, overrides: Partial<StoredTag> = {}): StoredTag {
  return { id, platform: 'instagram', postId: 'C8xYz123abc', productId, variantId: 'v1', x: 0.5, y: 0.5, updatedAt: new Date(T0).toISOString(), origin: 'local', sourceId: 'local', version: null, ...overrides };
}

/** What the tag editor commits (utils/model.ts OutboxEntry): the local tag and one outbox row per tag. */
async function edit(db: PostcartDB, tag: StoredTag, queuedAt: number, op: 'upsert' | 'delete' = 'upsert'): Promise<void> {
  await db.transaction('rw', [db.tags, db.outbox], async () => {
    const existing = await db.tags.get(tag.id);
    const pending = await db.outbox.get(tag.id);
    const baseVersion = pending ? pending.baseVersion : (existing?.version ?? null);
    if (op === 'upsert') await db.tags.put({ ...tag, version: existing?.version ?? null });
    else await db.tags.delete(tag.id);
    await db.outbox.put({ tagId: tag.id, op, tag: OutboxTag.parse(tag), baseVersion, queuedAt, attempts: 0, lastError: null });
  });
}

async function conflicts(db: PostcartDB): Promise<TagConflict[]> {
  return (await db.conflicts.toArray()).map((row) => TagConflict.parse(row));
}

describe('the publisher', () => {
  let db: PostcartDB;
  let server: FakeCatalogServer;
  let clock: number;
  const deps = () => ({ db, fetch: server.fetch, now: () => clock, random: () => 0.5 });

  beforeEach(async () => {
    db = openDb(`publish-${Math.random()}`);
    server = new FakeCatalogServer();
    server.tokens.set('tok-acme', { merchantId: 'acme', merchantName: 'Acme Outdoor' });
    clock = T0;
    await db.sources.put(source('src-a', 'https://cat.example/v1/feed', 'tok-acme'));
    await db.products.bulkPut([product('acme:1', 'acme', 'src-a'), product('acme:2', 'acme', 'src-a')]);
  });

  it('publishes a new tag with its base version, empties the outbox and keeps the server version on the local tag', async () => {
    await edit(db, localTag('t1', 'acme:1'), T0);
    const summary = await publishOutbox(deps());
    expect(summary).toMatchObject({ published: 1, conflicts: 0, failed: 0, waiting: 0 });
    const [request] = server.tagRequests();
    expect(request).toMatchObject({ url: 'https://cat.example/v1/tags', method: 'POST', authorization: 'Bearer tok-acme' });
    expect(request!.body).toEqual({ ops: [{ op: 'upsert', tag: OutboxTag.parse(localTag('t1', 'acme:1')), baseVersion: null }] });
    expect(await db.outbox.count()).toBe(0);
    expect((await db.tags.get('t1'))?.version).toBe(server.tags.get('t1')!.version);
    expect((await readPublishState(db, 'src-a')).lastRun).toMatchObject({ published: 1, error: null });
  });

  it('sends each change to the server of its product, one request per source, and lets the others wait', async () => {
    server.tokens.set('tok-other', { merchantId: 'acme', merchantName: 'Acme Outdoor' });
    await db.sources.bulkPut([source('src-b', 'https://cat.example/shop-b/v1/feed', 'tok-other'), source('src-c', 'https://cat.example/shop-c/v1/feed', null)]);
    await db.products.bulkPut([product('b:1', 'acme', 'src-b'), product('c:1', 'acme', 'src-c')]);
    await edit(db, localTag('ta', 'acme:1'), T0);
    await edit(db, localTag('tb', 'b:1'), T0 + 1);
    await edit(db, localTag('tc', 'c:1'), T0 + 2);
    await edit(db, localTag('tgone', 'not-in-catalog'), T0 + 3);

    const summary = await publishOutbox(deps());
    expect(summary).toMatchObject({ published: 2, waiting: 2 });
    expect(server.tagRequests().map((r) => [r.url, r.authorization])).toEqual([
      ['https://cat.example/v1/tags', 'Bearer tok-acme'],
      ['https://cat.example/shop-b/v1/tags', 'Bearer tok-other'],
    ]);
    const left = await db.outbox.toArray();
    expect(left.map((e) => [e.tagId, e.lastError])).toEqual([
      ['tc', WAITING_FOR_CONNECTION],
      ['tgone', WAITING_FOR_CONNECTION],
    ]);
    expect(await sellerStatus(db)).toMatchObject({ pending: 2, waiting: 2 });

    // Connecting the waiting source publishes its change on the next run.
    await db.sources.put(source('src-c', 'https://cat.example/shop-c/v1/feed', 'tok-acme'));
    expect(await publishOutbox(deps())).toMatchObject({ published: 1, waiting: 1 });
    expect((await db.outbox.toArray()).map((e) => e.tagId)).toEqual(['tgone']);
  });

  it(`sends at most ${MAX_OPS_PER_REQUEST} changes per request`, async () => {
    for (let i = 0; i < 250; i++) await edit(db, localTag(`t${i}`, 'acme:1', { postId: `post${i}` }), T0 + i);
    expect(await publishOutbox(deps())).toMatchObject({ published: 250 });
    expect(server.tagRequests().map((r) => (r.body as { ops: unknown[] }).ops.length)).toEqual([100, 100, 50]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('lets a newer server version win over an edit, replacing the local tag and recording the conflict', async () => {
    const published = server.serverWrite(OutboxTag.parse(localTag('t1', 'acme:1')));
    await db.tags.put(localTag('t1', 'acme:1', { version: published.version, origin: 'feed', sourceId: 'src-a' }));
    // Someone else moves the pin on the server; this browser moves it too, from the older version.
    const theirs = server.serverWrite({ ...OutboxTag.parse(localTag('t1', 'acme:1')), x: 0.9, updatedAt: '2026-11-21T00:00:00.000Z' });
    await edit(db, localTag('t1', 'acme:1', { x: 0.1 }), T0);

    expect(await publishOutbox(deps())).toMatchObject({ published: 0, conflicts: 1 });
    expect(await db.outbox.count()).toBe(0);
    expect(await db.tags.get('t1')).toMatchObject({ x: 0.9, version: theirs.version, origin: 'feed', sourceId: 'src-a' });
    expect(server.tags.get('t1')?.x).toBe(0.9);
    expect(await conflicts(db)).toEqual([
      { tagId: 't1', at: T0, sourceId: 'src-a', kind: 'conflict', mine: { op: 'upsert', tag: expect.objectContaining({ x: 0.1 }) }, theirs: expect.objectContaining({ x: 0.9, version: theirs.version }), reason: null },
    ]);
    expect((await sellerStatus(db)).conflicts).toHaveLength(1);
  });

  it('keeps a tag the server changed after this browser deleted it, and drops an edit of a tag the server deleted', async () => {
    for (const id of ['kept', 'gone']) {
      const published = server.serverWrite(OutboxTag.parse(localTag(id, 'acme:1')));
      await db.tags.put(localTag(id, 'acme:1', { version: published.version, origin: 'feed', sourceId: 'src-a' }));
    }
    server.serverWrite({ ...OutboxTag.parse(localTag('kept', 'acme:1')), productId: 'acme:2', updatedAt: '2026-11-21T00:00:00.000Z' });
    server.serverDelete('gone');
    await edit(db, localTag('kept', 'acme:1'), T0, 'delete');
    await edit(db, localTag('gone', 'acme:1', { y: 0.2 }), T0 + 1);

    expect(await publishOutbox(deps())).toMatchObject({ conflicts: 2 });
    // Delete vs update: the server's update comes back.
    expect(await db.tags.get('kept')).toMatchObject({ productId: 'acme:2', origin: 'feed' });
    // Update vs delete: the tag stays deleted.
    expect(await db.tags.get('gone')).toBeUndefined();
    const byId = new Map((await conflicts(db)).map((c) => [c.tagId, c]));
    expect(byId.get('kept')).toMatchObject({ mine: { op: 'delete' }, theirs: { productId: 'acme:2' } });
    expect(byId.get('gone')).toMatchObject({ mine: { op: 'upsert', tag: { y: 0.2 } }, theirs: null });
    expect(await db.outbox.count()).toBe(0);
  });

  it('deletes a published tag, and a delete of a tag the server never had is harmless', async () => {
    const published = server.serverWrite(OutboxTag.parse(localTag('t1', 'acme:1')));
    await db.tags.put(localTag('t1', 'acme:1', { version: published.version }));
    await edit(db, localTag('t1', 'acme:1'), T0, 'delete');
    await edit(db, localTag('never', 'acme:1'), T0 + 1, 'delete');
    expect(await publishOutbox(deps())).toMatchObject({ published: 2, conflicts: 0 });
    expect(server.tags.has('t1')).toBe(false);
    expect(server.tombstones.has('t1')).toBe(true);
    expect(await db.outbox.count()).toBe(0);
  });

  it('keeps an edit made while the previous one was on its way, based on the version just written', async () => {
    await edit(db, localTag('t1', 'acme:1', { x: 0.2 }), T0);
    server.during = async () => {
      server.during = null;
      await edit(db, localTag('t1', 'acme:1', { x: 0.3 }), T0 + 5);
    };
    expect(await publishOutbox(deps())).toMatchObject({ published: 1 });
    const first = server.tags.get('t1')!;
    expect(first.x).toBe(0.2);
    const pending = await db.outbox.get('t1');
    expect(pending).toMatchObject({ queuedAt: T0 + 5, baseVersion: first.version, tag: { x: 0.3 } });
    expect((await db.tags.get('t1'))?.x).toBe(0.3);

    // The newer edit goes out next, without a conflict against our own write.
    expect(await publishOutbox(deps())).toMatchObject({ published: 1, conflicts: 0 });
    expect(server.tags.get('t1')?.x).toBe(0.3);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.tags.get('t1'))?.version).toBe(server.tags.get('t1')!.version);
  });

  it('keeps changes made offline and publishes them once the server answers again, backing off meanwhile', async () => {
    server.mode = 'down';
    await edit(db, localTag('t1', 'acme:1'), T0);
    expect(await publishOutbox(deps())).toMatchObject({ published: 0, failed: 1 });
    expect(await db.outbox.get('t1')).toMatchObject({ attempts: 1, lastError: because('errHttpNetwork', 'cat.example') });
    const state = await readPublishState(db, 'src-a');
    expect(state).toMatchObject({ failures: 1, lastRun: { error: because('errHttpNetwork', 'cat.example') } });
    // Jitter between half and all of the first step (30 s).
    expect(state.nextAttemptAt).toBe(T0 + 22_500);

    // A server error counts the same; a run before the backoff ends does not ask at all.
    server.mode = 'error';
    const before = server.requests.length;
    clock = T0 + 10_000;
    expect(await publishOutbox(deps())).toMatchObject({ failed: 1, retryAt: T0 + 22_500 });
    expect(server.requests.length).toBe(before);
    clock = T0 + 30_000;
    await publishOutbox(deps());
    expect(await db.outbox.get('t1')).toMatchObject({ attempts: 2, lastError: because('errHttpStatus', 'cat.example', 503) });
    expect((await readPublishState(db, 'src-a')).failures).toBe(2);

    server.mode = 'up';
    expect(await publishOutbox(deps(), { force: true })).toMatchObject({ published: 1 });
    expect(await db.outbox.count()).toBe(0);
    expect(await readPublishState(db, 'src-a')).toMatchObject({ failures: 0, nextAttemptAt: null, lastRun: { published: 1, error: null } });
  });

  it('stops for a source whose token the server rejects, keeping its changes', async () => {
    await db.sources.put(source('src-a', 'https://cat.example/v1/feed', 'tok-revoked'));
    for (let i = 0; i < 150; i++) await edit(db, localTag(`t${i}`, 'acme:1', { postId: `p${i}` }), T0 + i);
    expect(await publishOutbox(deps())).toMatchObject({ published: 0, failed: 150 });
    expect(server.tagRequests()).toHaveLength(1);
    expect(new Set((await db.outbox.toArray()).map((e) => e.lastError?.key))).toEqual(new Set([TOKEN_REJECTED.key]));
    expect((await readPublishState(db, 'src-a')).lastRun?.error).toEqual(TOKEN_REJECTED);
  });

  it('sets aside an edit the server refuses and publishes the rest', async () => {
    await edit(db, localTag('ok', 'acme:1'), T0);
    await edit(db, localTag('bad', 'acme:2'), T0 + 1);
    server.refuse.set(1, 'product "acme:2" belongs to another merchant');
    expect(await publishOutbox(deps())).toMatchObject({ published: 1, refused: 1 });
    expect(server.tags.has('ok')).toBe(true);
    expect(server.tags.has('bad')).toBe(false);
    expect(await db.outbox.count()).toBe(0);
    // The seller's tag stays in this browser and the refusal is shown with the server's reason.
    expect(await db.tags.get('bad')).toBeDefined();
    expect(await conflicts(db)).toEqual([expect.objectContaining({ tagId: 'bad', kind: 'refused', reason: because('errServerRefusedTag', "records of another merchant can't be written with this token; nothing was written", 'product "acme:2" belongs to another merchant') })]);
  });

  it('runs one publish at a time and goes round again for changes that came during it', async () => {
    await edit(db, localTag('t1', 'acme:1'), T0);
    let inFlight = 0;
    let maxInFlight = 0;
    server.during = async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
    };
    const first = publishOutbox(deps());
    await edit(db, localTag('t2', 'acme:2'), T0 + 1);
    const second = publishOutbox(deps());
    expect(await first).toEqual(await second);
    expect(maxInFlight).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    expect([...server.tags.keys()].sort()).toEqual(['t1', 't2']);
  });
});
