// Lists, per language, the messages that still need work: keys English has and the language does
// not (new keys from other work), translations whose placeholders or plural forms do not match
// English, empty texts, and keys English no longer has. Usage: npm run i18n:check
// Exits 1 when anything is listed, so it can gate a merge; the build still ships (missing keys fall
// back to English, never to the key). The unit test "have every English key in <lang>, with the
// same placeholders and that language's plural forms" (tests/unit/platform/i18n-completeness.test.ts)
// fails on the same problems, so `npm test` fails too.
//
// Adding a message (after merging work that added keys):
// 1. English is the source: public/_locales/en/messages.json, one line per key:
//      "key": { "message": "Saved $1 to $2", "description": "where it shows; what $1 and $2 are" }
//    A number that picks singular or plural: "count": <its $n> and the English forms,
//      "count": 1, "plural": { "one": "$1 item saved", "other": "$1 items saved" }  (other = message)
//    Any other number (written in the language's digits, e.g. Persian): "numbers": [<its $n>, ...].
// 2. Run `npm run i18n:check`: each language lists the key as missing, with the line to add.
// 3. Add the translation to utils/platform/i18n/messages/<lang>.json for sw, fa, fil, lv and az
//    (a key to a text; a plural message to one text per plural category the check names for that
//    language: sw, fil: one, other; lv: zero, one, other; fa, az: one, other). Same placeholders
//    as English; Persian puts a ZWNJ (\u200c) where the word needs it.
// 4. `npm run i18n:check` says "complete" for every language; then
//    `npx vitest run tests/unit/platform` (completeness, plural tables, no English left behind).
//    A new plural message changes the golden plural tables: rewrite them with
//    `npx vitest run tests/unit/platform/plurals.test.ts -u` and read the diff of
//    tests/unit/platform/__golden__/plurals.<lang>.txt (every form at 0, 1, 2, 3, 4, 5, 10, 11, 21, 0.5).
// Only extName and extDescription also live in public/_locales/<lang>/messages.json (what Chrome
// shows in its extension list); every other text is in the bundles above.
import { checkEnglish, checkTranslation, pluralCategoriesOf, type Problem } from '../utils/platform/i18n/compile';
import { ENGLISH, TRANSLATIONS } from '../utils/platform/i18n/sources';

const LABELS: Record<Problem['kind'], string> = {
  missing: 'missing',
  placeholders: 'placeholders differ from English',
  'plural-forms': 'plural forms wrong',
  empty: 'empty',
  'unknown-key': 'not in English any more',
};

/** The line to paste into <lang>.json for a missing key, in the shape that language needs. */
function lineToAdd(language: string, key: string): string {
  const entry = ENGLISH[key]!;
  const value = entry.count ? `{ ${pluralCategoriesOf(language).map((category) => `"${category}": "…"`).join(', ')} }` : '"…"';
  return `"${key}": ${value},   English: ${JSON.stringify(entry.plural ?? entry.message)}${entry.description ? ` (${entry.description})` : ''}`;
}

function report(language: string, problems: Problem[]): void {
  if (problems.length === 0) {
    console.log(`${language}: complete`);
    return;
  }
  console.log(`${language}: ${problems.length} to do`);
  for (const kind of Object.keys(LABELS) as Problem['kind'][]) {
    const of = problems.filter((problem) => problem.kind === kind);
    if (of.length === 0) continue;
    console.log(`  ${LABELS[kind]} (${of.length}):`);
    for (const problem of of) console.log(kind === 'missing' && language !== 'en' ? `    ${lineToAdd(language, problem.key)}` : `    ${problem.key}: ${problem.detail}`);
  }
}

const english = checkEnglish(ENGLISH);
console.log(`English source: ${Object.keys(ENGLISH).length} keys${english.length ? '' : ', sound'}`);
if (english.length) report('en', english);
let total = english.length;
for (const [language, translation] of Object.entries(TRANSLATIONS)) {
  const problems = checkTranslation(ENGLISH, translation, language);
  total += problems.length;
  report(language, problems);
}
if (total > 0) {
  console.log(
    [
      '',
      'To finish: English is public/_locales/en/messages.json; put each listed key into',
      'utils/platform/i18n/messages/<lang>.json in the shape shown (plural messages: one text per',
      'category named), with the same $1… placeholders as English, then run this again until every',
      'language is complete. The steps are at the top of scripts/i18n-check.ts.',
    ].join('\n'),
  );
}
process.exit(total > 0 ? 1 : 0);
