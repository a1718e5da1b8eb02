import type { PostOffer } from '@/utils/platform/messages';
import { formatMoney } from '@/utils/platform/format';
import { t, uiLocale } from '@/utils/platform/i18n';

export interface PinDotsProps {
  /** The post's offers: those with a pin get a dot. */
  offers: PostOffer[];
  onOpen: (offer: PostOffer, event: MouseEvent) => void;
}

/** The shoppers' dots where sellers pinned products on the picture; each opens the product card. */
export function PinDots({ offers, onOpen }: PinDotsProps) {
  const locale = uiLocale();
  return (
    <>
      {offers.map((offer) =>
        offer.pin ? (
          <button
            key={offer.matchId}
            type="button"
            class="dot"
            // Physical left/top: a fraction of the picture, which is not mirrored in right-to-left pages.
            style={{ left: `${offer.pin.x * 100}%`, top: `${offer.pin.y * 100}%` }}
            aria-label={t('pinDotLabel', [offer.title, formatMoney({ minor: offer.priceMinor, currency: offer.currency }, locale)])}
            aria-haspopup="dialog"
            data-product-id={offer.productId}
            onClick={(event) => onOpen(offer, event)}
          />
        ) : null,
      )}
    </>
  );
}
