/**
 * A fake network of shops for the resolver's tests: routes by URL, answering like `fetch` does in
 * an extension worker, including what the tests must provoke: a store without CORS headers (a
 * `cors` request fails with a TypeError, a `no-cors` one gets an opaque answer), a host that is
 * down, one that never answers (until the request's signal aborts), redirects.
 */
import type { Fetcher } from '@/utils/platform/http';

export type Route =
  | { status?: number; body?: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>; type?: string; headers?: Record<string, string>; finalUrl?: string; delayMs?: number }
  | 'no-cors-headers'
  | 'down'
  | 'hang';

export interface Recorded {
  url: string;
  init: RequestInit;
}

function abortable<T>(signal: AbortSignal | null | undefined): Promise<T> {
  return new Promise<T>((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

export function fakeShops(routes: Record<string, Route | (() => Route)>): { fetch: Fetcher; requests: Recorded[] } {
  const requests: Recorded[] = [];
  const fetch: Fetcher = async (url, init = {}) => {
    requests.push({ url, init });
    const found = routes[url];
    const route = typeof found === 'function' ? found() : found;
    if (route === undefined) return new Response('<h1>Not found</h1>', { status: 404, headers: { 'content-type': 'text/html' } });
    if (route === 'down') throw new TypeError('Failed to fetch');
    if (route === 'hang') return abortable<Response>(init.signal);
    if (route === 'no-cors-headers') {
      if (init.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    }
    if (route.delayMs) await Promise.race([new Promise((resolve) => setTimeout(resolve, route.delayMs)), abortable(init.signal)]);
    const response = new Response(route.body ?? '', {
      status: route.status ?? 200,
      headers: { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers },
    });
    Object.defineProperty(response, 'url', { value: route.finalUrl ?? url });
    return response;
  };
  return { fetch, requests };
}

/** A body of `total` bytes streamed in `chunk`-byte pieces, counting what was actually pulled. */
export function countedStream(total: number, chunk = 64 * 1024): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const piece = new TextEncoder().encode('<p>'.padEnd(chunk, 'x'));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      const part = piece.subarray(0, Math.min(chunk, total - sent));
      sent += part.byteLength;
      controller.enqueue(part);
    },
  });
  return { stream, pulled: () => sent };
}

/** A body that sends its first bytes and then nothing, ever. */
export function stalledStream(): ReadableStream<Uint8Array> {
  let first = true;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (first) {
        first = false;
        controller.enqueue(new TextEncoder().encode('<!doctype html><html><head>'));
        return;
      }
      return new Promise<void>(() => undefined);
    },
  });
}
