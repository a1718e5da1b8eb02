/**
 * From the message sources to what t() reads, and the checks every language's messages pass.
 *
 * Sources: English in public/_locales/en/messages.json (Chrome's format, so the browser's own i18n
 * has the English too, plus Postcart's fields: `count` names the argument that picks the plural
 * form, `plural` holds the English forms, `numbers` names other numeric arguments); every other
 * language in utils/platform/i18n/messages/<lang>.json, a key to a text or, for plural messages,
 * to one text per plural category of that language.
 *
 * Used at build time (wxt.config.ts writes /i18n/<lang>.json), by `npm run i18n:check` and by the
 * tests; never by a content script.
 */
import type { Bundle, CompiledMessage, PluralCategory } from './active';
import { directionOf } from './languages';

export interface EnglishEntry {
  message: string;
  description?: string;
  /** `$count` is a number and picks the plural form. */
  count?: number;
  /** Other arguments that are numbers (formatted in the language, e.g. Persian digits). */
  numbers?: number[];
  /** The English plural forms (`other` equals `message`, which Chrome's own i18n shows). */
  plural?: Partial<Record<PluralCategory, string>>;
}
export type EnglishSource = Record<string, EnglishEntry>;
export type TranslatedMessage = string | Partial<Record<PluralCategory, string>>;
export type Translation = Record<string, TranslatedMessage>;

/** A bundle as built, before the page adds the formatting locale it computes from settings. */
export type BundleFile = Omit<Bundle, 'locale'>;

export type ProblemKind = 'missing' | 'placeholders' | 'plural-forms' | 'unknown-key' | 'empty';
export interface Problem {
  key: string;
  kind: ProblemKind;
  detail: string;
}

/** The positional placeholders a text uses: "$1 of $2" -> [1, 2] ("$$" is a literal dollar). */
export function placeholdersOf(text: string): number[] {
  const found = new Set<number>();
  for (const match of text.matchAll(/\$(\$|[1-9])/g)) if (match[1] !== '$') found.add(Number(match[1]));
  return [...found].sort((a, b) => a - b);
}

/** The plural categories a language's messages must give (Intl's CLDR rules). */
export function pluralCategoriesOf(language: string): PluralCategory[] {
  return new Intl.PluralRules(language).resolvedOptions().pluralCategories as PluralCategory[];
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function englishForms(entry: EnglishEntry): Partial<Record<PluralCategory, string>> | null {
  return entry.count ? { ...entry.plural, other: entry.plural?.other ?? entry.message } : null;
}

/** What is wrong with one language's messages against the English source (empty when complete). */
export function checkTranslation(english: EnglishSource, translation: Translation, language: string): Problem[] {
  const problems: Problem[] = [];
  const categories = pluralCategoriesOf(language);
  for (const [key, entry] of Object.entries(english)) {
    const expected = placeholdersOf(entry.message);
    const value = translation[key];
    if (value === undefined) {
      problems.push({ key, kind: 'missing', detail: entry.message });
      continue;
    }
    const forms: [string, string | undefined][] = typeof value === 'string' ? [['', value]] : Object.entries(value);
    if (entry.count) {
      const given = typeof value === 'string' ? [] : Object.keys(value);
      if (typeof value === 'string' || !sameList(given.map((c) => categories.indexOf(c as PluralCategory)).sort(), categories.map((_, i) => i))) {
        problems.push({ key, kind: 'plural-forms', detail: `needs exactly ${categories.join(', ')}; has ${typeof value === 'string' ? 'a plain text' : given.join(', ')}` });
        continue;
      }
    } else if (typeof value !== 'string') {
      problems.push({ key, kind: 'plural-forms', detail: 'English has one text here, not plural forms' });
      continue;
    }
    for (const [category, text] of forms) {
      if (!text?.trim()) {
        problems.push({ key, kind: 'empty', detail: category || 'text' });
      } else if (!sameList(placeholdersOf(text), expected)) {
        const where = category ? ` (${category})` : '';
        problems.push({ key, kind: 'placeholders', detail: `${text}${where}: has [${placeholdersOf(text).map((n) => `$${n}`).join(' ')}], English [${expected.map((n) => `$${n}`).join(' ')}]` });
      }
    }
  }
  for (const key of Object.keys(translation)) {
    if (!(key in english)) problems.push({ key, kind: 'unknown-key', detail: 'not in the English source (renamed or removed?)' });
  }
  return problems;
}

/** Problems in the English source itself: plural forms that disagree with the message Chrome shows. */
export function checkEnglish(english: EnglishSource): Problem[] {
  const problems: Problem[] = [];
  for (const [key, entry] of Object.entries(english)) {
    const forms = englishForms(entry);
    if (!entry.message.trim()) problems.push({ key, kind: 'empty', detail: 'message' });
    if (entry.plural && !entry.count) problems.push({ key, kind: 'plural-forms', detail: '`plural` without `count`' });
    if (!forms) continue;
    if (entry.plural?.other !== undefined && entry.plural.other !== entry.message) problems.push({ key, kind: 'plural-forms', detail: '`plural.other` differs from `message`' });
    if (!forms.one) problems.push({ key, kind: 'plural-forms', detail: 'no `one` form' });
    for (const text of Object.values(forms)) {
      if (text && !sameList(placeholdersOf(text), placeholdersOf(entry.message))) problems.push({ key, kind: 'placeholders', detail: text });
    }
    if (!placeholdersOf(entry.message).includes(entry.count!)) problems.push({ key, kind: 'placeholders', detail: `counts with $${entry.count}, which the message does not use` });
  }
  return problems;
}

/** Keys whose translation can be used as it is (problem-free); the rest fall back to English. */
function usable(english: EnglishSource, translation: Translation, language: string): Set<string> {
  const broken = new Set(checkTranslation(english, translation, language).map((problem) => problem.key));
  return new Set(Object.keys(english).filter((key) => key in translation && !broken.has(key)));
}

function compileMessage(entry: EnglishEntry, text: TranslatedMessage): CompiledMessage {
  const forms = typeof text === 'string' ? (entry.count ? { other: text } : null) : text;
  if (!forms && !entry.numbers?.length) return text as string;
  // A count is a number too: `n` lists every numeric argument, so t() reads one list.
  const compiled: Exclude<CompiledMessage, string> = { ...(forms ?? {}), other: forms?.other ?? (text as string) };
  const numeric = [...(entry.count ? [entry.count] : []), ...(entry.numbers ?? [])];
  if (entry.count) compiled.c = entry.count;
  if (numeric.length) compiled.n = numeric;
  return compiled;
}

/**
 * One language's bundle: every English key, in the language where its translation is complete
 * and sound, in English otherwise (a key another engineer just added shows in English, never as a
 * key). `transform` rewrites every text (the pseudo-locale).
 */
export function compileBundle(english: EnglishSource, translation: Translation | null, language: string, transform?: (text: string) => string): BundleFile {
  const good = translation ? usable(english, translation, language) : new Set<string>();
  const messages: Record<string, CompiledMessage> = {};
  for (const [key, entry] of Object.entries(english)) {
    const source: TranslatedMessage = good.has(key) ? translation![key]! : (englishForms(entry) ?? entry.message);
    // English forms compiled for another language: only `other` is sure to be meant for its counts.
    const text = good.has(key) || language === 'en' ? source : typeof source === 'string' ? source : { other: source.other! };
    messages[key] = compileMessage(entry, transform ? mapTexts(text, transform) : text);
  }
  return { lang: language, dir: directionOf(language), messages };
}

function mapTexts(text: TranslatedMessage, transform: (text: string) => string): TranslatedMessage {
  if (typeof text === 'string') return transform(text);
  return Object.fromEntries(Object.entries(text).map(([category, form]) => [category, transform(form!)]));
}

const ACCENTED: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ', n: 'ñ', o: 'ö', p: 'þ', r: 'ŕ', s: 'š', t: 'ţ', u: 'û', w: 'ŵ', y: 'ý', z: 'ž',
  A: 'Å', C: 'Ç', D: 'Ð', E: 'É', G: 'Ĝ', I: 'Î', L: 'Ļ', N: 'Ñ', O: 'Ö', S: 'Š', T: 'Ţ', U: 'Û', Y: 'Ý', Z: 'Ž',
};

/**
 * The pseudo-locale: every letter accented and the text 40 % longer (most translations are longer
 * than English), in brackets so a cut end shows. Placeholders stay as they are.
 */
export function pseudoLocalize(text: string): string {
  const parts = text.split(/(\$\$|\$[1-9])/);
  const accented = parts.map((part, i) => (i % 2 ? part : [...part].map((ch) => ACCENTED[ch] ?? ch).join(''))).join('');
  const target = Math.ceil(text.length * 1.4);
  return `[${accented} ${'ŀ'.repeat(Math.max(0, target - accented.length - 3))}]`;
}
