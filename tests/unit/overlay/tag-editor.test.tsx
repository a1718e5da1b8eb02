// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// happy-dom lays nothing out, so every click would look hidden: the visibility guard is tested on its
// own (guard.test.ts) and in the browser (tests/e2e/attacks.spec.ts); here it lets trusted clicks through.
vi.mock('@/utils/overlay/guard', () => ({ seenClick: (event: Event) => event.isTrusted, trackVisibility: () => () => undefined }));
import type { ContentRequest, PostTagView, ResponseMap, SearchHit } from '@/utils/platform/messages';
import type { PostRef } from '@/utils/catalog/model';
import type { Send } from '@/utils/overlay/messenger';
import { TagEditorContainer, type EditorControl } from '@/utils/overlay/tag-editor';
import { PIN_LAYER_TAG } from '@/utils/overlay/popover';
import { mountPinSurface } from '@/utils/overlay/pin-surface';
import type { SurfaceEvent, SurfaceLink } from '@/utils/overlay/editor-link';

/**
 * The editor runs in an extension page and the pins over the media in the content script, joined
 * by a runtime port (editor-frame.tsx, editor-page.tsx); here the two are joined directly.
 */
function localSurface(media: Element, removers: (() => void)[]): SurfaceLink {
  const listeners = new Set<(event: SurfaceEvent) => void>();
  const surface = mountPinSurface(media, (event) => listeners.forEach((listener) => listener(event)));
  removers.push(() => surface.remove());
  return {
    show: (view) => surface.show(view),
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
import { english } from '../fixtures';

const POST: PostRef = { platform: 'instagram', postId: 'C6aBc0dEf1g', url: 'https://www.instagram.com/p/C6aBc0dEf1g/', author: null, caption: null, links: [] };

function view(id: string, x: number, y: number, title = 'Trail Jacket'): PostTagView {
  return { id, productId: 'acme:1', variantId: '11', x, y, title, variantTitle: 'M / Blue', image: null, merchantName: 'Acme Outdoor', origin: 'feed', pending: false };
}

const HITS: SearchHit[] = [
  { productId: 'lune:1', title: 'Linen Napkins', merchantName: 'Maison Lune', brand: null, image: null, variants: [{ id: '21', title: 'Set of 4', priceMinor: 3850, currency: 'EUR', sku: null }] },
];

/** Dispatches an event as if the user did it (happy-dom leaves isTrusted unset). */
function user<E extends Event>(target: EventTarget, event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  target.dispatchEvent(event);
  return event;
}
const click = (el: Element, init: MouseEventInit = { detail: 1 }) => user(el, new MouseEvent('click', { bubbles: true, ...init }));
const key = (el: Element, k: string, init: KeyboardEventInit = {}) => user(el, new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms + 20));

describe('the tag editor', () => {
  let root: HTMLElement;
  let media: HTMLElement;
  let tags: PostTagView[];
  let saves: Extract<ContentRequest, { type: 'save-post-tags' }>[];
  let control: EditorControl;
  let closed: number;
  let removers: (() => void)[];
  let scope: string[];
  let searched: Extract<ContentRequest, { type: 'search-catalog' }>[];

  const send: Send = async <R extends ContentRequest>(message: R) => {
    const answer = (data: unknown) => data as ResponseMap[R['type']];
    if (message.type === 'get-post-tags') return answer(tags);
    if (message.type === 'search-catalog') searched.push(message as Extract<ContentRequest, { type: 'search-catalog' }>);
    if (message.type === 'search-catalog') return answer({ hits: message.query ? HITS : [], onlyMerchants: scope });
    if (message.type === 'save-post-tags') {
      saves.push(message as Extract<ContentRequest, { type: 'save-post-tags' }>);
      return answer([]);
    }
    throw new Error(`unexpected ${message.type}`);
  };

  const items = () => [...root.querySelectorAll<HTMLButtonElement>('ol button')];
  /** The button whose text is this English message. */
  const button = (key: string, ...args: number[]) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === english(key, args))!;
  const marks = () => [...document.querySelector(PIN_LAYER_TAG)!.shadowRoot!.querySelectorAll<HTMLElement>('.mark')];
  const status = () => root.querySelector('[role="status"]')!.textContent;

  // These wait for what the editor shows, not for a fixed time: the machines running tests are busy.
  async function open(): Promise<void> {
    render(<TagEditorContainer post={POST} surface={localSurface(media, removers)} send={send} control={control} onSaved={() => undefined} onClose={() => (closed += 1)} />, root);
    await settle();
  }

  async function pickNapkins(): Promise<void> {
    const search = root.querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = 'napkins';
    user(search, new Event('input', { bubbles: true }));
    const hit = await vi.waitFor(() => root.querySelector<HTMLButtonElement>('ul.hits li button') ?? Promise.reject(new Error('no hits yet')));
    click(hit);
    await vi.waitFor(() => expect(root.querySelector('select')).not.toBeNull());
    await settle();
  }

  beforeEach(() => {
    document.body.innerHTML = '';
    root = document.createElement('div');
    media = document.createElement('img');
    media.getBoundingClientRect = () => ({ left: 100, top: 50, width: 200, height: 100, right: 300, bottom: 150, x: 100, y: 50, toJSON: () => ({}) });
    document.body.append(media, root);
    tags = [view('t1', 0.4, 0.6), view('t2', 0.7, 0.2, 'Summit Bottle')];
    saves = [];
    control = { keepOpen: () => false };
    closed = 0;
    removers = [];
    scope = [];
    searched = [];
  });
  afterEach(() => {
    render(null, root);
    for (const remove of removers) remove();
  });

  it('opens with the post’s pins, numbered the same in the list and on the media, saying which are not published yet', async () => {
    tags[1]!.pending = true;
    await open();
    expect(items().map((b) => b.textContent)).toEqual([
      `1 Trail Jacket · M / Blue ${english('tagPinAt', [40, 60])}`,
      `2 Summit Bottle · M / Blue ${english('tagPinAt', [70, 20])} · ${english('tagPending')}`,
    ]);
    // The marks layer follows the media in its own frame: wait for it rather than for a fixed time.
    await vi.waitFor(() => expect(marks().map((m) => [m.textContent, m.style.left, m.style.top])).toEqual([['1', '40%', '60%'], ['2', '70%', '20%']]));
    expect(button('tagSave').disabled).toBe(true);
    expect(button('tagUndo').disabled).toBe(true);
  });

  it('moves a selected pin by 1% with the arrow keys and 10% with Shift, and undoes the run in one step', async () => {
    await open();
    for (let i = 0; i < 3; i++) key(items()[0]!, 'ArrowRight');
    key(items()[0]!, 'ArrowDown', { shiftKey: true });
    await vi.waitFor(() => expect(marks()[0]!.style.left).toBe('43%'));
    expect(marks()[0]!.style.top).toBe('70%');
    expect(items()[0]!.getAttribute('aria-pressed')).toBe('true');
    expect(button('tagSave').disabled).toBe(false);
    key(items()[0]!, 'z', { ctrlKey: true });
    await vi.waitFor(() => expect([marks()[0]!.style.left, marks()[0]!.style.top]).toEqual(['40%', '60%']));
    // Back where it opened: nothing to save.
    expect(button('tagSave').disabled).toBe(true);
  });

  it('drags a pin on the media and undoes the whole drag at once', async () => {
    await open();
    const surface = document.querySelector(PIN_LAYER_TAG)!.shadowRoot!.querySelector('.surface')!;
    surface.setPointerCapture = () => undefined;
    user(marks()[1]!, new PointerEvent('pointerdown', { bubbles: true, button: 0, pointerId: 1 }));
    for (const x of [200, 220, 240]) user(surface, new PointerEvent('pointermove', { bubbles: true, clientX: x, clientY: 100 }));
    user(surface, new PointerEvent('pointerup', { bubbles: true }));
    click(surface, { clientX: 240, clientY: 100, detail: 1 });
    await vi.waitFor(() => expect([marks()[1]!.style.left, marks()[1]!.style.top]).toEqual(['70%', '50%']));
    // The click that ended the drag placed nothing.
    expect(marks()).toHaveLength(2);
    expect(status()).toBe(english('tagPinMoved', [2, 70, 50]));
    click(button('tagUndo'));
    await vi.waitFor(() => expect([marks()[1]!.style.left, marks()[1]!.style.top]).toEqual(['70%', '20%']));
  });

  it('searches for the post’s platform and says when it offers only the seller’s own products', async () => {
    await open();
    expect(root.querySelector('#postcart-tag-scope')).toBeNull();
    scope = ['Acme Outdoor'];
    await pickNapkins();
    expect(searched.at(-1)).toMatchObject({ query: 'napkins', platform: POST.platform });
    await vi.waitFor(() => expect(root.querySelector('#postcart-tag-scope')?.textContent).toBe(english('tagScopeOwn', 'Acme Outdoor')));
    expect(root.querySelector('input[type="search"]')!.getAttribute('aria-describedby')).toBe('postcart-tag-scope');
  });

  it('adds a pin for the picked product where the media is clicked', async () => {
    await open();
    await pickNapkins();
    expect(root.querySelector('select')!.value).toBe('21');
    click(button('tagPlacePin'));
    await settle();
    const surface = document.querySelector(PIN_LAYER_TAG)!.shadowRoot!.querySelector('.surface')!;
    expect(surface.classList.contains('armed')).toBe(true);
    click(surface, { clientX: 160, clientY: 120, detail: 1 });
    await vi.waitFor(() => expect(marks().map((m) => [m.textContent, m.style.left, m.style.top])[2]).toEqual(['3', '30%', '70%']));
    expect(items()[2]!.textContent).toBe(`3 Linen Napkins · Set of 4 ${english('tagPinAt', [30, 70])}`);
    // The product is placed: another click on the media only clears the selection.
    expect(surface.classList.contains('armed')).toBe(false);
    click(surface, { clientX: 110, clientY: 60, detail: 1 });
    await settle();
    expect(marks()).toHaveLength(3);
  });

  it('places a pin from the keyboard in the middle of the media with focus on it, ready for the arrow keys', async () => {
    await open();
    await pickNapkins();
    click(button('tagPlacePin'), { detail: 0 });
    await vi.waitFor(() => expect(marks()[2]!.style.left).toBe('50%'));
    expect(root.ownerDocument.activeElement).toBe(items()[2]);
    key(items()[2]!, 'ArrowLeft');
    await vi.waitFor(() => expect(marks()[2]!.style.left).toBe('49%'));
  });

  it('retags the selected pin with the picked product and removes a pin with Delete', async () => {
    await open();
    click(items()[0]!);
    await pickNapkins();
    click(button('tagRetag', 1));
    await vi.waitFor(() => expect(items()[0]!.textContent).toBe(`1 Linen Napkins · Set of 4 ${english('tagPinAt', [40, 60])}`));
    expect([marks()[0]!.style.left, marks()[0]!.style.top]).toEqual(['40%', '60%']);
    key(items()[1]!, 'Delete');
    await vi.waitFor(() => expect(items()).toHaveLength(1));
    expect(marks()).toHaveLength(1);
  });

  it('saves the whole set once, however often Save is pressed', async () => {
    await open();
    key(items()[0]!, 'Delete');
    await settle();
    click(button('tagSave'));
    click(button('tagSave'));
    await settle();
    expect(saves).toEqual([{ type: 'save-post-tags', platform: 'instagram', postId: 'C6aBc0dEf1g', tags: [{ id: 't2', productId: 'acme:1', variantId: '11', x: 0.7, y: 0.2 }], trusted: true }]);
  });

  it('ignores keys and clicks a page script makes up', async () => {
    await open();
    items()[0]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true }));
    items()[1]!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    await settle();
    expect(items()).toHaveLength(2);
    expect(marks()[1]!.style.top).toBe('20%');
    key(items()[0]!, 'Delete');
    await settle();
    button('tagSave').click();
    await settle();
    expect(saves).toEqual([]);
  });

  it('stays open on a click outside only while there are unsaved changes', async () => {
    await open();
    expect(control.keepOpen()).toBe(false);
    key(items()[0]!, 'ArrowUp');
    await vi.waitFor(() => expect(control.keepOpen()).toBe(true));
  });

  it('offers no more pins at 20, and says why', async () => {
    tags = Array.from({ length: 20 }, (_, i) => view(`t${i}`, i / 20, 0.5));
    await open();
    await pickNapkins();
    expect(button('tagPlacePin').disabled).toBe(true);
    expect(root.textContent).toContain(english('tagLimit', 20));
    const surface = document.querySelector(PIN_LAYER_TAG)!.shadowRoot!.querySelector('.surface')!;
    expect(surface.classList.contains('armed')).toBe(false);
  });

  it('edits nothing when the post’s tags cannot be read, so a save cannot drop them', async () => {
    const failing: Send = async (message) => {
      if (message.type === 'get-post-tags') throw new Error('Turn on seller mode to tag posts');
      return send(message);
    };
    render(<TagEditorContainer post={POST} surface={localSurface(media, removers)} send={failing} control={control} onSaved={() => undefined} onClose={() => undefined} />, root);
    await settle();
    // Not a reason Postcart knows: the card says something went wrong, never the error's own text or a key.
    expect(root.textContent).toContain(english('tagLoadFailed', english('errUnexpected')));
    expect(root.querySelector('input[type="search"]')).toBeNull();
    expect(button('tagSave').disabled).toBe(true);
  });
});
