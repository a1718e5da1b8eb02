import { describe, it, expect } from 'vitest';
import { PopupController } from '../../utils/popup-state';
import type { CartView, PageRequest } from '../../utils/messages';
import type { Contact } from '../../utils/contact';
import type { Order } from '../../utils/model';

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

function order(idempotencyKey: string, status: Order['status'] = 'handed-off'): Order {
  return {
    id: `order-${idempotencyKey}`,
    idempotencyKey,
    merchantId: 'acme',
    merchantName: 'Acme Outdoor',
    checkoutKind: 'shopify-permalink',
    lines: cart.lines,
    totals: [{ currency: 'USD', minor: 12900 }],
    createdAt: 1,
    status,
    checkoutUrl: 'https://acme.example/cart/456:1',
    sourcePosts: [],
  };
}

/** A fake background: records requests, answers from `replies`, can be told to fail checkouts. */
function fakeBackground(options: { savedContact?: Contact | null; failCheckouts?: number; status?: Order['status'] } = {}) {
  const sent: PageRequest[] = [];
  let failures = options.failCheckouts ?? 0;
  let currentCart = cart;
  const send = async (message: PageRequest): Promise<unknown> => {
    sent.push(message);
    const ok = (data: unknown) => ({ ok: true, data });
    switch (message.type) {
      case 'get-settings':
        return ok({ sellerMode: false });
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
        currentCart = { lines: [], groups: [] };
        return ok(currentCart);
      case 'checkout':
        // Let a double click land while this one is in flight.
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (failures > 0) {
          failures -= 1;
          return { ok: false, error: 'Network is down' };
        }
        currentCart = { lines: [], groups: [] };
        return ok(order(message.idempotencyKey, options.status));
      default:
        return { ok: false, error: `unexpected ${message.type}` };
    }
  };
  return { send, sent };
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
    expect(first?.idempotencyKey).toBe('key-1');
    expect(second).toBeNull();
    const types = background.sent.map((message) => message.type);
    expect(types.filter((type) => type === 'checkout')).toHaveLength(1);
    expect(types.indexOf('save-contact')).toBeLessThan(types.indexOf('checkout'));
    const state = controller.getState();
    expect(state.view).toBe('cart');
    expect(state.checkout).toBeNull();
    expect(state.notice).toEqual({ key: 'orderHandedOff', args: ['Acme Outdoor'], tone: 'success' });
    expect(state.cart.lines).toEqual([]);
  });

  it('reuses the idempotency key when retrying after a failure', async () => {
    const background = fakeBackground({ savedContact: contact, failCheckouts: 1 });
    const controller = new PopupController({ send: background.send, newKey: keys() });
    await controller.load();
    controller.openCheckout('acme');
    expect(await controller.submitCheckout()).toBeNull();
    expect(controller.getState().error).toBe('Network is down');
    expect(controller.getState().checkout?.submitting).toBe(false);
    await controller.submitCheckout();
    const checkoutKeys = background.sent.flatMap((message) =>
      message.type === 'checkout' ? [message.idempotencyKey] : [],
    );
    expect(checkoutKeys).toEqual(['key-1', 'key-1']);
  });

  it('keeps the key when the shopper goes back to the cart and returns to the same merchant', async () => {
    const controller = new PopupController({ send: fakeBackground({ savedContact: contact }).send, newKey: keys() });
    await controller.load();
    controller.openCheckout('acme');
    controller.cancelCheckout();
    controller.openCheckout('acme');
    expect(controller.getState().checkout?.idempotencyKey).toBe('key-1');
    controller.openCheckout('other');
    expect(controller.getState().checkout?.idempotencyKey).toBe('key-2');
  });

  it('starts a new attempt after an order the merchant reported as failed', async () => {
    const controller = new PopupController({
      send: fakeBackground({ savedContact: contact, status: 'failed' }).send,
      newKey: keys(),
    });
    await controller.load();
    controller.openCheckout('acme');
    await controller.submitCheckout();
    const state = controller.getState();
    expect(state.notice?.tone).toBe('error');
    expect(state.checkout?.idempotencyKey).toBe('key-2');
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
      send: async () => ({ ok: false, error: 'Catalog is locked' }),
      newKey: keys(),
    });
    await controller.load();
    expect(controller.getState().error).toBe('Catalog is locked');
    expect(controller.getState().status).toBe('ready');
  });
});
