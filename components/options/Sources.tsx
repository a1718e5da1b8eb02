import type { ComponentChildren } from 'preact';
import type { SourceCheck } from '@/utils/platform/messages';
import { formatDate } from '@/utils/platform/format';
import type { Reason } from '@/utils/platform/errors';
import { reasonText, t } from '@/utils/platform/i18n';
import type { SkipCount } from '@/utils/sync/records';
import type { SourceFormErrors, SourceFormValues } from '@/utils/sync/source-form';
import { type SourceView } from '@/utils/seller/model';
import { sourceAddress, sourceName } from '@/utils/sync/source-name';

export interface SourceListProps {
  sources: SourceView[];
  busy: ReadonlySet<string>;
  onSync: (id: string) => void;
  onRemove: (id: string) => void;
  /** More for one source, under its actions (the seller connection of a Postcart server). */
  renderExtra?: (source: SourceView) => ComponentChildren;
}

/** "3 products skipped at “variants.*.price”: not a decimal amount like 129.00 (first: acme:12)". */
function skipLine(skip: SkipCount): string {
  const why = reasonText(skip.reason);
  // One message per kind of record, so each language makes the count, the noun and the verb agree.
  const line = skip.path ? t(`sourceSkipAt_${skip.kind}`, [skip.count, skip.path, why]) : t(`sourceSkip_${skip.kind}`, [skip.count, why]);
  return skip.example ? t('sourceSkipExample', [line, skip.example]) : line;
}

function progressText(source: SourceView): string {
  if (!source.progress) return '';
  return source.progress.total === null ? t('sourceProgress', source.progress.done) : t('sourceProgressOf', [source.progress.done, source.progress.total]);
}

/** Every catalog source with its sync state, last result and skip reasons. */
export function SourceList({ sources, busy, onSync, onRemove, renderExtra }: SourceListProps) {
  if (sources.length === 0) return <p class="pc-muted">{t('sourcesEmpty')}</p>;
  return (
    <ul class="pc-lines" aria-label={t('sourcesHeading')}>
      {sources.map((source) => {
        const name = sourceName(source);
        const address = sourceAddress(source);
        const run = source.lastRun;
        return (
          <li key={source.id} class="pc-group" aria-label={name}>
            <h3 class="pc-group-title">
              <bdi>{name}</bdi>
            </h3>
            <p class="pc-small pc-muted pc-source-kind">
              <span>{t(`sourceKind_${source.kind.replace('-', '_')}`)}</span>
              {/* Long addresses are cut with an ellipsis; the whole one is in the tooltip. */}
              {address && (
                <span class="pc-ellipsis" title={t('sourceAddress', address)}>
                  <bdi dir="ltr">{address}</bdi>
                </span>
              )}
            </p>
            <p class="pc-small" role="status">
              {source.status === 'syncing' ? `${t('sourceSyncing')} ${progressText(source)}` : source.status === 'error' ? t('sourceFailed') : t('sourceIdle')}
            </p>
            {source.error && (
              <p class="pc-field-error" role="alert">
                {reasonText(source.error)}
              </p>
            )}
            {run && (
              <div class="pc-small">
                <p>{t('sourceLastRun', [formatDate(run.at), run.applied, run.skipped])}</p>
                {run.reasons.length > 0 && (
                  <details>
                    <summary>{t('sourceSkippedWhy')}</summary>
                    <ul>
                      {run.reasons.map((skip) => (
                        <li key={`${skip.kind}|${skip.path}|${skip.reason.key}|${skip.reason.args.join('|')}`}>{skipLine(skip)}</li>
                      ))}
                    </ul>
                  </details>
                )}
              </div>
            )}
            {source.id !== 'demo' && (
              <div class="pc-actions">
                <button type="button" class="pc-button pc-secondary" disabled={busy.has(source.id) || source.status === 'syncing'} onClick={() => onSync(source.id)}>
                  {t('sourceSyncNow')}
                </button>
                <button type="button" class="pc-button pc-link" aria-label={t('sourceRemoveLabel', name)} onClick={() => onRemove(source.id)}>
                  {t('sourceRemove')}
                </button>
              </div>
            )}
            {renderExtra?.(source)}
          </li>
        );
      })}
    </ul>
  );
}

export interface SourceFormProps {
  values: SourceFormValues;
  errors: SourceFormErrors;
  check: SourceCheck | null;
  busy: boolean;
  onChange: (field: keyof SourceFormValues, value: string) => void;
  onCheck: () => void;
  onAdd: () => void;
}

const KINDS: SourceView['kind'][] = ['postcart', 'shopify', 'merchant-feed', 'reviews-feed'];

function Field({ id, label, error, children }: { id: string; label: string; error?: Reason; children: ComponentChildren }) {
  return (
    <div class="pc-field">
      <label for={id}>{label}</label>
      {children}
      {error && (
        <p class="pc-field-error" id={`${id}-error`}>
          {reasonText(error)}
        </p>
      )}
    </div>
  );
}

/** Add a source: kind, address, and what the kind needs (currency, merchant). */
export function SourceForm({ values, errors, check, busy, onChange, onCheck, onAdd }: SourceFormProps) {
  const input = (field: keyof SourceFormValues, id: string, extra: Record<string, string> = {}) => (
    <input
      id={id}
      value={values[field]}
      aria-invalid={errors[field] ? 'true' : undefined}
      aria-describedby={errors[field] ? `${id}-error` : undefined}
      onInput={(e) => onChange(field, (e.currentTarget as HTMLInputElement).value)}
      {...extra}
    />
  );
  return (
    <form
      aria-label={t('sourceAddHeading')}
      onSubmit={(e) => {
        e.preventDefault();
        onAdd();
      }}
    >
      <Field id="src-kind" label={t('sourceKind')}>
        <select id="src-kind" value={values.kind} onChange={(e) => onChange('kind', (e.currentTarget as HTMLSelectElement).value)}>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`sourceKind_${kind.replace('-', '_')}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="src-url" label={t('sourceUrl')} error={errors.url}>
        {/* An address reads left to right in every language (else "https://" shows as "//:https"). */}
        {input('url', 'src-url', { type: 'url', placeholder: 'https://', autocomplete: 'off', dir: 'ltr' })}
      </Field>
      <Field id="src-label" label={t('sourceLabel')} error={errors.label}>
        {input('label', 'src-label', { dir: 'auto' })}
      </Field>
      {(values.kind === 'shopify' || values.kind === 'merchant-feed') && (
        <Field id="src-merchant" label={t('sourceMerchant')} error={errors.merchantName}>
          {input('merchantName', 'src-merchant', { dir: 'auto' })}
        </Field>
      )}
      {values.kind === 'shopify' && (
        <Field id="src-currency" label={t('sourceCurrency')} error={errors.currency}>
          {input('currency', 'src-currency', { maxLength: '3', placeholder: 'USD', autocapitalize: 'characters', dir: 'ltr' })}
        </Field>
      )}
      {check && (
        <p class={check.ok ? 'pc-alert pc-alert-success' : 'pc-alert pc-alert-error'} role="status">
          {check.ok ? t('sourceCheckOk', [check.records, check.skipped]) : t('sourceCheckFailed', reasonText(check.error))}
        </p>
      )}
      <div class="pc-actions">
        <button type="button" class="pc-button pc-secondary" disabled={busy} onClick={onCheck}>
          {t('sourceCheck')}
        </button>
        <button type="submit" class="pc-button pc-primary" disabled={busy}>
          {t('sourceAdd')}
        </button>
      </div>
    </form>
  );
}
