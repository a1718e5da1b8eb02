/**
 * The tag editor's pins over the post's media, drawn by the content script (the editor itself runs
 * in an extension page, editor-frame.tsx): numbered marks where the editor says, and what the
 * seller's pointer does on the media (grab a mark, drag it, drop it, click a spot) as fractions of
 * the media box. Clicks pass the visibility guard of every host of ours (guard.ts).
 */
import { render } from 'preact';
import { mountMediaLayer } from './pin-layer';
import { pinFromPoint } from './pins';
import type { SurfaceEvent, SurfaceView } from './editor-link';

export interface PinSurface {
  show(view: SurfaceView): void;
  remove(): void;
}

export function mountPinSurface(media: Element, emit: (event: SurfaceEvent) => void): PinSurface {
  const layer = mountMediaLayer(media, 'pin-layer', 'pin-layer', 2147483646);
  let drag: { key: string; moved: boolean } | null = null;
  const at = (event: MouseEvent) => pinFromPoint(media.getBoundingClientRect(), event.clientX, event.clientY);
  const show = (view: SurfaceView) =>
    render(
      <div
        class={view.armed ? 'surface armed' : 'surface'}
        onPointerDown={(event) => {
          const key = (event.target as HTMLElement).dataset.key;
          if (!event.isTrusted || event.button !== 0 || !key) return;
          event.preventDefault();
          (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
          drag = { key, moved: false };
          emit({ kind: 'grab', key });
        }}
        onPointerMove={(event) => {
          if (!drag || !event.isTrusted) return;
          drag.moved = true;
          emit({ kind: 'drag', key: drag.key, ...at(event) });
        }}
        onPointerUp={() => {
          if (drag?.moved) emit({ kind: 'drop', key: drag.key });
        }}
        onClick={(event) => {
          // The click that ends a drag lands here too.
          const dragged = drag;
          drag = null;
          if (event.isTrusted && !dragged) emit({ kind: 'click', ...at(event) });
        }}
      >
        {view.pins.map((pin, i) => (
          <span key={pin.key} class="mark" data-key={pin.key} data-selected={pin.key === view.selected ? '' : undefined} style={{ left: `${pin.x * 100}%`, top: `${pin.y * 100}%` }}>
            {i + 1}
          </span>
        ))}
      </div>,
      layer.box,
    );
  return {
    show,
    remove: () => {
      render(null, layer.box);
      layer.remove();
    },
  };
}
