/**
 * The one HTTP client for every request the background makes to a catalog server or a store:
 * sync, publishing, anonymous events, orders, stats and the seller connection. It decides once
 * what every caller used to decide on its own: request options (no cookies, no cache, no redirect
 * when a token is sent), how an answer is classified (done, worth retrying, refused, not
 * authorized), timeouts for the headers and for a body that stalls or never ends, a size cap, and
 * the backoff between retries. Failures are `HttpError`s: a UserError whose key says what happened
 * in words, plus the outcome callers act on.
 */
import { UserError, type MessageKey } from './errors';

export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * done: 2xx (and 304); retry: the network, a timeout, 408, 425, 429 or 5xx (the same request may
 * work later); unauthorized: 401/403 (a token is missing or was revoked); refused: any other answer.
 */
export type Outcome = 'done' | 'retry' | 'unauthorized' | 'refused';

export function classify(status: number): Outcome {
  if (status === 304 || (status >= 200 && status < 300)) return 'done';
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  if (status === 401 || status === 403) return 'unauthorized';
  return 'refused';
}

export class HttpError extends UserError {
  override name = 'HttpError';

  constructor(
    key: MessageKey,
    readonly outcome: Exclude<Outcome, 'done'>,
    readonly host: string,
    readonly status: number | null = null,
    args: readonly (string | number)[] = [host],
  ) {
    super(key, args);
  }

  get retryable(): boolean {
    return this.outcome === 'retry';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Sent as a bearer token; a request carrying one never follows a redirect (it could carry the token elsewhere). */
  token?: string;
  /** From sending to the response headers (connection and first byte). */
  headersTimeoutMs?: number;
  /** Follow redirects (public GETs only; never with a token). */
  followRedirects?: boolean;
  signal?: AbortSignal;
}

export interface BodyOptions {
  /** Longest pause between two chunks of the body before it counts as stalled. */
  idleTimeoutMs?: number;
  /** The whole body must have arrived by then (ms since the body started). */
  totalTimeoutMs?: number;
  /** Larger bodies are refused once this many bytes arrived; nothing beyond is read. */
  maxBytes?: number;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 20_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 120_000;
/** A catalog page or feed larger than this is refused (a Merchant Center file of ~100,000 items fits). */
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 100);
  }
}

/**
 * Sends a request and returns the response once its headers are in, whatever its status, with the
 * outcome that status means. Throws HttpError only for the network and a timeout.
 */
export async function exchange(fetcher: Fetcher, url: string, options: RequestOptions = {}): Promise<{ response: Response; outcome: Outcome }> {
  const host = hostOf(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const follow = options.followRedirects === true && options.token === undefined;
  const controller = new AbortController();
  const abortFromCaller = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abortFromCaller, { once: true });
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Raced as well as aborted: a fetch that ignores its signal must not hold the caller either.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      reject(new Error('timeout'));
    }, options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS);
  });
  try {
    const pending = fetcher(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body,
      cache: 'no-store',
      // Never the user's cookies for a store or server: only what the request itself carries.
      credentials: 'omit',
      redirect: follow ? 'follow' : 'error',
      signal: controller.signal,
    });
    pending.catch(() => undefined);
    const response = await Promise.race([pending, timeout]);
    return { response, outcome: classify(response.status) };
  } catch (error) {
    const timeout = timedOut || (error as Error | null)?.name === 'TimeoutError';
    throw new HttpError(timeout ? 'errHttpTimeout' : 'errHttpNetwork', 'retry', host, null, [host]);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abortFromCaller);
  }
}

/** Like `exchange`, but any answer that is not done throws HttpError too; the caller reads the body (`readText`). */
export async function send(fetcher: Fetcher, url: string, options: RequestOptions = {}): Promise<Response> {
  const { response, outcome } = await exchange(fetcher, url, options);
  if (outcome === 'done') return response;
  void response.body?.cancel().catch(() => undefined);
  const host = hostOf(url);
  throw new HttpError(outcome === 'unauthorized' ? 'errHttpUnauthorized' : 'errHttpStatus', outcome, host, response.status, [host, response.status]);
}

/**
 * Reads a body as text within the options' limits: a body that pauses too long, takes too long in
 * all or grows past the cap is cancelled and refused, so a stalled or endless answer never holds a
 * sync forever and a huge one never fills memory.
 */
export async function readText(response: Response, url: string, options: BodyOptions = {}): Promise<string> {
  const host = hostOf(url);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw new HttpError('errHttpTooLarge', 'refused', host, response.status, [host, maxBytes]);
  }
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const deadline = Date.now() + (options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS);
  const idle = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const parts: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const wait = Math.min(idle, deadline - Date.now());
      if (wait <= 0) throw new HttpError('errHttpStalled', 'retry', host, response.status);
      const chunk = await readWithin(reader, wait);
      if (chunk === 'timeout') throw new HttpError('errHttpStalled', 'retry', host, response.status);
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
      if (bytes > maxBytes) throw new HttpError('errHttpTooLarge', 'refused', host, response.status, [host, maxBytes]);
      parts.push(decoder.decode(chunk.value, { stream: true }));
    }
  } catch (error) {
    void reader.cancel().catch(() => undefined);
    if (error instanceof HttpError) throw error;
    throw new HttpError('errHttpCutOff', 'retry', host, response.status);
  }
  parts.push(decoder.decode());
  return parts.join('');
}

async function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<ReadableStreamReadResult<Uint8Array> | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([reader.read(), new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Parses a body read with `readText` as JSON; anything else is the server's fault, not worth retrying. */
export function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError('errHttpNotJson', 'refused', hostOf(url));
  }
}

/** A GET whose answer must be JSON, read within the body limits. */
export async function getJson(fetcher: Fetcher, url: string, options: RequestOptions & BodyOptions = {}): Promise<{ json: unknown; bytes: number; response: Response }> {
  const response = await send(fetcher, url, options);
  const text = await readText(response, url, options);
  return { json: parseJson(text, url), bytes: text.length, response };
}

const MIN_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 6 * 60 * 60_000;

/** Exponential backoff with full jitter between half and all of the step: 30 s, 1 min, 2 min … 6 h. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step * (0.5 + random() / 2));
}
