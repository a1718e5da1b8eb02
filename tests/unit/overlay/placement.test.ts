import { describe, expect, it } from 'vitest';
import { columnHeight, pillSpot, popoverSpot, SHEET_BELOW, textWidth, type Box } from '@/utils/overlay/placement';

const box = (left: number, top: number, right: number, bottom: number): Box => ({ left, top, right, bottom });
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The box the pills' column takes at `spot` over `area`, `width` wide and `height` high. */
function columnBox(area: Box, spot: ReturnType<typeof pillSpot>, width: number, height: number): Box {
  const top = spot.top ?? area.bottom - height;
  const left = spot.right ? area.right - width : area.left;
  return box(left, top, left + width, top + height);
}

describe('the column of pills', () => {
  it('is 42 px high for one pill and grows by 34 px a pill', () => {
    expect(columnHeight(1)).toBe(42);
    expect(columnHeight(3)).toBe(110);
  });
});

describe('where the pills go over the media', () => {
  const media = box(100, 50, 400, 350);
  const height = columnHeight(1);

  it('takes the top-start corner with the whole width when the site has no controls there', () => {
    expect(pillSpot(media, [], height, 160, false)).toEqual({ right: false, top: 50, room: 300 });
  });

  it('starts at the right edge on right-to-left pages', () => {
    expect(pillSpot(media, [], height, 160, true)).toEqual({ right: true, top: 50, room: 300 });
  });

  it('moves to the top-end corner when a control holds the top-start corner, keeping 4 px from it', () => {
    const save = box(100, 50, 200, 90);
    const spot = pillSpot(media, [save], height, 160, false);
    expect(spot).toEqual({ right: true, top: 50, room: 196 });
    expect(overlaps(columnBox(media, spot, 160, height), save)).toBe(false);
  });

  it('goes to the bottom edge when controls span the whole top', () => {
    const bar = box(100, 50, 400, 100);
    expect(pillSpot(media, [bar], height, 160, false)).toEqual({ right: false, top: null, room: 300 });
  });

  it('goes just below a control when controls span both the top and the bottom', () => {
    const top = box(100, 50, 400, 100);
    const bottom = box(100, 300, 400, 350);
    const spot = pillSpot(media, [top, bottom], height, 160, false);
    expect(spot).toEqual({ right: false, top: 104, room: 300 });
    const column = columnBox(media, spot, 160, height);
    expect(overlaps(column, top) || overlaps(column, bottom)).toBe(false);
  });

  it('ignores controls beside the media, outside its edges', () => {
    const beside = box(20, 50, 100, 350);
    expect(pillSpot(media, [beside], height, 160, false)).toEqual({ right: false, top: 50, room: 300 });
  });

  it('takes the place with the most room, below a corner’s control, when the full pills fit nowhere (they go compact there)', () => {
    const start = box(100, 50, 180, 90);
    const end = box(330, 300, 400, 350);
    const spot = pillSpot(media, [start, end], height, 500, false);
    expect(spot.room).toBeLessThan(500);
    expect(spot).toEqual({ right: false, top: 94, room: 300 });
  });

  it('still puts the pills on the top edge of media shorter than the column', () => {
    const strip = box(0, 0, 300, 20);
    expect(pillSpot(strip, [], height, 100, false)).toEqual({ right: false, top: 0, room: 300 });
  });

  it('reports no room below zero when controls cover the whole media', () => {
    const cover = box(100, 50, 400, 350);
    expect(pillSpot(media, [cover], height, 100, false).room).toBe(0);
  });
});

describe('where a popover goes', () => {
  const inside = (spot: ReturnType<typeof popoverSpot>, width: number, height: number, vw: number, vh: number) =>
    spot.x >= 0 && spot.y >= 0 && spot.x + width <= vw && spot.y + Math.min(height, spot.maxHeight) <= vh;

  it('opens below its button, aligned with its start edge, 8 px away', () => {
    const spot = popoverSpot(box(100, 100, 200, 130), 360, 400, 1280, 800, false, false);
    expect(spot).toEqual({ x: 100, y: 138, maxHeight: 654, side: 'bottom' });
  });

  it('aligns with the button’s end edge on right-to-left pages', () => {
    expect(popoverSpot(box(500, 100, 600, 130), 360, 400, 1280, 800, false, true).x).toBe(240);
  });

  it('opens above a button near the bottom of the window', () => {
    const spot = popoverSpot(box(100, 700, 200, 730), 360, 400, 1280, 800, false, false);
    expect(spot).toEqual({ x: 100, y: 292, maxHeight: 684, side: 'top' });
  });

  it('takes the roomier side and shrinks to fit when neither side has the room', () => {
    const spot = popoverSpot(box(100, 200, 200, 230), 360, 400, 1280, 500, false, false);
    expect(spot).toEqual({ x: 100, y: 238, maxHeight: 254, side: 'bottom' });
    expect(inside(spot, 360, 400, 1280, 500)).toBe(true);
  });

  it('is never squeezed below 180 px: it overlaps its button instead, inside the window', () => {
    const spot = popoverSpot(box(100, 60, 200, 90), 360, 400, 1280, 200, false, false);
    expect(spot.maxHeight).toBe(180);
    expect(inside(spot, 360, 400, 1280, 200)).toBe(true);
  });

  it('is pushed back inside from a button at the window’s end edge', () => {
    const spot = popoverSpot(box(1200, 100, 1270, 130), 360, 400, 1280, 800, false, false);
    expect(spot.x).toBe(912);
  });

  it('sits after the media in reading order when placed beside it, aligned with its top', () => {
    expect(popoverSpot(box(100, 100, 500, 500), 360, 600, 1280, 800, true, false)).toEqual({ x: 508, y: 100, maxHeight: 692, side: 'right' });
  });

  it('sits before the media when there is no room after it', () => {
    expect(popoverSpot(box(800, 100, 1200, 500), 360, 600, 1280, 800, true, false)).toMatchObject({ x: 432, side: 'left' });
  });

  it('sits before the media first on right-to-left pages', () => {
    expect(popoverSpot(box(500, 100, 900, 500), 360, 600, 1280, 800, true, true)).toMatchObject({ x: 132, side: 'left' });
  });

  it('overlaps media as wide as the window from its roomier side, inside the window', () => {
    const spot = popoverSpot(box(0, 0, 1100, 900), 360, 600, 1280, 800, true, false);
    expect(spot.side).toBe('right');
    expect(inside(spot, 360, 600, 1280, 800)).toBe(true);
  });

  it('keeps a tall popover beside media low on the page inside the window', () => {
    const spot = popoverSpot(box(100, 600, 500, 1000), 360, 700, 1280, 800, true, false);
    expect(spot.y).toBe(92);
    expect(spot.y + spot.maxHeight).toBe(792);
    expect(inside(spot, 360, 700, 1280, 800)).toBe(true);
  });

  it('becomes a bottom sheet on a phone-wide window but not on a laptop', () => {
    expect(390 < SHEET_BELOW).toBe(true);
    expect(1280 < SHEET_BELOW).toBe(false);
  });
});

describe('the width of a pill’s text', () => {
  it('is estimated from its length where there is no canvas to measure it', () => {
    expect(textWidth('Buy · $12.00')).toBe(96);
  });
});
