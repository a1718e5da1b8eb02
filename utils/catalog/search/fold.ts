/**
 * How search sees text: case and Latin accents folded, words split on anything that is not a
 * letter or digit, codes (SKU, GTIN) squeezed to their letters and digits, and how many typos a
 * word of a given length may have.
 */
/** Latin-style combining marks (accents). Others stay: they carry meaning (e.g. Japanese voicing marks). */
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_SEPARATORS = /[^a-z0-9]+/g;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const APOSTROPHES = /['\u2019]/g;
/** A word in a script other than Latin (matched as a substring, since such scripts do not split words alike). */
export const NON_LATIN = /[^\p{Script=Latin}\p{N}\p{M}]/u;

/** Case, accent and width folding: "Crème" and "CREME" both become "creme"; ｶﾀｶﾅ becomes カタカナ. */
export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').toLowerCase().replace(ACCENTS, '').normalize('NFC');
}

/** The searchable words of a text, folded; apostrophes do not split words ("Levi's" is "levis"). */
export function searchWords(text: string): string[] {
  let folded = fold(text);
  if (folded.includes("'") || folded.includes('\u2019')) folded = folded.replace(APOSTROPHES, '');
  return folded.match(WORD) ?? [];
}

/** SKUs and GTINs compare without case, spaces or separators: "tj-m-b" finds "TJ M B". */
export function codeKey(text: string): string {
  return ASCII.test(text) ? text.toLowerCase().replace(ASCII_SEPARATORS, '') : searchWords(text).join('');
}

/** Edits allowed for a typed word of this length. */
export function allowedEdits(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}
