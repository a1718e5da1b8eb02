// @vitest-environment happy-dom
/** The card's price claim, price history and watches, the buy button's reduction, and the popup's watch list, as rendered. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ProductCard, type ProductCardProps } from '@/components/overlay/ProductCard';
import { CardWatches, type CardWatchesProps } from '@/components/overlay/CardWatches';
import { BuyButton } from '@/components/overlay/BuyButton';
import { Watches } from '@/components/popup/Watches';
import { Cart, type CartWatchProps } from '@/components/popup/Cart';
import { OVERLAY_CSS } from '@/utils/overlay/styles';
import type { CardData, PostOffer, VariantPrice } from '@/utils/platform/messages';
import type { WatchView } from '@/utils/catalog/watch-store';
import { initialWatchListState } from '@/utils/catalog/watch-list';
import { bundleOf, english, ENGLISH } from '../fixtures';
import { setActiveBundle } from '@/utils/platform/i18n';
import { PriceHistory } from '@/components/overlay/PriceHistory';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 20, 12);
const NOV_2 = Date.UTC(2026, 10, 2, 15);

function price(overrides: Partial<VariantPrice> = {}): VariantPrice {
  return {
    variantId: 'm',
    currency: 'USD',
    priceMinor: 12900,
    dataSince: Date.UTC(2026, 6, 1, 12),
    claim: { kind: 'none' },
    lowest30: { priceMinor: 9900, at: NOV_2, complete: true },
    typical: { lowMinor: 11900, highMinor: 12900 },
    chart: {
      width: 300,
      height: 80,
      start: NOW - 90 * DAY,
      end: NOW,
      path: 'M0 4H150V76H300',
      outOfStock: [{ x: 200, width: 20 }],
      low: { priceMinor: 9900, at: NOV_2, y: 76 },
      high: { priceMinor: 12900, at: NOW - 90 * DAY, y: 4 },
    },
    ...overrides,
  };
}

function card(overrides: Partial<CardData> = {}): CardData {
  return {
    product: { id: 'acme:1', title: 'Trail Jacket', url: 'https://acme.example/p', images: [], brand: null, description: '' },
    merchant: { id: 'acme', name: 'Acme Outdoor' },
    source: { name: 'acme.example', demo: false },
    insights: null,
    sameItems: {},
    pricedAt: null,
    variants: [
      { id: 'm', title: 'M', priceMinor: 12900, compareAtMinor: 15900, currency: 'USD', available: true, sku: null },
      { id: 'l', title: 'L', priceMinor: 12900, compareAtMinor: 15900, currency: 'USD', available: false, sku: null },
    ],
    selectedVariantId: 'm',
    reviews: null,
    price: price(),
    watches: [],
    ...overrides,
  };
}

function watch(overrides: Partial<WatchView> = {}): WatchView {
  return {
    id: 'w1',
    productId: 'acme:1',
    variantId: 'm',
    rule: { kind: 'target', targetMinor: 9900 },
    currency: 'USD',
    baselineMinor: 12900,
    createdAt: NOV_2,
    snoozedUntil: null,
    enabled: true,
    title: 'Trail Jacket',
    variantTitle: 'M',
    image: null,
    current: { priceMinor: 12900, inStock: true },
    problem: null,
    alerted: null,
    unseen: false,
    ...overrides,
  };
}

let root: HTMLElement;
beforeEach(() => {
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const show = (props: Partial<ProductCardProps> = {}) =>
  act(() =>
    render(
      <ProductCard data={card()} reason="tag" loading={false} variantId="m" status={{ kind: 'idle' }} onSelectVariant={() => undefined} onAdd={() => undefined} onClose={() => undefined} {...props} />,
      root,
    ),
  );

describe('the card\'s price', () => {
  it('states a reduction only as observed: the 30-day low struck through and the floored percentage', async () => {
    await show({ data: card({ price: price({ claim: { kind: 'reduction', percent: 18, wasMinor: 15900, since: NOW - 5 * DAY } }) }) });
    const row = root.querySelector('.price')!;
    expect(row.querySelector('s')?.textContent).toBe('$159.00');
    expect(row.querySelector('s')?.getAttribute('aria-hidden')).toBe('true');
    expect(row.querySelector('.sr')?.textContent).toBe(english('cardReductionWas', '$159.00'));
    expect(row.querySelector('.sale')?.textContent).toBe('−18%');
  });

  it('shows no percentage for the merchant\'s compare-at price: Postcart says it saw none', async () => {
    await show();
    expect(root.querySelector('.price s')).toBeNull();
    expect(root.querySelector('.price')?.textContent).not.toContain('%');
  });

  it('names a compare-at price the merchant\'s reference when Postcart has not seen enough', async () => {
    await show({ data: card({ price: price({ claim: { kind: 'reference', compareAtMinor: 15900 } }) }) });
    expect(root.querySelector('.price')?.textContent).toContain(english('cardMerchantReference', '$159.00'));
    expect(root.querySelector('.price')?.textContent).not.toContain('%');
    expect(root.textContent).toContain(english('cardMerchantReferenceNote'));
  });

  it('draws the last 90 days with their summary as the chart\'s name, data since, the 30-day low and the typical price', async () => {
    await show();
    const history = root.querySelector('[data-testid="price-history"]')!;
    expect(history.getAttribute('aria-label')).toBe('Price history');
    const chart = history.querySelector('svg')!;
    expect(chart.getAttribute('role')).toBe('img');
    expect(chart.getAttribute('aria-label')).toBe('Price history: lowest $99.00 on Nov 2, highest $129.00');
    expect(chart.getAttribute('viewBox')).toBe('0 0 300 80');
    expect(chart.querySelector('path')?.getAttribute('d')).toBe('M0 4H150V76H300');
    expect(chart.querySelectorAll('rect.oos')).toHaveLength(1);
    expect(history.textContent).toContain('Data since Jul 1, 2026');
    expect(history.textContent).toContain(english('cardChartOutOfStock'));
    expect(history.textContent).toContain('Lowest in the last 30 days: $99.00');
    expect(history.textContent).toContain('Typical price: $119.00 – $129.00');
  });

  it('says "lowest since" under 30 days seen, and leaves out the typical price before 10 days', async () => {
    await show({ data: card({ price: price({ lowest30: { priceMinor: 9900, at: NOV_2, complete: false }, typical: null, dataSince: NOV_2 }) }) });
    expect(root.textContent).toContain('Lowest since Nov 2, 2026: $99.00');
    expect(root.textContent).not.toContain('Typical price');
  });

  it('shows no history for another option until its own arrives', async () => {
    await show({ variantId: 'l' });
    expect(root.querySelector('[data-testid="price-history"]')).toBeNull();
  });

  it('colours the chart with the overlay\'s variables (dark pages too) and mirrors it right to left', () => {
    expect(OVERLAY_CSS).toMatch(/\.chart \.line \{[^}]*stroke: var\(--pc-accent\)/);
    expect(OVERLAY_CSS).toMatch(/\.chart:dir\(rtl\) \{ transform: scaleX\(-1\); \}/);
  });
});

describe('the chart right to left', () => {
  it('marks its section right to left in a right-to-left language', () => {
    setActiveBundle(bundleOf('fa'));
    render(<PriceHistory price={price()} locale="fa" />, root);
    expect(root.querySelector('section')?.getAttribute('dir')).toBe('rtl');
    render(null, root);
    setActiveBundle(ENGLISH);
  });
});

describe('watching from the card', () => {
  const mount = (props: Partial<CardWatchesProps> = {}) => {
    const onSave = vi.fn();
    const onChange = vi.fn();
    const all: CardWatchesProps = { watches: [], variant: { id: 'm', currency: 'USD', available: true }, hasChoice: true, status: { kind: 'idle' }, now: NOW, onSave, onChange, ...props };
    act(() => render(<CardWatches {...all} />, root));
    return { onSave, onChange, rerender: (next: Partial<CardWatchesProps>) => act(() => render(<CardWatches {...all} {...next} />, root)) };
  };
  const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;
  const input = () => root.querySelector<HTMLInputElement>('input[type=text]')!;
  const type = (value: string) =>
    act(() => {
      input().value = value;
      input().dispatchEvent(new Event('input', { bubbles: true }));
    });

  it('makes a target watch; an amount typed with a comma is read as a decimal', async () => {
    const { onSave } = mount();
    await act(() => button('Watch price').click());
    expect(root.querySelector('label[for="postcart-watch-value"]')?.textContent).toBe('Target price');
    await type('99,50');
    await act(() => button('Save watch').click());
    expect(onSave).toHaveBeenCalledWith({ rule: { kind: 'target', target: '99.50' }, variantId: 'm', watchId: null }, expect.anything());
  });

  it('makes a drop watch by Enter in the field, for any option when ticked', async () => {
    const { onSave } = mount();
    await act(() => button('Watch price').click());
    const kind = root.querySelector<HTMLSelectElement>('select')!;
    await act(() => {
      kind.value = 'drop-percent';
      kind.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await type('12');
    await act(() => {
      const any = root.querySelector<HTMLInputElement>('input[type=checkbox]')!;
      any.checked = true;
      any.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(() => void input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(onSave).toHaveBeenCalledWith({ rule: { kind: 'drop-percent', percent: 12 }, variantId: null, watchId: null }, expect.anything());
  });

  it('says what is wrong with the amount before asking, and shows the background\'s refusal', async () => {
    const { onSave, rerender } = mount();
    await act(() => button('Watch price').click());
    await type('a lot');
    await act(() => button('Save watch').click());
    expect(onSave).not.toHaveBeenCalled();
    expect(root.querySelector('[role=alert]')?.textContent).toBe(english('errWatchAmount'));
    expect(input().getAttribute('aria-invalid')).toBe('true');
    await type('130');
    await act(() => button('Save watch').click());
    rerender({ status: { kind: 'error', message: english('cardWatchTargetTooHigh', '$129.00') } });
    expect(root.querySelector('[role=alert]')?.textContent).toBe(english('cardWatchTargetTooHigh', '$129.00'));
  });

  it('offers back in stock only for an option out of stock', async () => {
    mount();
    await act(() => button('Watch price').click());
    expect([...root.querySelectorAll('option')].map((o) => o.value)).toEqual(['target', 'drop-percent', 'drop-amount']);
    act(() => render(null, root));
    mount({ variant: { id: 'l', currency: 'USD', available: false } });
    await act(() => button('Watch price').click());
    expect([...root.querySelectorAll('option')].map((o) => o.value)).toContain('back-in-stock');
    expect(root.querySelector<HTMLSelectElement>('select')?.value).toBe('back-in-stock');
  });

  it('lists the product\'s watches with snooze for a day, resume and remove, and closes the form once saved', async () => {
    const { onChange, rerender } = mount({ watches: [watch(), watch({ id: 'w2', rule: { kind: 'drop-percent', percent: 10 }, snoozedUntil: NOW + DAY, variantTitle: '' })] });
    const items = root.querySelectorAll('.watch-list li');
    expect(items[0]?.textContent).toContain('At or below $99.00 · M');
    expect(items[1]?.textContent).toContain('Drops by 10% or more');
    expect(items[1]?.textContent).toContain('Snoozed until');
    await act(() => items[0]!.querySelector<HTMLButtonElement>('button[aria-label^="Snooze 1 day"]')!.click());
    expect(onChange).toHaveBeenLastCalledWith('w1', 'day', expect.anything());
    await act(() => items[1]!.querySelector<HTMLButtonElement>('button[aria-label^="Resume"]')!.click());
    expect(onChange).toHaveBeenLastCalledWith('w2', 'resume', expect.anything());
    await act(() => items[1]!.querySelector<HTMLButtonElement>('button[aria-label^="Remove"]')!.click());
    expect(onChange).toHaveBeenLastCalledWith('w2', 'remove', expect.anything());
    await act(() => items[0]!.querySelector<HTMLButtonElement>('button[aria-label^="Edit"]')!.click());
    expect(input().value).toBe('99.00');
    rerender({ status: { kind: 'saved' } });
    expect(root.querySelector('form')).toBeNull();
    expect(root.querySelector('[role=status]')?.textContent).toBe(english('cardWatchSaved'));
  });
});

describe('the buy button', () => {
  const offer: PostOffer = { matchId: 't1', reason: 'tag', productId: 'acme:1', variantId: 'm', title: 'Trail Jacket', merchantName: 'Acme', priceMinor: 12900, reduction: null, currency: 'USD', available: true, rating: 4.6, reviewCount: 212, pin: null };

  it('shows a reduction Postcart observed, and names the price it is measured from', () => {
    render(<BuyButton offer={{ ...offer, reduction: { percent: 18, wasMinor: 15900 } }} onOpen={() => undefined} />, root);
    const button = root.querySelector('button')!;
    expect(button.textContent).toBe('Buy · $129.00 −18% ★4.6 (212)');
    expect(button.getAttribute('aria-label')).toMatch(/^Buy · \$129\.00 −18% ★4\.6 \(212\)\. Was \$159\.00, the lowest price of the 30 days before\. Trail Jacket/);
  });

  it('shows just the price without one', () => {
    render(<BuyButton offer={offer} onOpen={() => undefined} />, root);
    expect(root.querySelector('button')?.textContent).toBe('Buy · $129.00 ★4.6 (212)');
  });
});

describe('the popup\'s watches', () => {
  const props = { locale: 'en-US', now: NOW, onEdit: vi.fn(), onSave: vi.fn(), onChange: vi.fn() };

  it('lists each watch with its rule, the price now, its state and what it alerted', async () => {
    const state = {
      ...initialWatchListState(),
      status: 'ready' as const,
      watches: [
        watch({ unseen: true, alerted: { at: NOV_2, priceMinor: 9800 } }),
        watch({ id: 'w2', enabled: false, rule: { kind: 'drop-amount', amountMinor: 500 } }),
        watch({ id: 'w3', problem: 'variant-gone', current: null }),
      ],
    };
    act(() => render(<Watches state={state} {...props} />, root));
    const items = root.querySelectorAll('li.pc-watch');
    expect(items[0]?.textContent).toContain('Trail Jacket New alert');
    expect(items[0]?.textContent).toContain('At or below $99.00 · Now $129.00');
    expect(items[0]?.textContent).toContain('Watching since Nov 2, 2026 · alerted Nov 2, 2026 at $98.00');
    expect(items[1]?.textContent).toContain('Drops by $5.00 or more');
    expect(items[1]?.textContent).toContain('Off');
    expect([...items[1]!.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Edit', 'Resume', 'Remove']);
    expect([...items[0]!.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Edit', 'Snooze 1 day', 'Snooze 7 days', 'Turn off', 'Remove']);
    expect(items[2]?.textContent).toContain(english('popupWatchVariantGone'));
    await act(() => items[0]!.querySelectorAll('button')[2]!.click());
    expect(props.onChange).toHaveBeenCalledWith(state.watches[0], 'week');
  });

  it('puts focus on the product a notification was about', () => {
    const state = { ...initialWatchListState(), status: 'ready' as const, focusProductId: 'acme:2', watches: [watch({ id: 'w9', productId: 'acme:2' }), watch()] };
    act(() => render(<Watches state={state} {...props} />, root));
    expect(document.activeElement?.getAttribute('data-watch-id')).toBe('w9');
  });

  it('says how to make one when there are none', () => {
    act(() => render(<Watches state={{ ...initialWatchListState(), status: 'ready' }} {...props} />, root));
    expect(root.textContent).toBe(english('popupWatchesEmpty'));
  });
});

describe('watching from a cart line', () => {
  const line = { id: 'acme:1|l', productId: 'acme:1', variantId: 'l', merchantId: 'acme', quantity: 1, unitMinor: 12900, currency: 'USD', title: 'Trail Jacket', variantTitle: 'L', image: null, source: null, addedAt: 1 };
  const cart = {
    lines: [line],
    details: { [line.id]: { state: 'out-of-stock' as const, current: { minor: 12900, currency: 'USD' }, variants: [] } },
    groups: [{ merchantId: 'acme', merchantName: 'Acme', checkoutKind: 'shopify-permalink', lineIds: [line.id], subtotals: [{ currency: 'USD', minor: 12900 }] }],
  };
  const draw = (watch: CartWatchProps) =>
    act(() => render(<Cart cart={cart} onQuantity={() => undefined} onRemove={() => undefined} onCheckout={() => undefined} onVariant={() => undefined} onCheckoutAll={() => undefined} watch={watch} />, root));

  it('opens a form on the line, offering back in stock for an option out of stock, and says when it is saved', async () => {
    const watch: CartWatchProps = { openLine: null, savedLine: null, busyLines: [], error: '', onOpen: vi.fn(), onSave: vi.fn() };
    draw(watch);
    const open = root.querySelector<HTMLButtonElement>('button[aria-label="Watch the price of Trail Jacket"]')!;
    expect(open.getAttribute('aria-expanded')).toBe('false');
    await act(() => open.click());
    expect(watch.onOpen).toHaveBeenCalledWith(line.id);
    draw({ ...watch, openLine: line.id });
    expect(root.querySelector<HTMLSelectElement>('.pc-watch-form select')?.value).toBe('back-in-stock');
    await act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Save watch')!.click());
    expect(watch.onSave).toHaveBeenCalledWith(line, { rule: { kind: 'back-in-stock' }, anyVariant: false });
    draw({ ...watch, savedLine: line.id });
    expect(root.querySelector('.pc-watch-form')).toBeNull();
    expect(root.textContent).toContain(english('cardWatchSaved'));
  });
});
