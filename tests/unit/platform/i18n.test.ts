import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isolate, reasonText, setActiveBundle, t, uiDirection, uiLocale } from '@/utils/platform/i18n';
import { placeholdersOf, pseudoLocalize } from '@/utils/platform/i18n/compile';
import { because, ENGLISH, useLanguage } from '../fixtures';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const messages = JSON.parse(readFileSync(path.join(ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

describe('UI strings', () => {
  const code = ['components', 'entrypoints', 'utils'].flatMap((dir) => sources(path.join(ROOT, dir))).map((file) => readFileSync(file, 'utf8'));

  it('exist in English for every key the code passes to t()', () => {
    const used = new Set(code.flatMap((text) => [...text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((key) => !messages[key]);
    expect(missing).toEqual([]);
  });

  it('include every validation error key the contact schema can produce', () => {
    const contact = readFileSync(path.join(ROOT, 'utils/checkout/contact.ts'), 'utf8');
    const keys = new Set([...contact.matchAll(/'(err[A-Z][A-Za-z]+)'/g)].map((m) => m[1]!));
    expect(keys.size).toBeGreaterThan(2);
    expect([...keys].filter((key) => !messages[key])).toEqual([]);
  });

  it('are never empty', () => {
    expect(Object.entries(messages).filter(([, value]) => !value.message.trim())).toEqual([]);
  });
});

describe('t()', () => {
  useLanguage('fa');

  it('words messages in the active language with its digits, and isolates what it puts in', () => {
    expect(t('ratingLabel', ['۴٫۶', 212])).toBe('امتیاز \u2068۴٫۶\u2069 از ۵ بر پایهٔ \u2068۲۱۲\u2069 نظر');
    // A Latin name inside a Persian sentence keeps its own order and punctuation.
    expect(t('cartRemoveLabel', 'Trail Jacket (M)')).toBe('حذف \u2068Trail Jacket (M)\u2069');
    expect(t('checkoutFixErrors')).toBe('لطفاً فیلدهای مشخص\u200cشده را اصلاح کنید.');
  });

  it('formats the arguments a message declares numeric even when they come as a reason’s strings', () => {
    expect(reasonText(because('errHttpStatus', 'shop.example', 503))).toBe('\u2068shop.example\u2069 با خطای \u2068۵۰۳\u2069 پاسخ داد');
    // Not declared numeric: an id stays as written.
    expect(t('conflictPost', ['اینستاگرام', '7301'])).toContain('\u20687301\u2069');
  });
});

describe('t() in English', () => {
  it('leaves Latin arguments as they are and isolates right-to-left ones', () => {
    expect(t('cartRemoveLabel', 'Trail Jacket')).toBe('Remove Trail Jacket');
    expect(t('cartRemoveLabel', 'کیف چرمی')).toBe('Remove \u2068کیف چرمی\u2069');
    expect(isolate('Trail Jacket', 'ltr')).toBe('Trail Jacket');
    expect(isolate('Trail Jacket', 'rtl')).toBe('\u2068Trail Jacket\u2069');
    expect(isolate('', 'rtl')).toBe('');
  });

  it('formats numbers it is given, in English digits, and picks the plural form', () => {
    expect(t('catalogProducts', 1234)).toBe('1,234 products in your catalog');
    expect(t('catalogProducts', 1)).toBe('1 product in your catalog');
    expect(t('catalogProducts', '1')).toBe('1 product in your catalog');
  });

  it('answers with the key when no language knows it, never with an empty label', () => {
    expect(t('noSuchKey')).toBe('noSuchKey');
    setActiveBundle(null);
    // Without a bundle (a content script's first moment) the browser's English answers; the fake browser has none.
    expect(t('cartEmpty')).toBe('cartEmpty');
    expect([uiLocale(), uiDirection()]).toEqual(['en', 'ltr']);
  });

  it('keeps $$ as a dollar sign and drops placeholders it has no argument for', () => {
    const bundle = { ...ENGLISH, messages: { price: 'Costs $$$1 today', empty: 'A $2 B' } };
    setActiveBundle(bundle);
    expect(t('price', '5')).toBe('Costs $5 today');
    expect(t('empty')).toBe('A  B');
  });
});

describe('the pseudo-locale', () => {
  it('is accented, at least 40 % longer, and keeps its placeholders', () => {
    for (const text of ['Add to cart', 'Buy · $1', 'Pins: $1 of $2', 'OK']) {
      const pseudo = pseudoLocalize(text);
      expect(pseudo.length, text).toBeGreaterThanOrEqual(Math.ceil(text.length * 1.4));
      expect(placeholdersOf(pseudo)).toEqual(placeholdersOf(text));
      expect(pseudo).not.toMatch(/[aeiou]/);
    }
  });
});
