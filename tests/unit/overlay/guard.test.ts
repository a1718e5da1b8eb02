// @vitest-environment happy-dom
/**
 * The click guard (issue 12, clickjacking): a trusted click acts only on a host the user could see.
 * happy-dom lays nothing out, so geometry, computed styles and hit testing are stubbed per case;
 * tests/e2e/attacks.spec.ts proves the same in Chromium against hostile pages.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { seenClick, trackVisibility } from '@/utils/overlay/guard';

interface Case {
  styles?: Map<Element, Partial<Record<string, string>>>;
  rect?: Partial<DOMRect>;
  hit?: () => Element | null;
  innerHit?: () => Element | null;
}

let host: HTMLElement;
let root: ShadowRoot;
let button: HTMLButtonElement;
let wrapper: HTMLElement;

function arrange({ styles = new Map(), rect = {}, hit = () => host, innerHit = () => button }: Case = {}): void {
  const box = { left: 10, top: 10, width: 100, height: 30, ...rect };
  vi.spyOn(button, 'getBoundingClientRect').mockReturnValue({ ...box, right: box.left + box.width, bottom: box.top + box.height, x: box.left, y: box.top, toJSON: () => box } as DOMRect);
  vi.spyOn(wrapper, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: 500, height: 500, right: 500, bottom: 500, x: 0, y: 0, toJSON: () => ({}) } as DOMRect);
  const base = { opacity: '1', filter: 'none', visibility: 'visible', clipPath: 'none', maskImage: 'none', overflowX: 'visible', overflowY: 'visible' };
  vi.spyOn(window, 'getComputedStyle').mockImplementation((el: Element) => ({ ...base, ...styles.get(el) }) as unknown as CSSStyleDeclaration);
  vi.spyOn(document, 'elementFromPoint').mockImplementation(hit);
  Object.defineProperty(root, 'elementFromPoint', { value: innerHit, configurable: true });
}

/** A click on the button as the browser would deliver it (trusted unless said otherwise). */
function click(options: { trusted?: boolean; detail?: number; x?: number; y?: number } = {}): MouseEvent {
  const event = new MouseEvent('click', { bubbles: true, composed: true, detail: options.detail ?? 1, clientX: options.x ?? 50, clientY: options.y ?? 20 });
  Object.defineProperty(event, 'isTrusted', { value: options.trusted ?? true });
  Object.defineProperty(event, 'composedPath', { value: () => [button, root, host, wrapper, document.body, document.documentElement, document, window] });
  return event;
}

describe('a click in one of our hosts', () => {
  beforeEach(() => {
    document.body.innerHTML = '<div id="post"></div>';
    wrapper = document.getElementById('post')!;
    host = document.createElement('postcart-overlay');
    root = host.attachShadow({ mode: 'open' });
    button = document.createElement('button');
    root.append(button);
    wrapper.append(host);
  });
  afterEach(() => vi.restoreAllMocks());

  it('acts when the user could see what they clicked', () => {
    arrange();
    expect(seenClick(click(), host, root)).toBe(true);
  });

  it('never acts on a script’s click', () => {
    arrange();
    expect(seenClick(click({ trusted: false }), host, root)).toBe(false);
  });

  it('refuses a host the page made nearly transparent, directly or through an ancestor or an opacity filter', () => {
    arrange({ styles: new Map([[host, { opacity: '0.001' }]]) });
    expect(seenClick(click(), host, root)).toBe(false);
    arrange({ styles: new Map([[wrapper, { opacity: '0.95', filter: 'saturate(2) opacity(50%)' }]]) });
    expect(seenClick(click(), host, root)).toBe(false);
    arrange({ styles: new Map([[wrapper, { opacity: '0.95' }]]) });
    expect(seenClick(click(), host, root)).toBe(true);
  });

  it('refuses a hidden, shrunken, clipped or masked host', () => {
    arrange({ styles: new Map([[wrapper, { visibility: 'hidden' }]]) });
    expect(seenClick(click(), host, root)).toBe(false);
    arrange({ rect: { width: 4, height: 4, left: 48, top: 18 } });
    expect(seenClick(click(), host, root)).toBe(false);
    arrange({ styles: new Map([[host, { clipPath: 'inset(0 95% 0 0)' }]]) });
    expect(seenClick(click(), host, root)).toBe(false);
    arrange({ styles: new Map([[host, { maskImage: 'linear-gradient(transparent, transparent)' }]]) });
    expect(seenClick(click(), host, root)).toBe(false);
  });

  it('refuses a control that a clipping ancestor or the viewport cuts to a sliver', () => {
    arrange({ styles: new Map([[wrapper, { overflowX: 'hidden', overflowY: 'hidden' }]]), rect: { left: 480, top: 10, width: 100, height: 30 } });
    expect(seenClick(click({ x: 490, y: 20 }), host, root)).toBe(false);
    arrange({ rect: { left: -90, top: 10, width: 100, height: 30 } });
    expect(seenClick(click({ x: 5, y: 20 }), host, root)).toBe(false);
  });

  it('refuses a host another element covers at the click point or the control’s centre', () => {
    const decoy = document.createElement('div');
    arrange({ hit: () => decoy });
    expect(seenClick(click(), host, root)).toBe(false);
    // Covered only at the centre while the click lands on an uncovered corner.
    let asked = 0;
    arrange({ hit: () => (++asked === 1 ? decoy : host) });
    expect(seenClick(click({ x: 12, y: 12 }), host, root)).toBe(false);
    // Our host is on top but another of our own elements is under the point.
    arrange({ innerHit: () => root.appendChild(document.createElement('span')) });
    expect(seenClick(click(), host, root)).toBe(false);
  });

  it('takes a keyboard click (no pointer position) at the control’s centre', () => {
    arrange({ hit: () => (vi.mocked(document.elementFromPoint).mock.calls.at(-1)?.[0] === 60 ? host : null) });
    expect(seenClick(click({ detail: 0, x: 0, y: 0 }), host, root)).toBe(true);
  });

  it('refuses a click in a panel the browser found covered (IntersectionObserver v2), and acts again once it is not', () => {
    let notify: ((entries: unknown[]) => void) | undefined;
    vi.stubGlobal(
      'IntersectionObserverEntry',
      class {
        get isVisible() {
          return true;
        }
      },
    );
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(callback: (entries: unknown[]) => void) {
          notify = callback;
        }
        observe() {}
        unobserve() {}
      },
    );
    const untrack = trackVisibility(host);
    arrange();
    notify!([{ target: host, isVisible: false }]);
    expect(seenClick(click(), host, root)).toBe(false);
    notify!([{ target: host, isVisible: true }]);
    expect(seenClick(click(), host, root)).toBe(true);
    untrack();
    vi.unstubAllGlobals();
  });
});
