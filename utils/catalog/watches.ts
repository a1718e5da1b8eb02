/**
 * Price and stock watches, and the decision after a sync of which alerts to send. Pure: the
 * caller reads watches, alert states and the watched products, calls `decideAlerts`, writes the
 * states that come back and shows the notifications.
 *
 * The rules, and how they are kept:
 * - Only a complete, successful sync may alert; a failed or partial one changes nothing here (a
 *   drop it brought is alerted by the next complete sync, which still sees it).
 * - A watch is armed or spent. An armed watch alerts when its condition holds: the watched price
 *   is in stock, above 0 and at or below its threshold (target; baseline − N %; baseline − N
 *   units), or the watched variant is back in stock. Thresholds are integers in minor units, and
 *   percentages are whole percents (5 means 5 %) computed exactly, never in floating point.
 * - An armed watch has not alerted for the present crossing: it was made while its condition did
 *   not hold (`createWatch` refuses otherwise), or re-armed by a rise or by time. So an alert
 *   always follows a fall to the threshold or a return to stock (or delivers one held back, see
 *   below): never a rise, never a change that stays above the threshold, however many syncs a
 *   drop is spread over.
 * - A spent watch re-arms when the price goes back above its threshold by more than 1 % (so a
 *   one-cent wobble around a target alerts once, not at every crossing), or after 7 days; re-armed
 *   by time, it counts from the price it announced: another N % (or N units) below it for a drop
 *   watch, a price at least 1 % lower for a target. A back-in-stock watch re-arms when the
 *   variant is out of stock again.
 * - At most one alert per product per 24 hours, and none while a watch is snoozed: the watch
 *   stays armed and alerts at the first complete sync after that if its condition still holds.
 * - More than three product alerts from one sync become one digest.
 */
import { z } from 'zod';
import { CurrencyCode, Id, MinorUnits, type StoredProduct } from './model';
import { DAY_MS } from './history';
import { floorPercent } from './pricing';

export const WATCH_RULES = {
  /** One alert per product within this span. */
  productQuietMs: DAY_MS,
  /** A spent watch re-arms after this long even if the price stayed low. */
  rearmAfterMs: 7 * DAY_MS,
  /** The price must rise above the threshold by more than this (percent) to re-arm. */
  rearmMarginPercent: 1,
  /** More product alerts than this at once become one digest. */
  digestAbove: 3,
} as const;

export const SNOOZE_CHOICES = ['day', 'week', 'off', 'resume'] as const;
export type SnoozeChoice = (typeof SNOOZE_CHOICES)[number];

export const WatchRule = z.discriminatedUnion('kind', [
  /** Alert at or below this price. */
  z.object({ kind: z.literal('target'), targetMinor: MinorUnits.min(1) }),
  /** Alert at a drop of at least `percent` whole percent below the baseline (5 means 5 %). */
  z.object({ kind: z.literal('drop-percent'), percent: z.number().int().min(1).max(99) }),
  /** Alert at a drop of at least this many minor units below the baseline. */
  z.object({ kind: z.literal('drop-amount'), amountMinor: MinorUnits.min(1) }),
  /** Alert when the variant is back in stock. */
  z.object({ kind: z.literal('back-in-stock') }),
]);
export type WatchRule = z.infer<typeof WatchRule>;

export const Watch = z
  .object({
    id: Id,
    productId: Id,
    /** null: any variant (price rules only); the cheapest variant in stock is the watched price. */
    variantId: Id.nullable(),
    rule: WatchRule,
    currency: CurrencyCode,
    /** The watched price when the watch was made. */
    baselineMinor: MinorUnits,
    createdAt: z.number().int().min(0),
    /** Until then the watch is followed but does not alert. */
    snoozedUntil: z.number().int().nullable().default(null),
    /** Off: listed and editable, never alerts. */
    enabled: z.boolean().default(true),
  })
  .superRefine((watch, ctx) => {
    const rule = watch.rule;
    if (rule.kind === 'back-in-stock') {
      if (watch.variantId === null) ctx.addIssue({ code: 'custom', path: ['variantId'], message: 'A back-in-stock watch is for one variant' });
      return;
    }
    if (watch.baselineMinor < 1) ctx.addIssue({ code: 'custom', path: ['baselineMinor'], message: 'A price watch needs a price to start from' });
    if (rule.kind === 'target' && rule.targetMinor >= watch.baselineMinor) {
      ctx.addIssue({ code: 'custom', path: ['rule', 'targetMinor'], message: 'The target must be below the current price' });
    }
    if (rule.kind === 'drop-amount' && rule.amountMinor >= watch.baselineMinor) {
      ctx.addIssue({ code: 'custom', path: ['rule', 'amountMinor'], message: 'The drop must be smaller than the current price' });
    }
  });
export type Watch = z.infer<typeof Watch>;

export const AlertState = z.object({
  watchId: Id,
  productId: Id,
  phase: z.enum(['armed', 'spent']),
  /** Armed price watch: alert at or below this. Null for back-in-stock watches. */
  thresholdMinor: MinorUnits.nullable(),
  /** The price the next alert is measured from: the baseline, or the last announced price after a re-arm by time. */
  referenceMinor: MinorUnits.nullable(),
  /** When the watch was last spent, and at which price. */
  spentAt: z.number().int().nullable(),
  spentPriceMinor: MinorUnits.nullable(),
  /** The last alert sent for this watch; a product's 24 hours are counted from its watches' latest. */
  alertedAt: z.number().int().nullable(),
});
export type AlertState = z.infer<typeof AlertState>;

export type SyncOutcome = 'complete' | 'partial' | 'failed';

export type WatchedProduct = Pick<StoredProduct, 'id' | 'variants'>;

export interface AlertItem {
  watchId: string;
  rule: WatchRule['kind'];
  /** The variant that meets the watch (the cheapest in stock for an any-variant watch). */
  variantId: string;
  currency: string;
  priceMinor: number;
  /** What the drop is measured from (baseline, or the last announced price); null for back in stock. */
  referenceMinor: number | null;
  thresholdMinor: number | null;
  /** floor((reference − price) × 100 / reference); null for back in stock. */
  dropPercent: number | null;
}

export interface ProductAlert {
  productId: string;
  at: number;
  items: AlertItem[];
}

/** What to show: one notification per product, or one digest when more than three. */
export type AlertNotification = { kind: 'single'; alert: ProductAlert } | { kind: 'digest'; alerts: ProductAlert[] };

export type WatchProblem = { watchId: string; reason: 'product-gone' | 'variant-gone' | 'currency-changed' };

export interface AlertDecision {
  notifications: AlertNotification[];
  alerts: ProductAlert[];
  /** New or changed alert states, to write. */
  states: AlertState[];
  /** Watches that can no longer be followed as made; the popup shows them for the shopper to edit or remove. */
  problems: WatchProblem[];
}

/** Pass every watch and every alert state; the decision picks the watches of the products given. */
export interface AlertInput {
  outcome: SyncOutcome;
  /**
   * The watched products this sync covered, as stored after it (null: deleted). Watches of
   * products not in the map are left alone: another source owns them, or it did not run.
   */
  products: ReadonlyMap<string, WatchedProduct | null>;
  watches: readonly Watch[];
  states: readonly AlertState[];
  now: number;
}

// ---------------------------------------------------------------- thresholds (exact integers)

/** The highest price that meets a price rule measured from `reference`. */
export function thresholdFor(rule: Exclude<WatchRule, { kind: 'back-in-stock' }>, reference: number): number {
  switch (rule.kind) {
    case 'target':
      return rule.targetMinor;
    case 'drop-percent':
      // reference − price ≥ reference × N / 100  ⇔  price ≤ floor(reference × (100 − N) / 100)
      return Number((BigInt(reference) * BigInt(100 - rule.percent)) / 100n);
    case 'drop-amount':
      return Math.max(0, reference - rule.amountMinor);
  }
}

/** True when `price` is more than 1 % above `threshold` (100 × price > 101 × threshold). */
export function aboveRearmLevel(price: number, threshold: number): boolean {
  return BigInt(price) * 100n > BigInt(threshold) * BigInt(100 + WATCH_RULES.rearmMarginPercent);
}

/** The threshold after a re-arm by time: measured again from the price last announced. */
function rebasedThreshold(rule: Exclude<WatchRule, { kind: 'back-in-stock' }>, announced: number): number {
  if (rule.kind !== 'target') return thresholdFor(rule, announced);
  const lower = announced - Math.max(1, Math.floor((announced * WATCH_RULES.rearmMarginPercent) / 100));
  return Math.min(rule.targetMinor, lower);
}

export function initialAlertState(watch: Watch): AlertState {
  const rule = watch.rule;
  return {
    watchId: watch.id,
    productId: watch.productId,
    phase: 'armed',
    thresholdMinor: rule.kind === 'back-in-stock' ? null : thresholdFor(rule, watch.baselineMinor),
    referenceMinor: rule.kind === 'back-in-stock' ? null : watch.baselineMinor,
    spentAt: null,
    spentPriceMinor: null,
    alertedAt: null,
  };
}

// ---------------------------------------------------------------- what a watch sees

interface Offer {
  variantId: string;
  priceMinor: number;
  inStock: boolean;
}

/** The watched price and stock in a product as it is now, or why it cannot be read. */
export function watchedOffer(watch: Pick<Watch, 'variantId' | 'currency'>, product: WatchedProduct): Offer | WatchProblem['reason'] {
  if (watch.variantId !== null) {
    const variant = product.variants.find((v) => v.id === watch.variantId);
    if (!variant) return 'variant-gone';
    if (variant.currency !== watch.currency) return 'currency-changed';
    return { variantId: variant.id, priceMinor: variant.priceMinor, inStock: variant.available };
  }
  const candidates = product.variants.filter((v) => v.currency === watch.currency);
  if (candidates.length === 0) return 'currency-changed';
  const inStock = candidates.filter((v) => v.available);
  const pool = inStock.length ? inStock : candidates;
  const cheapest = pool.reduce((best, v) => (v.priceMinor < best.priceMinor ? v : best));
  return { variantId: cheapest.id, priceMinor: cheapest.priceMinor, inStock: inStock.length > 0 };
}

/** Re-arms a spent watch when its rules say so; returns whether it is now due to alert. */
function advance(watch: Watch, state: AlertState, offer: Offer, now: number): { state: AlertState; due: boolean } {
  const rule = watch.rule;
  let next = state;
  if (rule.kind === 'back-in-stock') {
    if (next.phase === 'spent' && !offer.inStock) next = { ...next, phase: 'armed' };
    return { state: next, due: next.phase === 'armed' && offer.inStock };
  }
  const original = thresholdFor(rule, watch.baselineMinor);
  if (aboveRearmLevel(offer.priceMinor, original)) {
    // Back above the watch's own threshold: armed as made (this also undoes a re-arm by time).
    next = { ...next, phase: 'armed', thresholdMinor: original, referenceMinor: watch.baselineMinor };
  } else if (next.phase === 'spent') {
    if (next.spentAt !== null && next.spentPriceMinor !== null && now - next.spentAt >= WATCH_RULES.rearmAfterMs) {
      next = { ...next, phase: 'armed', thresholdMinor: rebasedThreshold(rule, next.spentPriceMinor), referenceMinor: next.spentPriceMinor };
    }
  }
  const threshold = next.thresholdMinor ?? original;
  const due = next.phase === 'armed' && offer.inStock && offer.priceMinor > 0 && offer.priceMinor <= threshold;
  return { state: next, due };
}

function alertItem(watch: Watch, state: AlertState, offer: Offer): AlertItem {
  const reference = state.referenceMinor;
  return {
    watchId: watch.id,
    rule: watch.rule.kind,
    variantId: offer.variantId,
    currency: watch.currency,
    priceMinor: offer.priceMinor,
    referenceMinor: reference,
    thresholdMinor: state.thresholdMinor,
    dropPercent: reference !== null && reference > 0 && reference > offer.priceMinor ? floorPercent(reference - offer.priceMinor, reference) : null,
  };
}

function sameState(a: AlertState, b: AlertState): boolean {
  return (
    a.phase === b.phase &&
    a.thresholdMinor === b.thresholdMinor &&
    a.referenceMinor === b.referenceMinor &&
    a.spentAt === b.spentAt &&
    a.spentPriceMinor === b.spentPriceMinor &&
    a.alertedAt === b.alertedAt &&
    a.productId === b.productId
  );
}

// ---------------------------------------------------------------- the decision

/** Which alerts a sync brings, and the watches' new states (see the rules at the top). */
export function decideAlerts(input: AlertInput): AlertDecision {
  const decision: AlertDecision = { notifications: [], alerts: [], states: [], problems: [] };
  if (input.outcome !== 'complete') return decision;
  const { now } = input;
  const previous = new Map(input.states.map((state) => [state.watchId, state]));
  const next = new Map<string, AlertState>();

  // A product's 24 hours count from the latest alert of any of its watches.
  const lastAlert = new Map<string, number>();
  for (const state of input.states) {
    if (state.alertedAt !== null) lastAlert.set(state.productId, Math.max(lastAlert.get(state.productId) ?? 0, state.alertedAt));
  }

  const due = new Map<string, { watch: Watch; offer: Offer }[]>();
  for (const watch of input.watches) {
    if (!watch.enabled || !input.products.has(watch.productId)) continue;
    const product = input.products.get(watch.productId);
    if (!product) {
      decision.problems.push({ watchId: watch.id, reason: 'product-gone' });
      continue;
    }
    const offer = watchedOffer(watch, product);
    if (typeof offer === 'string') {
      decision.problems.push({ watchId: watch.id, reason: offer });
      continue;
    }
    const stored = previous.get(watch.id);
    const state = stored && stored.productId === watch.productId ? stored : initialAlertState(watch);
    const step = advance(watch, state, offer, now);
    next.set(watch.id, step.state);
    // Snoozed, or the product alerted within 24 hours: held, still armed, alerted later if still due.
    const snoozed = watch.snoozedUntil !== null && watch.snoozedUntil > now;
    const quiet = now - (lastAlert.get(watch.productId) ?? -Infinity) < WATCH_RULES.productQuietMs;
    if (step.due && !snoozed && !quiet) {
      const list = due.get(watch.productId) ?? [];
      list.push({ watch, offer });
      due.set(watch.productId, list);
    }
  }

  for (const [productId, entries] of due) {
    const items = entries.map(({ watch, offer }) => alertItem(watch, next.get(watch.id)!, offer));
    decision.alerts.push({ productId, at: now, items });
    for (const { watch, offer } of entries) {
      next.set(watch.id, { ...next.get(watch.id)!, phase: 'spent', spentAt: now, spentPriceMinor: offer.priceMinor, alertedAt: now });
    }
  }

  for (const [watchId, state] of next) {
    const before = previous.get(watchId);
    if (!before || !sameState(before, state)) decision.states.push(state);
  }
  decision.notifications =
    decision.alerts.length > WATCH_RULES.digestAbove
      ? [{ kind: 'digest', alerts: decision.alerts }]
      : decision.alerts.map((alert) => ({ kind: 'single', alert }));
  return decision;
}

// ---------------------------------------------------------------- making and snoozing watches

export interface NewWatchInput {
  id: string;
  product: WatchedProduct;
  variantId: string | null;
  rule: WatchRule;
  now: number;
}

/**
 * A watch on a product as it is now: the baseline is the watched price now. Throws a ZodError
 * (with a path the form can point at) when the rule makes no sense for that price, e.g. a target
 * at or above it, or back-in-stock for a variant in stock.
 */
export function createWatch({ id, product, variantId, rule, now }: NewWatchInput): Watch {
  const variant = variantId === null ? null : product.variants.find((v) => v.id === variantId);
  if (variantId !== null && !variant) throw new Error(`Product ${product.id} has no variant ${variantId}`);
  const currency = variant?.currency ?? product.variants[0]!.currency;
  const offer = watchedOffer({ variantId, currency }, product);
  if (typeof offer === 'string') throw new Error(`Cannot watch ${product.id}: ${offer}`);
  if (rule.kind === 'back-in-stock' && offer.inStock) {
    throw new z.ZodError([{ code: 'custom', path: ['rule'], message: 'This variant is in stock', input: rule }]);
  }
  return Watch.parse({ id, productId: product.id, variantId, rule, currency, baselineMinor: offer.priceMinor, createdAt: now, snoozedUntil: null, enabled: true });
}

/** Snooze one day or seven, turn off, or resume (clears both). */
export function snoozeWatch(watch: Watch, choice: SnoozeChoice, now: number): Watch {
  switch (choice) {
    case 'day':
      return { ...watch, enabled: true, snoozedUntil: now + DAY_MS };
    case 'week':
      return { ...watch, enabled: true, snoozedUntil: now + 7 * DAY_MS };
    case 'off':
      return { ...watch, enabled: false, snoozedUntil: null };
    case 'resume':
      return { ...watch, enabled: true, snoozedUntil: null };
  }
}

// ---------------------------------------------------------------- notification ids

const SINGLE_PREFIX = 'postcart-alert:';
const DIGEST_PREFIX = 'postcart-alerts:';

/** The notification id to create; `notificationTarget` reads it back when the notification is clicked. */
export function notificationId(notification: AlertNotification): string {
  return notification.kind === 'single' ? `${SINGLE_PREFIX}${notification.alert.productId}` : `${DIGEST_PREFIX}${notification.alerts[0]?.at ?? 0}`;
}

/** What a clicked notification opens in the popup: one product, or the watch list (digest). */
export function notificationTarget(id: string): { kind: 'product'; productId: string } | { kind: 'watches' } | null {
  if (id.startsWith(SINGLE_PREFIX) && id.length > SINGLE_PREFIX.length) return { kind: 'product', productId: id.slice(SINGLE_PREFIX.length) };
  if (id.startsWith(DIGEST_PREFIX)) return { kind: 'watches' };
  return null;
}
