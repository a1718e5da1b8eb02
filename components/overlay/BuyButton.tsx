import type { PostOffer } from '@/utils/platform/messages';
import { formatMoney } from '@/utils/platform/format';
import { formatCount, formatPercent, formatRating } from '@/utils/platform/format';
import { t, uiLocale } from '@/utils/platform/i18n';

export interface BuyButtonProps {
  offer: PostOffer;
  onOpen: (offer: PostOffer, event: MouseEvent) => void;
}

/** "Buy · $129.00 ★4.6 (212)": the one thing a shopper sees on a tagged post. */
export function BuyButton({ offer, onOpen }: BuyButtonProps) {
  const amount = formatMoney({ minor: offer.priceMinor, currency: offer.currency }, uiLocale());
  // A linked shop's lowest of several prices reads "from $X".
  const price = offer.from ? t('linkedFromPrice', amount) : amount;
  const rating = offer.rating === null ? null : formatRating(offer.rating);
  const count = formatCount(offer.reviewCount);
  // Only a reduction Postcart observed (never the merchant's compare-at price): "−18%".
  const reduction = offer.reduction && t('cardReduction', formatPercent(offer.reduction.percent / 100));
  const visible = [t('buyButton', price), reduction, rating === null ? null : t('ratingShort', [rating, count])].filter(Boolean).join(' ');
  // The accessible name starts with the visible text (WCAG 2.5.3), then says what and from whom.
  const details = rating === null ? t('buyButtonDetails', [offer.title, offer.merchantName]) : t('buyButtonDetailsRated', [offer.title, offer.merchantName, rating, count]);
  const was = offer.reduction && t('cardReductionWas', formatMoney({ minor: offer.reduction.wasMinor, currency: offer.currency }));
  const label = `${visible}. ${was ? `${was}. ` : ''}${details}`;
  return (
    <button
      type="button"
      class="buy"
      aria-label={label}
      aria-haspopup="dialog"
      data-product-id={offer.productId}
      data-unavailable={offer.available ? undefined : ''}
      onClick={(event) => onOpen(offer, event)}
    >
      <span>{t('buyButton', price)}</span>
      {reduction && (
        <>
          {' '}
          <span class="cut">{reduction}</span>
        </>
      )}
      {rating !== null && (
        <>
          {' '}
          <span class="rating">{t('ratingShort', [rating, count])}</span>
        </>
      )}
    </button>
  );
}
