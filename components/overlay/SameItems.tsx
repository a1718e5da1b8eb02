import type { CardSameItem } from '@/utils/platform/messages';
import { formatDate, formatMoney, formatPercent } from '@/utils/platform/format';
import { t } from '@/utils/platform/i18n';

const TIER_KEYS = { same: 'sameItemSame', 'same-model': 'sameItemModel', similar: 'sameItemSimilar' } as const;

export interface SameItemsProps {
  offers: CardSameItem[];
  /** Opens the other merchant's card (adding to the cart happens there). */
  onView: (offer: CardSameItem) => void;
}

/**
 * "Same item elsewhere": one cheaper offer per tier, each tier named differently (a similar title
 * is never called the same item), with the saving and what the comparison includes.
 */
export function SameItems({ offers, onView }: SameItemsProps) {
  if (offers.length === 0) return null;
  return (
    <section aria-labelledby="postcart-same-items">
      <h3 class="muted" id="postcart-same-items">{t('sameItemHeading')}</h3>
      <ul class="offers">
        {offers.map((offer) => {
          const money = (minor: number, currency = offer.currency) => formatMoney({ minor, currency });
          const price = money(offer.priceMinor);
          // The saving is in this card's currency: the converted one's when another currency was compared.
          const savingCurrency = offer.converted?.currency ?? offer.currency;
          return (
            <li key={offer.tier} data-tier={offer.tier}>
              <p>
                <strong>{t(TIER_KEYS[offer.tier])}</strong> · <bdi>{offer.title}</bdi>
                {offer.variantTitle && ` · ${offer.variantTitle}`}
              </p>
              <p>
                {t('sameItemOffer', [offer.basis === 'lowest-in-stock' ? t('sameItemFrom', price) : price, offer.merchantName])}{' '}
                <span class="sale">{t('sameItemSaving', [money(offer.savingMinor, savingCurrency), formatPercent(offer.savingRatio)])}</span>
              </p>
              {offer.converted && (
                <p class="muted">{t('sameItemApprox', [money(offer.converted.minor, offer.converted.currency), offer.converted.source, formatDate(offer.converted.date)])}</p>
              )}
              <p class="muted">{t(offer.shippingIncluded ? 'sameItemWithShipping' : 'sameItemShippingExcluded')}</p>
              <button type="button" class="secondary" onClick={() => onView(offer)}>
                {t('sameItemView', offer.merchantName)}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
