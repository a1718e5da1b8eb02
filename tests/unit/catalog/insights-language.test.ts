import { describe, expect, it } from 'vitest';
import { detectLanguage, type DetectedLanguage } from '@/utils/catalog/insights/language';
import { INSIGHT_LANGUAGES } from '@/utils/catalog/insights/lexicons';
import { fixture } from './insights-fixtures';

/** Reviews written for this test, beside the fixtures': ours, short ones, and look-alike languages that must come out as "other". */
const SAMPLES: [DetectedLanguage, string][] = [
  ['en', 'Love it!'],
  ['en', 'Perfect'],
  ['en', 'Arrived late and the box was crushed, but the mug itself is fine.'],
  ['en', 'I wear these every day and they still look new.'],
  ['sw', 'Nzuri sana'],
  ['sw', 'Bidhaa imefika leo, ni nzuri kuliko nilivyotarajia.'],
  ['sw', 'Sijaridhika kabisa na huduma ya muuzaji huyu.'],
  ['fa', 'عالیه'],
  ['fa', 'من این محصول رو برای مادرم خریدم و خیلی راضی بود.'],
  ['fa', 'ارسال خیلی دیر انجام شد ولی کیفیت خوبه.'],
  ['fil', 'Ang ganda!'],
  ['fil', 'Sulit na sulit, salamat po seller!'],
  ['fil', 'Medyo matagal dumating pero okay naman ang item.'],
  ['fil', 'Super ganda ng quality, highly recommended po ito.'],
  ['lv', 'Lieliski!'],
  ['lv', 'Esmu ļoti apmierināta ar pirkumu, viss atbilst aprakstam.'],
  ['lv', 'Prece atnāca ātri, bet izmērs bija par mazu.'],
  ['az', 'Əla!'],
  ['az', 'Məhsul çox keyfiyyətlidir, hamıya tövsiyə edirəm.'],
  ['az', 'Çatdırılma gecikdi, amma məhsuldan razıyam.'],
  ['other', 'El producto llegó a tiempo y la calidad es muy buena.'],
  ['other', 'Muito bom, recomendo a todos, chegou antes do prazo.'],
  ['other', "Très bon produit, je suis très satisfaite de mon achat."],
  ['other', 'Sehr gute Qualität und schnelle Lieferung, ich bin zufrieden.'],
  ['other', 'Prodotto ottimo, consegna veloce e molto ben imballato.'],
  ['other', 'Goed product, snel geleverd en de kwaliteit is prima.'],
  ['other', 'Barangnya bagus banget, sesuai dengan deskripsi dan pengiriman cepat.'],
  ['other', 'Ürün çok güzel, kalitesi iyi ama kargo biraz geç geldi.'],
  ['other', 'Bardzo dobra jakość, polecam wszystkim, szybka wysyłka.'],
  ['other', 'Labai geras produktas, greitas pristatymas ir puiki kokybė.'],
  ['other', 'المنتج جيد جدا ووصل في الوقت المحدد.'],
  ['other', 'یہ پروڈکٹ بہت اچھی ہے اور وقت پر پہنچی۔'],
  ['other', 'Отличный товар, доставка быстрая, всем рекомендую.'],
  ['other', '质量很好，物流很快，推荐购买。'],
  ['other', 'すごく使いやすいです。また買います。'],
  ['other', '★★★★★'],
];

describe('review language detection', () => {
  it.each(SAMPLES)('tells %s in "%s"', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('tells the language of every review of the six fixtures', () => {
    for (const language of INSIGHT_LANGUAGES) {
      const data = fixture(`reviews-${language}`);
      const counts: Record<string, number> = {};
      for (const r of data.reviews) {
        const detected = detectLanguage([r.title, r.text, ...(r.pros ?? []), ...(r.cons ?? [])].join('\n'));
        counts[detected] = (counts[detected] ?? 0) + 1;
      }
      expect(counts, language).toEqual(data.expected.languages);
    }
  });

  it('takes the language the source declares, Tagalog as Filipino, and any other declared language as other', () => {
    expect(detectLanguage('Great product', 'fil-PH')).toBe('fil');
    expect(detectLanguage('Great product', 'tl')).toBe('fil');
    expect(detectLanguage('Great product', 'es-MX')).toBe('other');
    expect(detectLanguage('Great product', '')).toBe('en');
    expect(detectLanguage('Great product', null)).toBe('en');
  });

  it('calls a text without letters other', () => {
    expect(detectLanguage('')).toBe('other');
    expect(detectLanguage('10/10 !!!')).toBe('other');
  });
});
