/** The options page's source form: from typed values to a validated NewSource, or field errors. */
import { reason, type Reason } from '../platform/errors';
import { issueReason } from './records';
import { NewSource, type SourceKind } from './source';

export interface SourceFormValues {
  kind: SourceKind;
  url: string;
  label: string;
  currency: string;
  merchantName: string;
}

export const EMPTY_SOURCE_FORM: SourceFormValues = { kind: 'postcart', url: '', label: '', currency: '', merchantName: '' };

/** A merchant id from its name: stable, readable, safe as a key ("Maison Lune" -> "maison-lune"). */
export function merchantIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'merchant';
}

export type SourceFormResult =
  | { ok: true; source: NewSource }
  | { ok: false; errors: SourceFormErrors };

export type SourceFormErrors = Partial<Record<keyof SourceFormValues, Reason>>;

export function validateSourceForm(values: SourceFormValues): SourceFormResult {
  const needsMerchant = values.kind === 'shopify' || values.kind === 'merchant-feed';
  const parsed = NewSource.safeParse({
    kind: values.kind,
    url: values.url.trim(),
    label: values.label,
    currency: values.kind === 'shopify' ? values.currency.trim().toUpperCase() || null : null,
    merchant: needsMerchant && values.merchantName.trim() ? { id: merchantIdFromName(values.merchantName), name: values.merchantName.trim() } : null,
  });
  if (parsed.success) return { ok: true, source: parsed.data };
  const errors: SourceFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    const key: keyof SourceFormValues = field === 'merchant' ? 'merchantName' : field === 'currency' ? 'currency' : field === 'label' ? 'label' : 'url';
    errors[key] ??= key === 'currency' && issue.code !== 'custom' ? reason('errSourceCurrencyCode') : issueReason(issue).reason;
  }
  return { ok: false, errors };
}
