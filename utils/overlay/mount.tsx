/**
 * Mounting overlays: one host with its own shadow root per matched post element, where the site
 * adapter says, with the buy buttons (or the seller's tag control) inside and the shoppers' dots
 * over the post's media; the product card and the tag editor open from them as popovers. What a
 * batch reads from the page is read for the whole batch before anything is written.
 */
import { render } from 'preact';
import { fullPillWidth } from '@/components/overlay/BuyButton';
import { PinDots } from '@/components/overlay/PinDots';
import { PostOverlay } from '@/components/overlay/PostOverlay';
import type { EventReporter } from '../analytics/reporter';
import { normalizeHandle } from '../catalog/matching';
import type { PostRef } from '../catalog/model';
import type { Reason } from '../platform/errors';
import { uiDirection } from '../platform/i18n/active';
import type { PostOffer } from '../platform/messages';
import type { OverlaySettings as Settings } from '../platform/settings';
import type { MountPoint, SiteAdapter } from '../sites/types';
import { CardContainer } from './card';
import type { Showing } from './lookups';
import type { Send } from './messenger';
import { mountDotsLayer, type MediaLayer } from './pin-layer';
import { closePopover, openPopover } from './popover';
import { columnHeight, COLUMN_PADDING, pillSpot, type Box } from './placement';
import { shadowHost } from './styles';
import { EditorFrame, type EditorControl } from './editor-frame';

/** The name of a post's overlay host in test builds (production names are random, names.ts). */
export const OVERLAY_TAG = 'postcart-overlay';

/** Times in a row a page may throw a post's host away before the post is left alone. */
const MAX_REMOUNTS = 6;
/** A host that lived this long before the page removed it was no attack: the count starts again. */
const CALM_MS = 10_000;

/** A post to show, with what was read from the page for it. */
interface Plan extends Showing {
  /** Where to mount; null when the post is mounted already. */
  point: MountPoint | null;
  /** The overlay's target needs `position: relative` to hold it. */
  unpositioned: boolean;
  media: Element | null;
  layout: Layout;
}

/** Where the pills sit and how much room they have, as read from the page. */
interface Layout {
  /** The inline size each pill may take (px); undefined where it cannot be read. */
  room?: number;
  /** The overlay host's offsets inside its target (overlay placement). */
  at?: Record<string, string>;
  /** The target's border box when measured ("width x height"), to notice it resizing. */
  size: string;
}

interface Mounted {
  post: PostRef;
  host: HTMLElement;
  slot: HTMLElement;
  target: Element;
  placement: MountPoint['placement'];
  /** The shoppers' dots over the post's media, while it has pinned offers. */
  dots?: MediaLayer;
}

export interface MountDeps {
  adapter: SiteAdapter;
  win: Window;
  send: Send;
  events: EventReporter;
  settings: () => Settings;
  /** The seller's own handles on this platform (normalized): their posts offer "Tag your post". */
  ownHandles: () => ReadonlySet<string>;
  /** What the page view knows of a post's offers (for redraws). */
  offersOf: (postId: string) => PostOffer[];
  /** The "Check price" chip of a post without offers that links to a shop's product page. */
  chipOf: (postId: string) => Reason | undefined;
  /** An element that will not be mounted: not read again this page view. */
  settle: (el: Element) => void;
  /** After a seller saved tags on a post, or a linked product was removed: look it up again. */
  refresh: (postId: string) => void;
  /** A trusted press on a post's chip. */
  check: (post: PostRef) => void;
  /** Whether a mounted post shows a chip while the automatic mode is on (it watches those). */
  watch: (el: Element, on: boolean) => void;
}

/** A box's size as compared between a measure and a resize report (whole px). */
const sizeOf = (width: number, height: number) => `${Math.round(width)}x${Math.round(height)}`;

export class OverlayMounts {
  private mounted = new Map<Element, Mounted>();
  /** Overlay host -> its post, to notice a site removing our host from a post it re-rendered. */
  private hostPosts = new WeakMap<Element, Element>();
  /** The post whose tags are being edited: its dots give way to the editor's pins. */
  private editing: string | null = null;
  /** How often in a row the page threw a post's host away, and when the last host was mounted. */
  private removals = new WeakMap<Element, { count: number; at: number }>();
  /** Posts whose hosts the page kept removing: left alone for this page view. */
  private abandoned = new WeakSet<Element>();
  readonly stats = { mounts: 0, unmounts: 0, abandoned: 0 };
  /** Each overlay target's last seen size: pills are placed anew when it changes (a narrower window). */
  private sizes = new WeakMap<Element, string>();
  private resizes: ResizeObserver | undefined;

  constructor(private readonly deps: MountDeps) {
    const RO = (deps.win as Window & typeof globalThis).ResizeObserver;
    this.resizes = typeof RO === 'function' ? new RO((entries) => this.resized(entries)) : undefined;
  }

  get size(): number {
    return this.mounted.size;
  }

  /** The post an element shows, when it is mounted. */
  postOf(el: Element): PostRef | undefined {
    return this.mounted.get(el)?.post;
  }

  elements(): Element[] {
    return [...this.mounted.keys()];
  }

  /** Elements showing the post. */
  showing(postId: string): Element[] {
    return [...this.mounted].filter(([, mounted]) => mounted.post.postId === postId).map(([el]) => el);
  }

  /**
   * The page threw away the live host of `post`: how long to wait before mounting it again (a site
   * re-rendering a post is answered at once; a page that removes every host it sees waits longer
   * each time), or null once it did so MAX_REMOUNTS times in a row: the post is then left alone,
   * so such a page cannot keep us re-mounting in a loop.
   */
  remountDelay(post: Element, now: number): number | null {
    const last = this.removals.get(post);
    // A host that stayed a while was a site's ordinary re-render: the count starts again.
    const count = last && now - last.at < CALM_MS ? last.count + 1 : 1;
    this.removals.set(post, { count, at: now });
    if (count <= MAX_REMOUNTS) return count === 1 ? 0 : 50 * 2 ** (count - 2);
    this.abandoned.add(post);
    this.stats.abandoned += 1;
    return null;
  }

  /** The post element a host of ours belonged to, when that host is still its live overlay. */
  postOfRemovedHost(host: Element): Element | null {
    const post = this.hostPosts.get(host);
    return post?.isConnected && this.mounted.get(post)?.host === host ? post : null;
  }

  /**
   * Shows the overlays of a batch of posts (new ones, and mounted ones again: their pills are
   * placed anew, e.g. when the site added its hover controls). Everything read from the page
   * (where to mount, the media, computed styles, the site's controls) is read for the whole batch
   * before anything is written, so the batch costs the browser one layout instead of one per post.
   */
  showAll(items: Showing[]): void {
    const sellerMode = this.deps.settings().sellerMode;
    const plans: Plan[] = [];
    const gone: Element[] = [];
    for (const { el, post, offers } of items) {
      if (this.abandoned.has(el)) continue;
      if (offers.length === 0 && !sellerMode && !this.deps.chipOf(post.postId)) {
        gone.push(el);
        continue;
      }
      const mounted = this.mounted.get(el);
      const point = mounted ? null : this.deps.adapter.mountPoint(el);
      if (!mounted && !point) {
        this.deps.settle(el);
        continue;
      }
      // Grid tiles are usually positioned already; this only fills the gap when they are not.
      const unpositioned =
        point?.placement === 'overlay' && point.target instanceof HTMLElement && !point.target.style.position && this.deps.win.getComputedStyle(point.target).position === 'static';
      const { target, placement } = point ?? mounted!;
      plans.push({ el, post, offers, point, unpositioned, media: this.dotsMedia(el, post, offers), layout: this.measure(el, target, placement, offers) });
    }
    for (const el of gone) {
      this.unmount(el);
      this.deps.settle(el);
    }
    for (const plan of plans) {
      const mounted = this.mounted.get(plan.el) ?? (plan.point ? this.mount(plan.el, plan.post, plan.point, plan.unpositioned) : undefined);
      if (mounted) this.renderOverlay(plan.el, mounted, plan.offers, plan.media, plan.layout);
    }
  }

  /** Renders the overlays of one post again with what is known about it (its dots come or go with its editor). */
  redraw(postId: string): void {
    for (const [el, mounted] of [...this.mounted]) {
      if (mounted.post.postId === postId) this.renderOverlay(el, mounted, this.deps.offersOf(postId));
    }
  }

  /** Redraws the seller's own posts (their control changes once their handles are known); their dots stay. */
  redrawOwn(): void {
    const own = this.deps.ownHandles();
    for (const [el, mounted] of [...this.mounted]) {
      if (mounted.post.author !== null && own.has(normalizeHandle(mounted.post.author))) {
        this.renderOverlay(el, mounted, this.deps.offersOf(mounted.post.postId), mounted.dots?.media ?? null);
      }
    }
  }

  unmount(el: Element): void {
    const mounted = this.mounted.get(el);
    if (!mounted) return;
    this.deps.watch(el, false);
    this.mounted.delete(el);
    if (![...this.mounted.values()].some((other) => other.target === mounted.target)) this.resizes?.unobserve(mounted.target);
    render(null, mounted.slot);
    this.dropDots(mounted);
    mounted.host.remove();
    this.stats.unmounts += 1;
  }

  unmountAll(): void {
    for (const el of [...this.mounted.keys()]) this.unmount(el);
    closePopover();
  }

  /** The media to put dots on: only for posts with pinned offers and not being edited. */
  private dotsMedia(el: Element, post: PostRef, offers: PostOffer[]): Element | null {
    return offers.some((offer) => offer.pin) && this.editing !== post.postId ? this.deps.adapter.mediaElement(el) : null;
  }

  private mount(el: Element, post: PostRef, point: MountPoint, unpositioned: boolean): Mounted {
    const overlay = point.placement === 'overlay';
    const { host, root } = shadowHost(
      'overlay',
      overlay ? { display: 'block', position: 'absolute', 'z-index': '2' } : { display: 'block' },
      this.deps.win.document,
    );
    if (overlay && unpositioned && point.target instanceof HTMLElement) point.target.style.position = 'relative';
    const slot = this.deps.win.document.createElement('div');
    root.append(slot);
    point.target.append(host);
    const mounted: Mounted = { post, host, slot, target: point.target, placement: point.placement };
    this.mounted.set(el, mounted);
    this.hostPosts.set(host, el);
    this.resizes?.observe(point.target, { box: 'border-box' });
    this.stats.mounts += 1;
    return mounted;
  }

  /**
   * Targets that changed size (the window narrowed, the site's layout changed): their pills are
   * measured again, all read before anything is written. A target still the size it was measured
   * at (the observer's first report after mounting) is left as it is.
   */
  private resized(entries: ResizeObserverEntry[]): void {
    const changed = new Set<Element>();
    for (const { target, borderBoxSize } of entries) {
      const box = borderBoxSize[0];
      if (!box || this.sizes.get(target) !== sizeOf(box.inlineSize, box.blockSize)) changed.add(target);
    }
    if (!changed.size) return;
    const plans = [...this.mounted]
      .filter(([, mounted]) => changed.has(mounted.target))
      .map(([el, mounted]) => {
        const offers = this.deps.offersOf(mounted.post.postId);
        return { el, mounted, offers, layout: this.measure(el, mounted.target, mounted.placement, offers) };
      });
    for (const { el, mounted, offers, layout } of plans) this.renderOverlay(el, mounted, offers, mounted.dots?.media ?? null, layout);
  }

  /**
   * Where the pills go: for an overlay, the corner of the media that the site's controls leave
   * freest (pillSpot); in a bar, its width. Only reads the page.
   */
  private measure(el: Element, target: Element, placement: MountPoint['placement'], offers: PostOffer[]): Layout {
    const width = target.clientWidth;
    const box = target.getBoundingClientRect();
    const size = sizeOf(box.width, box.height);
    if (placement !== 'overlay') return { room: width ? width - 8 : undefined, size };
    const media = this.deps.adapter.mediaElement(el);
    const m = media && target.contains(media) ? media.getBoundingClientRect() : box;
    const area = { left: Math.max(m.left, box.left), top: Math.max(m.top, box.top), right: Math.min(m.right, box.right), bottom: Math.min(m.bottom, box.bottom) };
    // The site's own controls (save, like, share, menus), not the links and surfaces around the media.
    const controls: Box[] = [];
    for (const control of (target.contains(el) ? el : target).querySelectorAll('button, [role="button"], a[href]')) {
      if (control.contains(target) || (media && control.contains(media))) continue;
      const r = control.getBoundingClientRect();
      if (r.width && r.height) controls.push(r);
    }
    const rows = offers.length + (this.deps.settings().sellerMode ? 1 : 0);
    const need = Math.max(0, ...offers.map(fullPillWidth)) + 2 * COLUMN_PADDING;
    const spot = pillSpot(area, controls, columnHeight(rows), need, this.deps.win.getComputedStyle(target).direction === 'rtl');
    // Offsets in the target's padding box, where the absolutely positioned host lives.
    const left = box.left + target.clientLeft;
    const top = box.top + target.clientTop;
    return {
      size,
      room: spot.room - 2 * COLUMN_PADDING,
      at: {
        top: spot.top === null ? 'auto' : `${spot.top - top}px`,
        bottom: spot.top === null ? `${top + target.clientHeight - area.bottom}px` : 'auto',
        left: spot.right ? 'auto' : `${area.left - left}px`,
        right: spot.right ? `${left + width - area.right}px` : 'auto',
        'max-inline-size': `${spot.room}px`,
      },
    };
  }

  /** `media` and `layout` are what the caller read already (batched); otherwise they are read now. */
  private renderOverlay(el: Element, mounted: Mounted, offers: PostOffer[], media?: Element | null, layout?: Layout): void {
    const { sellerMode, linkedAuto } = this.deps.settings();
    const { post } = mounted;
    // The "Check price" chip only where no offer is: the buy button replaces it.
    const chip = offers.length ? undefined : this.deps.chipOf(post.postId);
    if (offers.length === 0 && !sellerMode && !chip) {
      this.unmount(el);
      this.deps.settle(el);
      return;
    }
    const own = sellerMode && post.author !== null && this.deps.ownHandles().has(normalizeHandle(post.author));
    const { room, at, size } = layout ?? this.measure(el, mounted.target, mounted.placement, offers);
    this.sizes.set(mounted.target, size);
    for (const property in at) mounted.host.style.setProperty(property, at[property]!, 'important');
    render(
      <PostOverlay
        offers={offers}
        sellerMode={sellerMode}
        own={own}
        placement={mounted.placement}
        chip={chip}
        onCheck={(event) => event.isTrusted && this.deps.check(post)}
        room={room}
        onOpenCard={(offer, event) => this.openCard(offer, post, event)}
        onTag={(event) => this.openEditor(el, post, event)}
      />,
      mounted.slot,
    );
    this.deps.watch(el, !!chip && linkedAuto);
    // Painted: each product's button counts as shown (once per page view).
    for (const offer of offers) this.deps.events.impression(post, offer.productId);
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
    const { events, send } = this.deps;
    events.cardOpened(source, offer.productId);
    const popover = openPopover(
      event.currentTarget as Element,
      <CardContainer
        offer={offer}
        source={source}
        send={send}
        onReady={() => popover.focusFirst()}
        onAdded={(quantity, productId) => events.addedToCart(source, productId, quantity)}
        onForgotten={() => {
          popover.close();
          this.deps.refresh(post.postId);
        }}
        onClose={() => popover.close()}
      />,
    );
  }

  private openEditor(el: Element, post: PostRef, event: MouseEvent): void {
    if (!event.isTrusted) return;
    const media = this.deps.adapter.mediaElement(el);
    const control: EditorControl = { keepOpen: () => false };
    this.editing = post.postId;
    this.redraw(post.postId);
    const popover = openPopover(
      event.currentTarget as Element,
      <EditorFrame
        post={post}
        media={media}
        control={control}
        onReady={() => popover.focusFirst()}
        onSaved={() => {
          popover.close();
          this.deps.refresh(post.postId);
        }}
        onClose={() => popover.close()}
      />,
      () => {
        if (this.editing !== post.postId) return;
        this.editing = null;
        this.redraw(post.postId);
      },
      // Beside the media, so the picture stays free for placing pins.
      { reference: media ?? undefined, beside: media !== null, keepOpen: () => control.keepOpen(), onKept: () => control.kept?.() },
    );
  }
}
