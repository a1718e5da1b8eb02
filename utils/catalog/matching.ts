/**
 * How a post is matched to products beyond explicit tags: by a merchant's own account naming one
 * of its products in the caption. Pure functions; the database side is in utils/catalog.ts. Links
 * (redirects, shorteners, product URL keys) are read by utils/sites/links.ts, shared with the
 * site adapters.
 */

export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The phrases of a product title a caption may use: the whole title, and its core before a comma,
 * dash or parenthesis ("Linen Napkins, Set of 4" -> "linen napkins"). Too-short cores ("Mug") are
 * dropped: they would match half the captions of a kitchen shop.
 */
export function titlePhrases(title: string): string[] {
  const phrases = new Set<string>();
  const whole = normalizeText(title);
  if (whole) phrases.add(whole);
  const core = normalizeText(title.split(/\s*[,(–—|]\s*|\s+-\s+/)[0] ?? '');
  if (core && (core.split(' ').length >= 2 || core.length >= 8)) phrases.add(core);
  return [...phrases];
}

/** Whether a caption names a product: one of its title phrases appears as whole words. */
export function captionNames(caption: string, phrases: readonly string[]): boolean {
  const text = ` ${normalizeText(caption)} `;
  return phrases.some((phrase) => text.includes(` ${phrase} `));
}

/** Account handles compare without case and without a leading @. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}
