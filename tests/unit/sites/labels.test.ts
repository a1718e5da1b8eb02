// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasLabel, matchLabels } from '@/utils/sites/dom';
import { FACEBOOK_LABELS, INSTAGRAM_LABELS, labelKey, labelSet, PINTEREST_LABELS, REQUIRED_LANGUAGES, TIKTOK_LABELS, type LabelData, type LabelLanguage } from '@/utils/sites/labels';

const SITES = { instagram: INSTAGRAM_LABELS, facebook: FACEBOOK_LABELS, tiktok: TIKTOK_LABELS, pinterest: PINTEREST_LABELS };
const KINDS: Record<string, LabelData> = Object.fromEntries(
  Object.entries(SITES).flatMap(([site, labels]) => Object.entries(labels).map(([kind, data]) => [`${site} ${kind}`, data as LabelData])),
);
const all = (kind: 'sponsored' | 'suggested'): LabelData[] => Object.values(SITES).flatMap((labels) => (kind in labels ? [(labels as Record<string, LabelData>)[kind]!] : []));
const el = (html: string): Element => {
  const div = document.createElement('div');
  div.innerHTML = html;
  return div;
};

describe('the label data', () => {
  for (const [kind, data] of Object.entries(KINDS)) {
    it(`covers every language Postcart speaks for ${kind}`, () => {
      for (const language of REQUIRED_LANGUAGES) expect(data[language]?.length ?? 0, `${kind} ${language}`).toBeGreaterThan(0);
    });

    it(`keeps each ${kind} list sorted for its language and free of repeats, also after normalization`, () => {
      for (const [language, list] of Object.entries(data) as [LabelLanguage, readonly string[]][]) {
        const collator = new Intl.Collator(language);
        expect([...list].sort(collator.compare), `${kind} ${language}`).toEqual(list);
        const keys = list.map(labelKey);
        expect(new Set(keys).size, `${kind} ${language} repeats ${keys}`).toBe(keys.length);
        expect(keys.every((key) => key.length > 0)).toBe(true);
      }
    });
  }

  it('never has one label in two kinds', () => {
    const sponsored = new Set(all('sponsored').flatMap((data) => [...labelSet(data)]));
    expect(all('suggested').flatMap((data) => [...labelSet(data)]).filter((key) => sponsored.has(key))).toEqual([]);
  });

  it('lists no interface labels of actions (Like, Comment, Share, Save) among the signals', () => {
    const keys = new Set([...all('sponsored'), ...all('suggested')].flatMap((data) => [...labelSet(data)]));
    for (const action of ['Like', 'Comment', 'Share', 'Save', 'More options', 'Me gusta', 'Paid partnership', 'ترويج']) expect(keys.has(labelKey(action)), action).toBe(false);
  });

  it('lives in one place: no adapter keeps its own label lists', () => {
    for (const site of ['instagram', 'facebook', 'pinterest', 'tiktok']) {
      const source = readFileSync(path.resolve(import.meta.dirname, '../../../utils/sites', `${site}.ts`), 'utf8');
      expect(source, site).not.toMatch(/sponsoredLabel|suggestedLabel|'Sponsored'|'Patrocinado'/);
      expect(source, site).not.toMatch(/aria-label="(Like|Unlike|Comment|Share|Save|More options)"/);
    }
  });
});

describe('label keys', () => {
  it('fold case, accents, spacing, punctuation and invisible characters', () => {
    const key = labelKey('Sponsored');
    for (const variant of ['SPONSORED', ' Sponsored ', 'Spon\u00adsored', 'S\u200bponsored', 'Sponsored·', 'S p o n s o r e d', 'Ｓｐｏｎｓｏｒｅｄ']) {
      expect(labelKey(variant), variant).toBe(key);
    }
    expect(labelKey('Sponsorisé')).toBe(labelKey('Sponsorise'));
    expect(labelKey('Sponsorēts')).toBe(labelKey('SPONSORETS'));
  });

  it('read Arabic with or without vowel marks, and Persian and Arabic letter forms alike', () => {
    expect(labelKey('مُموَّل')).toBe(labelKey('ممول'));
    expect(labelKey('پیشنهاد برای شما')).toBe(labelKey('پيشنهاد براي شما'));
    expect(labelKey('پست‌های پیشنهادی')).toBe(labelKey('پستهای پیشنهادی'));
  });
});

describe('finding a label in a post', () => {
  const sponsored = labelSet(FACEBOOK_LABELS.sponsored);
  const suggested = labelSet(FACEBOOK_LABELS.suggested);

  it('reads the label as a whole short text, or as an aria-label, in any of the languages', () => {
    for (const label of ['Sponsored', 'Publicidad', 'Imedhaminiwa', 'دارای حمایت مالی', 'Sponsorēts', 'Sponsorlu', 'Реклама', 'مُموَّل', '贊助']) {
      expect(hasLabel(el(`<span>Ana</span><span><span>${label}</span></span>`), sponsored), label).toBe(true);
      expect(hasLabel(el(`<span>Ana</span><a aria-label="${label}" href="#"><svg></svg></a>`), sponsored), label).toBe(true);
    }
  });

  it("sees through Facebook's split letters, with the filler letters hidden inline", () => {
    const split = '<span><b>S</b><b style="display:none">x</b><b>p</b><b>o</b><b style="display: none">q</b><b>n</b><b>s</b><b>o</b><b>r</b><b>e</b><b>d</b></span>';
    expect(hasLabel(el(`<div>${split}</div>`), sponsored)).toBe(true);
    const dashes = '<span><b>S</b><b style="display:none">-</b><b>p</b><b>o</b><b>n</b><b>s</b><b>o</b><b>r</b><b>e</b><b>d</b></span>';
    expect(hasLabel(el(dashes), sponsored)).toBe(true);
  });

  it('never reads a label inside longer text or inside what `skip` leaves out', () => {
    expect(hasLabel(el('<p>Not sponsored, just a jacket I love</p>'), sponsored)).toBe(false);
    expect(hasLabel(el('<p>Sponsored</p>'), sponsored, (node) => node.localName === 'p')).toBe(false);
    expect(hasLabel(el('<span>Sponsoredish</span>'), sponsored)).toBe(false);
  });

  it('tells several kinds apart in one pass', () => {
    expect(matchLabels(el('<h3>Sugerencias para ti</h3><span>Ana</span>'), [sponsored, suggested])).toEqual([false, true]);
    expect(matchLabels(el('<span>Sponsorlu</span><h3>Sizin üçün təkliflər</h3>'), [sponsored, suggested])).toEqual([true, true]);
    expect(matchLabels(el('<h3>Ana Reyes</h3>'), [sponsored, suggested])).toEqual([false, false]);
  });
});
