// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isShortener, outboundHref, outboundLinks, productUrlKey, stripTracking, unwrapRedirect, urlsInText } from '@/utils/sites/links';

const PITCHER = 'https://maisonlune.example/products/ceramic-pitcher?utm_source=pinterest&utm_medium=social';
const SPF_URL = 'https://northwind.example/products/mineral-spf30?utm_campaign=tt';
const PINTEREST = 'https://www.pinterest.com/';
const TIKTOK = 'https://www.tiktok.com/';
const enc = encodeURIComponent;

describe('product URL keys', () => {
  it('are equal for one product page however the link is dressed', () => {
    const key = 'acme.example/products/trail-jacket';
    for (const link of [
      'https://acme.example/products/trail-jacket',
      'https://www.acme.example/products/trail-jacket/',
      'https://ACME.example/products/Trail-Jacket?utm_source=ig&utm_medium=social&igshid=abc',
      'https://acme.example/products/trail-jacket?variant=40110010002#reviews',
      'https://acme.example/en-gb/products/trail-jacket',
      'https://acme.example/collections/sale/products/trail-jacket',
      'http://acme.example/products/trail-jacket?fbclid=IwAR0abc',
      'https://l.facebook.com/l.php?u=https%3A%2F%2Facme.example%2Fproducts%2Ftrail-jacket%3Ffbclid%3DIwAR0abc&h=AT0xyz',
      'https://l.instagram.com/?u=https%3A%2F%2Facme.example%2Fproducts%2Ftrail-jacket&e=AT1',
      `https://www.tiktok.com/link/v2?aid=1988&scene=bio_url&target=${enc('https://acme.example/products/trail-jacket')}`,
      `https://in.pinterest.com/offsite/?token=1&url=${enc('https://acme.example/products/trail-jacket')}`,
    ]) {
      expect(productUrlKey(link), link).toBe(key);
    }
  });

  it('tell different products and different stores apart', () => {
    expect(productUrlKey('https://acme.example/products/trail-jacket-kids')).not.toBe(productUrlKey('https://acme.example/products/trail-jacket'));
    expect(productUrlKey('https://other.example/products/trail-jacket')).not.toBe(productUrlKey('https://acme.example/products/trail-jacket'));
  });

  it('refuse what is not a web link', () => {
    for (const bad of ['javascript:alert(1)', 'mailto:a@b.example', 'not a url', '', 'data:text/html,hi']) expect(productUrlKey(bad), bad).toBeNull();
  });

  it('lose tracking parameters and keep the rest when stripped', () => {
    const url = stripTracking(new URL('https://acme.example/p?utm_source=x&color=blue&fbclid=1&igshid=2#top'));
    expect(url.href).toBe('https://acme.example/p?color=blue');
  });
});

describe('the redirect table', () => {
  it('unwraps nested redirect wrappers but not ordinary query parameters', () => {
    const inner = 'https://l.instagram.com/?u=https%3A%2F%2Fkumotea.example%2Fproducts%2Fgenmaicha';
    expect(unwrapRedirect(`https://l.facebook.com/l.php?u=${enc(inner)}`)?.href).toBe('https://kumotea.example/products/genmaicha');
    expect(unwrapRedirect('https://acme.example/search?u=https://evil.example')?.hostname).toBe('acme.example');
    // Only the wrapper's own path redirects: a TikTok video with a target parameter is TikTok's page.
    expect(unwrapRedirect('https://www.tiktok.com/@acme/video/7430000000000000001?target=https://evil.example')?.hostname).toBe('www.tiktok.com');
  });

  it('sees through the wrappers of every site and of search engines', () => {
    const target = 'https://acme.example/products/camp-mug';
    for (const wrapped of [
      `https://l.facebook.com/l.php?u=${enc(target)}&h=AT0`,
      `https://lm.facebook.com/l.php?u=${enc(target)}`,
      `https://www.facebook.com/l.php?u=${enc(target)}`,
      `https://l.instagram.com/?u=${enc(target)}&e=AT1`,
      `https://www.tiktok.com/link/v2?aid=1988&scene=bio_url&target=${enc(target)}`,
      `https://www.pinterest.com/offsite/?url=${enc(target)}&pin=1`,
      `https://www.google.com/url?q=${enc(target)}&sa=D`,
    ]) {
      expect(unwrapRedirect(wrapped)?.href, wrapped).toBe(target);
    }
  });

  it('knows link shorteners by host', () => {
    expect(isShortener(new URL('https://bit.ly/3xYz'))).toBe(true);
    expect(isShortener(new URL('https://www.tinyurl.com/abc'))).toBe(true);
    expect(isShortener(new URL('https://acme.example/bit.ly'))).toBe(false);
  });
});

describe('outbound links of a post', () => {
  it("unwrap Pinterest's /offsite/ links and ignore Pinterest's own pages", () => {
    expect(outboundHref(`/offsite/?token=1&url=${enc(PITCHER)}&pin=1`, PINTEREST)).toBe(PITCHER);
    expect(outboundHref(`https://www.pinterest.com/offsite/?url=${enc('https://acme.example/p?a=1&b=2')}`, PINTEREST)).toBe('https://acme.example/p?a=1&b=2');
    expect(outboundHref(PITCHER, PINTEREST)).toBe(PITCHER);
    for (const href of ['/pin/845269100000000001/', '/offsite/?url=javascript:alert(1)', 'https://pin.it/4xYz', 'mailto:a@b.example', '/offsite/']) {
      expect(outboundHref(href, PINTEREST), href).toBeNull();
    }
  });

  it("unwrap TikTok's /link/v2 redirect, scheme-less targets too, and keep query strings as written", () => {
    expect(outboundHref(`https://www.tiktok.com/link/v2?aid=1988&lang=en&scene=bio_url&target=${enc(SPF_URL)}`, TIKTOK)).toBe(SPF_URL);
    expect(outboundHref('https://www.tiktok.com/link/v2?aid=1988&scene=bio_url&target=acme.example%2Fproducts%2Fcamp-mug', TIKTOK)).toBe('https://acme.example/products/camp-mug');
    expect(outboundHref('/@acme', TIKTOK)).toBeNull();
    expect(outboundHref('https://www.tiktok.com/link/v2?aid=1988&target=javascript%3Aalert(1)', TIKTOK)).toBeNull();
    expect(outboundHref('https://acme.example/products/drift-sleeping-bag?utm_source=tiktok', TIKTOK)).toBe('https://acme.example/products/drift-sleeping-bag?utm_source=tiktok');
  });

  it('never lead to one of the social sites, their CDNs or their short links', () => {
    for (const href of [
      'https://www.instagram.com/acme/',
      'https://l.instagram.com/?u=https%3A%2F%2Fwww.facebook.com%2Facme',
      'https://scontent.cdninstagram.com/v/x.jpg',
      'https://fb.me/abc',
      'https://m.facebook.com/story.php?story_fbid=1',
      'https://vm.tiktok.com/ZMabc/',
      'https://i.pinimg.com/x.jpg',
      'https://uk.pinterest.com/pin/1234567/',
      'https://www.threads.net/@acme',
    ]) {
      expect(outboundHref(href, 'https://www.facebook.com/'), href).toBeNull();
    }
  });

  it('come from the caption first, then the anchors, each once, and skip ellipsised display text', () => {
    const doc = new DOMParser().parseFromString(
      `<a href="https://l.facebook.com/l.php?u=${enc('https://acme.example/products/trail-jacket')}">acme.example/products/…</a>
       <a href="/acme">Acme</a><a href="https://acme.example/products/trail-jacket">again</a><a href="https://kumotea.example/x">tea</a>`,
      'text/html',
    );
    const caption = 'New! https://acme.example/products/trail-jacket. Also acme.example/products/… and https://northwind.example/spf…';
    expect(outboundLinks(caption, doc.querySelectorAll('a[href]'), 'https://www.facebook.com/')).toEqual([
      'https://acme.example/products/trail-jacket',
      'https://kumotea.example/x',
    ]);
  });
});

describe('URLs in text', () => {
  it('are found without trailing punctuation', () => {
    expect(urlsInText('New! https://kumotea.example/products/genmaicha?igshid=abc123&utm_source=ig. Also (https://acme.example/x), ok')).toEqual([
      'https://kumotea.example/products/genmaicha?igshid=abc123&utm_source=ig',
      'https://acme.example/x',
    ]);
  });
});
