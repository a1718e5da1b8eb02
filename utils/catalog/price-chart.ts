/**
 * The card's price chart as data: the step line of the last 90 days as SVG path data in a fixed
 * viewBox (x = time, left to right, oldest first; y = price, higher prices nearer the top), the
 * out-of-stock spans as x ranges, and the low, high and current prices with their dates for the
 * accessible summary. Money and dates are formatted by the component (Intl), not here.
 * Right to left: the data is direction-agnostic; the component mirrors the drawing for RTL
 * (`transform: scaleX(-1)` on the plot) so time runs the way the reader reads.
 */
import { DAY_MS, decodeHistory, pointAt, type VariantHistory } from './history';
import { historyAsOf, type CurrentVariant } from './pricing';

export const CHART_DEFAULTS = { days: 90, width: 300, height: 80, padding: 4 } as const;

export interface ChartOptions {
  days?: number;
  width?: number;
  height?: number;
  /** Space kept above the highest and below the lowest price, in viewBox units. */
  padding?: number;
}

/** One horizontal piece of the step line: the price in effect over [from, to). */
export interface PriceStep {
  from: number;
  to: number;
  priceMinor: number;
  inStock: boolean;
}

export interface ChartMark {
  priceMinor: number;
  /** The latest time this price began within the chart (the chart's start when carried in). */
  at: number;
  /** Its height in the viewBox, for a guide line or label. */
  y: number;
}

export interface PriceChart {
  currency: string;
  /** The viewBox is `0 0 width height`. */
  width: number;
  height: number;
  /** Time at x = 0 (the later of 90 days ago and the first point) and at x = width (now). */
  start: number;
  end: number;
  /** "Data since" for the summary: the first point Postcart holds (may be before `start`). */
  dataSince: number;
  /** The step line, e.g. "M0 40H120V60H300". */
  path: string;
  /** Spans where the variant was out of stock, to shade or dash. */
  outOfStock: { x: number; width: number }[];
  steps: PriceStep[];
  low: ChartMark;
  high: ChartMark;
  current: { priceMinor: number; inStock: boolean };
}

/** Up to one decimal, no trailing zeros: short path data. */
function coordinate(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * The chart of a variant's price over the last `days` days up to `now`, the current catalog
 * state included; `stored` is `variantHistory(row, variant.id)`. Null when there is no span to
 * draw (first seen this very minute).
 */
export function priceChart(stored: VariantHistory | undefined, variant: Pick<CurrentVariant, 'priceMinor' | 'currency' | 'available'>, now: number, options: ChartOptions = {}): PriceChart | null {
  const { days, width, height, padding } = { ...CHART_DEFAULTS, ...options };
  const history = historyAsOf(stored && decodeHistory(stored), variant, now);
  const start = Math.max(history.since, now - days * DAY_MS);
  const end = now;
  if (end <= start) return null;

  const steps: PriceStep[] = [];
  let current = pointAt(history, start)!;
  let from = start;
  for (const point of history.points) {
    if (point.at <= start) continue;
    if (point.at > end) break;
    if (point.at > from) steps.push({ from, to: point.at, priceMinor: current.priceMinor, inStock: current.inStock });
    current = point;
    from = point.at;
  }
  // The last step may be empty (a price that changed this minute): it still is the current price.
  steps.push({ from, to: end, priceMinor: current.priceMinor, inStock: current.inStock });

  let low = steps[0]!;
  let high = steps[0]!;
  for (const step of steps) {
    if (step.priceMinor <= low.priceMinor) low = step;
    if (step.priceMinor >= high.priceMinor) high = step;
  }
  const span = end - start;
  const x = (time: number) => ((time - start) / span) * width;
  const range = high.priceMinor - low.priceMinor;
  const y = (price: number) => (range === 0 ? height / 2 : padding + ((high.priceMinor - price) / range) * (height - 2 * padding));

  let path = '';
  steps.forEach((step, i) => {
    const stepY = coordinate(y(step.priceMinor));
    path += i === 0 ? `M${coordinate(x(step.from))} ${stepY}` : `V${stepY}`;
    path += `H${coordinate(x(step.to))}`;
  });

  const outOfStock: PriceChart['outOfStock'] = [];
  for (const step of steps) {
    if (step.inStock) continue;
    const left = x(step.from);
    const previous = outOfStock[outOfStock.length - 1];
    // Neighbouring out-of-stock steps (a price change while out of stock) make one span.
    if (previous && Math.abs(previous.x + previous.width - Number(coordinate(left))) < 0.05) previous.width = Number(coordinate(x(step.to) - previous.x));
    else outOfStock.push({ x: Number(coordinate(left)), width: Number(coordinate(x(step.to) - left)) });
  }

  const last = steps[steps.length - 1]!;
  return {
    currency: history.currency,
    width,
    height,
    start,
    end,
    dataSince: history.since,
    path,
    outOfStock,
    steps,
    low: { priceMinor: low.priceMinor, at: low.from, y: Number(coordinate(y(low.priceMinor))) },
    high: { priceMinor: high.priceMinor, at: high.from, y: Number(coordinate(y(high.priceMinor))) },
    current: { priceMinor: last.priceMinor, inStock: last.inStock },
  };
}
