/**
 * Watches in storage: made and changed from the card, the cart or the popup, listed with what the
 * catalog says of them now, and the record of alerts sent (the popup lists them; the unseen ones
 * are the toolbar badge's count). The rules of watching and alerting are in watches.ts.
 */
import { z } from 'zod';
import type { PostcartDB } from './db';
import { CurrencyCode, Id, MinorUnits, type StoredProduct } from './model';
import { createWatch, notificationTarget, snoozeWatch, watchedOffer, WatchRule, type AlertNotification, type SnoozeChoice, type Watch } from './watches';
import { UserError } from '../platform/errors';
import { parseDecimal } from '../platform/money';
import { formatMoney } from '../platform/format';

/** At most this many watches: each is read after every sync of its source. */
export const MAX_WATCHES = 500;
/** Alert records kept (the newest). */
export const MAX_ALERT_RECORDS = 100;

/** A watch rule as a form sends it: amounts as decimal strings in the watched currency. */
export const WatchRuleInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('target'), target: z.string().trim().max(20) }),
  z.object({ kind: z.literal('drop-percent'), percent: z.number().int().min(1).max(99) }),
  z.object({ kind: z.literal('drop-amount'), amount: z.string().trim().max(20) }),
  z.object({ kind: z.literal('back-in-stock') }),
]);
export type WatchRuleInput = z.infer<typeof WatchRuleInput>;

export const WATCH_CHANGES = ['day', 'week', 'off', 'resume', 'remove'] as const;
export type WatchChange = (typeof WATCH_CHANGES)[number];

const AlertItemRecord = z.object({
  watchId: Id,
  rule: z.enum(['target', 'drop-percent', 'drop-amount', 'back-in-stock']),
  variantId: Id,
  currency: CurrencyCode,
  priceMinor: MinorUnits,
  referenceMinor: MinorUnits.nullable(),
  thresholdMinor: MinorUnits.nullable(),
  dropPercent: z.number().int().nullable(),
});

/** One notification as sent: a product's alert, or a digest of several. */
export const AlertRecord = z.object({
  /** The notification id and the time: a later alert of the same product is another record. */
  id: z.string(),
  notificationId: z.string(),
  at: z.number().int(),
  alerts: z.array(z.object({ productId: Id, at: z.number().int(), items: z.array(AlertItemRecord) })),
  /** Shown in the popup since it was sent. */
  seen: z.boolean(),
});
export type AlertRecord = z.infer<typeof AlertRecord>;

/** A watch as the card and the popup show it, with what the catalog says of it now. */
export const WatchView = z.object({
  id: Id,
  productId: Id,
  variantId: Id.nullable(),
  rule: WatchRule,
  currency: CurrencyCode,
  baselineMinor: MinorUnits,
  createdAt: z.number().int(),
  snoozedUntil: z.number().int().nullable(),
  enabled: z.boolean(),
  /** '' when the product is gone. */
  title: z.string(),
  variantTitle: z.string(),
  image: z.string().nullable(),
  /** The watched price and stock now; null when the watch cannot be followed (see `problem`). */
  current: z.object({ priceMinor: MinorUnits, inStock: z.boolean() }).nullable(),
  problem: z.enum(['product-gone', 'variant-gone', 'currency-changed']).nullable(),
  /** The last alert of this watch. */
  alerted: z.object({ at: z.number().int(), priceMinor: MinorUnits }).nullable(),
  /** Alerted since the popup last showed its alerts. */
  unseen: z.boolean(),
});
export type WatchView = z.infer<typeof WatchView>;

export const PopupFocus = z.union([z.object({ kind: z.literal('product'), productId: Id }), z.object({ kind: z.literal('watches') })]);
export type PopupFocus = z.infer<typeof PopupFocus>;

export const WatchList = z.object({
  watches: z.array(WatchView),
  /** What a clicked notification asked the popup to show, once. */
  focus: PopupFocus.nullable(),
});
export type WatchList = z.infer<typeof WatchList>;

const FOCUS_KEY = 'popupFocus';
/** A click's focus is for the popup that opens right after it, not for one opened tomorrow. */
const FOCUS_FRESH_MS = 2 * 60_000;

// ---------------------------------------------------------------- making and changing watches

/** A watch rule in minor units, or the reason the form's amount cannot be one. */
function ruleOf(input: WatchRuleInput, currency: string): WatchRule {
  switch (input.kind) {
    case 'target': {
      const targetMinor = parseDecimal(input.target, currency);
      if (targetMinor < 1) throw new UserError('errWatchAmount');
      return { kind: 'target', targetMinor };
    }
    case 'drop-amount': {
      const amountMinor = parseDecimal(input.amount, currency);
      if (amountMinor < 1) throw new UserError('errWatchAmount');
      return { kind: 'drop-amount', amountMinor };
    }
    default:
      return input;
  }
}

export interface SaveWatchInput {
  productId: string;
  /** null: any variant (price rules only). */
  variantId: string | null;
  /** The watch to change; null makes one (or changes the one with the same product, variant and kind). */
  watchId: string | null;
  rule: WatchRuleInput;
}

/**
 * Makes or changes a watch on a product the catalog holds, measured from its price now. Refuses
 * with the reason a form can show: an unknown product or variant, an amount that is not one, a
 * target at or above the price, a drop as large as the price, back in stock for a variant in stock.
 */
export async function saveWatch(db: PostcartDB, input: SaveWatchInput, now: number, newId: () => string): Promise<Watch> {
  return db.transaction('rw', [db.products, db.watches, db.alertStates], async () => {
    const product = await db.products.get(input.productId);
    if (!product) throw new UserError('errProductGone');
    const variant = input.variantId === null ? null : product.variants.find((v) => v.id === input.variantId);
    if (input.variantId !== null && !variant) throw new UserError('errOptionGone');
    if (input.variantId === null && input.rule.kind === 'back-in-stock') throw new UserError('errWatchPickVariant');
    const currency = variant?.currency ?? product.variants[0]!.currency;
    const rule = ruleOf(input.rule, currency);

    const existing = await db.watches.where('productId').equals(product.id).toArray();
    const replaced = input.watchId !== null ? existing.find((w) => w.id === input.watchId) : existing.find((w) => w.variantId === input.variantId && w.rule.kind === rule.kind);
    if (input.watchId !== null && !replaced) throw new UserError('errWatchGone');
    if (!replaced && (await db.watches.count()) >= MAX_WATCHES) throw new UserError('errWatchLimit', [MAX_WATCHES]);

    const watch = makeWatch(product, input.variantId, rule, currency, now, replaced?.id ?? newId());
    // A changed watch keeps when it began and whether it is snoozed; it is measured from the price now.
    const saved: Watch = replaced ? { ...watch, createdAt: replaced.createdAt, snoozedUntil: replaced.snoozedUntil, enabled: replaced.enabled } : watch;
    await db.watches.put(saved);
    await db.alertStates.delete(saved.id);
    return saved;
  });
}

function makeWatch(product: StoredProduct, variantId: string | null, rule: WatchRule, currency: string, now: number, id: string): Watch {
  const offer = watchedOffer({ variantId, currency }, product);
  if (typeof offer !== 'string' && offer.priceMinor < 1 && rule.kind !== 'back-in-stock') throw new UserError('errWatchNoPrice');
  try {
    return createWatch({ id, product, variantId, rule, now });
  } catch (error) {
    if (!(error instanceof z.ZodError) || typeof offer === 'string') throw error;
    const price = formatMoney({ minor: offer.priceMinor, currency });
    const where = error.issues[0]?.path.join('.');
    if (where === 'rule.targetMinor') throw new UserError('cardWatchTargetTooHigh', [price]);
    if (where === 'rule.amountMinor') throw new UserError('errWatchDropTooLarge', [price]);
    if (where === 'rule') throw new UserError('errWatchInStock');
    throw new UserError('errWatchNoPrice');
  }
}

/** Snoozes, turns off, resumes or removes a watch of that product. */
export async function changeWatch(db: PostcartDB, productId: string, watchId: string, change: WatchChange, now: number): Promise<void> {
  await db.transaction('rw', [db.watches, db.alertStates], async () => {
    const watch = await db.watches.get(watchId);
    if (!watch || watch.productId !== productId) throw new UserError('errWatchGone');
    if (change === 'remove') {
      await db.watches.delete(watchId);
      await db.alertStates.delete(watchId);
      return;
    }
    await db.watches.put(snoozeWatch(watch, change satisfies SnoozeChoice, now));
  });
}

// ---------------------------------------------------------------- views

/** Views of these watches, with their products as stored now. */
async function viewsOf(db: PostcartDB, watches: readonly Watch[]): Promise<WatchView[]> {
  if (watches.length === 0) return [];
  const productIds = [...new Set(watches.map((w) => w.productId))];
  const [products, states, unseenRecords] = await Promise.all([
    db.products.bulkGet(productIds),
    db.alertStates.bulkGet(watches.map((w) => w.id)),
    db.alerts.filter((record) => !record.seen).toArray(),
  ]);
  const byId = new Map(products.flatMap((p) => (p ? [[p.id, p] as const] : [])));
  const unseen = new Set(unseenRecords.flatMap((record) => record.alerts.flatMap((alert) => alert.items.map((item) => item.watchId))));
  return watches.map((watch, i) => {
    const product = byId.get(watch.productId);
    const offer = product ? watchedOffer(watch, product) : 'product-gone';
    const variant = product?.variants.find((v) => v.id === (watch.variantId ?? (typeof offer === 'string' ? null : offer.variantId)));
    const state = states[i];
    return {
      id: watch.id,
      productId: watch.productId,
      variantId: watch.variantId,
      rule: watch.rule,
      currency: watch.currency,
      baselineMinor: watch.baselineMinor,
      createdAt: watch.createdAt,
      snoozedUntil: watch.snoozedUntil,
      enabled: watch.enabled,
      title: product?.title ?? '',
      variantTitle: watch.variantId === null ? '' : (variant?.title ?? ''),
      image: product?.images[0] ?? null,
      current: typeof offer === 'string' ? null : { priceMinor: offer.priceMinor, inStock: offer.inStock },
      problem: typeof offer === 'string' ? offer : null,
      alerted: state?.alertedAt != null && state.spentPriceMinor != null ? { at: state.alertedAt, priceMinor: state.spentPriceMinor } : null,
      unseen: unseen.has(watch.id),
    };
  });
}

/** The watches of one product (the card shows them). */
export async function productWatches(db: PostcartDB, productId: string): Promise<WatchView[]> {
  return viewsOf(db, await db.watches.where('productId').equals(productId).sortBy('createdAt'));
}

/** Every watch, newest first, with the focus a clicked notification left for the popup (taken once). */
export async function listWatches(db: PostcartDB, now: number): Promise<WatchList> {
  const watches = (await db.watches.toArray()).sort((a, b) => b.createdAt - a.createdAt);
  return { watches: await viewsOf(db, watches), focus: await takeFocus(db, now) };
}

// ---------------------------------------------------------------- alert records and the popup's focus

/** Keeps the notifications sent (newest MAX_ALERT_RECORDS); inside the caller's transaction or its own. */
export async function recordAlerts(db: PostcartDB, notifications: readonly { id: string; notification: AlertNotification }[], now: number): Promise<void> {
  if (notifications.length === 0) return;
  const records: AlertRecord[] = notifications.map(({ id, notification }) => ({
    id: `${id}@${now}`,
    notificationId: id,
    at: now,
    alerts: notification.kind === 'single' ? [notification.alert] : notification.alerts,
    seen: false,
  }));
  await db.alerts.bulkPut(records);
  const old = await db.alerts.orderBy('at').reverse().offset(MAX_ALERT_RECORDS).primaryKeys();
  if (old.length) await db.alerts.bulkDelete(old);
}

/** Products alerted since the popup last showed alerts: the toolbar badge's number. */
export async function unseenAlertCount(db: PostcartDB): Promise<number> {
  const records = await db.alerts.filter((record) => !record.seen).toArray();
  return new Set(records.flatMap((record) => record.alerts.map((alert) => alert.productId))).size;
}

export async function markAlertsSeen(db: PostcartDB): Promise<void> {
  await db.alerts.filter((record) => !record.seen).modify({ seen: true });
}

/** The latest record of a notification (its buttons act on the watches it alerted). */
export async function alertRecordOf(db: PostcartDB, notificationId: string): Promise<AlertRecord | undefined> {
  const records = await db.alerts.filter((record) => record.notificationId === notificationId).toArray();
  return records.sort((a, b) => b.at - a.at)[0];
}

/** Leaves what a clicked notification wants the popup to show; false for an id that is not ours. */
export async function setFocus(db: PostcartDB, notificationId: string, now: number): Promise<PopupFocus | null> {
  const target = notificationTarget(notificationId);
  if (!target) return null;
  await db.meta.put({ key: FOCUS_KEY, value: { target, at: now } });
  return target;
}

async function takeFocus(db: PostcartDB, now: number): Promise<PopupFocus | null> {
  const row = await db.meta.get(FOCUS_KEY);
  if (!row) return null;
  await db.meta.delete(FOCUS_KEY);
  const parsed = z.object({ target: PopupFocus, at: z.number() }).safeParse(row.value);
  return parsed.success && now - parsed.data.at < FOCUS_FRESH_MS ? parsed.data.target : null;
}
