// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, it, expect, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Cart } from '../../../components/popup/Cart';
import { CartChanges } from '../../../components/popup/CartChanges';
import { CheckoutProgress } from '../../../components/popup/CheckoutProgress';
import { CheckoutForm, type CheckoutFormProps } from '../../../components/popup/CheckoutForm';
import { Orders } from '../../../components/popup/Orders';
import { SellerModeToggle } from '../../../components/popup/SellerModeToggle';
import { groupByMerchant, lineId } from '../../../utils/cart/cart';
import { emptyContact, validateContact, type ContactField } from '../../../utils/checkout/contact';
import type { CartView } from '../../../utils/platform/messages';
import type { CartLine, Order } from '../../../utils/catalog/model';
import { because } from '../fixtures';

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function cartLine(overrides: Partial<CartLine> & Pick<CartLine, 'productId' | 'variantId' | 'title'>): CartLine {
  return {
    id: lineId(overrides.productId, overrides.variantId),
    merchantId: 'acme',
    quantity: 1,
    unitMinor: 1000,
    currency: 'USD',
    variantTitle: '',
    image: null,
    source: null,
    addedAt: 1,
    ...overrides,
  };
}

function cartView(lines: CartLine[]): CartView {
  const merchants = new Map([
    ['acme', { name: 'Acme Outdoor', checkout: { kind: 'shopify-permalink' as const } }],
    ['kyoto', { name: 'Kyoto Tea', checkout: { kind: 'orders-api' as const } }],
  ]);
  const details = Object.fromEntries(lines.map((line) => [line.id, { state: 'ok' as const, current: { minor: line.unitMinor, currency: line.currency }, variants: [] }]));
  return { lines, details, groups: groupByMerchant(lines, merchants) };
}

const jacket = cartLine({
  productId: 'acme:1',
  variantId: '456',
  title: 'Trail Jacket',
  variantTitle: 'M / Blue',
  unitMinor: 12900,
  quantity: 2,
  source: { platform: 'instagram', postId: 'C8x', url: 'https://www.instagram.com/p/C8x/' },
});
const socks = cartLine({ productId: 'acme:2', variantId: '789', title: 'Wool Socks', unitMinor: 1550, currency: 'EUR' });
const tea = cartLine({ productId: 'kyoto:1', variantId: '1', title: 'Sencha', merchantId: 'kyoto', unitMinor: 3200, currency: 'JPY' });

function byLabel(text: string): HTMLElement {
  const label = [...root.querySelectorAll('label')].find((candidate) => candidate.textContent === text);
  const id = label?.getAttribute('for');
  const control = id ? root.querySelector<HTMLElement>(`#${CSS.escape(id)}`) : null;
  if (!control) throw new Error(`No control labelled "${text}"`);
  return control;
}

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find(
    (candidate) => (candidate.getAttribute('aria-label') ?? candidate.textContent?.trim()) === name,
  );
  if (!found) throw new Error(`No button named "${name}"`);
  return found;
}

describe('Cart', () => {
  const handlers = () => ({ onQuantity: vi.fn(), onRemove: vi.fn(), onCheckout: vi.fn(), onVariant: vi.fn(), onCheckoutAll: vi.fn() });

  it('shows an empty state when there are no lines', () => {
    render(<Cart cart={{ lines: [], details: {}, groups: [] }} locale="en-US" {...handlers()} />, root);
    expect(root.textContent).toContain('Your cart is empty');
    expect(root.querySelector('button')).toBeNull();
  });

  it('groups lines under their merchant with title, variant and source post', () => {
    render(<Cart cart={cartView([jacket, socks, tea])} locale="en-US" {...handlers()} />, root);
    const headings = [...root.querySelectorAll('h2')].map((heading) => heading.textContent);
    expect(headings).toEqual(['Acme Outdoor', 'Kyoto Tea']);
    const first = root.querySelector('section');
    expect(first?.textContent).toContain('Trail Jacket');
    expect(first?.textContent).toContain('M / Blue');
    expect(first?.textContent).not.toContain('Sencha');
    const source = first?.querySelector('a');
    expect(source?.textContent).toBe('from Instagram post');
    expect(source?.getAttribute('href')).toBe('https://www.instagram.com/p/C8x/');
  });

  it('shows the subtotal of each currency separately instead of adding them up', () => {
    render(<Cart cart={cartView([jacket, socks, tea])} locale="en-US" {...handlers()} />, root);
    const [acme, kyoto] = [...root.querySelectorAll('section')];
    const acmeTotals = [...(acme?.querySelectorAll('.pc-subtotals dd') ?? [])].map((dd) => dd.textContent);
    expect(acmeTotals).toEqual(['$258.00', '€15.50']);
    expect(acme?.querySelector('[data-currency="USD"]')?.textContent).toBe('$258.00');
    expect(acme?.querySelector('[data-currency="EUR"]')?.textContent).toBe('€15.50');
    expect(kyoto?.querySelector('[data-currency="JPY"]')?.textContent).toBe('¥3,200');
    // The line total and the unit price of the jacket.
    expect(acme?.textContent).toContain('$129.00 each');
  });

  it('labels the quantity input and the buttons with the product title', () => {
    render(<Cart cart={cartView([jacket])} locale="en-US" {...handlers()} />, root);
    const quantity = byLabel('Quantity of Trail Jacket') as HTMLInputElement;
    expect(quantity.value).toBe('2');
    expect(button('Remove Trail Jacket')).toBeTruthy();
    expect(button('One more Trail Jacket')).toBeTruthy();
    expect(button('One fewer Trail Jacket')).toBeTruthy();
  });

  it('fires the remove, quantity and checkout callbacks with the right ids', () => {
    const callbacks = handlers();
    render(<Cart cart={cartView([jacket, tea])} locale="en-US" {...callbacks} />, root);
    button('Remove Trail Jacket').click();
    expect(callbacks.onRemove).toHaveBeenCalledWith(jacket.id);

    button('One more Trail Jacket').click();
    expect(callbacks.onQuantity).toHaveBeenLastCalledWith(jacket.id, 3);
    button('One fewer Trail Jacket').click();
    expect(callbacks.onQuantity).toHaveBeenLastCalledWith(jacket.id, 1);

    const quantity = byLabel('Quantity of Trail Jacket') as HTMLInputElement;
    quantity.value = '5';
    quantity.dispatchEvent(new Event('change', { bubbles: true }));
    expect(callbacks.onQuantity).toHaveBeenLastCalledWith(jacket.id, 5);

    button('Check out with Kyoto Tea').click();
    expect(callbacks.onCheckout).toHaveBeenCalledWith('kyoto');
  });

  it('puts an out-of-range typed quantity back instead of sending it', () => {
    const callbacks = handlers();
    render(<Cart cart={cartView([jacket])} locale="en-US" {...callbacks} />, root);
    const quantity = byLabel('Quantity of Trail Jacket') as HTMLInputElement;
    quantity.value = '0';
    quantity.dispatchEvent(new Event('change', { bubbles: true }));
    expect(callbacks.onQuantity).not.toHaveBeenCalled();
    expect(quantity.value).toBe('2');
  });

  it('disables the controls of a line while its change is in flight', () => {
    render(<Cart cart={cartView([jacket])} locale="en-US" pendingLines={[jacket.id]} {...handlers()} />, root);
    expect(button('Remove Trail Jacket').disabled).toBe(true);
    expect((byLabel('Quantity of Trail Jacket') as HTMLInputElement).disabled).toBe(true);
  });
});

describe('CheckoutForm', () => {
  function renderForm(overrides: Partial<CheckoutFormProps> = {}) {
    const props: CheckoutFormProps = {
      merchantName: 'Acme Outdoor',
      values: { ...emptyContact('US') },
      errors: {},
      countries: [
        { code: 'US', name: 'United States' },
        { code: 'DE', name: 'Germany' },
      ],
      submitting: false,
      locale: 'en-US',
      onChange: vi.fn(),
      onSubmit: vi.fn(),
      onForget: vi.fn(),
      onBack: vi.fn(),
      ...overrides,
    };
    act(() => render(<CheckoutForm {...props} />, root));
    return props;
  }

  const LABELS: Record<ContactField, string> = {
    email: 'Email',
    firstName: 'First name',
    lastName: 'Last name',
    address1: 'Address',
    address2: 'Apartment, suite (optional)',
    city: 'City',
    region: 'State / region',
    postalCode: 'Postal code',
    country: 'Country',
    phone: 'Phone (optional)',
  };

  it('labels every field and gives it an autocomplete hint', () => {
    renderForm();
    for (const label of Object.values(LABELS)) {
      const control = byLabel(label);
      expect(control.getAttribute('autocomplete'), label).toBeTruthy();
    }
    expect(byLabel('Country').tagName).toBe('SELECT');
    expect(byLabel('Email').getAttribute('type')).toBe('email');
    expect(button('Place order').getAttribute('type')).toBe('submit');
  });

  it('shows each error under its own field, marked aria-invalid and linked with aria-describedby', () => {
    const result = validateContact({ ...emptyContact('US'), email: 'nope', firstName: 'Ana', phone: '12' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? {} : result.errors;
    renderForm({ errors, errorRound: 1 });

    const email = byLabel('Email');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    const describedBy = email.getAttribute('aria-describedby') ?? '';
    const message = root.querySelector(`#${CSS.escape(describedBy)}`);
    expect(message?.textContent).toBe('Enter an email address like name@example.com');
    expect(email.parentElement?.contains(message ?? null)).toBe(true);

    expect(byLabel('Phone (optional)').getAttribute('aria-invalid')).toBe('true');
    expect(byLabel('State / region').getAttribute('aria-invalid')).toBe('true');
    expect(root.textContent).toContain('Enter your state, province or prefecture');
    expect(byLabel('First name').hasAttribute('aria-invalid')).toBe(false);
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('Please fix the highlighted fields.');
    // Focus goes to the first invalid field after a rejected submit.
    expect(document.activeElement).toBe(email);
  });

  it('reports typing, submit, forget and back through callbacks', () => {
    const props = renderForm();
    const city = byLabel('City') as HTMLInputElement;
    city.value = 'Zürich';
    city.dispatchEvent(new Event('input', { bubbles: true }));
    expect(props.onChange).toHaveBeenCalledWith('city', 'Zürich');

    const country = byLabel('Country') as HTMLSelectElement;
    country.value = 'DE';
    country.dispatchEvent(new Event('change', { bubbles: true }));
    expect(props.onChange).toHaveBeenCalledWith('country', 'DE');

    button('Place order').click();
    expect(props.onSubmit).toHaveBeenCalledTimes(1);
    button('Forget my details').click();
    expect(props.onForget).toHaveBeenCalledTimes(1);
    button('Back to cart').click();
    expect(props.onBack).toHaveBeenCalledTimes(1);
  });

  it('disables Place order while submitting', () => {
    renderForm({ submitting: true });
    expect(button('Place order').disabled).toBe(true);
    expect(root.textContent).toContain('Placing your order…');
  });

  it('shows the postal code format of the chosen country as a hint', () => {
    renderForm({ values: { ...emptyContact('GB') } });
    const postal = byLabel('Postal code');
    const hint = root.querySelector(`#${CSS.escape(postal.getAttribute('aria-describedby') ?? '')}`);
    expect(hint?.textContent).toBe('For example SW1A 1AA');
  });
});

describe('Orders', () => {
  const order: Order = {
    id: 'o1',
    idempotencyKey: 'k1',
    merchantId: 'acme',
    merchantName: 'Acme Outdoor',
    checkoutKind: 'shopify-permalink',
    lines: [jacket, socks],
    totals: [
      { currency: 'USD', minor: 25800 },
      { currency: 'EUR', minor: 1550 },
    ],
    createdAt: Date.UTC(2026, 10, 20, 10, 0),
    status: 'handed-off',
    checkoutUrl: 'https://acme.example/cart/456:2,789:1?ref=postcart',
    extraUrls: [],
    sourcePosts: [{ platform: 'instagram', postId: 'C8x', url: 'https://www.instagram.com/p/C8x/' }],
    remote: null,
    error: null,
    attempts: 0,
    request: null,
    updatedAt: null,
  };
  const orderHandlers = () => ({ onRetry: vi.fn(), onBuyAgain: vi.fn(), onExport: vi.fn() });

  it('lists orders with merchant, status, totals per currency and the checkout link', () => {
    render(<Orders orders={[order]} locale="en-US" {...orderHandlers()} />, root);
    expect(root.querySelector('h3')?.textContent).toBe('Acme Outdoor');
    expect(root.textContent).toContain('Handed off');
    expect(root.textContent).toContain('2 × Trail Jacket');
    expect(root.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-20T10:00:00.000Z');
    expect(root.querySelector('[data-currency="USD"]')?.textContent).toBe('$258.00');
    expect(root.querySelector('[data-currency="EUR"]')?.textContent).toBe('€15.50');
    expect(root.textContent).toContain('From: Instagram');
    const link = root.querySelector('a.pc-button');
    expect(link?.textContent).toBe('Open checkout again');
    expect(link?.getAttribute('href')).toBe(order.checkoutUrl);
  });

  it('does not link a checkout URL that is not https', () => {
    render(<Orders orders={[{ ...order, checkoutUrl: 'javascript:alert(1)', sourcePosts: [] }]} locale="en-US" {...orderHandlers()} />, root);
    expect(root.querySelector('a')).toBeNull();
  });

  it('offers retry for an orders-api order that did not get through, buy again and export', () => {
    const callbacks = orderHandlers();
    const failed: Order = { ...order, id: 'o2', checkoutKind: 'orders-api', status: 'failed', checkoutUrl: '', error: because('errOrderUnreachable') };
    render(<Orders orders={[failed]} locale="en-US" {...callbacks} />, root);
    expect(root.textContent).toContain("Not through yet: the store's server could not be reached");
    button('Retry').click();
    expect(callbacks.onRetry).toHaveBeenCalledWith('o2');
    button('Buy again').click();
    expect(callbacks.onBuyAgain).toHaveBeenCalledWith('o2');
    button('CSV').click();
    button('JSON').click();
    expect(callbacks.onExport.mock.calls).toEqual([['csv'], ['json']]);
  });

  it('shows the store’s order number for a placed order and no retry', () => {
    render(<Orders orders={[{ ...order, checkoutKind: 'orders-api', status: 'placed', checkoutUrl: '', remote: { orderId: 'r', number: 1004, status: 'received' } }]} locale="en-US" {...orderHandlers()} />, root);
    expect(root.querySelector('.pc-order-number')?.textContent).toBe('Order #1004');
    expect([...root.querySelectorAll('button')].some((b) => b.textContent === 'Retry')).toBe(false);
  });
});

describe('Cart changes and checkout progress', () => {
  it('marks a changed price and an out-of-stock line, and lets the shopper pick another variant', () => {
    const callbacks = { onQuantity: vi.fn(), onRemove: vi.fn(), onCheckout: vi.fn(), onVariant: vi.fn(), onCheckoutAll: vi.fn() };
    const view = cartView([jacket, socks]);
    view.details[jacket.id] = {
      state: 'price-changed',
      current: { minor: 9900, currency: 'USD' },
      variants: [
        { id: '456', title: 'M / Blue', priceMinor: 9900, currency: 'USD', available: true },
        { id: '457', title: 'L / Blue', priceMinor: 10900, currency: 'USD', available: true },
        { id: '458', title: 'XL / Blue', priceMinor: 10900, currency: 'USD', available: false },
      ],
    };
    view.details[socks.id] = { state: 'out-of-stock', current: { minor: 1550, currency: 'EUR' }, variants: [] };
    render(<Cart cart={view} locale="en-US" {...callbacks} />, root);
    expect(root.querySelector(`[data-line-id="${jacket.id}"]`)?.textContent).toContain('Price changed from $129.00 to $99.00');
    expect(root.querySelector(`[data-line-id="${socks.id}"]`)?.textContent).toContain('Out of stock');
    const select = byLabel('Option of Trail Jacket') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.textContent, o.disabled])).toEqual([
      ['M / Blue · $99.00', false],
      ['L / Blue · $109.00', false],
      ['XL / Blue (sold out)', true],
    ]);
    select.value = '457';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(callbacks.onVariant).toHaveBeenCalledWith(jacket.id, '457');
  });

  it('offers one checkout for every store when the cart has several', () => {
    const callbacks = { onQuantity: vi.fn(), onRemove: vi.fn(), onCheckout: vi.fn(), onVariant: vi.fn(), onCheckoutAll: vi.fn() };
    render(<Cart cart={cartView([jacket, tea])} locale="en-US" checkoutAll={['acme', 'kyoto']} {...callbacks} />, root);
    button('Check out all 2 stores').click();
    expect(callbacks.onCheckoutAll).toHaveBeenCalled();
  });

  it('lists what changed before checkout with old and new prices', () => {
    const onAccept = vi.fn();
    const view = cartView([jacket, socks]);
    view.details[jacket.id] = { state: 'price-changed', current: { minor: 9900, currency: 'USD' }, variants: [] };
    view.details[socks.id] = { state: 'removed', current: null, variants: [] };
    render(<CartChanges cart={view} lines={[jacket, socks]} locale="en-US" busy={false} onAccept={onAccept} onBack={vi.fn()} />, root);
    expect(root.querySelector(`[data-line-id="${jacket.id}"]`)?.textContent).toBe('Trail Jacket · M / Blue$129.00 $99.00');
    expect(root.textContent).toContain('They stay in your cart and are not checked out');
    button('Accept new prices and continue').click();
    expect(onAccept).toHaveBeenCalled();
  });

  it('shows each store’s progress with its result', () => {
    const placed: Order = { ...orderFor('harbor'), status: 'placed', remote: { orderId: 'r', number: 1002, status: 'received' } };
    render(
      <CheckoutProgress
        steps={[
          { merchantId: 'acme', merchantName: 'Acme Outdoor', idempotencyKey: 'a', state: 'done', order: orderFor('acme'), error: null },
          { merchantId: 'harbor', merchantName: 'Harbor Goods', idempotencyKey: 'b', state: 'done', order: placed, error: null },
          { merchantId: 'kyoto', merchantName: 'Kyoto Tea', idempotencyKey: 'c', state: 'failed', order: null, error: because('errOrderTimeout') },
        ]}
      />,
      root,
    );
    expect(root.querySelector('h2')?.textContent).toBe('2 of 3 stores done');
    const texts = [...root.querySelectorAll('li')].map((li) => li.querySelector('.pc-step-text')?.textContent);
    expect(texts).toEqual(['Checkout opened in a new tab', 'Order #1002 placed', "Not placed: the store's server did not answer in time"]);
    expect(root.querySelector('a')?.textContent).toBe('Open Acme Outdoor checkout');
  });
});

function orderFor(merchantId: string): Order {
  return {
    id: `o-${merchantId}`, idempotencyKey: merchantId, merchantId, merchantName: merchantId, checkoutKind: 'shopify-permalink',
    lines: [jacket], totals: [{ currency: 'USD', minor: 25800 }], createdAt: 1, status: 'handed-off',
    checkoutUrl: `https://${merchantId}.example/cart/456:2`, extraUrls: [], sourcePosts: [], remote: null, error: null, attempts: 0, request: null, updatedAt: null,
  };
}

describe('SellerModeToggle', () => {
  it('is a labelled switch that reports the new state', () => {
    const onChange = vi.fn();
    render(<SellerModeToggle checked={false} onChange={onChange} />, root);
    const toggle = root.querySelector('[role="switch"]');
    expect(toggle?.textContent).toBe('Seller mode');
    expect(toggle?.getAttribute('aria-checked')).toBe('false');
    (toggle as HTMLButtonElement).click();
    expect(onChange).toHaveBeenCalledWith(true);
  });
});
