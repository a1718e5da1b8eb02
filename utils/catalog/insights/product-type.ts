/**
 * A product's types from its title (and category, when the source gives one), read with the title
 * words of all six lexicons: a Latvian shop titles its products in Latvian. The types decide which
 * aspects get chips; a product of no known type gets all of them.
 */
import { parseTerm } from './matcher';
import { ASPECTS, GENERAL_ASPECTS, INSIGHT_LANGUAGES, LEXICONS, PRODUCT_TYPES, TYPE_ASPECTS, type Aspect, type ProductType } from './lexicons';
import { foldText, words } from './text';

interface TypeTerm {
  type: ProductType;
  patterns: ReturnType<typeof parseTerm>;
}

let typeTerms: Map<string, TypeTerm[]> | null = null;

/** Type terms indexed by their first word's text (stems too: looked up by every prefix of a word). */
function index(): Map<string, TypeTerm[]> {
  if (typeTerms) return typeTerms;
  typeTerms = new Map();
  for (const language of INSIGHT_LANGUAGES) {
    for (const type of PRODUCT_TYPES) {
      for (const term of LEXICONS[language].productTypes[type]) {
        const patterns = parseTerm(term);
        const key = patterns[0]!.text;
        const list = typeTerms.get(key);
        if (list) list.push({ type, patterns });
        else typeTerms.set(key, [{ type, patterns }]);
      }
    }
  }
  return typeTerms;
}

function fits(pattern: ReturnType<typeof parseTerm>[number], word: string): boolean {
  return pattern.mode === 'exact' ? word === pattern.text : pattern.mode === 'prefix' ? word.startsWith(pattern.text) : word.includes(pattern.text);
}

/** The product types a title (and optional category path) names, in PRODUCT_TYPES order. */
export function productTypes(title: string, category?: string | null): ProductType[] {
  const found = new Set<ProductType>();
  const terms = index();
  const text = words(foldText(`${title} ${category ?? ''}`));
  for (let i = 0; i < text.length; i++) {
    const word = text[i]!;
    for (let length = 1; length <= word.length; length++) {
      for (const term of terms.get(word.slice(0, length)) ?? []) {
        const { patterns } = term;
        if (!fits(patterns[0]!, word)) continue;
        if (patterns.every((p, k) => k === 0 || (text[i + k] !== undefined && fits(p, text[i + k]!)))) found.add(term.type);
      }
    }
  }
  return PRODUCT_TYPES.filter((t) => found.has(t));
}

/** The aspects worth a chip for these types: the general ones plus each type's; all of them for an unknown type. */
export function aspectsFor(types: readonly ProductType[]): Aspect[] {
  if (types.length === 0) return [...ASPECTS];
  const wanted = new Set<Aspect>([...GENERAL_ASPECTS, ...types.flatMap((t) => TYPE_ASPECTS[t])]);
  return ASPECTS.filter((a) => wanted.has(a));
}
