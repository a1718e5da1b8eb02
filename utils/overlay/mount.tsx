/**
 * Mounting overlays: one host with its own shadow root per matched post element, where the site
 * adapter says, with the buy buttons (or the seller's tag control) inside and the shoppers' dots
 * over the post's media; the product card and the tag editor open from them as popovers. What a
 * batch reads from the page is read for the whole batch before anything is written.
 */
import { render } from 'preact';
import { PinDots } from '@/components/overlay/PinDots';
import { PostOverlay } from '@/components/overlay/PostOverlay';
import type { EventReporter } from '../analytics/reporter';
import { normalizeHandle } from '../catalog/matching';
import type { PostRef } from '../catalog/model';
import { uiDirection } from '../platform/i18n/active';
import type { PostOffer } from '../platform/messages';
import type { OverlaySettings as Settings } from '../platform/settings';
import type { MountPoint, SiteAdapter } from '../sites/types';
import { CardContainer } from './card';
import type { Showing } from './lookups';
import type { Send } from './messenger';
import { DOTS_TAG, mountDotsLayer, type MediaLayer } from './pin-layer';
import { closePopover, openPopover, PIN_LAYER_TAG, POPOVER_TAG } from './popover';
import { shadowHost } from './styles';
import { TagEditorContainer, type EditorControl } from './tag-editor';

export const OVERLAY_TAG = 'postcart-overlay';
/** Every element name Postcart puts into a page. */
export const OUR_TAGS: ReadonlySet<string> = new Set([OVERLAY_TAG, POPOVER_TAG, PIN_LAYER_TAG, DOTS_TAG]);

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
  /** An element that will not be mounted: not read again this page view. */
  settle: (el: Element) => void;
  /** After a seller saved tags on a post: look it up again. */
  refresh: (postId: string) => void;
}

export class OverlayMounts {
  private mounted = new Map<Element, Mounted>();
  /** Overlay host -> its post, to notice a site removing our host from a post it re-rendered. */
  private hostPosts = new WeakMap<Element, Element>();
  /** The post whose tags are being edited: its dots give way to the editor's pins. */
  private editing: string | null = null;
  readonly stats = { mounts: 0, unmounts: 0 };

  constructor(private readonly deps: MountDeps) {}

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

  /** The post element a host of ours belonged to, when that host is still its live overlay. */
  postOfRemovedHost(host: Element): Element | null {
    const post = this.hostPosts.get(host);
    return post?.isConnected && this.mounted.get(post)?.host === host ? post : null;
  }

  /**
   * Shows the overlays of a batch of posts. Everything read from the page (where to mount, the
   * media, computed styles) is read for the whole batch before anything is written, so the batch
   * costs the browser one layout instead of one per post.
   */
  showAll(items: Showing[]): void {
    const sellerMode = this.deps.settings().sellerMode;
    const plans: Plan[] = [];
    const gone: Element[] = [];
    for (const { el, post, offers } of items) {
      if (offers.length === 0 && !sellerMode) {
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
      plans.push({ el, post, offers, point, unpositioned, media: this.dotsMedia(el, post, offers) });
    }
    for (const el of gone) {
      this.unmount(el);
      this.deps.settle(el);
    }
    for (const plan of plans) {
      const mounted = this.mounted.get(plan.el) ?? (plan.point ? this.mount(plan.el, plan.post, plan.point, plan.unpositioned) : undefined);
      if (mounted) this.renderOverlay(plan.el, mounted, plan.offers, plan.media);
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
    this.mounted.delete(el);
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
      OVERLAY_TAG,
      overlay ? { display: 'block', position: 'absolute', 'inset-block-start': '0', 'inset-inline-start': '0', 'z-index': '2' } : { display: 'block' },
      this.deps.win.document,
    );
    if (overlay && unpositioned && point.target instanceof HTMLElement) point.target.style.position = 'relative';
    const slot = this.deps.win.document.createElement('div');
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
    const { sellerMode } = this.deps.settings();
    if (offers.length === 0 && !sellerMode) {
      this.unmount(el);
      this.deps.settle(el);
      return;
    }
    const { post } = mounted;
    const own = sellerMode && post.author !== null && this.deps.ownHandles().has(normalizeHandle(post.author));
    render(
      <PostOverlay
        offers={offers}
        sellerMode={sellerMode}
        own={own}
        placement={mounted.placement}
        onOpenCard={(offer, event) => this.openCard(offer, post, event)}
        onTag={(event) => this.openEditor(el, post, event)}
      />,
      mounted.slot,
    );
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
        onAdded={(quantity) => events.addedToCart(source, offer.productId, quantity)}
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
      <TagEditorContainer
        post={post}
        media={media}
        send={this.deps.send}
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
      // Beside the media (on its inline end: the left in Persian), so the picture stays free for placing pins.
      { reference: media ?? undefined, placement: media ? (uiDirection() === 'rtl' ? 'left-start' : 'right-start') : undefined, keepOpen: () => control.keepOpen() },
    );
  }
}
