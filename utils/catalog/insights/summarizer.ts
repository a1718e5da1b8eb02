/**
 * The optional AI paragraph: input for Chrome's built-in Summarizer and a check of what it returns.
 * The card offers it only on a click and labels it as AI; nothing is downloaded before that click.
 *
 * Chrome (138+) exposes `Summarizer.availability(options)`, a promise of "unavailable",
 * "downloadable" (supported, but the model must be downloaded first; create() then needs a user
 * gesture), "downloading" or "available" (usable at once), for options such as
 * expectedInputLanguages and outputLanguage; `Summarizer.create(options)` then
 * `summarizer.summarize(text, { context })`. The reviews go in labelled [R1], [R2]...; the
 * paragraph must cite those labels after each sentence, and validateCitedSummary keeps a paragraph
 * only if every sentence cites reviews that exist, mapping labels back to review ids.
 */
import { z } from 'zod';
import { detectLanguage } from './language';
import type { InsightLanguage } from './lexicons';
import { sentences } from './text';

export const SummarizerAvailability = z.enum(['unavailable', 'downloadable', 'downloading', 'available']);
export type SummarizerAvailability = z.infer<typeof SummarizerAvailability>;

/** A validated AI paragraph as the card shows it: each sentence with the reviews it cites. */
export const CitedSummary = z.object({
  language: z.string().max(20),
  sentences: z
    .array(z.object({ text: z.string().min(1).max(1000), reviewIds: z.array(z.string().min(1).max(200)).min(1) }))
    .min(1)
    .max(20),
});
export type CitedSummary = z.infer<typeof CitedSummary>;

/** Review text the model sees per review, and in all (well under Chrome's input quota). */
export const MAX_REVIEW_CHARS = 600;
export const MAX_INPUT_CHARS = 6000;

/** Instructions for the model (not shown to shoppers, so not a UI string). */
const CONTEXT =
  'Customer reviews of one product, each starting with a label such as [R1]. Write a short neutral paragraph on what the reviewers say, ' +
  'including complaints. End every sentence with the labels of the reviews it is based on, for example [R2][R5]. Do not invent facts.';

export interface SummarizerReview {
  id: string;
  rating: number;
  title: string;
  text: string;
  date: string;
  language?: string | null;
}

export interface SummarizerInput {
  /** What to pass to summarize(). */
  text: string;
  /** What to pass as summarize()'s context. */
  context: string;
  /** Label ("R1") → review id. */
  labels: Record<string, string>;
  language: InsightLanguage;
  /** Options for Summarizer.availability() and Summarizer.create(). */
  options: {
    type: 'tldr';
    format: 'plain-text';
    length: 'medium';
    expectedInputLanguages: [InsightLanguage];
    expectedContextLanguages: ['en'];
    outputLanguage: string;
  };
}

function squash(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max).replace(/\s+\S*$/, '')}…`;
}

/**
 * The Summarizer's input from a product's reviews in one language (newest first, up to
 * MAX_INPUT_CHARS), or null when no review is in that language.
 */
export function buildSummarizerInput(reviews: readonly SummarizerReview[], language: InsightLanguage, outputLanguage: string = language): SummarizerInput | null {
  const chosen = reviews
    .filter((r) => detectLanguage(`${r.title}\n${r.text}`, r.language) === language)
    .sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id));
  const labels: Record<string, string> = {};
  const lines: string[] = [];
  let length = 0;
  for (const review of chosen) {
    const label = `R${lines.length + 1}`;
    const body = squash([review.title, review.text].filter((s) => s.trim()).join('. '), MAX_REVIEW_CHARS);
    const line = `[${label}] (${Math.round(review.rating)}/5) ${body}`;
    if (lines.length > 0 && length + line.length + 1 > MAX_INPUT_CHARS) break;
    lines.push(line);
    labels[label] = review.id;
    length += line.length + 1;
  }
  if (lines.length === 0) return null;
  return {
    text: lines.join('\n'),
    context: CONTEXT,
    labels,
    language,
    options: {
      type: 'tldr',
      format: 'plain-text',
      length: 'medium',
      expectedInputLanguages: [language],
      expectedContextLanguages: ['en'],
      outputLanguage,
    },
  };
}

export type CitationProblem = { sentence: number; problem: 'no-citation' } | { sentence: number; problem: 'unknown-citation'; labels: string[] };

export type CitationCheck = { ok: true; summary: CitedSummary } | { ok: false; problems: CitationProblem[] };

const CITATION = /[[(]\s*(R\d+(?:\s*[,;]\s*R\d+)*)\s*[\])]/gi;
const LEADING_CITATIONS = /^(?:\s*[[(]\s*R\d+(?:\s*[,;]\s*R\d+)*\s*[\])])+/i;

/**
 * Checks the Summarizer's paragraph: every sentence must cite at least one label, and every label
 * must be one of the input's. Citations written after the full stop ("Fits well. [R1]") belong to
 * the sentence before them. On success the citation marks are removed from the text.
 */
export function validateCitedSummary(paragraph: string, input: Pick<SummarizerInput, 'labels' | 'language'>): CitationCheck {
  const pieces: { text: string; labels: string[] }[] = [];
  const labelsOf = (text: string) => [...text.matchAll(CITATION)].flatMap((m) => m[1]!.split(/[,;]/).map((l) => l.trim().toUpperCase()));
  for (const raw of sentences(paragraph)) {
    // Citations opening a piece ("Fits well. [R1] Warm [R2].") close the sentence before it.
    const leading = LEADING_CITATIONS.exec(raw)?.[0] ?? '';
    const previous = pieces[pieces.length - 1];
    if (leading && previous) previous.labels.push(...labelsOf(leading));
    const rest = previous ? raw.slice(leading.length) : raw;
    const text = rest.replace(CITATION, '').replace(/\s+([.!?,;:])/g, '$1').replace(/\s+/g, ' ').trim();
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    pieces.push({ text, labels: labelsOf(rest) });
  }
  const problems: CitationProblem[] = [];
  pieces.forEach((piece, sentence) => {
    if (piece.labels.length === 0) problems.push({ sentence, problem: 'no-citation' });
    const unknown = piece.labels.filter((l) => !(l in input.labels));
    if (unknown.length) problems.push({ sentence, problem: 'unknown-citation', labels: [...new Set(unknown)] });
  });
  if (pieces.length === 0) problems.push({ sentence: 0, problem: 'no-citation' });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    summary: CitedSummary.parse({
      language: input.language,
      sentences: pieces.map((p) => ({ text: p.text, reviewIds: [...new Set(p.labels.map((l) => input.labels[l]!))] })),
    }),
  };
}
