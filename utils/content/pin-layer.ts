/**
 * A layer exactly over a post's media, in its own shadow root on <html>: the seller's pins while
 * the tag editor is open, the shoppers' product dots otherwise. It is in the document, following
 * the media's rect with floating-ui's autoUpdate (ancestor scrolls and resizes), only while the
 * media is on screen; otherwise it is display:none, so a feed with hundreds of pinned posts does
 * not give the browser hundreds of fixed boxes to lay out on every change.
 */
import { autoUpdate } from '@floating-ui/dom';
import { adoptOverlayStyles, containEvents, guardUntrustedEvents } from './styles';

/** The shoppers' product dots over a post's media. */
export const DOTS_TAG = 'postcart-dots';

export interface MediaLayer {
  media: Element;
  /** Positioned over the media (left/top/width/height of its rect): render the pins into it. */
  box: HTMLElement;
  /** Places the layer again (the page changed under it without moving it, e.g. a modal opened). */
  update(): void;
  remove(): void;
}

export interface MediaLayerOptions {
  /** The post: the layer also hides when something outside it covers the media. */
  scope?: Element;
  /**
   * The caller calls update() after every page change (the runner does, for dots), so floating-ui
   * need not watch for layout shifts itself, which costs an observer per layer.
   */
  updatedOnPageChanges?: boolean;
}

/**
 * Mounts a layer over `media`. With `scope` (the post), the layer also hides when something outside
 * the post covers the media (a site modal over the feed), checked at a visible point of the media.
 */
export function mountMediaLayer(media: Element, tag: string, className: string, zIndex: number, options: MediaLayerOptions = {}): MediaLayer {
  const { scope, updatedOnPageChanges = false } = options;
  const host = document.createElement(tag);
  host.style.setProperty('all', 'initial', 'important');
  host.style.setProperty('position', 'fixed', 'important');
  host.style.setProperty('inset', '0 auto auto 0', 'important');
  host.style.setProperty('z-index', String(zIndex), 'important');
  const root = host.attachShadow({ mode: 'open' });
  adoptOverlayStyles(root);
  guardUntrustedEvents(root);
  containEvents(root);
  const box = document.createElement('div');
  box.className = className;
  box.hidden = true;
  root.append(box);
  host.style.setProperty('display', 'none', 'important');
  document.documentElement.append(host);

  const place = () => {
    const r = media.getBoundingClientRect();
    box.style.cssText = `left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
    box.hidden = !r.width || !r.height || (scope !== undefined && covered(r, scope));
  };
  let stop: (() => void) | undefined;
  const follow = (on: boolean) => {
    host.style.setProperty('display', on ? 'block' : 'none', 'important');
    if (on) {
      stop ??= autoUpdate(media, box, place, { layoutShift: !updatedOnPageChanges });
    } else {
      stop?.();
      stop = undefined;
      box.hidden = true;
    }
  };
  // The intersection observer also sees clipping by scrolled ancestors (a carousel's hidden slides).
  const io = typeof IntersectionObserver === 'function' ? new IntersectionObserver((entries) => follow(entries[entries.length - 1]!.isIntersecting)) : undefined;
  if (io) io.observe(media);
  else follow(true);
  return {
    media,
    box,
    update: () => {
      if (stop) place();
    },
    remove: () => {
      io?.disconnect();
      follow(false);
      host.remove();
    },
  };
}

/** True when the page shows something other than the post at the centre of the media's visible part. */
function covered(r: DOMRect, scope: Element): boolean {
  const left = Math.max(r.left, 0);
  const top = Math.max(r.top, 0);
  const right = Math.min(r.right, innerWidth);
  const bottom = Math.min(r.bottom, innerHeight);
  if (right <= left || bottom <= top) return true;
  const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
  // Our own hosts (overlay, popover, editor layer) over the media do not hide the dots.
  return hit !== null && !scope.contains(hit) && !hit.localName.startsWith('postcart-');
}
