/**
 * One bounded GET to a shop: an overall deadline and a deadline for the answer to start, a size cap
 * enforced while the body streams (a 3 MB page is cut off at the cap, not read), redirects kept to
 * the same site, the content type checked, and nothing of the shopper sent along: no cookies
 * (`credentials: 'omit'`), no referrer, no custom headers.
 *
 * Why no cookies: the shop would otherwise see the shopper's session (and `/cart.js` would read
 * their real cart), and a price for a logged-in member is not the price a post's viewers pay.
 * It is also what makes the Shopify path work at all: `Access-Control-Allow-Origin: *` is refused
 * by browsers for credentialed requests.
 */
import type { Fetcher } from '../../platform/http';
import { linkedFailure, type LinkedFailure } from './model';

export interface FetchLimits {
  /** The whole request, body included (LinkedResolver gives a whole resolution this much). */
  totalMs: number;
  /** Until the response headers arrive. */
  firstByteMs: number;
  /** Bytes of body read at most; more is "too-large". */
  maxBytes: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { totalMs: 8_000, firstByteMs: 5_000, maxBytes: 1_500_000 };

export type Expected = 'html' | 'json';

export type Fetched =
  | { ok: true; text: string; finalUrl: string; contentType: string; bytes: number }
  /** `network`: no HTTP answer at all (DNS, connection, or a cross-origin answer the browser hid). */
  | { ok: false; failure: LinkedFailure; network: boolean };

const ACCEPT: Record<Expected, string> = {
  html: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
  json: 'application/json,text/javascript;q=0.9,*/*;q=0.5',
};

const CONTENT_TYPES: Record<Expected, RegExp> = {
  html: /^(text\/html|application\/xhtml\+xml)\b/i,
  // Shopify serves `.js` as application/javascript or text/javascript, `cart.js` as JSON.
  json: /^(application\/(json|javascript|x-javascript|ld\+json)|text\/(javascript|json|plain))\b/i,
};

/** The request options every linked-product request uses. */
export function requestInit(expected: Expected, signal: AbortSignal): RequestInit {
  return {
    method: 'GET',
    mode: 'cors',
    credentials: 'omit',
    cache: 'no-store',
    redirect: 'follow',
    referrerPolicy: 'no-referrer',
    headers: { Accept: ACCEPT[expected] },
    signal,
  };
}

/** Same site: the same host, or the same host with or without `www.`, over https. */
export function sameSite(requested: string, final: string): boolean {
  try {
    const a = new URL(requested);
    const b = new URL(final);
    const bare = (host: string) => host.toLowerCase().replace(/^www\./, '');
    return b.protocol === 'https:' && bare(a.hostname) === bare(b.hostname) && a.port === b.port;
  } catch {
    return false;
  }
}

class Timeout extends Error {
  override name = 'Timeout';
}

/** Reads at most `maxBytes` of a body; stops (and cancels the stream) as soon as it would exceed it. */
async function readCapped(response: Response, maxBytes: number, aborted: Promise<never>): Promise<Uint8Array | 'too-large'> {
  if (!response.body) return new Uint8Array(await Promise.race([response.arrayBuffer(), aborted]));
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      // A stream that never ends must not outlive the deadline, whatever its source does with the signal.
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** The charset a response declares, or one its first bytes declare (`<meta charset>`), or UTF-8. */
function decode(body: Uint8Array, contentType: string): string {
  let label = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1] ?? null;
  if (!label) {
    const head = new TextDecoder('latin1').decode(body.subarray(0, 1024));
    label = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? null;
  }
  try {
    return new TextDecoder(label ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** One bounded GET (see the module comment). Never throws; never hangs past `limits.totalMs`. */
export async function fetchLimited(fetcher: Fetcher, url: string, expected: Expected, limits: FetchLimits = DEFAULT_FETCH_LIMITS): Promise<Fetched> {
  const controller = new AbortController();
  let rejectAborted: (error: Error) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    rejectAborted = reject;
  });
  aborted.catch(() => undefined);
  const stop = (why: string) => {
    controller.abort(new Timeout(why));
    rejectAborted(new Timeout(why));
  };
  const total = setTimeout(() => stop(`no complete answer within ${limits.totalMs} ms`), limits.totalMs);
  const firstByte = setTimeout(() => stop(`no answer within ${limits.firstByteMs} ms`), limits.firstByteMs);
  const host = new URL(url).host;
  try {
    let response: Response;
    try {
      response = await Promise.race([fetcher(url, requestInit(expected, controller.signal)), aborted]);
    } catch (error) {
      if (error instanceof Timeout || controller.signal.aborted) return { ok: false, failure: linkedFailure('timeout', `${host}: ${(controller.signal.reason as Error | undefined)?.message ?? 'timed out'}`), network: false };
      return { ok: false, failure: linkedFailure('unreachable', `${host} could not be reached: ${(error as Error).message}`), network: true };
    }
    clearTimeout(firstByte);
    const finalUrl = response.url || url;
    const cancel = () => response.body?.cancel().catch(() => undefined);
    if (!sameSite(url, finalUrl)) {
      cancel();
      const to = (() => {
        try {
          return new URL(finalUrl).origin;
        } catch {
          return finalUrl;
        }
      })();
      return { ok: false, failure: linkedFailure('redirected-off-origin', `${host} sent us on to ${to}`, { redirectedTo: to }), network: false };
    }
    if (!response.ok) {
      cancel();
      return { ok: false, failure: linkedFailure('http-error', `${host} answered ${response.status}`, { status: response.status }), network: false };
    }
    const contentType = response.headers.get('content-type') ?? '';
    if (!CONTENT_TYPES[expected].test(contentType.trim())) {
      cancel();
      return { ok: false, failure: linkedFailure('not-html', `${host} answered ${contentType || 'without a content type'}, not ${expected === 'html' ? 'a web page' : 'JSON'}`), network: false };
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      cancel();
      return { ok: false, failure: linkedFailure('too-large', `${host} sends ${declared} bytes, more than ${limits.maxBytes}`), network: false };
    }
    let body: Uint8Array | 'too-large';
    try {
      body = await readCapped(response, limits.maxBytes, aborted);
    } catch (error) {
      if (error instanceof Timeout || controller.signal.aborted) return { ok: false, failure: linkedFailure('timeout', `${host}: ${(controller.signal.reason as Error | undefined)?.message ?? 'timed out'}`), network: false };
      return { ok: false, failure: linkedFailure('unreachable', `${host} broke off the answer: ${(error as Error).message}`), network: true };
    }
    if (body === 'too-large') return { ok: false, failure: linkedFailure('too-large', `${host}'s page is larger than ${limits.maxBytes} bytes`), network: false };
    return { ok: true, text: decode(body, contentType), finalUrl, contentType, bytes: body.byteLength };
  } finally {
    clearTimeout(total);
    clearTimeout(firstByte);
  }
}

/**
 * Whether a host answers at all when its answer may not be read: a `no-cors` request resolves
 * (with an opaque answer) when the server answered, and fails only when nothing came back. That
 * tells a store without CORS headers from one that is down.
 */
export async function answersOpaquely(fetcher: Fetcher, url: string, timeoutMs: number): Promise<boolean> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(false);
    }, timeoutMs);
  });
  const probe = fetcher(url, { method: 'GET', mode: 'no-cors', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', signal: controller.signal }).then(
    (answer) => {
      answer.body?.cancel().catch(() => undefined);
      return true;
    },
    () => false,
  );
  try {
    return await Promise.race([probe, late]);
  } finally {
    clearTimeout(timer);
  }
}
