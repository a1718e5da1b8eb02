import { describe, expect, it } from 'vitest';
import { addPin, commit, history, nudge, pinFromPoint, preview, record, removePin, toSave, undo, updatePin, type DraftPin, type Pins } from '@/utils/overlay/pins';
import { MAX_TAGS_PER_POST } from '@/utils/platform/limits';

function pin(key: string, x = 0.5, y = 0.5): DraftPin {
  return { key, id: key.startsWith('new') ? null : key, productId: `p-${key}`, variantId: 'v1', title: 'Trail Jacket', variantTitle: 'M', x, y };
}

describe('pin geometry', () => {
  it('measures a click as fractions of the media box', () => {
    expect(pinFromPoint({ left: 100, top: 50, width: 400, height: 500 }, 220, 400)).toEqual({ x: 0.3, y: 0.7 });
  });

  it('uses the media rect as it is now, wherever the page has scrolled it', () => {
    // Scrolled so the media starts above the viewport: its rect top is negative.
    expect(pinFromPoint({ left: 0, top: -300, width: 600, height: 600 }, 150, 150)).toEqual({ x: 0.25, y: 0.75 });
  });

  it('puts clicks in a letterbox around the media on its nearest edge', () => {
    const media = { left: 200, top: 100, width: 300, height: 200 };
    expect(pinFromPoint(media, 150, 50)).toEqual({ x: 0, y: 0 });
    expect(pinFromPoint(media, 900, 500)).toEqual({ x: 1, y: 1 });
  });

  it('rounds to a tenth of a percent and falls back to the middle for a media without size', () => {
    expect(pinFromPoint({ left: 0, top: 0, width: 3, height: 3 }, 1, 2)).toEqual({ x: 0.333, y: 0.667 });
    expect(pinFromPoint({ left: 0, top: 0, width: 0, height: 0 }, 10, 10)).toEqual({ x: 0.5, y: 0.5 });
  });

  it('moves a pin by 1% per arrow key and 10% with Shift, never off the media', () => {
    expect(nudge({ x: 0.5, y: 0.5 }, 'ArrowRight', false)).toEqual({ x: 0.51, y: 0.5 });
    expect(nudge({ x: 0.5, y: 0.5 }, 'ArrowUp', true)).toEqual({ x: 0.5, y: 0.4 });
    expect(nudge({ x: 0.005, y: 0.97 }, 'ArrowLeft', false)).toEqual({ x: 0, y: 0.97 });
    expect(nudge({ x: 0.5, y: 0.97 }, 'ArrowDown', true)).toEqual({ x: 0.5, y: 1 });
  });

  it('leaves every other key to the page', () => {
    expect(nudge({ x: 0.5, y: 0.5 }, 'Enter', false)).toBeNull();
    expect(nudge({ x: 0.5, y: 0.5 }, 'a', true)).toBeNull();
  });

  it('adds no float drift over many small steps', () => {
    let at = { x: 0, y: 0 };
    for (let i = 0; i < 30; i++) at = nudge(at, 'ArrowRight', false)!;
    expect(at.x).toBe(0.3);
  });
});

describe('undo history', () => {
  it('undoes every change back to the value the editor opened with', () => {
    const opened: Pins = [pin('a')];
    let h = history(opened);
    h = record(h, addPin(h.now, pin('new-1', 0.2, 0.2)));
    h = record(h, updatePin(h.now, 'a', { x: 0.9 }));
    h = record(h, removePin(h.now, 'new-1'));
    expect(h.past).toHaveLength(3);
    h = undo(h);
    expect(h.now.map((p) => p.key)).toEqual(['a', 'new-1']);
    h = undo(undo(h));
    // The very same value: the editor knows nothing is left to save.
    expect(h.now).toBe(opened);
    expect(undo(h)).toBe(h);
  });

  it('records nothing for a change that changes nothing', () => {
    const h = history<Pins>([pin('a')]);
    expect(record(h, h.now)).toBe(h);
  });

  it('undoes a run of arrow-key steps on one pin as one change, but not steps on different pins', () => {
    let h = history<Pins>([pin('a'), pin('b')]);
    for (let i = 0; i < 5; i++) h = record(h, updatePin(h.now, 'a', nudge(h.now[0]!, 'ArrowRight', false)!), 'nudge:a');
    h = record(h, updatePin(h.now, 'b', { y: 0.1 }), 'nudge:b');
    expect(h.past).toHaveLength(2);
    expect(undo(h).now[0]!.x).toBe(0.55);
    expect(undo(undo(h)).now[0]!.x).toBe(0.5);
  });

  it('turns a whole drag into one undo step', () => {
    const start: Pins = [pin('a')];
    let h = history(start);
    for (const x of [0.4, 0.3, 0.2]) h = preview(h, updatePin(h.now, 'a', { x }));
    expect(h.past).toHaveLength(0);
    h = commit(h, start);
    expect(h.now[0]!.x).toBe(0.2);
    expect(undo(h).now).toBe(start);
  });

  it('keeps a click without movement out of the history', () => {
    const h = history<Pins>([pin('a')]);
    expect(commit(h, h.now)).toBe(h);
  });
});

describe('draft pins', () => {
  it(`takes at most ${MAX_TAGS_PER_POST} pins on a post`, () => {
    let pins: Pins = [];
    for (let i = 0; i < MAX_TAGS_PER_POST + 3; i++) pins = addPin(pins, pin(`new-${i}`));
    expect(pins).toHaveLength(MAX_TAGS_PER_POST);
    expect(pins.at(-1)!.key).toBe(`new-${MAX_TAGS_PER_POST - 1}`);
  });

  it('retags a pin where it stands and removes one without renumbering the others out of order', () => {
    const pins: Pins = [pin('a', 0.1, 0.1), pin('b', 0.2, 0.2), pin('c', 0.3, 0.3)];
    const retagged = updatePin(pins, 'b', { productId: 'p-z', variantId: 'v9', title: 'Napkins', variantTitle: 'Set of 4' });
    expect(retagged[1]).toMatchObject({ key: 'b', id: 'b', productId: 'p-z', variantId: 'v9', x: 0.2, y: 0.2 });
    expect(pins[1]!.productId).toBe('p-b');
    expect(removePin(retagged, 'a').map((p) => p.key)).toEqual(['b', 'c']);
  });

  it('sends the whole set with ids for known tags and null for new ones', () => {
    expect(toSave([pin('t1', 0.1, 0.2), pin('new-1', 0.3, 0.4)])).toEqual([
      { id: 't1', productId: 'p-t1', variantId: 'v1', x: 0.1, y: 0.2 },
      { id: null, productId: 'p-new-1', variantId: 'v1', x: 0.3, y: 0.4 },
    ]);
  });
});
