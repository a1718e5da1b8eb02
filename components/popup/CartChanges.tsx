/** Before checkout: what changed in the catalog since the lines were added. Render only. */
import type { CartView } from '../../utils/platform/messages';
import type { CartLine } from '../../utils/catalog/model';
import { formatMoney } from '../../utils/platform/format';
import { t } from '../../utils/platform/i18n';

export interface CartChangesProps {
  cart: CartView;
  lines: readonly CartLine[];
  locale?: string;
  busy: boolean;
  onAccept: () => void;
  onBack: () => void;
}

export function CartChanges({ cart, lines, locale, busy, onAccept, onBack }: CartChangesProps) {
  const priced = lines.filter((line) => cart.details[line.id]?.state === 'price-changed');
  const unavailable = lines.filter((line) => {
    const state = cart.details[line.id]?.state;
    return state === 'out-of-stock' || state === 'removed';
  });
  return (
    <section class="pc-review" aria-labelledby="pc-review-title">
      <h2 class="pc-group-title" id="pc-review-title">
        {t('reviewHeading')}
      </h2>
      {priced.length > 0 && (
        <>
          <p>{t('reviewPricesIntro')}</p>
          <ul class="pc-review-list">
            {priced.map((line) => {
              const current = cart.details[line.id]?.current;
              return (
                <li key={line.id} data-line-id={line.id}>
                  <bdi>{line.variantTitle ? `${line.title} · ${line.variantTitle}` : line.title}</bdi>
                  <span>
                    <s aria-label={t('reviewOldPrice')}>{formatMoney({ minor: line.unitMinor, currency: line.currency }, locale)}</s>{' '}
                    {current && <strong>{formatMoney(current, locale)}</strong>}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {unavailable.length > 0 && (
        <>
          <p>{t('reviewUnavailableIntro')}</p>
          <ul class="pc-review-list">
            {unavailable.map((line) => (
              <li key={line.id} data-line-id={line.id}>
                <bdi>{line.variantTitle ? `${line.title} · ${line.variantTitle}` : line.title}</bdi>
              </li>
            ))}
          </ul>
        </>
      )}
      <div class="pc-form-actions">
        <button type="button" class="pc-button pc-primary pc-wide" disabled={busy} onClick={onAccept}>
          {priced.length > 0 ? t('reviewAccept') : t('reviewContinue')}
        </button>
        <button type="button" class="pc-button pc-link" disabled={busy} onClick={onBack}>
          {t('checkoutBack')}
        </button>
      </div>
    </section>
  );
}
