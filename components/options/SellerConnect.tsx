/** "Connect as seller" on a Postcart source in the options page: token form, or who it is connected as. Render only. */
import { formatDate } from '@/utils/platform/format';
import type { Reason } from '@/utils/platform/errors';
import { reasonText, t } from '@/utils/platform/i18n';
import { type SourceView } from '@/utils/seller/model';

export interface SellerConnectProps {
  source: SourceView;
  /** The token form is open for this source. */
  open: boolean;
  token: string;
  error: Reason | null;
  busy: boolean;
  onOpen: () => void;
  onToken: (value: string) => void;
  onConnect: () => void;
  onCancel: () => void;
  onDisconnect: () => void;
}

export function SellerConnect({ source, open, token, error, busy, onOpen, onToken, onConnect, onCancel, onDisconnect }: SellerConnectProps) {
  const name = source.label || source.url;
  if (source.seller) {
    return (
      <div class="pc-seller-connection">
        <p class="pc-small">{t('sellerConnectedAs', [source.seller.merchantName, formatDate(source.seller.connectedAt)])}</p>
        <button type="button" class="pc-button pc-link" disabled={busy} aria-label={t('sellerDisconnectLabel', name)} onClick={onDisconnect}>
          {t('sellerDisconnect')}
        </button>
      </div>
    );
  }
  if (!open) {
    return (
      <div class="pc-actions">
        <button type="button" class="pc-button pc-secondary" aria-label={t('sellerConnectLabel', name)} onClick={onOpen}>
          {t('sellerConnect')}
        </button>
      </div>
    );
  }
  const id = `seller-token-${source.id}`;
  return (
    <form
      class="pc-seller-connection"
      aria-label={t('sellerConnectLabel', name)}
      onSubmit={(event) => {
        event.preventDefault();
        onConnect();
      }}
    >
      <div class="pc-field">
        <label for={id}>{t('sellerToken')}</label>
        <input
          id={id}
          type="password"
          autocomplete="off"
          spellcheck={false}
          value={token}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : `${id}-hint`}
          onInput={(event) => onToken((event.currentTarget as HTMLInputElement).value)}
        />
        {error ? (
          <p class="pc-field-error" id={`${id}-error`} role="alert">
            {reasonText(error)}
          </p>
        ) : (
          <p class="pc-hint" id={`${id}-hint`}>
            {t('sellerTokenHint')}
          </p>
        )}
      </div>
      <div class="pc-actions">
        <button type="submit" class="pc-button pc-primary" disabled={busy || token.trim() === ''}>
          {t('sellerConnectSubmit')}
        </button>
        <button type="button" class="pc-button pc-link" onClick={onCancel}>
          {t('sellerConnectCancel')}
        </button>
      </div>
    </form>
  );
}
