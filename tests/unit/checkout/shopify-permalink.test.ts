import { describe, it, expect } from 'vitest';
import { buildShopifyPermalink, productLinkUrl, type PermalinkInput } from '../../../utils/checkout/shopify-permalink';
import type { Contact } from '../../../utils/checkout/contact';
import { userError } from '../fixtures';

const contact: Contact = {
  email: 'ana@example.com',
  phone: '',
  firstName: 'Ana',
  lastName: 'Silva',
  address1: '1 Main St',
  address2: '',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'US',
};

function build(overrides: Partial<PermalinkInput> = {}): URL {
  return new URL(
    buildShopifyPermalink({
      storeUrl: 'https://acme.example',
      lines: [
        { variantId: '456', quantity: 2 },
        { variantId: '789', quantity: 1 },
      ],
      contact,
      source: { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' },
      ...overrides,
    }),
  );
}

describe('buildShopifyPermalink', () => {
  it('puts every variant and quantity in the /cart path', () => {
    const url = build();
    expect(url.origin).toBe('https://acme.example');
    expect(url.pathname).toBe('/cart/456:2,789:1');
  });

  it('sums repeated variants into one item', () => {
    const url = build({ lines: [{ variantId: '456', quantity: 1 }, { variantId: '456', quantity: 3 }] });
    expect(url.pathname).toBe('/cart/456:4');
  });

  it('prefills contact and shipping address and leaves out empty optional fields', () => {
    const params = build().searchParams;
    expect(params.get('checkout[email]')).toBe('ana@example.com');
    expect(params.get('checkout[shipping_address][first_name]')).toBe('Ana');
    expect(params.get('checkout[shipping_address][last_name]')).toBe('Silva');
    expect(params.get('checkout[shipping_address][address1]')).toBe('1 Main St');
    expect(params.get('checkout[shipping_address][city]')).toBe('Springfield');
    expect(params.get('checkout[shipping_address][province]')).toBe('IL');
    expect(params.get('checkout[shipping_address][country]')).toBe('US');
    expect(params.get('checkout[shipping_address][zip]')).toBe('62701');
    expect(params.has('checkout[shipping_address][address2]')).toBe(false);
    expect(params.has('checkout[shipping_address][phone]')).toBe(false);
  });

  it('adds the phone when one is given', () => {
    const params = build({ contact: { ...contact, phone: '+1 (415) 555-0100' } }).searchParams;
    expect(params.get('checkout[shipping_address][phone]')).toBe('+1 (415) 555-0100');
  });

  it('credits Postcart and the source post', () => {
    const params = build().searchParams;
    expect(params.get('ref')).toBe('postcart');
    expect(params.get('attributes[postcart_post]')).toBe('https://www.instagram.com/p/C8xYz123abc/');
    expect(params.get('attributes[postcart_platform]')).toBe('instagram');
  });

  it('leaves out the post attributes when the lines came from no post', () => {
    const params = build({ source: null }).searchParams;
    expect(params.has('attributes[postcart_post]')).toBe(false);
    expect(params.has('attributes[postcart_platform]')).toBe(false);
    expect(params.get('ref')).toBe('postcart');
  });

  it('encodes non-ASCII names and addresses and the characters & # + so no value leaks into another', () => {
    const tricky: Contact = {
      ...contact,
      email: 'zoë+shop@example.com',
      firstName: 'Zoë & Bo',
      lastName: 'Ødegård#1',
      address1: 'خیابان ولیعصر ۱۲ & co',
      address2: 'Apt #4 + 5',
      city: 'São Paulo?x=1',
      region: 'SP',
      postalCode: '01310-100',
      country: 'BR',
      phone: '+55 11 5555-0100',
    };
    const raw = buildShopifyPermalink({
      storeUrl: 'https://acme.example',
      lines: [{ variantId: '1', quantity: 1 }],
      contact: tricky,
      source: { platform: 'tiktok', postId: '7', url: 'https://www.tiktok.com/@ana/video/7?lang=en&x=#top' },
    });
    // Nothing after the query starts a fragment, and every raw separator is encoded.
    expect(raw).not.toContain('#');
    expect(raw).not.toMatch(/[^\x21-\x7e]/);
    const params = new URL(raw).searchParams;
    expect(params.get('checkout[email]')).toBe('zoë+shop@example.com');
    expect(params.get('checkout[shipping_address][first_name]')).toBe('Zoë & Bo');
    expect(params.get('checkout[shipping_address][last_name]')).toBe('Ødegård#1');
    expect(params.get('checkout[shipping_address][address1]')).toBe('خیابان ولیعصر ۱۲ & co');
    expect(params.get('checkout[shipping_address][address2]')).toBe('Apt #4 + 5');
    expect(params.get('checkout[shipping_address][city]')).toBe('São Paulo?x=1');
    expect(params.get('checkout[shipping_address][phone]')).toBe('+55 11 5555-0100');
    expect(params.get('attributes[postcart_post]')).toBe('https://www.tiktok.com/@ana/video/7?lang=en&x=#top');
    expect(params.has('x')).toBe(false);
    expect([...params.keys()].filter((key) => key === 'ref')).toHaveLength(1);
  });

  it('keeps a ref already on the store URL instead of replacing it', () => {
    const params = build({ storeUrl: 'https://acme.example/?ref=anna_affiliate' }).searchParams;
    expect(params.getAll('ref')).toEqual(['anna_affiliate']);
  });

  it('keeps other affiliate parameters on the store URL too', () => {
    const params = build({ storeUrl: 'https://acme.example/?sca_ref=123.abc&discount=SPRING' }).searchParams;
    expect(params.get('sca_ref')).toBe('123.abc');
    expect(params.get('discount')).toBe('SPRING');
    expect(params.get('ref')).toBe('postcart');
  });

  it('keeps a locale path prefix before /cart', () => {
    expect(build({ storeUrl: 'https://acme.example/en-gb' }).pathname).toBe('/en-gb/cart/456:2,789:1');
    expect(build({ storeUrl: 'https://acme.example/fr/' }).pathname).toBe('/fr/cart/456:2,789:1');
  });

  it('drops other store paths, which are not part of a cart URL', () => {
    expect(build({ storeUrl: 'https://acme.example/collections/all' }).pathname).toBe('/cart/456:2,789:1');
  });

  it('passes the shopper locale only when the store URL names none', () => {
    expect(build({ locale: 'fa' }).searchParams.get('locale')).toBe('fa');
    expect(build({ storeUrl: 'https://acme.example/en-gb', locale: 'fa' }).searchParams.has('locale')).toBe(false);
  });

  it('rejects a variant id that is not numeric', () => {
    expect(() => build({ lines: [{ variantId: '45/../x', quantity: 1 }] })).toThrow(userError('errCheckoutVariantId', '45/../x'));
    expect(() => build({ lines: [{ variantId: 'gid://shopify/ProductVariant/1', quantity: 1 }] })).toThrow();
    expect(() => build({ lines: [{ variantId: '', quantity: 1 }] })).toThrow();
  });

  it('rejects quantities that are not positive integers and an empty cart', () => {
    expect(() => build({ lines: [{ variantId: '1', quantity: 0 }] })).toThrow();
    expect(() => build({ lines: [{ variantId: '1', quantity: 1.5 }] })).toThrow();
    expect(() => build({ lines: [] })).toThrow();
  });

  it('refuses store URLs that are not https', () => {
    expect(() => build({ storeUrl: 'http://acme.example' })).toThrow(userError('errCheckoutUrlNotHttps', 'http://acme.example'));
    expect(() => build({ storeUrl: 'javascript:alert(1)' })).toThrow();
    expect(() => build({ storeUrl: 'not a url' })).toThrow();
  });
});

describe('productLinkUrl', () => {
  it('adds ref=postcart to a product page and keeps the rest as it was', () => {
    expect(productLinkUrl('https://acme.example/products/jacket')).toBe('https://acme.example/products/jacket?ref=postcart');
    expect(productLinkUrl('https://acme.example/products/jacket?variant=4%205#reviews')).toBe(
      'https://acme.example/products/jacket?variant=4%205&ref=postcart#reviews',
    );
  });

  it('never replaces an existing ref', () => {
    expect(productLinkUrl('https://acme.example/p?ref=anna')).toBe('https://acme.example/p?ref=anna');
  });

  it('refuses URLs that are not https', () => {
    expect(() => productLinkUrl('javascript:alert(1)')).toThrow();
  });
});
