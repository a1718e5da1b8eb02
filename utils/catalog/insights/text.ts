/**
 * Text folding, words and sentences for review analysis. One folding serves all six languages:
 * case and diacritics go (people type "erts" for "ērts", "gozel" for "gözəl"), ə and ı become e
 * and i, Arabic-script letter variants become their Persian forms (ي/ى → ی, ك → ک, ة → ه), the
 * ZWNJ inside Persian words and apostrophes inside English ones ("don't") are dropped, and Arabic
 * and Persian digits become ASCII.
 */

const ASCII = /^[\x00-\x7f]*$/;
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['\u2019\u02bc]/g;
const SPECIAL = /[\u0131\u0259\u064a\u0649\u0643\u0629\u0640\u200c\u200d\u0660-\u0669\u06f0-\u06f9]/g;
const SPECIAL_MAP: Readonly<Record<string, string>> = {
  '\u0131': 'i', // ı dotless i (Azerbaijani)
  '\u0259': 'e', // ə schwa (Azerbaijani)
  '\u064a': '\u06cc', // Arabic yeh → Persian yeh
  '\u0649': '\u06cc', // alef maksura → Persian yeh
  '\u0643': '\u06a9', // Arabic kaf → keheh
  '\u0629': '\u0647', // teh marbuta → heh
  '\u0640': '', // tatweel (kashida) is decoration
  '\u200c': '', // ZWNJ: «می‌خواهم» and «میخواهم» are the same word
  '\u200d': '',
};

function special(char: string): string {
  const mapped = SPECIAL_MAP[char];
  if (mapped !== undefined) return mapped;
  const code = char.charCodeAt(0);
  // Arabic-Indic (U+0660..) and extended Arabic-Indic (U+06F0..) digits.
  return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
}

/** Folds text for matching (see the module comment). Lengths change: never index the original with folded offsets. */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase().replace(APOSTROPHES, '');
  // Lower case before dropping marks: İ lower-cases to i + a combining dot, which then goes.
  return text.normalize('NFKD').toLowerCase().replace(MARKS, '').replace(APOSTROPHES, '').replace(SPECIAL, special);
}

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of folded text. */
export function words(folded: string): string[] {
  return folded.match(WORD) ?? [];
}

/**
 * The words of folded text with the clause each starts: a new clause after a comma, semicolon,
 * colon, dash or their Arabic-script forms, so "great fit, awful colour" scores its parts apart.
 */
export function wordsWithClauses(folded: string): { words: string[]; clauses: number[] } {
  const out: string[] = [];
  const clauses: number[] = [];
  let clause = 0;
  let last = 0;
  for (const match of folded.matchAll(WORD)) {
    const index = match.index;
    if (out.length > 0 && /[,;:\u060c\u061b\u2013\u2014()]|\s-\s/.test(folded.slice(last, index))) clause++;
    out.push(match[0]);
    clauses.push(clause);
    last = index + match[0].length;
  }
  return { words: out, clauses };
}

const SENTENCE_END = /[.!?\u2026\u061f\u06d4\u3002]+["'\u201d\u2019)\]]*(?=\s|$)|\n+/g;

/**
 * Splits a review into sentences as written (trimmed, never rewritten), at ., !, ?, …, the Arabic
 * question mark and line breaks. Sentences without a letter or digit ("<3", "!!!") are dropped.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const push = (end: number) => {
    const piece = text.slice(start, end).trim();
    if (piece && /[\p{L}\p{N}]/u.test(piece)) out.push(piece);
  };
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    push(end);
    start = end;
  }
  push(text.length);
  return out;
}

/** 32-bit FNV-1a of a string, as 8 hex digits: a cheap change key, not a security hash. */
export function fnv1a(text: string, seed = 0x811c9dc5): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
