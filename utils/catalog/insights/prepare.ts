/**
 * A review split once for every reading of it: its sentences as written (for quotes), their folded
 * words and clauses (for aspects and sentiment), the words of its text (for near-duplicates) and
 * of all of it (for its language).
 */
import { SAMPLE_CHARS, SAMPLE_WORDS } from './language';
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
  /** The first words of everything the reviewer wrote, and its first characters as written: enough to tell its language. */
  openingWords: string[];
  opening: string;
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
  const openingWords: string[] = [];
  for (const p of parts) {
    for (const word of p.words) {
      if (openingWords.length >= SAMPLE_WORDS) break;
      openingWords.push(word);
    }
  }
  let opening = review.title;
  for (const piece of [review.text, ...(review.pros ?? []), ...(review.cons ?? [])]) {
    if (opening.length >= SAMPLE_CHARS) break;
    opening += `\n${piece}`;
  }
  return { parts, textWords, openingWords, opening: opening.slice(0, SAMPLE_CHARS) };
}
