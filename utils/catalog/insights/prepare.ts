/**
 * A review split once for every reading of it: its sentences as written (for quotes), their folded
 * words and clauses (for aspects and sentiment), the words of its text (for near-duplicates) and
 * of all of it (for its language).
 */
import type { Quote } from './schema';
import { foldText, sentences, wordsWithClauses } from './text';

export interface Part {
  source: Quote['source'];
  /** As written: what a quote shows. */
  sentence: string;
  words: string[];
  clauses: number[];
}

export interface PreparedReview {
  parts: Part[];
  /** The words of the review text (not title, pros or cons). */
  textWords: string[];
  /** The words of everything the reviewer wrote. */
  allWords: string[];
  /** Everything the reviewer wrote, as written, for script and letter checks. */
  raw: string;
}

export interface PreparableReview {
  title: string;
  text: string;
  pros?: readonly string[];
  cons?: readonly string[];
}

function part(source: Quote['source'], sentence: string): Part {
  return { source, sentence, ...wordsWithClauses(foldText(sentence)) };
}

export function prepareReview(review: PreparableReview): PreparedReview {
  const parts: Part[] = [];
  const title = review.title.trim();
  if (title) parts.push(part('title', title));
  const textStart = parts.length;
  for (const sentence of sentences(review.text)) parts.push(part('text', sentence));
  const textEnd = parts.length;
  for (const pro of review.pros ?? []) if (pro.trim()) parts.push(part('pros', pro.trim()));
  for (const con of review.cons ?? []) if (con.trim()) parts.push(part('cons', con.trim()));
  const textWords: string[] = [];
  for (let i = textStart; i < textEnd; i++) textWords.push(...parts[i]!.words);
  const allWords: string[] = [];
  for (const p of parts) allWords.push(...p.words);
  return { parts, textWords, allWords, raw: [review.title, review.text, ...(review.pros ?? []), ...(review.cons ?? [])].join('\n') };
}
