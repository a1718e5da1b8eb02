import type { SearchHit } from '@/utils/messages';
import { formatMoney } from '@/utils/money';
import { t, uiLocale } from '@/utils/i18n';
import type { ActionStatus } from './ProductCard';

export interface TagEditorProps {
  query: string;
  hits: SearchHit[];
  productId: string | null;
  variantId: string | null;
  pin: { x: number; y: number } | null;
  status: ActionStatus;
  onQuery: (query: string) => void;
  onPick: (productId: string) => void;
  onVariant: (variantId: string) => void;
  onPlacePin: () => void;
  onSave: (event: MouseEvent) => void;
  onCancel: () => void;
}

/** Seller's popover: find a product, pick its variant, place the pin on the media, save. */
export function TagEditor(props: TagEditorProps) {
  const { query, hits, productId, variantId, pin, status } = props;
  const picked = hits.find((hit) => hit.productId === productId) ?? null;
  const locale = uiLocale();
  return (
    <div role="dialog" aria-modal="false" aria-labelledby="postcart-tag-title">
      <div class="card-head" style={{ gridTemplateColumns: '1fr auto' }}>
        <h2 class="title" id="postcart-tag-title">{t('tagEditorTitle')}</h2>
        <button type="button" class="close" aria-label={t('tagCancel')} onClick={props.onCancel}>×</button>
      </div>
      <label for="postcart-tag-search">{t('tagSearch')}</label>
      <input
        id="postcart-tag-search"
        type="search"
        autoComplete="off"
        placeholder={t('tagSearchPlaceholder')}
        value={query}
        onInput={(e) => props.onQuery((e.currentTarget as HTMLInputElement).value)}
      />
      {query.trim() && hits.length === 0 && <p class="muted">{t('tagNoResults', query.trim())}</p>}
      <ul class="hits">
        {hits.map((hit) => (
          <li key={hit.productId}>
            <button type="button" aria-pressed={hit.productId === productId} onClick={() => props.onPick(hit.productId)}>
              {hit.image ? <img src={hit.image} alt="" /> : null}
              <span>
                <strong>{hit.title}</strong>
                <br />
                <span class="muted">{hit.merchantName}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {picked && (
        <>
          <label for="postcart-tag-variant">{t('tagPickVariant')}</label>
          <select id="postcart-tag-variant" value={variantId ?? ''} onChange={(e) => props.onVariant((e.currentTarget as HTMLSelectElement).value)}>
            {picked.variants.map((v) => (
              <option key={v.id} value={v.id}>
                {(v.title || picked.title) + ' · ' + formatMoney({ minor: v.priceMinor, currency: v.currency }, locale)}
              </option>
            ))}
          </select>
          <div class="row">
            <button type="button" class="secondary" onClick={props.onPlacePin}>
              {t('tagPlacePin')}
            </button>
          </div>
          <p class="status" role="status">
            {pin ? t('tagPinPlaced', [String(Math.round(pin.x * 100)), String(Math.round(pin.y * 100))]) : ''}
          </p>
        </>
      )}
      <button type="button" class="primary" disabled={!picked || !variantId || !pin || status.kind === 'busy'} onClick={props.onSave}>
        {t('tagSave')}
      </button>
      <p class="status" role="status">{status.kind === 'done' || status.kind === 'error' ? status.message : ''}</p>
    </div>
  );
}
