import type { CardData, MatchReason } from '@/utils/platform/messages';
import { formatMoney } from '@/utils/platform/format';
import { ageOf } from '@/utils/platform/format';
import { isolate, t, uiLocale } from '@/utils/platform/i18n';
import { ReviewSummary } from './ReviewSummary';

export type ActionStatus = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; message: string };

export interface ProductCardProps {
  data: CardData | null;
  /** Why the post showed this product; explained at the foot of the card. */
  reason: MatchReason;
  loading: boolean;
  variantId: string | null;
  status: ActionStatus;
  onSelectVariant: (variantId: string) => void;
  onAdd: (event: MouseEvent) => void;
  onClose: () => void;
}

/** The product card popover: image, title, merchant, variants, price, reviews, add to cart. */
export function ProductCard({ data, reason, loading, variantId, status, onSelectVariant, onAdd, onClose }: ProductCardProps) {
  const titleId = 'postcart-card-title';
  if (loading || !data) {
    return (
      <div role="dialog" aria-modal="false" aria-label={t('extName')}>
        <div class="card-head" style={{ gridTemplateColumns: '1fr auto' }}>
          <p>{loading ? t('cardLoading') : t('cardUnavailable')}</p>
          <button type="button" class="close" aria-label={t('cardClose')} onClick={onClose}>×</button>
        </div>
      </div>
    );
  }
  const variant = data.variants.find((v) => v.id === variantId) ?? data.variants[0]!;
  const locale = uiLocale();
  const price = formatMoney({ minor: variant.priceMinor, currency: variant.currency }, locale);
  const hasChoice = data.variants.length > 1;
  return (
    <div role="dialog" aria-modal="false" aria-labelledby={titleId}>
      <div class="card-head">
        {data.product.images[0] ? <img src={data.product.images[0]} alt="" /> : <span />}
        <div>
          <h2 class="title" id={titleId}>
            <bdi>{data.product.title}</bdi>
          </h2>
          <p class="muted">{t('cardBy', data.merchant.name)}</p>
        </div>
        <button type="button" class="close" aria-label={t('cardClose')} onClick={onClose}>×</button>
      </div>

      <div class="price">
        <strong data-testid="card-price">{price}</strong>
        {variant.compareAtMinor !== null && (
          <>
            <s aria-label={t('cardWas', formatMoney({ minor: variant.compareAtMinor, currency: variant.currency }, locale))}>
              {formatMoney({ minor: variant.compareAtMinor, currency: variant.currency }, locale)}
            </s>
            <span class="sale">−{Math.round((1 - variant.priceMinor / variant.compareAtMinor) * 100)}%</span>
          </>
        )}
        {!variant.available && <span class="sale">{t('cardOutOfStock')}</span>}
      </div>
      {data.pricedAt !== null && <p class="muted">{pricedAgo(data.pricedAt)}</p>}

      {hasChoice && (
        <>
          <label for="postcart-variant">{t('cardVariant')}</label>
          <select id="postcart-variant" value={variant.id} onChange={(e) => onSelectVariant((e.currentTarget as HTMLSelectElement).value)}>
            {data.variants.map((v) => (
              <option key={v.id} value={v.id}>
                {isolate(v.title || data.product.title)}
                {v.available ? '' : ` (${t('cardOutOfStock')})`}
              </option>
            ))}
          </select>
        </>
      )}

      <button type="button" class="primary" disabled={!variant.available || status.kind === 'busy'} onClick={onAdd}>
        {t('cardAddToCart')}
      </button>
      <p class="status" role="status">
        {status.kind === 'done' || status.kind === 'error' ? status.message : ''}
      </p>

      {data.product.description && <p dir="auto">{data.product.description}</p>}
      {data.reviews ? <ReviewSummary reviews={data.reviews} /> : <p class="muted">{t('cardNoReviews')}</p>}
      <p class="why">{whyText(reason, data.merchant.name)}</p>
    </div>
  );
}

/** "Price as of 3 hours ago": one message per unit, so every language words the whole phrase (and Intl's data is not needed). */
function pricedAgo(at: number): string {
  const [unit, count] = ageOf(at, Date.now());
  return unit ? t(`cardPriced_${unit}`, count) : t('cardPricedNow');
}

function whyText(reason: MatchReason, merchant: string): string {
  if (reason === 'link') return t('cardWhyLink');
  if (reason === 'caption') return t('cardWhyCaption', merchant);
  return t('cardWhyTagged');
}
