import type { AiState } from '@/utils/catalog/insights/ai-run';
import type { AiSummaryInput } from '@/utils/platform/messages';
import { formatDate, formatPercent } from '@/utils/platform/format';
import { t } from '@/utils/platform/i18n';

export interface AiSummaryViewProps {
  input: AiSummaryInput | null;
  state: AiState;
  /** The click that lets Chrome download its model and summarize. */
  onStart: () => void;
}

/**
 * The AI summary window: the paragraph labelled as AI, each sentence followed by the labels of the
 * reviews it cites, and those reviews below it, verbatim. Model output is rendered as text only.
 */
export function AiSummaryView({ input, state, onStart }: AiSummaryViewProps) {
  const labelOf = new Map(Object.entries(input?.labels ?? {}).map(([label, id]) => [id, label]));
  return (
    <main class="pc-panel">
      <h1>{input ? t('insightAiTitle', input.title) : t('insightAiButton')}</h1>
      <div role="status" class="pc-live">
        {state.kind === 'checking' && <p class="pc-loading">{t('popupLoading')}</p>}
        {state.kind === 'nothing' && <p>{t('insightAiNone')}</p>}
        {state.kind === 'unavailable' && <p>{t('insightAiUnavailable')}</p>}
        {state.kind === 'working' && <p>{t('insightAiWorking')}</p>}
        {state.kind === 'downloading' && <p>{t('insightAiProgress', state.progress === null ? '…' : formatPercent(state.progress))}</p>}
        {state.kind === 'rejected' && <p class="pc-alert pc-alert-error">{t('insightAiRejected')}</p>}
        {state.kind === 'failed' && <p class="pc-alert pc-alert-error">{t('insightAiFailed', state.message)}</p>}
      </div>
      {state.kind === 'downloading' && <progress max={1} value={state.progress ?? undefined} />}
      {state.kind === 'needs-download' && (
        <>
          <p>{t('insightAiDownloadNote')}</p>
          <button type="button" class="pc-button pc-primary" onClick={onStart}>
            {t('insightAiStart')}
          </button>
        </>
      )}
      {state.kind === 'done' && (
        <section aria-label={t('insightAiLabel')}>
          <p class="pc-muted">{t('insightAiLabel')}</p>
          <p lang={state.summary.language} data-testid="ai-paragraph">
            {state.summary.sentences.map((sentence, i) => (
              <span key={i}>
                {sentence.text}{' '}
                <span class="pc-muted">
                  ({t('insightAiCites', sentence.reviewIds.map((id) => labelOf.get(id) ?? id).join(', '))})
                </span>{' '}
              </span>
            ))}
          </p>
        </section>
      )}
      {input && (
        <ol>
          {input.reviews.map((review) => (
            <li key={review.id} id={`review-${labelOf.get(review.id) ?? review.id}`} lang={input.language}>
              <p>
                <strong>[{labelOf.get(review.id)}]</strong> {'★'.repeat(Math.round(review.rating))} {review.title}
              </p>
              <p>{review.text}</p>
              <p class="pc-muted">
                {review.author} · {formatDate(review.date)}
              </p>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
