// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { follow } from '@/utils/overlay/follow';

/** A reference whose box the test moves. */
function movable() {
  const el = document.createElement('div');
  let box = { left: 10, top: 20, width: 100, height: 50 };
  el.getBoundingClientRect = () => ({ ...box, right: box.left + box.width, bottom: box.top + box.height, x: box.left, y: box.top, toJSON: () => ({}) });
  return { el, move: (to: Partial<typeof box>) => (box = { ...box, ...to }) };
}

describe('following a reference', () => {
  afterEach(() => vi.useRealTimers());

  it('places at once, again only in a frame after the reference moved, and never after it stopped', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    const { el, move } = movable();
    const update = vi.fn();
    const stop = follow(el, null, update);
    expect(update).toHaveBeenCalledTimes(1);
    vi.advanceTimersToNextFrame();
    vi.advanceTimersToNextFrame();
    expect(update).toHaveBeenCalledTimes(1);
    move({ top: 200 });
    vi.advanceTimersToNextFrame();
    expect(update).toHaveBeenCalledTimes(2);
    stop();
    move({ top: 300 });
    vi.advanceTimersToNextFrame();
    expect(update).toHaveBeenCalledTimes(2);
  });

  it('places again when the floating element changes size (content that loaded late)', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame'] });
    const { el } = movable();
    const panel = document.createElement('div');
    let height = 100;
    Object.defineProperty(panel, 'offsetHeight', { get: () => height });
    const update = vi.fn();
    const stop = follow(el, panel, update);
    height = 300;
    vi.advanceTimersToNextFrame();
    expect(update).toHaveBeenCalledTimes(2);
    stop();
  });
});
