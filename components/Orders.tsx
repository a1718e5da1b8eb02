/** Order history, newest first. Render only. */
import type { Order } from '../utils/model';
import { formatMoney } from '../utils/money';
import { lineTotal } from '../utils/cart';
import { t } from '../utils/i18n';
import { isHttpsUrl } from './Cart';

export interface OrdersProps {
  orders: readonly Order[];
  locale?: string;
}

export const ORDER_STATUS_KEYS: Record<Order['status'], string> = {
  'handed-off': 'orderStatusHandedOff',
  placed: 'orderStatusPlaced',
  failed: 'orderStatusFailed',
};

function dateFormatter(locale: string | undefined): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }
}

export function Orders({ orders, locale }: OrdersProps) {
  if (orders.length === 0) {
    return (
      <div class="pc-empty">
        <p class="pc-empty-title">{t('ordersEmpty')}</p>
        <p class="pc-muted">{t('ordersEmptyHint')}</p>
      </div>
    );
  }
  const dates = dateFormatter(locale);
  const numbers = new Intl.NumberFormat(locale);
  const sorted = [...orders].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <div class="pc-orders">
      <h2 class="pc-visually-hidden">{t('ordersHeading')}</h2>
      {sorted.map((order, index) => {
        const headingId = `pc-order-${index}`;
        const when = new Date(order.createdAt);
        return (
          <article class="pc-group pc-order" aria-labelledby={headingId} key={order.id}>
            <div class="pc-order-head">
              <h3 class="pc-group-title" id={headingId}>
                {order.merchantName}
              </h3>
              <span class={`pc-status pc-status-${order.status}`}>{t(ORDER_STATUS_KEYS[order.status])}</span>
            </div>
            <p class="pc-muted pc-small">
              <time dateTime={when.toISOString()}>{dates.format(when)}</time>
            </p>
            <ul class="pc-order-lines">
              {order.lines.map((line) => (
                <li key={line.id}>
                  <span>
                    {t('orderLine', [numbers.format(line.quantity), line.title])}
                    {line.variantTitle && <span class="pc-muted"> · {line.variantTitle}</span>}
                  </span>
                  <span class="pc-line-total">{formatMoney(lineTotal(line), locale)}</span>
                </li>
              ))}
            </ul>
            <dl class="pc-subtotals">
              <dt>{t('ordersTotal')}</dt>
              {order.totals.map((total) => (
                <dd key={total.currency} data-currency={total.currency}>
                  {formatMoney(total, locale)}
                </dd>
              ))}
            </dl>
            {isHttpsUrl(order.checkoutUrl) && (
              <a
                class="pc-button pc-secondary"
                href={order.checkoutUrl}
                target="_blank"
                rel="noopener noreferrer"
                aria-describedby={headingId}
              >
                {t('ordersOpenCheckout')}
              </a>
            )}
          </article>
        );
      })}
    </div>
  );
}
