/** The popup's price watches: each with its rule, price now, state and actions, and its edit form. Render only. */
import { useEffect, useRef } from 'preact/hooks';
import type { WatchChange } from '../../utils/catalog/watch-store';
import type { WatchChoice, WatchListState } from '../../utils/catalog/watch-list';
import type { WatchView } from '../../utils/catalog/watch-store';
import { formatMoney } from '../../utils/platform/format';
import { reasonText, t } from '../../utils/platform/i18n';
import { ruleText, WatchActions, WatchForm, watchHistoryText, watchStateText } from '../shared/Watch';
import { isHttpsUrl } from './Cart';

export interface WatchesProps {
  state: WatchListState;
  locale?: string;
  now: number;
  onEdit: (watchId: string | null) => void;
  onSave: (watch: WatchView, choice: WatchChoice) => void;
  onChange: (watch: WatchView, change: WatchChange) => void;
}

/** Extension and https images only (feed data is untrusted). */
function isImage(value: string | null): value is string {
  return !!value && (isHttpsUrl(value) || /^(chrome|moz)-extension:\/\//.test(value));
}

export function Watches({ state, locale, now, onEdit, onSave, onChange }: WatchesProps) {
  const focused = useRef<HTMLLIElement>(null);
  // A clicked notification's product: its first watch is where the popup puts focus.
  useEffect(() => {
    focused.current?.focus();
    focused.current?.scrollIntoView({ block: 'nearest' });
  }, [state.focusProductId, state.status]);

  if (state.status === 'loading') return <p class="pc-muted pc-loading">{t('popupLoading')}</p>;
  if (state.watches.length === 0) {
    return (
      <div class="pc-empty">
        <p class="pc-muted">{t('popupWatchesEmpty')}</p>
      </div>
    );
  }
  let focusTaken = false;
  return (
    <section class="pc-watches" aria-labelledby="pc-watches-title">
      <h2 id="pc-watches-title" class="pc-visually-hidden">
        {t('popupWatches')}
      </h2>
      <ul class="pc-watch-list">
        {state.watches.map((watch) => {
          const label = ruleText(watch.rule, watch.currency, locale);
          const stateText = watchStateText({ watch, now, locale });
          const first = !focusTaken && watch.productId === state.focusProductId;
          if (first) focusTaken = true;
          const busy = state.pending.includes(watch.id);
          const current = watch.current && formatMoney({ minor: watch.current.priceMinor, currency: watch.currency }, locale);
          return (
            <li key={watch.id} class="pc-watch" data-watch-id={watch.id} data-focus={watch.productId === state.focusProductId ? '' : undefined} ref={first ? focused : undefined} tabIndex={first ? -1 : undefined}>
              {isImage(watch.image) ? <img class="pc-line-image" src={watch.image} alt="" width={48} height={48} loading="lazy" /> : <span class="pc-line-image pc-line-image-empty" aria-hidden="true" />}
              <div class="pc-watch-body">
                <p class="pc-line-title">
                  {watch.title || t('popupWatchProductGone')}
                  {watch.unseen && <span class="pc-watch-new"> {t('popupWatchNew')}</span>}
                </p>
                {watch.variantTitle && <p class="pc-muted pc-small">{watch.variantTitle}</p>}
                <p>
                  <strong>{label}</strong>
                  {current && <span class="pc-muted"> · {watch.current!.inStock ? t('popupWatchNow', current) : t('popupWatchNowOut', current)}</span>}
                </p>
                {stateText && <p class={watch.problem ? 'pc-line-notice pc-small' : 'pc-muted pc-small'}>{stateText}</p>}
                <p class="pc-muted pc-small">{watchHistoryText(watch, locale)}</p>
                {state.editing === watch.id ? (
                  <WatchForm
                    idPrefix={`pc-watch-${watch.id}`}
                    currency={watch.currency}
                    canAnyVariant={watch.variantId !== null || watch.rule.kind !== 'back-in-stock'}
                    canBackInStock={watch.rule.kind === 'back-in-stock' || watch.current?.inStock === false}
                    editing={watch}
                    busy={busy}
                    error={reasonText(state.formError)}
                    onSave={(choice) => onSave(watch, choice)}
                    onCancel={() => onEdit(null)}
                  />
                ) : (
                  <WatchActions watch={watch} snoozes={['day', 'week', 'off']} now={now} busy={busy} label={`${watch.title}, ${label}`} onEdit={() => onEdit(watch.id)} onChange={(change) => onChange(watch, change)} />
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
