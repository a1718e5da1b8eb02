import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { onPostgres, post, sampleProduct, startTestServer, token, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const CHROME = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const FIREFOX = 'moz-extension://2f1c8e4a-3b0d-4c1e-9f7a-6d5e4c3b2a19';

describe('GET /health', () => {
  it('says ok, which database it runs on and the current change sequence', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; db: string; seq: number };
    expect(body).toEqual({ ok: true, db: onPostgres ? 'postgres' : 'pglite', seq: expect.any(Number) });
    expect(body.seq).toBeGreaterThanOrEqual(90); // the demo catalog's records
  });
});

describe('CORS', () => {
  it('answers a preflight from a Chrome or Firefox extension with 204 and reflects its origin', async () => {
    for (const origin of [CHROME, FIREFOX]) {
      const response = await fetch(`${server.url}/v1/tags`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type, Idempotency-Key, If-None-Match');
      expect(response.headers.get('vary')).toMatch(/Origin/);
    }
  });

  it('gives web pages no CORS headers', async () => {
    for (const origin of ['https://evil.example', 'null', 'chrome-extension://abc/def', 'http://127.0.0.1']) {
      const response = await fetch(`${server.url}/v1/feed`, { headers: { origin } });
      expect(response.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });

  it('puts CORS headers on answers and errors alike, and exposes the ETag', async () => {
    const feed = await fetch(`${server.url}/v1/feed`, { headers: { origin: CHROME } });
    expect(feed.headers.get('access-control-allow-origin')).toBe(CHROME);
    expect(feed.headers.get('access-control-expose-headers')).toBe('ETag, Retry-After');
    const refused = await fetch(`${server.url}/v1/tags`, { method: 'POST', headers: { origin: CHROME }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(CHROME);
  });
});

describe('request bodies', () => {
  it('answers 413 to a body over 1 MB and writes nothing', async () => {
    const product = sampleProduct('acme', { description: 'x'.repeat(4000) });
    const ops = Array.from({ length: 300 }, (_, i) => ({ op: 'upsert', product: { ...product, id: `acme:big-${i}` } }));
    const body = JSON.stringify({ ops });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const response = await post(server, '/v1/products', body, { authorization: `Bearer ${token(server, 'acme')}` });
    expect(response.status).toBe(413);
    expect(response.body).toEqual({ error: 'request body is too large', details: { limit: 1048576 } });
    const rows = await server.db.query("SELECT 1 FROM products WHERE id LIKE 'acme:big-%'");
    expect(rows).toEqual([]);
  });

  it('answers 413 to an oversized body sent without Content-Length (chunked)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/v1/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'big', 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
    });
    expect(status).toBe(413);
  });
});

describe('errors', () => {
  it('are JSON with an error message, for unknown paths and wrong methods too', async () => {
    const missing = await fetch(`${server.url}/v2/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await missing.json()).toEqual({ error: 'not found' });

    const wrongMethod = await fetch(`${server.url}/v1/feed`, { method: 'POST', body: '{}' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, OPTIONS');
    expect(await wrongMethod.json()).toEqual({ error: 'use GET' });
  });

  it('never show a stack trace, even when the database fails', async () => {
    // Break the catalog for a moment: the feed query then fails inside the server.
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await server.db.query('ALTER TABLE tags RENAME TO tags_away');
    try {
      const response = await fetch(`${server.url}/v1/feed`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal error' });
      expect(text).not.toMatch(/at |\.ts|tags_away|relation/);
      // The details go to the server's log instead.
      expect(log).toHaveBeenCalled();
    } finally {
      await server.db.query('ALTER TABLE tags_away RENAME TO tags');
      log.mockRestore();
    }
  });
});
