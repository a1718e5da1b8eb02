import type { SearchHit } from '@/utils/platform/messages';
import { formatCount, formatMoney } from '@/utils/platform/format';
import { percent, type DraftPin, type Pins } from '@/utils/overlay/pins';
import { isolate, t, uiLocale } from '@/utils/platform/i18n';
import { MAX_TAGS_PER_POST } from '@/utils/platform/limits';

export interface TagEditorProps {
  /** Null while the post's tags load; the editor edits nothing it has not read. */
  pins: Pins | null;
  loadError: string | null;
  selected: string | null;
  query: string;
  hits: SearchHit[];
  /** The seller's own merchants the search is kept to (the background decides); empty: everything. */
  onlyMerchants: string[];
  productId: string | null;
  variantId: string | null;
  canUndo: boolean;
  canSave: boolean;
  /** The latest change or error, announced to screen readers. */
  note: string;
  itemRef: (key: string, el: HTMLButtonElement | null) => void;
  onKeyDown: (event: KeyboardEvent) => void;
  onQuery: (query: string) => void;
  onPick: (productId: string) => void;
  onVariant: (variantId: string) => void;
  onPlace: (event: MouseEvent) => void;
  onSelect: (key: string) => void;
  onPinKey: (pin: DraftPin, event: KeyboardEvent) => void;
  onRemove: () => void;
  onRetag: () => void;
  onUndo: () => void;
  onSave: (event: MouseEvent) => void;
  onCancel: () => void;
}

const HINT_ID = 'postcart-tag-hint';

/** The seller's editor: the post's numbered pins, a catalog search to add or retag, undo, save. */
export function TagEditor(props: TagEditorProps) {
  const { pins, selected, query, hits, productId, variantId } = props;
  const picked = hits.find((hit) => hit.productId === productId) ?? null;
  const locale = uiLocale();
  const full = pins !== null && pins.length >= MAX_TAGS_PER_POST;
  const index = pins?.findIndex((pin) => pin.key === selected) ?? -1;
  const number = String(index + 1);
  return (
    <div role="dialog" aria-modal="false" aria-labelledby="postcart-tag-title" onKeyDown={props.onKeyDown}>
      <div class="card-head" style={{ gridTemplateColumns: '1fr auto' }}>
        <h2 class="title" id="postcart-tag-title">{t('tagEditorTitle')}</h2>
        <button type="button" class="close" aria-label={t('tagCancel')} onClick={props.onCancel}>×</button>
      </div>
      {pins === null ? (
        <p class="muted">{props.loadError ?? t('cardLoading')}</p>
      ) : (
        <>
          <p class="muted" id="postcart-tag-count">{t('tagPinCount', [String(pins.length), String(MAX_TAGS_PER_POST)])}</p>
          {pins.length > 0 && (
            <ol class="hits" aria-labelledby="postcart-tag-count">
              {pins.map((pin, i) => (
                <li key={pin.key}>
                  <button
                    type="button"
                    ref={(el) => props.itemRef(pin.key, el)}
                    aria-pressed={pin.key === selected}
                    aria-describedby={HINT_ID}
                    onClick={() => props.onSelect(pin.key)}
                    onKeyDown={(event) => props.onPinKey(pin, event)}
                  >
                    <span class="num">{formatCount(i + 1)}</span> <bdi>{pinName(pin)}</bdi> <span class="muted">{t('tagPinAt', [percent(pin.x), percent(pin.y)])}{pin.pending ? ` · ${t('tagPending')}` : ''}</span>
                  </button>
                </li>
              ))}
            </ol>
          )}
          {pins.length > 0 && <p class="muted" id={HINT_ID}>{t('tagPinHint')}</p>}
          {index >= 0 && (
            <div class="row">
              <button type="button" class="secondary" onClick={props.onRemove}>{t('tagRemove', number)}</button>
              {picked && variantId && <button type="button" class="secondary" onClick={props.onRetag}>{t('tagRetag', number)}</button>}
            </div>
          )}
          <label for="postcart-tag-search">{t('tagSearch')}</label>
          <input
            id="postcart-tag-search"
            type="search"
            dir="auto"
            autoComplete="off"
            placeholder={t('tagSearchPlaceholder')}
            aria-describedby={props.onlyMerchants.length > 0 ? 'postcart-tag-scope' : undefined}
            value={query}
            onInput={(e) => props.onQuery((e.currentTarget as HTMLInputElement).value)}
          />
          {props.onlyMerchants.length > 0 && (
            <p class="muted" id="postcart-tag-scope">
              {t('tagScopeOwn', props.onlyMerchants.join(', '))}
            </p>
          )}
          {query.trim() && hits.length === 0 && <p class="muted">{t('tagNoResults', query.trim())}</p>}
          <ul class="hits">
            {hits.map((hit) => (
              <li key={hit.productId}>
                <button type="button" aria-pressed={hit.productId === productId} onClick={() => props.onPick(hit.productId)}>
                  {hit.image ? <img src={hit.image} alt="" /> : null}
                  <span>
                    <strong>
                      <bdi>{hit.title}</bdi>
                    </strong>
                    <br />
                    <bdi class="muted">{hit.merchantName}</bdi>
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
                    {`${isolate(v.title || picked.title)} · ${isolate(formatMoney({ minor: v.priceMinor, currency: v.currency }, locale))}`}
                  </option>
                ))}
              </select>
              <div class="row">
                <button type="button" class="secondary" disabled={full} onClick={props.onPlace}>
                  {t('tagPlacePin')}
                </button>
              </div>
            </>
          )}
          {full && <p class="muted">{t('tagLimit', String(MAX_TAGS_PER_POST))}</p>}
        </>
      )}
      <p class="status" role="status">{props.note}</p>
      <div class="row">
        <button type="button" class="secondary" disabled={!props.canUndo} onClick={props.onUndo}>{t('tagUndo')}</button>
        <button type="button" class="secondary" onClick={props.onCancel}>{t('tagCancel')}</button>
      </div>
      <button type="button" class="primary" disabled={!props.canSave} onClick={props.onSave}>
        {t('tagSave')}
      </button>
    </div>
  );
}

function pinName(pin: DraftPin): string {
  const title = pin.title || t('tagUnknownProduct');
  return pin.variantTitle ? `${title} · ${pin.variantTitle}` : title;
}
