import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedTag } from '../../utils/catalog/model';
import { getFeed, latestCursor, sampleTag, startTestServer, writeOps, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface TagResult {
  index: number;
  op: 'upsert' | 'delete';
  id: string;
  version: number | null;
  changed: boolean;
  conflict: boolean;
  current?: FeedTag | null;
}

async function tagOps(ops: unknown[]): Promise<TagResult[]> {
  const response = await writeOps(server, 'tags', 'acme', ops);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.results as TagResult[];
}

async function tagOp(op: unknown): Promise<TagResult> {
  return (await tagOps([op]))[0]!;
}

async function feedTag(id: string): Promise<FeedTag | undefined> {
  const { page } = await getFeed(server, '?limit=5000');
  return page.tags.find((tag) => tag.id === id);
}

const newTag = (overrides: Partial<FeedTag> = {}) => sampleTag('acme:1001', { variantId: null, ...overrides });

describe('tag versions in the feed', () => {
  it('gives every tag in the feed its version, the seq of its row', async () => {
    const { page } = await getFeed(server, '?limit=5000');
    expect(page.tags.length).toBeGreaterThan(0);
    for (const tag of page.tags) expect(tag.version).toEqual(expect.any(Number));
    const tag = newTag();
    const written = await tagOp({ op: 'upsert', tag });
    expect((await feedTag(tag.id))?.version).toBe(written.version);
  });

  it('moves the version in the feed with every change of the tag', async () => {
    const tag = newTag();
    const first = await tagOp({ op: 'upsert', tag });
    const second = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.7 } });
    expect(second.version!).toBeGreaterThan(first.version!);
    expect(await feedTag(tag.id)).toMatchObject({ x: 0.7, version: second.version });
  });
});

describe('last writer wins by server version', () => {
  it('applies an edit made from the current version', async () => {
    const tag = newTag();
    const created = await tagOp({ op: 'upsert', tag, baseVersion: null });
    expect(created).toMatchObject({ changed: true, conflict: false });
    const moved = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.9 }, baseVersion: created.version });
    expect(moved).toMatchObject({ changed: true, conflict: false });
    expect(moved.current).toBeUndefined();
    expect(await feedTag(tag.id)).toMatchObject({ x: 0.9 });
  });

  it('refuses an edit made from an older version and answers with the server tag', async () => {
    const tag = newTag();
    const created = await tagOp({ op: 'upsert', tag });
    const theirs = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.1 }, baseVersion: created.version });
    const cursor = await latestCursor(server);

    const mine = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.8 }, baseVersion: created.version });
    expect(mine).toEqual({
      index: 0,
      op: 'upsert',
      id: tag.id,
      version: theirs.version,
      changed: false,
      conflict: true,
      current: { ...tag, x: 0.1, version: theirs.version },
    });
    // Not applied: nothing new in the feed, the server's tag stands.
    expect((await getFeed(server, `?since=${cursor}`)).page.tags).toEqual([]);
    expect(await feedTag(tag.id)).toMatchObject({ x: 0.1 });
  });

  it('refuses a delete made from an older version', async () => {
    const tag = newTag();
    const created = await tagOp({ op: 'upsert', tag });
    const theirs = await tagOp({ op: 'upsert', tag: { ...tag, y: 0.9 }, baseVersion: created.version });
    const mine = await tagOp({ op: 'delete', tag: { id: tag.id }, baseVersion: created.version });
    expect(mine).toMatchObject({ op: 'delete', version: theirs.version, changed: false, conflict: true, current: { y: 0.9, version: theirs.version } });
    expect(await feedTag(tag.id)).toBeDefined();
  });

  it('treats a new tag (baseVersion null) as a conflict when the server already has that id', async () => {
    const tag = newTag();
    const theirs = await tagOp({ op: 'upsert', tag });
    const mine = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.2 }, baseVersion: null });
    expect(mine).toMatchObject({ conflict: true, version: theirs.version, current: { x: 0.5 } });
  });

  it('writes blindly when an op has no baseVersion, as before', async () => {
    const tag = newTag();
    const created = await tagOp({ op: 'upsert', tag });
    await tagOp({ op: 'upsert', tag: { ...tag, x: 0.1 }, baseVersion: created.version });
    const blind = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.3 } });
    expect(blind).toMatchObject({ changed: true, conflict: false });
    expect(await feedTag(tag.id)).toMatchObject({ x: 0.3 });
  });

  it('answers a retried write that already landed without a conflict (its first answer was lost)', async () => {
    const tag = newTag();
    const first = await tagOp({ op: 'upsert', tag, baseVersion: null });
    const retry = await tagOp({ op: 'upsert', tag, baseVersion: null });
    expect(retry).toEqual({ ...first, changed: false });
    const moved = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.4 }, baseVersion: first.version });
    expect(await tagOp({ op: 'upsert', tag: { ...tag, x: 0.4 }, baseVersion: first.version })).toEqual({ ...moved, changed: false });
  });
});

describe('deleted and recreated tags', () => {
  it('refuses an edit of a tag deleted since, with current null and the tombstone version', async () => {
    const tag = newTag();
    const created = await tagOp({ op: 'upsert', tag });
    const deleted = await tagOp({ op: 'delete', tag: { id: tag.id }, baseVersion: created.version });
    expect(deleted).toMatchObject({ changed: true, conflict: false });

    const mine = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.6 }, baseVersion: created.version });
    expect(mine).toEqual({ index: 0, op: 'upsert', id: tag.id, version: deleted.version, changed: false, conflict: true, current: null });
    expect(await feedTag(tag.id)).toBeUndefined();
  });

  it('recreates a deleted tag from the tombstone version, and the feed drops the tombstone', async () => {
    const tag = newTag();
    const created = await tagOp({ op: 'upsert', tag });
    const cursor = await latestCursor(server);
    const deleted = await tagOp({ op: 'delete', tag: { id: tag.id } });
    const recreated = await tagOp({ op: 'upsert', tag: { ...tag, x: 0.6 }, baseVersion: deleted.version });
    expect(recreated).toMatchObject({ changed: true, conflict: false });
    expect(recreated.version!).toBeGreaterThan(deleted.version!);
    const { page } = await getFeed(server, `?since=${cursor}`);
    expect(page.deleted.tags).not.toContain(tag.id);
    expect(page.tags.find((t) => t.id === tag.id)).toMatchObject({ x: 0.6, version: recreated.version });
    expect(created.version!).toBeLessThan(deleted.version!);
  });

  it('treats creating an id that was deleted as a conflict when the client never saw it', async () => {
    const tag = newTag();
    await tagOp({ op: 'upsert', tag });
    const deleted = await tagOp({ op: 'delete', tag: { id: tag.id } });
    const mine = await tagOp({ op: 'upsert', tag, baseVersion: null });
    expect(mine).toMatchObject({ conflict: true, version: deleted.version, current: null });
  });

  it('lets a delete of a tag someone else deleted pass quietly', async () => {
    const tag = newTag();
    const created = await tagOp({ op: 'upsert', tag });
    const theirs = await tagOp({ op: 'delete', tag: { id: tag.id } });
    const mine = await tagOp({ op: 'delete', tag: { id: tag.id }, baseVersion: created.version });
    expect(mine).toMatchObject({ version: theirs.version, changed: false, conflict: false });
  });

  it('deletes a tag that never existed without a conflict', async () => {
    expect(await tagOp({ op: 'delete', tag: { id: 'never-there' }, baseVersion: null })).toEqual({
      index: 0,
      op: 'delete',
      id: 'never-there',
      version: null,
      changed: false,
      conflict: false,
    });
  });

  it('reports a tag deleted with its product as deleted', async () => {
    const product = {
      id: 'acme:conflict-product',
      merchantId: 'acme',
      title: 'Short-lived',
      url: 'https://acme.example/products/short-lived',
      images: [],
      description: '',
      variants: [{ id: 'v1', title: '', price: '1.00', currency: 'USD' }],
      updatedAt: '2026-11-20T10:00:00Z',
    };
    expect((await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }])).status).toBe(200);
    const tag = sampleTag(product.id, { variantId: null });
    const created = await tagOp({ op: 'upsert', tag });
    expect((await writeOps(server, 'products', 'acme', [{ op: 'delete', product: { id: product.id } }])).status).toBe(200);
    const mine = await tagOp({ op: 'delete', tag: { id: tag.id }, baseVersion: created.version });
    expect(mine).toMatchObject({ changed: false, conflict: false });
    // An edit of it cannot come back either: the product is gone, which is a bad request.
    expect((await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag, baseVersion: created.version }])).status).toBe(400);
  });
});

describe('conflicts within a request', () => {
  it('applies the other ops of a request that has a conflict, and reports each', async () => {
    const stale = newTag();
    const created = await tagOp({ op: 'upsert', tag: stale });
    await tagOp({ op: 'upsert', tag: { ...stale, x: 0.2 } });
    const fresh = newTag();
    const results = await tagOps([
      { op: 'upsert', tag: { ...stale, x: 0.9 }, baseVersion: created.version },
      { op: 'upsert', tag: fresh, baseVersion: null },
    ]);
    expect(results.map((r) => [r.index, r.conflict, r.changed])).toEqual([
      [0, true, false],
      [1, false, true],
    ]);
    expect(await feedTag(fresh.id)).toBeDefined();
  });

  it('sees the earlier ops of the same request when checking a later one', async () => {
    const tag = newTag();
    const [created, moved] = await tagOps([
      { op: 'upsert', tag, baseVersion: null },
      { op: 'upsert', tag: { ...tag, x: 0.3 }, baseVersion: null },
    ]);
    expect(created).toMatchObject({ conflict: false, changed: true });
    expect(moved).toMatchObject({ conflict: true, version: created!.version });
  });

  it('still fails the whole request on a bad op, with nothing written', async () => {
    const tag = newTag();
    const cursor = await latestCursor(server);
    const response = await writeOps(server, 'tags', 'acme', [
      { op: 'upsert', tag, baseVersion: null },
      { op: 'upsert', tag: newTag(), baseVersion: 'twelve' },
      { op: 'upsert', tag: newTag(), baseVersion: -1 },
    ]);
    expect(response.status).toBe(400);
    expect((response.body.details as { index: number; path: string }[]).map((d) => [d.index, d.path])).toEqual([
      [1, 'baseVersion'],
      [2, 'baseVersion'],
    ]);
    expect((await getFeed(server, `?since=${cursor}`)).page.tags).toEqual([]);
  });

  it("refuses another merchant's tag with 403 even when the op would conflict", async () => {
    const response = await writeOps(server, 'tags', 'acme', [{ op: 'delete', tag: { id: 'demo-t5' }, baseVersion: 0 }]);
    expect(response.status).toBe(403);
  });
});

describe('concurrent writers', () => {
  it('lets exactly one of two writers starting from the same version win', async () => {
    const tag = newTag();
    await tagOp({ op: 'upsert', tag });
    const xs = [0.11, 0.22];
    for (let round = 0; round < 3; round++) {
      const base = (await feedTag(tag.id))!.version;
      const responses = await Promise.all(
        xs.map((x) => writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag: { ...tag, x, updatedAt: `2026-11-2${round}T10:00:00Z` }, baseVersion: base }])),
      );
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
      const results = responses.map((response) => (response.body.results as TagResult[])[0]!);
      const winner = results.findIndex((result) => !result.conflict);
      const loser = results.findIndex((result) => result.conflict);
      expect(winner).toBeGreaterThanOrEqual(0);
      expect(loser).toBeGreaterThanOrEqual(0);
      // The loser is told what won, and that is what the feed has.
      expect(results[loser]!.current).toMatchObject({ x: xs[winner], version: results[winner]!.version });
      expect(await feedTag(tag.id)).toMatchObject({ x: xs[winner], version: results[winner]!.version });
    }
  });
});
