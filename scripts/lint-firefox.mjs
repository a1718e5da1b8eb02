// Runs Mozilla's add-on linter (web-ext lint, what addons.mozilla.org runs on upload) on the
// Firefox build and prints one line per finding. Fails on any error, and on any warning that is
// not one of the known ones below, each recognised by the code it points at (not by file name,
// so our own code doing the same thing is still reported).
// Usage: node scripts/lint-firefox.mjs [build dir, default .output/firefox-mv3]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import webExt from 'web-ext';

const sourceDir = path.resolve(process.argv[2] ?? '.output/firefox-mv3');
if (!existsSync(path.join(sourceDir, 'manifest.json'))) {
  console.error(`No Firefox build at ${sourceDir}: run \`npm run build:firefox\` first`);
  process.exit(1);
}

/** Library code the linter flags although it is safe here; the reason is printed with it. */
const KNOWN = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    // Preact's renderer applying `dangerouslySetInnerHTML`, which Postcart never passes.
    pattern: /\w+\.innerHTML\s*=\s*\w+\.__html/,
    reason: "Preact's dangerouslySetInnerHTML branch (Postcart never uses dangerouslySetInnerHTML)",
  },
  {
    code: 'DANGEROUS_EVAL',
    // zod 4 probing whether eval is allowed (it is not under the extension CSP; zod then parses without it).
    pattern: /jitless[\s\S]{0,300}Function\(\s*(``|""|'')\s*\)/,
    reason: "zod's probe for eval (try { Function('') } catch), refused by the extension's CSP",
  },
];

/** The built code around a finding (minified or not: the window spans lines). */
function codeAt(message) {
  if (!message.file || !message.line) return '';
  const lines = readFileSync(path.join(sourceDir, message.file), 'utf8').split('\n');
  const offset = lines.slice(0, message.line - 1).reduce((sum, line) => sum + line.length + 1, 0) + (message.column ?? 0);
  return lines.join('\n').slice(Math.max(0, offset - 350), offset + 100);
}

const result = await webExt.cmd.lint({ sourceDir, output: 'none', boring: true }, { shouldExitProgram: false });
let known = 0;
let unexplained = 0;
for (const kind of ['errors', 'warnings', 'notices']) {
  for (const message of result[kind]) {
    const explained = kind === 'warnings' ? KNOWN.find((k) => k.code === message.code && k.pattern.test(codeAt(message))) : undefined;
    if (explained) known++;
    else if (kind !== 'notices') unexplained++;
    const where = message.file ? ` ${message.file}${message.line ? `:${message.line}` : ''}` : '';
    console.log(`${kind.slice(0, -1)} ${message.code}${where}: ${message.message}${explained ? ` (known: ${explained.reason})` : ''}`);
  }
}
const { errors, warnings, notices } = result.summary;
console.log(`web-ext lint: ${errors} errors, ${warnings} warnings (${known} known, ${unexplained - errors} new), ${notices} notices`);
process.exit(unexplained > 0 ? 1 : 0);
