/**
 * The title of a product made of a group of feed rows (Merchant Center's item_group_id): each
 * row's title names its variant too ("… - Navy / M", "… with Black Dial", "… - Size 8"), so the
 * product's title is what the rows share once their own variant attributes are taken out, cut back
 * to whole words and to where no dangling separator, connector or attribute label is left.
 */

/** Words a title may end on only when more followed: separators, connectors, attribute labels. */
const DANGLING = new Set([
  '-', '–', '—', '/', '|', ',', ':', '+', '&', '(', 'with', 'in', 'for', 'and', 'of', 'by', 'w/',
  'color', 'colour', 'size', 'material', 'pattern', 'style', 'variant', 'option', 'edition',
]);

export interface GroupRow {
  title: string;
  /** The row's own variant attributes (size, color, material, pattern), as the feed gives them. */
  attributes: readonly string[];
}

const fold = (word: string): string => word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

const valueWords = (values: readonly string[]): Set<string> => new Set(values.flatMap((value) => value.split(/[\s/,&+]+/)).map(fold).filter((word) => word !== ''));

/** Drops dangling words and trailing attribute values from the end ("Merino Sweater - Color: Navy" gives "Merino Sweater"). */
function trimmed(words: string[], values: ReadonlySet<string>): string[] {
  const out = [...words];
  for (;;) {
    const last = out.at(-1);
    if (last === undefined) return out;
    const bare = last.replace(/[:,;/|(–—-]+$/u, '');
    if (bare !== last) {
      if (bare === '') out.pop();
      else out[out.length - 1] = bare;
      continue;
    }
    if (!DANGLING.has(last.toLowerCase()) && !values.has(fold(last))) return out;
    out.pop();
  }
}

/**
 * The group's common title, or the first row's title without its attributes when the rows share
 * too little to name the product (two different models grouped by mistake). Attribute values
 * that tell the rows apart are taken out wherever they stand ("Black" in "… with Black Dial");
 * values all rows share only at the end, where they name the variant ("Black Sabbath Tee - Black").
 */
export function groupTitle(rows: readonly GroupRow[]): string {
  const perRow = rows.map((row) => valueWords(row.attributes));
  const all = new Set(perRow.flatMap((values) => [...values]));
  const distinguishing = new Set([...all].filter((word) => perRow.some((values) => !values.has(word))));
  const stripped = rows.map((row) => row.title.split(/\s+/).filter((word) => word !== '' && !distinguishing.has(fold(word))));
  const first = stripped[0] ?? [];
  let shared = 0;
  while (shared < first.length && stripped.every((words) => words[shared] === first[shared])) shared += 1;
  const common = trimmed(first.slice(0, shared), all);
  const shortest = Math.min(...stripped.map((words) => trimmed(words, all).length));
  // "Diesel Men's" is not a title of two watches: fall back to one row's own.
  if (common.length >= 2 && common.length >= Math.ceil(shortest * 0.4)) return common.join(' ');
  const own = trimmed(first, all);
  return (own.length > 0 ? own : (rows[0]?.title.split(/\s+/) ?? [])).join(' ');
}
