import { describe, expect, it } from 'vitest';
import { lexiconFor } from '@/utils/catalog/insights/matcher';
import type { InsightLanguage } from '@/utils/catalog/insights/lexicons';
import { scoreSentence } from '@/utils/catalog/insights/sentiment';

const score = (language: InsightLanguage, sentence: string) => scoreSentence(sentence, lexiconFor(language));
const aspects = (language: InsightLanguage, sentence: string) => Object.fromEntries(score(language, sentence).aspects);

describe('negation', () => {
  it.each<[InsightLanguage, string]>([
    ['en', 'Not comfortable'],
    ['sw', 'Si nzuri'],
    ['fa', 'راحت نیست'],
    ['fil', 'Hindi maganda'],
    ['lv', 'Nav ērts'],
    ['az', 'Rahat deyil'],
  ])('reads the %s "%s" as negative', (language, sentence) => {
    expect(score(language, sentence).score).toBe(-1);
  });

  it.each<[InsightLanguage, string]>([
    ['lv', 'Man nepatīk'],
    ['lv', 'Ļoti neērts'],
    ['az', 'Heç bəyənmədim'],
    ['az', 'Bunu bəyənmirəm'],
    ['az', 'Ayaqqabı rahatsızdır'],
    ['sw', 'Sikupenda rangi'],
    ['sw', 'Haipendezi'],
    ['fa', 'اصلا نمی‌پسندم'],
    ['fa', 'نپسندیدم'],
    ['fa', 'این کفش نمی‌ارزه'],
  ])('reads a word negated by its own affix, %s "%s", as negative', (language, sentence) => {
    expect(score(language, sentence).score).toBe(-1);
  });

  it.each<[InsightLanguage, string]>([
    ['en', 'Not bad at all'],
    ['en', 'No complaints'],
    ['en', 'No issues so far'],
    ['sw', 'Haina shida'],
    ['fa', 'هیچ مشکلی نداشت'],
    ['fil', 'Walang problema'],
    ['lv', 'Nav slikti'],
    ['az', 'Heç bir problem yoxdur'],
  ])('reads a negated complaint, %s "%s", as positive, negating once only', (language, sentence) => {
    expect(score(language, sentence).score).toBe(1);
  });

  it('reaches three words ahead, but not across a comma', () => {
    expect(score('en', 'It is not very comfortable').score).toBe(-1);
    expect(score('en', 'Not what I expected, comfortable though').score).toBe(1);
  });

  it('reads a negated aspect word as a complaint about it (بی‌کیفیت, keyfiyyətsiz, haitoshi)', () => {
    expect(aspects('fa', 'خیلی بی‌کیفیت بود')).toEqual({ quality: -1 });
    expect(aspects('az', 'Dadsız idi')).toEqual({ taste: -1 });
    expect(aspects('sw', 'Viatu haivitoshi')).toEqual({ fit: -1 });
    expect(aspects('lv', 'Garša nekvalitatīva')).toMatchObject({ quality: -1 });
  });
});

describe('contrast', () => {
  it.each<[InsightLanguage, string, Record<string, number>]>([
    ['en', 'The fit is great but the colour faded.', { fit: 1, colour: -1 }],
    ['sw', 'Rangi ni nzuri lakini bei ni ghali.', { colour: 1, value: -1 }],
    ['fa', 'کیفیتش عالیه ولی قیمتش گرونه', { quality: 1, value: -1 }],
    ['fil', 'Maganda ang tela pero mabagal dumating.', { material: 1, delivery: -1 }],
    ['lv', 'Kvalitāte ir laba, bet cena ir dārga.', { quality: 1, value: -1 }],
    ['az', 'Keyfiyyəti yaxşıdır, amma qiyməti bahadır.', { quality: 1, value: -1 }],
  ])('scores each side of a %s contrast on its own: "%s"', (language, sentence, expected) => {
    expect(aspects(language, sentence)).toEqual(expected);
  });

  it('gives an aspect in a clause without sentiment words the sentence\'s reading', () => {
    expect(aspects('en', 'The fit, though, is great.')).toEqual({ fit: 1 });
  });
});

describe('excess', () => {
  it.each<[InsightLanguage, string]>([
    ['en', 'Way too small'],
    ['sw', 'Ni ndogo mno'],
    ['fa', 'زیادی بزرگه'],
    ['fil', 'Masyadong maliit'],
    ['lv', 'Pārāk mazs'],
    ['az', 'Həddindən artıq böyükdür'],
  ])('reads "too" before a plain word as a complaint: %s "%s"', (language, sentence) => {
    expect(score(language, sentence).score).toBe(-1);
  });

  it('leaves a positive word after "too" positive, and a function word alone', () => {
    expect(score('en', 'Too good to be true').score).toBe(1);
    expect(score('en', 'I bought one too').score).toBe(0);
    expect(score('en', 'A bit of rain got in').score).toBe(0);
  });
});

describe('inflection', () => {
  it('finds Tagalog roots under their affixes', () => {
    expect(score('fil', 'Napakaganda').score).toBe(1);
    expect(score('fil', 'Magandang tela').score).toBe(1);
    expect(score('fil', 'Magaganda ang kulay').score).toBe(1);
    expect(aspects('fil', 'Dumating agad')).toEqual({ delivery: 0 });
    expect(aspects('fil', 'Nasira agad')).toEqual({ durability: -1 });
    expect(score('fil', 'Nagustuhan ko').score).toBe(1);
  });

  it('finds Latvian, Azerbaijani and Persian stems under their endings, and Persian words with or without ZWNJ', () => {
    expect(aspects('lv', 'Kvalitātes ziņā izcils')).toEqual({ quality: 1 });
    expect(aspects('az', 'Keyfiyyətinə görə əladır')).toEqual({ quality: 1 });
    expect(aspects('fa', 'بسته‌بندیش خوب بود')).toEqual({ delivery: 1 });
    expect(aspects('fa', 'بسته بندیش خوب بود')).toEqual({ delivery: 1 });
    expect(aspects('fa', 'كيفيتش خوب بود')).toEqual({ quality: 1 });
  });

  it('prefers the longer stem of one kind: Azerbaijani xoşla- (negated) over xoş-', () => {
    expect(score('az', 'Xoşlamıram').score).toBe(-1);
    expect(score('az', 'Xoşuma gəldi').score).toBe(1);
  });

  it('does not count a sentiment word inside a longer phrase twice', () => {
    expect(score('en', 'I highly recommend it').score).toBe(1);
  });
});
