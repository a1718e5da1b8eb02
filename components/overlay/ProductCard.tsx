import type { CardData, CardSameItem, MatchReason } from '@/utils/platform/messages';
import { formatMoney } from '@/utils/platform/format';
import { ageOf, formatAge } from '@/utils/platform/format';
import { isolate, t, uiLocale } from '@/utils/platform/i18n';
import type { AiOffer } from './ReviewInsights';
import { ReviewSummary } from './ReviewSummary';
import { PriceClaim, PriceHistory } from './PriceHistory';
import { CardWatches, type CardWatchesProps, type WatchStatus } from './CardWatches';
import { SameItems } from './SameItems';

export type ActionStatus = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; message: string };

export interface ProductCardProps {
  data: CardData | null;
  /** Why the post showed this product; explained at the foot of the card. Null for another merchant's card opened from this one. */
  reason: MatchReason | null;
  loading: boolean;
  variantId: string | null;
  status: ActionStatus;
  onSelectVariant: (variantId: string) => void;
  onAdd: (event: MouseEvent) => void;
  /** "Remove" on a product read from a linked shop. */
  onForget?: (event: MouseEvent) => void;
  onClose: () => void;
  watchStatus?: WatchStatus;
  onSaveWatch?: CardWatchesProps['onSave'];
  onChangeWatch?: CardWatchesProps['onChange'];
  onWatchFormToggle?: () => void;
  ai?: AiOffer;
  onAi?: (event: MouseEvent) => void;
  /** Opens another merchant's card of the same item in this popover. */
  onViewSameItem?: (offer: CardSameItem) => void;
  /** Back to the card this one was opened from. */
  onBack?: () => void;
}

/** The product card popover: image, title, merchant, variants, price, reviews, add to cart. */
export function ProductCard({
  data,
  reason,
  loading,
  variantId,
  status,
  onSelectVariant,
  onAdd,
  onForget,
  onClose,
  watchStatus,
  onSaveWatch,
  onChangeWatch,
  onWatchFormToggle,
  ai = null,
  onAi = () => {},
  onViewSameItem = () => {},
  onBack,
}: ProductCardProps) {
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
  const linked = data.linked;
  const amount = formatMoney({ minor: variant.priceMinor, currency: variant.currency }, locale);
  const price = linked?.from ? t('linkedFromPrice', amount) : amount;
  const hasChoice = data.variants.length > 1;
  // The price history is the selected option's; while another option's is on its way, none.
  const history = data.price?.variantId === variant.id ? data.price : null;
  const now = Date.now();
  return (
    <div role="dialog" aria-modal="false" aria-labelledby={titleId}>
      <div class="card-head">
        {data.product.images[0] ? <img src={data.product.images[0]} alt="" /> : <span />}
        <div>
          <h2 class="title" id={titleId}>
            <bdi>{data.product.title}</bdi>
          </h2>
          <p class="muted">{t('cardBy', data.merchant.name)}</p>
          <p class="muted">{data.source.demo ? t('cardFromDemo') : t('cardFrom', data.source.name)}</p>
        </div>
        <button type="button" class="close" aria-label={t('cardClose')} onClick={onClose}>×</button>
      </div>

      <div class="price">
        <strong data-testid="card-price">{price}</strong>
        {/* A reduction only as Postcart observed it; the merchant's compare-at price is no evidence of one. */}
        {history && <PriceClaim price={history} locale={locale} />}
        {!variant.available && <span class="sale">{t('cardOutOfStock')}</span>}
      </div>
      {history?.claim.kind === 'reference' && <p class="muted">{t('cardMerchantReferenceNote')}</p>}
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

      {linked?.from ? (
        // Only the lowest of several prices is known: the shopper chooses (and buys) on the shop's page.
        <a class="primary" href={linked.url} target="_blank" rel="noopener noreferrer">
          {t('linkedChooseOnShop')}
        </a>
      ) : (
        // Busy is aria-disabled, not disabled: a disabled button would drop the keyboard focus out of the card.
        <button type="button" class="primary" disabled={!variant.available} aria-disabled={status.kind === 'busy' ? 'true' : undefined} onClick={onAdd}>
          {t('cardAddToCart')}
        </button>
      )}
      {linked && (
        <button type="button" class="secondary" onClick={onForget}>
          {t('linkedRemove')}
        </button>
      )}
      <p class="status" role="status">
        {status.kind === 'done' || status.kind === 'error' ? status.message : ''}
      </p>

      {history && <PriceHistory price={history} locale={locale} />}
      {onSaveWatch && onChangeWatch && (
        <CardWatches
          watches={data.watches}
          variant={variant}
          hasChoice={hasChoice}
          status={watchStatus ?? { kind: 'idle' }}
          locale={locale}
          now={now}
          onSave={onSaveWatch}
          onChange={onChangeWatch}
          onFormToggle={onWatchFormToggle}
        />
      )}

      <SameItems offers={data.sameItems[variant.id] ?? []} onView={onViewSameItem} />

      {data.product.description && <p dir="auto">{data.product.description}</p>}
      {data.reviews ? <ReviewSummary reviews={data.reviews} insights={data.insights} ai={ai} onAi={onAi} /> : <p class="muted">{t('cardNoReviews')}</p>}
      {reason ? (
        <p class="why">{linked ? t('linkedWhy', [linked.host, formatAge(linked.readAt, Date.now())]) : whyText(reason, data.merchant.name)}</p>
      ) : (
        <button type="button" class="secondary" onClick={onBack}>
          {t('cardBack')}
        </button>
      )}
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
