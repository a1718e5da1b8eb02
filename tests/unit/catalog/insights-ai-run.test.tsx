// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AiSummaryView } from '@/components/ai/AiSummaryView';
import { runAiSummary, startAiSummary, summarizerApi, type AiState, type SummarizerApi } from '@/utils/catalog/insights/ai-run';
import { summarizerOptions } from '@/utils/catalog/insights/schema';
import type { AiSummaryInput } from '@/utils/platform/messages';



const INPUT: AiSummaryInput = {
  productId: 'acme:1',
  title: 'Trail Jacket',
  language: 'en',
  text: '[R1] (5/5) Keeps the rain out.\n[R2] (2/5) Sleeves run short.',
  context: 'Customer reviews of one product…',
  options: summarizerOptions('en'),
  labels: { R1: 'rv-1', R2: 'rv-2' },
  reviews: [
    { id: 'rv-1', rating: 5, title: 'Dry', text: 'Keeps the rain out.', author: 'Dana', date: '2026-09-14', verified: true },
    { id: 'rv-2', rating: 2, title: 'Short sleeves', text: 'Sleeves run short.', author: 'Tom', date: '2026-07-30', verified: false },
  ],
};

/** A stand-in for Chrome's Summarizer: what it answers, and what it was asked. */
function fakeSummarizer(availability: string, paragraph: string, progress: number[] = []) {
  const created: unknown[] = [];
  const api: SummarizerApi = {
    availability: vi.fn(async () => availability),
    create: vi.fn(async (options) => {
      created.push(options);
      const monitor = new EventTarget();
      options.monitor?.(monitor);
      for (const loaded of progress) monitor.dispatchEvent(Object.assign(new Event('downloadprogress'), { loaded }));
      return { summarize: vi.fn(async () => paragraph), destroy: vi.fn() };
    }),
  };
  return { api, created };
}

function collect() {
  const states: AiState[] = [];
  return { states, onState: (state: AiState) => void states.push(state), last: () => states[states.length - 1] };
}

describe('the AI summary window', () => {
  it('says the summarizer is unavailable where the browser has none, or Chrome says so for the language', async () => {
    expect(summarizerApi({})).toBeNull();
    const none = collect();
    await startAiSummary(INPUT, null, none.onState);
    expect(none.last()).toEqual({ kind: 'unavailable' });
    const { api } = fakeSummarizer('unavailable', '');
    const refused = collect();
    await startAiSummary(INPUT, api, refused.onState);
    expect(refused.last()).toEqual({ kind: 'unavailable' });
    expect(api.availability).toHaveBeenCalledWith(INPUT.options);
    expect(api.create).not.toHaveBeenCalled();
  });

  it('says there is nothing to summarise for a product without reviews in a language it reads', async () => {
    const run = collect();
    await startAiSummary(null, fakeSummarizer('available', '').api, run.onState);
    expect(run.last()).toEqual({ kind: 'nothing' });
  });

  it('summarises at once when the model is on the device, and keeps a paragraph whose every sentence cites given reviews', async () => {
    const { api, created } = fakeSummarizer('available', 'Reviewers say it keeps the rain out [R1]. Some find the sleeves short. [R2]');
    const run = collect();
    await startAiSummary(INPUT, api, run.onState);
    expect(created).toEqual([expect.objectContaining({ ...INPUT.options })]);
    expect(run.last()).toEqual({
      kind: 'done',
      summary: {
        language: 'en',
        sentences: [
          { text: 'Reviewers say it keeps the rain out.', reviewIds: ['rv-1'] },
          { text: 'Some find the sleeves short.', reviewIds: ['rv-2'] },
        ],
      },
    });
  });

  it('rejects a paragraph with a sentence that cites nothing or a review that was not given', async () => {
    for (const paragraph of ['Great jacket overall. It keeps the rain out [R1].', 'It keeps the rain out [R1]. Zips break [R7].']) {
      const run = collect();
      await startAiSummary(INPUT, fakeSummarizer('available', paragraph).api, run.onState);
      expect(run.last(), paragraph).toEqual({ kind: 'rejected' });
    }
  });

  it('downloads nothing until the shopper clicks, then reports the download and summarises', async () => {
    const { api, created } = fakeSummarizer('downloadable', 'It keeps the rain out [R1].', [0, 0.5, 1]);
    const run = collect();
    await startAiSummary(INPUT, api, run.onState);
    expect(run.last()).toEqual({ kind: 'needs-download' });
    expect(created).toEqual([]);
    await runAiSummary(INPUT, api, run.onState);
    expect(run.states).toContainEqual({ kind: 'downloading', progress: 0.5 });
    expect(run.last()).toMatchObject({ kind: 'done' });
  });

  it('shows a failure of the model in words instead of a half-written paragraph', async () => {
    const api: SummarizerApi = { availability: async () => 'available', create: async () => Promise.reject(new DOMException('The device is busy', 'InvalidStateError')) };
    const run = collect();
    await startAiSummary(INPUT, api, run.onState);
    expect(run.last()).toEqual({ kind: 'failed', message: 'The device is busy' });
  });

  describe('its view', () => {
    let root: HTMLElement;
    beforeEach(() => {
      root = document.createElement('div');
      document.body.append(root);
    });
    afterEach(() => {
      render(null, root);
      root.remove();
    });

    it('labels the paragraph as AI, follows each sentence with the reviews it cites, and lists those reviews', () => {
      const state: AiState = { kind: 'done', summary: { language: 'en', sentences: [{ text: 'It keeps the rain out.', reviewIds: ['rv-1'] }, { text: 'Sleeves run short.', reviewIds: ['rv-2', 'rv-1'] }] } };
      render(<AiSummaryView input={INPUT} state={state} onStart={() => undefined} />, root);
      expect(root.textContent).toContain('AI summary, written on this device by Chrome');
      expect(root.querySelector('[data-testid="ai-paragraph"]')?.textContent).toBe('It keeps the rain out. (Reviews R1) Sleeves run short. (Reviews R2, R1) ');
      expect([...root.querySelectorAll('ol li')].map((li) => li.id)).toEqual(['review-R1', 'review-R2']);
    });

    it('asks for the click that downloads the model, saying so first', () => {
      const onStart = vi.fn();
      render(<AiSummaryView input={INPUT} state={{ kind: 'needs-download' }} onStart={onStart} />, root);
      expect(root.textContent).toContain('Chrome has to download its on-device model first');
      root.querySelector<HTMLButtonElement>('button')!.click();
      expect(onStart).toHaveBeenCalledOnce();
    });

    it('shows nothing of a rejected paragraph, only why', () => {
      render(<AiSummaryView input={INPUT} state={{ kind: 'rejected' }} onStart={() => undefined} />, root);
      expect(root.querySelector('[data-testid="ai-paragraph"]')).toBeNull();
      expect(root.textContent).toContain('so its summary is not shown');
    });
  });
});
