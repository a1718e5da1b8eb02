/** The options page's source form: from typed values to a validated NewSource, or field errors. */
import type { SourceFormValues } from '@/components/options/Sources';
import { NewSource } from './source';

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
  | { ok: false; errors: Partial<Record<keyof SourceFormValues, string>> };

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
  const errors: Partial<Record<keyof SourceFormValues, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    const key: keyof SourceFormValues = field === 'merchant' ? 'merchantName' : field === 'currency' ? 'currency' : field === 'label' ? 'label' : 'url';
    errors[key] ??= key === 'currency' && issue.code !== 'custom' ? 'Use a three-letter currency code like USD' : issue.message;
  }
  return { ok: false, errors };
}

/** The host permission pattern a source needs (asked for when it is added). */
export function originPattern(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}/*`;
}
