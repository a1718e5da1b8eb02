/**
 * The single popover (product card or tag editor) of a page: its own shadow host on <html>,
 * positioned against its anchor with @floating-ui/dom, closed by Esc, an outside click, or
 * navigation, and fully torn down when closed.
 */
import { autoUpdate, computePosition, flip, offset, shift, size, type Placement } from '@floating-ui/dom';
import { render, type ComponentChild } from 'preact';
import { trackVisibility } from './guard';
import { kindOf } from './names';
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
  placement?: Placement;
  /** Asked before an outside click closes the popover; true keeps it open (Esc still closes). */
  keepOpen?: () => boolean;
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

  const update = () => {
    computePosition(reference, panel, {
      strategy: 'fixed',
      placement: options.placement ?? 'bottom-start',
      middleware: [
        offset(8),
        flip({ padding: 8 }),
        shift({ padding: 8 }),
        size({
          padding: 8,
          apply({ availableHeight }) {
            panel.style.maxBlockSize = `${Math.max(180, availableHeight)}px`;
          },
        }),
      ],
    }).then(({ x, y, placement }) => {
      panel.style.left = `${x}px`;
      panel.style.top = `${y}px`;
      panel.dataset.placement = placement;
    }, () => undefined);
  };
  const stopAutoUpdate = autoUpdate(reference, panel, update);

  const onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      popover.close();
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
