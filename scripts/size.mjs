// What each source module costs a content script: minified bytes attributed through the build's
// source map, largest first. Usage: npm run size [site]  (builds with SOURCEMAP=1 into .output/sizes).
// The budget is 30 KB gzipped per site's script (README); gzip of the whole file is printed too.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { SourceMapConsumer } from 'source-map-js';

const site = process.argv[2] ?? 'facebook';
const out = '.output/sizes/chrome-mv3/content-scripts';
if (!process.env.SIZE_NO_BUILD) execSync('npx wxt build', { stdio: 'inherit', env: { ...process.env, SOURCEMAP: '1', WXT_OUT_DIR: '.output/sizes' } });
const code = readFileSync(path.join(out, `${site}.js`), 'utf8');
const map = new SourceMapConsumer(JSON.parse(readFileSync(path.join(out, `${site}.js.map`), 'utf8')));
const lines = code.split('\n');
const bytes = new Map();
let last = null;
map.eachMapping((m) => {
  if (last && last.line === m.generatedLine) {
    const size = m.generatedColumn - last.column;
    bytes.set(last.source, (bytes.get(last.source) ?? 0) + size);
  }
  last = { line: m.generatedLine, column: m.generatedColumn, source: m.source ?? '(none)' };
});
const byModule = [...bytes].sort((a, b) => b[1] - a[1]);
const short = (source) => source.replace(/^.*node_modules\//, 'npm:').replace(/^(\.\.\/)+/, '');
console.log(`${site}.js: ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzipped (${lines.length} lines)`);
for (const [source, size] of byModule.slice(0, 40)) console.log(`${String(size).padStart(7)}  ${short(source)}`);
