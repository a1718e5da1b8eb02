/**
 * Plural forms by Intl.PluralRules in each language. A golden table (tests/unit/platform/__golden__/
 * plurals.<lang>.txt, reviewed by a reader of the language) holds every plural message at
 * n = 0, 1, 2, 3, 4, 5, 10, 11, 21 and 0.5; the cases CLDR is known for are asserted by hand too.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage } from '@/utils/platform/i18n';
import { LANGUAGES, type Language } from '@/utils/platform/i18n/languages';
import { ENGLISH as SOURCE } from '@/utils/platform/i18n/sources';
import { bundleOf } from '../fixtures';

const COUNTS = [0, 1, 2, 3, 4, 5, 10, 11, 21, 0.5];
const PLURAL_KEYS = Object.entries(SOURCE)
  .filter(([, entry]) => entry.count)
  .map(([key]) => key);
const ISOLATES = /[\u2066-\u2069]/g;

const BUNDLES = Object.fromEntries(LANGUAGES.map((language) => [language, bundleOf(language)])) as Record<Language, ReturnType<typeof bundleOf>>;

/** A plural message with `n` as its count and the other arguments shown as ‹2›, ‹3›… */
function say(language: Language, key: string, n: number): string {
  const bundle = BUNDLES[language];
  const count = SOURCE[key]!.count!;
  const args = Array.from({ length: 9 }, (_, i) => (i + 1 === count ? n : `‹${i + 1}›`));
  return formatMessage(bundle.messages[key]!, args, bundle.locale, bundle.dir, bundle.lang).replace(ISOLATES, '');
}

describe('plural messages', () => {
  it('are many enough to matter (every count a user reads)', () => {
    expect(PLURAL_KEYS.length).toBeGreaterThan(40);
  });

  it.each(LANGUAGES)('match the golden table in %s', async (language) => {
    const table = PLURAL_KEYS.map((key) => [`## ${key}`, ...COUNTS.map((n) => `${String(n).padEnd(4)} ${say(language, key, n)}`)].join('\n')).join('\n\n');
    await expect(`${table}\n`).toMatchFileSnapshot(path.join(import.meta.dirname, '__golden__', `plurals.${language}.txt`));
  });

  it('never say "1 stars" or "$1 items" in English', () => {
    expect(say('en', 'cardStarsRow', 1)).toBe('1 star');
    expect(say('en', 'cardStarsRow', 5)).toBe('5 stars');
    expect(say('en', 'buyAgainDone', 1)).toBe('1 item is back in your cart');
    expect(say('en', 'buyAgainDone', 0)).toBe('0 items are back in your cart');
    expect(say('en', 'ratingLabel', 1)).toBe('Rated ‹1› out of 5 from 1 review');
    expect(say('en', 'ratingLabel', 0.5)).toBe('Rated ‹1› out of 5 from 0.5 reviews');
  });

  it('take Latvian’s "zero" form for 0, 10 and 11 to 19, and "one" for 1, 21, 31', () => {
    expect(say('lv', 'cardStarsRow', 0)).toBe('0 zvaigžņu');
    expect(say('lv', 'cardStarsRow', 10)).toBe('10 zvaigžņu');
    expect(say('lv', 'cardStarsRow', 11)).toBe('11 zvaigžņu');
    expect(say('lv', 'cardStarsRow', 1)).toBe('1 zvaigzne');
    expect(say('lv', 'cardStarsRow', 21)).toBe('21 zvaigzne');
    expect(say('lv', 'cardStarsRow', 3)).toBe('3 zvaigznes');
  });

  it('take Filipino’s "one" form for 0–3, 5, 7, 8, 10, 11, 21 and "other" for 4, 6, 9', () => {
    const bundle = BUNDLES.fil;
    const forms = bundle.messages.cartCheckoutAll as { one: string; other: string };
    for (const n of [0, 1, 2, 3, 5, 7, 8, 10, 11, 21]) expect(say('fil', 'cartCheckoutAll', n), String(n)).toBe(forms.one!.replace('$1', String(n)));
    for (const n of [4, 6, 9]) expect(say('fil', 'cartCheckoutAll', n), String(n)).toBe(forms.other!.replace('$1', String(n)));
  });

  it('count in Persian digits in Persian, with Persian "one" for 0 and 1', () => {
    expect(say('fa', 'catalogProducts', 21)).toBe('۲۱ محصول در کاتالوگ شما');
    expect(say('fa', 'catalogProducts', 0.5)).toBe('۰٫۵ محصول در کاتالوگ شما');
    expect(say('fa', 'sourceSkip_products', 0)).toBe('۰ محصول رد شد: ‹2›');
    expect(say('fa', 'sourceSkip_products', 2)).toBe('۲ محصول رد شدند: ‹2›');
  });

  it('take Swahili’s noun classes with the count (duka / maduka)', () => {
    expect(say('sw', 'cartCheckoutAll', 1)).toBe('Kamilisha oda kwa duka 1');
    expect(say('sw', 'cartCheckoutAll', 3)).toBe('Kamilisha oda kwa maduka yote 3');
  });

  it('pick the form from a count given as the digits a reason carries', () => {
    const bundle = BUNDLES.lv;
    expect(formatMessage(bundle.messages.errTagLimit!, ['21'], bundle.locale, bundle.dir, bundle.lang)).toBe('Ierakstā var būt ne vairāk kā 21 prece');
    expect(formatMessage(bundle.messages.errTagLimit!, ['20'], bundle.locale, bundle.dir, bundle.lang)).toBe('Ierakstā var būt ne vairāk kā 20 preču');
  });
});
