/**
 * The overlay benchmark's part of BENCHMARKS.md: what was measured, the goals of issue 19 with
 * their ratios from this run, and the feed model per site. Hand-written sections of the page (what
 * each change bought, the other benchmarks' sections) are kept as they are.
 */
import type { FeedResult, SameFrameResult } from './page';
import type { BenchSite } from './site';
import type { PhaseTrace } from './trace';

export type Mode = 'none' | 'floor' | 'ask' | 'postcart-before' | 'postcart' | 'postcart-links' | 'postcart-quiet' | 'postcart-seller';

export interface Result {
  site: string;
  mode: Mode;
  buttons: number;
  latencyP50: number | null;
  latencyP95: number | null;
  pacedP50: number | null;
  pacedP95: number | null;
  idle: PhaseTrace;
  paced: PhaseTrace | null;
  stress: PhaseTrace;
  scroll: PhaseTrace | null;
  feed: FeedResult | null;
  back: SameFrameResult | null;
  navigated: SameFrameResult | null;
  /** Posts content scripts asked the worker about during the stress phase (null: not counted). */
  postsAsked: number | null;
  /** IndexedDB requests of the worker during the stress phase. */
  dbRequests: number | null;
  taggedInStress: number;
  heapAt1000MB: number;
  heapAfterScrollMB: number | null;
}

export interface Settings {
  posts: number;
  scrollPosts: number;
  pacedPosts: number;
  feedPosts: number;
  batch: number;
  paceMs: number;
  tagEvery: number;
  scrollSpeed: number;
  load: { min: number; max: number; mean: number };
}

const LABEL: Record<Mode, string> = {
  none: 'none',
  floor: 'floor',
  ask: 'ask',
  'postcart-before': 'postcart before (baseline build)',
  postcart: 'postcart',
  'postcart-links': 'postcart, no dots',
  'postcart-quiet': 'postcart, no events',
  'postcart-seller': 'postcart, seller mode',
};

/** Headings this report writes; every other section of the page is kept. */
const OWN = ['Overlay', 'Overlay before and after', 'Overlay goals', 'Overlay feeds', 'Content scripts', 'Postcart against the floors'];

const fmt = (n: number | null | undefined, digits = 1) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));
const pct = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(0)} %` : '–');

export function report(input: {
  settings: Settings;
  results: Result[];
  sizes: Record<string, { bytes: number; gzip: number }>;
  sites: { platform: string; feed: BenchSite['feed'] }[];
  previous: string;
}): string {
  const { settings: s, results, sizes } = input;
  const per100 = (ms: number) => ms / (s.posts / 100);
  const lines = [
    '# Benchmarks',
    '',
    '## Overlay',
    '',
    `Overlay benchmark (\`npm run bench\`), ${new Date().toISOString().slice(0, 10)}, Debian Chromium headless on a 2-core machine shared with other work: load average ${fmt(s.load.min)} to ${fmt(s.load.max)} (mean ${fmt(s.load.mean)}) during the run.`,
    `Per site and set-up: 5 s idle on the empty feed; ${s.pacedPosts} posts in batches of ${s.batch} every ${s.paceMs} ms (paced); ${s.posts} posts in batches of ${s.batch} one per frame or so (stress); ${s.scrollPosts} more with the page keeping 50 (heap); then a feed of ${s.feedPosts} posts scrolled at ${s.scrollSpeed} px/s while it inserts posts ahead as the site does (scroll, see "Overlay feeds"), and the tagged posts of that feed inserted again as new elements (scrolled back to; after an SPA navigation away and back). Every ${s.tagEvery}th post carries a product. The variants of Postcart run the idle and stress phases only.`,
    '`none` = no extension, `floor` = a bare "querySelector + append a button" content script (tests/bench/floor-extension), `ask` = the same floor asking its worker about each batch first (which answers at once: the messaging floor), `postcart` = the build as a shopper has it (tagged posts with pins: buttons and dots; anonymous events on), `no dots` = posts that link to the product page instead of pinned tags, `no events` = anonymous events off, `seller mode` = seller mode on (a control on every post), `before` = the baseline build given by POSTCART_BASELINE (the branch point) as a shopper has it, run beside `postcart` in the same run.',
    'Main thread = thread time of the page\'s main thread (every task, the page\'s own work included) from a timeline trace of the phase: CPU time the thread ran, which the machine\'s load inflates far less than wall time. Script = the part of each task the extension\'s script took (the V8 sampling profiler\'s stacks in the same trace, DOM calls it made included). Long tasks = tasks over 50 ms of thread time; "script\'s" = those the extension\'s script made long (under 50 ms without its part). Latency = post inserted to its button in the next animation frame (wall time).',
    '',
    '| site | set-up | buttons | paced p50 / p95 ms | stress p50 / p95 ms | main thread ms / 100 posts | script ms / 100 posts | long tasks (script\'s) | heap 1k / 5k MB | idle ms / 5 s (tasks) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.site} | ${LABEL[r.mode]} | ${r.buttons} | ${fmt(r.pacedP50)} / ${fmt(r.pacedP95)} | ${fmt(r.latencyP50)} / ${fmt(r.latencyP95)} | ${fmt(per100(r.stress.threadMs))} | ${fmt(per100(r.stress.scriptMs))} | ${r.stress.longTasks} (${r.stress.scriptLongTasks}) | ${fmt(r.heapAt1000MB)} / ${fmt(r.heapAfterScrollMB)} | ${fmt(r.idle.threadMs)} (${r.idle.tasks}) |`,
    );
  }

  lines.push('', '## Overlay goals', '', 'Ratios from the run above (issue 19). Main thread: Postcart\'s added time (minus `none`) over the floor\'s added time. Idle: thread time over `none`\'s.', '');
  lines.push('| site | 1. tagged posts covered before they showed | worst case | 2. main thread / floor: postcart · no dots · no events · seller | 3. idle / none | 4. same frame: scrolled back · after navigation | 4. posts asked (tagged) in stress | worker DB requests in stress | 6. script\'s long tasks: paced · stress · scroll (longest script part ms) |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  const sites = [...new Set(results.map((r) => r.site))];
  for (const site of sites) {
    const get = (mode: Mode) => results.find((r) => r.site === site && r.mode === mode);
    const none = get('none');
    const floor = get('floor');
    const pc = get('postcart');
    if (!none || !floor || !pc) continue;
    const added = (r: Result | undefined) => (r ? (r.stress.threadMs - none.stress.threadMs) / Math.max(0.01, floor.stress.threadMs - none.stress.threadMs) : null);
    const seen = pc.feed?.seen ?? [];
    const covered = seen.filter((p) => p.covered).length;
    const worst = seen.filter((p) => !p.covered).sort((a, b) => (b.lateMs ?? Infinity) - (a.lateMs ?? Infinity))[0];
    const worstText = worst ? `${worst.lateMs === null ? 'no button' : `${worst.lateMs} ms late`} (inserted ${worst.aheadPx} px ahead)` : 'none missed';
    const floorSeen = floor.feed?.seen ?? [];
    const askSeen = get('ask')?.feed?.seen ?? [];
    const frame = (x: SameFrameResult | null) => (x ? `${x.inFrame}/${x.posts}` : '–');
    const long = (t: PhaseTrace | null) => (t ? String(t.scriptLongTasks) : '–');
    lines.push(
      `| ${site} | ${covered}/${seen.length} (${pct(covered, seen.length)}; floor ${pct(floorSeen.filter((p) => p.covered).length, floorSeen.length)}, ask ${pct(askSeen.filter((p) => p.covered).length, askSeen.length)}) | ${worstText} | ${[pc, get('postcart-links'), get('postcart-quiet'), get('postcart-seller')].map((r) => fmt(added(r), 2)).join(' · ')} | ${fmt(pc.idle.threadMs / Math.max(0.01, none.idle.threadMs), 2)} | ${frame(pc.back)} · ${frame(pc.navigated)} | ${pc.postsAsked ?? '–'} (${pc.taggedInStress}) | ${pc.dbRequests ?? '–'} | ${long(pc.paced)} · ${long(pc.stress)} · ${long(pc.scroll)} (${fmt(Math.max(pc.paced?.scriptLongestMs ?? 0, pc.stress.scriptLongestMs, pc.scroll?.scriptLongestMs ?? 0), 0)}) |`,
    );
  }

  const pairs = sites.map((site) => [results.find((r) => r.site === site && r.mode === 'postcart-before'), results.find((r) => r.site === site && r.mode === 'postcart'), results.find((r) => r.site === site && r.mode === 'none')] as const);
  if (pairs.some(([before, after]) => before && after)) {
    lines.push('', '## Overlay before and after', '', 'The same run: `postcart` over `before` (the baseline build). Added main thread = thread time minus `none`\'s. Below 1 is faster.', '');
    lines.push('| site | stress: added main thread ms after / before (ratio) | stress: script ms after / before (ratio) | paced p95 ms after / before | scroll: script ms after / before | idle ms after / before | posts asked in stress after / before | worker DB requests in stress after / before | scroll: tagged posts covered after / before |');
    lines.push('|---|---|---|---|---|---|---|---|---|');
    for (const [before, after, none] of pairs) {
      if (!before || !after) continue;
      const ratio = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || b === null || b === undefined ? '–' : fmt(a / Math.max(0.01, b), 2));
      const addedMs = (r: Result) => r.stress.threadMs - (none?.stress.threadMs ?? 0);
      const cov = (r: Result) => { const seen = r.feed?.seen ?? []; return `${seen.filter((p) => p.covered).length}/${seen.length}`; };
      lines.push(
        `| ${after.site} | ${fmt(addedMs(after), 0)} / ${fmt(addedMs(before), 0)} (${ratio(addedMs(after), addedMs(before))}) | ${fmt(after.stress.scriptMs, 0)} / ${fmt(before.stress.scriptMs, 0)} (${ratio(after.stress.scriptMs, before.stress.scriptMs)}) | ${fmt(after.pacedP95)} / ${fmt(before.pacedP95)} | ${fmt(after.scroll?.scriptMs, 0)} / ${fmt(before.scroll?.scriptMs, 0)} (${ratio(after.scroll?.scriptMs, before.scroll?.scriptMs)}) | ${fmt(after.idle.threadMs)} / ${fmt(before.idle.threadMs)} | ${after.postsAsked ?? '–'} / ${before.postsAsked ?? '–'} | ${after.dbRequests ?? '–'} / ${before.dbRequests ?? '–'} | ${cov(after)} / ${cov(before)} |`,
      );
    }
  }

  lines.push('', '## Overlay feeds', '', `How each site's feed brings posts in the scroll phase (tests/bench/sites/<site>.ts), and what the scroll measured: every tagged post of the feed, its distance ahead of the viewport when inserted, and whether its button was painted before the scroll could show any pixel of it.`, '');
  lines.push('| site | posts per insertion | inserted when less than this is left below the viewport | basis | frames (longest gap ms) | postcart: tagged posts inserted ahead p50 / min px |', '|---|---|---|---|---|---|');
  for (const { platform, feed } of input.sites) {
    const pc = results.find((r) => r.site === platform && r.mode === 'postcart');
    const ahead = (pc?.feed?.seen ?? []).map((p) => p.aheadPx).sort((a, b) => a - b);
    lines.push(`| ${platform} | ${feed.batch} | ${feed.aheadPx} px | ${feed.basis} | ${pc?.feed ? `${pc.feed.frames} (${pc.feed.longestFrameMs})` : '–'} | ${ahead.length ? `${ahead[Math.floor(ahead.length / 2)]} / ${ahead[0]}` : '–'} |`);
  }

  lines.push('', '## Content scripts', '', '| file | bytes | gzipped |', '|---|---|---|');
  for (const [file, size] of Object.entries(sizes)) lines.push(`| ${file} | ${size.bytes} | ${size.gzip} |`);

  // Everything else the page holds (hand-written sections, the other benchmarks') stays.
  const kept = input.previous
    .split(/^(?=## )/m)
    .slice(1)
    .filter((section) => !OWN.includes(section.split('\n')[0]!.replace(/^## /, '').replace(/\s*\(.*$/, '').trim()));
  return `${lines.join('\n')}\n${kept.length ? `\n${kept.join('').trimEnd()}\n` : ''}`;
}
