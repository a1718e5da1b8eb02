/**
 * The popup's state and everything it does, behind an injected `send` (browser.runtime.sendMessage
 * in the popup, a fake in tests). The popup entrypoint only subscribes and renders.
 */
import {
  countryFromLocale,
  emptyContact,
  validateContact,
  type Contact,
  type ContactErrors,
  type ContactField,
} from './contact';
import { request, type CartView, type PageRequest } from './messages';
import type { Order } from './model';
import type { Settings } from './settings';

export type Send = (message: PageRequest) => Promise<unknown>;
export type PopupView = 'cart' | 'checkout' | 'orders';
export type ContactForm = Record<ContactField, string>;

/** One checkout attempt for one merchant; its key survives retries and double clicks. */
export interface CheckoutAttempt {
  merchantId: string;
  idempotencyKey: string;
  values: ContactForm;
  errors: ContactErrors;
  submitting: boolean;
  /** Bumped on each rejected submit, so the form moves focus to the first invalid field once. */
  errorRound: number;
}

/** A message for the shopper as an i18n key plus substitutions; the view translates it. */
export interface Notice {
  key: string;
  args: string[];
  tone: 'success' | 'error';
}

export interface PopupState {
  status: 'loading' | 'ready';
  view: PopupView;
  cart: CartView;
  settings: Settings;
  orders: Order[];
  savedContact: Contact | null;
  checkout: CheckoutAttempt | null;
  /** Lines with a change in flight; their controls are disabled until the background answers. */
  pendingLines: string[];
  notice: Notice | null;
  /** The background's reason for the last failure, shown in an alert. */
  error: string | null;
}

export interface PopupControllerOptions {
  send: Send;
  /** UI locale, used to preselect the country of an empty form. */
  locale?: string;
  newKey?: () => string;
}

export function initialPopupState(): PopupState {
  return {
    status: 'loading',
    view: 'cart',
    cart: { lines: [], groups: [] },
    settings: { sellerMode: false },
    orders: [],
    savedContact: null,
    checkout: null,
    pendingLines: [],
    notice: null,
    error: null,
  };
}

/** Form values from a saved contact (or an empty form). */
export function contactToForm(contact: Contact | null, fallbackCountry = ''): ContactForm {
  if (!contact) return emptyContact(fallbackCountry);
  return {
    email: contact.email,
    firstName: contact.firstName,
    lastName: contact.lastName,
    address1: contact.address1,
    address2: contact.address2,
    city: contact.city,
    country: contact.country,
    region: contact.region,
    postalCode: contact.postalCode,
    phone: contact.phone,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PopupController {
  private state: PopupState = initialPopupState();
  private readonly listeners = new Set<(state: PopupState) => void>();
  private readonly send: Send;
  private readonly locale: string | undefined;
  private readonly newKey: () => string;

  constructor(options: PopupControllerOptions) {
    this.send = options.send;
    this.locale = options.locale;
    this.newKey = options.newKey ?? (() => crypto.randomUUID());
  }

  getState(): PopupState {
    return this.state;
  }

  subscribe(listener: (state: PopupState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<PopupState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  private updateCheckout(patch: Partial<CheckoutAttempt>): void {
    if (this.state.checkout) this.update({ checkout: { ...this.state.checkout, ...patch } });
  }

  private ask<T extends PageRequest>(message: T) {
    return request<T>(this.send, message);
  }

  /** Loads everything the popup shows; each part fails on its own so one error does not blank the rest. */
  async load(): Promise<void> {
    const [settings, cart, contact, orders] = await Promise.allSettled([
      this.ask({ type: 'get-settings' }),
      this.ask({ type: 'get-cart' }),
      this.ask({ type: 'get-contact' }),
      this.ask({ type: 'get-orders' }),
    ]);
    const failure = [settings, cart, contact, orders].find((result) => result.status === 'rejected');
    this.update({
      status: 'ready',
      settings: settings.status === 'fulfilled' ? settings.value : this.state.settings,
      cart: cart.status === 'fulfilled' ? cart.value : this.state.cart,
      savedContact: contact.status === 'fulfilled' ? contact.value : this.state.savedContact,
      orders: orders.status === 'fulfilled' ? orders.value : this.state.orders,
      error: failure && failure.status === 'rejected' ? messageOf(failure.reason) : null,
    });
  }

  async reloadCart(): Promise<void> {
    try {
      this.update({ cart: await this.ask({ type: 'get-cart' }) });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }

  async showView(view: 'cart' | 'orders'): Promise<void> {
    this.update({ view, notice: null });
    if (view === 'orders') {
      try {
        this.update({ orders: await this.ask({ type: 'get-orders' }) });
      } catch (error) {
        this.update({ error: messageOf(error) });
      }
    }
  }

  dismissError(): void {
    this.update({ error: null });
  }

  dismissNotice(): void {
    this.update({ notice: null });
  }

  private async changeLine(lineId: string, message: PageRequest & { type: 'set-quantity' | 'remove-line' }) {
    if (this.state.pendingLines.includes(lineId)) return;
    this.update({ pendingLines: [...this.state.pendingLines, lineId], error: null });
    try {
      this.update({ cart: await this.ask(message) });
    } catch (error) {
      this.update({ error: messageOf(error) });
      await this.reloadCart();
    } finally {
      this.update({ pendingLines: this.state.pendingLines.filter((id) => id !== lineId) });
    }
  }

  async setQuantity(lineId: string, quantity: number): Promise<void> {
    const clamped = Math.min(99, Math.max(1, Math.round(quantity)));
    if (!Number.isFinite(clamped)) return;
    const line = this.state.cart.lines.find((candidate) => candidate.id === lineId);
    if (line && line.quantity === clamped) return;
    await this.changeLine(lineId, { type: 'set-quantity', lineId, quantity: clamped });
  }

  async removeLine(lineId: string): Promise<void> {
    await this.changeLine(lineId, { type: 'remove-line', lineId });
  }

  async setSellerMode(sellerMode: boolean): Promise<void> {
    try {
      this.update({ settings: await this.ask({ type: 'set-settings', settings: { ...this.state.settings, sellerMode } }) });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }

  /**
   * Opens the checkout form for one merchant. Reopening the same merchant's unfinished attempt
   * keeps its key and what was typed, so going back and forth cannot create a second order.
   */
  openCheckout(merchantId: string): void {
    const current = this.state.checkout;
    if (!current || current.merchantId !== merchantId) {
      this.update({
        checkout: {
          merchantId,
          idempotencyKey: this.newKey(),
          values: contactToForm(this.state.savedContact, countryFromLocale(this.locale)),
          errors: {},
          submitting: false,
          errorRound: 0,
        },
      });
    }
    this.update({ view: 'checkout', notice: null, error: null });
  }

  cancelCheckout(): void {
    if (this.state.checkout?.submitting) return;
    this.update({ view: 'cart' });
  }

  setField(field: ContactField, value: string): void {
    const checkout = this.state.checkout;
    if (!checkout) return;
    const errors = { ...checkout.errors };
    delete errors[field];
    // Region and postal code rules depend on the country, so their verdicts are stale now.
    if (field === 'country') {
      delete errors.region;
      delete errors.postalCode;
    }
    this.updateCheckout({ values: { ...checkout.values, [field]: value }, errors });
  }

  async forgetContact(): Promise<void> {
    try {
      await this.ask({ type: 'forget-contact' });
      const country = this.state.checkout?.values.country ?? countryFromLocale(this.locale);
      this.update({ savedContact: null, notice: { key: 'checkoutForgotten', args: [], tone: 'success' } });
      this.updateCheckout({ values: emptyContact(country), errors: {} });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }

  /**
   * Validates and places the order. A second call while one is in flight does nothing; a retry
   * after a failure reuses the attempt's idempotency key, so the background never places it twice.
   */
  async submitCheckout(): Promise<Order | null> {
    const checkout = this.state.checkout;
    if (!checkout || checkout.submitting) return null;
    const result = validateContact(checkout.values);
    if (!result.ok) {
      this.updateCheckout({ errors: result.errors, errorRound: checkout.errorRound + 1 });
      return null;
    }
    const { merchantId, idempotencyKey } = checkout;
    this.updateCheckout({ errors: {}, submitting: true });
    this.update({ error: null, notice: null });
    try {
      const saved = await this.ask({ type: 'save-contact', contact: result.contact });
      this.update({ savedContact: saved });
      const order = await this.ask({ type: 'checkout', merchantId, contact: result.contact, idempotencyKey });
      if (order.status === 'failed') {
        // That attempt is settled; a new try is a new attempt with a fresh key.
        this.updateCheckout({ submitting: false, idempotencyKey: this.newKey() });
        this.update({ notice: { key: 'orderFailed', args: [order.merchantName], tone: 'error' } });
        return order;
      }
      this.update({
        checkout: null,
        view: 'cart',
        notice: {
          key: order.status === 'placed' ? 'orderPlaced' : 'orderHandedOff',
          args: [order.merchantName],
          tone: 'success',
        },
      });
      await Promise.all([this.reloadCart(), this.reloadOrders()]);
      return order;
    } catch (error) {
      this.updateCheckout({ submitting: false });
      this.update({ error: messageOf(error) });
      return null;
    }
  }

  private async reloadOrders(): Promise<void> {
    try {
      this.update({ orders: await this.ask({ type: 'get-orders' }) });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }
}
