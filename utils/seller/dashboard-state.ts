/**
 * The seller dashboard on the options page: which connected source, which period, the figures the
 * background fetched, and the CSV export, behind an injected `send` (browser.runtime.sendMessage
 * on the page, a fake in tests). The page only subscribes and renders (components/SellerDashboard).
 */
import type { SourceView } from './model';
import { formatMoney, formatPercent } from '../platform/format';
import { parseDecimal } from '../platform/money';
import { reason, type Reason } from '../platform/errors';
import { messageOf, PageStore, type PageSend } from '../platform/page-store';
import { lastDays, periodProblem, statsToCsv, type Amount, type DailyFigures, type SellerStats } from './stats';

export type PeriodChoice = 7 | 30 | 90 | 'custom';
export const PERIOD_CHOICES: readonly PeriodChoice[] = [7, 30, 90, 'custom'];
const DEFAULT_DAYS = 30;
export const DEFAULT_CHOICE: PeriodChoice = DEFAULT_DAYS;

export interface Period {
  from: string;
  to: string;
}

export interface DashboardState {
  /** The connected source whose figures are shown; null when no source has a seller connection. */
  sourceId: string | null;
  choice: PeriodChoice;
  /** The period asked for (and shown once `stats` arrives). */
  period: Period;
  /** The custom period being typed, and why it cannot be used yet. */
  custom: Period;
  customError: Reason | null;
  stats: SellerStats | null;
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
    super({ sourceId: null, choice: DEFAULT_CHOICE, period, custom: period, customError: null, stats: null, loading: false, error: null }, options.send);
    this.now = now;
  }

  /** The page's list of sources changed: keep the chosen one if it is still connected. */
  setSources(sources: readonly SourceView[]): Promise<void> {
    const connected = sources.filter((source) => source.seller);
    const keep = connected.some((source) => source.id === this.state.sourceId);
    if (keep) return Promise.resolve();
    const next = connected[0]?.id ?? null;
    if (next === null) {
      this.generation++;
      this.update({ sourceId: null, stats: null, loading: false, error: null });
      return Promise.resolve();
    }
    this.update({ sourceId: next, stats: null });
    return this.load();
  }

  selectSource(sourceId: string): Promise<void> {
    if (sourceId === this.state.sourceId) return Promise.resolve();
    this.update({ sourceId, stats: null });
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
      if (generation === this.generation) this.update({ stats, loading: false });
    } catch (error) {
      if (generation === this.generation) this.update({ loading: false, error: messageOf(error) });
    }
  }

  /** The figures shown, as a CSV file to download; null before any arrived. */
  exportCsv(): CsvFile | null {
    const { stats } = this.state;
    if (!stats) return null;
    return { filename: `postcart-stats-${stats.merchantId}-${stats.from}-${stats.to}.csv`, mime: 'text/csv;charset=utf-8', text: statsToCsv(stats) };
  }
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
