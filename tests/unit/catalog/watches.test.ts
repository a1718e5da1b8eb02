import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '@/utils/catalog/history';
import {
  aboveRearmLevel,
  AlertState,
  createWatch,
  decideAlerts,
  initialAlertState,
  notificationId,
  notificationTarget,
  snoozeWatch,
  thresholdFor,
  Watch,
  type AlertDecision,
  type SyncOutcome,
  type WatchRule,
} from '@/utils/catalog/watches';
import type { StoredProduct } from '@/utils/catalog/model';
import { product, T0, variant } from './history-helpers';

/** A jacket in two sizes at 100.00 each. */
const jacket = (m: number, l = 10000, extra: { mInStock?: boolean; lInStock?: boolean; currency?: string } = {}) =>
  product('jacket', [
    variant('m', m, { available: extra.mInStock ?? true, currency: extra.currency ?? 'USD' }),
    variant('l', l, { available: extra.lInStock ?? true, currency: extra.currency ?? 'USD' }),
  ]);

function watchOn(rule: WatchRule, options: { id?: string; product?: StoredProduct; variantId?: string | null; now?: number } = {}): Watch {
  return createWatch({ id: options.id ?? 'w1', product: options.product ?? jacket(10000), variantId: options.variantId === undefined ? 'm' : options.variantId, rule, now: options.now ?? T0 });
}

/** Runs syncs against a set of watches the way the background will: states carried from one to the next. */
function follow(initial: Watch[]) {
  let watches = initial;
  const states = new Map<string, AlertState>();
  const decisions: AlertDecision[] = [];
  return {
    sync(products: StoredProduct[], now: number, outcome: SyncOutcome = 'complete'): AlertDecision {
      const decision = decideAlerts({ outcome, products: new Map(products.map((p) => [p.id, p])), watches, states: [...states.values()], now });
      for (const state of decision.states) states.set(state.watchId, AlertState.parse(state));
      decisions.push(decision);
      return decision;
    },
    setWatches(next: Watch[]) {
      watches = next;
    },
    get alerts() {
      return decisions.flatMap((d) => d.alerts);
    },
    get notifications() {
      return decisions.flatMap((d) => d.notifications);
    },
    states,
  };
}

const every30min = (i: number) => T0 + (i + 1) * 30 * 60_000;

describe('the issue\'s cases', () => {
  it('sends no alert for 50 syncs of one-cent wobbles', () => {
    const run = follow([watchOn({ kind: 'drop-percent', percent: 10 }), watchOn({ kind: 'target', targetMinor: 9500 }, { id: 'w2' })]);
    for (let i = 0; i < 50; i += 1) run.sync([jacket(i % 2 === 0 ? 9999 : 10001)], every30min(i));
    expect(run.alerts).toEqual([]);
  });

  it('sends exactly one alert for one 10 % drop', () => {
    const run = follow([watchOn({ kind: 'drop-percent', percent: 10 })]);
    run.sync([jacket(10000)], every30min(0));
    run.sync([jacket(9000)], every30min(1));
    for (let i = 2; i < 50; i += 1) run.sync([jacket(9000)], every30min(i));
    expect(run.alerts).toHaveLength(1);
    expect(run.alerts[0]).toEqual({
      productId: 'jacket',
      at: every30min(1),
      items: [{ watchId: 'w1', rule: 'drop-percent', variantId: 'm', currency: 'USD', priceMinor: 9000, referenceMinor: 10000, thresholdMinor: 9000, dropPercent: 10 }],
    });
    expect(run.notifications).toEqual([{ kind: 'single', alert: run.alerts[0] }]);
  });

  it('sends nothing from a failed or partial sync and alerts at the next complete one', () => {
    const run = follow([watchOn({ kind: 'drop-percent', percent: 10 })]);
    const failed = run.sync([jacket(8000)], every30min(0), 'failed');
    const partial = run.sync([jacket(8000)], every30min(1), 'partial');
    expect([failed, partial]).toEqual([
      { notifications: [], alerts: [], states: [], problems: [] },
      { notifications: [], alerts: [], states: [], problems: [] },
    ]);
    expect(run.sync([jacket(8000)], every30min(2)).alerts).toHaveLength(1);
  });

  it('honours a snooze of one day: nothing meanwhile, the alert after it if the price is still low', () => {
    const watch = snoozeWatch(watchOn({ kind: 'target', targetMinor: 9000 }), 'day', T0);
    const run = follow([watch]);
    run.sync([jacket(8500)], T0 + HOUR_MS);
    run.sync([jacket(8500)], T0 + 23 * HOUR_MS);
    expect(run.alerts).toEqual([]);
    run.sync([jacket(8500)], T0 + 25 * HOUR_MS);
    expect(run.alerts).toHaveLength(1);
  });

  it('honours a snooze of seven days, and off means never', () => {
    const week = follow([snoozeWatch(watchOn({ kind: 'target', targetMinor: 9000 }), 'week', T0)]);
    week.sync([jacket(8500)], T0 + 6 * DAY_MS);
    expect(week.alerts).toEqual([]);
    week.sync([jacket(8500)], T0 + 7 * DAY_MS + 1);
    expect(week.alerts).toHaveLength(1);

    const off = follow([snoozeWatch(watchOn({ kind: 'target', targetMinor: 9000 }), 'off', T0)]);
    for (let d = 1; d < 30; d += 1) off.sync([jacket(8500 - d)], T0 + d * DAY_MS);
    expect(off.alerts).toEqual([]);
    expect(off.states.size).toBe(0);
  });

  it('alerts back in stock for the watched variant only', () => {
    const outOfStock = jacket(10000, 10000, { mInStock: false, lInStock: false });
    const run = follow([watchOn({ kind: 'back-in-stock' }, { product: outOfStock, variantId: 'm' })]);
    run.sync([jacket(10000, 10000, { mInStock: false, lInStock: true })], every30min(0));
    expect(run.alerts).toEqual([]);
    run.sync([jacket(10000, 10000, { mInStock: true, lInStock: true })], every30min(1));
    expect(run.alerts).toHaveLength(1);
    expect(run.alerts[0]!.items).toEqual([
      { watchId: 'w1', rule: 'back-in-stock', variantId: 'm', currency: 'USD', priceMinor: 10000, referenceMinor: null, thresholdMinor: null, dropPercent: null },
    ]);
  });
});

describe('thresholds', () => {
  it('alerts at a price equal to the threshold, not one unit above', () => {
    const target = follow([watchOn({ kind: 'target', targetMinor: 9000 })]);
    target.sync([jacket(9001)], every30min(0));
    expect(target.alerts).toEqual([]);
    target.sync([jacket(9000)], every30min(1));
    expect(target.alerts).toHaveLength(1);

    const amount = follow([watchOn({ kind: 'drop-amount', amountMinor: 1500 })]);
    amount.sync([jacket(8501)], every30min(0));
    amount.sync([jacket(8500)], every30min(1));
    expect(amount.alerts.map((a) => a.items[0]!.priceMinor)).toEqual([8500]);
  });

  it('computes a percent threshold in integer minor units, without floating-point drift', () => {
    // In floating point 1 − 930/1000 is 0.06999…, which a naive check reads as less than 7 %.
    expect(1 - 930 / 1000 < 0.07).toBe(true);
    expect(thresholdFor({ kind: 'drop-percent', percent: 7 }, 1000)).toBe(930);
    expect(thresholdFor({ kind: 'drop-percent', percent: 10 }, 1999)).toBe(1799);
    // Huge amounts stay exact too (floating point gives …464 here).
    expect(thresholdFor({ kind: 'drop-percent', percent: 33 }, Number.MAX_SAFE_INTEGER)).toBe(6034823500676463);
    const run = follow([watchOn({ kind: 'drop-percent', percent: 7 }, { product: jacket(1000) })]);
    run.sync([jacket(931)], every30min(0));
    expect(run.alerts).toEqual([]);
    run.sync([jacket(930)], every30min(1));
    expect(run.alerts).toHaveLength(1);
    expect(run.alerts[0]!.items[0]!.dropPercent).toBe(7);
  });

  it('reads 5 as five percent, not a fraction (Price Wise\'s unit bug)', () => {
    expect(Watch.safeParse({ ...watchOn({ kind: 'drop-percent', percent: 5 }), rule: { kind: 'drop-percent', percent: 0.05 } }).success).toBe(false);
    const run = follow([watchOn({ kind: 'drop-percent', percent: 5 })]);
    run.sync([jacket(9995)], every30min(0));
    run.sync([jacket(9501)], every30min(1));
    expect(run.alerts).toEqual([]);
    run.sync([jacket(9500)], every30min(2));
    expect(run.alerts).toHaveLength(1);
  });

  it('alerts once for a drop spread over several syncs, when it crosses the threshold', () => {
    const run = follow([watchOn({ kind: 'drop-percent', percent: 10 })]);
    const prices = [9700, 9400, 9100, 8900, 8700, 8500];
    prices.forEach((price, i) => run.sync([jacket(price)], every30min(i)));
    expect(run.alerts.map((a) => a.items[0]!.priceMinor)).toEqual([8900]);
  });

  it('never alerts for a rise, nor for a drop that stays above the threshold', () => {
    const run = follow([watchOn({ kind: 'drop-percent', percent: 10 })]);
    for (const [i, price] of [12000, 15000, 9500, 9100, 9200].entries()) run.sync([jacket(price)], every30min(i));
    expect(run.alerts).toEqual([]);
    // After an alert at 85.00 the price rising to 89.00 (still under the threshold) says nothing.
    run.sync([jacket(8500)], every30min(10));
    run.sync([jacket(8900)], every30min(11));
    run.sync([jacket(8900)], every30min(11) + 8 * DAY_MS);
    expect(run.alerts.map((a) => a.items[0]!.priceMinor)).toEqual([8500]);
  });

  it('never alerts for a price of 0', () => {
    const run = follow([watchOn({ kind: 'target', targetMinor: 9000 })]);
    run.sync([jacket(0)], every30min(0));
    expect(run.alerts).toEqual([]);
  });
});

describe('re-arming', () => {
  it('re-arms when the price goes back above the threshold by more than 1 %', () => {
    const run = follow([watchOn({ kind: 'target', targetMinor: 9000 })]);
    run.sync([jacket(8900)], T0 + DAY_MS);
    run.sync([jacket(9090)], T0 + 2 * DAY_MS); // 1 % above: not yet
    run.sync([jacket(8900)], T0 + 3 * DAY_MS);
    expect(run.alerts).toHaveLength(1);
    run.sync([jacket(9091)], T0 + 4 * DAY_MS);
    run.sync([jacket(8900)], T0 + 5 * DAY_MS);
    expect(run.alerts).toHaveLength(2);
    expect(aboveRearmLevel(9090, 9000)).toBe(false);
    expect(aboveRearmLevel(9091, 9000)).toBe(true);
  });

  it('alerts once for a one-cent wobble around the target', () => {
    const run = follow([watchOn({ kind: 'target', targetMinor: 9999 })]);
    for (let i = 0; i < 50; i += 1) run.sync([jacket(i % 2 === 0 ? 10000 : 9999)], T0 + i * 12 * HOUR_MS);
    expect(run.alerts).toHaveLength(1);
  });

  it('re-arms after 7 days from the announced price: a further drop of the same size alerts again', () => {
    const run = follow([watchOn({ kind: 'drop-percent', percent: 10 })]);
    run.sync([jacket(9000)], T0);
    run.sync([jacket(8000)], T0 + 3 * DAY_MS); // further down within the 7 days: quiet
    expect(run.alerts).toHaveLength(1);
    run.sync([jacket(8000)], T0 + 7 * DAY_MS); // re-armed from 90.00: 80.00 is 11 % below it
    expect(run.alerts.map((a) => [a.items[0]!.priceMinor, a.items[0]!.referenceMinor])).toEqual([[9000, 10000], [8000, 9000]]);
    run.sync([jacket(7500)], T0 + 15 * DAY_MS); // re-armed from 80.00: 75.00 is only 6 % below
    expect(run.alerts).toHaveLength(2);
  });

  it('after 7 days a target watch alerts again only at a price at least 1 % lower than announced', () => {
    const run = follow([watchOn({ kind: 'target', targetMinor: 9000 })]);
    run.sync([jacket(8000)], T0);
    run.sync([jacket(7921)], T0 + 8 * DAY_MS);
    expect(run.alerts).toHaveLength(1);
    run.sync([jacket(7920)], T0 + 9 * DAY_MS);
    expect(run.alerts).toHaveLength(2);
  });

  it('re-arms a back-in-stock watch when the variant is out of stock again', () => {
    const run = follow([watchOn({ kind: 'back-in-stock' }, { product: jacket(10000, 10000, { mInStock: false }) })]);
    run.sync([jacket(10000)], T0);
    run.sync([jacket(10000)], T0 + 8 * DAY_MS);
    run.sync([jacket(10000, 10000, { mInStock: false })], T0 + 9 * DAY_MS);
    run.sync([jacket(10000)], T0 + 10 * DAY_MS);
    expect(run.alerts.map((a) => a.at)).toEqual([T0, T0 + 10 * DAY_MS]);
  });
});

describe('grouping', () => {
  it('sends at most one alert per product per 24 hours; a held alert follows if still due', () => {
    const run = follow([
      watchOn({ kind: 'target', targetMinor: 9000 }, { id: 'medium', variantId: 'm' }),
      watchOn({ kind: 'target', targetMinor: 9000 }, { id: 'large', variantId: 'l' }),
    ]);
    run.sync([jacket(8500, 10000)], T0);
    run.sync([jacket(8500, 8500)], T0 + 2 * HOUR_MS);
    expect(run.alerts.map((a) => a.items.map((i) => i.watchId))).toEqual([['medium']]);
    run.sync([jacket(8500, 8500)], T0 + 24 * HOUR_MS);
    expect(run.alerts.map((a) => a.items.map((i) => i.watchId))).toEqual([['medium'], ['large']]);
  });

  it('puts two watches of one product that become due together in one alert', () => {
    const run = follow([
      watchOn({ kind: 'target', targetMinor: 9000 }, { id: 'medium', variantId: 'm' }),
      watchOn({ kind: 'drop-amount', amountMinor: 500 }, { id: 'large', variantId: 'l' }),
    ]);
    run.sync([jacket(8500, 9000)], T0);
    expect(run.alerts).toHaveLength(1);
    expect(run.alerts[0]!.items.map((i) => i.watchId)).toEqual(['medium', 'large']);
  });

  it('turns more than three product alerts into one digest, and keeps three as three', () => {
    const products = (n: number, price: number) => Array.from({ length: n }, (_, i) => product(`p${i}`, [variant('v', price)]));
    const watchesFor = (n: number) => products(n, 10000).map((p, i) => createWatch({ id: `w${i}`, product: p, variantId: 'v', rule: { kind: 'target', targetMinor: 9000 }, now: T0 }));
    const four = follow(watchesFor(4));
    four.sync(products(4, 8000), T0);
    expect(four.notifications).toHaveLength(1);
    expect(four.notifications[0]).toMatchObject({ kind: 'digest' });
    expect(four.notifications[0]!.kind === 'digest' && four.notifications[0]!.alerts.map((a) => a.productId)).toEqual(['p0', 'p1', 'p2', 'p3']);
    const three = follow(watchesFor(3));
    three.sync(products(3, 8000), T0);
    expect(three.notifications.map((n) => n.kind)).toEqual(['single', 'single', 'single']);
  });
});

describe('what a watch follows', () => {
  it('follows the cheapest variant in stock when made for any variant', () => {
    const run = follow([watchOn({ kind: 'target', targetMinor: 9000 }, { variantId: null })]);
    run.sync([jacket(8500, 10000, { mInStock: false })], T0);
    expect(run.alerts).toEqual([]);
    run.sync([jacket(8500, 8800, { mInStock: false })], T0 + HOUR_MS);
    expect(run.alerts[0]!.items[0]).toMatchObject({ variantId: 'l', priceMinor: 8800 });
  });

  it('alerts for a variant below the target only once it is in stock', () => {
    const run = follow([watchOn({ kind: 'target', targetMinor: 9000 })]);
    run.sync([jacket(8500, 10000, { mInStock: false })], T0);
    expect(run.alerts).toEqual([]);
    run.sync([jacket(8500)], T0 + HOUR_MS);
    expect(run.alerts).toHaveLength(1);
  });

  it('reports a changed currency, a deleted variant or product instead of alerting', () => {
    const run = follow([watchOn({ kind: 'target', targetMinor: 9000 })]);
    expect(run.sync([jacket(5000, 5000, { currency: 'EUR' })], T0).problems).toEqual([{ watchId: 'w1', reason: 'currency-changed' }]);
    expect(run.sync([product('jacket', [variant('l', 5000)])], T0).problems).toEqual([{ watchId: 'w1', reason: 'variant-gone' }]);
    const gone = decideAlerts({ outcome: 'complete', products: new Map([['jacket', null]]), watches: [watchOn({ kind: 'target', targetMinor: 9000 })], states: [], now: T0 });
    expect(gone.problems).toEqual([{ watchId: 'w1', reason: 'product-gone' }]);
    expect(run.alerts).toEqual([]);
  });

  it('leaves watches of products the sync did not cover alone', () => {
    const watch = watchOn({ kind: 'target', targetMinor: 9000 });
    const decision = decideAlerts({ outcome: 'complete', products: new Map([['other', product('other', [variant('v', 1)])]]), watches: [watch], states: [], now: T0 });
    expect(decision).toEqual({ notifications: [], alerts: [], states: [], problems: [] });
  });

  it('writes a state only when it changed', () => {
    const run = follow([watchOn({ kind: 'target', targetMinor: 9000 })]);
    expect(run.sync([jacket(9500)], T0).states).toEqual([initialAlertState(watchOn({ kind: 'target', targetMinor: 9000 }))]);
    expect(run.sync([jacket(9400)], T0 + HOUR_MS).states).toEqual([]);
    expect(run.sync([jacket(8000)], T0 + 2 * HOUR_MS).states).toMatchObject([{ phase: 'spent', spentPriceMinor: 8000, alertedAt: T0 + 2 * HOUR_MS }]);
  });
});

describe('making, snoozing and opening watches', () => {
  it('takes the baseline from the product as it is now', () => {
    expect(watchOn({ kind: 'drop-percent', percent: 10 }, { product: jacket(12900) })).toEqual({
      id: 'w1',
      productId: 'jacket',
      variantId: 'm',
      rule: { kind: 'drop-percent', percent: 10 },
      currency: 'USD',
      baselineMinor: 12900,
      createdAt: T0,
      snoozedUntil: null,
      enabled: true,
    });
  });

  it('refuses a rule that is already met or makes no sense', () => {
    expect(() => watchOn({ kind: 'target', targetMinor: 10000 })).toThrow(/below the current price/);
    expect(() => watchOn({ kind: 'drop-amount', amountMinor: 10000 })).toThrow(/smaller than the current price/);
    expect(() => watchOn({ kind: 'back-in-stock' })).toThrow(/in stock/);
    expect(() => watchOn({ kind: 'back-in-stock' }, { variantId: null, product: jacket(1, 1, { mInStock: false, lInStock: false }) })).toThrow();
    expect(() => watchOn({ kind: 'target', targetMinor: 9000 }, { variantId: 'xl' })).toThrow(/no variant xl/);
    expect(() => watchOn({ kind: 'drop-percent', percent: 100 })).toThrow();
  });

  it('snoozes for a day or a week, turns off and resumes', () => {
    const watch = watchOn({ kind: 'target', targetMinor: 9000 });
    expect(snoozeWatch(watch, 'day', T0)).toMatchObject({ snoozedUntil: T0 + DAY_MS, enabled: true });
    expect(snoozeWatch(watch, 'week', T0)).toMatchObject({ snoozedUntil: T0 + 7 * DAY_MS, enabled: true });
    expect(snoozeWatch(watch, 'off', T0)).toMatchObject({ snoozedUntil: null, enabled: false });
    expect(snoozeWatch(snoozeWatch(watch, 'off', T0), 'resume', T0)).toMatchObject({ snoozedUntil: null, enabled: true });
  });

  it('names notifications so a click opens the product, or the watch list for a digest', () => {
    const alert = { productId: 'acme:1001', at: T0, items: [] };
    expect(notificationTarget(notificationId({ kind: 'single', alert }))).toEqual({ kind: 'product', productId: 'acme:1001' });
    expect(notificationTarget(notificationId({ kind: 'digest', alerts: [alert, alert] }))).toEqual({ kind: 'watches' });
    expect(notificationTarget('postcart-sync')).toBeNull();
    expect(notificationTarget('postcart-alert:')).toBeNull();
  });
});
