/**
 * Every language has every message, with the English placeholders and its own plural forms; the
 * manifest strings Chrome shows are the bundles' own; and nothing is left in English by accident.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnglish, checkTranslation, compileBundle, placeholdersOf, pluralCategoriesOf } from '@/utils/platform/i18n/compile';
import { LANGUAGES } from '@/utils/platform/i18n/languages';
import { ENGLISH, TRANSLATIONS } from '@/utils/platform/i18n/sources';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const OTHERS = Object.entries(TRANSLATIONS);

/** Names and symbols written the same in every language (brands, file formats, punctuation-only messages). */
const SAME_EVERYWHERE = new Set([
  'extName',
  'platformInstagram',
  'platformPinterest',
  'platformTiktok',
  'platformFacebook',
  'ordersExportCsv',
  'ordersExportJson',
  'orderLine',
  'ratingShort',
  // The buy button's badge "−18%": a sign and a number, read the same everywhere (and short, for the pill).
  'cardReduction',
  'pinDotLabel',
  'listSeparator',
  'textAsIs',
  'errServerRefusedTag',
  'dashboardNone',
  'dashboardCtr',
]);

/** Words a language really uses as English writes them (Filipino online shopping). */
const SAME_IN: Record<string, string[]> = {
  fil: ['tabCart', 'cartSubtotal', 'fieldEmail', 'dashboardPost'],
};

/** Persian writes names in its own script and its own punctuation. */
const PERSIAN_OWN = new Set(['platformInstagram', 'platformPinterest', 'platformTiktok', 'platformFacebook', 'pinDotLabel', 'listSeparator', 'dashboardCtr']);

describe('the message bundles', () => {
  it('have a sound English source: plural forms that agree with what Chrome shows', () => {
    expect(checkEnglish(ENGLISH)).toEqual([]);
    expect(Object.keys(ENGLISH).length).toBeGreaterThan(350);
  });

  it.each(OTHERS)('have every English key in %s, with the same placeholders and that language’s plural forms', (language, translation) => {
    expect(checkTranslation(ENGLISH, translation, language)).toEqual([]);
  });

  it.each(OTHERS)('leave nothing in English in %s but names and symbols', (language, translation) => {
    const allowed = new Set([...SAME_EVERYWHERE, ...(SAME_IN[language] ?? [])]);
    const untranslated = Object.entries(ENGLISH)
      .filter(([key, entry]) => {
        const value = translation[key];
        const texts = typeof value === 'string' ? [value] : Object.values(value ?? {});
        return texts.includes(entry.message) || texts.some((text) => text === entry.plural?.one);
      })
      .map(([key]) => key)
      .filter((key) => !allowed.has(key));
    expect(untranslated).toEqual([]);
  });

  it('write Persian names, commas and rates in Persian', () => {
    for (const key of PERSIAN_OWN) expect(TRANSLATIONS.fa[key], key).not.toEqual(ENGLISH[key]!.message);
  });

  it('give a plural message every category its language has, and no other', () => {
    for (const [language, translation] of OTHERS) {
      const categories = pluralCategoriesOf(language).sort();
      for (const [key, entry] of Object.entries(ENGLISH)) {
        if (!entry.count) continue;
        expect(Object.keys(translation[key] as object).sort(), `${language} ${key}`).toEqual(categories);
      }
    }
    expect(pluralCategoriesOf('lv').sort()).toEqual(['one', 'other', 'zero']);
  });

  it('count with an argument every form uses', () => {
    for (const [key, entry] of Object.entries(ENGLISH)) {
      if (entry.count) expect(placeholdersOf(entry.message), key).toContain(entry.count);
      for (const n of entry.numbers ?? []) expect(placeholdersOf(entry.message), key).toContain(n);
    }
  });

  it('fall back to English for a key a language does not have yet, never to the key', () => {
    const { sourceSyncNow: _dropped, ...partial } = TRANSLATIONS.sw;
    const bundle = compileBundle(ENGLISH, { ...partial, cardClose: 'Funga $1' }, 'sw');
    expect(bundle.messages.sourceSyncNow).toBe('Sync now');
    // A translation with placeholders English does not have is not used.
    expect(bundle.messages.cardClose).toBe('Close');
    expect(bundle.messages.tabCart).toBe('Kikapu');
    expect(bundle.dir).toBe('ltr');
    expect(compileBundle(ENGLISH, TRANSLATIONS.fa, 'fa').dir).toBe('rtl');
  });

  it('exist for each template key the components build (kinds, units)', () => {
    const templated = [
      ...['postcart', 'shopify', 'merchant_feed', 'reviews_feed'].map((kind) => `sourceKind_${kind}`),
      ...['merchants', 'products', 'reviews', 'tags'].flatMap((kind) => [`sourceSkip_${kind}`, `sourceSkipAt_${kind}`]),
      ...['minute', 'hour', 'day'].map((unit) => `cardPriced_${unit}`),
    ];
    expect(templated.filter((key) => !ENGLISH[key])).toEqual([]);
  });
});

describe('the manifest strings in _locales', () => {
  const folders = readdirSync(path.join(ROOT, 'public/_locales')).sort();

  it('exist only for languages Chrome knows: fil (not tl), and no folder for Azerbaijani', () => {
    expect(folders).toEqual(['en', 'fa', 'fil', 'lv', 'sw']);
    expect(LANGUAGES.filter((language) => !folders.includes(language))).toEqual(['az']);
  });

  it('are the bundles’ own name and description', () => {
    for (const folder of folders.filter((name) => name !== 'en')) {
      const manifest = JSON.parse(readFileSync(path.join(ROOT, 'public/_locales', folder, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
      expect(Object.keys(manifest).sort(), folder).toEqual(['extDescription', 'extName']);
      const translation = TRANSLATIONS[folder as keyof typeof TRANSLATIONS];
      expect(manifest.extName!.message).toBe(translation.extName);
      expect(manifest.extDescription!.message).toBe(translation.extDescription);
    }
    expect(existsSync(path.join(ROOT, 'public/_locales/tl'))).toBe(false);
  });
});
