/**
 * The seller dashboard page (entrypoints/dashboard/): which connected source, which period, the
 * figures the background fetched, how the posts are sorted and labelled, and the CSV export,
 * behind an injected `send` (browser.runtime.sendMessage on the page, a fake in tests). The page
 * only subscribes and renders (components/options/SellerDashboard.tsx).
 */
import type { SourceView } from './model';
import { formatMoney, formatPercent } from '../platform/format';
import { parseDecimal } from '../platform/money';
import { reason, type Reason } from '../platform/errors';
import { messageOf, PageStore, type PageSend } from '../platform/page-store';
import { sourceName } from '../sync/source-name';
import { t } from '../platform/i18n';
import { PLATFORM_NAME_KEYS } from '../sites/names';
import { postLabel } from './post-label';
import { postKey } from './tags';
import { lastDays, periodProblem, statsToCsv, type Amount, type DailyFigures, type PostStats, type ProductStats, type SellerStats } from './stats';

export type PeriodChoice = 7 | 30 | 90 | 'custom';
export const PERIOD_CHOICES: readonly PeriodChoice[] = [7, 30, 90, 'custom'];
const DEFAULT_DAYS = 30;
export const DEFAULT_CHOICE: PeriodChoice = DEFAULT_DAYS;

export interface Period {
  from: string;
  to: string;
}

/** The table's sortable columns; the daily chart is not one. */
export const SORT_COLUMNS = ['post', 'platform', 'products', 'impressions', 'clicks', 'ctr', 'addToCarts', 'checkouts', 'conversionRate', 'averageOrderValue'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortDirection = 'ascending' | 'descending';
export interface Sort {
  column: SortColumn;
  direction: SortDirection;
}
/** As the server sends them: most impressions first. */
export const DEFAULT_SORT: Sort = { column: 'impressions', direction: 'descending' };
const TEXT_COLUMNS: ReadonlySet<SortColumn> = new Set(['post', 'platform', 'products']);

/** A connected source the dashboard can show, by name. */
export interface DashboardSource {
  id: string;
  name: string;
  /** The merchant the seller account belongs to. */
  merchantName?: string;
}

export interface DashboardState {
  /** Sources with a seller connection; null until the list was read (the page then knows whether to show the empty state). */
  sources: DashboardSource[] | null;
  /** The connected source whose figures are shown; null when no source has a seller connection. */
  sourceId: string | null;
  choice: PeriodChoice;
  /** The period asked for (and shown once `stats` arrives). */
  period: Period;
  /** The custom period being typed, and why it cannot be used yet. */
  custom: Period;
  customError: Reason | null;
  stats: SellerStats | null;
  /** When each post shown was first tagged here (ISO), by post key, for its label. */
  taggedAt: Record<string, string>;
  sort: Sort;
  loading: boolean;
  /** The background's reason for the last failure. */
  error: Reason | null;
}

export interface DashboardOptions {
  send: PageSend;
  now?: () => number;
}

export interface CsvFile {
  filename: string;
  mime: string;
  text: string;
}

const PROBLEM_KEYS = { 'bad-date': 'dashboardBadDate', reversed: 'dashboardReversed', 'too-long': 'dashboardTooLong' } as const;

export class DashboardController extends PageStore<DashboardState> {
  private readonly now: () => number;
  /** Answers to older requests are dropped: the seller may switch periods faster than the server answers. */
  private generation = 0;

  constructor(options: DashboardOptions) {
    const now = options.now ?? Date.now;
    const period = lastDays(DEFAULT_DAYS, now());
    super(
      { sources: null, sourceId: null, choice: DEFAULT_CHOICE, period, custom: period, customError: null, stats: null, taggedAt: {}, sort: DEFAULT_SORT, loading: false, error: null },
      options.send,
    );
    this.now = now;
  }

  /** Reads the sources (the dashboard page's first step) and shows the first connected one. */
  async loadSources(): Promise<void> {
    try {
      await this.setSources(await this.ask({ type: 'list-sources' }));
    } catch (error) {
      this.update({ sources: this.state.sources ?? [], error: messageOf(error) });
    }
  }

  /** The list of sources changed: keep the chosen one if it is still connected. */
  setSources(sources: readonly SourceView[]): Promise<void> {
    const connected = sources.filter((source) => source.seller);
    this.update({ sources: connected.map((source) => ({ id: source.id, name: sourceName(source), merchantName: source.seller?.merchantName })) });
    const keep = connected.some((source) => source.id === this.state.sourceId);
    if (keep) return Promise.resolve();
    const next = connected[0]?.id ?? null;
    if (next === null) {
      this.generation++;
      this.update({ sourceId: null, stats: null, taggedAt: {}, loading: false, error: null });
      return Promise.resolve();
    }
    this.update({ sourceId: next, stats: null, taggedAt: {} });
    return this.load();
  }

  selectSource(sourceId: string): Promise<void> {
    if (sourceId === this.state.sourceId) return Promise.resolve();
    this.update({ sourceId, stats: null, taggedAt: {} });
    return this.load();
  }

  /** A preset loads at once; "custom" opens the dates, starting from the period shown. */
  choose(choice: PeriodChoice): Promise<void> {
    if (choice === 'custom') {
      this.update({ choice, custom: this.state.period, customError: null });
      return Promise.resolve();
    }
    this.update({ choice, period: lastDays(choice, this.now()), customError: null });
    return this.load();
  }

  setCustom(field: keyof Period, value: string): void {
    this.update({ custom: { ...this.state.custom, [field]: value }, customError: null });
  }

  applyCustom(): Promise<void> {
    const { from, to } = this.state.custom;
    const problem = periodProblem(from, to);
    if (problem) {
      this.update({ customError: reason(PROBLEM_KEYS[problem]) });
      return Promise.resolve();
    }
    this.update({ period: { from, to }, customError: null });
    return this.load();
  }

  /** Asks the background (which asks the catalog server) for the figures of the chosen period. */
  async load(): Promise<void> {
    const { sourceId, period } = this.state;
    if (!sourceId) return;
    const generation = ++this.generation;
    this.update({ loading: true, error: null });
    try {
      const stats = await this.ask({ type: 'seller-stats', sourceId, from: period.from, to: period.to });
      if (generation !== this.generation) return;
      this.update({ stats, loading: false });
      // Labels only: without the dates the posts are still named by account and platform.
      const taggedAt = await this.ask({ type: 'post-tag-dates', posts: stats.posts.map(({ platform, postId }) => ({ platform, postId })) }).catch(() => ({}));
      if (generation === this.generation) this.update({ taggedAt });
    } catch (error) {
      if (generation === this.generation) this.update({ loading: false, error: messageOf(error) });
    }
  }

  /** Sorts by a column; again on the same column turns the order round. Numbers start with the most, text from A. */
  sortBy(column: SortColumn): void {
    const { sort } = this.state;
    const direction: SortDirection =
      sort.column === column ? (sort.direction === 'ascending' ? 'descending' : 'ascending') : TEXT_COLUMNS.has(column) ? 'ascending' : 'descending';
    this.update({ sort: { column, direction } });
  }

  /** The figures shown, as a CSV file to download; null before any arrived. */
  exportCsv(): CsvFile | null {
    const { stats } = this.state;
    if (!stats) return null;
    return { filename: `postcart-stats-${stats.merchantId}-${stats.from}-${stats.to}.csv`, mime: 'text/csv;charset=utf-8', text: statsToCsv(stats) };
  }
}

// ---------------------------------------------------------------- rows

/** One post as the table shows it. */
export interface PostRow {
  key: string;
  post: PostStats;
  /** "@acme · TikTok post · tagged Nov 20, 2026" (post-label.ts). */
  label: string;
  /** The products' figures in the post's order; undefined for one the answer did not describe. */
  products: (ProductStats | undefined)[];
  /** The first product's picture, standing in for the post's (which only its page has). */
  thumbnail: string | null;
}

/** The number a money column sorts by: the first currency's amount (amounts in other currencies are never added). */
function amountValue(amounts: readonly Amount[]): number {
  const first = amounts[0];
  return first ? Number(first.amount) : -1;
}

function sortValue(row: PostRow, column: SortColumn): string | number {
  const { post } = row;
  switch (column) {
    case 'post':
      return row.label;
    case 'platform':
      return t(PLATFORM_NAME_KEYS[post.platform]);
    case 'products':
      return row.products.map((product, i) => product?.title ?? post.productIds[i]).join(', ');
    case 'ctr':
    case 'conversionRate':
      // "–" (nothing to divide by) sorts below every rate.
      return post[column] ?? -1;
    case 'averageOrderValue':
      return amountValue(post.averageOrderValue);
    default:
      return post[column];
  }
}

/** The posts of the figures shown, labelled and sorted; equal values keep the server's order. */
export function dashboardRows(state: Pick<DashboardState, 'stats' | 'taggedAt' | 'sort'>, locale?: string): PostRow[] {
  const { stats, taggedAt, sort } = state;
  if (!stats) return [];
  const products = new Map(stats.products.map((product) => [product.productId, product]));
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: 'base' });
  const rows = stats.posts.map((post, index) => {
    const key = postKey(post);
    const own = post.productIds.map((id) => products.get(id));
    return { index, row: { key, post, label: postLabel({ ...post, taggedAt: taggedAt[key] ?? null }, locale), products: own, thumbnail: own.find((p) => p?.image)?.image ?? null } };
  });
  const factor = sort.direction === 'ascending' ? 1 : -1;
  rows.sort((a, b) => {
    const x = sortValue(a.row, sort.column);
    const y = sortValue(b.row, sort.column);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return order * factor || a.index - b.index;
  });
  return rows.map(({ row }) => row);
}

// ---------------------------------------------------------------- display helpers

/** 0.3125 -> "31.3%" (in the UI locale); null (nothing to divide by) -> null. */
export function formatRatio(value: number | null, locale?: string): string | null {
  if (value === null) return null;
  return formatPercent(value, locale);
}

/** Amounts in several currencies, each in its own format: "$129.00, 5,00 €". Never summed. */
export function formatAmounts(amounts: readonly Amount[], locale?: string): string {
  return amounts
    .map((amount) => {
      try {
        return formatMoney({ minor: parseDecimal(amount.amount, amount.currency), currency: amount.currency }, locale);
      } catch {
        return `${amount.amount} ${amount.currency}`;
      }
    })
    .join(', ');
}

export interface ChartGeometry {
  width: number;
  height: number;
  impressions: string;
  clicks: string;
}

/**
 * SVG polyline points for a post's daily impressions and clicks, on one scale (clicks are a part
 * of impressions, so the lines compare). A single day is drawn as a short flat line.
 */
export function chartGeometry(daily: readonly DailyFigures[], width = 120, height = 32): ChartGeometry {
  const pad = 2;
  const max = Math.max(1, ...daily.map((day) => Math.max(day.impressions, day.clicks)));
  const step = daily.length > 1 ? (width - 2 * pad) / (daily.length - 1) : 0;
  const points = (pick: (day: DailyFigures) => number) => {
    const list = daily.map((day, index) => [pad + index * step, height - pad - (pick(day) / max) * (height - 2 * pad)] as const);
    if (list.length === 1) list.push([width - pad, list[0]![1]]);
    return list.map(([x, y]) => `${round(x)},${round(y)}`).join(' ');
  };
  return { width, height, impressions: points((day) => day.impressions), clicks: points((day) => day.clicks) };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** The day with the most impressions (the first of equals), or null when there were none. */
export function busiestDay(daily: readonly DailyFigures[]): DailyFigures | null {
  let best: DailyFigures | null = null;
  for (const day of daily) if (day.impressions > 0 && (!best || day.impressions > best.impressions)) best = day;
  return best;
}
