/**
 * The shared content-script runner: finds posts with a site adapter, resolves them in batches
 * through the background, and keeps exactly one overlay per matched post element while the page
 * scrolls, virtualizes and navigates without reloading.
 */
import { render } from 'preact';
import { PinDots } from '@/components/overlay/PinDots';
import { PostOverlay } from '@/components/overlay/PostOverlay';
import { MAX_LOOKUP_BATCH } from '../platform/limits';
import { normalizeHandle } from '../catalog/matching';
import type { PostOffer } from '../platform/messages';
import type { PostRef } from '../catalog/model';
import type { Settings } from '../platform/settings';
import type { SiteAdapter, MountPoint } from '../sites/types';
import { CardContainer } from './card';
import { EventReporter } from '../analytics/reporter';
import type { Send } from './messenger';
import { closePopover, currentPopover, openPopover, POPOVER_TAG, PIN_LAYER_TAG } from './popover';
import { DOTS_TAG, mountDotsLayer, type MediaLayer } from './pin-layer';
import { shadowHost } from './styles';
import { TagEditorContainer, type EditorControl } from './tag-editor';

export const OVERLAY_TAG = 'postcart-overlay';
const OUR_TAGS = new Set([OVERLAY_TAG, POPOVER_TAG, PIN_LAYER_TAG, DOTS_TAG]);

/** A post to show with its offers. */
interface Showing {
  el: Element;
  post: PostRef;
  offers: PostOffer[];
}

/** A post to show, with what was read from the page for it. */
interface Plan extends Showing {
  /** Where to mount; null when the post is mounted already. */
  point: MountPoint | null;
  /** The overlay's target needs `position: relative` to hold it. */
  unpositioned: boolean;
  media: Element | null;
}

interface Mounted {
  post: PostRef;
  host: HTMLElement;
  slot: HTMLElement;
  placement: MountPoint['placement'];
  /** The shoppers' dots over the post's media, while it has pinned offers. */
  dots?: MediaLayer;
}

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
  /** Offers per post id for this page view; a post id is looked up once. */
  private offers = new Map<string, PostOffer[]>();
  private inFlight = new Set<string>();
  private mounted = new Map<Element, Mounted>();
  /** Overlay host -> its post, to notice a site removing our host from a post it re-rendered. */
  private hostPosts = new WeakMap<Element, Element>();
  /** Elements read and found to have no product (or skipped): not read again this page view. */
  private settled = new WeakSet<Element>();
  private waiting = new Map<string, Set<Element>>();
  private observer: MutationObserver | null = null;
  private scanQueued = false;
  /** Subtrees added since the last scan; null means "rescan the whole document". */
  private addedRoots: Set<Element> | null = null;
  private lastUrl: string;
  private cleanups: (() => void)[] = [];
  /** The seller's own handles on this platform (normalized), for "Tag your post" on their posts. */
  private ownHandles = new Set<string>();
  /** The post whose tags are being edited: its dots give way to the editor's pins. */
  private editing: string | null = null;
  /** Counters for tests and benchmarks. */
  readonly stats = { scans: 0, lookups: 0, postsLookedUp: 0, mounts: 0, unmounts: 0, skipped: 0 };

  /** Anonymous overlay events (buttons shown, cards opened, adds to cart), batched to the background. */
  private readonly events: EventReporter;

  constructor(options: RunnerOptions) {
    this.adapter = options.adapter;
    this.send = options.send;
    this.settings = options.settings;
    this.win = options.win ?? window;
    this.events = new EventReporter({ send: this.send, enabled: this.settings.analytics, win: this.win });
    this.lastUrl = this.win.location.href;
    const unwatch = options.watchSettings?.((next) => this.applySettings(next));
    if (unwatch) this.cleanups.push(unwatch);
  }

  start(): void {
    const doc = this.win.document;
    this.observer = new MutationObserver((records) => this.onMutations(records));
    // href changes too: Facebook fills some permalinks in only on hover.
    this.observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
    // Same-document navigations (pushState) do not reload the script: compare the URL on the
    // Navigation API's events where present, and on a slow poll as the fallback for the rest.
    const onNavigate = () => this.win.setTimeout(() => this.checkUrl(), 0);
    const nav = (this.win as Window & { navigation?: EventTarget }).navigation;
    nav?.addEventListener('navigatesuccess', onNavigate);
    this.win.addEventListener('popstate', onNavigate);
    const poll = this.win.setInterval(() => this.checkUrl(), 1000);
    this.cleanups.push(() => {
      nav?.removeEventListener('navigatesuccess', onNavigate);
      this.win.removeEventListener('popstate', onNavigate);
      this.win.clearInterval(poll);
    });
    if (this.settings.sellerMode) void this.loadOwnHandles();
    this.scan();
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = null;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const el of [...this.mounted.keys()]) this.unmount(el);
    closePopover();
    this.events.stop();
  }

  /** Looks a post up again (after a seller saved a tag on it) and redraws its overlays. */
  async refreshPost(postId: string): Promise<void> {
    this.offers.delete(postId);
    // Every element showing this post is mounted (the seller tagged it through its overlay);
    // resolve() redraws all of them.
    const post = [...this.mounted.values()].find((m) => m.post.postId === postId)?.post;
    if (post) await this.resolve([post]);
  }

  private applySettings(next: Settings): void {
    const changed = next.sellerMode !== this.settings.sellerMode;
    this.settings = next;
    this.events.setEnabled(next.analytics);
    if (!changed) return;
    // Seller mode puts a control on every post, so every post is considered again.
    for (const el of [...this.mounted.keys()]) this.unmount(el);
    this.ownHandles.clear();
    if (next.sellerMode) void this.loadOwnHandles();
    this.settled = new WeakSet();
    closePopover();
    this.scan();
  }

  /** Asks which accounts are the seller's, then redraws: their own posts offer tagging first. */
  private async loadOwnHandles(): Promise<void> {
    try {
      const accounts = await this.send({ type: 'seller-accounts' });
      this.ownHandles = new Set(accounts.filter((a) => a.platform === this.adapter.platform).map((a) => normalizeHandle(a.handle)));
    } catch {
      // No connected seller (or the background restarting): every post keeps the compact control.
      return;
    }
    // Only the seller's own posts change (their control), and not their dots: none is measured again.
    for (const [el, mounted] of [...this.mounted]) {
      if (mounted.post.author !== null && this.ownHandles.has(normalizeHandle(mounted.post.author))) {
        this.renderOverlay(el, mounted, this.offers.get(mounted.post.postId) ?? [], mounted.dots?.media ?? null);
      }
    }
  }

  /** Renders the overlays of one post again with what is known about it (its dots come or go with its editor). */
  private redraw(postId: string): void {
    for (const [el, mounted] of [...this.mounted]) {
      if (mounted.post.postId === postId) this.renderOverlay(el, mounted, this.offers.get(postId) ?? []);
    }
  }

  private checkUrl(): void {
    const url = this.win.location.href;
    if (url === this.lastUrl) return;
    this.lastUrl = url;
    // A new page view: posts are resolved afresh; overlays whose element now shows another post go.
    this.offers.clear();
    this.events.newPageView();
    this.settled = new WeakSet();
    for (const [el, mounted] of [...this.mounted]) {
      const read = this.adapter.readPost(el, this.win.location);
      if (!read.ok || read.post.postId !== mounted.post.postId) this.unmount(el);
    }
    // A card stays open while its button is still on the page (the reels viewer rewrites the URL
    // as reels snap into view); it goes with a page change that took its button away.
    const popover = currentPopover();
    if (popover && !popover.anchor.isConnected) popover.close();
    this.scan();
  }

  /** Collects what changed; the scan runs once per burst of mutations, in a microtask. */
  private onMutations(records: MutationRecord[]): void {
    let relevant = false;
    for (const record of records) {
      if (isOwnMutation(record)) {
        // The site re-rendered a post and dropped our host with it: mount it again.
        for (const node of record.removedNodes) {
          const post = node instanceof Element ? this.hostPosts.get(node) : undefined;
          if (post?.isConnected && this.mounted.get(post)?.host === node) {
            this.unmount(post);
            this.addedRoots?.add(post);
            this.settled.delete(post);
            relevant = true;
          }
        }
        continue;
      }
      relevant = true;
      if (!this.addedRoots) continue;
      if (record.type === 'attributes' && record.target instanceof Element) this.addedRoots.add(record.target);
      for (const node of record.addedNodes) {
        if (node instanceof Element) this.addedRoots.add(node);
        // Text or attribute-less changes inside a post: look at the post around them.
        else if (node.parentElement) this.addedRoots.add(node.parentElement);
      }
    }
    if (relevant) this.queueScan(false);
  }

  private queueScan(full: boolean): void {
    if (full || !this.adapter.findPostsNear) this.addedRoots = null;
    if (this.scanQueued) return;
    this.scanQueued = true;
    queueMicrotask(() => {
      this.scanQueued = false;
      this.pass();
    });
  }

  /**
   * The posts to consider: near what changed (fast path), or the whole document. Posts near a
   * change are `changed`: their content moved under them, so they are read again.
   */
  private candidates(): { posts: Element[]; changed: boolean } {
    const roots = this.addedRoots;
    const near = this.adapter.findPostsNear;
    this.addedRoots = new Set();
    if (!roots || !near) return { posts: this.adapter.findPosts(this.win.document), changed: false };
    const found = new Set<Element>();
    for (const root of roots) {
      if (!root.isConnected) continue;
      for (const post of near.call(this.adapter, root)) found.add(post);
    }
    return { posts: [...found], changed: true };
  }

  /** A full pass over the whole document (start, navigation, settings change). */
  scan(): void {
    this.addedRoots = null;
    this.pass();
  }

  /** One pass: release overlays of removed posts, read new posts, mount known ones, batch the rest. */
  private pass(): void {
    this.stats.scans += 1;
    for (const el of [...this.mounted.keys()]) {
      if (!el.isConnected) this.unmount(el);
    }
    const toLookUp = new Map<string, PostRef>();
    const toShow: Showing[] = [];
    const { posts, changed } = this.candidates();
    for (const el of posts) {
      const mounted = this.mounted.get(el);
      if (!changed && (mounted || this.settled.has(el))) continue;
      // Sites fill placeholders and reuse elements for other posts: a changed post is read again.
      const read = this.adapter.readPost(el, this.win.location);
      if (mounted) {
        if (read.ok && read.post.postId === mounted.post.postId) continue;
        this.unmount(el);
      }
      if (!read.ok) {
        this.stats.skipped += 1;
        this.settled.add(el);
        continue;
      }
      this.settled.delete(el);
      const { post } = read;
      const known = this.offers.get(post.postId);
      if (known) {
        toShow.push({ el, post, offers: known });
        continue;
      }
      let waiting = this.waiting.get(post.postId);
      if (!waiting) this.waiting.set(post.postId, (waiting = new Set()));
      waiting.add(el);
      if (!this.inFlight.has(post.postId)) toLookUp.set(post.postId, post);
    }
    this.showAll(toShow);
    if (toLookUp.size) void this.resolve([...toLookUp.values()]);
  }

  private async resolve(posts: PostRef[]): Promise<void> {
    for (let i = 0; i < posts.length; i += MAX_LOOKUP_BATCH) {
      const batch = posts.slice(i, i + MAX_LOOKUP_BATCH);
      for (const post of batch) this.inFlight.add(post.postId);
      this.stats.lookups += 1;
      this.stats.postsLookedUp += batch.length;
      let result: Record<string, PostOffer[]> = {};
      try {
        result = await this.send({ type: 'lookup-posts', posts: batch });
      } catch (error) {
        // The background restarting or refusing: show nothing now, try again next page view.
        console.warn('[postcart] lookup failed', error);
      }
      const toShow: Showing[] = [];
      for (const post of batch) {
        this.inFlight.delete(post.postId);
        const offers = result[post.postId] ?? [];
        if (post.postId in result) this.offers.set(post.postId, offers);
        const elements = this.waiting.get(post.postId);
        this.waiting.delete(post.postId);
        for (const el of elements ?? []) {
          if (el.isConnected) toShow.push({ el, post, offers });
        }
        // Elements already showing this post (a refresh) get the new offers too.
        for (const [el, mounted] of this.mounted) {
          if (mounted.post.postId === post.postId && !elements?.has(el)) toShow.push({ el, post, offers });
        }
      }
      this.showAll(toShow);
    }
  }

  /**
   * Shows the overlays of a batch of posts. Everything read from the page (where to mount, the
   * media, computed styles) is read for the whole batch before anything is written, so the batch
   * costs the browser one layout instead of one per post.
   */
  private showAll(items: Showing[]): void {
    const plans: Plan[] = [];
    const gone: Element[] = [];
    for (const { el, post, offers } of items) {
      if (offers.length === 0 && !this.settings.sellerMode) {
        gone.push(el);
        continue;
      }
      const mounted = this.mounted.get(el);
      const point = mounted ? null : this.adapter.mountPoint(el);
      if (!mounted && !point) {
        this.settled.add(el);
        continue;
      }
      // Grid tiles are usually positioned already; this only fills the gap when they are not.
      const unpositioned =
        point?.placement === 'overlay' && point.target instanceof HTMLElement && !point.target.style.position && this.win.getComputedStyle(point.target).position === 'static';
      plans.push({ el, post, offers, point, unpositioned, media: this.dotsMedia(el, post, offers) });
    }
    for (const el of gone) {
      this.unmount(el);
      this.settled.add(el);
    }
    for (const plan of plans) {
      const mounted = this.mounted.get(plan.el) ?? (plan.point ? this.mount(plan.el, plan.post, plan.point, plan.unpositioned) : undefined);
      if (mounted) this.renderOverlay(plan.el, mounted, plan.offers, plan.media);
    }
  }

  /** The media to put dots on: only for posts with pinned offers and not being edited. */
  private dotsMedia(el: Element, post: PostRef, offers: PostOffer[]): Element | null {
    return offers.some((offer) => offer.pin) && this.editing !== post.postId ? this.adapter.mediaElement(el) : null;
  }

  private mount(el: Element, post: PostRef, point: MountPoint, unpositioned: boolean): Mounted {
    const overlay = point.placement === 'overlay';
    const { host, root } = shadowHost(
      OVERLAY_TAG,
      overlay ? { display: 'block', position: 'absolute', 'inset-block-start': '0', 'inset-inline-start': '0', 'z-index': '2' } : { display: 'block' },
      this.win.document,
    );
    if (overlay && unpositioned && point.target instanceof HTMLElement) point.target.style.position = 'relative';
    const slot = this.win.document.createElement('div');
    root.append(slot);
    point.target.append(host);
    const mounted: Mounted = { post, host, slot, placement: point.placement };
    this.mounted.set(el, mounted);
    this.hostPosts.set(host, el);
    this.stats.mounts += 1;
    return mounted;
  }

  /** `media` is the dots' media when the caller read it already (batched); otherwise it is read now. */
  private renderOverlay(el: Element, mounted: Mounted, offers: PostOffer[], media?: Element | null): void {
    if (offers.length === 0 && !this.settings.sellerMode) {
      this.unmount(el);
      this.settled.add(el);
      return;
    }
    const { post } = mounted;
    const own = this.settings.sellerMode && post.author !== null && this.ownHandles.has(normalizeHandle(post.author));
    render(
      <PostOverlay
        offers={offers}
        sellerMode={this.settings.sellerMode}
        own={own}
        placement={mounted.placement}
        onOpenCard={(offer, event) => this.openCard(offer, post, event)}
        onTag={(event) => this.openEditor(el, post, event)}
      />,
      mounted.slot,
    );
    // Painted: each product's button counts as shown (once per page view).
    for (const offer of offers) this.events.impression(post, offer.productId);
    this.renderDots(el, mounted, offers, media === undefined ? this.dotsMedia(el, post, offers) : media);
  }

  /** Dots where sellers pinned products, over the media; none while the post's editor is open. */
  private renderDots(el: Element, mounted: Mounted, offers: PostOffer[], media: Element | null): void {
    if (mounted.dots && mounted.dots.media !== media) this.dropDots(mounted);
    if (!media) return;
    mounted.dots ??= mountDotsLayer(media, el);
    render(<PinDots offers={offers} onOpen={(offer, event) => this.openCard(offer, mounted.post, event)} />, mounted.dots.box);
  }

  private dropDots(mounted: Mounted): void {
    if (!mounted.dots) return;
    render(null, mounted.dots.box);
    mounted.dots.remove();
    mounted.dots = undefined;
  }

  private openCard(offer: PostOffer, post: PostRef, event: MouseEvent): void {
    if (!event.isTrusted) return;
    const source = { platform: post.platform, postId: post.postId, url: post.url };
    this.events.cardOpened(source, offer.productId);
    const popover = openPopover(
      event.currentTarget as Element,
      <CardContainer
        offer={offer}
        source={source}
        send={this.send}
        onReady={() => popover.focusFirst()}
        onAdded={(quantity) => this.events.addedToCart(source, offer.productId, quantity)}
        onClose={() => popover.close()}
      />,
    );
  }

  private openEditor(el: Element, post: PostRef, event: MouseEvent): void {
    if (!event.isTrusted) return;
    const media = this.adapter.mediaElement(el);
    const control: EditorControl = { keepOpen: () => false };
    this.editing = post.postId;
    this.redraw(post.postId);
    const popover = openPopover(
      event.currentTarget as Element,
      <TagEditorContainer
        post={post}
        media={media}
        send={this.send}
        control={control}
        onReady={() => popover.focusFirst()}
        onSaved={() => {
          popover.close();
          void this.refreshPost(post.postId);
        }}
        onClose={() => popover.close()}
      />,
      () => {
        if (this.editing !== post.postId) return;
        this.editing = null;
        this.redraw(post.postId);
      },
      // Beside the media, so the picture stays free for placing pins.
      { reference: media ?? undefined, placement: media ? 'right-start' : undefined, keepOpen: () => control.keepOpen() },
    );
  }

  private unmount(el: Element): void {
    const mounted = this.mounted.get(el);
    if (!mounted) return;
    this.mounted.delete(el);
    render(null, mounted.slot);
    this.dropDots(mounted);
    mounted.host.remove();
    this.stats.unmounts += 1;
  }

  /** Live overlays, for tests and benchmarks. */
  get mountedCount(): number {
    return this.mounted.size;
  }
}

/** Mutations that only add or remove our own hosts do not need a scan. */
function isOwnMutation(record: MutationRecord): boolean {
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((node) => node instanceof Element && OUR_TAGS.has(node.localName));
}
