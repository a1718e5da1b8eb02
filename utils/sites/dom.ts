/**
 * DOM reading helpers shared by the site adapters. Pure reads: no layout except `area`, which
 * adapters call only on a handful of media candidates.
 */
import { labelKey } from './labels';

/** Every element matching any of the selectors, in document order. */
export function queryAll(root: ParentNode, selectors: readonly string[]): Element[] {
  return Array.from(root.querySelectorAll(selectors.join(',')));
}

/**
 * The first element of the first selector that has one (ordered fallback: newest markup first),
 * optionally the first that `accept` takes.
 */
export function queryFirst(root: ParentNode, selectors: readonly string[], accept?: (el: Element) => boolean): Element | null {
  for (const sel of selectors) {
    if (!accept) {
      const el = root.querySelector(sel);
      if (el) return el;
      continue;
    }
    for (const el of Array.from(root.querySelectorAll(sel))) if (accept(el)) return el;
  }
  return null;
}

export function matchesAny(el: Element, selectors: readonly string[]): boolean {
  return selectors.some((sel) => el.matches(sel));
}

export function closestAny(el: Element, selectors: readonly string[]): Element | null {
  return el.closest(selectors.join(','));
}

/** Whether `el` is one of `containers` or inside one. */
export function isInside(el: Element, containers: ReadonlySet<Element>): boolean {
  for (let cur: Element | null = el; cur; cur = cur.parentElement) if (containers.has(cur)) return true;
  return false;
}

export interface TextOptions {
  /** Elements that are a line of their own (a site that puts each paragraph in a block). */
  isBlock?: (el: Element) => boolean;
  /** Small images (emoji drawn as <img>, up to 32 px) count as their alt text. */
  emojiImages?: boolean;
}

/** The element's text with the given subtrees left out; <br> (and blocks, if named) become newlines. */
export function textExcluding(root: Element, skip: (el: Element) => boolean, options: TextOptions = {}): string {
  const { isBlock, emojiImages = false } = options;
  let out = '';
  const endLine = (): void => {
    if (out && !out.endsWith('\n')) out += '\n';
  };
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) out += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.localName === 'br') out += '\n';
        else if (emojiImages && el.localName === 'img') {
          const size = Number(el.getAttribute('height') ?? el.getAttribute('width') ?? NaN);
          if (size > 0 && size <= 32) out += el.getAttribute('alt') ?? '';
        } else if (!skip(el)) {
          const block = isBlock?.(el) ?? false;
          if (block) endLine();
          walk(el);
          if (block) endLine();
        }
      }
    }
  };
  walk(root);
  return out;
}

/** Collapses runs of spaces and blank lines the way the sites render them. */
export function cleanText(text: string): string {
  return text
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Rendered area of a media element, or its width/height attributes before layout. */
export function area(el: Element): number {
  const rect = el.getBoundingClientRect();
  if (rect.width > 0 && rect.height > 0) return rect.width * rect.height;
  const w = Number(el.getAttribute('width') ?? 0);
  const h = Number(el.getAttribute('height') ?? 0);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The element with the largest `area`, or null; ties keep the first (document order). A single
 * candidate is returned without measuring: reading a rect right after the page changed costs a layout.
 */
export function largest(elements: Iterable<Element>): Element | null {
  const list = [...elements];
  if (list.length <= 1) return list[0] ?? null;
  let best: Element | null = null;
  let bestArea = -1;
  for (const el of list) {
    const a = area(el);
    if (a > bestArea) {
      best = el;
      bestArea = a;
    }
  }
  return best;
}

/**
 * An adapter method that never throws: pages are hostile and change without notice, and one odd
 * element must not stop the runner. Failures read as "nothing here".
 */
export function neverThrows<A extends unknown[], R>(fn: (...args: A) => R, fallback: () => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch {
      return fallback();
    }
  };
}

/** Letters a site hides among the visible ones of a label (Facebook's split-letter "Sponsored"). */
const HIDDEN_STYLE = /(?:^|;)\s*display\s*:\s*none/i;
const MAX_LABEL = 60;

/** Texts already turned into label keys: a page repeats the same short texts (names, counts, buttons). */
const keys = new Map<string, string>();

export function isLabelText(text: string, labels: ReadonlySet<string>): boolean {
  let key = keys.get(text);
  if (key === undefined) {
    key = labelKey(text);
    // Bounded: a long session reads many names and counts.
    if (keys.size >= 5000) keys.clear();
    keys.set(text, key);
  }
  return key.length > 0 && labels.has(key);
}

/**
 * Which of the label sets (each a set of `labelKey`s) an element under `root` reads as, as a
 * whole: by its text without the letters the page hides inline among it (at most 60 characters),
 * or by its aria-label or title; outside what `skip` leaves out (captions, comments). One
 * bottom-up pass for all the sets: asking each element for its textContent would read the post
 * again for every element in it.
 */
export function matchLabels(root: Element, sets: readonly ReadonlySet<string>[], skip?: (el: Element) => boolean): boolean[] {
  const found = sets.map(() => false);
  const check = (el: Element, text: string | null): void => {
    if (!text || text.length > MAX_LABEL) return;
    sets.forEach((labels, i) => {
      if (!found[i] && isLabelText(text, labels) && !skip?.(el)) found[i] = true;
    });
  };
  /** The element's visible text, or null when it is longer than a label. */
  const textOf = (el: Element): string | null => {
    let text: string | null = '';
    for (let child = el.firstChild; child; child = child.nextSibling) {
      let part: string | null;
      if (child.nodeType === 3) part = child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const element = child as Element;
        const name = element.localName;
        if (name === 'script' || name === 'style' || element.hasAttribute('hidden') || HIDDEN_STYLE.test(element.getAttribute('style') ?? '')) continue;
        part = textOf(element);
      } else continue;
      // Children are still visited after the text got too long: theirs may be short.
      text = text === null || part === null || text.length + part.length > MAX_LABEL ? null : text + part;
    }
    check(el, text);
    check(el, el.getAttribute('aria-label'));
    check(el, el.getAttribute('title'));
    return text;
  };
  for (let child = root.firstElementChild; child; child = child.nextElementSibling) textOf(child);
  return found;
}

/** Whether an element under `root` reads as one of `labels` (see matchLabels). */
export function hasLabel(root: Element, labels: ReadonlySet<string>, skip?: (el: Element) => boolean): boolean {
  return matchLabels(root, [labels], skip)[0]!;
}
