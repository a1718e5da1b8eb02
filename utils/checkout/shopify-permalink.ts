/**
 * Checkout URLs. Pure functions (no browser APIs) so the background can call them and tests can pin
 * down every byte of the URL a shopper is sent to.
 */
import type { Contact } from './contact';
import type { PostSource } from '../catalog/model';
import { UserError } from '../platform/errors';
import { httpsUrl } from '../platform/urls';

/** Our `ref` value, so stores can attribute orders to Postcart when nobody else claimed them. */
export const POSTCART_REF = 'postcart';

export interface PermalinkLine {
  variantId: string;
  quantity: number;
}

export interface PermalinkInput {
  /** The merchant's store URL, e.g. "https://acme.example" or "https://acme.example/en-gb?ref=anna". */
  storeUrl: string;
  lines: readonly PermalinkLine[];
  contact: Contact | null;
  source: PostSource | null;
  /** The shopper's UI locale; passed to the checkout only when the store URL names no locale. */
  locale?: string;
}

/** Shopify Markets style locale prefixes: "/fr", "/en-gb", "/zh-hans". */
const LOCALE_SEGMENT = /^[a-z]{2}(?:-[a-z]{2,4})?$/i;

/** A checkout must never go to javascript:, data: or plain http: a feed's URL is checked here once more. */
function checkoutUrl(value: string): URL {
  const url = httpsUrl(value);
  if (!url) throw new UserError('errCheckoutUrlNotHttps', [value.slice(0, 200)]);
  return url;
}

/** The store's locale path prefix ("/en-gb") or '' when the URL names none. */
export function localePrefix(storeUrl: URL): string {
  const first = storeUrl.pathname.split('/').find((segment) => segment !== '') ?? '';
  return LOCALE_SEGMENT.test(first) ? `/${first}` : '';
}

/**
 * Merges lines into "variant:qty" items. Variant ids must be plain digits (Shopify ids), since
 * anything else would change the path; repeated variants are summed so the store sees one item.
 */
function cartItems(lines: readonly PermalinkLine[]): string {
  if (lines.length === 0) throw new Error('A checkout needs at least one line');
  const quantities = new Map<string, number>();
  for (const line of lines) {
    if (!/^\d{1,20}$/.test(line.variantId)) throw new UserError('errCheckoutVariantId', [line.variantId.slice(0, 100)]);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new Error(`Quantity ${line.quantity} of variant ${line.variantId} is not a positive integer`);
    }
    quantities.set(line.variantId, (quantities.get(line.variantId) ?? 0) + line.quantity);
  }
  return [...quantities].map(([variantId, quantity]) => `${variantId}:${quantity}`).join(',');
}

/**
 * A Shopify cart permalink: `https://<store>[/<locale>]/cart/<variant>:<qty>,...` with contact and
 * shipping address prefilled and the source post as attribution. Every value goes through
 * URLSearchParams, so "&", "#", "+" and non-ASCII text cannot break out of their parameter.
 */
export function buildShopifyPermalink(input: PermalinkInput): string {
  const store = checkoutUrl(input.storeUrl);
  const prefix = localePrefix(store);
  const url = new URL(`${store.origin}${prefix}/cart/${cartItems(input.lines)}`);

  // Keep whatever the merchant's URL carries (an affiliate's ref, a discount): never destructive.
  const params = new URLSearchParams(store.search);
  const set = (key: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined && value.trim() !== '') params.set(key, value.trim());
  };

  const contact = input.contact;
  if (contact) {
    set('checkout[email]', contact.email);
    const address = 'checkout[shipping_address]';
    set(`${address}[first_name]`, contact.firstName);
    set(`${address}[last_name]`, contact.lastName);
    set(`${address}[address1]`, contact.address1);
    set(`${address}[address2]`, contact.address2);
    set(`${address}[city]`, contact.city);
    set(`${address}[province]`, contact.region);
    set(`${address}[country]`, contact.country);
    set(`${address}[zip]`, contact.postalCode);
    set(`${address}[phone]`, contact.phone);
  }

  if (!params.has('ref')) params.set('ref', POSTCART_REF);
  if (input.source) {
    set('attributes[postcart_post]', input.source.url);
    set('attributes[postcart_platform]', input.source.platform);
  }
  // A store with its own locale prefix already chose the language; otherwise suggest the shopper's.
  if (input.locale && prefix === '' && !params.has('locale')) set('locale', input.locale);

  url.search = params.toString();
  return url.toString();
}

/**
 * The product page for 'link' checkouts: the URL as the feed gave it, plus `ref=postcart` when it
 * carries no ref yet. Nothing else is added, removed or reordered.
 */
export function productLinkUrl(productUrl: string): string {
  const url = checkoutUrl(productUrl);
  if (url.searchParams.has('ref')) return url.toString();
  // Appended as text: re-serializing the query through URLSearchParams would re-encode the rest.
  const query = url.search.replace(/^\?/, '');
  url.search = query === '' ? `ref=${POSTCART_REF}` : `${query}&ref=${POSTCART_REF}`;
  return url.toString();
}
