/**
 * Price alerts after a sync run: which alerts it brings (watches.ts `decideAlerts`: only a
 * complete run, never a rise or a change short of the threshold, one per product per 24 hours,
 * a digest above three), the watches' new states and the record of what was sent, written in one
 * transaction; then the notifications in the shopper's words and the toolbar badge's count.
 * Showing them is the notifier's (notifier.ts in the worker, a fake in tests).
 */
import type { PostcartDB } from './db';
import type { StoredProduct } from './model';
import { decideAlerts, notificationId, type AlertDecision, type AlertItem, type AlertNotification, type ProductAlert, type WatchedProduct } from './watches';
import { recordAlerts, unseenAlertCount } from './watch-store';
import type { RunOutcome } from '../sync/puller';
import { formatMoney, formatPercent } from '../platform/format';
import { t } from '../platform/i18n';

/** A notification in words. */
export interface Notice {
  id: string;
  title: string;
  message: string;
  /** The product it is about; null for a digest (the click opens the watch list). */
  productId: string | null;
}

export interface Notifier {
  show(notice: Notice): Promise<void>;
  /** The toolbar badge: alerted products the popup has not shown yet (0 clears it). */
  badge(count: number): Promise<void>;
}

export interface AlertDeps {
  db: PostcartDB;
  now: () => number;
  notifier: Notifier;
}

/** Runs one after the other: two sources finishing together must not both send a product's alert. */
let queue: Promise<unknown> = Promise.resolve();

/** Decides, records and shows the alerts a finished run brings. */
export function alertAfterRun(deps: AlertDeps, run: RunOutcome): Promise<AlertDecision | null> {
  const next = queue.then(() => decideAndSend(deps, run));
  queue = next.catch(() => undefined);
  return next;
}

async function decideAndSend({ db, now, notifier }: AlertDeps, run: RunOutcome): Promise<AlertDecision | null> {
  if (run.outcome !== 'complete') return null;
  const watches = await db.watches.toArray();
  if (watches.length === 0) return null;
  const ids = [...new Set(watches.map((watch) => watch.productId))];
  const [stored, states] = await Promise.all([db.products.bulkGet(ids), db.alertStates.toArray()]);
  // Only this source's products: another source's did not change in this run (and may not have run).
  const products = new Map<string, WatchedProduct>();
  const titles = new Map<string, StoredProduct>();
  for (const product of stored) {
    if (!product || product.sourceId !== run.sourceId) continue;
    products.set(product.id, product);
    titles.set(product.id, product);
  }
  if (products.size === 0) return null;
  const at = now();
  const decision = decideAlerts({ outcome: run.outcome, products, watches, states, now: at });
  const sent = decision.notifications.map((notification) => ({ id: notificationId(notification), notification }));
  await db.transaction('rw', [db.alertStates, db.alerts], async () => {
    if (decision.states.length) await db.alertStates.bulkPut(decision.states);
    await recordAlerts(db, sent, at);
  });
  for (const { id, notification } of sent) {
    await notifier.show(noticeOf(id, notification, titles)).catch((error: unknown) => console.warn('[postcart] could not show an alert', error));
  }
  if (sent.length) await notifier.badge(await unseenAlertCount(db)).catch((error: unknown) => console.warn('[postcart] could not set the badge', error));
  return decision;
}

// ---------------------------------------------------------------- in words

const money = (minor: number, currency: string) => formatMoney({ minor, currency });

/** The item a product's notification tells: the deepest price drop, else back in stock. */
function headline(alert: ProductAlert): AlertItem {
  const prices = alert.items.filter((item) => item.rule !== 'back-in-stock');
  if (prices.length === 0) return alert.items[0]!;
  return prices.reduce((best, item) => ((item.dropPercent ?? 0) > (best.dropPercent ?? 0) ? item : best));
}

function productNotice(id: string, alert: ProductAlert, product: StoredProduct | undefined): Notice {
  const item = headline(alert);
  const title = product?.title ?? '';
  const price = money(item.priceMinor, item.currency);
  if (item.rule === 'back-in-stock') {
    const variant = product?.variants.find((v) => v.id === item.variantId)?.title || title;
    return { id, productId: alert.productId, title: t('notifyBackInStock', title), message: t('notifyBackInStockBody', [variant, price]) };
  }
  const message =
    item.rule === 'target' && item.thresholdMinor !== null
      ? t('notifyTargetBody', [price, money(item.thresholdMinor, item.currency)])
      : t('notifyPriceDropBody', [price, formatPercent((item.dropPercent ?? 0) / 100), money(item.referenceMinor ?? item.priceMinor, item.currency)]);
  return { id, productId: alert.productId, title: t('notifyPriceDrop', title), message };
}

/** A notification's title and text in the shopper's language. */
export function noticeOf(id: string, notification: AlertNotification, products: ReadonlyMap<string, StoredProduct>): Notice {
  if (notification.kind === 'single') return productNotice(id, notification.alert, products.get(notification.alert.productId));
  const names = notification.alerts.map((alert) => products.get(alert.productId)?.title ?? '').filter(Boolean);
  return { id, productId: null, title: t('notifyDigest', String(notification.alerts.length)), message: names.join(', ').slice(0, 300) };
}
