/**
 * The content-script runner: finds posts with a site adapter, resolves them in batches through
 * the background, and keeps exactly one overlay per matched post element while the page scrolls,
 * virtualizes and navigates without reloading. It puts together the page watcher (watch.ts), the
 * lookups (lookups.ts) and the mounted overlays (mount.tsx). A shopper's posts that the tab's
 * tagged set says cannot show a product are left after reading what that takes (no ad labels, no
 * message); posts whose answers the tab holds are shown in the pass that finds them.
 */
import { EventReporter } from '../analytics/reporter';
import { normalizeHandle } from '../catalog/matching';
import type { PostRef } from '../catalog/model';
import { postLinks, type TaggedSet } from '../catalog/tagged-set';
import type { Reason } from '../platform/errors';
import type { BackgroundNotice } from '../platform/messages';
import type { OverlaySettings as Settings } from '../platform/settings';
import type { SiteAdapter, SkipReason } from '../sites/types';
import { autoLookups } from './auto-lookups';
import { OfferLookups, type Showing, type TaggedSetSource } from './lookups';
import type { Send } from './messenger';
import { OverlayMounts } from './mount';
import { currentPopover } from './popover';
import { PageWatcher } from './watch';

export interface RunnerOptions {
  adapter: SiteAdapter;
  send: Send;
  settings: Settings;
  /** Called with a function that receives later settings changes; returns an unsubscribe. */
  watchSettings?: (listener: (settings: Settings) => void) => () => void;
  /** Called once with a function that receives what the background tells the page by itself (it stops with the script). */
  listen?: (listener: (message: BackgroundNotice) => void) => void;

  /** The platform's tagged set; without one every post is asked about. */
  taggedSet?: TaggedSetSource;
  win?: Window;
  /** How long after a page view starts its reading report goes to the background (ms). */
  reportAfterMs?: number;
}

/** What a chip says while its press is answered. */
const CHECKING: Reason = { key: 'linkedChecking', args: [] };

/** Long enough for the sites to render their first posts after a load or a navigation. */
const REPORT_AFTER_MS = 4000;

export class ContentRunner {
  private readonly adapter: SiteAdapter;
  private readonly send: Send;
  private readonly win: Window;
  private settings: Settings;
  /** Elements read and found to have no product (or skipped): not read again this page view. */
  private settled = new WeakSet<Element>();
  private cleanups: (() => void)[] = [];
  /** The seller's own handles on this platform (normalized), for "Tag your post" on their posts. */
  private ownHandles = new Set<string>();
  /** Anonymous overlay events (buttons shown, cards opened, adds to cart), batched to the background. */
  private readonly events: EventReporter;
  private readonly watcher: PageWatcher;
  private readonly lookups: OfferLookups;
  private readonly mounts: OverlayMounts;
  private readonly counts = { scans: 0, skipped: 0, untagged: 0 };
  /** Posts whose "Check price" the background is answering. */
  private readonly checking = new Set<string>();
  /** This page view's reading, for the background's per-site counters: counts only. */
  private view = '';
  private readIds = new Set<string>();
  /** Post elements read this page view that the tagged set says show no product (weakly held: feeds drop posts). */
  private unwanted = new WeakSet<Element>();
  private unwantedCount = 0;
  private skips: Partial<Record<SkipReason, number>> = {};
  private skipCounted = new WeakSet<Element>();
  /** Posts read when the view was last reported; -1 before its report. */
  private reportedRead = -1;
  private reportTimer = 0;
  private readonly reportAfterMs: number;
  private readonly taggedSetSource: TaggedSetSource | undefined;
  /** What can match a post on this platform; null: anything may (no set, or too large to keep). */
  private taggedSet: TaggedSet | null = null;
  /** False while the set is being read: passes wait for it rather than ask about every post. */
  private setReady: boolean;

  constructor(options: RunnerOptions) {
    this.adapter = options.adapter;
    this.send = options.send;
    this.settings = options.settings;
    this.win = options.win ?? window;
    this.reportAfterMs = options.reportAfterMs ?? REPORT_AFTER_MS;
    this.taggedSetSource = options.taggedSet;
    this.setReady = !options.taggedSet;
    this.events = new EventReporter({ send: this.send, enabled: this.settings.analytics, win: this.win });
    this.mounts = new OverlayMounts({
      adapter: this.adapter,
      win: this.win,
      send: this.send,
      events: this.events,
      settings: () => this.settings,
      ownHandles: () => this.ownHandles,
      offersOf: (postId) => this.lookups.known(postId) ?? [],
      // A post being checked says so whatever a lookup in between answers (the catalog changing mid-check).
      chipOf: (postId) => (this.checking.has(postId) ? CHECKING : this.lookups.chips.get(postId)),
      settle: (el) => this.settled.add(el),
      refresh: (postId) => void this.refreshPost(postId),
      check: (post) => void this.checkLinked(post),
      // The automatic mode of linked products watches posts showing a chip (unmounting unwatches).
      watch: autoLookups(this.win, this.send, (el) => this.mounts.postOf(el)),
    });
    this.lookups = new OfferLookups(this.send, (items) => this.mounts.showAll(items), (postId) => this.mounts.showing(postId));
    this.watcher = new PageWatcher(this.win, this.adapter.findPostsNear !== undefined, {
      changed: () => this.pass(),
      navigated: () => this.onNavigated(),
      ownRemoved: (node) => {
        const post = this.mounts.postOfRemovedHost(node);
        if (!post) return null;
        this.mounts.unmount(post);
        this.settled.delete(post);
        // Mounted again at once, later, or (a page removing every host) not at all this page view.
        const delay = this.mounts.remountDelay(post, Date.now());
        if (delay) this.win.setTimeout(() => this.watcher.revisit(post), delay);
        return delay === 0 ? post : null;
      },
    });
    const unwatch = options.watchSettings?.((next) => this.applySettings(next));
    if (unwatch) this.cleanups.push(unwatch);
    // The automatic mode looked products up: those posts are looked up again (buy button or chip).
    // Other kinds (none yet, maybe another feature's later) are not ours to read.
    options.listen?.((notice) => {
      if (notice?.type === 'linked-read' && Array.isArray(notice.postIds)) void this.refreshPosts(notice.postIds);
    });
  }

  /** Counters for tests and benchmarks. */
  get stats() {
    return { ...this.counts, ...this.lookups.stats, ...this.mounts.stats };
  }

  /** Live overlays, for tests and benchmarks. */
  get mountedCount(): number {
    return this.mounts.size;
  }

  start(): void {
    this.watcher.start();
    if (this.settings.sellerMode) void this.loadOwnHandles();
    this.startView();
    const source = this.taggedSetSource;
    if (!source) {
      this.scan();
      return;
    }
    let changed = false;
    this.cleanups.push(
      source.watch((set) => {
        changed = true;
        this.applyTaggedSet(set);
      }),
    );
    void source
      .load()
      // A change seen while loading is newer than what the load read.
      .then((set) => void (changed || (this.taggedSet = set)))
      .catch(() => undefined)
      .finally(() => {
        this.setReady = true;
        this.scan();
      });
  }

  stop(): void {
    this.win.clearTimeout(this.reportTimer);
    this.watcher.stop();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.mounts.unmountAll();
    this.events.stop();
  }

  /** Looks a post up again (after a seller saved a tag on it, a linked product was read or removed) and redraws its overlays. */
  refreshPost(postId: string): Promise<void> {
    return this.refreshPosts([postId]);
  }

  /** Looks posts up again in as few requests as the batch limit allows (the automatic mode's notices). */
  async refreshPosts(postIds: string[]): Promise<void> {
    const posts: PostRef[] = [];
    for (const postId of new Set(postIds)) {
      this.lookups.forget(postId);
      // Every element showing this post is mounted (the seller tagged it through its overlay); the
      // lookup redraws all of them.
      const el = this.mounts.showing(postId)[0];
      const post = el ? this.mounts.postOf(el) : undefined;
      if (post) posts.push(post);
    }
    if (posts.length) await this.lookups.resolve(posts);
  }

  /** Draws every overlay again, in a new language: hosts, the open popover and their texts go and come back. */
  redraw(): void {
    this.mounts.unmountAll();
    this.settled = new WeakSet();
    this.scan();
  }

  /** A full pass over the whole document (start, navigation, settings change). */
  scan(): void {
    this.watcher.readAll();
    this.pass();
  }

  /**
   * A press on a post's "Check price": the chip says so until the background has looked the product
   * up; then the post is looked up again, which gives its buy button or the chip's new words.
   */
  private async checkLinked(post: PostRef): Promise<void> {
    this.checking.add(post.postId);
    this.mounts.redraw(post.postId);
    // A background restarting answers nothing: the lookup still tells what is known.
    await this.send({ type: 'check-linked', post, trusted: true }).catch(() => null);
    this.checking.delete(post.postId);
    await this.refreshPost(post.postId);
  }

  private applySettings(next: Settings): void {
    const changed = next.sellerMode !== this.settings.sellerMode || next.linkedAuto !== this.settings.linkedAuto;
    this.settings = next;
    this.events.setEnabled(next.analytics);
    if (!changed) return;
    // Seller mode puts a control on every post, and the automatic mode watches every chip, so
    // every post is considered again.
    this.mounts.unmountAll();
    this.ownHandles.clear();
    if (next.sellerMode) void this.loadOwnHandles();
    this.settled = new WeakSet();
    this.scan();
  }

  /** Asks which accounts are the seller's, then redraws their posts: those offer tagging first. */
  private async loadOwnHandles(): Promise<void> {
    try {
      const accounts = await this.send({ type: 'seller-accounts' });
      this.ownHandles = new Set(accounts.filter((a) => a.platform === this.adapter.platform).map((a) => normalizeHandle(a.handle)));
    } catch {
      // No connected seller (or the background restarting): every post keeps the compact control.
      return;
    }
    this.mounts.redrawOwn();
  }

  /**
   * The catalog changed (tags, prices, merchants): the answers the tab holds are dropped, the
   * overlays on the page are asked about again, and posts read as untagged are tested again.
   */
  private applyTaggedSet(set: TaggedSet | null): void {
    this.taggedSet = set;
    if (!this.setReady) return;
    this.lookups.clear();
    const mounted = new Map<string, PostRef>();
    for (const el of this.mounts.elements()) {
      const post = this.mounts.postOf(el);
      if (post) mounted.set(post.postId, post);
    }
    if (mounted.size) void this.lookups.resolve([...mounted.values()]);
    this.settled = new WeakSet();
    this.scan();
  }

  /**
   * For a shopper with a tagged set: whether a post is worth more than reading it (it may show a
   * product, or its answer is known). Null when every post is (seller mode, no set).
   */
  private wanted(): ((post: PostRef) => boolean) | null {
    const set = this.taggedSet;
    if (!set || this.settings.sellerMode) return null;
    // A post linking out may get a "Check price" chip for a shop no catalog knows: only the
    // background classifies links (sync/linked/product-url.ts), so such posts are asked about too.
    return (post) => this.lookups.known(post.postId) !== undefined || set.mayMatch(post) || postLinks(post).length > 0;
  }

  private onNavigated(): void {
    // A new page view (the answers the tab holds stay: the same posts show again at once);
    // overlays whose element now shows another post go.
    this.events.newPageView();
    this.startView();
    this.settled = new WeakSet();
    for (const el of this.mounts.elements()) {
      const read = this.adapter.readPost(el, this.win.location);
      if (!read.ok || read.post.postId !== this.mounts.postOf(el)?.postId) this.mounts.unmount(el);
      else this.readIds.add(read.post.postId);
    }
    // A card stays open while its button is still on the page (the reels viewer rewrites the URL
    // as reels snap into view); it goes with a page change that took its button away.
    const popover = currentPopover();
    if (popover && !popover.anchor.isConnected) popover.close();
    this.scan();
  }

  /**
   * The posts to consider: near what changed (fast path), or the whole document. Posts near a
   * change are `changed`: their content moved under them, so they are read again.
   */
  private candidates(): { posts: Element[]; changed: boolean } {
    const roots = this.watcher.takeRoots();
    const near = this.adapter.findPostsNear;
    if (!roots || !near) return { posts: this.adapter.findPosts(this.win.document), changed: false };
    const found = new Set<Element>();
    for (const root of roots) {
      if (!root.isConnected) continue;
      for (const post of near.call(this.adapter, root)) found.add(post);
    }
    return { posts: [...found], changed: true };
  }

  /** One pass: release overlays of removed posts, read new posts, mount known ones, batch the rest. */
  private pass(): void {
    if (!this.setReady) return;
    this.counts.scans += 1;
    for (const el of this.mounts.elements()) {
      if (!el.isConnected) this.mounts.unmount(el);
    }
    const toLookUp = new Map<string, PostRef>();
    const toShow: Showing[] = [];
    const { posts, changed } = this.candidates();
    const wanted = this.wanted();
    for (const el of posts) {
      const shown = this.mounts.postOf(el);
      if (!changed && (shown || this.settled.has(el))) continue;
      // Sites fill placeholders and reuse elements for other posts: a changed post is read again.
      const read = this.adapter.readPost(el, this.win.location, wanted ?? undefined);
      if (shown) {
        if (read.ok && read.post.postId === shown.postId) {
          // Still the same post, but its content changed (hover controls, a late action bar): placed anew.
          const known = this.lookups.known(shown.postId);
          if (known) toShow.push({ el, post: shown, offers: known });
          continue;
        }
        this.mounts.unmount(el);
      }
      if (!read.ok) {
        this.settled.add(el);
        if (read.reason === 'not-wanted') {
          // Read well enough to know it shows no product: for the reading report, a post read.
          this.counts.untagged += 1;
          this.countUnwanted(el);
          continue;
        }
        this.counts.skipped += 1;
        if (!this.skipCounted.has(el)) {
          this.skipCounted.add(el);
          this.skips[read.reason] = (this.skips[read.reason] ?? 0) + 1;
        }
        continue;
      }
      this.settled.delete(el);
      const { post } = read;
      this.readIds.add(post.postId);
      // Counted by its id now (the set changed and asks about it after all).
      if (this.unwanted.has(el)) {
        this.unwanted.delete(el);
        this.unwantedCount -= 1;
      }
      const known = this.lookups.known(post.postId);
      if (known) {
        toShow.push({ el, post, offers: known });
        continue;
      }
      // An adapter may read the whole post without asking `wanted`: the test is made here then.
      if (wanted && !wanted(post)) {
        this.counts.untagged += 1;
        this.countUnwanted(el);
        this.settled.add(el);
        continue;
      }
      if (this.lookups.wait(el, post)) toLookUp.set(post.postId, post);
    }
    this.mounts.showAll(toShow);
    if (toLookUp.size) void this.lookups.resolve([...toLookUp.values()]);
    // A view reported as unreadable that reads a post after all says so once more.
    if (this.reportedRead === 0 && this.readCount()) this.report();
  }

  /** A page view starts: its reading is counted afresh and reported once the page settled. */
  private startView(): void {
    this.view = Math.random().toString(36).slice(2);
    this.readIds = new Set();
    this.unwanted = new WeakSet();
    this.unwantedCount = 0;
    this.skips = {};
    this.skipCounted = new WeakSet();
    this.reportedRead = -1;
    this.win.clearTimeout(this.reportTimer);
    this.reportTimer = this.win.setTimeout(() => this.report(), this.reportAfterMs);
  }

  /** Posts read this page view: those asked about and those the tagged set showed to need nothing. */
  private readCount(): number {
    return this.readIds.size + this.unwantedCount;
  }

  /** Counted once per element, and never when the element was counted as a skip (an ad read first without a set). */
  private countUnwanted(el: Element): void {
    if (this.unwanted.has(el) || this.skipCounted.has(el)) return;
    this.unwanted.add(el);
    this.unwantedCount += 1;
  }

  /** Tells the background how many posts this page view read and why others were skipped. */
  private report(): void {
    this.reportedRead = this.readCount();
    this.send({ type: 'page-report', view: this.view, read: this.reportedRead, skipped: { ...this.skips } }).catch(() => undefined);
  }
}
