/**
 * The overlay's anonymous events, batched on the content side: a buy button shown (once per post
 * and product per page view), a card opened, an add to cart. Sent to the background every few
 * seconds (in an idle period of the page) or when a batch is full; the background decides whether
 * and where they go.
 * No zod here (content scripts stay small); the background validates what arrives.
 */
import type { ReportedEvent } from './schema';
import { MAX_REPORTED_EVENTS } from '../platform/limits';
import type { PostRef } from '../catalog/model';
import type { Send } from '../overlay/messenger';


/** Events wait this long before they are sent... */
export const EVENTS_FLUSH_MS = 2000;
/** ...and then for the page's next idle moment, at most this much longer (nobody waits for them). */
export const EVENTS_IDLE_MS = 1000;
/** A batch this size is sent at once. */
export const EVENTS_FLUSH_AT = 20;

type Post = Pick<PostRef, 'platform' | 'postId' | 'url'>;

export interface EventReporterOptions {
  send: Send;
  enabled: boolean;
  win?: Window;
}

export class EventReporter {
  private readonly send: Send;
  private readonly win: Window;
  private enabled: boolean;
  private queue: ReportedEvent[] = [];
  /** (post, product) pairs whose button was already counted as shown in this page view. */
  private shown = new Set<string>();
  private timer: number | null = null;
  /** The idle callback the queue waits for once the timer ran; null when none is asked. */
  private idle: number | null = null;
  // A page can dispatch a fake pagehide: only the browser's own counts.
  private readonly onLeave = (event: Event) => event.isTrusted && this.flush();
  private readonly onHide = () => {
    if (this.win.document.visibilityState === 'hidden') this.flush();
  };

  constructor(options: EventReporterOptions) {
    this.send = options.send;
    this.enabled = options.enabled;
    this.win = options.win ?? window;
    // Leaving the page: what is queued goes now rather than never.
    this.win.addEventListener('pagehide', this.onLeave);
    this.win.document.addEventListener('visibilitychange', this.onHide);
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) {
      this.queue = [];
      this.cancelTimer();
    }
  }

  /** A buy button for `productId` is painted on `post`; counted once per page view. */
  impression(post: Post, productId: string): void {
    const key = `${post.platform}\u0000${post.postId}\u0000${productId}`;
    if (!this.enabled || this.shown.has(key)) return;
    this.shown.add(key);
    this.push({ type: 'impression', ...this.postFields(post), productId });
  }

  cardOpened(post: Post, productId: string): void {
    this.push({ type: 'card-open', ...this.postFields(post), productId });
  }

  addedToCart(post: Post, productId: string, quantity: number): void {
    this.push({ type: 'add-to-cart', ...this.postFields(post), productId, quantity });
  }

  /** A new page view (SPA navigation): buttons shown again count again. */
  newPageView(): void {
    this.shown.clear();
  }

  /** Sends what is queued, in messages of at most MAX_REPORTED_EVENTS. */
  flush(): void {
    this.cancelTimer();
    const events = this.queue.splice(0);
    for (let i = 0; i < events.length; i += MAX_REPORTED_EVENTS) {
      // Best effort: events lost to a restarting background are not worth a retry.
      this.send({ type: 'report-events', events: events.slice(i, i + MAX_REPORTED_EVENTS) }).catch(() => undefined);
    }
  }

  stop(): void {
    this.flush();
    this.win.removeEventListener('pagehide', this.onLeave);
    this.win.document.removeEventListener('visibilitychange', this.onHide);
  }

  /** Events queued and not yet sent, for tests. */
  get queued(): number {
    return this.queue.length;
  }

  private postFields(post: Post): Pick<ReportedEvent, 'platform' | 'postId' | 'postUrl'> {
    // Only https addresses travel; the background strips them further.
    return post.url.startsWith('https://') ? { platform: post.platform, postId: post.postId, postUrl: post.url } : { platform: post.platform, postId: post.postId };
  }

  private push(event: ReportedEvent): void {
    if (!this.enabled) return;
    this.queue.push(event);
    if (this.queue.length >= EVENTS_FLUSH_AT) this.flush();
    else if (this.timer === null && this.idle === null) this.timer = this.win.setTimeout(() => this.whenIdle(), EVENTS_FLUSH_MS);
  }

  /** Sends in the page's next idle period, so a busy scroll is not interrupted for statistics. */
  private whenIdle(): void {
    this.timer = null;
    if (typeof this.win.requestIdleCallback !== 'function') return this.flush();
    this.idle = this.win.requestIdleCallback(() => this.flush(), { timeout: EVENTS_IDLE_MS });
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.win.clearTimeout(this.timer);
    if (this.idle !== null) this.win.cancelIdleCallback?.(this.idle);
    this.timer = null;
    this.idle = null;
  }
}
