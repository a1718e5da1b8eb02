import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestServer, token, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('GET /v1/seller', () => {
  it('names the merchant a token belongs to', async () => {
    for (const [merchantId, merchantName] of [
      ['acme', 'Acme Outdoor'],
      ['kumo-tea', 'Kumo Tea Works'],
      ['harbor-goods', 'Harbor Goods'],
    ]) {
      const response = await getJson(server, '/v1/seller', { authorization: `Bearer ${token(server, merchantId!)}` });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ merchantId, merchantName });
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('answers 401 with a Bearer challenge to a missing, malformed or unknown token', async () => {
    const cases: Record<string, string>[] = [{}, { authorization: 'Bearer' }, { authorization: 'Basic YWNtZTpwdw==' }, { authorization: 'Bearer pct_not-a-token' }];
    for (const headers of cases) {
      const response = await getJson(server, '/v1/seller', headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.body.error).toEqual(expect.any(String));
    }
  });

  it('answers a CORS preflight for GET with Authorization from an extension', async () => {
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const response = await fetch(`${server.url}/v1/seller`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });

  it('takes only GET', async () => {
    const response = await fetch(`${server.url}/v1/seller`, { method: 'POST', headers: { authorization: `Bearer ${token(server, 'acme')}` } });
    expect(response.status).toBe(405);
  });
});
