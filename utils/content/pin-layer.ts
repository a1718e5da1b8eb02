/**
 * A transparent layer over a post's media where the seller clicks to place a product pin.
 * Coordinates are fractions of the media box (0..1), so pins survive any rendered size.
 */
import { t } from '../i18n';
import { PIN_LAYER_TAG } from './popover';
import { adoptOverlayStyles, containEvents, guardUntrustedEvents } from './styles';

export interface Pin {
  x: number;
  y: number;
}

/** Fraction of `rect` at a client point, clamped to the box. */
export function pinFromPoint(rect: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number): Pin {
  const clamp = (value: number) => Math.min(1, Math.max(0, value));
  const round = (value: number) => Math.round(value * 1000) / 1000;
  return {
    x: round(clamp(rect.width > 0 ? (clientX - rect.left) / rect.width : 0.5)),
    y: round(clamp(rect.height > 0 ? (clientY - rect.top) / rect.height : 0.5)),
  };
}

/**
 * Shows the layer over `media` and resolves with the pin, or null when cancelled (Esc, or the
 * media left the page). Only trusted clicks place a pin; Enter places it in the middle for
 * keyboard users, who can then move it with the arrow keys before pressing Enter again.
 */
export function placePin(media: Element): Promise<Pin | null> {
  return new Promise((resolve) => {
    const host = document.createElement(PIN_LAYER_TAG);
    host.style.setProperty('all', 'initial', 'important');
    host.style.setProperty('position', 'fixed', 'important');
    host.style.setProperty('inset', '0 auto auto 0', 'important');
    // Same layer as the popover but added later, so it sits on top where the popover covers the media.
    host.style.setProperty('z-index', '2147483647', 'important');
    const root = host.attachShadow({ mode: 'open' });
    adoptOverlayStyles(root);
    guardUntrustedEvents(root);
    containEvents(root);
    const layer = document.createElement('button');
    layer.type = 'button';
    layer.className = 'pin-layer';
    layer.setAttribute('aria-label', t('tagPinLayer'));
    const dot = document.createElement('span');
    dot.className = 'pin';
    dot.hidden = true;
    layer.append(dot);
    root.append(layer);

    let keyboardPin: Pin | null = null;
    const place = () => {
      const rect = media.getBoundingClientRect();
      Object.assign(layer.style, { left: `${rect.left}px`, top: `${rect.top}px`, width: `${rect.width}px`, height: `${rect.height}px` });
      if (keyboardPin) {
        dot.hidden = false;
        dot.style.left = `${keyboardPin.x * 100}%`;
        dot.style.top = `${keyboardPin.y * 100}%`;
      }
    };
    const finish = (pin: Pin | null) => {
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
      host.remove();
      resolve(pin);
    };
    layer.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      // detail 0 means the click came from the keyboard; that path is handled in keydown.
      if (event.detail === 0) return;
      finish(pinFromPoint(media.getBoundingClientRect(), event.clientX, event.clientY));
    });
    layer.addEventListener('keydown', (event) => {
      if (!event.isTrusted) return;
      const step = event.shiftKey ? 0.1 : 0.02;
      const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        finish(null);
      } else if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        if (keyboardPin) finish(keyboardPin);
        else keyboardPin = { x: 0.5, y: 0.5 };
        place();
      } else if (moves[event.key] && keyboardPin) {
        event.preventDefault();
        const [dx, dy] = moves[event.key]!;
        const clamp = (value: number) => Math.min(1, Math.max(0, Math.round(value * 1000) / 1000));
        keyboardPin = { x: clamp(keyboardPin.x + dx), y: clamp(keyboardPin.y + dy) };
        place();
      }
    });
    window.addEventListener('scroll', place, true);
    window.addEventListener('resize', place);
    document.documentElement.append(host);
    place();
    layer.focus({ preventScroll: true });
    if (!media.isConnected) finish(null);
  });
}
