/**
 * Free text from catalog sources as the cache keeps it: HTML descriptions turned into plain text
 * (no markup survives), character references decoded once, white space tidied, and long text cut
 * at a word boundary. Shared by every source kind and by products read from linked shops.
 */
import { MAX_TEXT } from '../platform/limits';
import { SkipError } from './records';

/** A text longer than this in the source is refused outright ("oversized text"); shorter is cut to MAX_TEXT. */
export const MAX_SOURCE_TEXT = 100 * MAX_TEXT;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', ensp: ' ', emsp: ' ', thinsp: ' ',
  ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', hellip: '…', bull: '•', middot: '·', prime: '′', Prime: '″',
  copy: '©', reg: '®', trade: '™', deg: '°', times: '×', divide: '÷', plusmn: '±', micro: 'µ', para: '¶', sect: '§',
  frac12: '½', frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', permil: '‰',
  euro: '€', pound: '£', yen: '¥', cent: '¢', curren: '¤', iexcl: '¡', iquest: '¿', dagger: '†', Dagger: '‡',
  larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔', check: '✓', hearts: '♥', star: '☆',
  agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç',
  egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï',
  ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö', oslash: 'ø', oelig: 'œ',
  ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', yuml: 'ÿ', szlig: 'ß', eth: 'ð', thorn: 'þ',
  Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Atilde: 'Ã', Auml: 'Ä', Aring: 'Å', AElig: 'Æ', Ccedil: 'Ç',
  Egrave: 'È', Eacute: 'É', Ecirc: 'Ê', Euml: 'Ë', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï',
  Ntilde: 'Ñ', Ograve: 'Ò', Oacute: 'Ó', Ocirc: 'Ô', Otilde: 'Õ', Ouml: 'Ö', Oslash: 'Ø', OElig: 'Œ',
  Ugrave: 'Ù', Uacute: 'Ú', Ucirc: 'Û', Uuml: 'Ü', Yacute: 'Ý', ETH: 'Ð', THORN: 'Þ',
};

/** A character reference's code point as text; NUL, surrogates and out-of-range become U+FFFD. */
export function codePointText(code: number): string {
  if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(code);
}

/** Decodes HTML character references in one pass (`&amp;lt;` gives `&lt;`, never `<`). Unknown names stay as written. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return codePointText(Number.parseInt(dec, 10));
    if (hex !== undefined) return codePointText(Number.parseInt(hex, 16));
    // Own names only: "&constructor;" must not find Object.prototype's.
    const value = name !== undefined && Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : undefined;
    return value !== undefined && whole.endsWith(';') ? value : whole;
  });
}

/** Elements whose content is not text at all. */
const SKIPPED_ELEMENTS = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'head', 'title', 'select', 'textarea']);
/** Elements that start a new line of text. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'br', 'caption',
]);
const TAG_NAME = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)/y;

/**
 * Plain text of an HTML fragment, for descriptions: no markup survives (tags, comments, scripts and
 * styles are dropped), character references are decoded, block elements become line breaks, list
 * items get a bullet, and runs of white space collapse. A linear scan, not a regex over the whole
 * input, so a hostile fragment cannot make it slow.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    // Line breaks in the source are only white space; breaks come from the elements.
    if (lt === -1) {
      parts.push(decodeHtmlEntities(html.slice(i).replace(/\s+/g, ' ')));
      break;
    }
    if (lt > i) parts.push(decodeHtmlEntities(html.slice(i, lt).replace(/\s+/g, ' ')));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<!', lt) || html.startsWith('<?', lt)) {
      const end = html.indexOf('>', lt);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    TAG_NAME.lastIndex = lt;
    const match = TAG_NAME.exec(html);
    if (!match) {
      parts.push('<'); // a lone "<" in text ("size < 10")
      i = lt + 1;
      continue;
    }
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    const gt = endOfTag(html, lt + match[0].length);
    if (gt === -1) break; // a tag cut off at the end: drop it
    i = gt + 1;
    if (!closing && SKIPPED_ELEMENTS.has(name) && html[gt - 1] !== '/') {
      const end = lower.indexOf(`</${name}`, i);
      const close = end === -1 ? -1 : html.indexOf('>', end);
      i = close === -1 ? html.length : close + 1;
      continue;
    }
    if (name === 'li') {
      if (!closing) parts.push('\n• ');
    } else if (BLOCK_ELEMENTS.has(name)) parts.push(name === 'p' || /^h\d$/.test(name) ? '\n\n' : '\n');
    else if (name === 'td' || name === 'th') parts.push(' ');
  }
  return tidyText(parts.join(''));
}

/** The ">" closing a tag that starts before `from`, skipping quoted attribute values. */
function endOfTag(html: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < html.length; j += 1) {
    const c = html[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return j;
    }
  }
  return -1;
}

/** Cuts text to MAX_TEXT at a word boundary with an ellipsis. */
export function clipText(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Plain text tidied: runs of spaces and tabs become one space, lines are trimmed, at most one blank line in a row. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Whether text carries HTML markup or character references (many feeds put HTML in descriptions). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text);
}

/**
 * Long free text from a source (a description, a review) is cut to MAX_TEXT rather than costing
 * the record: the store does not know our limit. Text beyond MAX_SOURCE_TEXT is refused.
 * `html`: true for HTML fields, false for plain text, 'auto' to decide by looking.
 */
export function sourceText(raw: string, field: string, html: boolean | 'auto'): string {
  if (raw.length > MAX_SOURCE_TEXT) throw new SkipError(field, 'skipOversizedText', [raw.length]);
  const isHtml = html === 'auto' ? looksLikeHtml(raw) : html;
  return clipText(isHtml ? htmlToText(raw) : tidyText(raw));
}

