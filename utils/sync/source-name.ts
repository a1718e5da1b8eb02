/**
 * What the options page and the dashboard call a catalog source: the name the user gave it, else
 * the merchant it sells for (the one it was added for, the seller account connected on it, or the
 * only merchant its feed brought), else its host. Never the raw address: the built-in demo is
 * "Demo catalog (built in)", not a chrome-extension:// URL.
 */
import { t } from '../platform/i18n';
import { parseUrl } from '../platform/urls';
import { DEMO_SOURCE_ID } from './demo';

export interface NamedSource {
  id: string;
  url: string;
  label: string;
  merchant: { name: string } | null;
  seller?: { merchantName: string } | null;
  /** Names of the merchants the source's records brought (list-sources fills them in). */
  merchantNames?: readonly string[];
}

/** The host a user recognises: "shop.example" for https://www.shop.example/products.json. */
export function hostName(url: string): string {
  const parsed = parseUrl(url);
  if (!parsed || parsed.host === '') return url;
  return parsed.host.replace(/^www\./, '');
}

export function sourceName(source: NamedSource): string {
  if (source.label.trim()) return source.label.trim();
  if (source.id === DEMO_SOURCE_ID) return t('sourceDemoName');
  if (source.merchant?.name) return source.merchant.name;
  if (source.seller?.merchantName) return source.seller.merchantName;
  if (source.merchantNames?.length === 1) return source.merchantNames[0]!;
  return hostName(source.url);
}

/** The address to show under the name: none for the demo (its address means nothing to anyone). */
export function sourceAddress(source: Pick<NamedSource, 'id' | 'url'>): string | null {
  return source.id === DEMO_SOURCE_ID ? null : source.url;
}
