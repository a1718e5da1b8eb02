// Lists, per language, the messages that still need work: keys English has and the language does
// not (new keys from other work), translations whose placeholders or plural forms do not match
// English, empty texts, and keys English no longer has. Usage: npm run i18n:check
// Exits 1 when anything is listed, so it can gate a merge; the build still ships (missing keys fall
// back to English, never to the key).
import { checkEnglish, checkTranslation, type Problem } from '../utils/platform/i18n/compile';
import { ENGLISH, TRANSLATIONS } from '../utils/platform/i18n/sources';

const LABELS: Record<Problem['kind'], string> = {
  missing: 'missing',
  placeholders: 'placeholders differ from English',
  'plural-forms': 'plural forms wrong',
  empty: 'empty',
  'unknown-key': 'not in English any more',
};

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
    for (const problem of of) console.log(`    ${problem.key}: ${problem.detail}`);
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
process.exit(total > 0 ? 1 : 0);
