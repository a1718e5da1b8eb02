import type { PostOffer } from '@/utils/platform/messages';
import { formatMoney } from '@/utils/platform/format';
import { formatPercent, formatRating } from '@/utils/platform/format';
import { t, uiLocale } from '@/utils/platform/i18n';
import { textWidth } from '@/utils/overlay/placement';

export interface BuyButtonProps {
  offer: PostOffer;
  /** The inline size the pill may take (px); where it is less than the full pill needs, the pill is compact. */
  room?: number;
  onOpen: (offer: PostOffer, event: MouseEvent) => void;
}

/** The pill's texts: "Buy · $129.00", "−18%" (or null), "★4.6 (212)" (or null) and the price alone. */
function pillTexts(offer: PostOffer) {
  const amount = formatMoney({ minor: offer.priceMinor, currency: offer.currency }, uiLocale());
  // A linked shop's lowest of several prices reads "from $X".
  const price = offer.from ? t('linkedFromPrice', amount) : amount;
  // Only a reduction Postcart observed (never the merchant's compare-at price): "−18%".
  const reduction = offer.reduction ? t('cardReduction', formatPercent(offer.reduction.percent / 100)) : null;
  const rating = offer.rating === null ? null : t('ratingShort', [formatRating(offer.rating), offer.reviewCount]);
  return { price, label: t('buyButton', price), reduction, rating };
}

/** Padding (12px a side) and the gaps between the parts: what the full pill needs besides its text. */
const PILL_CHROME = 30;

/** The full pill's visible text. */
function fullText({ label, reduction, rating }: ReturnType<typeof pillTexts>): string {
  return [label, reduction, rating].filter(Boolean).join(' ');
}

/** How wide a pill showing `text` is (px), measured without a layout. */
function pillWidth(text: string): number {
  return Math.ceil(textWidth(text)) + PILL_CHROME;
}

/** How wide the full pill is (px), measured without a layout. */
export function fullPillWidth(offer: PostOffer): number {
  return pillWidth(fullText(pillTexts(offer)));
}

/**
 * "Buy · $129.00 −18% ★4.6 (212)": the one thing a shopper sees on a tagged post; where the room is
 * short, a cart and the price, with the full text in its accessible name. Never two lines.
 */
export function BuyButton({ offer, room, onOpen }: BuyButtonProps) {
  const texts = pillTexts(offer);
  const { price, label, reduction, rating } = texts;
  const visible = fullText(texts);
  const compact = room !== undefined && pillWidth(visible) > room;
  // The accessible name starts with the visible text (WCAG 2.5.3), then says what and from whom.
  const details =
    offer.rating === null
      ? t('buyButtonDetails', [offer.title, offer.merchantName])
      : t('buyButtonDetailsRated', [offer.title, offer.merchantName, formatRating(offer.rating), offer.reviewCount]);
  const was = offer.reduction && t('cardReductionWas', formatMoney({ minor: offer.reduction.wasMinor, currency: offer.currency }));
  return (
    <button
      type="button"
      class="buy"
      aria-label={`${visible}. ${was ? `${was}. ` : ''}${details}`}
      aria-haspopup="dialog"
      data-product-id={offer.productId}
      data-unavailable={offer.available ? undefined : ''}
      data-compact={compact ? '' : undefined}
      onClick={(event) => onOpen(offer, event)}
    >
      {compact ? (
        <>
          <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
            <path d="M2 3h3l2.6 11.2a2 2 0 0 0 2 1.6h7.9a2 2 0 0 0 1.9-1.5L21 7H6.2M9.5 21a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3m8 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3" fill="none" stroke="currentColor" stroke-width="2" />
          </svg>
          <span>{price}</span>
        </>
      ) : (
        <>
          <span>{label}</span>
          {reduction && (
            <>
              {' '}
              <span class="cut">{reduction}</span>
            </>
          )}
          {rating !== null && (
            <>
              {' '}
              <span class="rating">{rating}</span>
            </>
          )}
        </>
      )}
    </button>
  );
}
