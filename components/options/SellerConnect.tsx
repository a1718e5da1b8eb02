/**
 * Connecting a seller account in the options page: the form (a pairing code or link from the
 * catalog server's seller page, or a pasted token as the fallback) and, on a Postcart source in the
 * sources list, who it is connected as or the button that opens the form. Render only; the state
 * lives in utils/seller/panel-state.ts.
 */
import { formatDate } from '@/utils/platform/format';
import { reasonText, t } from '@/utils/platform/i18n';
import { looksLikeLink, type ConnectForm, type ConnectMode } from '@/utils/seller/panel-state';
import { type SourceView } from '@/utils/seller/model';

export interface ServerChoice {
  id: string;
  name: string;
}

export interface ConnectFormProps {
  /** The form's accessible name ("Connect as seller to Acme server"). */
  label: string;
  form: ConnectForm;
  /** Postcart servers to pick from, when the form was opened without a source. */
  servers: readonly ServerChoice[];
  busy: boolean;
  onMode: (mode: ConnectMode) => void;
  onValue: (value: string) => void;
  onServer: (serverId: string) => void;
  onConnect: () => void;
  onCancel: () => void;
}

/** The connect form: one field (code or link; or the token), the server when it must be picked, Connect. */
export function SellerConnectForm({ label, form, servers, busy, onMode, onValue, onServer, onConnect, onCancel }: ConnectFormProps) {
  const base = `seller-${form.sourceId ?? 'account'}`;
  const id = `${base}-${form.mode}`;
  const code = form.mode === 'code';
  const describedBy = form.error ? `${id}-error` : `${id}-hint`;
  // A pairing link names its server; a code or a token needs one picked when there is a choice.
  const field = {
    spellcheck: false,
    value: form.value,
    'aria-invalid': form.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    onInput: (event: Event) => onValue((event.currentTarget as HTMLInputElement).value),
  };
  const pickServer = form.sourceId === null && servers.length > 0 && !(code && looksLikeLink(form.value));
  return (
    <form
      class="pc-seller-connection pc-form"
      aria-label={label}
      onSubmit={(event) => {
        event.preventDefault();
        onConnect();
      }}
    >
      {pickServer && (
        <div class="pc-field">
          <label for={`${base}-server`}>{t('sellerServer')}</label>
          <select id={`${base}-server`} value={form.serverId} onChange={(event) => onServer((event.currentTarget as HTMLSelectElement).value)}>
            {form.serverId === '' && <option value="">{t('sellerServerChoose')}</option>}
            {servers.map((server) => (
              <option key={server.id} value={server.id}>
                {server.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="pc-field">
        <label for={id}>{code ? t('sellerPairCode') : t('sellerToken')}</label>
        {code ? (
          <input id={id} type="text" autocomplete="off" autocapitalize="characters" {...field} />
        ) : (
          <input id={id} type="password" autocomplete="off" {...field} />
        )}
        {form.error ? (
          <p class="pc-field-error" id={`${id}-error`} role="alert">
            {reasonText(form.error)}
          </p>
        ) : (
          <p class="pc-hint" id={`${id}-hint`}>
            {code ? t('sellerPairHint') : t('sellerTokenHint')}
          </p>
        )}
      </div>
      <div class="pc-actions">
        <button type="submit" class="pc-button pc-primary" disabled={busy || form.value.trim() === ''}>
          {t('sellerConnectSubmit')}
        </button>
        <button type="button" class="pc-button pc-link" onClick={() => onMode(code ? 'token' : 'code')}>
          {code ? t('sellerUseToken') : t('sellerUseCode')}
        </button>
        <button type="button" class="pc-button pc-link" onClick={onCancel}>
          {t('sellerConnectCancel')}
        </button>
      </div>
    </form>
  );
}

export interface SellerConnectProps {
  source: SourceView;
  /** The source's display name (utils/sync/source-name.ts). */
  name: string;
  /** The connect form, when it is open on this source. */
  form: ConnectForm | null;
  busy: boolean;
  onOpen: () => void;
  onDisconnect: () => void;
  /** Renders the open form (the options page passes SellerConnectForm with its handlers). */
  renderForm: (form: ConnectForm) => preact.ComponentChildren;
}

/** Under a Postcart source: who it is connected as (and Disconnect), or Connect as seller. */
export function SellerConnect({ source, name, form, busy, onOpen, onDisconnect, renderForm }: SellerConnectProps) {
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
  if (form) return <>{renderForm(form)}</>;
  return (
    <div class="pc-actions">
      <button type="button" class="pc-button pc-secondary" aria-label={t('sellerConnectLabel', name)} onClick={onOpen}>
        {t('sellerConnect')}
      </button>
    </div>
  );
}
