/**
 * Layers over a post's media, each in its own shadow root:
 * - the seller's pins while the tag editor is open (`mountMediaLayer`): fixed on <html>, above
 *   everything, following the media (follow.ts); there is one at a time;
 * - the shoppers' product dots (`mountDotsLayer`): inside the post, anchored to the media, so the
 *   browser scrolls, clips and covers them with the post (a site modal over the feed hides them)
 *   and a feed with hundreds of pinned posts costs no script on scroll.
 */
import { follow as followMedia } from './follow';
import { shadowHost } from './styles';

/** The shoppers' dots layer host's name in test builds (production names are random, names.ts). */
export const DOTS_TAG = 'postcart-dots';

export interface MediaLayer {
  media: Element;
  /** Covers the media box: render the pins into it. */
  box: HTMLElement;
  remove(): void;
}

function layerHost(kind: string, className: string): { host: HTMLElement; root: ShadowRoot; box: HTMLElement } {
  const { host, root } = shadowHost(kind);
  const box = document.createElement('div');
  box.className = className;
  box.hidden = true;
  root.append(box);
  return { host, root, box };
}

/** Mounts the tag editor's layer over `media`, fixed on <html>, while the media is on screen. */
export function mountMediaLayer(media: Element, kind: string, className: string, zIndex: number): MediaLayer {
  const { host, box } = layerHost(kind, className);
  host.style.setProperty('position', 'fixed', 'important');
  host.style.setProperty('inset', '0 auto auto 0', 'important');
  host.style.setProperty('z-index', String(zIndex), 'important');
  host.style.setProperty('display', 'none', 'important');
  document.documentElement.append(host);

  const place = () => {
    const r = media.getBoundingClientRect();
    box.style.cssText = `left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
    box.hidden = !r.width || !r.height;
  };
  let stop: (() => void) | undefined;
  const follow = (on: boolean) => {
    host.style.setProperty('display', on ? 'block' : 'none', 'important');
    if (on) {
      stop ??= followMedia(media, box, place);
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
    remove: () => {
      io?.disconnect();
      follow(false);
      host.remove();
    },
  };
}

interface DotsLayer {
  media: Element;
  host: HTMLElement;
  box: HTMLElement;
  left: number;
  top: number;
}

/** Layers to place again, by observed element (the media and the element holding it). */
const watched = new Map<Element, Set<DotsLayer>>();
let observer: ResizeObserver | undefined;

/**
 * Aligns each layer with its media: reads every rect first, then writes, so a batch costs one
 * layout. Runs from ResizeObserver, after the browser's layout, when reading rects is cheap.
 */
function placeAll(layers: Iterable<DotsLayer>): void {
  const reads = [...layers].filter((layer) => layer.host.isConnected).map((layer) => ({ layer, media: layer.media.getBoundingClientRect(), host: layer.host.getBoundingClientRect() }));
  for (const { layer, media, host } of reads) {
    // The host sits at (left, top) of whatever box contains it; moving it by the difference of the
    // two rects puts it on the media without knowing which ancestor that box is.
    layer.left += media.left - host.left;
    layer.top += media.top - host.top;
    const style = layer.host.style;
    style.setProperty('left', `${layer.left}px`, 'important');
    style.setProperty('top', `${layer.top}px`, 'important');
    style.setProperty('width', `${media.width}px`, 'important');
    style.setProperty('height', `${media.height}px`, 'important');
    layer.box.hidden = !media.width || !media.height;
  }
}

function watch(el: Element, layer: DotsLayer): void {
  let layers = watched.get(el);
  if (!layers) {
    watched.set(el, (layers = new Set()));
    observer?.observe(el);
  }
  layers.add(layer);
}

function unwatch(el: Element, layer: DotsLayer): void {
  const layers = watched.get(el);
  if (!layers?.delete(layer) || layers.size) return;
  watched.delete(el);
  observer?.unobserve(el);
}

/** Where the dots go: beside the site's link or button around the media, else beside the media. */
function dotsHolder(media: Element, post: Element): Element | null {
  // Inside a link, a click on a dot would be the site's click on that link: sites open the post
  // from handlers on the whole document (capture phase), before our shadow root can stop it.
  const control = media.parentElement?.closest('a[href], button, [role="link"], [role="button"]');
  if (control && control !== post && post.contains(control)) return control.parentElement;
  return media.parentElement?.localName === 'picture' ? media.parentElement.parentElement : media.parentElement;
}

/** CSS anchor positioning (Chromium 125+): the browser keeps the layer on the media by itself. */
function anchorsSupported(): boolean {
  return typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('anchor-name', '--a') && CSS.supports('width', 'anchor-size(width)');
}
let anchors = 0;

/**
 * Mounts the shoppers' dots over `media` of `post`, as the last child of the element holding the
 * media (or the site's link around it). Where CSS anchor positioning exists the layer is anchored
 * to the media and laid out with it, in the same layout pass; elsewhere it is placed from a
 * ResizeObserver whenever the media or its holder changes size (which costs a second layout in
 * that frame). Either way the browser scrolls it with the post.
 */
export function mountDotsLayer(media: Element, post: Element): MediaLayer {
  const holder = dotsHolder(media, post);
  const { host, root, box } = layerHost('dots', 'dots');
  const style = host.style;
  style.setProperty('position', 'absolute', 'important');
  style.setProperty('display', 'block', 'important');
  // Above the media, the site's own cover over it and our buy buttons on a grid tile (z-index 2),
  // within the post: never above a site modal.
  style.setProperty('z-index', '3', 'important');
  // Only the dots take clicks; the picture under the layer stays the site's (double-tap to like).
  style.setProperty('pointer-events', 'none', 'important');
  // Media are often inside the site's link to the post: a click on a dot must not follow it.
  root.addEventListener('click', (event) => event.preventDefault());

  const mediaStyle = (media as Partial<ElementCSSInlineStyle>).style;
  if (mediaStyle && anchorsSupported()) {
    const name = `--postcart-media-${++anchors}`;
    // Added to the names the page gave the element inline, if any (a list is allowed).
    const before = mediaStyle.getPropertyValue('anchor-name');
    mediaStyle.setProperty('anchor-name', before && before !== 'none' ? `${before}, ${name}` : name);
    style.setProperty('position-anchor', name, 'important');
    style.setProperty('left', 'anchor(left)', 'important');
    style.setProperty('top', 'anchor(top)', 'important');
    style.setProperty('width', 'anchor-size(width)', 'important');
    style.setProperty('height', 'anchor-size(height)', 'important');
    // Hidden with the media (display: none, a closed carousel slide).
    style.setProperty('position-visibility', 'anchors-visible', 'important');
    box.hidden = false;
    (holder ?? media).append(host);
    return {
      media,
      box,
      remove: () => {
        host.remove();
        const names = mediaStyle
          .getPropertyValue('anchor-name')
          .split(',')
          .map((n) => n.trim())
          .filter((n) => n && n !== name);
        if (names.length) mediaStyle.setProperty('anchor-name', names.join(', '));
        else mediaStyle.removeProperty('anchor-name');
      },
    };
  }

  style.setProperty('left', '0', 'important');
  style.setProperty('top', '0', 'important');
  const layer: DotsLayer = { media, host, box, left: 0, top: 0 };
  (holder ?? media).append(host);
  observer ??= typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => placeAll(new Set(entries.flatMap((entry) => [...(watched.get(entry.target) ?? [])])))) : undefined;
  const observed = holder ? [media, holder] : [media];
  for (const el of observed) watch(el, layer);
  // Without ResizeObserver (old engines, tests) it is placed once, now.
  if (!observer) placeAll([layer]);
  return {
    media,
    box,
    remove: () => {
      for (const el of observed) unwatch(el, layer);
      host.remove();
    },
  };
}
