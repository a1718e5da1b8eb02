/**
 * The popup's state and everything it does, behind an injected `send` (browser.runtime.sendMessage
 * in the popup, a fake in tests). The popup entrypoint only subscribes and renders.
 */
import { UNAVAILABLE_CHECKOUT } from './cart';
import {
  countryFromLocale,
  emptyContact,
  validateContact,
  type Contact,
  type ContactErrors,
  type ContactField,
} from '../checkout/contact';
import type { CartView, PageRequest } from '../platform/messages';
import type { Order } from '../catalog/model';
import { exportOrders, type OrderExport, type ExportFormat } from '../checkout/order-export';
import { Settings } from '../platform/settings';
import { reason, type Reason } from '../platform/errors';
import { messageOf, PageStore, type PageSend } from '../platform/page-store';
import { MAX_QUANTITY } from '../platform/limits';

export type PopupView = 'cart' | 'review' | 'checkout' | 'orders';
export type ContactForm = Record<ContactField, string>;

/** One merchant's part of a checkout; its key survives retries, double clicks and going back. */
export interface CheckoutStep {
  merchantId: string;
  merchantName: string;
  idempotencyKey: string;
  state: 'waiting' | 'working' | 'done' | 'failed';
  order: Order | null;
  /** The background's reason when this merchant did not go through. */
  error: Reason | null;
}

/** One checkout attempt, for one merchant or for every merchant in the cart, in cart order. */
export interface CheckoutAttempt {
  steps: CheckoutStep[];
  values: ContactForm;
  errors: ContactErrors;
  submitting: boolean;
  /** Bumped on each rejected submit, so the form moves focus to the first invalid field once. */
  errorRound: number;
}

/** A message for the shopper, as a reason the view puts into words, and whether it is good news. */
export interface Notice extends Reason {
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
  /** The steps of the last finished checkout, shown until the shopper moves on. */
  lastRun: CheckoutStep[] | null;
  /** Lines or orders with a change in flight; their controls are disabled until the background answers. */
  pendingLines: string[];
  pendingOrders: string[];
  notice: Notice | null;
  /** The background's reason for the last failure, shown in an alert. */
  error: Reason | null;
}

export interface PopupControllerOptions {
  send: PageSend;
  /** UI locale, used to preselect the country of an empty form. */
  locale?: string;
  newKey?: () => string;
  now?: () => number;
}

/** Merchants a checkout can cover: known to the catalog, with at least one line in stock. */
export function checkoutableMerchants(cart: CartView): string[] {
  return cart.groups
    .filter((group) => group.checkoutKind !== UNAVAILABLE_CHECKOUT)
    .filter((group) => group.lineIds.some((id) => {
      const state = cart.details[id]?.state;
      return state === 'ok' || state === 'price-changed';
    }))
    .map((group) => group.merchantId);
}

/** Lines of these merchants that changed since they were added (the review step lists them). */
export function changedLines(cart: CartView, merchantIds: readonly string[]) {
  return cart.lines.filter((line) => merchantIds.includes(line.merchantId) && (cart.details[line.id]?.state ?? 'ok') !== 'ok');
}

export function initialPopupState(): PopupState {
  return {
    status: 'loading',
    view: 'cart',
    cart: { lines: [], details: {}, groups: [] },
    settings: Settings.parse({}),
    orders: [],
    savedContact: null,
    checkout: null,
    lastRun: null,
    pendingLines: [],
    pendingOrders: [],
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


export class PopupController extends PageStore<PopupState> {
  private readonly locale: string | undefined;
  private readonly newKey: () => string;
  private readonly now: () => number;

  constructor(options: PopupControllerOptions) {
    super(initialPopupState(), options.send);
    this.locale = options.locale;
    this.newKey = options.newKey ?? (() => crypto.randomUUID());
    this.now = options.now ?? Date.now;
  }

  private updateCheckout(patch: Partial<CheckoutAttempt>): void {
    if (this.state.checkout) this.update({ checkout: { ...this.state.checkout, ...patch } });
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
    this.update({ view, notice: null, lastRun: view === 'cart' ? this.state.lastRun : null });
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

  private async changeLine(lineId: string, message: PageRequest & { type: 'set-quantity' | 'remove-line' | 'set-variant' }) {
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
    const clamped = Math.min(MAX_QUANTITY, Math.max(1, Math.round(quantity)));
    if (!Number.isFinite(clamped)) return;
    const line = this.state.cart.lines.find((candidate) => candidate.id === lineId);
    if (line && line.quantity === clamped) return;
    await this.changeLine(lineId, { type: 'set-quantity', lineId, quantity: clamped });
  }

  async removeLine(lineId: string): Promise<void> {
    await this.changeLine(lineId, { type: 'remove-line', lineId });
  }

  async setVariant(lineId: string, variantId: string): Promise<void> {
    await this.changeLine(lineId, { type: 'set-variant', lineId, variantId });
  }

  async setSellerMode(sellerMode: boolean): Promise<void> {
    try {
      this.update({ settings: await this.ask({ type: 'set-settings', settings: { ...this.state.settings, sellerMode } }) });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }

  /** The off switch for anonymous shopping events (utils/analytics.ts). */
  async setAnalytics(analytics: boolean): Promise<void> {
    try {
      this.update({ settings: await this.ask({ type: 'set-settings', settings: { ...this.state.settings, analytics } }) });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }

  /**
   * Opens the checkout for one merchant, or for every merchant in the cart (null). Reopening the
   * same unfinished attempt keeps its keys and what was typed, so going back and forth cannot create
   * a second order. When prices or stock changed since the lines were added, the shopper reviews
   * the changes first.
   */
  openCheckout(merchantId: string | null): void {
    const wanted = merchantId === null ? checkoutableMerchants(this.state.cart) : [merchantId];
    if (wanted.length === 0) return;
    const current = this.state.checkout;
    const same = current && current.steps.map((step) => step.merchantId).join('\n') === wanted.join('\n');
    if (!same) {
      const names = new Map(this.state.cart.groups.map((group) => [group.merchantId, group.merchantName]));
      this.update({
        checkout: {
          steps: wanted.map((id) => ({
            merchantId: id,
            merchantName: names.get(id) ?? id,
            idempotencyKey: this.newKey(),
            state: 'waiting',
            order: null,
            error: null,
          })),
          values: contactToForm(this.state.savedContact, countryFromLocale(this.locale)),
          errors: {},
          submitting: false,
          errorRound: 0,
        },
      });
    }
    const review = changedLines(this.state.cart, wanted).length > 0;
    this.update({ view: review ? 'review' : 'checkout', notice: null, error: null, lastRun: null });
  }

  /** The shopper accepted the new prices; out-of-stock lines stay in the cart, marked. */
  async acceptChanges(): Promise<void> {
    const checkout = this.state.checkout;
    if (!checkout) return;
    try {
      let cart = this.state.cart;
      for (const step of checkout.steps) {
        if (changedLines(cart, [step.merchantId]).some((line) => cart.details[line.id]?.state === 'price-changed')) {
          cart = await this.ask({ type: 'accept-prices', merchantId: step.merchantId });
        }
      }
      this.update({ cart, view: 'checkout' });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
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

  private updateStep(merchantId: string, patch: Partial<CheckoutStep>): void {
    const checkout = this.state.checkout;
    if (!checkout) return;
    this.updateCheckout({ steps: checkout.steps.map((step) => (step.merchantId === merchantId ? { ...step, ...patch } : step)) });
  }

  /**
   * Validates the form, then checks out merchant by merchant, in cart order, showing each one's
   * progress. A second call while one runs does nothing; running it again after a failure retries
   * only the merchants that did not go through, each with its own key, so nothing is placed twice.
   */
  async submitCheckout(): Promise<CheckoutStep[] | null> {
    const checkout = this.state.checkout;
    if (!checkout || checkout.submitting) return null;
    const result = validateContact(checkout.values);
    if (!result.ok) {
      this.updateCheckout({ errors: result.errors, errorRound: checkout.errorRound + 1 });
      return null;
    }
    this.updateCheckout({ errors: {}, submitting: true });
    this.update({ error: null, notice: null });
    try {
      this.update({ savedContact: await this.ask({ type: 'save-contact', contact: result.contact }) });
    } catch (error) {
      this.updateCheckout({ submitting: false });
      this.update({ error: messageOf(error) });
      return null;
    }
    // Pages open behind the popup while more merchants follow, so the popup stays to show progress.
    const inBackground = checkout.steps.length > 1;
    for (const step of checkout.steps) {
      if (step.state === 'done') continue;
      this.updateStep(step.merchantId, { state: 'working', error: null });
      try {
        const order = await this.ask({
          type: 'checkout',
          merchantId: step.merchantId,
          contact: result.contact,
          idempotencyKey: step.idempotencyKey,
          inBackground,
        });
        if (order.status === 'failed') {
          // Not through yet (network, timeout): the same key resends the same order.
          this.updateStep(step.merchantId, { state: 'failed', order, error: order.error ?? reason('errOrderServer') });
        } else if (order.status === 'rejected') {
          // Settled: the store said no and the lines are back in the cart; a new try is a new attempt.
          this.updateStep(step.merchantId, { state: 'failed', order, error: order.error, idempotencyKey: this.newKey() });
        } else {
          this.updateStep(step.merchantId, { state: 'done', order });
        }
      } catch (error) {
        // Refused before anything was recorded (prices changed meanwhile, store gone): key unused.
        this.updateStep(step.merchantId, { state: 'failed', error: messageOf(error) });
      }
    }
    await Promise.all([this.reloadCart(), this.reloadOrders()]);
    const steps = this.state.checkout?.steps ?? [];
    if (steps.every((step) => step.state === 'done')) {
      const single = steps.length === 1 ? steps[0]?.order : null;
      this.update({
        checkout: null,
        view: 'cart',
        lastRun: steps.length > 1 ? steps : null,
        notice: single
          ? { key: single.status === 'placed' ? 'orderPlaced' : 'orderHandedOff', args: [single.merchantName, String(single.remote?.number ?? '')], tone: 'success' }
          : { key: 'checkoutAllDone', args: [String(steps.length)], tone: 'success' },
      });
    } else {
      this.updateCheckout({ submitting: false });
      const failed = steps.filter((step) => step.state === 'failed').map((step) => step.merchantName);
      this.update({ notice: { key: 'checkoutSomeFailed', args: [failed.join(', ')], tone: 'error' } });
    }
    return steps;
  }

  private async reloadOrders(): Promise<void> {
    try {
      this.update({ orders: await this.ask({ type: 'get-orders' }) });
    } catch (error) {
      this.update({ error: messageOf(error) });
    }
  }

  private async orderAction<T>(orderId: string, action: () => Promise<T>): Promise<T | null> {
    if (this.state.pendingOrders.includes(orderId)) return null;
    this.update({ pendingOrders: [...this.state.pendingOrders, orderId], error: null, notice: null });
    try {
      return await action();
    } catch (error) {
      this.update({ error: messageOf(error) });
      return null;
    } finally {
      this.update({ pendingOrders: this.state.pendingOrders.filter((id) => id !== orderId) });
    }
  }

  /** Resends an orders-api order that did not get through, with its own key (never a second order). */
  async retryOrder(orderId: string): Promise<Order | null> {
    return this.orderAction(orderId, async () => {
      const order = await this.ask({ type: 'retry-order', orderId });
      await Promise.all([this.reloadOrders(), this.reloadCart()]);
      this.update({
        notice:
          order.status === 'placed'
            ? { key: 'orderPlaced', args: [order.merchantName, String(order.remote?.number ?? '')], tone: 'success' }
            : { key: 'orderRetryFailed', args: [order.merchantName], tone: 'error' },
      });
      return order;
    });
  }

  /** Puts an order's lines back in the cart at today's prices. */
  async buyAgain(orderId: string): Promise<void> {
    await this.orderAction(orderId, async () => {
      const result = await this.ask({ type: 'buy-again', orderId });
      this.update({
        cart: result.cart,
        notice:
          result.skipped > 0
            ? { key: 'buyAgainPartly', args: [String(result.added), String(result.skipped)], tone: result.added > 0 ? 'success' : 'error' }
            : { key: 'buyAgainDone', args: [String(result.added)], tone: 'success' },
      });
    });
  }

  /** The order history as a file to download. */
  exportOrders(format: ExportFormat): OrderExport {
    return exportOrders(this.state.orders, format, this.now());
  }
}
