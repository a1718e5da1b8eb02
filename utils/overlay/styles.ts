/**
 * One stylesheet shared by every overlay shadow root on the page (a constructable stylesheet is
 * parsed once, however many posts there are). `all: initial` on the host stops the page's
 * inherited fonts and colours from leaking in; the shadow boundary stops ours from leaking out.
 * Type is set on the top element inside each shadow root, not on :host: the host's inline
 * `all: initial !important` (a guard against page CSS) beats any :host rule. `.chip` ("Check
 * price", on a post linking to a shop's product page) is the tag control's pill with a price-tag glyph.
 */
import { seenClick } from './guard';
import { hostElement, ROOT_MODE } from './names';
import { uiDirection, uiLanguage } from '../platform/i18n/active';

export const OVERLAY_CSS = `
:host { all: initial; display: block; --pc-ink: #16181d; --pc-accent: #0b63ce; --pc-accent-ink: #fff; --pc-surface: #fff;
  --pc-muted: #5b6170; --pc-line: #dfe2e8; --pc-sale: #b3261e; }
@media (prefers-color-scheme: dark) {
  :host { --pc-ink: #eef0f4; --pc-accent: #5aa2ff; --pc-accent-ink: #07101f; --pc-surface: #1d2129; --pc-muted: #a9b0bf; --pc-line: #383e4a; --pc-sale: #ff8a80; }
}
.bar, .overlay, .popover { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--pc-ink); }
* { box-sizing: border-box; }
button, input, select { font: inherit; color: inherit; }
:focus-visible { outline: 2px solid var(--pc-accent); outline-offset: 2px; }
.bar { display: flex; flex-wrap: wrap; gap: 6px; padding-block: 6px; padding-inline: 4px; }
.overlay { display: flex; flex-direction: column; align-items: flex-start; gap: 4px; padding: 6px; }
/* One line always: where the room is short the pill is compact (BuyButton), and text that still
   does not fit ends in an ellipsis. */
.buy, .tag { white-space: nowrap; max-inline-size: 100%; overflow: hidden; text-overflow: ellipsis; }
.buy { display: inline-flex; align-items: center; gap: 6px; border: 0; border-radius: 999px; cursor: pointer;
  padding-block: 6px; padding-inline: 12px; background: var(--pc-accent); color: var(--pc-accent-ink); font-weight: 600;
  box-shadow: 0 1px 3px rgb(0 0 0 / 0.25); }
.buy span { overflow: hidden; text-overflow: ellipsis; }
.buy svg { flex: none; }
.buy:hover { filter: brightness(1.08); }
/* Longer languages end a squeezed pill in "…" rather than spilling out of it. */
.buy > span, .tag { min-inline-size: 0; max-inline-size: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.buy .rating { font-weight: 500; opacity: 0.92; }
.buy[data-unavailable] { background: var(--pc-muted); }
.buy .cut { font-weight: 700; }
.tag, .chip { border: 1px dashed currentColor; border-radius: 999px; background: var(--pc-surface); cursor: pointer;
  padding-block: 5px; padding-inline: 11px; font-weight: 600; }
.chip::before { content: "\\1F3F7\\FE0E"; margin-inline-end: 4px; }
.chip:disabled { cursor: progress; opacity: 0.7; }
.popover { position: fixed; inset-block-start: 0; inset-inline-start: 0; inline-size: min(360px, calc(100vw - 16px));
  max-block-size: min(560px, calc(100vh - 16px)); overflow: auto; background: var(--pc-surface); border: 1px solid var(--pc-line);
  border-radius: 12px; box-shadow: 0 12px 32px rgb(0 0 0 / 0.28); padding: 14px; z-index: 2147483647; }
/* Narrow windows: a sheet along the bottom, the page above it still in view. */
.popover[data-sheet] { inset: auto 0 0; inline-size: 100%; max-block-size: 60vh; border-radius: 16px 16px 0 0; }
.card-head { display: grid; grid-template-columns: 88px minmax(0, 1fr) auto; gap: 10px; align-items: start; }
.card-head img { inline-size: 88px; block-size: 88px; object-fit: cover; border-radius: 8px; background: var(--pc-line); }
.title { font-size: 15px; font-weight: 700; margin: 0; overflow-wrap: anywhere; }
.muted { color: var(--pc-muted); font-size: 12px; }
.close { border: 0; background: transparent; cursor: pointer; font-size: 18px; line-height: 1; padding: 4px; border-radius: 6px; }
.price { display: flex; gap: 8px; align-items: baseline; margin-block: 10px 6px; }
.price strong { font-size: 17px; }
.price s { color: var(--pc-muted); }
.sale { color: var(--pc-sale); font-weight: 600; }
label { display: block; font-weight: 600; font-size: 12px; margin-block: 8px 4px; }
select { inline-size: 100%; padding: 6px 8px; border: 1px solid var(--pc-line); border-radius: 8px; background: var(--pc-surface); }

.primary { inline-size: 100%; margin-block-start: 10px; border: 0; border-radius: 8px; padding: 9px; cursor: pointer;
  background: var(--pc-accent); color: var(--pc-accent-ink); font-weight: 700; }
.primary:disabled, .primary[aria-disabled=true] { opacity: 0.55; cursor: not-allowed; }
.secondary { border: 1px solid var(--pc-line); background: transparent; border-radius: 8px; padding: 7px 10px; cursor: pointer; }
.status { min-block-size: 1.35em; margin-block-start: 6px; font-size: 12px; }
.histogram { display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; align-items: center; font-size: 12px; margin-block: 6px; }
.histogram .track { block-size: 6px; background: var(--pc-line); border-radius: 3px; overflow: hidden; }
.histogram .fill { block-size: 100%; background: #f5a623; }
.reviews, .offers { list-style: none; padding: 0; margin: 6px 0 0; display: grid; gap: 8px; }
.reviews li, .offers li { border-block-start: 1px solid var(--pc-line); padding-block-start: 8px; }
.reviews p, .offers p { margin: 2px 0; }
.why { margin-block-start: 10px; font-size: 12px; color: var(--pc-muted); }
.sr { position: absolute; inline-size: 1px; block-size: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.history, .watches { border-block-start: 1px solid var(--pc-line); margin-block-start: 10px; padding-block-start: 8px; }
.history p, .watches p { margin: 2px 0; }
.chart { display: block; inline-size: 100%; block-size: 64px; }
/* Time runs the way the reader reads: right to left, the plot is mirrored. */
.chart:dir(rtl) { transform: scaleX(-1); }
.chart .line { fill: none; stroke: var(--pc-accent); stroke-width: 2; vector-effect: non-scaling-stroke; }
.chart .guide { stroke: var(--pc-muted); stroke-dasharray: 3 3; vector-effect: non-scaling-stroke; }
.chart .oos { fill: var(--pc-line); }
.watch-list { list-style: none; padding: 0; margin: 0 0 6px; display: grid; gap: 4px; }
.link { border: 0; background: transparent; color: var(--pc-accent); cursor: pointer; padding: 2px 4px; text-decoration: underline; }
.watch-form input[type=text] { inline-size: 100%; padding: 6px 8px; border: 1px solid var(--pc-line); border-radius: 8px; background: var(--pc-surface); }
.watch-form .check { display: flex; gap: 6px; align-items: center; font-weight: 400; }
.error { color: var(--pc-sale); font-size: 12px; min-block-size: 1em; }
.chips { display: flex; flex-wrap: wrap; gap: 4px; margin-block: 6px; }
.aspect { border: 1px solid var(--pc-line); border-radius: 999px; background: transparent; padding-block: 3px; padding-inline: 8px; cursor: pointer; font-size: 12px; }
.aspect[aria-expanded=true] { border-color: var(--pc-accent); }
.quotes { flex-basis: 100%; margin: 0; }
.trust { padding-inline-start: 18px; margin: 4px 0; font-size: 12px; }
.trust [data-flag] { font-weight: 600; }
/* Pins sit at physical fractions of the picture (left/top, not mirrored in RTL); translate centres them. */
.pin-layer { position: fixed; }
.dots { position: absolute; inset: 0; }
.pin-layer, .dots { font: 700 12px/1 system-ui, sans-serif; }
.dots { pointer-events: none; }
.surface { position: absolute; inset: 0; outline: 2px dashed var(--pc-accent); background: rgb(11 99 206 / 0.1); touch-action: none; }
.armed { cursor: crosshair; background: rgb(11 99 206 / 0.2); }
.mark, .dot { position: absolute; translate: -50% -50%; border-radius: 999px; border: 2px solid #fff; box-shadow: 0 1px 4px rgb(0 0 0 / 0.45); }
.mark, .own { background: var(--pc-accent); color: var(--pc-accent-ink); }
/* The tag editor is an extension page framed in the popover (editor-frame.tsx). */
iframe.editor { display: block; inline-size: 100%; block-size: 360px; border: 0; }
.mark { min-inline-size: 24px; padding: 4px; text-align: center; cursor: grab; }
.mark[data-selected] { background: var(--pc-ink); color: var(--pc-surface); }
.dot { inline-size: 18px; block-size: 18px; padding: 0; background: rgb(22 24 29 / 0.7); cursor: pointer; pointer-events: auto; }
/* No opening animation: while a panel fades or slides in, the browser's visibility check
   (IntersectionObserver v2, guard.ts) calls it not visible, and a click on it would be refused. */
`;

/**
 * The tag editor's own page (editor.html, framed in the popover): the overlay's styles on its
 * document, plus what only the editor uses (kept out of the content scripts).
 */
export const EDITOR_PAGE_CSS = `${OVERLAY_CSS.replaceAll(':host', ':root')}
html, body { margin: 0; background: transparent; }
body { font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--pc-ink); }
input[type=search] { inline-size: 100%; padding: 6px 8px; border: 1px solid var(--pc-line); border-radius: 8px; background: var(--pc-surface); }
.hits { list-style: none; margin: 8px 0 0; padding: 0; display: grid; gap: 4px; max-block-size: 220px; overflow: auto; }
.hits button { inline-size: 100%; text-align: start; border: 1px solid var(--pc-line); background: transparent; border-radius: 8px;
  padding: 6px 8px; cursor: pointer; display: flex; gap: 8px; align-items: center; }
.hits button[aria-pressed=true] { border-color: var(--pc-accent); box-shadow: inset 0 0 0 1px var(--pc-accent); }
.hits img { inline-size: 32px; block-size: 32px; border-radius: 4px; object-fit: cover; }
.row { display: flex; gap: 8px; margin-block-start: 10px; }
.row > * { flex: 1; }
.num { padding-inline: 6px; border-radius: 999px; font-weight: 700; background: var(--pc-accent); color: var(--pc-accent-ink); }
`;

/**
 * Untrusted events (a page script dispatching into our roots) are stopped at the root (capture
 * phase, before any handler inside), so a page cannot click, type or close for the user; and a
 * trusted click acts only on a host the user could see (guard.ts: not faded, clipped or covered).
 */
function guardEvents(host: HTMLElement, root: ShadowRoot): void {
  for (const type of ['click', 'auxclick', 'dblclick', 'pointerdown', 'pointerup', 'mousedown', 'mouseup', 'keydown', 'keyup', 'input', 'change', 'submit', 'focusin']) {
    root.addEventListener(
      type,
      (event) => {
        if (!event.isTrusted || (type === 'click' && !seenClick(event as MouseEvent, host, root))) {
          event.stopImmediatePropagation();
          event.preventDefault();
        }
      },
      true,
    );
  }
}

/**
 * Our clicks and keys are ours: they stop at the shadow root (bubble phase) so the site's own
 * handlers do not also act on them (a pin card opening, a hotkey firing while the seller types).
 */
function containEvents(root: ShadowRoot): void {
  for (const type of ['click', 'auxclick', 'dblclick', 'pointerdown', 'pointerup', 'mousedown', 'mouseup', 'touchstart', 'touchend', 'keydown', 'keyup', 'keypress', 'input', 'wheel']) {
    root.addEventListener(type, (event) => event.stopPropagation());
  }
}

/**
 * A host element of `kind` for our UI in the page (names.ts: an unpredictable name, a closed shadow
 * root), with `styles` inline and `!important` (an inline `all: initial !important` first, which
 * beats page rules such as `div { display: none !important }`), and a shadow root that has the
 * overlay styles, acts only on clicks the user could see and keeps our events from the page.
 */
export function shadowHost(kind: string, styles: Record<string, string> = {}, doc: Document = document): { host: HTMLElement; root: ShadowRoot } {
  const host = hostElement(kind, doc);
  // Our UI speaks the user's chosen language, whatever the site's: `lang` and `dir` (which `all`
  // does not reset) are inherited by everything in its shadow root.
  host.lang = uiLanguage();
  host.dir = uiDirection();
  for (const [property, value] of Object.entries({ all: 'initial', ...styles })) host.style.setProperty(property, value, 'important');
  const root = host.attachShadow({ mode: ROOT_MODE });
  adoptOverlayStyles(root);
  guardEvents(host, root);
  containEvents(root);
  return { host, root };
}

let shared: CSSStyleSheet | null | undefined;

/** Gives a shadow root the overlay styles: the shared sheet where supported, a <style> otherwise. */
function adoptOverlayStyles(root: ShadowRoot): void {
  if (shared === undefined) {
    try {
      shared = new CSSStyleSheet();
      shared.replaceSync(OVERLAY_CSS);
    } catch {
      shared = null;
    }
  }
  if (shared) {
    try {
      root.adoptedStyleSheets = [shared];
      return;
    } catch {
      // Some isolated worlds refuse sheets built in another realm; fall through to <style>.
    }
  }
  const style = document.createElement('style');
  style.textContent = OVERLAY_CSS;
  root.append(style);
}
