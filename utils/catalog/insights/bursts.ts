/**
 * Review bursts: a 72-hour window holding at least three times the median number of reviews per
 * week. The weekly rate is the median over every week from the first review to the last (empty
 * weeks count: a product reviewed twice a month has a median of 0 or 1). Guards for short and
 * sparse histories: the history must span at least four weeks, the median is taken as at least
 * one review a week, and a burst holds at least five reviews.
 */

export const BURST_WINDOW_MS = 72 * 3600_000;
export const BURST_FACTOR = 3;
export const MIN_BURST = 5;
export const MIN_HISTORY_DAYS = 28;
const WEEK_MS = 7 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface BurstWindow {
  start: string;
  end: string;
  count: number;
  reviewIds: string[];
}

export interface BurstResult {
  /** Null when the history is too short to have a typical week. */
  medianWeekly: number | null;
  historyDays: number;
  windows: BurstWindow[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Bursts among reviews with a readable date; overlapping 72-hour windows merge into one burst. */
export function reviewBursts(reviews: readonly { id: string; date: string }[]): BurstResult {
  const dated = reviews
    .map((r) => ({ id: r.id, at: Date.parse(r.date) }))
    .filter((r) => Number.isFinite(r.at))
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (dated.length === 0) return { medianWeekly: null, historyDays: 0, windows: [] };
  const first = dated[0]!.at;
  const last = dated[dated.length - 1]!.at;
  const historyDays = Math.round(((last - first) / DAY_MS) * 10) / 10;
  if (last - first < MIN_HISTORY_DAYS * DAY_MS) return { medianWeekly: null, historyDays, windows: [] };

  const weeks = new Array<number>(Math.floor((last - first) / WEEK_MS) + 1).fill(0);
  for (const r of dated) weeks[Math.floor((r.at - first) / WEEK_MS)]!++;
  const medianWeekly = median(weeks);
  const threshold = Math.max(MIN_BURST, BURST_FACTOR * Math.max(medianWeekly, 1));

  // Slide a 72-hour window starting at each review; mark the reviews of every window over the threshold.
  const inBurst = new Array<boolean>(dated.length).fill(false);
  for (let i = 0, j = 0; i < dated.length; i++) {
    while (j < dated.length && dated[j]!.at - dated[i]!.at < BURST_WINDOW_MS) j++;
    if (j - i >= threshold) for (let k = i; k < j; k++) inBurst[k] = true;
  }
  const windows: BurstWindow[] = [];
  for (let i = 0; i < dated.length; ) {
    if (!inBurst[i]) {
      i++;
      continue;
    }
    let j = i;
    // Marked reviews within 72 hours of each other belong to one burst; a longer gap starts another.
    while (j + 1 < dated.length && inBurst[j + 1] && dated[j + 1]!.at - dated[j]!.at < BURST_WINDOW_MS) j++;
    const members = dated.slice(i, j + 1);
    windows.push({
      start: new Date(members[0]!.at).toISOString(),
      end: new Date(members[members.length - 1]!.at).toISOString(),
      count: members.length,
      reviewIds: members.map((m) => m.id),
    });
    i = j + 1;
  }
  return { medianWeekly, historyDays, windows };
}
