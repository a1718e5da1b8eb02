/**
 * The single popover (product card or tag editor) of a page: its own shadow host on <html>,
 * kept inside the viewport (placement.ts; a bottom sheet in narrow windows) and following its
 * reference (follow.ts), holding the keyboard while open (Tab cycles inside, Esc closes
 * and gives focus back to the button that opened it), closed by Esc, an outside click, or
 * navigation, and fully torn down when closed.
 */
import { render, type ComponentChild } from 'preact';
import { follow } from './follow';
import { trackVisibility } from './guard';
import { kindOf } from './names';
import { popoverSpot, SHEET_BELOW } from './placement';
import { shadowHost } from './styles';

/** The popover host's name in test builds (production names are random, names.ts). */
export const POPOVER_TAG = 'postcart-popover';

export interface OpenPopover {
  anchor: Element;
  host: HTMLElement;
  rerender: (content: ComponentChild) => void;
  /** Moves focus to the first field, else the first action, else the close button. */
  focusFirst: () => void;
  close: () => void;
}

let current: OpenPopover | null = null;

export function currentPopover(): OpenPopover | null {
  return current;
}

export function closePopover(): void {
  current?.close();
}

export interface PopoverOptions {
  /** Positions next to this instead of the anchor (the tag editor sits beside the media). */
  reference?: Element;
  /** Beside the reference (after it in reading order, else before it) rather than below it. */
  beside?: boolean;
  /** Asked before an outside click or Esc closes the popover; true keeps it open. */
  keepOpen?: () => boolean;
  /** Esc was pressed and `keepOpen` kept the popover open (say why). */
  onKept?: () => void;
}

/**
 * Opens `content` next to `anchor`, replacing any open popover. `onClose` runs once, after the
 * popover is gone.
 */
export function openPopover(anchor: Element, content: ComponentChild, onClose?: () => void, options: PopoverOptions = {}): OpenPopover {
  const reference = options.reference ?? anchor;
  closePopover();
  const { host, root } = shadowHost('popover', { position: 'fixed', inset: '0 auto auto 0', 'z-index': '2147483647' });
  const panel = document.createElement('div');
  panel.className = 'popover';
  root.append(panel);
  document.documentElement.append(host);
  render(content, panel);
  // Where the browser can tell, a click in a panel that something covers or fades is refused (guard.ts).
  const untrack = trackVisibility(panel);

  // Kept inside the viewport (placement.ts) and placed again whenever the reference moves or
  // either box resizes (follow.ts).
  const update = () => {
    const { clientWidth: width, clientHeight: height } = document.documentElement;
    const sheet = width < SHEET_BELOW;
    panel.toggleAttribute('data-sheet', sheet);
    // Measured at its natural height (the stylesheet's cap) each time, so it can grow again.
    panel.style.maxBlockSize = panel.style.left = panel.style.top = panel.style.bottom = '';
    if (sheet) return;
    const natural = panel.offsetHeight;
    const spot = popoverSpot(reference.getBoundingClientRect(), panel.offsetWidth, natural, width, height, !!options.beside, getComputedStyle(panel).direction === 'rtl');
    panel.style.maxBlockSize = `${spot.maxHeight}px`;
    panel.style.left = `${spot.x}px`;
    // Above its button it hangs from its bottom edge, so content that loads later grows it upwards, not over the button.
    if (spot.side === 'top') {
      panel.style.top = 'auto';
      panel.style.bottom = `${height - spot.y - Math.min(natural, spot.maxHeight)}px`;
    } else panel.style.top = `${spot.y}px`;
    panel.dataset.placement = spot.side;
  };
  const stopAutoUpdate = follow(reference, panel, update);

  /** What Tab can reach in the popover, in order. */
  const stops = () =>
    [...panel.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]')].filter(
      (el) => !el.matches(':disabled, [tabindex="-1"]') && el.getClientRects().length > 0,
    );
  const onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      if (options.keepOpen?.()) options.onKept?.();
      else popover.close();
    } else if (event.key === 'Tab') {
      // Tab cycles inside: from the last stop to the first and, with Shift, back. Focus the page
      // lost (a control that went away) comes back in; focus the user put in the page stays there.
      const all = stops();
      const active = root.activeElement;
      const lost = !document.activeElement || document.activeElement === document.body;
      if (!all.length || (!active && !lost)) return;
      const next = !active ? all[0] : event.shiftKey ? (active === all[0] ? all[all.length - 1] : null) : active === all[all.length - 1] ? all[0] : null;
      if (!next) return;
      event.preventDefault();
      next.focus();
    }
  };
  const onPointer = (event: Event) => {
    if (!event.isTrusted) return;
    const path = event.composedPath();
    if (!path.includes(host) && !path.includes(anchor) && !isPinLayer(path) && !options.keepOpen?.()) popover.close();
  };
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('pointerdown', onPointer, true);

  let closed = false;
  const popover: OpenPopover = {
    anchor,
    host,
    rerender: (next) => {
      if (!closed) render(next, panel);
    },
    focusFirst: () => {
      if (closed) return;
      const target =
        panel.querySelector<HTMLElement>('input, select, iframe') ??
        panel.querySelector<HTMLElement>('button:not(.close):not([disabled])') ??
        panel.querySelector<HTMLElement>('button');
      target?.focus({ preventScroll: true });
    },
    close: () => {
      if (closed) return;
      closed = true;
      stopAutoUpdate();
      untrack();
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer, true);
      render(null, panel);
      host.remove();
      if (current === popover) current = null;
      // Give focus back to the button that opened it, for keyboard users.
      if (anchor instanceof HTMLElement && anchor.isConnected) anchor.focus({ preventScroll: true });
      onClose?.();
    },
  };
  current = popover;
  // Focus moves into the popover at once (Esc and Tab work); content that loads later calls
  // focusFirst again to land on its first real control.
  queueMicrotask(() => popover.focusFirst());
  return popover;
}

/** The tag editor's pin layer host's name in test builds. */
export const PIN_LAYER_TAG = 'postcart-pin-layer';

function isPinLayer(path: EventTarget[]): boolean {
  return path.some((node) => node instanceof Node && kindOf(node) === 'pin-layer');
}
