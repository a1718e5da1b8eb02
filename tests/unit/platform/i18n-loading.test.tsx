// @vitest-environment happy-dom
/**
 * How each part of the extension gets the chosen language: the background keeps its bundle in
 * storage for the content scripts, pages fetch theirs and follow a change without a reload, and
 * overlays take lang and dir from it whatever the site's direction.
 */
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BuyButton } from '@/components/overlay/BuyButton';
import { activeBundle, t, uiLanguage } from '@/utils/platform/i18n';
import type { BundleFile } from '@/utils/platform/i18n/compile';
import { BUNDLE_TAG_KEY, keepStoredBundle, loadBundle } from '@/utils/platform/i18n/load';
import { startPageLanguage } from '@/utils/platform/i18n/page';
import { BUNDLE_KEY, bundleFromStored, watchStoredBundle } from '@/utils/platform/i18n/stored';
import { buildBundles } from '@/utils/platform/i18n/sources';
import type { PostOffer } from '@/utils/platform/messages';
import { shadowHost } from '@/utils/overlay/styles';
import { useLanguage } from '../fixtures';

const BUILT = buildBundles();
const fetchBundle = vi.fn(async (language: keyof typeof BUILT): Promise<BundleFile> => BUILT[language]);
const store = fakeBrowser.storage.local;

describe('the bundle the background keeps for content scripts', () => {
  beforeEach(() => fetchBundle.mockClear());

  it('is the chosen language’s, written once and again only when something changed', async () => {
    const written = await keepStoredBundle(store, { language: 'browser', calendar: 'gregory' }, { build: '1.0', uiLanguage: 'fa-IR', fetchBundle });
    expect(written).toMatchObject({ lang: 'fa', dir: 'rtl', locale: 'fa-IR-u-ca-gregory-nu-arabext' });
    const stored = bundleFromStored((await store.get(BUNDLE_KEY))[BUNDLE_KEY]);
    expect(stored?.messages.tabCart).toBe('سبد خرید');
    expect(await keepStoredBundle(store, { language: 'browser', calendar: 'gregory' }, { build: '1.0', uiLanguage: 'fa-IR', fetchBundle })).toBeNull();
    expect(fetchBundle).toHaveBeenCalledTimes(1);

    await keepStoredBundle(store, { language: 'browser', calendar: 'persian' }, { build: '1.0', uiLanguage: 'fa-IR', fetchBundle });
    expect(bundleFromStored((await store.get(BUNDLE_KEY))[BUNDLE_KEY])?.locale).toBe('fa-IR-u-ca-persian-nu-arabext');
    await keepStoredBundle(store, { language: 'lv', calendar: 'persian' }, { build: '1.0', uiLanguage: 'fa-IR', fetchBundle });
    expect(bundleFromStored((await store.get(BUNDLE_KEY))[BUNDLE_KEY])).toMatchObject({ lang: 'lv', dir: 'ltr', locale: 'lv-IR' });
    // An update (new build) or an install writes it again.
    expect(await keepStoredBundle(store, { language: 'lv', calendar: 'persian' }, { build: '1.1', uiLanguage: 'fa-IR', fetchBundle })).not.toBeNull();
    expect(await keepStoredBundle(store, { language: 'lv', calendar: 'persian' }, { build: '1.1', force: true, uiLanguage: 'fa-IR', fetchBundle })).not.toBeNull();
    expect((await store.get(BUNDLE_TAG_KEY))[BUNDLE_TAG_KEY]).toBe('1.1|lv|lv-IR');
  });

  it('reaches a content script when it changes, and anything else stored there reads as no bundle', async () => {
    const seen: string[] = [];
    const stop = watchStoredBundle((bundle) => seen.push(bundle.lang));
    await keepStoredBundle(store, { language: 'az', calendar: 'gregory' }, { build: '1', uiLanguage: 'az-AZ', fetchBundle });
    await store.set({ [BUNDLE_KEY]: 'not a bundle' });
    await store.set({ other: 1 });
    stop();
    await keepStoredBundle(store, { language: 'sw', calendar: 'gregory' }, { build: '1', uiLanguage: 'sw-KE', fetchBundle });
    expect(seen).toEqual(['az']);
    for (const raw of [null, undefined, 'x', 3, [], { lang: 'fa' }]) expect(bundleFromStored(raw)).toBeNull();
  });
});

describe('an extension page', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('takes lang, dir and title from the chosen language before it renders, and follows a change without a reload', async () => {
    vi.stubGlobal('fetch', async (url: string) => new Response(JSON.stringify(BUILT[url.match(/i18n\/(\w+)\.json$/)![1] as keyof typeof BUILT])));
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
    await store.set({ settings: { sellerMode: false, analytics: true, language: 'fa', calendar: 'gregory' } });
    const renders: string[] = [];
    const stop = await startPageLanguage(document, 'optionsHeading', () => renders.push(`${document.documentElement.lang}/${document.documentElement.dir}: ${t('tabCart')}`));
    expect(renders).toEqual(['fa/rtl: سبد خرید']);
    expect(document.title).toBe('تنظیمات Postcart');

    await store.set({ settings: { sellerMode: false, analytics: true, language: 'lv', calendar: 'gregory' } });
    await vi.waitFor(() => expect(renders).toHaveLength(2));
    expect(renders[1]).toBe('lv/ltr: Grozs');
    expect(document.title).toBe('Postcart iestatījumi');
    // Another setting changing does not load the language again.
    await store.set({ settings: { sellerMode: true, analytics: true, language: 'lv', calendar: 'gregory' } });
    stop();
    expect(renders).toHaveLength(2);
    expect(activeBundle()?.locale).toBe('lv-US');
  });

  it('loads the browser’s language by default, Filipino for Tagalog', async () => {
    expect((await loadBundle({ language: 'browser', calendar: 'gregory' }, 'tl-PH', fetchBundle)).lang).toBe('fil');
    expect((await loadBundle({ language: 'browser', calendar: 'gregory' }, 'de-DE', fetchBundle)).lang).toBe('en');
  });
});

describe('an overlay on a left-to-right site in Persian', () => {
  useLanguage('fa');
  const offer: PostOffer = {
    matchId: 'm1',
    reason: 'tag',
    productId: 'acme:1',
    variantId: 'v1',
    title: 'Trail Jacket',
    merchantName: 'Acme Outdoor',
    priceMinor: 12900,
    reduction: null,
    currency: 'USD',
    available: true,
    rating: 4.6,
    reviewCount: 212,
    pin: null,
  };

  it('is right to left in Persian with Persian digits, its Latin product name isolated', () => {
    document.documentElement.dir = 'ltr';
    const { host, root } = shadowHost('postcart-overlay');
    document.body.append(host);
    const slot = document.createElement('div');
    root.append(slot);
    render(<BuyButton offer={offer} onOpen={() => undefined} />, slot);
    expect([host.dir, host.lang, uiLanguage()]).toEqual(['rtl', 'fa', 'fa']);
    const button = slot.querySelector('button')!;
    expect(button.textContent).toContain('خرید · ');
    expect(button.textContent).toContain('۱۲۹٫۰۰');
    expect(button.textContent).toContain('★\u2068۴٫۶\u2069 (\u2068۲۱۲\u2069)');
    expect(button.textContent).not.toMatch(/[0-9]/);
    expect(button.getAttribute('aria-label')).toContain('\u2068Trail Jacket\u2069');
    render(null, slot);
    host.remove();
  });
});
