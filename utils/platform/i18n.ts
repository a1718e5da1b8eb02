import { browser } from 'wxt/browser';
import type { Reason } from './errors';

/** The keys of public/_locales/en/messages.json, as WXT generates them. */
type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/**
 * Looks up a UI string in public/_locales. Falls back to the key itself so a missing string is
 * visible in review instead of rendering as an empty label.
 */
export function t(key: string, substitutions?: string | string[]): string {
  try {
    // Keys also travel as data (zod error keys), so they are checked by a unit test, not the type.
    const message = browser.i18n.getMessage(key as MessageKey, substitutions);
    if (message) return message;
  } catch {
    // Outside an extension (unit tests) there is no i18n API.
  }
  return key;
}

let cachedLocale: string | undefined | null = null;

/** The locale numbers, prices and dates are formatted in (asked once: it is an extension API call). */
export function uiLocale(): string | undefined {
  if (cachedLocale !== null) return cachedLocale;
  try {
    cachedLocale = browser.i18n.getUILanguage() || undefined;
  } catch {
    cachedLocale = undefined;
  }
  return cachedLocale;
}

/** Text direction of the UI language, for dir="rtl" on Persian and friends. */
export function uiDirection(): 'ltr' | 'rtl' {
  const lang = (uiLocale() ?? 'en').split('-')[0] ?? 'en';
  return ['fa', 'ar', 'he', 'ur'].includes(lang) ? 'rtl' : 'ltr';
}

/** A reason in words of the UI language (`{ key, args }` from the background, a stored row or an error). */
export function reasonText(reason: Reason | string | null | undefined): string {
  if (!reason) return '';
  if (typeof reason === 'string') return reason;
  return t(reason.key, reason.args);
}
