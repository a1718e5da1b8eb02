import { describe, expect, it } from 'vitest';
import { ASPECTS, INSIGHT_LANGUAGES, LEXICONS, PRODUCT_TYPES, type Lexicon } from '@/utils/catalog/insights/lexicons';
import { parseTerm } from '@/utils/catalog/insights/matcher';
import { foldText, words } from '@/utils/catalog/insights/text';

/** Every word list of a lexicon, named for the failure message. */
function lists(lexicon: Lexicon): [string, readonly string[]][] {
  return [
    ...ASPECTS.map((a) => [`aspects.${a}`, lexicon.aspects[a]] as [string, readonly string[]]),
    ['positive', lexicon.positive],
    ['negative', lexicon.negative],
    ['negators', lexicon.negators],
    ['postNegators', lexicon.postNegators],
    ['contrast', lexicon.contrast],
    ['excessBefore', lexicon.excessBefore],
    ['excessAfter', lexicon.excessAfter],
    ['stopwords', lexicon.stopwords],
    ...PRODUCT_TYPES.map((t) => [`productTypes.${t}`, lexicon.productTypes[t]] as [string, readonly string[]]),
  ];
}

describe.each(INSIGHT_LANGUAGES)('the %s lexicon', (language) => {
  const lexicon = LEXICONS[language];

  it('names itself by its language', () => {
    expect(lexicon.language).toBe(language);
  });

  it('has words for every aspect, every product type, both sentiments, negation, contrast and language detection', () => {
    const required = lists(lexicon).filter(([name]) => !['postNegators', 'excessBefore', 'excessAfter'].includes(name));
    expect(required.filter(([, list]) => list.length === 0).map(([name]) => name)).toEqual([]);
    // Negation is written before or after the word, depending on the language.
    expect(lexicon.negators.length + lexicon.postNegators.length).toBeGreaterThan(0);
  });

  it('keeps every list sorted and free of duplicates, also once folded', () => {
    for (const [name, list] of lists(lexicon)) {
      expect([...list].sort(), `${language} ${name} is sorted`).toEqual(list);
      expect(new Set(list).size, `${language} ${name} is unique`).toBe(list.length);
      const folded = list.map((term) => parseTerm(term).map((p) => `${p.mode}:${p.text}`).join(' '));
      expect(folded.filter((f, i) => folded.indexOf(f) !== i), `${language} ${name} folds apart`).toEqual([]);
    }
  });

  it('writes every term as words that fold to one word each, stems of at least 3 letters and roots of at least 4', () => {
    const bad: string[] = [];
    for (const [name, list] of lists(lexicon)) {
      for (const term of list) {
        for (const pattern of parseTerm(term)) {
          const ok = words(pattern.text).length === 1 && words(pattern.text)[0] === pattern.text && (pattern.mode === 'exact' || pattern.text.length >= (pattern.mode === 'prefix' ? 3 : 4));
          if (!ok) bad.push(`${name}: ${term}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('is frozen, so no analysis can change it for the next', () => {
    expect(Object.isFrozen(lexicon)).toBe(true);
    expect(Object.isFrozen(lexicon.aspects.fit)).toBe(true);
    expect(Object.isFrozen(lexicon.morphology)).toBe(true);
  });
});

describe('text folding', () => {
  it('folds case, diacritics, Azerbaijani ə and ı, Arabic letter variants, ZWNJ, apostrophes and Persian digits', () => {
    expect(foldText('Ērts KVALITĀTE')).toBe('erts kvalitate');
    expect(foldText('Gözəl, QIŞ üçün İSTİ')).toBe('gozel, qis ucun isti');
    expect(foldText('كيفيت')).toBe(foldText('کیفیت'));
    expect(foldText('می‌خواهم')).toBe('میخواهم');
    expect(foldText("doesn't")).toBe('doesnt');
    expect(foldText('۱۲۳ ٤٥')).toBe('123 45');
  });
});
