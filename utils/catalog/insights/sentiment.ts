/**
 * Sentence-level sentiment per aspect mention, by counting words: +1 for each positive word, −1
 * for each negative one, in the clause that mentions the aspect. Clauses end at commas and at
 * contrast words ("but", «اما», "lakini", "pero", "bet", "amma"), so "great fit but the colour
 * faded" is positive for fit and negative for colour. A clause without sentiment words takes the
 * sentence's. Negation flips the nearest sentiment word in reach, once: a negator before it
 * ("not", "si", "hindi", "nav", "heç"; three words of reach), a negator after it («نیست»,
 * "deyil"; two words), or the word's own negating affix (nepatīk, bəyənmədim, haipendezi).
 */
import type { Aspect } from './lexicons';
import type { CompiledLexicon, TermMatch } from './matcher';
import { foldText, wordsWithClauses } from './text';

/** How far a negator reaches forward ("not very comfortable") and backward («راحت نیست»). */
const NEGATION_AHEAD = 3;
const NEGATION_BEHIND = 2;

export type Sign = -1 | 0 | 1;

interface Hit {
  start: number;
  end: number;
  value: number;
  /** Negation already applied (by the word's own affix or by a negator): it never applies twice. */
  negated: boolean;
  clause: number;
}

export interface ScoredSentence {
  /** Every aspect the sentence mentions, with the sign of its clause (or of the sentence). */
  aspects: Map<Aspect, Sign>;
  score: number;
}

function sign(value: number): Sign {
  return value > 0 ? 1 : value < 0 ? -1 : 0;
}

/** Scores one sentence (as written) with a compiled lexicon. */
export function scoreSentence(sentence: string, lexicon: CompiledLexicon): ScoredSentence {
  const { words, clauses: commaClauses } = wordsWithClauses(foldText(sentence));
  return scoreWords(words, commaClauses, lexicon.match(words), lexicon);
}

/** Scores words already split into comma clauses and matched against the lexicon. */
export function scoreWords(words: readonly string[], commaClauses: readonly number[], matches: readonly TermMatch[], lexicon: CompiledLexicon): ScoredSentence {
  // A contrast word starts a new clause, as a comma does.
  // Typed arrays, not Sets and Maps: this runs for every sentence that names an aspect.
  const contrastAt = new Uint8Array(words.length);
  for (const m of matches) if (m.kind === 'contrast') contrastAt[m.start] = 1;
  const clauses: number[] = [];
  let clauseCount = 1;
  for (let i = 0, clause = 0; i < words.length; i++) {
    if (i > 0 && (commaClauses[i] !== commaClauses[i - 1] || contrastAt[i])) clause++;
    clauses.push(clause);
    clauseCount = clause + 1;
  }
  const clauseOf = (i: number) => clauses[Math.min(i, clauses.length - 1)] ?? 0;

  const hits: Hit[] = [];
  const sentimentAt = new Uint8Array(words.length);
  const addHit = (hit: Hit) => {
    hits.push(hit);
    sentimentAt[hit.start] = 1;
  };
  for (const m of matches) {
    if (m.kind !== 'positive' && m.kind !== 'negative') continue;
    const value = m.kind === 'positive' ? 1 : -1;
    addHit({ start: m.start, end: m.end, value: m.negated ? -value : value, negated: m.negated, clause: clauseOf(m.start) });
  }
  // An aspect word negated by its own affix (بی‌کیفیت, keyfiyyətsiz, haitoshi) is a complaint about it.
  for (const m of matches) {
    if (m.kind === 'aspect' && m.negated && !sentimentAt[m.start]) {
      addHit({ start: m.start, end: m.end, value: -1, negated: true, clause: clauseOf(m.start) });
    }
  }
  // "too small", "pārāk mazs", "ndogo mno": an excess marker makes a plain word a complaint.
  for (const m of matches) {
    const target = m.kind === 'excessBefore' ? m.end : m.kind === 'excessAfter' ? m.start - 1 : -1;
    if (target < 0 || target >= words.length || clauseOf(target) !== clauseOf(m.kind === 'excessBefore' ? m.start : m.end - 1)) continue;
    if (lexicon.isStopword(words[target]!) || sentimentAt[target]) continue;
    addHit({ start: target, end: target + 1, value: -1, negated: false, clause: clauseOf(target) });
  }

  hits.sort((a, b) => a.start - b.start);
  for (const m of matches) {
    if (m.kind === 'negator') {
      const hit = hits.find((h) => !h.negated && h.start >= m.end && h.start < m.end + NEGATION_AHEAD && h.clause === clauseOf(m.start));
      if (hit) {
        hit.value = -hit.value;
        hit.negated = true;
      }
    } else if (m.kind === 'postNegator') {
      let hit: Hit | undefined;
      for (const h of hits) if (!h.negated && h.end <= m.start && h.end > m.start - NEGATION_BEHIND - 1 && h.clause === clauseOf(m.start)) hit = h;
      if (hit) {
        hit.value = -hit.value;
        hit.negated = true;
      }
    }
  }

  const clauseScore = new Float64Array(clauseCount);
  let score = 0;
  for (const hit of hits) {
    clauseScore[hit.clause]! += hit.value;
    score += hit.value;
  }
  const aspects = new Map<Aspect, Sign>();
  for (const m of matches) {
    if (m.kind !== 'aspect' || m.aspect === null) continue;
    const own = sign(clauseScore[clauseOf(m.start)] ?? 0) || sign(score);
    const previous = aspects.get(m.aspect);
    // The same aspect twice in a sentence: its clauses add up.
    aspects.set(m.aspect, previous === undefined ? own : sign(previous + own));
  }
  return { aspects, score };
}
