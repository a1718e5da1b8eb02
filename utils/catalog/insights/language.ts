/**
 * Which of the six UI languages a review is written in, or "other". Good enough to decide whether
 * our lexicons can read it, not a general language identifier: it scores the review's words
 * against frequent function words of each language (and of look-alike languages that must come
 * out as "other": Spanish, Indonesian, Turkish, Lithuanian, Arabic...), plus letters only one
 * candidate uses (ə for Azerbaijani, ā ē ī ķ ļ ņ ģ for Latvian, پ چ ژ گ for Persian). Very short
 * reviews ("Perfect!", "Nzuri sana") fall back on the sentiment and aspect words of each lexicon.
 */
import { ownLexiconFor } from './matcher';
import { INSIGHT_LANGUAGES, LEXICONS, type InsightLanguage } from './lexicons';
import { foldText, words } from './text';

export type DetectedLanguage = InsightLanguage | 'other';

/** Function words of languages that share a script with ours: a review scoring best on one of these is "other". */
const LOOK_ALIKES: Readonly<Record<string, readonly string[]>> = {
  es: ['al', 'bueno', 'buena', 'calidad', 'como', 'con', 'de', 'del', 'el', 'en', 'es', 'esta', 'este', 'esto', 'la', 'las', 'llegó', 'lo', 'los', 'más', 'muy', 'para', 'pero', 'por', 'porque', 'producto', 'que', 'recomiendo', 'se', 'sin', 'su', 'también', 'todo', 'un', 'una', 'y', 'ya'],
  pt: ['a', 'ao', 'as', 'boa', 'bom', 'chegou', 'com', 'da', 'das', 'do', 'dos', 'e', 'em', 'está', 'isso', 'mais', 'mas', 'meu', 'minha', 'muito', 'na', 'não', 'no', 'o', 'os', 'para', 'pelo', 'por', 'produto', 'que', 'recomendo', 'todos', 'um', 'uma', 'você', 'é'],
  fr: ['au', 'avec', 'ce', 'cette', 'dans', 'de', 'des', 'du', 'elle', 'est', 'et', 'il', 'je', 'la', 'le', 'les', 'mais', 'mon', 'ne', 'pas', 'pour', 'que', 'qui', 'sur', 'très', 'un', 'une'],
  de: ['auch', 'auf', 'aus', 'das', 'dem', 'den', 'der', 'die', 'ein', 'eine', 'es', 'für', 'ich', 'ist', 'mit', 'nicht', 'noch', 'sehr', 'sich', 'sie', 'und', 'war', 'wie', 'zu'],
  it: ['che', 'con', 'da', 'del', 'della', 'di', 'e', 'gli', 'il', 'in', 'la', 'le', 'ma', 'molto', 'non', 'per', 'più', 'questo', 'sono', 'un', 'una', 'è'],
  nl: ['de', 'een', 'en', 'het', 'ik', 'is', 'maar', 'met', 'niet', 'ook', 'op', 'te', 'van', 'voor', 'was', 'zeer', 'zijn'],
  id: ['aja', 'ada', 'bagus', 'banget', 'barang', 'bisa', 'dan', 'dengan', 'di', 'ini', 'itu', 'juga', 'karena', 'ke', 'kurang', 'saya', 'sangat', 'sesuai', 'sudah', 'tapi', 'tidak', 'untuk', 'yang'],
  tr: ['ama', 'aldım', 'bir', 'bu', 'çok', 'da', 'daha', 'de', 'değil', 'gibi', 'güzel', 'için', 'ile', 'iyi', 'kadar', 'mi', 've', 'yok', 'ürün', 'şey'],
  pl: ['bardzo', 'do', 'i', 'jak', 'jest', 'na', 'nie', 'się', 'to', 'w', 'z', 'że'],
  lt: ['ar', 'bet', 'buvo', 'ir', 'iš', 'jis', 'kad', 'kaip', 'labai', 'man', 'mano', 'ne', 'nėra', 'nuo', 'o', 'su', 'tai', 'taip', 'yra', 'į'],
  ar: ['أن', 'إلى', 'التي', 'الذي', 'المنتج', 'جدا', 'على', 'عن', 'في', 'قد', 'كان', 'كل', 'لا', 'لم', 'مع', 'هذا', 'هذه', 'هو', 'هي'],
  ur: ['اور', 'بہت', 'تھا', 'سے', 'نہیں', 'ہے', 'ہیں', 'کا', 'کو', 'کی', 'کے', 'یہ'],
};

type Candidate = InsightLanguage | keyof typeof LOOK_ALIKES;

const CANDIDATES: readonly Candidate[] = [...INSIGHT_LANGUAGES, ...Object.keys(LOOK_ALIKES)];
const OURS: ReadonlySet<string> = new Set(INSIGHT_LANGUAGES);
const CANDIDATE_INDEX = new Map<Candidate, number>(CANDIDATES.map((c, i) => [c, i]));

/** Folded function word → bit set of the candidates it belongs to. */
const FUNCTION_WORDS = (() => {
  const map = new Map<string, number>();
  CANDIDATES.forEach((candidate, bit) => {
    const list = OURS.has(candidate) ? LEXICONS[candidate as InsightLanguage].stopwords : LOOK_ALIKES[candidate]!;
    for (const word of list) {
      const key = foldText(word);
      map.set(key, (map.get(key) ?? 0) | (1 << bit));
    }
  });
  return map;
})();

const OTHER_LETTER = /\p{L}/u;

/** Letters that point at one candidate (code point → candidate), weighed below. */
const EVIDENCE = new Map<number, Candidate>([
  ...[0x259, 0x18f].map((c) => [c, 'az'] as const),
  ...[0x101, 0x100, 0x113, 0x112, 0x12b, 0x12a, 0x137, 0x136, 0x13c, 0x13b, 0x146, 0x145, 0x123, 0x122].map((c) => [c, 'lv'] as const),
  ...[0x105, 0x104, 0x119, 0x118, 0x117, 0x116, 0x12f, 0x12e, 0x173, 0x172].map((c) => [c, 'lt'] as const),
  ...[0x11f, 0x11e].map((c) => [c, 'tr'] as const),
  ...[0x67e, 0x686, 0x698, 0x6af, 0x6cc, 0x6a9].map((c) => [c, 'fa'] as const),
  ...[0x629, 0x64a, 0x643].map((c) => [c, 'ar'] as const),
  ...[0x679, 0x688, 0x691, 0x6ba, 0x6d2, 0x6c1].map((c) => [c, 'ur'] as const),
]);
/** Weight of one evidence letter and the most a text can get from them (one long word must not decide). */
const EVIDENCE_WEIGHT: Readonly<Record<string, [number, number]>> = { az: [1, 4], lv: [0.5, 3], lt: [0.5, 3], tr: [0.25, 1], fa: [0.25, 3], ar: [0.25, 3], ur: [0.5, 3] };

function isArabicLetter(c: number): boolean {
  if (c >= 0x0600 && c <= 0x06ff) {
    // Punctuation, digits, tatweel and vowel marks of the block are not letters.
    return !(c <= 0x061f || c === 0x0640 || (c >= 0x064b && c <= 0x066d) || c === 0x0670 || c === 0x06d4 || (c >= 0x06d6 && c <= 0x06ed) || (c >= 0x06f0 && c <= 0x06f9));
  }
  return (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc);
}

/** One pass over the text: Latin, Arabic-script and other letters, and the evidence letters. */
function scan(text: string): { latin: number; arabic: number; other: number; evidence: Map<Candidate, number> } {
  let latin = 0;
  let arabic = 0;
  let other = 0;
  const evidence = new Map<Candidate, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) latin++;
      continue;
    }
    const hint = EVIDENCE.get(c);
    if (hint) evidence.set(hint, (evidence.get(hint) ?? 0) + 1);
    if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || c === 0x259 || (c >= 0x1e00 && c <= 0x1eff)) latin++;
    else if (isArabicLetter(c)) arabic++;
    else if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x2000 && c <= 0x2bff) || (c >= 0xd800 && c <= 0xdfff) || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    else if (OTHER_LETTER.test(text[i]!)) other++;
  }
  return { latin, arabic, other, evidence };
}

/** Below this many words, sentiment and aspect words of each lexicon count as evidence too. */
const SHORT_REVIEW = 8;
/** How much of a review is read to tell its language. */
export const SAMPLE_WORDS = 80;
export const SAMPLE_CHARS = 800;

/**
 * The language of a review's text. `declared` is what the source says (the reviews feed's
 * review_language, a BCP 47 tag): one of ours is taken as given ("tl" is Filipino), any other
 * makes the review "other".
 */
export function detectLanguage(text: string, declared?: string | null): DetectedLanguage {
  return detectLanguageOfWords(text, words(foldText(text)), declared);
}

/** detectLanguage with the text's folded words already at hand (the analysis splits each review once). */
export function detectLanguageOfWords(text: string, allWords: readonly string[], declared?: string | null): DetectedLanguage {
  if (declared) {
    const primary = declared.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if (primary) {
      const mapped = primary === 'tl' ? 'fil' : primary;
      return OURS.has(mapped) ? (mapped as InsightLanguage) : 'other';
    }
  }
  // The opening of a review tells its language as well as the whole of it, for a fraction of the work.
  const { latin, arabic, other, evidence } = scan(text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text);
  const folded = allWords.length > SAMPLE_WORDS ? allWords.slice(0, SAMPLE_WORDS) : allWords;
  const letters = latin + arabic + other;
  // No letters, or a script none of our languages is written in (Cyrillic, CJK, Devanagari...): other.
  if (letters === 0 || other > letters / 2) return 'other';
  const arabicScript = arabic >= latin;

  const scores = new Float64Array(CANDIDATES.length);
  for (const word of folded) {
    const bits = FUNCTION_WORDS.get(word);
    if (!bits) continue;
    for (let bit = 0; bit < CANDIDATES.length; bit++) if (bits & (1 << bit)) scores[bit]! += 1;
  }
  for (const [candidate, n] of evidence) {
    const [weight, cap] = EVIDENCE_WEIGHT[candidate]!;
    scores[CANDIDATE_INDEX.get(candidate)!]! += Math.min(n * weight, cap);
  }
  if (folded.length < SHORT_REVIEW) {
    INSIGHT_LANGUAGES.forEach((language, bit) => {
      const lexicon = ownLexiconFor(language);
      let hits = 0;
      for (const word of folded) if (lexicon.firstHits(word).length) hits++;
      scores[bit]! += hits * 0.5;
    });
  }

  let best = -1;
  let bestScore = 0;
  let lookAlikeTies = false;
  for (let bit = 0; bit < CANDIDATES.length; bit++) {
    const candidate = CANDIDATES[bit]!;
    // Scripts rule candidates out: Persian, Arabic and Urdu are written in Arabic script, the rest in Latin.
    const arabicCandidate = candidate === 'fa' || candidate === 'ar' || candidate === 'ur';
    if (arabicCandidate !== arabicScript) continue;
    const score = scores[bit]!;
    if (score > bestScore) {
      best = bit;
      bestScore = score;
      lookAlikeTies = false;
    } else if (score === bestScore && score > 0 && !OURS.has(candidate)) {
      lookAlikeTies = true;
    }
  }
  // One function word, or for a short review one sentiment word ("Perfect!"), is the least evidence taken.
  if (best < 0 || bestScore < (folded.length < SHORT_REVIEW ? 0.5 : 1)) return 'other';
  // A tie with a look-alike language is not evidence for ours: better unanalysed than misread.
  const winner = CANDIDATES[best]!;
  return OURS.has(winner) && !lookAlikeTies ? (winner as InsightLanguage) : 'other';
}
