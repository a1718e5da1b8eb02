/** Order history, newest first, with retry, buy again and export. Render only. */
import type { Order } from '../../utils/catalog/model';
import type { ExportFormat } from '../../utils/checkout/order-export';
import { formatCount, formatDateTime, formatMoney } from '../../utils/platform/format';
import { lineTotal } from '../../utils/cart/cart';
import { reasonText, t } from '../../utils/platform/i18n';
import { isHttpsUrl, PLATFORM_NAME_KEYS } from './Cart';

export interface OrdersProps {
  orders: readonly Order[];
  locale?: string;
  /** Orders with an action in flight; their buttons are disabled. */
  pendingOrders?: readonly string[];
  onRetry: (orderId: string) => void;
  onBuyAgain: (orderId: string) => void;
  onExport: (format: ExportFormat) => void;
}

export const ORDER_STATUS_KEYS: Record<Order['status'], string> = {
  'handed-off': 'orderStatusHandedOff',
  pending: 'orderStatusPending',
  placed: 'orderStatusPlaced',
  failed: 'orderStatusFailed',
  rejected: 'orderStatusRejected',
};

export function Orders({ orders, locale, pendingOrders = [], onRetry, onBuyAgain, onExport }: OrdersProps) {
  if (orders.length === 0) {
    return (
      <div class="pc-empty">
        <p class="pc-empty-title">{t('ordersEmpty')}</p>
        <p class="pc-muted">{t('ordersEmptyHint')}</p>
      </div>
    );
  }
  const sorted = [...orders].sort((a, b) => b.createdAt - a.createdAt);
  return (
    <div class="pc-orders">
      <div class="pc-orders-head">
        <h2 class="pc-visually-hidden">{t('ordersHeading')}</h2>
        <span class="pc-muted pc-small">{t('ordersExport')}</span>
        <button type="button" class="pc-button pc-secondary pc-small" onClick={() => onExport('csv')}>
          {t('ordersExportCsv')}
        </button>
        <button type="button" class="pc-button pc-secondary pc-small" onClick={() => onExport('json')}>
          {t('ordersExportJson')}
        </button>
      </div>
      {sorted.map((order, index) => {
        const headingId = `pc-order-${index}`;
        const when = new Date(order.createdAt);
        const busy = pendingOrders.includes(order.id);
        const retryable = order.checkoutKind === 'orders-api' && (order.status === 'failed' || order.status === 'pending');
        return (
          <article class="pc-group pc-order" aria-labelledby={headingId} key={order.id} data-order-id={order.id} data-status={order.status}>
            <div class="pc-order-head">
              <h3 class="pc-group-title" id={headingId}>
                <bdi>{order.merchantName}</bdi>
              </h3>
              <span class={`pc-status pc-status-${order.status}`}>{t(ORDER_STATUS_KEYS[order.status])}</span>
            </div>
            <p class="pc-muted pc-small">
              <time dateTime={when.toISOString()}>{formatDateTime(when.getTime(), locale)}</time>
              {order.remote && <> · <span class="pc-order-number">{t('ordersNumber', String(order.remote.number))}</span></>}
            </p>
            {order.error && (order.status === 'failed' || order.status === 'rejected' || order.status === 'pending') && (
              <p class="pc-line-notice pc-small">
                {order.status === 'rejected' ? t('ordersRejected', reasonText(order.error)) : t('ordersNotThrough', reasonText(order.error))}
              </p>
            )}
            <ul class="pc-order-lines">
              {order.lines.map((line) => (
                <li key={line.id}>
                  <span>
                    {t('orderLine', [formatCount(line.quantity, locale), line.title])}
                    {line.variantTitle && (
                      <span class="pc-muted">
                        {' · '}
                        <bdi>{line.variantTitle}</bdi>
                      </span>
                    )}
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
            {order.sourcePosts.length > 0 && (
              <p class="pc-muted pc-small">
                {t('ordersFromPosts')}{' '}
                {order.sourcePosts.map((post, postIndex) => (
                  <span key={`${post.platform}:${post.postId}`}>
                    {postIndex > 0 && t('listSeparator')}
                    {isHttpsUrl(post.url) ? (
                      <a href={post.url} target="_blank" rel="noopener noreferrer">
                        {t(PLATFORM_NAME_KEYS[post.platform])}
                      </a>
                    ) : (
                      t(PLATFORM_NAME_KEYS[post.platform])
                    )}
                  </span>
                ))}
              </p>
            )}
            <div class="pc-order-actions">
              {retryable && (
                <button type="button" class="pc-button pc-primary" disabled={busy} aria-describedby={headingId} onClick={() => onRetry(order.id)}>
                  {t('ordersRetry')}
                </button>
              )}
              {isHttpsUrl(order.checkoutUrl) && (
                <a class="pc-button pc-secondary" href={order.checkoutUrl} target="_blank" rel="noopener noreferrer" aria-describedby={headingId}>
                  {t('ordersOpenCheckout')}
                </a>
              )}
              <button type="button" class="pc-button pc-secondary" disabled={busy} aria-describedby={headingId} onClick={() => onBuyAgain(order.id)}>
                {t('ordersBuyAgain')}
              </button>
            </div>
          </article>
        );
      })}
    </div>
  );
}
