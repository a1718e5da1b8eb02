/**
 * The automatic mode (an option, off by default): products linked from posts that come into view
 * are looked up without a press, at most N a minute overall, one lookup per product, and never for
 * a post that has left the view before its turn. The clock and the timer are injected so the
 * pacing is tested without waiting.
 */
import type { ProductLink } from './product-url';

/** A token bucket: `capacity` tokens at most, refilled continuously at `perMinute`. */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly capacity: number,
    readonly perMinute: number,
    private readonly now: () => number,
  ) {
    if (!(capacity >= 1) || !(perMinute > 0)) throw new RangeError('A token bucket needs a capacity of at least 1 and a positive rate');
    this.tokens = capacity;
    this.at = now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.at) * this.perMinute) / 60_000);
    this.at = now;
  }

  /** Takes a token if one is there. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Returns a token taken for work that turned out not to be needed. */
  refund(): void {
    this.refill();
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }

  /** Milliseconds until a token will be there (0 when one is). */
  msUntilToken(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
  }
}

/**
 * The bucket that keeps "at most N a minute" true over any 60-second window: a burst of
 * `capacity` plus a refill of `N - capacity` a minute never exceeds N within one window, while the
 * first products scrolled past still get their buttons at once.
 */
export function perMinuteBucket(limit: number, now: () => number): TokenBucket {
  const perMinute = Math.max(1, Math.floor(limit));
  const capacity = Math.max(1, Math.floor(perMinute / 4));
  return new TokenBucket(capacity, Math.max(1, perMinute - capacity), now);
}

export interface AutoLookupOptions {
  /** N: lookups a minute at most, all shops together. */
  perMinute: number;
  now: () => number;
  /** setTimeout for the background (returns a cancel function). */
  schedule: (run: () => void, ms: number) => () => void;
  /** Whether this product needs a lookup now (cache policy: lookupDue(state, now, 'auto')). */
  due: (link: ProductLink) => boolean | Promise<boolean>;
  /** Resolves and stores the product (LinkedResolver.resolve plus the cache write). */
  lookUp: (link: ProductLink) => Promise<unknown>;
  /** Lookups running at once at most (default 2): a burst of scrolling must not open many connections. */
  concurrency?: number;
}

/**
 * Queue of products whose posts are in view. Content scripts report posts entering and leaving
 * the view (`inView` / `outOfView`, per post, by product key); a product leaves the queue when no
 * post showing it is in view any more, unless its lookup already started.
 */
export class AutoLookupQueue {
  private readonly bucket: TokenBucket;
  /** Waiting products in arrival order, with how many posts in view show each. */
  private readonly waiting = new Map<string, { link: ProductLink; viewers: number }>();
  private readonly started = new Set<string>();
  private running = 0;
  private cancelTimer: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly options: AutoLookupOptions) {
    this.bucket = perMinuteBucket(options.perMinute, options.now);
  }

  /** A post showing this product came into view. */
  inView(link: ProductLink): void {
    if (this.stopped) return;
    const entry = this.waiting.get(link.key);
    if (entry) entry.viewers += 1;
    else if (!this.started.has(link.key)) this.waiting.set(link.key, { link, viewers: 1 });
    this.pump();
  }

  /** A post showing this product left the view (or the page). */
  outOfView(key: string): void {
    const entry = this.waiting.get(key);
    if (!entry) return;
    entry.viewers -= 1;
    if (entry.viewers <= 0) this.waiting.delete(key);
  }

  /** Forgets every waiting product and which were looked up (a new page view, the option turned off). */
  clear(): void {
    this.waiting.clear();
    this.started.clear();
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** Stops for good: nothing waits, nothing new starts. */
  stop(): void {
    this.stopped = true;
    this.clear();
  }

  get pending(): number {
    return this.waiting.size;
  }

  private pump(): void {
    if (this.stopped || this.cancelTimer) return;
    while (this.waiting.size > 0 && this.running < (this.options.concurrency ?? 2)) {
      if (!this.bucket.take()) {
        this.cancelTimer = this.options.schedule(() => {
          this.cancelTimer = null;
          this.pump();
        }, this.bucket.msUntilToken());
        return;
      }
      const [key, entry] = this.waiting.entries().next().value as [string, { link: ProductLink; viewers: number }];
      this.waiting.delete(key);
      this.started.add(key);
      this.running += 1;
      void this.start(entry.link);
    }
  }

  private async start(link: ProductLink): Promise<void> {
    try {
      if (await this.options.due(link)) await this.options.lookUp(link);
      // A product the cache already knows costs no request: its token goes back.
      else this.bucket.refund();
    } catch {
      // The lookup stores its own failure; the queue just moves on.
    } finally {
      this.running -= 1;
      this.pump();
    }
  }
}
