/** Test data more than one unit test file uses. */
import { afterEach, beforeEach, expect } from 'vitest';
import type { Reason } from '@/utils/platform/errors';
import { formatMessage, setActiveBundle, type Bundle, type Substitution } from '@/utils/platform/i18n';
import { compileBundle } from '@/utils/platform/i18n/compile';
import { formatLocaleOf, type Calendar, type Language } from '@/utils/platform/i18n/languages';
import { ENGLISH as ENGLISH_SOURCE, TRANSLATIONS } from '@/utils/platform/i18n/sources';

/** A shopper's saved details, every field filled the way the checkout form saves them. */
export const CONTACT = {
  email: 'ana@example.com',
  phone: '',
  firstName: 'Ana',
  lastName: 'Reyes',
  address1: '12 Harbor St',
  address2: '',
  city: 'Portland',
  region: 'OR',
  postalCode: '97201',
  country: 'US',
};

/** The post a cart line came from. */
export const POST = { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' } as const;

/** A reason as the background sends and stores it: an i18n key and its arguments. */
export const because = (key: string, ...args: (string | number)[]) => ({ key, args: args.map(String) }) as Reason;

/** The background's reply refusing a request, for that reason. */
export const refused = (key: string, ...args: (string | number)[]) => ({ ok: false as const, error: because(key, ...args) });

/** Matches a UserError (thrown or rejected) with that key, and those arguments when given. */
export const userError = (key: string, ...args: (string | number)[]) => expect.objectContaining(args.length ? { key, args: args.map(String) } : { key });

/** A language's bundle as the build makes it, formatting in the language's own locale (no browser region). */
export function bundleOf(language: Language, calendar: Calendar = 'gregory'): Bundle {
  return { ...compileBundle(ENGLISH_SOURCE, language === 'en' ? null : TRANSLATIONS[language], language), locale: formatLocaleOf(language, undefined, calendar) };
}

/** The English every unit test speaks unless it picks another language (tests/unit/setup.ts makes it active). */
export const ENGLISH = bundleOf('en');

/** An English message as t() words it, $1..$9 substituted ('' for a key English does not have). */
export function english(key: string, substitutions?: Substitution | readonly Substitution[]): string {
  const message = ENGLISH.messages[key];
  const subs = substitutions === undefined ? [] : typeof substitutions === 'object' ? substitutions : [substitutions];
  return message === undefined ? '' : formatMessage(message, subs, ENGLISH.locale, ENGLISH.dir);
}

/** A reason in English words. */
export const inEnglish = (reason: Reason | null | undefined): string => (reason ? english(reason.key, reason.args) : '');

/** A skipped record as one line: "id: path: reason in English" (the path left out when it is the whole record). */
export const skipLine = (skip: { id: string | null; path: string; reason: Reason }): string =>
  [String(skip.id), ...(skip.path ? [skip.path] : []), inEnglish(skip.reason)].join(': ');

/** Makes the test's UI speak `language` (English again after it). */
export function useLanguage(language: Language, calendar?: Calendar): void {
  beforeEach(() => setActiveBundle(bundleOf(language, calendar)));
  afterEach(() => setActiveBundle(ENGLISH));
}
