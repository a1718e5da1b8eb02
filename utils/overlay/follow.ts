/**
 * Keeps something placed against a reference element: `update` runs at once and then in the frame
 * after anything it depends on changed (the reference's box, the window's size, the floating
 * element's size). One box read per frame while it runs, and it runs only while a popover or the
 * seller's pins are open (one at a time). Written here instead of @floating-ui/dom's autoUpdate,
 * which with its utilities cost every content script about 1.7 KB gzipped of the 30 KB budget;
 * where things go is placement.ts.
 */
export function follow(reference: Element, floating: HTMLElement | null, update: () => void, win: Window = window): () => void {
  let last = '';
  let frame = 0;
  const tick = () => {
    const box = reference.getBoundingClientRect();
    const key = `${box.left} ${box.top} ${box.width} ${box.height} ${win.innerWidth} ${win.innerHeight} ${floating ? `${floating.offsetWidth} ${floating.offsetHeight}` : ''}`;
    if (key !== last) {
      last = key;
      update();
    }
    frame = win.requestAnimationFrame(tick);
  };
  tick();
  return () => win.cancelAnimationFrame(frame);
}
