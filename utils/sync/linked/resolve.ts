/**
 * Resolving a linked product in the background: a Shopify storefront's `.js` answer first when
 * the link is Shopify-shaped (public, readable without host permission on stores that send CORS
 * headers), then the product page itself, which needs that origin's permission. One request per
 * product key in flight; every request bounded (fetch-page.ts). Nothing about the page the shopper
 * is on goes anywhere: only the product's own URLs are requested, from the shop that sells it.
 */
import type { Fetcher } from '../../platform/http';
import { answersOpaquely, DEFAULT_FETCH_LIMITS, fetchLimited, type FetchLimits } from './fetch-page';
import { linkedFailure, type LinkedFailureReason, type LinkedResult } from './model';
import { extractPageProduct } from './page-product';
import { originPattern, type ProductLink } from './product-url';
import { parseShopifyCartCurrency, parseShopifyProductJs, shopifyCartJsUrl, shopifyProductJsUrl } from './shopify';

/**
 * Whether the extension may read this shop's pages: granted (optional host permission held),
 * not-granted (never asked, or asked and dismissed), refused (the shopper said no: do not ask by
 * itself again). The wiring answers from `permissions.contains` and its stored refusals.
 */
export type PagePermission = 'granted' | 'not-granted' | 'refused';

export interface ResolverDeps {
  fetch: Fetcher;
  pagePermission: (origin: string) => PagePermission | Promise<PagePermission>;
  now?: () => number;
  limits?: Partial<FetchLimits>;
}

/** How long a store's presentment currency (from `/cart.js`) is trusted, like the products it prices. */
export const LINKED_FRESH_MS = 6 * 60 * 60_000;

type ShopifyOutcome =
  | { done: LinkedResult }
  /** Not a Shopify store, or one whose answer this browser may not read: the page decides. */
  | { next: string };

export class LinkedResolver {
  private readonly inflight = new Map<string, Promise<LinkedResult>>();
  private readonly currencies = new Map<string, { currency: string; at: number }>();
  private readonly currencyRequests = new Map<string, Promise<string | null>>();
  private readonly limits: FetchLimits;
  private readonly now: () => number;

  constructor(private readonly deps: ResolverDeps) {
    this.limits = { ...DEFAULT_FETCH_LIMITS, ...deps.limits };
    this.now = deps.now ?? Date.now;
  }

  /** Resolves a product link; a second call for the same product while the first runs gets the same answer. */
  resolve(link: ProductLink): Promise<LinkedResult> {
    const running = this.inflight.get(link.key);
    if (running) return running;
    const run = this.run(link)
      .catch((error: unknown) => linkedFailure('no-product', `Resolving failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => this.inflight.delete(link.key));
    this.inflight.set(link.key, run);
    return run;
  }

  /** Products being resolved now. */
  get pending(): number {
    return this.inflight.size;
  }

  /**
   * What is left of the resolution's deadline for the next request: the whole resolution (the
   * store's `.js`, its `cart.js`, the page) gets `totalMs`, not each request.
   */
  private remaining(deadline: number): FetchLimits | null {
    const left = deadline - Date.now();
    if (left <= 0) return null;
    return { ...this.limits, totalMs: left, firstByteMs: Math.min(this.limits.firstByteMs, left) };
  }

  private async run(link: ProductLink): Promise<LinkedResult> {
    const deadline = Date.now() + this.limits.totalMs;
    const permission = await this.deps.pagePermission(link.origin);
    let why = `${link.kind} product page`;
    if (link.shopify) {
      const shopify = await this.viaShopify(link, permission === 'granted', deadline);
      if ('done' in shopify) return shopify.done;
      why = shopify.next;
    }
    if (permission !== 'granted') {
      return linkedFailure('permission-needed', `Reading ${link.origin} needs its permission (${why})`, {
        originPattern: originPattern(link.origin),
        refused: permission === 'refused',
      });
    }
    const limits = this.remaining(deadline);
    if (!limits) return linkedFailure('timeout', `${link.origin} did not give the product within ${this.limits.totalMs} ms`);
    const page = await fetchLimited(this.deps.fetch, link.url, 'html', limits);
    if (!page.ok) return page.failure;
    return extractPageProduct({ html: page.text, link, finalUrl: page.finalUrl, readAt: this.now() });
  }

  private async viaShopify(link: ProductLink, granted: boolean, deadline: number): Promise<ShopifyOutcome> {
    const url = shopifyProductJsUrl(link);
    const answer = await fetchLimited(this.deps.fetch, url, 'json', this.remaining(deadline) ?? this.limits);
    if (!answer.ok) {
      const { failure } = answer;
      if (answer.network) {
        // Without host permission a store that sends no CORS headers fails exactly like one that
        // is down; a no-cors probe tells them apart. With permission CORS does not apply.
        const probeLimits = this.remaining(deadline);
        if (!granted && probeLimits && (await answersOpaquely(this.deps.fetch, url, probeLimits.firstByteMs))) {
          return { next: 'the store answers but not to other sites (no CORS headers), or is no Shopify store' };
        }
        return { done: failure };
      }
      if (failure.reason === 'http-error' && failure.status !== null && failure.status >= 400 && failure.status < 500 && failure.status !== 429) {
        return { next: `the store has no Shopify product answer (${failure.status})` };
      }
      if (failure.reason === 'not-html') return { next: 'the store is no Shopify store (its answer is not JSON)' };
      return { done: failure };
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      return { next: 'the store is no Shopify store (its answer is not JSON)' };
    }
    const currency = await this.currency(link, deadline);
    if (!currency) return { next: "the store's currency could not be read from /cart.js" };
    const result = parseShopifyProductJs(json, { link, currency, readFrom: answer.finalUrl, readAt: this.now() });
    if (!result.ok && result.reason === 'no-product') return { next: `the store is no Shopify store (${result.detail})` };
    return { done: result };
  }

  /** The presentment currency of a cookie-less visit in the link's market, kept for LINKED_FRESH_MS. */
  private currency(link: ProductLink, deadline: number): Promise<string | null> {
    const key = `${link.origin}${link.shopify?.localePrefix ?? ''}`;
    const known = this.currencies.get(key);
    if (known && this.now() - known.at < LINKED_FRESH_MS) return Promise.resolve(known.currency);
    const running = this.currencyRequests.get(key);
    if (running) return running;
    const limits = this.remaining(deadline);
    if (!limits) return Promise.resolve(null);
    const request = fetchLimited(this.deps.fetch, shopifyCartJsUrl(link), 'json', limits)
      .then((answer) => {
        if (!answer.ok) return null;
        try {
          const currency = parseShopifyCartCurrency(JSON.parse(answer.text));
          if (currency) this.currencies.set(key, { currency, at: this.now() });
          return currency;
        } catch {
          return null;
        }
      })
      .finally(() => this.currencyRequests.delete(key));
    this.currencyRequests.set(key, request);
    return request;
  }
}

// ---------------------------------------------------------------- when to look up

/** How long a failure holds off the automatic mode before it tries the product again. */
export function failureRetryMs(reason: LinkedFailureReason): number {
  switch (reason) {
    case 'timeout':
    case 'unreachable':
    case 'http-error':
      return 30 * 60_000;
    case 'permission-needed':
      // Only the shopper's press (which asks for the permission) or granting it brings this back.
      return Number.POSITIVE_INFINITY;
    default:
      // The page is what it is: look again when the product would be refreshed anyway.
      return 24 * 60 * 60_000;
  }
}

/** What the cache knows of a product key (the wiring phase keeps this in the database). */
export interface LinkedCacheState {
  /** When the product was last read, if ever. */
  readAt: number | null;
  /** The last failure, if the last lookup failed. */
  failure: { reason: LinkedFailureReason; at: number } | null;
}

/**
 * Whether to look a product up now. A press looks up whatever is missing or older than 6 hours
 * (a stale product shows meanwhile); the automatic mode does the same but holds off after a
 * failure for failureRetryMs, and never asks for a permission.
 */
export function lookupDue(state: LinkedCacheState | null, now: number, trigger: 'press' | 'auto'): boolean {
  const fresh = state?.readAt != null && now - state.readAt < LINKED_FRESH_MS;
  if (fresh) return false;
  if (trigger === 'press' || !state?.failure) return true;
  return now - state.failure.at >= failureRetryMs(state.failure.reason);
}

/** 'fresh' within 6 hours of reading, 'stale' after (show it, and refresh when seen again). */
export function linkedFreshness(readAt: number, now: number): 'fresh' | 'stale' {
  return now - readAt < LINKED_FRESH_MS ? 'fresh' : 'stale';
}
