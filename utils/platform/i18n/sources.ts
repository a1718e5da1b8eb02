/**
 * Every language's message source, for the build (wxt.config.ts), `npm run i18n:check` and the
 * tests. Never imported by extension code: that loads one compiled language at a time.
 */
import english from '../../../public/_locales/en/messages.json';
import az from './messages/az.json';
import fa from './messages/fa.json';
import fil from './messages/fil.json';
import lv from './messages/lv.json';
import sw from './messages/sw.json';
import { compileBundle, type BundleFile, type EnglishSource, type Translation } from './compile';
import { LANGUAGES, type Language } from './languages';

export const ENGLISH: EnglishSource = english;

export const TRANSLATIONS: Record<Exclude<Language, 'en'>, Translation> = { sw, fa, fil, lv, az };

/** Every language's bundle as the build writes it to /i18n/<lang>.json (`pseudo`: the English texts pseudo-localized). */
export function buildBundles(transform?: (text: string) => string): Record<Language, BundleFile> {
  return Object.fromEntries(
    LANGUAGES.map((language) => [language, compileBundle(ENGLISH, language === 'en' ? null : TRANSLATIONS[language], language, language === 'en' ? transform : undefined)]),
  ) as Record<Language, BundleFile>;
}
