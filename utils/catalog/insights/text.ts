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
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Whether the character at i belongs to a word (letters and digits of any script). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);
  // Surrogate pairs (emoji, rare scripts): test the whole code point.
  if (c >= 0xd800 && c <= 0xdbff) return WORD_CHAR.test(text.slice(i, i + 2));
  if (c >= 0xdc00 && c <= 0xdfff) return WORD_CHAR.test(text.slice(i - 1, i + 1));
  return WORD_CHAR.test(text[i]!);
}

/** The words of folded text. */
export function words(folded: string): string[] {
  return folded.match(WORD) ?? [];
}

/** Whether the text between two words ends a clause: a comma, semicolon, colon, bracket, dash, or their Arabic-script forms. */
function breaksClause(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || c === 0x3b || c === 0x3a || c === 0x28 || c === 0x29 || c === 0x060c || c === 0x061b || c === 0x2013 || c === 0x2014) return true;
    // A hyphen between spaces is a dash; inside a word ("well-made") it is not.
    if (c === 0x2d && i > from && i + 1 < to && text.charCodeAt(i - 1) === 0x20 && text.charCodeAt(i + 1) === 0x20) return true;
  }
  return false;
}

/**
 * The words of folded text with the clause each starts: a new clause after a comma, semicolon,
 * colon, dash or their Arabic-script forms, so "great fit, awful colour" scores its parts apart.
 */
export function wordsWithClauses(folded: string): { words: string[]; clauses: number[] } {
  // A hand-written scan: this runs on every sentence of every review, and a regex iterator allocates per word.
  const out: string[] = [];
  const clauses: number[] = [];
  let clause = 0;
  let last = 0;
  let i = 0;
  const n = folded.length;
  while (i < n) {
    if (!isWordChar(folded, i)) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordChar(folded, i)) i++;
    if (out.length > 0 && breaksClause(folded, last, start)) clause++;
    out.push(folded.slice(start, i));
    clauses.push(clause);
    last = i;
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

/** Two independent 32-bit FNV-1a hashes of many strings, in one pass and without joining them. */
export class Fnv64 {
  private a = 0x811c9dc5;
  private b = 0x01000193;

  add(text: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x01000193) + 0x9e3779b9;
    }
    // A separator, so ["ab", "c"] and ["a", "bc"] differ.
    this.a = Math.imul(a ^ 0xffff, 0x01000193);
    this.b = Math.imul(b ^ 0xffff, 0x01000193);
    return this;
  }

  hex(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
