import { describe, expect, it } from 'vitest';
import { buildSummarizerInput, MAX_INPUT_CHARS, SummarizerAvailability, validateCitedSummary } from '@/utils/catalog/insights/summarizer';

const reviews = [
  { id: 'rv-1', rating: 5, title: 'Dry all day', text: 'Kept me dry in six hours of rain.', date: '2026-10-01' },
  { id: 'rv-2', rating: 2, title: 'Sleeves short', text: 'The cuffs ride up when I reach for my poles.', date: '2026-10-03' },
  { id: 'rv-3', rating: 4, title: 'Nzuri', text: 'Koti hili ni nzuri sana na linazuia mvua.', date: '2026-10-02' },
  { id: 'rv-4', rating: 5, title: 'Great', text: 'Great   jacket,\n\nfits over a fleece.', date: '2026-09-01' },
];

describe('the Summarizer input', () => {
  it('labels the reviews of one language [R1], [R2]... newest first, with their ratings, and maps the labels back to review ids', () => {
    const input = buildSummarizerInput(reviews, 'en')!;
    expect(input.text).toBe(
      ['[R1] (2/5) Sleeves short. The cuffs ride up when I reach for my poles.', '[R2] (5/5) Dry all day. Kept me dry in six hours of rain.', '[R3] (5/5) Great. Great jacket, fits over a fleece.'].join('\n'),
    );
    expect(input.labels).toEqual({ R1: 'rv-2', R2: 'rv-1', R3: 'rv-4' });
    expect(input.options).toEqual({
      type: 'tldr',
      format: 'plain-text',
      length: 'medium',
      expectedInputLanguages: ['en'],
      expectedContextLanguages: ['en'],
      outputLanguage: 'en',
    });
    expect(input.context).toMatch(/\[R2\]\[R5\]/);
  });

  it('takes only reviews in the language asked for, and none when there are none', () => {
    expect(Object.values(buildSummarizerInput(reviews, 'sw')!.labels)).toEqual(['rv-3']);
    expect(buildSummarizerInput(reviews, 'lv')).toBeNull();
  });

  it('stays within its input budget however many reviews there are', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ id: `r${i}`, rating: 4, title: 'Good', text: 'It is a really good jacket and I wear it every single day. '.repeat(20), date: '2026-01-01' }));
    const input = buildSummarizerInput(many, 'en')!;
    expect(input.text.length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    expect(Object.keys(input.labels).length).toBeGreaterThan(5);
  });

  it('knows the four answers of Summarizer.availability()', () => {
    expect(SummarizerAvailability.options).toEqual(['unavailable', 'downloadable', 'downloading', 'available']);
  });
});

describe('the citation check', () => {
  const input = { labels: { R1: 'rv-2', R2: 'rv-1', R3: 'rv-4' }, language: 'en' as const };

  it('keeps a paragraph whose every sentence cites real reviews, mapped to review ids, marks removed', () => {
    const result = validateCitedSummary('Reviewers say it keeps rain out [R2]. Some find the sleeves short [R1]. It fits over a fleece. [R3]', input);
    expect(result).toEqual({
      ok: true,
      summary: {
        language: 'en',
        sentences: [
          { text: 'Reviewers say it keeps rain out.', reviewIds: ['rv-1'] },
          { text: 'Some find the sleeves short.', reviewIds: ['rv-2'] },
          { text: 'It fits over a fleece.', reviewIds: ['rv-4'] },
        ],
      },
    });
  });

  it('accepts several labels in one mark or in a row', () => {
    const result = validateCitedSummary('Most find it dry and warm [R2, R3][R1].', input);
    expect(result).toMatchObject({ ok: true, summary: { sentences: [{ reviewIds: ['rv-1', 'rv-4', 'rv-2'] }] } });
  });

  it('refuses a sentence without a citation, or citing a review that was not in the input', () => {
    expect(validateCitedSummary('It is waterproof [R2]. Everyone loves it.', input)).toEqual({ ok: false, problems: [{ sentence: 1, problem: 'no-citation' }] });
    expect(validateCitedSummary('It glows in the dark [R9].', input)).toEqual({ ok: false, problems: [{ sentence: 0, problem: 'unknown-citation', labels: ['R9'] }] });
    expect(validateCitedSummary('', input)).toEqual({ ok: false, problems: [{ sentence: 0, problem: 'no-citation' }] });
  });
});
