import { describe, expect, it } from 'vitest';
import { backoffMs, classify, exchange, getJson, HttpError, readText, send, type Fetcher } from '@/utils/platform/http';

/** A body that sends `chunks` then, unless `end`, never finishes (a server that stalls mid-answer). */
function streamed(chunks: string[], end = true): Response {
  const encoder = new TextEncoder();
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (end) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  const response = new Response(body, { status: 200 });
  Object.defineProperty(response, 'cancelled', { get: () => cancelled });
  return response;
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe('the HTTP client', () => {
  it('classifies answers once for every caller: done, worth retrying, not authorized or refused', () => {
    expect([200, 201, 204, 304].map(classify)).toEqual(['done', 'done', 'done', 'done']);
    expect([408, 425, 429, 500, 503].map(classify)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
    expect([401, 403].map(classify)).toEqual(['unauthorized', 'unauthorized']);
    expect([400, 404, 409, 413, 422].map(classify)).toEqual(['refused', 'refused', 'refused', 'refused', 'refused']);
  });

  it('never sends cookies or uses the cache, and never follows a redirect with a token', async () => {
    const seen: RequestInit[] = [];
    const fetcher: Fetcher = async (_url, init) => {
      seen.push(init!);
      return new Response('{}');
    };
    await send(fetcher, 'https://cat.example/v1/seller', { token: 'abc', followRedirects: true });
    await send(fetcher, 'https://cat.example/v1/feed', { followRedirects: true });
    expect(seen[0]).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'error', headers: { authorization: 'Bearer abc' } });
    expect(seen[1]).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'follow' });
  });

  it('turns an answer that is not done into an error with its outcome, status and host', async () => {
    const error = await failure(send(async () => new Response('down', { status: 503 }), 'https://feeds.example/v1/feed'));
    expect([error.key, error.args, error.outcome, error.status, error.retryable]).toEqual(['errHttpStatus', ['feeds.example', '503'], 'retry', 503, true]);
    const refused = await failure(send(async () => new Response('no', { status: 404 }), 'https://feeds.example/x'));
    expect([refused.outcome, refused.retryable]).toEqual(['refused', false]);
    // exchange hands any answer back with its outcome, for callers that read the refusal's body.
    const { outcome, response } = await exchange(async () => Response.json({ error: 'invalid order' }, { status: 400 }), 'https://s.example/v1/orders');
    expect([outcome, await response.json()]).toEqual(['refused', { error: 'invalid order' }]);
  });

  it('gives up on a server that never sends its headers, even when fetch ignores the abort', async () => {
    const never: Fetcher = () => new Promise(() => undefined);
    const error = await failure(send(never, 'https://slow.example/feed', { headersTimeoutMs: 20 }));
    expect([error.key, error.outcome]).toEqual(['errHttpTimeout', 'retry']);
    const network = await failure(send(async () => Promise.reject(new TypeError('Failed to fetch')), 'https://gone.example/'));
    expect([network.key, network.args]).toEqual(['errHttpNetwork', ['gone.example']]);
  });

  it('stops reading a body that stalls halfway, and one that grows past the cap', async () => {
    const stalled = streamed(['{"version":1,'], false);
    const stall = await failure(readText(stalled, 'https://feeds.example/v1/feed', { idleTimeoutMs: 20 }));
    expect([stall.key, stall.retryable]).toEqual(['errHttpStalled', true]);
    expect((stalled as Response & { cancelled: boolean }).cancelled).toBe(true);

    const huge = streamed(['x'.repeat(600), 'x'.repeat(600)]);
    const large = await failure(readText(huge, 'https://feeds.example/big', { maxBytes: 1000 }));
    expect([large.key, large.outcome]).toEqual(['errHttpTooLarge', 'refused']);
    const declared = new Response('small', { headers: { 'content-length': String(10 ** 9) } });
    expect((await failure(readText(declared, 'https://feeds.example/big', { maxBytes: 1000 }))).key).toBe('errHttpTooLarge');
  });

  it('reads a body that arrives in pieces whole, multi-byte characters included', async () => {
    const text = await readText(streamed(['{"title":"Cr', 'ème ', 'brûlée"}']), 'https://feeds.example/');
    expect(JSON.parse(text)).toEqual({ title: 'Crème brûlée' });
  });

  it('refuses an answer that is not JSON where JSON was asked for', async () => {
    const error = await failure(getJson(async () => new Response('<!DOCTYPE html><title>Sign in</title>'), 'https://shop.example/products.json'));
    expect([error.key, error.args, error.outcome]).toEqual(['errHttpNotJson', ['shop.example'], 'refused']);
  });

  it('backs off exponentially with jitter, from half a minute to six hours', () => {
    expect(backoffMs(1, () => 0)).toBe(15_000);
    expect(backoffMs(1, () => 1)).toBe(30_000);
    expect(backoffMs(3, () => 1)).toBe(120_000);
    expect(backoffMs(40, () => 1)).toBe(6 * 60 * 60_000);
  });
});
