/**
 * Whether a click in one of our hosts is one the user could see what they clicked. A page can make
 * our host transparent over a decoy, clip it to a sliver, shrink it or cover it, then let the user
 * click "its" button (clickjacking). A click counts only when, at that moment:
 * - it is trusted (a page cannot script it);
 * - the clicked control and everything around it up to the document is opaque (computed opacity
 *   and `opacity()` filters multiplied), visible and has a usable size;
 * - most of the control (of a large one, a good part around the click) is inside the viewport and
 *   inside every ancestor that clips;
 * - hit testing at the click point and at the control's centre finds our host and that control;
 * - where the browser reports it (Chromium's IntersectionObserver v2), a tracked panel (the card,
 *   the tag editor) has not been found covered or faded, even by an element that lets clicks through.
 * A refused click does nothing at all.
 */
const MIN_OPACITY = 0.9;
const MIN_SIZE = 8;
const MIN_SHOWN = 0.6;
/** A large control (the media under the tag editor's pins) may be partly scrolled away: this much around the click must show. */
const MIN_SHOWN_PX = 40;

/** Latest IntersectionObserver v2 verdict per tracked element. */
const verdicts = new WeakMap<Element, boolean>();
let observer: IntersectionObserver | null | undefined;

/**
 * Follows `el`'s visibility as the browser computes it for occlusion (Chromium); a no-op elsewhere.
 * Returns the function that stops following it.
 */
export function trackVisibility(el: Element): () => void {
  if (observer === undefined) {
    observer =
      typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype
        ? new IntersectionObserver((entries) => entries.forEach((e) => verdicts.set(e.target, (e as IntersectionObserverEntry & { isVisible: boolean }).isVisible)), {
            trackVisibility: true,
            delay: 100,
          } as IntersectionObserverInit)
        : null;
  }
  if (observer) {
    // Not seen yet counts as not visible: a click in the first moments of a panel (a double click
    // timed to land on it as it opens) waits for the browser's first verdict.
    verdicts.set(el, false);
    observer.observe(el);
  }
  return () => {
    observer?.unobserve(el);
    verdicts.delete(el);
  };
}

/** The element, then its ancestors across shadow boundaries up to <html>. */
function* upFrom(el: Element): Generator<Element> {
  for (let node: Element | null = el; node; node = node.parentElement ?? ((node.parentNode as ShadowRoot | null)?.host ?? null)) yield node;
}

function opacityOf(style: CSSStyleDeclaration): number {
  let value = Number.parseFloat(style.opacity);
  for (const [, amount, percent] of style.filter.matchAll(/opacity\(([\d.]+)(%?)\)/g)) value *= Number(amount) / (percent ? 100 : 1);
  return Number.isNaN(value) ? 1 : value;
}

/** What is left of `rect` once the viewport and clipping ancestors cut it: [left, top, right, bottom]. */
function shown(rect: DOMRect, chain: Element[], win: Window): number[] {
  let [left, top, right, bottom] = [Math.max(rect.left, 0), Math.max(rect.top, 0), Math.min(rect.right, win.innerWidth), Math.min(rect.bottom, win.innerHeight)];
  for (const el of chain.slice(1)) {
    const style = win.getComputedStyle(el);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const box = el.getBoundingClientRect();
    [left, top, right, bottom] = [Math.max(left, box.left), Math.max(top, box.top), Math.min(right, box.right), Math.min(bottom, box.bottom)];
  }
  return [left, top, right, bottom];
}

/** Whether a click that reached our shadow root `root` (hosted by `host`) may act. */
export function seenClick(event: MouseEvent, host: Element, root: ShadowRoot, win: Window = window): boolean {
  const target = event.composedPath()[0];
  if (!event.isTrusted || !(target instanceof Element)) return false;
  const control = target.closest('button, a, select, input, label, [role]') ?? target;
  const chain = [...upFrom(control)];
  let opacity = 1;
  for (const el of chain) {
    const style = win.getComputedStyle(el);
    opacity *= opacityOf(style);
    if (style.visibility !== 'visible') return false;
    // We never clip or mask a host: a page that does hides it while it still takes clicks.
    if (el === host && (style.clipPath !== 'none' || (style.maskImage || 'none') !== 'none')) return false;
    if (verdicts.get(el) === false) return false;
  }
  const rect = control.getBoundingClientRect();
  if (opacity < MIN_OPACITY || rect.width < MIN_SIZE || rect.height < MIN_SIZE) return false;
  const [left, top, right, bottom] = shown(rect, chain, win) as [number, number, number, number];
  const [width, height] = [Math.max(0, right - left), Math.max(0, bottom - top)];
  const centre = [left + width / 2, top + height / 2];
  // A keyboard click (detail 0) has no pointer position: the centre of what shows stands for it.
  const [x, y] = event.detail === 0 ? centre : [event.clientX, event.clientY];
  const most = width * height >= MIN_SHOWN * rect.width * rect.height;
  const enough = width >= MIN_SHOWN_PX && height >= MIN_SHOWN_PX && x! >= left && x! <= right && y! >= top && y! <= bottom;
  if (!most && !enough) return false;
  // Hit testing at the click and, for a control mostly in view, at the centre of what shows.
  const points = most ? [[x, y], centre] : [[x, y]];
  return points.every(([x, y]) => {
    const inside = root.elementFromPoint(x!, y!);
    return win.document.elementFromPoint(x!, y!) === host && inside !== null && (control === inside || control.contains(inside));
  });
}
