import { describe, expect, it } from 'vitest';
import { WatchListController } from '@/utils/catalog/watch-list';
import type { WatchView } from '@/utils/catalog/watch-store';
import type { PageRequest } from '@/utils/platform/messages';
import { because, refused } from '../fixtures';

function view(id: string, productId: string, overrides: Partial<WatchView> = {}): WatchView {
  return {
    id,
    productId,
    variantId: 'm',
    rule: { kind: 'target', targetMinor: 9900 },
    currency: 'USD',
    baselineMinor: 12900,
    createdAt: 1,
    snoozedUntil: null,
    enabled: true,
    title: `Product ${productId}`,
    variantTitle: 'M',
    image: null,
    current: { priceMinor: 12900, inStock: true },
    problem: null,
    alerted: null,
    unseen: false,
    ...overrides,
  };
}

/** A background in memory: answers list-watches from `watches`, records every request. */
function background(watches: WatchView[], options: { focus?: unknown; refuse?: Record<string, unknown> } = {}) {
  const sent: PageRequest[] = [];
  let focus = options.focus ?? null;
  const send = async (message: PageRequest) => {
    sent.push(message);
    const refusal = options.refuse?.[message.type];
    if (refusal) return refusal;
    if (message.type === 'list-watches') {
      const data = { watches, focus };
      focus = null;
      return { ok: true, data };
    }
    return { ok: true, data: message.type === 'alerts-seen' ? null : [] };
  };
  return { send, sent };
}

describe('the popup\'s watch list', () => {
  it('opens on the watches when a notification was clicked, its product first', async () => {
    const bg = background([view('w1', 'a'), view('w2', 'b'), view('w3', 'b')], { focus: { kind: 'product', productId: 'b' } });
    const store = new WatchListController(bg.send);
    expect(await store.load()).toBe(true);
    expect(store.getState()).toMatchObject({ status: 'ready', focusProductId: 'b' });
    expect(store.getState().watches.map((w) => w.id)).toEqual(['w2', 'w3', 'w1']);
  });

  it('opens on the watches when alerts came that it has not shown, and says they are seen once shown', async () => {
    const bg = background([view('w1', 'a', { unseen: true })]);
    const store = new WatchListController(bg.send);
    expect(await store.load()).toBe(true);
    await store.shown();
    expect(bg.sent.map((m) => m.type)).toEqual(['list-watches', 'alerts-seen']);
    // Still marked while the popup is open.
    expect(store.getState().watches[0]?.unseen).toBe(true);
  });

  it('stays on the cart otherwise, and tells nothing is seen when nothing is new', async () => {
    const bg = background([view('w1', 'a')]);
    const store = new WatchListController(bg.send);
    expect(await store.load()).toBe(false);
    await store.shown();
    expect(bg.sent.map((m) => m.type)).toEqual(['list-watches']);
  });

  it('saves an edit (any option when chosen) and closes the form; a refusal stays in the form', async () => {
    const bg = background([view('w1', 'a')]);
    const store = new WatchListController(bg.send);
    await store.load();
    store.edit('w1');
    await store.save(view('w1', 'a'), { rule: { kind: 'drop-percent', percent: 10 }, anyVariant: true });
    expect(bg.sent[1]).toEqual({ type: 'save-watch', productId: 'a', variantId: null, watchId: 'w1', rule: { kind: 'drop-percent', percent: 10 }, trusted: true });
    expect(store.getState()).toMatchObject({ editing: null, formError: null, pending: [] });

    const refusing = background([view('w1', 'a')], { refuse: { 'save-watch': refused('cardWatchTargetTooHigh', '$129.00') } });
    const other = new WatchListController(refusing.send);
    await other.load();
    other.edit('w1');
    await other.save(view('w1', 'a'), { rule: { kind: 'target', target: '200' }, anyVariant: false });
    expect(other.getState()).toMatchObject({ editing: 'w1', formError: because('cardWatchTargetTooHigh', '$129.00') });
  });

  it('snoozes, turns off, resumes and removes, and reloads the list', async () => {
    const bg = background([view('w1', 'a')]);
    const store = new WatchListController(bg.send);
    await store.load();
    for (const change of ['day', 'week', 'off', 'resume', 'remove'] as const) await store.change(view('w1', 'a'), change);
    expect(bg.sent.filter((m) => m.type === 'change-watch')).toEqual(
      ['day', 'week', 'off', 'resume', 'remove'].map((change) => ({ type: 'change-watch', productId: 'a', watchId: 'w1', change, trusted: true })),
    );
    expect(bg.sent.filter((m) => m.type === 'list-watches')).toHaveLength(6);
  });

  it('watches a cart line\'s option, says so on the line, and keeps a refusal in its form', async () => {
    const bg = background([]);
    const store = new WatchListController(bg.send);
    await store.load();
    store.openCartForm('line-1');
    await store.watchLine({ id: 'line-1', productId: 'a', variantId: 'm' }, { rule: { kind: 'back-in-stock' }, anyVariant: false });
    expect(bg.sent[1]).toEqual({ type: 'save-watch', productId: 'a', variantId: 'm', watchId: null, rule: { kind: 'back-in-stock' }, trusted: true });
    expect(store.getState()).toMatchObject({ cartLine: null, cartSaved: 'line-1' });

    const refusing = background([], { refuse: { 'save-watch': refused('errWatchInStock') } });
    const other = new WatchListController(refusing.send);
    other.openCartForm('line-1');
    await other.watchLine({ id: 'line-1', productId: 'a', variantId: 'm' }, { rule: { kind: 'back-in-stock' }, anyVariant: false });
    expect(other.getState()).toMatchObject({ cartLine: 'line-1', cartSaved: null, formError: because('errWatchInStock') });
  });

  it('shows a failure to load', async () => {
    const store = new WatchListController(background([], { refuse: { 'list-watches': refused('errUnexpected') } }).send);
    expect(await store.load()).toBe(false);
    expect(store.getState()).toMatchObject({ status: 'ready', error: because('errUnexpected') });
  });
});
