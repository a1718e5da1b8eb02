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

const LETTER = /\p{L}/gu;
const LATIN_OR_ARABIC = /[\p{Script=Latin}\p{Script=Arabic}]/u;
const ARABIC = /\p{Script=Arabic}/u;

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** Letters that point at one candidate, weighted like function words (capped so one long word cannot decide). */
function letterEvidence(text: string, scores: Map<Candidate, number>): void {
  const add = (candidate: Candidate, n: number, cap: number) => n && scores.set(candidate, (scores.get(candidate) ?? 0) + Math.min(n, cap));
  add('az', count(text, /[əƏ]/g), 4);
  add('lv', count(text, /[āēīķļņģĀĒĪĶĻŅĢ]/g) * 0.5, 3);
  add('lt', count(text, /[ąęėįųĄĘĖĮŲ]/g) * 0.5, 3);
  add('tr', count(text, /[ğĞ]/g) * 0.25, 1);
  add('fa', count(text, /[\u067e\u0686\u0698\u06af\u06cc\u06a9]/g) * 0.25, 3);
  add('ar', count(text, /[\u0629\u064a\u0643]/g) * 0.25, 3);
  add('ur', count(text, /[\u0679\u0688\u0691\u06ba\u06d2\u06c1]/g) * 0.5, 3);
}

/** Below this many words, sentiment and aspect words of each lexicon count as evidence too. */
const SHORT_REVIEW = 8;

/**
 * The language of a review's text. `declared` is what the source says (the reviews feed's
 * review_language, a BCP 47 tag): one of ours is taken as given ("tl" is Filipino), any other
 * makes the review "other".
 */
export function detectLanguage(text: string, declared?: string | null): DetectedLanguage {
  if (declared) {
    const primary = declared.trim().toLowerCase().split(/[-_]/)[0] ?? '';
    if (primary) {
      const mapped = primary === 'tl' ? 'fil' : primary;
      return OURS.has(mapped) ? (mapped as InsightLanguage) : 'other';
    }
  }
  const letters = count(text, LETTER);
  if (letters === 0) return 'other';
  // A script none of our languages is written in (Cyrillic, CJK, Devanagari...): other.
  let ours = 0;
  for (const char of text.match(LETTER) ?? []) if (LATIN_OR_ARABIC.test(char)) ours++;
  if (ours < letters / 2) return 'other';
  const arabicScript = ARABIC.test(text) && count(text, /\p{Script=Arabic}/gu) >= ours / 2;

  const folded = words(foldText(text));
  const scores = new Map<Candidate, number>();
  for (const word of folded) {
    const bits = FUNCTION_WORDS.get(word);
    if (!bits) continue;
    for (let bit = 0; bit < CANDIDATES.length; bit++) {
      if (bits & (1 << bit)) scores.set(CANDIDATES[bit]!, (scores.get(CANDIDATES[bit]!) ?? 0) + 1);
    }
  }
  letterEvidence(text, scores);
  if (folded.length < SHORT_REVIEW) {
    for (const language of INSIGHT_LANGUAGES) {
      const lexicon = ownLexiconFor(language);
      let hits = 0;
      for (const word of folded) if (lexicon.firstHits(word).length) hits++;
      if (hits) scores.set(language, (scores.get(language) ?? 0) + hits * 0.5);
    }
  }

  let best: Candidate | null = null;
  let bestScore = 0;
  let lookAlikeTies = false;
  for (const candidate of CANDIDATES) {
    // Scripts rule candidates out: Persian, Arabic and Urdu are written in Arabic script, the rest in Latin.
    const arabic = candidate === 'fa' || candidate === 'ar' || candidate === 'ur';
    if (arabic !== arabicScript) continue;
    const score = scores.get(candidate) ?? 0;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
      lookAlikeTies = false;
    } else if (score === bestScore && score > 0 && !OURS.has(candidate)) {
      lookAlikeTies = true;
    }
  }
  // One function word, or for a short review one sentiment word ("Perfect!"), is the least evidence taken.
  if (best === null || bestScore < (folded.length < SHORT_REVIEW ? 0.5 : 1)) return 'other';
  // A tie with a look-alike language is not evidence for ours: better unanalysed than misread.
  return OURS.has(best) && !lookAlikeTies ? (best as InsightLanguage) : 'other';
}
