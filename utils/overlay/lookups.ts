/**
 * Asking the background about posts: only posts the tab's tagged set says may show a product
 * (none for a feed without products), each post once, in batches of at most MAX_LOOKUP_BATCH,
 * with every element showing a post waiting for its answer together. What the background answered
 * is kept across the tab's page views until the catalog changes, so a post scrolled back into
 * view, shown again after an SPA navigation or opened in a modal from the feed is shown at once.
 */
import { browser } from 'wxt/browser';
import type { Platform, PostRef } from '../catalog/model';
import { LINKS_KEY, setFromStorage, STALE_KEY, taggedKey, VERSION_KEY, type TaggedSet } from '../catalog/tagged-set';
import type { Reason } from '../platform/errors';
import { MAX_LOOKUP_BATCH } from '../platform/limits';
import type { LookupResult, PostOffer } from '../platform/messages';
import type { Send } from './messenger';

/** Posts whose answers a tab keeps; the oldest go first. */
const MAX_KNOWN = 5000;

/** A post to show with its offers (or, without any, its chip in `chips`). */
export interface Showing {
  el: Element;
  post: PostRef;
  offers: PostOffer[];
}

/** Where a tab gets its platform's tagged set (tagged-set.ts). */
export interface TaggedSetSource {
  /** The set now; null when there is none (every post is asked about). */
  load(): Promise<TaggedSet | null>;
  /** Calls back with the set whenever the catalog changed; returns the unsubscribe. */
  watch(listener: (set: TaggedSet | null) => void): () => void;
}

/** The set the background publishes to storage.local for the platform. */
export function storedTaggedSet(platform: Platform): TaggedSetSource {
  const keys = [taggedKey(platform), LINKS_KEY, VERSION_KEY, STALE_KEY];
  const values: Record<string, unknown> = {};
  const current = () => setFromStorage(values, platform);
  return {
    async load() {
      Object.assign(values, await browser.storage.local.get(keys));
      return current();
    },
    watch(listener) {
      const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area !== 'local' || !keys.some((key) => key in changes)) return;
        for (const key of keys) if (key in changes) values[key] = changes[key]!.newValue;
        listener(current());
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => browser.storage.onChanged.removeListener(onChanged);
    },
  };
}

export class OfferLookups {
  /** Offers per post id, most recently asked last. */
  private offers = new Map<string, PostOffer[]>();
  /** The "Check price" chips of posts linking to a product page no catalog knows. */
  readonly chips = new Map<string, Reason>();
  private inFlight = new Set<string>();
  private waiting = new Map<string, Set<Element>>();
  readonly stats = { lookups: 0, postsLookedUp: 0 };

  constructor(
    private readonly send: Send,
    /** Called with what a batch's answer lets the page show. */
    private readonly answered: (items: Showing[]) => void,
    /** Elements already showing a post (a refresh gives them the new offers too). */
    private readonly showing: (postId: string) => Element[],
  ) {}

  /** What the tab knows of a post; undefined when it has not been asked about yet. */
  known(postId: string): PostOffer[] | undefined {
    return this.offers.get(postId);
  }

  /** The catalog changed: every post is asked about again. */
  clear(): void {
    this.offers.clear();
    this.chips.clear();
  }

  forget(postId: string): void {
    this.offers.delete(postId);
  }

  /** The element waits for the post's answer; true when the post still has to be asked about. */
  wait(el: Element, post: PostRef): boolean {
    let waiting = this.waiting.get(post.postId);
    if (!waiting) this.waiting.set(post.postId, (waiting = new Set()));
    waiting.add(el);
    return !this.inFlight.has(post.postId);
  }

  async resolve(posts: PostRef[]): Promise<void> {
    for (let i = 0; i < posts.length; i += MAX_LOOKUP_BATCH) {
      const batch = posts.slice(i, i + MAX_LOOKUP_BATCH);
      for (const post of batch) this.inFlight.add(post.postId);
      this.stats.lookups += 1;
      this.stats.postsLookedUp += batch.length;
      let result: LookupResult = { offers: {}, linkable: {} };
      try {
        result = await this.send({ type: 'lookup-posts', posts: batch });
      } catch (error) {
        // The background restarting or refusing: show nothing now, try again next page view.
        console.warn('[postcart] lookup failed', error);
      }
      const toShow: Showing[] = [];
      for (const post of batch) {
        this.inFlight.delete(post.postId);
        // Page data names the keys: a post id like "__proto__" must stay an ordinary key.
        const answered = Object.hasOwn(result.offers, post.postId);
        const offers = answered ? (result.offers[post.postId] ?? []) : [];
        if (answered) {
          this.keep(post.postId, offers);
          if (Object.hasOwn(result.linkable, post.postId)) this.chips.set(post.postId, result.linkable[post.postId]!);
          else this.chips.delete(post.postId);
        }
        const elements = this.waiting.get(post.postId);
        this.waiting.delete(post.postId);
        for (const el of elements ?? []) {
          if (el.isConnected) toShow.push({ el, post, offers });
        }
        for (const el of this.showing(post.postId)) {
          if (!elements?.has(el)) toShow.push({ el, post, offers });
        }
      }
      this.answered(toShow);
    }
  }

  private keep(postId: string, offers: PostOffer[]): void {
    this.offers.delete(postId);
    this.offers.set(postId, offers);
    if (this.offers.size > MAX_KNOWN) {
      const oldest = this.offers.keys().next().value!;
      this.offers.delete(oldest);
      this.chips.delete(oldest);
    }
  }
}
