/**
 * npm run feed:check -- --kind <postcart|shopify|merchant-feed|reviews-feed> [--currency <ISO>]
 *                       [--merchant <name>] [--json] <file-or-url>
 *
 * Parses a catalog file exactly as Postcart's sync does and prints what the cache would hold and
 * what it would skip, and why. With --json, one JSON object: { products, reviews, tags, skipped }.
 * Exit code 0 when the file reads as its kind (skipped records included), 1 when it does not, 2 for
 * a wrong command line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import enMessages from '../public/_locales/en/messages.json' with { type: 'json' };
import type { Reason } from '../utils/platform/errors';
import type { Fetcher } from '../utils/platform/http';
import { checkFeed } from '../utils/sync/feed-check';
import { countReasons } from '../utils/sync/records';
import { merchantIdFromName } from '../utils/sync/source-form';
import { SOURCE_KINDS, type SourceKind } from '../utils/sync/source';
import { UserError } from '../utils/platform/errors';

const messages: Record<string, { message: string }> = enMessages;
const english = (reason: Reason): string => (messages[reason.key]?.message ?? reason.key).replace(/\$(\d)/g, (_, n: string) => reason.args[Number(n) - 1] ?? '');

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run feed:check -- --kind <${SOURCE_KINDS.join('|')}> [--currency <ISO>] [--merchant <name>] [--json] <file-or-url>`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  options: { kind: { type: 'string' }, currency: { type: 'string' }, merchant: { type: 'string' }, json: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const kind = values.kind as SourceKind | undefined;
if (!kind || !SOURCE_KINDS.includes(kind)) usage('--kind is missing or unknown');
const target = positionals[0];
if (!target || positionals.length > 1) usage('name one file or address');
if (kind === 'shopify' && !values.currency) usage('a Shopify store needs --currency (products.json has none)');

const isUrl = /^https?:\/\//i.test(target);
// A file is served to the pullers under a made-up address (named after it, so messages name the
// file) as one page; an address goes to the network, page after page like sync.
const url = isUrl ? target : `https://${encodeURIComponent(path.basename(target).toLowerCase()).replace(/%/g, '')}/`;
const fetcher: Fetcher = isUrl ? (address, init) => fetch(address, init) : async () => new Response(await readFile(target, 'utf8'));
const merchantName = values.merchant ?? (isUrl ? new URL(target).host : path.basename(target, path.extname(target)));

try {
  const result = await checkFeed({ kind, url, fetch: fetcher, currency: values.currency, merchant: { id: merchantIdFromName(merchantName), name: merchantName }, maxPages: isUrl ? undefined : 1 });
  if (values.json) {
    const skipped = result.skipped.map((skip) => ({ reason: english(skip.reason), path: skip.path, id: skip.id, kind: skip.kind, key: skip.reason.key }));
    console.log(JSON.stringify({ products: result.products, reviews: result.reviews, tags: result.tags, skipped }, null, 2));
  } else {
    const variants = result.products.reduce((sum, product) => sum + product.variants.length, 0);
    console.log(`${target} read as ${kind}: ${result.pages} page(s), ${result.bytes} bytes`);
    console.log(`  products ${result.products.length} (variants ${variants}), reviews ${result.reviews.length}, tags ${result.tags.length}, skipped ${result.skipped.length}`);
    for (const note of result.notes) console.log(`  note: ${english(note)}`);
    for (const count of countReasons(result.skipped).sort((a, b) => b.count - a.count)) {
      const examples = result.skipped.filter((skip) => skip.kind === count.kind && skip.reason.key === count.reason.key && skip.path.replace(/(^|\.)\d+(?=\.|$)/g, '$1*') === count.path).slice(0, 3);
      const ids = examples.map((skip) => skip.id ?? `#${skip.index}`).join(', ');
      console.log(`  skipped ${count.count} ${count.kind}${count.path ? ` at ${count.path}` : ''}: ${english(count.reason)} (e.g. ${ids})`);
    }
  }
} catch (error) {
  console.error(error instanceof UserError ? `${target} does not read as ${kind}: ${english(error.reason)}` : error);
  process.exit(1);
}
