import type { VariantPrice } from '@/utils/platform/messages';
import { formatDate, formatMoney, formatMonthDay, formatPercent } from '@/utils/platform/format';
import { t, uiDirection } from '@/utils/platform/i18n';

export interface PriceHistoryProps {
  price: VariantPrice;
  locale?: string;
}

/**
 * The card's price history: a step chart of the last 90 days (drawn from the background's chart
 * model, coloured by the overlay's variables so it follows dark pages; mirrored right to left so
 * time runs the way the reader reads), with its summary as the chart's accessible name, "Data
 * since", the lowest price of the last 30 days and the typical price.
 */
export function PriceHistory({ price, locale }: PriceHistoryProps) {
  const money = (minor: number) => formatMoney({ minor, currency: price.currency }, locale);
  const { chart, lowest30, typical } = price;
  const summary = chart ? t('cardPriceHistorySummary', [money(chart.low.priceMinor), formatMonthDay(chart.low.at, locale), money(chart.high.priceMinor)]) : '';
  return (
    <section class="history" aria-label={t('cardPriceHistory')} dir={uiDirection()} data-testid="price-history">
      {chart && (
        <svg class="chart" viewBox={`0 0 ${chart.width} ${chart.height}`} preserveAspectRatio="none" role="img" aria-label={summary}>
          {chart.outOfStock.map((span) => (
            <rect key={span.x} class="oos" x={span.x} y={0} width={span.width} height={chart.height} />
          ))}
          <line class="guide" x1={0} x2={chart.width} y1={chart.low.y} y2={chart.low.y} />
          <path class="line" d={chart.path} />
        </svg>
      )}
      <p class="muted">
        {t('cardDataSince', formatDate(price.dataSince, locale))}
        {chart && chart.outOfStock.length > 0 && ` · ${t('cardChartOutOfStock')}`}
      </p>
      <p>
        {lowest30.complete ? t('cardLowest30', money(lowest30.priceMinor)) : t('cardLowestSince', [formatDate(price.dataSince, locale), money(lowest30.priceMinor)])}
      </p>
      {typical && (
        <p>{typical.lowMinor === typical.highMinor ? t('cardTypicalPrice', money(typical.lowMinor)) : t('cardTypicalRange', [money(typical.lowMinor), money(typical.highMinor)])}</p>
      )}
    </section>
  );
}

export interface PriceClaimProps {
  price: VariantPrice;
  locale?: string;
}

/**
 * What the card says next to the price: a reduction only as Postcart observed it (the lowest
 * price of the 30 days before, struck through, and the floored percentage), or the merchant's
 * compare-at price named as the merchant's reference, without a percentage.
 */
export function PriceClaim({ price, locale }: PriceClaimProps) {
  const { claim } = price;
  if (claim.kind === 'reduction') {
    const was = formatMoney({ minor: claim.wasMinor, currency: price.currency }, locale);
    return (
      <>
        <span class="sr">{t('cardReductionWas', was)}</span>
        <s aria-hidden="true">{was}</s>
        <span class="sale">{t('cardReduction', formatPercent(claim.percent / 100, locale))}</span>
      </>
    );
  }
  if (claim.kind === 'reference') {
    return <span class="muted">{t('cardMerchantReference', formatMoney({ minor: claim.compareAtMinor, currency: price.currency }, locale))}</span>;
  }
  return null;
}
