/**
 * Aspect chips: per aspect, how many reviews mention it and how many of those are positive or
 * negative, with two verbatim quotes. A review counts once per aspect; its polarity for the aspect
 * is the sign of its mentions added up (each sentence +1/−1/0, a pro +1, a con −1).
 */
import { lexiconFor, type CompiledLexicon } from './matcher';
import type { Aspect, InsightLanguage } from './lexicons';
import type { AspectChip, Polarity, Quote } from './schema';
import { prepareReview, type Part, type PreparedReview } from './prepare';
import { scoreWords, type Sign } from './sentiment';

/** Longest quote shown whole; longer sentences are cut at a word boundary. */
export const QUOTE_MAX = 300;

/** What the aspect analysis needs of a review. */
export interface AspectReview {
  id: string;
  title: string;
  text: string;
  date: string;
  verified: boolean;
  pros?: readonly string[];
  cons?: readonly string[];
}

interface Mention {
  sign: Sign;
  sentence: string;
  source: Quote['source'];
}

/** One review's mentions, per aspect. */
export type ReviewAspects = Map<Aspect, Mention[]>;

function polarityOf(sign: number): Polarity {
  return sign > 0 ? 'positive' : sign < 0 ? 'negative' : 'neutral';
}

function record(into: ReviewAspects, aspect: Aspect, mention: Mention): void {
  const list = into.get(aspect);
  if (list) list.push(mention);
  else into.set(aspect, [mention]);
}

function analysePart(part: Part, lexicon: CompiledLexicon, allowed: ReadonlySet<Aspect>, into: ReviewAspects): void {
  if (part.words.length === 0) return;
  const matches = lexicon.match(part.words);
  if (!matches.some((m) => m.kind === 'aspect' && m.aspect !== null && allowed.has(m.aspect))) return;
  const forced: Sign | null = part.source === 'pros' ? 1 : part.source === 'cons' ? -1 : null;
  for (const [aspect, sign] of scoreWords(part.words, part.clauses, matches, lexicon).aspects) {
    if (allowed.has(aspect)) record(into, aspect, { sign: forced ?? sign, sentence: part.sentence, source: part.source });
  }
}

/** The aspects one review mentions, read with its language's lexicon (pass the prepared review when you have it). */
export function reviewAspects(review: AspectReview, language: InsightLanguage, allowed: ReadonlySet<Aspect>, prepared: PreparedReview = prepareReview(review)): ReviewAspects {
  const lexicon = lexiconFor(language);
  const found: ReviewAspects = new Map();
  for (const part of prepared.parts) analysePart(part, lexicon, allowed, found);
  return found;
}

/** A sentence as a quote: whole up to QUOTE_MAX characters, else cut at the last space before it. */
export function quoteText(sentence: string): { text: string; truncated: boolean } {
  if (sentence.length <= QUOTE_MAX) return { text: sentence, truncated: false };
  const cut = sentence.slice(0, QUOTE_MAX);
  const space = cut.lastIndexOf(' ');
  return { text: `${(space > QUOTE_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`, truncated: true };
}

/** Code-unit order: the same on every machine, unlike localeCompare, and much cheaper. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Candidate {
  quote: Quote;
  verified: boolean;
  date: string;
}

/** Quotes that say something first, then verified buyers, then the newest, then by id (stable). */
function better(a: Candidate, b: Candidate): number {
  return (
    Number(b.quote.polarity !== 'neutral') - Number(a.quote.polarity !== 'neutral') ||
    Number(b.verified) - Number(a.verified) ||
    compare(b.date, a.date) ||
    compare(a.quote.reviewId, b.quote.reviewId)
  );
}

/** Two quotes: one positive and one negative when reviewers disagree, else the two best. */
function pickQuotes(candidates: Candidate[], positive: number, negative: number): Quote[] {
  const sorted = [...candidates].sort(better);
  if (positive > 0 && negative > 0) {
    const pos = sorted.find((c) => c.quote.polarity === 'positive');
    const neg = sorted.find((c) => c.quote.polarity === 'negative');
    const both = [pos, neg].filter((c): c is Candidate => c !== undefined);
    // The side more reviewers take is quoted first.
    if (negative > positive) both.reverse();
    return both.map((c) => c.quote);
  }
  return sorted.slice(0, 2).map((c) => c.quote);
}

/** Chips for the analysed reviews, most mentioned first (ties: more positive, then aspect order). */
export function aspectChips(reviews: readonly { review: AspectReview; aspects: ReviewAspects }[], order: readonly Aspect[]): AspectChip[] {
  const tally = new Map<Aspect, { mentions: number; positive: number; negative: number; candidates: Candidate[] }>();
  for (const { review, aspects } of reviews) {
    for (const [aspect, mentions] of aspects) {
      const total = mentions.reduce((sum, m) => sum + m.sign, 0);
      const polarity = polarityOf(total);
      let entry = tally.get(aspect);
      if (!entry) {
        entry = { mentions: 0, positive: 0, negative: 0, candidates: [] };
        tally.set(aspect, entry);
      }
      entry.mentions++;
      if (polarity === 'positive') entry.positive++;
      if (polarity === 'negative') entry.negative++;
      // The quote agrees with the review's overall reading of the aspect.
      const mention = mentions.find((m) => polarityOf(m.sign) === polarity) ?? mentions[0]!;
      entry.candidates.push({
        quote: { reviewId: review.id, ...quoteText(mention.sentence), polarity, source: mention.source },
        verified: review.verified,
        date: review.date,
      });
    }
  }
  const rank = new Map(order.map((a, i) => [a, i]));
  return [...tally.entries()]
    .map(([aspect, t]) => ({ aspect, mentions: t.mentions, positive: t.positive, negative: t.negative, quotes: pickQuotes(t.candidates, t.positive, t.negative) }))
    .sort((a, b) => b.mentions - a.mentions || b.positive - a.positive || (rank.get(a.aspect) ?? 0) - (rank.get(b.aspect) ?? 0));
}
