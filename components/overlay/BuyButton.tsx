import type { PostOffer } from '@/utils/platform/messages';
import { formatMoney } from '@/utils/platform/format';
import { formatRating } from '@/utils/platform/format';
import { t, uiLocale } from '@/utils/platform/i18n';

export interface BuyButtonProps {
  offer: PostOffer;
  onOpen: (offer: PostOffer, event: MouseEvent) => void;
}

/** "Buy · $129.00 ★4.6 (212)": the one thing a shopper sees on a tagged post. */
export function BuyButton({ offer, onOpen }: BuyButtonProps) {
  const price = formatMoney({ minor: offer.priceMinor, currency: offer.currency }, uiLocale());
  const rating = offer.rating === null ? null : formatRating(offer.rating);
  const count = offer.reviewCount;
  const visible = rating === null ? t('buyButton', price) : `${t('buyButton', price)} ${t('ratingShort', [rating, count])}`;
  // The accessible name starts with the visible text (WCAG 2.5.3), then says what and from whom.
  const details = rating === null ? t('buyButtonDetails', [offer.title, offer.merchantName]) : t('buyButtonDetailsRated', [offer.title, offer.merchantName, rating, count]);
  const label = `${visible}. ${details}`;
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
      {rating !== null && (
        <>
          {' '}
          <span class="rating">{t('ratingShort', [rating, count])}</span>
        </>
      )}
    </button>
  );
}
