/**
 * Seller pairing (issue 18): the seller page makes a short code, the extension redeems it for a
 * token of that merchant. Codes expire, work once, can't be guessed, and never reach a log.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CODE_ALPHABET, normalizeCode } from '../../server/pairing';
import { bearer, getJson, post, sampleTag, startTestServer, type JsonResponse, type TestServer } from './helpers';

const ADMIN = 'pca_test-admin-secret-0123456789abcdef';
const MINUTE = 60_000;
let clock = Date.now();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    now: () => clock,
    adminSecret: ADMIN,
    trustProxy: true,
    limits: { pairingFailuresPerClient: 5, pairingFailuresGlobal: 12, pairingWindowMs: 15 * MINUTE, pairingCodeTtlMs: 10 * MINUTE, pairingCodesPerMerchant: 5 },
  });
});
afterAll(async () => {
  await server?.close();
});

let addressCounter = 0;
function newAddress(): string {
  addressCounter += 1;
  return `203.0.113.${addressCounter}`;
}

const admin = { authorization: `Bearer ${ADMIN}` };

async function makeCode(merchantId: string, auth: Record<string, string> = admin): Promise<{ code: string; link: string; expiresAt: string; merchantId: string; merchantName: string }> {
  const response = await post(server, '/v1/seller/pairing-codes', { merchantId }, auth);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as never;
}

function redeem(code: string, address = newAddress(), device?: string): Promise<JsonResponse> {
  return post(server, '/v1/pairing/redeem', device === undefined ? { code } : { code, device }, { 'x-forwarded-for': address });
}

/** A code that is well formed but was never issued. */
function wrongCode(n: number): string {
  return `ZZZZ${CODE_ALPHABET[n % CODE_ALPHABET.length]}${CODE_ALPHABET[Math.floor(n / CODE_ALPHABET.length) % CODE_ALPHABET.length]}ZZ`;
}

describe('the seller page', () => {
  it('is HTML that runs only its own scripts, talks only to this server and cannot be framed', async () => {
    for (const path of ['/seller', '/pair']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'.*connect-src 'self'.*frame-ancestors 'none'/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toMatch(/<script src="\/seller\/(seller|pair)\.js" defer><\/script>/);
    }
    const script = await fetch(`${server.url}/seller/seller.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // Whatever the page shows is set as text, never parsed as HTML.
    expect(await script.text()).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('lists every merchant for the admin secret, its own merchant for a seller token, nothing otherwise', async () => {
    const asAdmin = await getJson(server, '/v1/seller/merchants', admin);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.admin).toBe(true);
    expect((asAdmin.body.merchants as { id: string }[]).map((m) => m.id).sort()).toEqual(['acme', 'harbor-goods', 'kumo-tea', 'maison-lune', 'northwind', 'trailhead']);
    const asSeller = await getJson(server, '/v1/seller/merchants', bearer(server, 'acme'));
    expect(asSeller.body).toEqual({ admin: false, merchants: [{ id: 'acme', name: 'Acme Outdoor' }] });
    const refused: Record<string, string>[] = [{}, { authorization: `Bearer ${ADMIN}x` }, { authorization: 'Bearer pca_' }, { authorization: 'Bearer pct_nope' }];
    for (const headers of refused) {
      expect((await getJson(server, '/v1/seller/merchants', headers)).status).toBe(401);
    }
  });
});

describe('making codes', () => {
  it("makes a short code and a link for a merchant, with the admin secret or that merchant's own token", async () => {
    const byAdmin = await makeCode('acme');
    expect(byAdmin).toEqual({ code: expect.stringMatching(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/), link: expect.any(String), merchantId: 'acme', merchantName: 'Acme Outdoor', expiresAt: new Date(clock + 10 * MINUTE).toISOString() });
    expect(byAdmin.link).toBe(`${server.url}/pair#code=${byAdmin.code.replace('-', '')}`);
    const bySeller = await post(server, '/v1/seller/pairing-codes', {}, bearer(server, 'kumo-tea'));
    expect(bySeller.status).toBe(201);
    expect(bySeller.body.merchantId).toBe('kumo-tea');
  });

  it("refuses a code for another merchant's shop, an unknown one, or without naming one as admin", async () => {
    expect((await post(server, '/v1/seller/pairing-codes', { merchantId: 'northwind' }, bearer(server, 'acme'))).status).toBe(403);
    expect((await post(server, '/v1/seller/pairing-codes', { merchantId: 'nobody' }, admin)).status).toBe(404);
    expect((await post(server, '/v1/seller/pairing-codes', {}, admin)).status).toBe(400);
    expect((await post(server, '/v1/seller/pairing-codes', { merchantId: 'acme' })).status).toBe(401);
  });

  it('keeps at most five live codes per merchant: a sixth drops the oldest', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      clock += 1000;
      codes.push((await makeCode('maison-lune')).code);
    }
    expect((await redeem(codes[0]!)).status).toBe(400);
    expect((await redeem(codes[5]!)).status).toBe(201);
    expect((await redeem(codes[1]!)).status).toBe(201);
  });
});

describe('redeeming codes', () => {
  it("gives a new token bound to the code's merchant: it writes that merchant's tags and no other's", async () => {
    const { code } = await makeCode('acme');
    // Typed as people type: lower case, no hyphen, spaces.
    const typed = ` ${code.replace('-', ' ').toLowerCase()} `;
    const response = await redeem(typed, newAddress(), 'Chrome on the shop laptop');
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ token: expect.stringMatching(/^pct_/), tokenId: expect.stringMatching(/^tok_/), merchantId: 'acme', merchantName: 'Acme Outdoor' });
    const token = { authorization: `Bearer ${response.body.token as string}` };

    expect((await getJson(server, '/v1/seller', token)).body).toEqual({ merchantId: 'acme', merchantName: 'Acme Outdoor' });
    const mine = await post(server, '/v1/tags', { ops: [{ op: 'upsert', tag: sampleTag('acme:1001', { variantId: null }) }] }, token);
    expect(mine.status).toBe(200);
    expect(mine.body.merchantId).toBe('acme');
    const theirs = await post(server, '/v1/tags', { ops: [{ op: 'upsert', tag: sampleTag('northwind:4001', { variantId: null }) }] }, token);
    expect(theirs.status).toBe(403);

    // Stored as a hash, listed by its id with the device name.
    const rows = await server.db.query<{ token_hash: string; device: string; label: string }>('SELECT token_hash, device, label FROM seller_tokens WHERE id = $1', [response.body.tokenId as string]);
    expect(rows).toEqual([{ token_hash: expect.not.stringContaining(response.body.token as string), device: 'Chrome on the shop laptop', label: 'paired' }]);
    const listed = await getJson(server, '/v1/seller/tokens', token);
    expect(listed.body.tokens).toContainEqual({ id: response.body.tokenId, label: 'paired', device: 'Chrome on the shop laptop', createdAt: expect.any(String), current: true });
  });

  it('takes a code once, also when several redeems race for it', async () => {
    const { code } = await makeCode('northwind');
    const answers = await Promise.all(Array.from({ length: 6 }, () => redeem(code)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 400).map((answer) => answer.body.details)).toEqual(Array(5).fill({ reason: 'invalid-code' }));
    expect((await redeem(code)).status).toBe(400);
  });

  it('refuses a code once its 10 minutes are over', async () => {
    const first = await makeCode('acme');
    const second = await makeCode('acme');
    clock += 10 * MINUTE - 1000;
    expect((await redeem(first.code)).status).toBe(201);
    clock += 1000;
    const late = await redeem(second.code);
    expect(late.status).toBe(400);
    expect(late.body).toEqual({ error: expect.stringMatching(/expired/), details: { reason: 'invalid-code' } });
  });

  it('answers a malformed code with 400 and a reason, without counting it as a guess', async () => {
    const address = newAddress();
    for (const code of ['', 'ABC', 'ABCD-EFGH-J', 'ABCD-EFG0', 'IIII-LLLL', 'ABCD EFG!', '12345678']) {
      const response = await redeem(code, address);
      expect(response.status, code).toBe(400);
      expect(response.body.details).toEqual({ reason: 'malformed-code' });
    }
    expect(normalizeCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normalizeCode('ABCD-EFG1')).toBeNull();
  });

  it('locks an address out after five wrong codes, even for the right code, until the window ends', async () => {
    clock += 15 * MINUTE;
    const address = newAddress();
    for (let i = 0; i < 5; i++) expect((await redeem(wrongCode(i), address)).status).toBe(400);
    const { code } = await makeCode('kumo-tea');
    const locked = await redeem(code, address);
    expect(locked.status).toBe(429);
    expect(locked.body.details).toMatchObject({ reason: 'locked' });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The code was not looked at, so it still works from elsewhere; the address may try again after the window.
    expect((await redeem(code, newAddress())).status).toBe(201);
    clock += 15 * MINUTE;
    expect((await redeem((await makeCode('kumo-tea')).code, address)).status).toBe(201);
  });

  it('locks everyone out after too many wrong codes from many addresses together', async () => {
    clock += 15 * MINUTE;
    for (let i = 0; i < 12; i++) expect((await redeem(wrongCode(100 + i), newAddress())).status).toBe(400);
    const { code } = await makeCode('acme');
    expect((await redeem(code, newAddress())).status).toBe(429);
    clock += 15 * MINUTE;
    const later = await makeCode('acme');
    expect((await redeem(later.code, newAddress())).status).toBe(201);
  });

  it('needs application/json, and answers a preflight from the extension', async () => {
    const plain = await fetch(`${server.url}/v1/pairing/redeem`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-forwarded-for': newAddress() }, body: '{"code":"ABCD2345"}' });
    expect(plain.status).toBe(415);
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const preflight = await fetch(`${server.url}/v1/pairing/redeem`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
  });
});

describe('revoking tokens', () => {
  it('stops a revoked token at once; a seller revokes only its own merchant\'s tokens', async () => {
    clock += 15 * MINUTE;
    const { code } = await makeCode('acme');
    const paired = (await redeem(code)).body as { token: string; tokenId: string };
    const token = { authorization: `Bearer ${paired.token}` };
    expect((await getJson(server, '/v1/seller', token)).status).toBe(200);

    expect((await post(server, '/v1/seller/tokens/revoke', { id: paired.tokenId, merchantId: 'acme' }, bearer(server, 'northwind'))).status).toBe(403);
    expect((await post(server, '/v1/seller/tokens/revoke', { id: paired.tokenId }, bearer(server, 'northwind'))).status).toBe(404);
    expect((await getJson(server, '/v1/seller', token)).status).toBe(200);

    const revoked = await post(server, '/v1/seller/tokens/revoke', { id: paired.tokenId, merchantId: 'acme' }, admin);
    expect(revoked.body).toEqual({ revoked: paired.tokenId, merchantId: 'acme' });
    expect((await getJson(server, '/v1/seller', token)).status).toBe(401);
    expect((await post(server, '/v1/tags', { ops: [{ op: 'delete', tag: { id: 'x' } }] }, token)).status).toBe(401);
  });

  it('keeps the pasted demo tokens working next to paired ones', async () => {
    expect((await getJson(server, '/v1/seller', bearer(server, 'acme'))).body).toEqual({ merchantId: 'acme', merchantName: 'Acme Outdoor' });
    const listed = await getJson(server, '/v1/seller/tokens?merchantId=acme', admin);
    expect((listed.body.tokens as { label: string }[]).some((t) => t.label === 'demo')).toBe(true);
  });
});

describe('secrecy of codes', () => {
  it('never writes a code to the database or to the log', async () => {
    const logged: string[] = [];
    const spies = (['log', 'error', 'warn', 'info'] as const).map((level) => vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))));
    try {
      clock += 15 * MINUTE;
      const { code } = await makeCode('acme');
      const bare = code.replace('-', '');
      expect((await redeem(code)).status).toBe(201);
      expect((await redeem(code)).status).toBe(400);
      const dump = JSON.stringify(await server.db.query('SELECT to_jsonb(p)::text AS row FROM pairing_codes p'));
      expect(dump).not.toContain(bare);
      expect(dump).not.toContain(code);
      expect(logged.join('\n')).not.toContain(bare);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
