/**
 * Where overlays go, as arithmetic on boxes (viewport coordinates), so it can be tested without a
 * browser: the buy pills take the corner of the media that the site's own controls leave freest,
 * and popovers (card, tag editor) stay inside the viewport at any window size. Positions computed
 * from measured boxes are physical (left/top), as the boxes are.
 */

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The pills' column: 6px padding around pills 30px high, 4px apart (styles.ts `.overlay`, `.buy`). */
const PILL_HEIGHT = 30;
const PILL_GAP = 4;
export const COLUMN_PADDING = 6;
/** Kept between our pills and a control of the site. */
const CLEARANCE = 4;

/** Where the pills' column goes over the media, with the room it has there (px, padding included). */
export interface PillSpot {
  /** The physical right edge (the inline end on left-to-right pages); else the left edge. */
  right: boolean;
  /** The column's top (viewport px); null: against the media's bottom edge. */
  top: number | null;
  room: number;
}

/** How tall the column of `rows` pills is. */
export function columnHeight(rows: number): number {
  return rows * PILL_HEIGHT + (rows - 1) * PILL_GAP + 2 * COLUMN_PADDING;
}

/**
 * Where a column `height` high that needs `need` px across goes along a side edge of the media:
 * the first of the top-start, top-end, bottom-start and bottom-end corners, then just below or
 * above one of the site's controls (a corner's hover buttons), where it fits beside every control
 * in its band; else the place with the most room (the pills go compact there).
 */
export function pillSpot(area: Box, controls: readonly Box[], height: number, need: number, rtl: boolean): PillSpot {
  const tops: (number | null)[] = [area.top, null];
  for (const c of controls) tops.push(c.bottom + CLEARANCE, c.top - CLEARANCE - height);
  let best: PillSpot = { right: rtl, top: area.top, room: -1 };
  for (const top of tops) {
    const y = top ?? area.bottom - height;
    // The top edge is always a candidate (media shorter than the column still gets its pills).
    if (top !== area.top && (y < area.top || y + height > area.bottom)) continue;
    const band = controls.filter((c) => c.top < y + height && c.bottom > y && c.right > area.left && c.left < area.right);
    for (const right of rtl ? [true, false] : [false, true]) {
      const room = Math.max(
        0,
        right
          ? area.right - band.reduce((edge, c) => Math.max(edge, c.right + CLEARANCE), area.left)
          : band.reduce((edge, c) => Math.min(edge, c.left - CLEARANCE), area.right) - area.left,
      );
      if (room >= need) return { right, top, room };
      if (room > best.room) best = { right, top, room };
    }
  }
  return best;
}

/** Below this viewport width the card and the editor are bottom sheets. */
export const SHEET_BELOW = 480;
/** Kept between a popover and its reference, and between a popover and the viewport's edges. */
const OFFSET = 8;
const EDGE = 8;
/** A popover is never squeezed below this height to stay on one side (it overlaps instead). */
const MIN_HEIGHT = 180;

export interface PopoverSpot {
  x: number;
  y: number;
  /** The height the popover may take there. */
  maxHeight: number;
  side: 'top' | 'bottom' | 'left' | 'right';
}

/**
 * Places a popover `width` × `height` in a viewport `vw` × `vh`: below the reference (else above)
 * and aligned with its start edge, or, `beside`, after it in reading order (else before) and
 * aligned with its top. Where neither side has room it overlaps the reference from the roomier
 * side, always inside the viewport.
 */
export function popoverSpot(ref: Box, width: number, height: number, vw: number, vh: number, beside: boolean, rtl: boolean): PopoverSpot {
  const clamp = (value: number, size: number, limit: number) => Math.max(EDGE, Math.min(value, limit - EDGE - size));
  if (beside) {
    const h = Math.min(height, vh - 2 * EDGE);
    const [first, second] = rtl ? (['left', 'right'] as const) : (['right', 'left'] as const);
    const room = { right: vw - EDGE - ref.right - OFFSET, left: ref.left - OFFSET - EDGE };
    const side = width <= room[first] ? first : width <= room[second] ? second : room[first] >= room[second] ? first : second;
    const x = side === 'right' ? ref.right + OFFSET : ref.left - OFFSET - width;
    const y = clamp(ref.top, h, vh);
    // It may grow (content loading) only down to the viewport's bottom edge.
    return { x: clamp(x, width, vw), y, maxHeight: vh - EDGE - y, side };
  }
  const below = vh - EDGE - ref.bottom - OFFSET;
  const above = ref.top - OFFSET - EDGE;
  const side = height <= below || (height > above && below >= above) ? 'bottom' : 'top';
  const maxHeight = Math.min(vh - 2 * EDGE, Math.max(MIN_HEIGHT, side === 'bottom' ? below : above));
  const h = Math.min(height, maxHeight);
  const y = side === 'bottom' ? ref.bottom + OFFSET : ref.top - OFFSET - h;
  return { x: clamp(rtl ? ref.right - width : ref.left, width, vw), y: clamp(y, h, vh), maxHeight, side };
}

let context: CanvasRenderingContext2D | null | undefined;

/**
 * How wide `text` is in the pill's bold 13px type (styles.ts `.buy`), from canvas text metrics,
 * which need no layout; an estimate where there is no canvas.
 */
export function textWidth(text: string): number {
  if (context === undefined) {
    try {
      context = document.createElement('canvas').getContext('2d');
    } catch {
      context = null;
    }
    if (context) context.font = '600 13px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
  }
  return context ? context.measureText(text).width : text.length * 8;
}
