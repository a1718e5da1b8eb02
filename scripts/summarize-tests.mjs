// Sums vitest's and playwright's JSON reports into one closing line: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
// A leading "?" marks an optional report (the PostgreSQL run exists only where CI made it).
for (const arg of process.argv.slice(2)) {
  const optional = arg.startsWith('?');
  const file = optional ? arg.slice(1) : arg;
  if (!existsSync(file)) {
    if (!optional) missing.push(file);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if ('numPassedTests' in report) {
    // vitest (jest-compatible JSON)
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  } else if (report.stats) {
    // playwright
    passed += report.stats.expected + (report.stats.flaky ?? 0);
    failed += report.stats.unexpected;
    skipped += report.stats.skipped;
  }
}
for (const file of missing) console.log(`missing report: ${file} (that runner did not finish)`);
// A runner that crashed before reporting counts as a failure, never as a silent pass.
if (missing.length) failed += missing.length;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
