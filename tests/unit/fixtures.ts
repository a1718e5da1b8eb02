/** Test data more than one unit test file uses. */
import { beforeEach, expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import enMessages from '../../public/_locales/en/messages.json';
import type { Reason } from '@/utils/platform/errors';

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

const catalog: Record<string, { message: string }> = enMessages;

/** An English message the way browser.i18n hands it out, $1..$9 substituted. */
export function english(key: string, substitutions?: string | readonly (string | number)[]): string {
  const text = catalog[key]?.message ?? '';
  const subs = substitutions === undefined ? [] : typeof substitutions === 'string' ? [substitutions] : substitutions;
  return text.replace(/\$(\d)/g, (_, n: string) => String(subs[Number(n) - 1] ?? ''));
}

/** A reason in English words. */
export const inEnglish = (reason: Reason | null | undefined): string => (reason ? english(reason.key, reason.args) : '');

/** A skipped record as one line: "id: path: reason in English" (the path left out when it is the whole record). */
export const skipLine = (skip: { id: string | null; path: string; reason: Reason }): string =>
  [String(skip.id), ...(skip.path ? [skip.path] : []), inEnglish(skip.reason)].join(': ');

/** Makes browser.i18n answer in English for the test (WXT's fake browser has no messages). */
export function useEnglishMessages(): void {
  beforeEach(() => {
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(english);
  });
}
