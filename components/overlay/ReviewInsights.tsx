import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import type { Finding, MessageArg } from '@/utils/catalog/insights/schema';
import type { CardInsights } from '@/utils/platform/messages';
import { formatDate, formatPercent } from '@/utils/platform/format';
import { t } from '@/utils/platform/i18n';

/** Whether Chrome's on-device Summarizer can run for the reviews' language (null: no button). */
export type AiOffer = 'available' | 'downloadable' | null;

/** Numbers stay numbers: t() writes them in the language's digits and picks the plural form by them. */
function argOf(arg: MessageArg): string | number {
  if (arg.type === 'percent') return formatPercent(arg.value);
  if (arg.type === 'date') return formatDate(arg.value);
  // A median such as 1.5 reviews a week keeps one decimal.
  return arg.type === 'number' ? Math.round(arg.value * 10) / 10 : arg.value;
}

/** A finding of the background in words of the UI language. */
export function findingText(finding: Finding): string {
  return t(finding.key, finding.args.map(argOf));
}

export interface ReviewInsightsProps {
  insights: CardInsights;
  ai: AiOffer;
  onAi: (event: MouseEvent) => void;
}

/**
 * What reviewers say (aspect chips, each opening two verbatim quotes), how far to trust it (each
 * signal a sentence, flagged ones first) and how it was made; all rendered as text.
 */
export function ReviewInsights({ insights, ai, onAi }: ReviewInsightsProps) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      {insights.chips.length > 0 && (
        <div class="chips">
          {insights.chips.map((chip) => {
            const id = `postcart-quotes-${chip.aspect}`;
            const expanded = open === chip.aspect;
            return (
              <Fragment key={chip.aspect}>
                <button type="button" class="aspect" aria-expanded={expanded} aria-controls={id} onClick={() => setOpen(expanded ? null : chip.aspect)}>
                  {t('insightChip', [t(`insightAspect_${chip.aspect}`), chip.mentions, insights.analysed, chip.positive])}
                </button>
                {expanded && (
                  <ul class="reviews quotes" id={id}>
                    {chip.quotes.map((quote) => (
                      <li key={quote.reviewId} data-polarity={quote.polarity}>
                        <q>{quote.text}</q>
                      </li>
                    ))}
                  </ul>
                )}
              </Fragment>
            );
          })}
        </div>
      )}
      <p class="muted">
        {findingText(insights.method)}
        {insights.otherLanguages && ` ${findingText(insights.otherLanguages)}`}
      </p>
      {ai && (
        <p>
          <button type="button" class="secondary" onClick={onAi}>
            {t('insightAiButton')}
          </button>
          {ai === 'downloadable' && <span class="muted"> {t('insightAiDownload')}</span>}
        </p>
      )}
      <h3 class="muted">{t('insightTrustHeading')}</h3>
      <ul class="trust">
        {insights.trust.map((signal) => (
          <li key={signal.signal} data-signal={signal.signal} data-flag={signal.flag ? '' : undefined}>
            {findingText(signal.finding)}
          </li>
        ))}
      </ul>
    </>
  );
}
