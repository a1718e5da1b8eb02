/**
 * UI strings in the language the user chose. Postcart ships its own message bundles (English from
 * public/_locales/en/messages.json, the other languages from utils/platform/i18n/messages/), one
 * language at a time: extension pages fetch theirs (i18n/page.ts), content scripts read the one the
 * background keeps in storage (i18n/stored.ts). `t(key, subs)` works the same everywhere: `$1`…`$9`
 * are replaced by the substitutions, numbers among them are formatted in the language (and the one
 * a message counts with picks its plural form), and in a right-to-left language every substitution
 * is isolated (FSI…PDI) so a Latin name, a URL or a price keeps its punctuation where it belongs.
 */
import { browser } from 'wxt/browser';
import type { Reason } from './errors';
import { formatCount, pluralCategory } from './format';
import { activeBundle, uiDirection, type CompiledMessage } from './i18n/active';

export { activeBundle, setActiveBundle, uiDirection, uiLanguage, uiLocale, type Bundle } from './i18n/active';

export type Substitution = string | number;

/** The keys of public/_locales/en/messages.json, as WXT generates them. */
type ChromeMessageKey = Parameters<typeof browser.i18n.getMessage>[0];

const FSI = '\u2068';
const PDI = '\u2069';
/** Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms: text that reads right to left. */
const RTL_TEXT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/**
 * Text from outside the messages (a product name, a URL, a price, a reason) made safe to put inside
 * a sentence: first-strong isolated when the UI reads right to left or the text does, so neither
 * reorders the other. Latin text in a left-to-right UI is returned as it is.
 */
export function isolate(text: string, dir: 'ltr' | 'rtl' = uiDirection()): string {
  return text && (dir === 'rtl' || RTL_TEXT.test(text)) ? FSI + text + PDI : text;
}

/** A message from a bundle with its substitutions in place, numbers formatted and the plural form picked. */
export function formatMessage(message: CompiledMessage, subs: readonly Substitution[], locale: string, dir: 'ltr' | 'rtl', language = locale): string {
  const numeric = typeof message === 'string' ? [] : (message.n ?? []);
  const count = typeof message === 'string' || !message.c ? NaN : Number(subs[message.c - 1]);
  const text = typeof message === 'string' ? message : (Number.isFinite(count) && message[pluralCategory(count, language)]) || message.other;
  return text.replace(/\$(\$|[1-9])/g, (_, which: string) => {
    if (which === '$') return '$';
    const value = subs[Number(which) - 1];
    if (value === undefined) return '';
    // Numbers given as numbers, and arguments the message declares numeric (reasons carry strings).
    const number = typeof value === 'number' || numeric.includes(Number(which)) ? Number(value) : NaN;
    return isolate(Number.isFinite(number) ? formatCount(number, locale) : String(value), dir);
  });
}

/**
 * A UI string in the user's language. Before any bundle is loaded (a content script's first moment
 * after install) the browser's own copy of the English messages answers; a missing key shows as
 * itself so it is visible in review instead of rendering as an empty label.
 */
export function t(key: string, substitutions?: Substitution | readonly Substitution[]): string {
  const subs: readonly Substitution[] = [substitutions ?? []].flat();
  const bundle = activeBundle();
  const message = bundle?.messages[key];
  if (bundle && message !== undefined) return formatMessage(message, subs, bundle.locale, bundle.dir, bundle.lang);
  try {
    // Keys also travel as data (zod error keys), so they are checked by a unit test, not the type.
    const english = browser.i18n.getMessage(key as ChromeMessageKey, subs.map(String));
    if (english) return english;
  } catch {
    // Outside an extension (unit tests) there is no i18n API.
  }
  return key;
}

/** A reason in words of the UI language (`{ key, args }` from the background, a stored row or an error). */
export function reasonText(reason: Reason | string | null | undefined): string {
  if (!reason) return '';
  if (typeof reason === 'string') return reason;
  return t(reason.key, reason.args);
}
