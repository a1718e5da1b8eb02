/**
 * Products from linked shops, wired into the background: one LinkedResolver per worker (one
 * request per product in flight), the shops' permissions (held by the browser, asked for from the
 * extension's permission page on a press only, refusals remembered in extension storage), the
 * cache (cache.ts), the posts' "Check price" chips in lookups, the card's "Read from … ago", the
 * automatic mode's paced queue fed by content scripts with their posts coming into and leaving the
 * view, and refreshing a product read more than 6 hours ago when its post is seen again.
 *
 * Nothing about the page the shopper is on leaves the browser: the background only ever requests
 * the product's own URLs from the shop that sells it (resolve.ts, fetch-page.ts).
 */
import { z } from 'zod';
import type { PostcartDB } from '../../catalog/db';
import { lookupPosts, type PostOffers } from '../../catalog/lookups';
import { urlsInText } from '../../sites/links';
import type { PostRef } from '../../catalog/model';
import { reason, type MessageKey, type Reason } from '../../platform/errors';
import type { Fetcher } from '../../platform/http';
import type { BackgroundNotice, CardData, Handlers, LinkedAnswer, SenderInfo } from '../../platform/messages';
import { readSettings, type SettingsStore } from '../../platform/settings';
import { AutoLookupQueue, perMinuteBucket, type TokenBucket } from './auto';
import { cacheState, cartable, clearPermissionFailures, forgetLinked, linkedKeyOf, readLinkedRows, REMOVED_HOLD_MS, storeFailure, storeLinked, type LinkedRow } from './cache';
import type { FetchLimits } from './fetch-page';
import type { LinkedFailure, LinkedFailureReason, LinkedResult } from './model';
import { classifyProductUrl, originPattern, type ProductLink } from './product-url';
import { linkedFreshness, LinkedResolver, lookupDue, type PagePermission } from './resolve';

/** What the browser gives the linked-product wiring (background.ts passes the real APIs). */
export interface LinkedPlatform {
  /** Whether the optional host permission for the pattern (`https://shop.example/*`) is held. */
  hasPermission(pattern: string): Promise<boolean>;
  /** Opens the permission page; `closed` settles when the shopper closes it. Null: it could not open. */
  openPermissionPage(origin: string): Promise<{ closed: Promise<void> } | null>;
  /** Tells a tab's content script something (tabs.sendMessage); the automatic mode's results. */
  tellTab?(tab: number, frameId: number | undefined, notice: BackgroundNotice): Promise<void>;
}

export interface LinkedDeps {
  db: PostcartDB;
  fetch: Fetcher;
  /** Extension storage: settings (the automatic mode) and the remembered refusals. */
  store: SettingsStore;
  platform?: LinkedPlatform;
  now?: () => number;
  limits?: Partial<FetchLimits>;
  /** setTimeout for the automatic mode's queue (tests drive it). */
  schedule?: (run: () => void, ms: number) => () => void;
}

/** A post in view waiting for the automatic mode, until looked up, out of view or its tab gone. */
interface View {
  postId: string;
  key: string;
  tab: number | null;
  frameId: number | undefined;
}

/** The storage key of the shops the shopper said "Not now" to. */
export const REFUSALS_KEY = 'linkedRefusals';
const Refusals = z.array(z.string().max(300)).max(1000);
/** How long a press waits for the shopper to answer the permission page. */
export const ASK_TIMEOUT_MS = 3 * 60_000;

type Decision = 'allow' | 'refuse' | 'dismissed';

/** The chip's words for each failure (permission-needed depends on the shop's state, see chipFor). */
const FAILURE_KEYS: Record<Exclude<LinkedFailureReason, 'permission-needed' | 'http-error'>, MessageKey> = {
  'no-product': 'linkedNoProduct',
  'several-products': 'linkedSeveral',
  'no-price': 'linkedNoPrice',
  'bad-json': 'linkedBadPage',
  'not-html': 'linkedBadPage',
  'too-large': 'linkedTooLarge',
  timeout: 'linkedTimeout',
  'redirected-off-origin': 'linkedRedirected',
  unreachable: 'linkedUnreachable',
};

/** The first of a post's links (outbound links, then URLs in its caption) that is a shop's product page. */
export function productLinkOf(post: PostRef): ProductLink | null {
  for (const raw of [...post.links, ...(post.caption ? urlsInText(post.caption) : [])].slice(0, 20)) {
    const link = classifyProductUrl(raw);
    if (link) return link;
  }
  return null;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

export class LinkedService {
  readonly resolver: LinkedResolver;
  private readonly db: PostcartDB;
  private readonly now: () => number;
  private readonly asking = new Map<string, { promise: Promise<Decision>; settle: (decision: Decision) => void }>();
  private queue: AutoLookupQueue | null = null;
  private queueRate = 0;
  /** Product keys the current queue started (the queue takes each once) and those still being read. */
  private readonly autoStarted = new Set<string>();
  private readonly autoRunning = new Set<string>();
  private refreshBucket: { rate: number; bucket: TokenBucket } | null = null;
  private readonly refreshing = new Set<string>();
  /** Posts in view waiting for the automatic mode, by tab and post id. */
  private readonly views = new Map<string, View>();
  private viewChain: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LinkedDeps) {
    this.db = deps.db;
    this.now = deps.now ?? Date.now;
    this.resolver = new LinkedResolver({ fetch: deps.fetch, pagePermission: (origin) => this.permission(origin), now: this.now, limits: deps.limits });
  }

  // ---------------------------------------------------------------- permissions

  async permission(origin: string): Promise<PagePermission> {
    if (await this.hasPermission(origin)) return 'granted';
    return (await this.refusals()).has(origin) ? 'refused' : 'not-granted';
  }

  private async hasPermission(origin: string): Promise<boolean> {
    try {
      return (await this.deps.platform?.hasPermission(originPattern(origin))) ?? false;
    } catch {
      return false;
    }
  }

  private async refusals(): Promise<Set<string>> {
    const stored = Refusals.safeParse((await this.deps.store.get(REFUSALS_KEY))[REFUSALS_KEY] ?? []);
    return new Set(stored.success ? stored.data : []);
  }

  private async setRefused(origin: string, refused: boolean): Promise<void> {
    const refusals = await this.refusals();
    if (refusals.has(origin) === refused) return;
    if (refused) refusals.add(origin);
    else refusals.delete(origin);
    await this.deps.store.set({ [REFUSALS_KEY]: [...refusals].slice(-1000) });
  }

  /** Opens the permission page for a shop (once, however many presses wait) and waits for the shopper. */
  private ask(origin: string): Promise<Decision> {
    const running = this.asking.get(origin);
    if (running) return running.promise;
    const platform = this.deps.platform;
    if (!platform) return Promise.resolve('dismissed');
    let settle: (decision: Decision) => void = () => undefined;
    const promise = new Promise<Decision>((resolve) => {
      settle = resolve;
    });
    const finish = (decision: Decision) => {
      if (this.asking.get(origin)?.promise === promise) this.asking.delete(origin);
      settle(decision);
    };
    this.asking.set(origin, { promise, settle: finish });
    const timer = setTimeout(() => finish('dismissed'), ASK_TIMEOUT_MS);
    void promise.finally(() => clearTimeout(timer));
    platform.openPermissionPage(origin).then(
      (page) => (page ? void page.closed.then(() => finish('dismissed')) : finish('dismissed')),
      () => finish('dismissed'),
    );
    return promise;
  }

  /** The permission page's answer. "Allow" counts only when the browser really granted the permission. */
  async decide(origin: string, decision: 'allow' | 'refuse'): Promise<{ granted: boolean }> {
    const granted = decision === 'allow' && (await this.hasPermission(origin));
    await this.setRefused(origin, !granted);
    if (granted) await clearPermissionFailures(this.db, origin);
    this.asking.get(origin)?.settle(granted ? 'allow' : 'refuse');
    return { granted };
  }

  // ---------------------------------------------------------------- looking up

  /** Resolves a product and caches what came of it. */
  private async lookUp(link: ProductLink): Promise<LinkedResult> {
    const result = await this.resolver.resolve(link);
    if (result.ok) await storeLinked(this.db, result.product);
    else await storeFailure(this.db, link, result, this.now());
    return result;
  }

  /** The chip's words for a failure, given what the shop's permission is now. */
  private async chipFor(link: ProductLink, failure: Pick<LinkedFailure, 'reason' | 'status'> | null): Promise<Reason> {
    if (!failure) return reason('linkedCheckPrice');
    if (failure.reason === 'permission-needed') {
      const permission = await this.permission(link.origin);
      if (permission === 'granted') return reason('linkedCheckPrice');
      return reason(permission === 'refused' ? 'linkedPermissionRefused' : 'linkedNeedsPermission', hostOf(link.origin));
    }
    if (failure.reason === 'http-error') return reason('linkedHttpError', failure.status ?? '');
    return reason(FAILURE_KEYS[failure.reason]);
  }

  /** The post's offers as lookups give them, with linked offers' "from" prices marked. */
  private async offersOf(post: PostRef): Promise<LinkedAnswer> {
    const offers = await lookupPosts(this.db, [post]);
    await this.annotate([post], offers, false);
    const list = offers[post.postId] ?? [];
    return list.length ? { ok: true, offers: list } : { ok: false, reason: 'no-product', chip: reason('linkedNoProduct') };
  }

  private async answerOf(post: PostRef, link: ProductLink, result: LinkedResult): Promise<LinkedAnswer> {
    if (result.ok) return this.offersOf(post);
    return { ok: false, reason: result.reason, chip: await this.chipFor(link, result) };
  }

  /**
   * A shopper's press on a post's "Check price": reads the product unless it was read less than 6
   * hours ago; when the shop's page needs a permission, asks for it on the permission page and,
   * once allowed, reads it.
   */
  async check(post: PostRef): Promise<LinkedAnswer> {
    const link = productLinkOf(post);
    if (!link) return { ok: false, reason: 'not-linkable', chip: reason('linkedNoProduct') };
    const row = (await readLinkedRows(this.db, [link.key])).get(link.key);
    if (!lookupDue(cacheState(row), this.now(), 'press')) return this.offersOf(post);
    let result = await this.lookUp(link);
    if (!result.ok && result.reason === 'permission-needed' && this.deps.platform) {
      if ((await this.ask(link.origin)) === 'allow') result = await this.lookUp(link);
      else result = { ...result, refused: (await this.permission(link.origin)) === 'refused' };
    }
    return this.answerOf(post, link, result);
  }

  /** "Remove" in the card. */
  async forget(productId: string): Promise<null> {
    await forgetLinked(this.db, productId, this.now());
    return null;
  }

  // ---------------------------------------------------------------- lookups and cards

  /**
   * For a batch's lookup: the chip of each post that has no offer but links to a product page, the
   * "from" mark on linked offers, and a refresh of linked products read more than 6 hours ago
   * (`refresh`: seen again; their stale price shows meanwhile). One read of the linked table.
   */
  async annotate(posts: readonly PostRef[], offers: PostOffers, refresh = true): Promise<Record<string, Reason>> {
    // Post ids are page data: a null prototype keeps "__proto__" an ordinary key.
    const linkable = Object.create(null) as Record<string, Reason>;
    const links = new Map<PostRef, ProductLink>();
    const keys: string[] = [];
    for (const post of posts) {
      const list = offers[post.postId] ?? [];
      const linked = list.filter((offer) => offer.reason === 'linked');
      if (list.length > 0 && linked.length === 0) continue;
      const link = productLinkOf(post);
      if (link) {
        links.set(post, link);
        keys.push(link.key);
      }
      for (const offer of linked) keys.push(linkedKeyOf(offer.productId) ?? '');
    }
    if (keys.length === 0) return linkable;
    const rows = await readLinkedRows(this.db, keys.filter(Boolean));
    for (const post of posts) {
      const list = offers[post.postId] ?? [];
      const link = links.get(post);
      if (list.length === 0) {
        if (link) linkable[post.postId] = await this.chipFor(link, rows.get(link.key)?.failure ?? null);
        continue;
      }
      for (const offer of list) {
        const row = offer.reason === 'linked' ? rows.get(linkedKeyOf(offer.productId) ?? '') : undefined;
        if (!row) continue;
        if (row.priceKind === 'from') offer.from = true;
        if (refresh && link && link.key === row.key && row.readAt !== null && linkedFreshness(row.readAt, this.now()) === 'stale') void this.refreshSeen(link);
      }
    }
    return linkable;
  }

  /** Reads a stale product again, at most N a minute (the automatic mode's rate), once at a time. */
  private async refreshSeen(link: ProductLink): Promise<void> {
    if (this.refreshing.has(link.key)) return;
    const { linkedPerMinute } = await readSettings(this.deps.store);
    if (this.refreshBucket?.rate !== linkedPerMinute) this.refreshBucket = { rate: linkedPerMinute, bucket: perMinuteBucket(linkedPerMinute, this.now) };
    if (!this.refreshBucket.bucket.take()) return;
    this.refreshing.add(link.key);
    try {
      await this.lookUp(link);
    } catch (error) {
      console.warn('[postcart] refreshing a linked product failed', error);
    } finally {
      this.refreshing.delete(link.key);
    }
  }

  /** What the card says of a product read from a linked shop. */
  async card(productId: string): Promise<CardData['linked']> {
    const key = linkedKeyOf(productId);
    const row: LinkedRow | undefined = key ? (await readLinkedRows(this.db, [key])).get(key) : undefined;
    if (!row || row.readAt === null || row.productId !== productId) return null;
    const product = await this.db.products.get(productId);
    return { host: hostOf(row.readFrom ?? row.origin), readAt: row.readAt, from: row.priceKind === 'from', url: product?.url ?? row.origin };
  }

  cartable(productId: string): Promise<boolean> {
    return cartable(this.db, productId);
  }

  // ---------------------------------------------------------------- the automatic mode

  /** The queue for the current settings; null while the automatic mode is off. */
  private async autoQueue(): Promise<AutoLookupQueue | null> {
    const settings = await readSettings(this.deps.store);
    if (!settings.linkedAuto) {
      if (this.queue) this.resetAuto(null);
      return null;
    }
    if (!this.queue || this.queueRate !== settings.linkedPerMinute) {
      this.resetAuto(
        new AutoLookupQueue({
          perMinute: settings.linkedPerMinute,
          now: this.now,
          schedule:
            this.deps.schedule ??
            ((run, ms) => {
              const timer = setTimeout(run, ms);
              return () => clearTimeout(timer);
            }),
          due: (link) => this.autoDue(link),
          lookUp: async (link) => {
            try {
              await this.lookUp(link);
            } finally {
              this.autoRunning.delete(link.key);
              this.tellViewers(link.key, true);
            }
          },
        }),
      );
      this.queueRate = settings.linkedPerMinute;
    }
    return this.queue;
  }

  /** A new queue (or none): what waited in the old one is forgotten. */
  private resetAuto(queue: AutoLookupQueue | null): void {
    this.queue?.stop();
    this.queue = queue;
    this.autoStarted.clear();
    this.autoRunning.clear();
    this.views.clear();
  }

  /**
   * Whether the automatic mode reads this product now (the queue asks as it starts it): never a
   * shop's page without its permission, nothing removed a moment ago or read less than 6 hours ago.
   */
  private async autoDue(link: ProductLink): Promise<boolean> {
    // Posts of this product coming into view meanwhile wait for this answer.
    this.autoStarted.add(link.key);
    this.autoRunning.add(link.key);
    const row = (await readLinkedRows(this.db, [link.key])).get(link.key);
    const removed = row?.removedAt != null && this.now() - row.removedAt < REMOVED_HOLD_MS;
    // A Shopify storefront may answer without a permission (CORS); any other page needs it.
    const due = !removed && lookupDue(cacheState(row), this.now(), 'auto') && (link.shopify !== null || (await this.permission(link.origin)) === 'granted');
    if (!due) {
      this.autoRunning.delete(link.key);
      // A product read less than 6 hours ago shows on the posts' next lookup; otherwise their chips stay.
      this.tellViewers(link.key, row?.productId != null);
    }
    return due;
  }

  /** The posts in view showing this product are done with; `tell` their tabs to look them up again. */
  private tellViewers(key: string, tell: boolean): void {
    const byTab = new Map<string, { tab: number; frameId: number | undefined; postIds: string[] }>();
    for (const [id, view] of [...this.views]) {
      if (view.key !== key) continue;
      this.views.delete(id);
      if (!tell || view.tab === null) continue;
      const to = `${view.tab}/${view.frameId ?? ''}`;
      const entry = byTab.get(to) ?? { tab: view.tab, frameId: view.frameId, postIds: [] };
      entry.postIds.push(view.postId);
      byTab.set(to, entry);
    }
    for (const { tab, frameId, postIds } of byTab.values()) {
      // The page may be gone meanwhile: nothing to tell then.
      this.deps.platform?.tellTab?.(tab, frameId, { type: 'linked-read', postIds }).catch(() => undefined);
    }
  }

  /**
   * A content script's posts with a chip came into view or left it (one observer callback's worth),
   * registered one message after the other. A post in view waits for its product's turn; once the
   * product was looked up, its tab is told to look the post up again. Nothing waits for a post that
   * left the view, or whose tab closed or loaded another page first.
   */
  async view(posts: PostRef[], inView: boolean, sender?: SenderInfo): Promise<null> {
    const tab = sender?.tab?.id ?? null;
    const step = this.viewChain.then(() => this.register(posts, inView, tab, sender?.frameId));
    this.viewChain = step.catch(() => undefined);
    await step;
    return null;
  }

  private async register(posts: PostRef[], inView: boolean, tab: number | null, frameId: number | undefined): Promise<void> {
    const queue = await this.autoQueue();
    for (const post of posts) {
      const id = `${tab ?? ''}\u0000${frameId ?? ''}\u0000${post.postId}`;
      const known = this.views.get(id);
      if (!inView) {
        if (known) {
          this.views.delete(id);
          queue?.outOfView(known.key);
        }
        continue;
      }
      const link = productLinkOf(post);
      // A second "in view" for the same post: it is waiting already.
      if (!queue || !link || known) continue;
      this.views.set(id, { postId: post.postId, key: link.key, tab, frameId });
      if (!this.autoStarted.has(link.key)) queue.inView(link);
      // Read (or passed over) earlier in this queue's life: the cache has the answer now.
      else if (!this.autoRunning.has(link.key)) this.tellViewers(link.key, true);
    }
  }

  /** A tab was closed or loads another page: its posts are out of view. */
  tabGone(tab: number): void {
    for (const [id, view] of [...this.views]) {
      if (view.tab !== tab) continue;
      this.views.delete(id);
      this.queue?.outOfView(view.key);
    }
  }
}

/** The background's answers about linked products. */
export function linkedHandlers(service: LinkedService): Handlers<'check-linked' | 'forget-linked' | 'linked-permission' | 'linked-view'> {
  return {
    'check-linked': (m) => service.check(m.post),
    'forget-linked': (m) => service.forget(m.productId),
    'linked-permission': (m) => service.decide(m.origin, m.decision),
    'linked-view': (m, sender) => service.view(m.posts, m.inView, sender),
  };
}
