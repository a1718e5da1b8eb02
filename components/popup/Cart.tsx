/** The cart, grouped per merchant because checkout runs per merchant. Render only: props in, callbacks out. */
import type { TargetedEvent } from 'preact';
import type { CartView, LineDetail } from '../../utils/platform/messages';
import type { CartLine, Platform } from '../../utils/catalog/model';
import { formatMoney } from '../../utils/platform/format';
import { lineTotal, UNAVAILABLE_CHECKOUT } from '../../utils/cart/cart';
import { isolate, t } from '../../utils/platform/i18n';
import { MAX_QUANTITY } from '../../utils/platform/limits';
import type { WatchChoice } from '../../utils/catalog/watch-list';
import { WatchForm } from '../shared/Watch';

/** "Watch price" on cart lines: the line whose form is open, the one just saved, the refusal. */
export interface CartWatchProps {
  openLine: string | null;
  savedLine: string | null;
  busyLines: readonly string[];
  error: string;
  onOpen: (lineId: string | null) => void;
  onSave: (line: CartLine, choice: WatchChoice) => void;
}

export interface CartProps {
  cart: CartView;
  locale?: string;
  /** Lines with a change in flight; their controls are disabled. */
  pendingLines?: readonly string[];
  onQuantity: (lineId: string, quantity: number) => void;
  onRemove: (lineId: string) => void;
  onCheckout: (merchantId: string) => void;
  onVariant: (lineId: string, variantId: string) => void;
  /** Merchants a "check out all" covers; the button shows when there are two or more. */
  checkoutAll?: readonly string[];
  onCheckoutAll: () => void;
  watch?: CartWatchProps;
}

export const PLATFORM_NAME_KEYS: Record<Platform, string> = {
  instagram: 'platformInstagram',
  pinterest: 'platformPinterest',
  tiktok: 'platformTiktok',
  facebook: 'platformFacebook',
};


/** Feed and page data is untrusted: only https URLs become links or images. */
export function isHttpsUrl(value: string | null | undefined): value is string {
  if (!value) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Bundled demo images live on the extension's own origin, so those are allowed as images too. */
function isImageUrl(value: string | null): value is string {
  if (!value) return false;
  return isHttpsUrl(value) || /^(chrome|moz)-extension:\/\//.test(value);
}

const LINE_STATE_KEYS: Record<Exclude<LineDetail['state'], 'ok' | 'price-changed'>, string> = {
  'out-of-stock': 'cartOutOfStock',
  removed: 'cartNoLongerAvailable',
};

export function Cart({ cart, locale, pendingLines = [], onQuantity, onRemove, onCheckout, onVariant, checkoutAll = [], onCheckoutAll, watch }: CartProps) {
  if (cart.lines.length === 0) {
    return (
      <div class="pc-empty">
        <p class="pc-empty-title">{t('cartEmpty')}</p>
        <p class="pc-muted">{t('cartEmptyHint')}</p>
      </div>
    );
  }
  const linesById = new Map(cart.lines.map((line) => [line.id, line]));
  return (
    <div class="pc-cart">
      {checkoutAll.length > 1 && (
        <button type="button" class="pc-button pc-primary pc-wide pc-checkout-all" onClick={onCheckoutAll}>
          {t('cartCheckoutAll', checkoutAll.length)}
        </button>
      )}
      {cart.groups.map((group, groupIndex) => {
        const headingId = `pc-group-${groupIndex}`;
        const lines = group.lineIds.map((id) => linesById.get(id)).filter((line): line is CartLine => !!line);
        const unavailable = group.checkoutKind === UNAVAILABLE_CHECKOUT;
        const sellable = lines.some((line) => {
          const state = cart.details[line.id]?.state ?? 'ok';
          return state === 'ok' || state === 'price-changed';
        });
        return (
          <section class="pc-group" aria-labelledby={headingId} key={group.merchantId}>
            <h2 class="pc-group-title" id={headingId}>
              <bdi>{group.merchantName}</bdi>
            </h2>
            <ul class="pc-lines">
              {lines.map((line, lineIndex) => (
                <CartLineItem
                  key={line.id}
                  line={line}
                  detail={cart.details[line.id]}
                  inputId={`pc-qty-${groupIndex}-${lineIndex}`}
                  locale={locale}
                  pending={pendingLines.includes(line.id)}
                  onQuantity={onQuantity}
                  onRemove={onRemove}
                  onVariant={onVariant}
                  watch={watch}
                />
              ))}
            </ul>
            <div class="pc-group-footer">
              <dl class="pc-subtotals">
                <dt>{t('cartSubtotal')}</dt>
                {/* One amount per currency: amounts in different currencies are never added up. */}
                {group.subtotals.map((subtotal) => (
                  <dd key={subtotal.currency} data-currency={subtotal.currency}>
                    {formatMoney(subtotal, locale)}
                  </dd>
                ))}
              </dl>
              {group.subtotals.length > 1 && <p class="pc-muted pc-small">{t('cartMixedCurrencies')}</p>}
              <button
                type="button"
                class="pc-button pc-primary pc-wide"
                disabled={unavailable || !sellable}
                onClick={() => onCheckout(group.merchantId)}
              >
                {t('cartCheckoutWith', group.merchantName)}
              </button>
              {unavailable && <p class="pc-muted pc-small">{t('cartMerchantUnavailable')}</p>}
            </div>
          </section>
        );
      })}
    </div>
  );
}

interface CartLineItemProps {
  line: CartLine;
  detail: LineDetail | undefined;
  inputId: string;
  locale?: string;
  pending: boolean;
  onQuantity: (lineId: string, quantity: number) => void;
  onRemove: (lineId: string) => void;
  onVariant: (lineId: string, variantId: string) => void;
  watch?: CartWatchProps;
}

function CartLineItem({ line, detail, inputId, locale, pending, onQuantity, onRemove, onVariant, watch }: CartLineItemProps) {
  const commit = (event: TargetedEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const quantity = Number(input.value);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      // Out of range: show the quantity the cart really holds again.
      input.value = String(line.quantity);
      return;
    }
    if (quantity !== line.quantity) onQuantity(line.id, quantity);
  };
  const source = line.source;
  const state = detail?.state ?? 'ok';
  const variants = detail?.variants ?? [];
  return (
    <li class="pc-line" data-line-id={line.id} data-state={state}>
      {isImageUrl(line.image) ? (
        <img class="pc-line-image" src={line.image} alt="" width={56} height={56} loading="lazy" />
      ) : (
        <span class="pc-line-image pc-line-image-empty" aria-hidden="true" />
      )}
      <div class="pc-line-body">
        <p class="pc-line-title" title={line.title}>
          <bdi>{line.title}</bdi>
        </p>
        {variants.length > 1 && state !== 'removed' ? (
          <>
            <label class="pc-visually-hidden" for={`${inputId}-variant`}>
              {t('cartVariant', line.title)}
            </label>
            <select
              id={`${inputId}-variant`}
              class="pc-select pc-variant"
              value={line.variantId}
              disabled={pending}
              onChange={(event) => onVariant(line.id, event.currentTarget.value)}
            >
              {variants.map((variant) => (
                <option key={variant.id} value={variant.id} disabled={!variant.available && variant.id !== line.variantId}>
                  {variant.available
                    ? `${isolate(variant.title)} · ${isolate(formatMoney({ minor: variant.priceMinor, currency: variant.currency }, locale))}`
                    : t('cartVariantSoldOut', variant.title)}
                </option>
              ))}
            </select>
          </>
        ) : (
          line.variantTitle && (
            <p class="pc-muted pc-small pc-line-variant">
              <bdi>{line.variantTitle}</bdi>
            </p>
          )
        )}
        {state === 'price-changed' && detail?.current && (
          <p class="pc-line-notice pc-small" role="note">
            {t('cartPriceChanged', [
              formatMoney({ minor: line.unitMinor, currency: line.currency }, locale),
              formatMoney(detail.current, locale),
            ])}
          </p>
        )}
        {(state === 'out-of-stock' || state === 'removed') && (
          <p class="pc-line-notice pc-line-unavailable pc-small" role="note">
            {t(LINE_STATE_KEYS[state])}
          </p>
        )}
        {source && (
          <p class="pc-muted pc-small">
            {isHttpsUrl(source.url) ? (
              <a href={source.url} target="_blank" rel="noopener noreferrer">
                {t('cartFromPost', t(PLATFORM_NAME_KEYS[source.platform]))}
              </a>
            ) : (
              t('cartFromPost', t(PLATFORM_NAME_KEYS[source.platform]))
            )}
          </p>
        )}
        <div class="pc-line-controls">
          <div class="pc-stepper">
            <button
              type="button"
              class="pc-step"
              aria-label={t('cartDecrease', line.title)}
              disabled={pending || line.quantity <= 1}
              onClick={() => onQuantity(line.id, line.quantity - 1)}
            >
              −
            </button>
            <label class="pc-visually-hidden" for={inputId}>
              {t('cartQuantity', line.title)}
            </label>
            <input
              id={inputId}
              class="pc-qty"
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_QUANTITY}
              step={1}
              value={line.quantity}
              disabled={pending}
              onChange={commit}
            />
            <button
              type="button"
              class="pc-step"
              aria-label={t('cartIncrease', line.title)}
              disabled={pending || line.quantity >= MAX_QUANTITY}
              onClick={() => onQuantity(line.id, line.quantity + 1)}
            >
              +
            </button>
          </div>
          <button
            type="button"
            class="pc-button pc-link"
            aria-label={t('cartRemoveLabel', line.title)}
            disabled={pending}
            onClick={() => onRemove(line.id)}
          >
            {t('cartRemove')}
          </button>
          {watch && state !== 'removed' && (
            <button
              type="button"
              class="pc-button pc-link"
              aria-label={t('cartWatchPriceLabel', line.title)}
              aria-expanded={watch.openLine === line.id ? 'true' : 'false'}
              onClick={() => watch.onOpen(watch.openLine === line.id ? null : line.id)}
            >
              {t('cardWatchPrice')}
            </button>
          )}
        </div>
        {watch?.openLine === line.id && (
          <div class="pc-watch-form">
            <WatchForm
              idPrefix={`${inputId}-watch`}
              currency={detail?.current?.currency ?? line.currency}
              canAnyVariant={variants.length > 1}
              canBackInStock={state === 'out-of-stock'}
              busy={watch.busyLines.includes(`line:${line.id}`)}
              error={watch.error}
              onSave={(choice) => watch.onSave(line, choice)}
              onCancel={() => watch.onOpen(null)}
            />
          </div>
        )}
        {watch?.savedLine === line.id && (
          <p class="pc-muted pc-small" role="status">
            {t('cardWatchSaved')}
          </p>
        )}
      </div>
      <div class="pc-line-price">
        <span class="pc-line-total">{formatMoney(lineTotal(line), locale)}</span>
        {line.quantity > 1 && (
          <span class="pc-muted pc-small">
            {t('cartUnitPrice', formatMoney({ minor: line.unitMinor, currency: line.currency }, locale))}
          </span>
        )}
      </div>
    </li>
  );
}
