/**
 * The content-script runner: finds posts with a site adapter, resolves them in batches through
 * the background, and keeps exactly one overlay per matched post element while the page scrolls,
 * virtualizes and navigates without reloading. It puts together the page watcher (watch.ts), the
 * lookups (lookups.ts) and the mounted overlays (mount.tsx).
 */
import { EventReporter } from '../analytics/reporter';
import { normalizeHandle } from '../catalog/matching';
import type { PostRef } from '../catalog/model';
import type { OverlaySettings as Settings } from '../platform/settings';
import type { SiteAdapter } from '../sites/types';
import { OfferLookups, type Showing } from './lookups';
import type { Send } from './messenger';
import { OUR_TAGS, OverlayMounts } from './mount';
import { currentPopover } from './popover';
import { PageWatcher } from './watch';

export interface RunnerOptions {
  adapter: SiteAdapter;
  send: Send;
  settings: Settings;
  /** Called with a function that receives later settings changes; returns an unsubscribe. */
  watchSettings?: (listener: (settings: Settings) => void) => () => void;
  win?: Window;
}

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
  private readonly counts = { scans: 0, skipped: 0 };

  constructor(options: RunnerOptions) {
    this.adapter = options.adapter;
    this.send = options.send;
    this.settings = options.settings;
    this.win = options.win ?? window;
    this.events = new EventReporter({ send: this.send, enabled: this.settings.analytics, win: this.win });
    this.mounts = new OverlayMounts({
      adapter: this.adapter,
      win: this.win,
      send: this.send,
      events: this.events,
      settings: () => this.settings,
      ownHandles: () => this.ownHandles,
      offersOf: (postId) => this.lookups.known(postId) ?? [],
      settle: (el) => this.settled.add(el),
      refresh: (postId) => void this.refreshPost(postId),
    });
    this.lookups = new OfferLookups(this.send, (items) => this.mounts.showAll(items), (postId) => this.mounts.showing(postId));
    this.watcher = new PageWatcher(this.win, OUR_TAGS, this.adapter.findPostsNear !== undefined, {
      changed: () => this.pass(),
      navigated: () => this.onNavigated(),
      ownRemoved: (node) => {
        const post = this.mounts.postOfRemovedHost(node);
        if (!post) return null;
        this.mounts.unmount(post);
        this.settled.delete(post);
        return post;
      },
    });
    const unwatch = options.watchSettings?.((next) => this.applySettings(next));
    if (unwatch) this.cleanups.push(unwatch);
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
    this.scan();
  }

  stop(): void {
    this.watcher.stop();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.mounts.unmountAll();
    this.events.stop();
  }

  /** Looks a post up again (after a seller saved a tag on it) and redraws its overlays. */
  async refreshPost(postId: string): Promise<void> {
    this.lookups.forget(postId);
    // Every element showing this post is mounted (the seller tagged it through its overlay); the
    // lookup redraws all of them.
    const el = this.mounts.showing(postId)[0];
    const post = el ? this.mounts.postOf(el) : undefined;
    if (post) await this.lookups.resolve([post]);
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

  private applySettings(next: Settings): void {
    const changed = next.sellerMode !== this.settings.sellerMode;
    this.settings = next;
    this.events.setEnabled(next.analytics);
    if (!changed) return;
    // Seller mode puts a control on every post, so every post is considered again.
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

  private onNavigated(): void {
    // A new page view: posts are resolved afresh; overlays whose element now shows another post go.
    this.lookups.clear();
    this.events.newPageView();
    this.settled = new WeakSet();
    for (const el of this.mounts.elements()) {
      const read = this.adapter.readPost(el, this.win.location);
      if (!read.ok || read.post.postId !== this.mounts.postOf(el)?.postId) this.mounts.unmount(el);
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
    this.counts.scans += 1;
    for (const el of this.mounts.elements()) {
      if (!el.isConnected) this.mounts.unmount(el);
    }
    const toLookUp = new Map<string, PostRef>();
    const toShow: Showing[] = [];
    const { posts, changed } = this.candidates();
    for (const el of posts) {
      const shown = this.mounts.postOf(el);
      if (!changed && (shown || this.settled.has(el))) continue;
      // Sites fill placeholders and reuse elements for other posts: a changed post is read again.
      const read = this.adapter.readPost(el, this.win.location);
      if (shown) {
        if (read.ok && read.post.postId === shown.postId) continue;
        this.mounts.unmount(el);
      }
      if (!read.ok) {
        this.counts.skipped += 1;
        this.settled.add(el);
        continue;
      }
      this.settled.delete(el);
      const { post } = read;
      const known = this.lookups.known(post.postId);
      if (known) {
        toShow.push({ el, post, offers: known });
        continue;
      }
      if (this.lookups.wait(el, post)) toLookUp.set(post.postId, post);
    }
    this.mounts.showAll(toShow);
    if (toLookUp.size) void this.lookups.resolve([...toLookUp.values()]);
  }
}
