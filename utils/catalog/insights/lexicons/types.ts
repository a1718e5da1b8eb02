/**
 * The shape of one language's review vocabulary. Lexicons are data: a speaker of the language can
 * read and correct them without reading the matcher.
 *
 * Term syntax (every list of words below): one or more words separated by spaces, matched as
 * consecutive words of a sentence after folding (lower case, accents and Arabic-script letter
 * variants folded, ZWNJ and apostrophes dropped):
 * - `word`   the word exactly;
 * - `stem*`  any word starting with the stem (inflection: Latvian cases, Persian suffixes);
 * - `*root*` any word containing the root (Swahili verbs carry prefixes: ni-me-pend-a).
 */

/** The six languages the UI speaks; reviews in any other language are counted, not analysed. */
export const INSIGHT_LANGUAGES = ['en', 'sw', 'fa', 'fil', 'lv', 'az'] as const;
export type InsightLanguage = (typeof INSIGHT_LANGUAGES)[number];

/** What reviewers talk about. General aspects apply to every product; the rest per product type. */
export const ASPECTS = [
  'quality',
  'value',
  'delivery',
  'durability',
  'service',
  'fit',
  'size',
  'comfort',
  'material',
  'colour',
  'temperature',
  'weight',
  'battery',
  'sound',
  'screen',
  'setup',
  'taste',
  'smell',
  'texture',
  'skin',
] as const;
export type Aspect = (typeof ASPECTS)[number];

export const GENERAL_ASPECTS: readonly Aspect[] = ['quality', 'value', 'delivery', 'durability', 'service'];

export const PRODUCT_TYPES = ['apparel', 'footwear', 'bags', 'outdoor', 'electronics', 'food', 'beauty', 'home', 'textiles', 'kitchen', 'fragrance'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

/** Aspects worth a chip for each product type, besides the general ones. */
export const TYPE_ASPECTS: Readonly<Record<ProductType, readonly Aspect[]>> = {
  apparel: ['fit', 'size', 'comfort', 'material', 'colour', 'temperature'],
  footwear: ['fit', 'size', 'comfort', 'material', 'colour'],
  bags: ['size', 'comfort', 'material', 'colour', 'weight'],
  outdoor: ['size', 'weight', 'setup', 'temperature', 'material', 'comfort'],
  electronics: ['battery', 'sound', 'screen', 'setup', 'weight'],
  food: ['taste', 'smell'],
  beauty: ['smell', 'texture', 'skin'],
  home: ['size', 'colour', 'material'],
  textiles: ['size', 'colour', 'material', 'comfort', 'texture', 'temperature'],
  kitchen: ['size', 'material', 'colour', 'temperature'],
  fragrance: ['smell'],
};

/** How words of the language change shape, for the few rules the matcher applies. */
export interface Morphology {
  /**
   * Prefixes that negate the word they are glued to, tried when a word matches nothing as it is:
   * Latvian ne- (nepatīk), Persian ن / نمی / بی (نپسندیدم, بی‌کیفیت).
   */
  negationPrefixes: readonly string[];
  /**
   * Suffixes that negate a stem when they follow it directly: Azerbaijani -ma/-mə verb negation
   * (bəyənmədim, bəyənmirəm) and -sız/-siz "without" (rahatsız). Written folded (ə→e, ı→i).
   */
  negationSuffixes: readonly string[];
  /** For `*root*` terms: the word is negated when the part before the root starts with one of these (Swahili ha-, si-). */
  infixNegationPrefixes: readonly string[];
  /** Tagalog: affixes stripped to find the root (maganda → ganda, dumating → dating, nasira → sira). */
  stripPrefixes: readonly string[];
  stripSuffixes: readonly string[];
  infixes: readonly string[];
  /** Tagalog: a repeated first syllable is dropped (magaganda → ganda). */
  reduplication: boolean;
  /** Tagalog: the linker -ng after a vowel is dropped (magandang → maganda). */
  linker: boolean;
}

export interface Lexicon {
  language: InsightLanguage;
  /** Words that name an aspect (a mention), per aspect. */
  aspects: Readonly<Record<Aspect, readonly string[]>>;
  positive: readonly string[];
  negative: readonly string[];
  /** Words that negate the sentiment word after them ("not", "si", "hindi", "nav"). */
  negators: readonly string[];
  /** Words that negate the sentiment word before them (Persian نیست, Azerbaijani deyil). */
  postNegators: readonly string[];
  /** Words that start a contrasting clause ("but"): sentiment is scored per clause. */
  contrast: readonly string[];
  /** "too": the next word, unless positive or a function word, reads as a complaint ("too small"). */
  excessBefore: readonly string[];
  /** Swahili "mno" comes after the word it makes excessive ("ndogo mno"). */
  excessAfter: readonly string[];
  /** Frequent function words, for telling the language of a review. */
  stopwords: readonly string[];
  /** Title and category words that tell a product's type. */
  productTypes: Readonly<Record<ProductType, readonly string[]>>;
  morphology: Morphology;
  /** Other lexicons read together with this one (Tagalog reviews mix in English: "Taglish"). */
  alsoRead: readonly InsightLanguage[];
}

export const NO_MORPHOLOGY: Morphology = {
  negationPrefixes: [],
  negationSuffixes: [],
  infixNegationPrefixes: [],
  stripPrefixes: [],
  stripSuffixes: [],
  infixes: [],
  reduplication: false,
  linker: false,
};
