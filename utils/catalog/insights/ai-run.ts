/**
 * Running Chrome's built-in Summarizer in the AI summary window (an extension page, see
 * catalog/ai-summary.ts for why there): ask whether the model can run for the reviews' language,
 * run it at once when it is on the device (the shopper's click on the card asked for it), and only
 * on a click in this window when Chrome must download it first (Chrome requires that click, and
 * nothing is downloaded without it). The paragraph is kept only when every sentence cites reviews
 * that were given (validateCitedSummary); otherwise nothing of it is shown.
 */
import type { AiSummaryInput } from '../../platform/messages';
import type { SummarizerOptions } from './schema';
import { validateCitedSummary, type CitedSummary } from './summarizer';

/** The parts of Chrome's `Summarizer` (Chrome 138+) this uses. */
export interface SummarizerApi {
  availability(options: SummarizerOptions): Promise<string>;
  create(options: SummarizerOptions & { monitor?: (monitor: EventTarget) => void }): Promise<{ summarize(text: string, options?: { context?: string }): Promise<string>; destroy?(): void }>;
}

export type AiState =
  | { kind: 'checking' }
  /** No review in a language the summarizer is asked about. */
  | { kind: 'nothing' }
  | { kind: 'unavailable' }
  /** The model must be downloaded first: a button, and a note saying so. */
  | { kind: 'needs-download' }
  /** Downloading (0..1 when Chrome reports it), then writing. */
  | { kind: 'downloading'; progress: number | null }
  | { kind: 'working' }
  | { kind: 'done'; summary: CitedSummary }
  | { kind: 'rejected' }
  | { kind: 'failed'; message: string };

/** The Summarizer of this window, when the browser has one. */
export function summarizerApi(scope: object = globalThis): SummarizerApi | null {
  const api = (scope as { Summarizer?: SummarizerApi }).Summarizer;
  return api && typeof api.availability === 'function' && typeof api.create === 'function' ? api : null;
}

/** What the window can offer for this input; runs the model at once when it is on the device. */
export async function startAiSummary(input: AiSummaryInput | null, api: SummarizerApi | null, onState: (state: AiState) => void): Promise<void> {
  if (!input) return onState({ kind: 'nothing' });
  if (!api) return onState({ kind: 'unavailable' });
  let availability: string;
  try {
    availability = await api.availability(input.options);
  } catch {
    availability = 'unavailable';
  }
  if (availability === 'available') return runAiSummary(input, api, onState);
  onState(availability === 'downloadable' || availability === 'downloading' ? { kind: 'needs-download' } : { kind: 'unavailable' });
}

/** Creates the summarizer (downloading the model if Chrome must: call this only from a click) and checks its citations. */
export async function runAiSummary(input: AiSummaryInput, api: SummarizerApi, onState: (state: AiState) => void): Promise<void> {
  onState({ kind: 'working' });
  try {
    const summarizer = await api.create({
      ...input.options,
      monitor: (monitor) =>
        monitor.addEventListener('downloadprogress', (event) => {
          const loaded = (event as Event & { loaded?: number }).loaded;
          onState(typeof loaded === 'number' && loaded < 1 ? { kind: 'downloading', progress: loaded } : { kind: 'working' });
        }),
    });
    const paragraph = await summarizer.summarize(input.text, { context: input.context });
    summarizer.destroy?.();
    const checked = validateCitedSummary(paragraph, { labels: input.labels, language: input.language });
    onState(checked.ok ? { kind: 'done', summary: checked.summary } : { kind: 'rejected' });
  } catch (error) {
    onState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}
