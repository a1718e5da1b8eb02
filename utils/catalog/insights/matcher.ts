/**
 * Finds lexicon terms in the words of a sentence. Compiled once per language: exact words and
 * stems go into maps, roots into a short list; what each distinct word matches is remembered,
 * since reviews repeat their words (Zipf), which keeps 2,000 reviews well inside the budget.
 */
import { foldText } from './text';
import { ASPECTS, LEXICONS, type Aspect, type InsightLanguage, type Lexicon, type Morphology } from './lexicons';

export type TermKind = 'aspect' | 'positive' | 'negative' | 'negator' | 'postNegator' | 'contrast' | 'excessBefore' | 'excessAfter';

type Mode = 'exact' | 'prefix' | 'infix';

interface Pattern {
  text: string;
  mode: Mode;
}

interface Term {
  patterns: Pattern[];
  kind: TermKind;
  aspect: Aspect | null;
}

/** A term found in a sentence: words [start, end). */
export interface TermMatch {
  start: number;
  end: number;
  kind: TermKind;
  aspect: Aspect | null;
  /** The word itself carries the negation (nepatīk, bəyənmədim, haipendezi, بی‌کیفیت). */
  negated: boolean;
}

interface TrieNode {
  children: Map<number, TrieNode>;
  terms: number[] | null;
}

/** Shared by every word that matches nothing (most words): no allocation per word. */
const NO_HITS: readonly WordHit[] = Object.freeze([]);

interface WordHit {
  term: number;
  negated: boolean;
  /** Letters of the word the term accounts for: a longer stem is a better match. */
  stem: number;
}

const SENTIMENT_KINDS: ReadonlySet<TermKind> = new Set(['aspect', 'positive', 'negative']);
/** Remainders shorter than this after stripping an affix are not words of their own. */
const MIN_ROOT = 3;
/** Distinct words remembered per language; past it the memory starts over (a long-lived worker sees many products). */
const MEMO_LIMIT = 50_000;

/** Parses one term of a lexicon ("stem*", "*root*", "two words") into folded patterns. */
export function parseTerm(term: string): Pattern[] {
  return term
    .trim()
    .split(/\s+/)
    .map((raw) => {
      const infix = raw.length > 2 && raw.startsWith('*') && raw.endsWith('*');
      const prefix = !infix && raw.endsWith('*');
      const text = foldText(raw.replace(/^\*|\*$/g, ''));
      return { text, mode: infix ? 'infix' : prefix ? 'prefix' : 'exact' } satisfies Pattern;
    });
}

export class CompiledLexicon {
  readonly language: InsightLanguage;
  readonly stopwords: ReadonlySet<string>;
  private readonly terms: Term[] = [];
  private readonly exact = new Map<string, number[]>();
  /** Stems as a trie of character codes: a word walks it once instead of slicing every prefix. */
  private readonly prefix: TrieNode = { children: new Map(), terms: null };
  private readonly infix: { root: string; terms: number[] }[] = [];
  private readonly morphology: Morphology;
  private readonly negationPrefixes: string[];
  /** Whether words shed affixes before lookup (Tagalog). */
  private readonly affixes: boolean;
  private readonly memo = new Map<string, readonly WordHit[]>();
  private readonly variantMemo = new Map<string, readonly string[]>();

  constructor(lexicon: Lexicon, also: readonly Lexicon[] = []) {
    this.language = lexicon.language;
    this.morphology = lexicon.morphology;
    this.negationPrefixes = [...lexicon.morphology.negationPrefixes].map(foldText).sort((a, b) => b.length - a.length);
    const stopwords = new Set<string>();
    for (const source of [lexicon, ...also]) {
      for (const aspect of ASPECTS) for (const term of source.aspects[aspect]) this.add(term, 'aspect', aspect);
      for (const term of source.positive) this.add(term, 'positive', null);
      for (const term of source.negative) this.add(term, 'negative', null);
      for (const term of source.negators) this.add(term, 'negator', null);
      for (const term of source.postNegators) this.add(term, 'postNegator', null);
      for (const term of source.contrast) this.add(term, 'contrast', null);
      for (const term of source.excessBefore) this.add(term, 'excessBefore', null);
      for (const term of source.excessAfter) this.add(term, 'excessAfter', null);
      for (const word of source.stopwords) stopwords.add(foldText(word));
    }
    this.stopwords = stopwords;
    const m = lexicon.morphology;
    this.affixes = m.stripPrefixes.length > 0 || m.linker || m.reduplication || m.infixes.length > 0;
  }

  private add(term: string, kind: TermKind, aspect: Aspect | null): void {
    const patterns = parseTerm(term);
    const index = this.terms.push({ patterns, kind, aspect }) - 1;
    const first = patterns[0]!;
    if (first.mode === 'infix') {
      const entry = this.infix.find((e) => e.root === first.text);
      if (entry) entry.terms.push(index);
      else this.infix.push({ root: first.text, terms: [index] });
      return;
    }
    if (first.mode === 'prefix') {
      let node = this.prefix;
      for (let i = 0; i < first.text.length; i++) {
        const code = first.text.charCodeAt(i);
        let child = node.children.get(code);
        if (!child) {
          child = { children: new Map(), terms: null };
          node.children.set(code, child);
        }
        node = child;
      }
      (node.terms ??= []).push(index);
      return;
    }
    const list = this.exact.get(first.text);
    if (list) list.push(index);
    else this.exact.set(first.text, [index]);
  }

  /** Tagalog: the word and the roots its affixes hide; other languages: the word itself. */
  variants(word: string): readonly string[] {
    const m = this.morphology;
    if (!this.affixes) return [word];
    let cached = this.variantMemo.get(word);
    if (cached) return cached;
    const out = new Set<string>([word]);
    const bases = [word];
    // The linker: magandang → maganda (only after a vowel: "ang" and "kulang" stay).
    if (m.linker && word.length > 4 && word.endsWith('ng') && /[aeiou]/.test(word[word.length - 3]!)) bases.push(word.slice(0, -2));
    const roots: string[] = [];
    for (const base of bases) {
      roots.push(base);
      for (const p of m.stripPrefixes) if (base.length - p.length >= MIN_ROOT && base.startsWith(p)) roots.push(base.slice(p.length));
    }
    for (let root of roots) {
      out.add(root);
      // Reduplicated first syllable: gaganda → ganda, bibili → bili.
      if (m.reduplication && root.length >= 5 && root.slice(0, 2) === root.slice(2, 4)) {
        root = root.slice(2);
        out.add(root);
      }
      // Infix after the first consonant: d-um-ating → dating, s-in-ira → sira.
      for (const infix of m.infixes) {
        if (root.length - infix.length >= MIN_ROOT && root.slice(1, 1 + infix.length) === infix && !/[aeiou]/.test(root[0]!)) {
          out.add(root[0] + root.slice(1 + infix.length));
        }
      }
      for (const suffix of m.stripSuffixes) {
        if (root.length - suffix.length >= MIN_ROOT && root.endsWith(suffix)) {
          const stripped = root.slice(0, -suffix.length);
          out.add(stripped);
          // gusto → gustuhan: the final o turns u before a suffix.
          if (stripped.endsWith('u')) out.add(`${stripped.slice(0, -1)}o`);
        }
      }
    }
    cached = [...out];
    if (this.variantMemo.size >= MEMO_LIMIT) this.variantMemo.clear();
    this.variantMemo.set(word, cached);
    return cached;
  }

  private lookup(forms: readonly string[]): WordHit[] {
    const hits: WordHit[] = [];
    for (const form of forms) this.lookupForm(form, hits);
    return hits;
  }

  /** Adds the terms one form of a word starts: exact words, stems along the trie, roots inside it. */
  private lookupForm(form: string, hits: WordHit[]): WordHit[] {
    const suffixes = this.morphology.negationSuffixes;
    for (const term of this.exact.get(form) ?? []) hits.push({ term, negated: false, stem: form.length });
    let node: TrieNode | undefined = this.prefix;
    for (let length = 1; length <= form.length; length++) {
      node = node.children.get(form.charCodeAt(length - 1));
      if (!node) break;
      if (!node.terms) continue;
      const negated = length < form.length && suffixes.length > 0 && suffixes.some((s) => form.startsWith(s, length));
      for (const term of node.terms) hits.push({ term, negated, stem: length });
    }
    for (const { root, terms } of this.infix) {
      const at = form.indexOf(root);
      if (at < 0) continue;
      const negated = at > 0 && this.morphology.infixNegationPrefixes.some((p) => p.length <= at && form.startsWith(p));
      for (const term of terms) hits.push({ term, negated, stem: root.length });
    }
    return hits;
  }

  /** The terms whose first word this word is, with negation the word itself carries. */
  firstHits(word: string): readonly WordHit[] {
    let hits: readonly WordHit[] | undefined = this.memo.get(word);
    if (hits) return hits;
    hits = this.affixes ? this.lookup(this.variants(word)) : this.lookupForm(word, []);
    if (this.negationPrefixes.length && !hits.some((h) => SENTIMENT_KINDS.has(this.terms[h.term]!.kind))) {
      for (const prefix of this.negationPrefixes) {
        if (word.length - prefix.length < MIN_ROOT || !word.startsWith(prefix)) continue;
        const rest = word.slice(prefix.length);
        const negatedHits = this.lookupForm(rest, []).filter((h) => {
          const term = this.terms[h.term]!;
          return term.patterns.length === 1 && SENTIMENT_KINDS.has(term.kind);
        });
        if (negatedHits.length) {
          hits = [...hits, ...negatedHits.map((h) => ({ ...h, negated: true, stem: h.stem + prefix.length }))];
          break;
        }
      }
    }
    if (hits.length === 0) hits = NO_HITS;
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(word, hits);
    return hits;
  }

  private follows(pattern: Pattern, word: string): boolean {
    for (const form of this.variants(word)) {
      if (pattern.mode === 'exact' ? form === pattern.text : pattern.mode === 'prefix' ? form.startsWith(pattern.text) : form.includes(pattern.text)) return true;
    }
    return false;
  }

  /**
   * Every term in a sentence's words. Where terms of one kind (and aspect) start at the same word,
   * the longest wins ("too small" over "small", the stem xoşla- over xoş-); a sentiment term inside
   * a longer one ("recommend" in "highly recommend") is dropped.
   */
  match(sentence: readonly string[]): TermMatch[] {
    const found: (TermMatch & { stem: number })[] = [];
    for (let i = 0; i < sentence.length; i++) {
      const hits = this.firstHits(sentence[i]!);
      if (hits.length === 0) continue;
      const from = found.length;
      for (const hit of hits) {
        const term = this.terms[hit.term]!;
        const { patterns } = term;
        if (i + patterns.length > sentence.length) continue;
        let ok = true;
        for (let k = 1; k < patterns.length && ok; k++) ok = this.follows(patterns[k]!, sentence[i + k]!);
        if (!ok) continue;
        const candidate = { start: i, end: i + patterns.length, kind: term.kind, aspect: term.aspect, negated: hit.negated, stem: hit.stem };
        // One match per kind (and aspect) at a word: the longest.
        let replaced = false;
        for (let f = from; f < found.length; f++) {
          const current = found[f]!;
          if (current.kind !== candidate.kind || current.aspect !== candidate.aspect) continue;
          if (candidate.end > current.end || (candidate.end === current.end && candidate.stem > current.stem)) found[f] = candidate;
          replaced = true;
          break;
        }
        if (!replaced) found.push(candidate);
      }
    }
    const isSentiment = (m: TermMatch) => m.kind === 'positive' || m.kind === 'negative';
    const phrases = found.some((m) => isSentiment(m) && m.end - m.start > 1);
    const out: TermMatch[] = [];
    for (const m of found) {
      const inside = phrases && isSentiment(m) && found.some((o) => o !== m && isSentiment(o) && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start);
      if (!inside) out.push({ start: m.start, end: m.end, kind: m.kind, aspect: m.aspect, negated: m.negated });
    }
    return out;
  }

  isStopword(word: string): boolean {
    return this.stopwords.has(word);
  }
}

const compiled = new Map<InsightLanguage, CompiledLexicon>();

/** The compiled lexicon of a language (with the lexicons it also reads), built on first use. */
export function lexiconFor(language: InsightLanguage): CompiledLexicon {
  let lexicon = compiled.get(language);
  if (!lexicon) {
    const source = LEXICONS[language];
    lexicon = new CompiledLexicon(
      source,
      source.alsoRead.map((l) => LEXICONS[l]),
    );
    compiled.set(language, lexicon);
  }
  return lexicon;
}

const own = new Map<InsightLanguage, CompiledLexicon>();

/** A language's lexicon alone (without the ones it also reads), for telling languages apart. */
export function ownLexiconFor(language: InsightLanguage): CompiledLexicon {
  let lexicon = own.get(language);
  if (!lexicon) {
    lexicon = LEXICONS[language].alsoRead.length ? new CompiledLexicon(LEXICONS[language]) : lexiconFor(language);
    own.set(language, lexicon);
  }
  return lexicon;
}
