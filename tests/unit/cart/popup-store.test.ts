import { describe, it, expect } from 'vitest';
import { PopupController } from '../../../utils/cart/popup-store';
import type { CartView, PageRequest } from '../../../utils/platform/messages';
import type { Contact } from '../../../utils/checkout/contact';
import type { Order } from '../../../utils/catalog/model';
import { because, refused } from '../fixtures';

const contact: Contact = {
  email: 'ana@example.com',
  phone: '',
  firstName: 'Ana',
  lastName: 'Silva',
  address1: '1 Main St',
  address2: '',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'US',
};

const cart: CartView = {
  lines: [
    {
      id: 'acme:1|456',
      productId: 'acme:1',
      variantId: '456',
      merchantId: 'acme',
      quantity: 1,
      unitMinor: 12900,
      currency: 'USD',
      title: 'Trail Jacket',
      variantTitle: '',
      image: null,
      source: null,
      addedAt: 1,
    },
  ],
  details: { 'acme:1|456': { state: 'ok', current: { minor: 12900, currency: 'USD' }, variants: [] } },
  groups: [
    {
      merchantId: 'acme',
      merchantName: 'Acme Outdoor',
      checkoutKind: 'shopify-permalink',
      lineIds: ['acme:1|456'],
      subtotals: [{ currency: 'USD', minor: 12900 }],
    },
  ],
};

function order(idempotencyKey: string, status: Order['status'] = 'handed-off', merchantId = 'acme'): Order {
  return {
    id: `order-${idempotencyKey}`,
    idempotencyKey,
    merchantId,
    merchantName: merchantId === 'acme' ? 'Acme Outdoor' : 'Harbor Goods',
    checkoutKind: status === 'handed-off' ? 'shopify-permalink' : 'orders-api',
    lines: cart.lines,
    totals: [{ currency: 'USD', minor: 12900 }],
    createdAt: 1,
    status,
    checkoutUrl: status === 'handed-off' ? 'https://acme.example/cart/456:1' : '',
    extraUrls: [],
    sourcePosts: [],
    remote: status === 'placed' ? { orderId: 'r-1', number: 1001, status: 'received' } : null,
    error: status === 'failed' ? because('errOrderUnreachable') : status === 'rejected' ? because('errOrderRefusedSaying', 'invalid order: "Mug" is not available') : null,
    attempts: 1,
    request: null,
    updatedAt: 1,
  };
}

/** Two merchants: Acme (permalink) and Harbor (orders-api), one line each. */
const twoStores: CartView = {
  lines: [
    ...cart.lines,
    { ...cart.lines[0]!, id: 'harbor:1|9', productId: 'harbor:1', variantId: '9', merchantId: 'harbor', title: 'Mug', addedAt: 2 },
  ],
  details: {
    'acme:1|456': { state: 'ok', current: { minor: 12900, currency: 'USD' }, variants: [] },
    'harbor:1|9': { state: 'ok', current: { minor: 12900, currency: 'USD' }, variants: [] },
  },
  groups: [
    cart.groups[0]!,
    { merchantId: 'harbor', merchantName: 'Harbor Goods', checkoutKind: 'orders-api', lineIds: ['harbor:1|9'], subtotals: [{ currency: 'USD', minor: 12900 }] },
  ],
};

/** A fake background: records requests, answers from its state, can be told to fail checkouts. */
function fakeBackground(
  options: {
    savedContact?: Contact | null;
    failCheckouts?: number;
    status?: Order['status'];
    cart?: CartView;
    /** Per merchant: the status its checkout answers with (default `status`). */
    statusOf?: Record<string, Order['status']>;
  } = {},
) {
  const sent: PageRequest[] = [];
  let failures = options.failCheckouts ?? 0;
  let currentCart = options.cart ?? cart;
  const empty: CartView = { lines: [], details: {}, groups: [] };
  const send = async (message: PageRequest): Promise<unknown> => {
    sent.push(message);
    const ok = (data: unknown) => ({ ok: true, data });
    switch (message.type) {
      case 'get-settings':
        return ok({ sellerMode: false, analytics: true });
      case 'set-settings':
        return ok(message.settings);
      case 'get-cart':
        return ok(currentCart);
      case 'get-contact':
        return ok(options.savedContact ?? null);
      case 'get-orders':
        return ok([]);
      case 'save-contact':
        return ok(message.contact);
      case 'forget-contact':
        return ok(null);
      case 'remove-line':
        currentCart = empty;
        return ok(currentCart);
      case 'accept-prices': {
        const details: CartView['details'] = Object.fromEntries(
          Object.entries(currentCart.details).map(([id, detail]) => [id, detail.state === 'price-changed' ? { ...detail, state: 'ok' as const } : detail]),
        );
        currentCart = { ...currentCart, details };
        return ok(currentCart);
      }
      case 'retry-order':
        return ok(order('key-1', 'placed', 'harbor'));
      case 'buy-again':
        return ok({ added: 1, skipped: 1, cart });
      case 'checkout': {
        // Let a double click land while this one is in flight.
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (failures > 0) {
          failures -= 1;
          return refused('errHttpNetwork', 'acme.example');
        }
        const status = options.statusOf?.[message.merchantId] ?? options.status;
        if (status !== 'failed' && status !== 'rejected') {
          currentCart = { ...currentCart, lines: currentCart.lines.filter((line) => line.merchantId !== message.merchantId) };
        }
        return ok(order(message.idempotencyKey, status, message.merchantId));
      }
      default:
        return { ok: false, error: `unexpected ${message.type}` };
    }
  };
  return { send, sent };
}

function checkoutKeys(sent: PageRequest[]): string[] {
  return sent.flatMap((message) => (message.type === 'checkout' ? [`${message.merchantId}:${message.idempotencyKey}`] : []));
}

function keys() {
  let n = 0;
  return () => `key-${++n}`;
}

describe('PopupController', () => {
  it('loads settings, cart, saved contact and orders', async () => {
    const background = fakeBackground({ savedContact: contact });
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    const state = controller.getState();
    expect(state.status).toBe('ready');
    expect(state.cart).toEqual(cart);
    expect(state.savedContact).toEqual(contact);
    expect(state.error).toBeNull();
  });

  it('prefills the checkout form with the saved contact', async () => {
    const controller = new PopupController({ send: fakeBackground({ savedContact: contact }).send, newKey: keys() });
    await controller.load();
    controller.openCheckout('acme');
    expect(controller.getState().view).toBe('checkout');
    expect(controller.getState().checkout?.values.email).toBe('ana@example.com');
  });

  it('preselects the UI locale’s country in an empty form', async () => {
    const controller = new PopupController({ send: fakeBackground().send, newKey: keys(), locale: 'de-DE' });
    await controller.load();
    controller.openCheckout('acme');
    expect(controller.getState().checkout?.values.country).toBe('DE');
  });

  it('shows validation errors and sends nothing when the form is invalid', async () => {
    const background = fakeBackground();
    const controller = new PopupController({ send: background.send, newKey: keys(), locale: 'en-US' });
    await controller.load();
    controller.openCheckout('acme');
    const before = background.sent.length;
    await controller.submitCheckout();
    const checkout = controller.getState().checkout;
    expect(checkout?.errors.email).toBe('errEmail');
    expect(checkout?.errorRound).toBe(1);
    expect(background.sent.length).toBe(before);
    controller.setField('email', 'ana@example.com');
    expect(controller.getState().checkout?.errors.email).toBeUndefined();
  });

  it('saves the contact, then checks out once even when Place order is clicked twice', async () => {
    const background = fakeBackground({ savedContact: contact });
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    controller.openCheckout('acme');
    const [first, second] = await Promise.all([controller.submitCheckout(), controller.submitCheckout()]);
    expect(first?.[0]?.order?.idempotencyKey).toBe('key-1');
    expect(second).toBeNull();
    const types = background.sent.map((message) => message.type);
    expect(types.filter((type) => type === 'checkout')).toHaveLength(1);
    expect(types.indexOf('save-contact')).toBeLessThan(types.indexOf('checkout'));
    const state = controller.getState();
    expect(state.view).toBe('cart');
    expect(state.checkout).toBeNull();
    expect(state.notice).toEqual({ key: 'orderHandedOff', args: ['Acme Outdoor', ''], tone: 'success' });
    expect(state.cart.lines).toEqual([]);
  });

  it('reuses the idempotency key when retrying after a failure', async () => {
    const background = fakeBackground({ savedContact: contact, failCheckouts: 1 });
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    controller.openCheckout('acme');
    const [step] = (await controller.submitCheckout()) ?? [];
    expect(step).toMatchObject({ state: 'failed', error: because('errHttpNetwork', 'acme.example') });
    expect(controller.getState().checkout?.submitting).toBe(false);
    expect(controller.getState().notice).toMatchObject({ key: 'checkoutSomeFailed', tone: 'error' });
    await controller.submitCheckout();
    expect(checkoutKeys(background.sent)).toEqual(['acme:key-1', 'acme:key-1']);
  });

  it('keeps the key when the shopper goes back to the cart and returns to the same merchant', async () => {
    const controller = new PopupController({ send: fakeBackground({ savedContact: contact }).send, newKey: keys() });
    await controller.load();
    controller.openCheckout('acme');
    controller.cancelCheckout();
    controller.openCheckout('acme');
    expect(controller.getState().checkout?.steps[0]?.idempotencyKey).toBe('key-1');
    controller.openCheckout('other');
    expect(controller.getState().checkout?.steps[0]?.idempotencyKey).toBe('key-2');
  });

  it('keeps the key after an order that did not get through, and takes a new one after the store refused it', async () => {
    const failed = fakeBackground({ savedContact: contact, status: 'failed' });
    const retrying = new PopupController({ send: failed.send, newKey: keys() });
    await retrying.load();
    retrying.openCheckout('acme');
    await retrying.submitCheckout();
    expect(retrying.getState().notice?.tone).toBe('error');
    expect(retrying.getState().checkout?.steps[0]).toMatchObject({ state: 'failed', idempotencyKey: 'key-1', error: because('errOrderUnreachable') });

    const refused = new PopupController({ send: fakeBackground({ savedContact: contact, status: 'rejected' }).send, newKey: keys() });
    await refused.load();
    refused.openCheckout('acme');
    await refused.submitCheckout();
    expect(refused.getState().checkout?.steps[0]).toMatchObject({ state: 'failed', idempotencyKey: 'key-2' });
  });

  it('checks out every store in cart order, one key each, and shows each store’s progress', async () => {
    const background = fakeBackground({ savedContact: contact, cart: twoStores, statusOf: { acme: 'handed-off', harbor: 'placed' } });
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    controller.openCheckout(null);
    expect(controller.getState().checkout?.steps.map((step) => step.merchantName)).toEqual(['Acme Outdoor', 'Harbor Goods']);
    const seen: string[] = [];
    controller.subscribe((state) => {
      const line = state.checkout?.steps.map((step) => step.state).join(',');
      if (line && seen.at(-1) !== line) seen.push(line);
    });
    await controller.submitCheckout();
    expect(seen).toEqual(['waiting,waiting', 'working,waiting', 'done,waiting', 'done,working', 'done,done']);
    expect(checkoutKeys(background.sent)).toEqual(['acme:key-1', 'harbor:key-2']);
    // Pages open behind the popup so it can go on with the next store.
    expect(background.sent.filter((m) => m.type === 'checkout').every((m) => m.type === 'checkout' && m.inBackground)).toBe(true);
    const state = controller.getState();
    expect(state.view).toBe('cart');
    expect(state.notice).toEqual({ key: 'checkoutAllDone', args: ['2'], tone: 'success' });
    expect(state.lastRun?.map((step) => step.order?.status)).toEqual(['handed-off', 'placed']);
  });

  it('retries only the stores that did not go through, with their own keys', async () => {
    const background = fakeBackground({ savedContact: contact, cart: twoStores, statusOf: { harbor: 'failed' } });
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    controller.openCheckout(null);
    await controller.submitCheckout();
    expect(controller.getState().checkout?.steps.map((step) => step.state)).toEqual(['done', 'failed']);
    await controller.submitCheckout();
    expect(checkoutKeys(background.sent)).toEqual(['acme:key-1', 'harbor:key-2', 'harbor:key-2']);
  });

  it('asks the shopper to review changed prices before the form, and accepts them per store', async () => {
    const changed: CartView = {
      ...cart,
      details: { 'acme:1|456': { state: 'price-changed', current: { minor: 13900, currency: 'USD' }, variants: [] } },
    };
    const background = fakeBackground({ savedContact: contact, cart: changed });
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    controller.openCheckout('acme');
    expect(controller.getState().view).toBe('review');
    await controller.acceptChanges();
    expect(background.sent).toContainEqual({ type: 'accept-prices', merchantId: 'acme' });
    expect(controller.getState().view).toBe('checkout');
  });

  it('leaves stores with nothing in stock out of "check out all"', async () => {
    const soldOut: CartView = {
      ...twoStores,
      details: { ...twoStores.details, 'harbor:1|9': { state: 'out-of-stock', current: { minor: 12900, currency: 'USD' }, variants: [] } },
    };
    const controller = new PopupController({ send: fakeBackground({ cart: soldOut }).send, newKey: keys() });
    await controller.load();
    controller.openCheckout(null);
    expect(controller.getState().checkout?.steps.map((step) => step.merchantId)).toEqual(['acme']);
  });

  it('retries an order from the history and puts an old order back in the cart', async () => {
    const background = fakeBackground();
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    await controller.retryOrder('order-key-1');
    expect(controller.getState().notice).toEqual({ key: 'orderPlaced', args: ['Harbor Goods', '1001'], tone: 'success' });
    await controller.buyAgain('order-key-1');
    expect(controller.getState().notice).toEqual({ key: 'buyAgainPartly', args: ['1', '1'], tone: 'success' });
    expect(controller.getState().pendingOrders).toEqual([]);
  });

  it('exports the loaded order history as a dated file', async () => {
    const controller = new PopupController({ send: fakeBackground().send, newKey: keys(), now: () => Date.UTC(2026, 10, 22) });
    await controller.load();
    const file = controller.exportOrders('csv');
    expect(file.filename).toBe('postcart-orders-2026-11-22.csv');
    expect(file.text.split('\r\n')[0]).toContain('order_id');
  });

  it('forgets the saved contact and clears the form', async () => {
    const background = fakeBackground({ savedContact: contact });
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    controller.openCheckout('acme');
    await controller.forgetContact();
    expect(background.sent.at(-1)).toEqual({ type: 'forget-contact' });
    expect(controller.getState().savedContact).toBeNull();
    expect(controller.getState().checkout?.values.email).toBe('');
    expect(controller.getState().checkout?.values.country).toBe('US');
  });

  it('sends seller mode changes and line removals to the background', async () => {
    const background = fakeBackground();
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    await controller.setSellerMode(true);
    expect(controller.getState().settings.sellerMode).toBe(true);
    await controller.removeLine('acme:1|456');
    expect(background.sent).toContainEqual({ type: 'remove-line', lineId: 'acme:1|456' });
    expect(controller.getState().cart.lines).toEqual([]);
    expect(controller.getState().pendingLines).toEqual([]);
  });

  it('shows a background failure as an error', async () => {
    const controller = new PopupController({
      send: async () => refused('errStorageFull'),
      newKey: keys(),
    });
    await controller.load();
    expect(controller.getState().error).toEqual(because('errStorageFull'));
    expect(controller.getState().status).toBe('ready');
  });
});
